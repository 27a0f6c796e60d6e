/// The layout of random draws: which Philox counter feeds which draw of which path and step.
///
/// Key = the run's 64-bit seed. Counter = `(block, step, path low 32 bits, path high 32 bits)`. For each path and
/// time step, block 0 gives four uniforms: lanes 0 and 1 drive `W_v` and `W_S` (`W_1`, `B_1` of the first factor),
/// lane 2 decides the Poisson jump count, lane 3 is spare. Block 1 serves a second variance factor: lanes 0 and 1
/// drive `W_2` and `B_2` (so a one-factor run's draws are a two-factor run's first-factor draws). Blocks `jumpBlockBase + j` give the uniforms of the `j`-th jump in that step. Since a
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

    /// The four words of block 1 (the second variance factor) for `path` at `step`.
    @inlinable @inline(__always)
    public func secondFactorBlock(path: Int, step: Int) -> (UInt32, UInt32, UInt32, UInt32) {
        let p = UInt64(truncatingIfNeeded: path)
        return generator.block(1, UInt32(truncatingIfNeeded: step),
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

    /// The first three words of `stepBlock(path:step:)` (or of `secondFactorBlock` with `counterBlock: 1`) for paths `firstPath ..< firstPath + count`, into three
    /// columns. Eight paths at a time with `SIMD8` lanes (the same Philox rounds as `Philox4x32.block`, tested equal
    /// to it); the columns must hold `count` rounded up to a multiple of 8 (`PathBlock` pads them). Kept out of line:
    /// it runs once per block and step, and inlined into a large caller its SIMD conversions stop being inlined.
    @inline(never)
    func fillStepWords(counterBlock: UInt32 = 0, firstPath: Int, count: Int, step: Int,
                       _ w0: UnsafeMutablePointer<UInt32>, _ w1: UnsafeMutablePointer<UInt32>,
                       _ w2: UnsafeMutablePointer<UInt32>) {
        typealias Words = SIMD8<UInt32>
        typealias Products = SIMD8<UInt64>
        let offsets = Words(0, 1, 2, 3, 4, 5, 6, 7)
        let stepWord = Words(repeating: UInt32(truncatingIfNeeded: step))
        var i = 0
        while i < count {
            // Paths in one chunk of 8 may straddle a 2^32 boundary: compute the high word per lane.
            let path = UInt64(truncatingIfNeeded: firstPath &+ i)
            let lowBase = UInt32(truncatingIfNeeded: path)
            let c2 = Words(repeating: lowBase) &+ offsets
            let carry = Words(repeating: 0).replacing(with: 1, where: c2 .< Words(repeating: lowBase))
            let c3 = Words(repeating: UInt32(truncatingIfNeeded: path >> 32)) &+ carry
            var x0 = Words(repeating: counterBlock), x1 = stepWord, x2 = c2, x3 = c3
            var k0 = generator.key0, k1 = generator.key1
            for round in 0..<10 {
                if round > 0 {
                    k0 &+= 0x9E37_79B9
                    k1 &+= 0xBB67_AE85
                }
                let p0 = Products(truncatingIfNeeded: x0) &* Products(repeating: 0xD251_1F53)
                let p1 = Products(truncatingIfNeeded: x2) &* Products(repeating: 0xCD9E_8D57)
                x0 = Words(truncatingIfNeeded: p1 &>> 32) ^ x1 ^ Words(repeating: k0)
                x1 = Words(truncatingIfNeeded: p1)
                x2 = Words(truncatingIfNeeded: p0 &>> 32) ^ x3 ^ Words(repeating: k1)
                x3 = Words(truncatingIfNeeded: p0)
            }
            UnsafeMutableRawPointer(w0 + i).storeBytes(of: x0, as: Words.self)
            UnsafeMutableRawPointer(w1 + i).storeBytes(of: x1, as: Words.self)
            UnsafeMutableRawPointer(w2 + i).storeBytes(of: x2, as: Words.self)
            i &+= 8
        }
    }
}
