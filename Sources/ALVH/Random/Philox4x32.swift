/// Philox4x32-10, the counter-based generator of Salmon, Moraes, Dror & Shaw, "Parallel random numbers: as easy as
/// 1, 2, 3" (SC '11), as in the Random123 library: a 128-bit counter and a 64-bit key give 128 random bits.
///
/// Each round multiplies two counter words by the constants `0xD2511F53` and `0xCD9E8D57` (full 64-bit product),
/// mixes high halves with the other words and the key, and swaps. The key is bumped by the Weyl constants
/// `0x9E3779B9`, `0xBB67AE85` before every round after the first. There is no state: the same (key, counter) always
/// gives the same block, which is what makes paths independent of batching and thread count. Tested against the
/// Random123 `kat_vectors` known answers.
public struct Philox4x32: Sendable, Hashable {
    public let key0: UInt32
    public let key1: UInt32

    /// The round multipliers (of counter words 0 and 2) and the Weyl key increments (of key words 0 and 1).
    @inlinable static var multiplier0: UInt32 { 0xD251_1F53 }
    @inlinable static var multiplier1: UInt32 { 0xCD9E_8D57 }
    @inlinable static var weyl0: UInt32 { 0x9E37_79B9 }
    @inlinable static var weyl1: UInt32 { 0xBB67_AE85 }

    public init(key0: UInt32, key1: UInt32) {
        self.key0 = key0
        self.key1 = key1
    }

    /// The key is the 64-bit seed, low word first.
    public init(seed: UInt64) {
        self.init(key0: UInt32(truncatingIfNeeded: seed), key1: UInt32(truncatingIfNeeded: seed >> 32))
    }

    /// The 4 x 32 random bits for counter `(c0, c1, c2, c3)`.
    @inlinable @inline(__always)
    public func block(_ c0: UInt32, _ c1: UInt32, _ c2: UInt32, _ c3: UInt32) -> (UInt32, UInt32, UInt32, UInt32) {
        var x0 = c0, x1 = c1, x2 = c2, x3 = c3
        var k0 = key0, k1 = key1
        for round in 0..<10 {
            if round > 0 {
                k0 &+= Philox4x32.weyl0
                k1 &+= Philox4x32.weyl1
            }
            let p0 = UInt64(Philox4x32.multiplier0) &* UInt64(x0)
            let p1 = UInt64(Philox4x32.multiplier1) &* UInt64(x2)
            let hi0 = UInt32(truncatingIfNeeded: p0 >> 32), lo0 = UInt32(truncatingIfNeeded: p0)
            let hi1 = UInt32(truncatingIfNeeded: p1 >> 32), lo1 = UInt32(truncatingIfNeeded: p1)
            x0 = hi1 ^ x1 ^ k0
            x1 = lo1
            x2 = hi0 ^ x3 ^ k1
            x3 = lo0
        }
        return (x0, x1, x2, x3)
    }
}
