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

    /// Paths per iteration of `fillStepWords`: its columns are written in whole multiples of this.
    static let fillWidth = 16

    /// The first three words of `stepBlock(path:step:)` (or of `secondFactorBlock` with `counterBlock: 1`) for paths
    /// `firstPath ..< firstPath + count`, into three columns; the columns must hold `count` rounded up to a multiple
    /// of `fillWidth` (`PathBlock` pads them).
    ///
    /// The same Philox rounds as `Philox4x32.block` (tested equal to it), arranged for the vector units: each 32-bit
    /// word sits in a 64-bit lane, so a round's `32 x 32 -> 64` products are single `vpmuludq`s (which read the lanes'
    /// low halves) with no widening or narrowing, and a round is two multiplies, two shifts and two three-way XORs
    /// per four paths. The upper halves of `x1`, `x3` (the products' low words) carry the products' high words; they
    /// reach only the upper halves of `x0`, `x2`, which the next multiply masks off, and the store truncates.
    /// Sixteen paths run as four independent groups of four lanes, which hides the multiply's latency.
    /// (Four-lane groups, not eight: Swift passes `SIMD8<UInt64>` values between its generic operators in 16-byte
    /// pieces, and LLVM then kept the rounds split into 128-bit shuffles: three times slower.)
    /// Kept out of line: it runs once per block and step.
    @inline(never)
    func fillStepWords(counterBlock: UInt32 = 0, firstPath: Int, count: Int, step: Int,
                       _ w0: UnsafeMutablePointer<UInt32>, _ w1: UnsafeMutablePointer<UInt32>,
                       _ w2: UnsafeMutablePointer<UInt32>) {
        typealias Lanes = SIMD4<UInt64>
        let low = Lanes(repeating: 0xFFFF_FFFF)
        let m0 = Lanes(repeating: UInt64(Philox4x32.multiplier0)), m1 = Lanes(repeating: UInt64(Philox4x32.multiplier1))
        let weyl0 = Lanes(repeating: UInt64(Philox4x32.weyl0)), weyl1 = Lanes(repeating: UInt64(Philox4x32.weyl1))
        let firstKey0 = Lanes(repeating: UInt64(generator.key0)), firstKey1 = Lanes(repeating: UInt64(generator.key1))
        let block = Lanes(repeating: UInt64(counterBlock))
        let stepWord = Lanes(repeating: UInt64(UInt32(truncatingIfNeeded: step)))
        // The counter of four consecutive 64-bit path numbers: words 2 and 3 are their low and high halves.
        @inline(__always) func counter(_ path: Lanes) -> PhiloxLanes {
            PhiloxLanes(x0: block, x1: stepWord, x2: path & low, x3: path &>> 32)
        }
        @inline(__always) func philoxRound(_ g: inout PhiloxLanes, _ key0: Lanes, _ key1: Lanes) {
            let p0 = (g.x0 & low) &* m0, p1 = (g.x2 & low) &* m1
            g.x0 = (p1 &>> 32) ^ g.x1 ^ key0
            g.x1 = p1
            g.x2 = (p0 &>> 32) ^ g.x3 ^ key1
            g.x3 = p0
        }
        var i = 0
        while i < count {
            let path = Lanes(repeating: UInt64(truncatingIfNeeded: firstPath &+ i)) &+ Lanes(0, 1, 2, 3)
            var a = counter(path), b = counter(path &+ 4), c = counter(path &+ 8), d = counter(path &+ 12)
            var key0 = firstKey0, key1 = firstKey1
            for round in 0..<10 {
                if round > 0 {
                    key0 = (key0 &+ weyl0) & low
                    key1 = (key1 &+ weyl1) & low
                }
                philoxRound(&a, key0, key1); philoxRound(&b, key0, key1)
                philoxRound(&c, key0, key1); philoxRound(&d, key0, key1)
            }
            PhiloxLanes.store(a.x0, b.x0, c.x0, d.x0, to: w0 + i)
            PhiloxLanes.store(a.x1, b.x1, c.x1, d.x1, to: w1 + i)
            PhiloxLanes.store(a.x2, b.x2, c.x2, d.x2, to: w2 + i)
            i &+= PathRandomStream.fillWidth
        }
    }
}

/// Four Philox counters in flight, one 32-bit word per 64-bit lane (`PathRandomStream.fillStepWords`).
struct PhiloxLanes {
    var x0: SIMD4<UInt64>, x1: SIMD4<UInt64>, x2: SIMD4<UInt64>, x3: SIMD4<UInt64>

    /// Stores the low 32 bits of sixteen lanes, `a` first, as sixteen consecutive words at `destination`.
    @inline(__always)
    static func store(_ a: SIMD4<UInt64>, _ b: SIMD4<UInt64>, _ c: SIMD4<UInt64>, _ d: SIMD4<UInt64>,
                      to destination: UnsafeMutablePointer<UInt32>) {
        let raw = UnsafeMutableRawPointer(destination)
        raw.storeBytes(of: SIMD4<UInt32>(truncatingIfNeeded: a), as: SIMD4<UInt32>.self)
        raw.storeBytes(of: SIMD4<UInt32>(truncatingIfNeeded: b), toByteOffset: 16, as: SIMD4<UInt32>.self)
        raw.storeBytes(of: SIMD4<UInt32>(truncatingIfNeeded: c), toByteOffset: 32, as: SIMD4<UInt32>.self)
        raw.storeBytes(of: SIMD4<UInt32>(truncatingIfNeeded: d), toByteOffset: 48, as: SIMD4<UInt32>.self)
    }
}
