/// The layout of random draws: which Philox counter feeds which draw of which path and step.
///
/// Key = the run's 64-bit seed. Counter = `(block, step, path low 32 bits, path high 32 bits)`. For each path and
/// time step, block 0 gives four uniforms: lanes 0 and 1 drive `W_v` and `W_S`, lane 2 decides the Poisson jump
/// count, lane 3 is spare. Blocks `jumpBlockBase + j` give the uniforms of the `j`-th jump in that step. Since a
/// draw depends only on (seed, path, step, block), every path is the same whatever the batch size, thread count or
/// machine count.
public struct PathRandomStream: Sendable {
    public let generator: Philox4x32

    /// First block index of the per-jump draws (far from the diffusion blocks).
    public static let jumpBlockBase: UInt32 = 0x8000_0000

    public init(seed: UInt64) { generator = Philox4x32(seed: seed) }

    /// The four diffusion/Poisson words for `path` at `step`.
    @inlinable @inline(__always)
    public func stepBlock(path: Int, step: Int) -> (UInt32, UInt32, UInt32, UInt32) {
        let p = UInt64(truncatingIfNeeded: path)
        return generator.block(0, UInt32(truncatingIfNeeded: step),
                               UInt32(truncatingIfNeeded: p), UInt32(truncatingIfNeeded: p >> 32))
    }

    /// The four words for the `jump`-th jump (0-based) of `path` at `step`.
    @inlinable @inline(__always)
    public func jumpBlock(path: Int, step: Int, jump: Int) -> (UInt32, UInt32, UInt32, UInt32) {
        let p = UInt64(truncatingIfNeeded: path)
        return generator.block(PathRandomStream.jumpBlockBase &+ UInt32(truncatingIfNeeded: jump),
                               UInt32(truncatingIfNeeded: step),
                               UInt32(truncatingIfNeeded: p), UInt32(truncatingIfNeeded: p >> 32))
    }
}
