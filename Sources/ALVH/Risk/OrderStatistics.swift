/// Order statistics of a sample without sorting all of it: what the percentiles and the tail risk read.
///
/// Multiple quickselect (Hoare's FIND, 1961, extended to a set of ranks; three-way partition around a median-of-three
/// pivot so that ties do not degrade it) puts the value of every asked rank at its sorted position; a prefix of the
/// smallest values is then sorted in full. Ranks outside the asked set and the prefix are left in an unspecified
/// order. Cost: about `n log2(r + 1)` comparisons for `r` ranks, against `n log2 n` for a sort (1M values, 16 ranks:
/// about 4 times fewer); a sub-range that recurses more than `2 log2 n` times is sorted instead (introselect), so the
/// worst case stays `n log n`.
///
/// The values placed are exactly those of a full sort (the k-th smallest is one value of the sample, whatever the
/// algorithm), so every statistic read from them has the same bits as from the sorted sample;
/// `Tests/ALVHTests/TailRiskTests.swift` checks this against `sort()`.
struct OrderStatistics {
    /// A permutation of the sample with the guarantees above.
    private(set) var values: [Double]
    /// The length of the sorted prefix.
    let sortedPrefix: Int

    /// - Parameters:
    ///   - values: finite values in any order.
    ///   - ranks: 0-based ranks to place (any order, duplicates allowed, each in `0..<values.count`).
    ///   - sortedPrefix: how many of the smallest values to sort in full (`0...values.count`).
    init(_ values: [Double], ranks: [Int], sortedPrefix: Int) {
        let n = values.count
        precondition((0...n).contains(sortedPrefix) && ranks.allSatisfy { (0..<n).contains($0) }, "ranks inside the sample")
        self.values = values
        self.sortedPrefix = sortedPrefix
        var wanted = ranks
        if sortedPrefix > 0 { wanted.append(sortedPrefix - 1) }
        wanted = Array(Set(wanted)).sorted()
        guard n > 1 else { return }
        let depth = 2 * (Int.bitWidth - n.leadingZeroBitCount)
        self.values.withUnsafeMutableBufferPointer { a in
            Self.select(a, 0, n, wanted[...], depth)
            if sortedPrefix > 1 { a[0..<sortedPrefix].sort() }
        }
    }

    /// The value of 0-based rank `r`: valid for an asked rank or one inside the sorted prefix.
    subscript(rank r: Int) -> Double { values[r] }

    /// Places every rank of `ranks` (sorted, inside `lo..<hi`) in `a[lo..<hi]`.
    private static func select(_ a: UnsafeMutableBufferPointer<Double>, _ lo: Int, _ hi: Int, _ ranks: ArraySlice<Int>, _ depth: Int) {
        guard !ranks.isEmpty, hi - lo > 1 else { return }
        if hi - lo <= 24 || depth == 0 {
            a[lo..<hi].sort()
            return
        }
        // Median of three as the pivot value.
        let x = a[lo], y = a[lo + (hi - lo) / 2], z = a[hi - 1]
        let pivot = max(min(x, y), min(max(x, y), z))
        // Three-way partition (Dijkstra): a[lo..<lt] < pivot, a[lt..<gt] == pivot, a[gt..<hi] > pivot.
        var lt = lo, i = lo, gt = hi
        while i < gt {
            let v = a[i]
            if v < pivot {
                a.swapAt(lt, i)
                lt += 1
                i += 1
            } else if v > pivot {
                gt -= 1
                a.swapAt(i, gt)
            } else {
                i += 1
            }
        }
        let left = ranks.prefix { $0 < lt }
        let right = ranks.drop { $0 < gt }
        select(a, lo, lt, left, depth - 1)
        select(a, gt, hi, right, depth - 1)
    }
}
