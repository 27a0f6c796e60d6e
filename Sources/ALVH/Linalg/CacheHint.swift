internal import CLinearAlgebra

/// Software prefetch (x86 `prefetcht0`, through the C shim's `alvh_prefetch`): asks the core to bring the cache line
/// holding `address` into its caches ahead of a read. A hint only: it never faults (an address outside the mapping
/// is ignored) and changes no result. The batch table look-ups use it to overlap the cache misses of a chunk's paths.
/// It lives here because `Linalg/` is the one folder that imports the C shim.
@inline(__always)
func prefetchForRead(_ address: UnsafeRawPointer) { alvh_prefetch(address) }
