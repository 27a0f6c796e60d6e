import Foundation

/// One stage of a run that `alvh bench` times on its own, with the unit its throughput is counted in.
///
/// Each stage runs the code the engine runs (the SIMD Philox fill, the block inverse normal, the path engine with
/// its summary observer, the table builder, the hedge books, the risk summary), not the scalar references.
public enum ThroughputStage: String, CaseIterable, Sendable {
    /// Philox4x32-10 words, eight paths per SIMD lane group (`PathRandomStream.fillStepWords`): 3 words per path-step.
    case randomNumbers = "random numbers"
    /// Standard normals from 32-bit words by the block AS 241 transform (`fillInverseStandardNormal`).
    case normals
    /// One-factor paths, full-truncation Euler, the summary observer.
    case eulerPaths = "euler paths"
    /// One-factor paths, Andersen's QE with the martingale correction.
    case qePaths = "qe paths"
    /// Two-factor paths, QE (needs a two-factor market).
    case twoFactorPaths = "two-factor paths"
    /// The adaptive layout's pricing tables (SPX, VIX futures and option surfaces), built in parallel; one item is
    /// the whole set.
    case tableBuild = "table build"
    /// The default layouts' static books on the same paths, as `compare` runs them: their tables, the paths, the
    /// daily observers and the horizon marks.
    case hedgeBooks = "hedge books"
    /// The adaptive layout's daily book as `compare` runs it: its tables (`tableBuild`), then marks, rules and rolls
    /// every day on every path.
    case adaptiveBook = "adaptive book"
    /// The risk summary of the hedge-book stage's outcomes (percentiles, VaR/ES, contributions per layout).
    case riskSummary = "risk summary"
    /// `alvh compare` on the default layouts: hedge books and risk summary together.
    case wholeCompare = "whole compare"

    /// What one item is.
    public var unit: String {
        switch self {
        case .randomNumbers: "32-bit words"
        case .normals: "normals"
        case .eulerPaths, .qePaths, .twoFactorPaths, .hedgeBooks, .adaptiveBook, .wholeCompare: "path-steps"
        case .tableBuild: "table sets"
        case .riskSummary: "path-layouts"
        }
    }
}

/// A stage's measured throughput at one thread count.
public struct ThroughputMeasurement: Sendable {
    public let stage: ThroughputStage
    public let threads: Int
    /// Items processed per round.
    public let items: Int
    /// Median wall time of the rounds, seconds.
    public let seconds: Double
    public var itemsPerSecond: Double { Double(items) / seconds }
    /// Throughput over the same stage's at the smallest thread count measured (1 when it is that one).
    public let speedUp: Double
    /// `speedUp` per thread, relative to the smallest thread count: `speedUp * threads0 / threads`.
    public let parallelEfficiency: Double
}
