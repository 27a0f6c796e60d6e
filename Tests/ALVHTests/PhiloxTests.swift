import Testing
@testable import ALVH

@Suite("Philox4x32-10")
struct PhiloxTests {
    /// Random123 tests/kat_vectors, the three "philox4x32 10" lines: counter (4 words), key (2 words), expected.
    static let knownAnswers: [([UInt32], [UInt32], [UInt32])] = [
        ([0, 0, 0, 0], [0, 0], [0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8]),
        ([0xffff_ffff, 0xffff_ffff, 0xffff_ffff, 0xffff_ffff], [0xffff_ffff, 0xffff_ffff],
         [0x408f_276d, 0x41c8_3b0e, 0xa20b_c7c6, 0x6d54_51fd]),
        ([0x243f_6a88, 0x85a3_08d3, 0x1319_8a2e, 0x0370_7344], [0xa409_3822, 0x299f_31d0],
         [0xd16c_fe09, 0x94fd_cceb, 0x5001_e420, 0x2412_6ea1]),
    ]

    @Test("Random123 known answers", arguments: 0..<3)
    func knownAnswer(_ index: Int) {
        let (c, k, expected) = PhiloxTests.knownAnswers[index]
        let out = Philox4x32(key0: k[0], key1: k[1]).block(c[0], c[1], c[2], c[3])
        #expect([out.0, out.1, out.2, out.3] == expected)
    }

    @Test("the seed is the key, low word first")
    func seedIsKey() {
        let g = Philox4x32(seed: 0x299f_31d0_a409_3822)
        #expect(g.key0 == 0xa409_3822 && g.key1 == 0x299f_31d0)
    }

    @Test("SIMD block fill equals the scalar generator: blocks 0 and 1, across the 2^32 path boundary, odd counts, a key whose Weyl bumps wrap",
          arguments: [(0, 1, 3), (5, 37, 0), (4_294_967_290, 19, 12), (1 << 40, 8, 99), (4_294_967_280, 33, 7)],
          [UInt64(0xDEAD_BEEF_1234), .max])
    func simdFillMatchesScalar(range: (first: Int, count: Int, step: Int), seed: UInt64) {
        let (first, count, step) = range
        let stream = PathRandomStream(seed: seed)
        let padded = (count + PathRandomStream.fillWidth - 1) / PathRandomStream.fillWidth * PathRandomStream.fillWidth
        for counterBlock: UInt32 in [0, 1] {
            var w0 = [UInt32](repeating: 0, count: padded), w1 = w0, w2 = w0
            w0.withUnsafeMutableBufferPointer { a in w1.withUnsafeMutableBufferPointer { b in w2.withUnsafeMutableBufferPointer { c in
                stream.fillStepWords(counterBlock: counterBlock, firstPath: first, count: count, step: step,
                                     a.baseAddress!, b.baseAddress!, c.baseAddress!)
            }}}
            for i in 0..<count {
                let w = counterBlock == 0 ? stream.stepBlock(path: first + i, step: step)
                    : stream.secondFactorBlock(path: first + i, step: step)
                #expect(w0[i] == w.0 && w1[i] == w.1 && w2[i] == w.2, "block \(counterBlock), path \(first + i)")
            }
        }
    }

    @Test("uniforms lie strictly inside (0, 1)")
    func openInterval() {
        #expect(openUnitInterval(0) == 0x1p-33)
        #expect(openUnitInterval(.max) == 1 - 0x1p-33)
        #expect(openUnitInterval(.max) < 1)
    }
}
