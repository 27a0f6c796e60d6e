// swift-tools-version: 6.1
// Benchmarks of alvh (ordo-one/benchmark), kept in a nested package so the main package builds without them.
//   cd Benchmarks && swift package benchmark            (or: make benchmarks)
//   make benchmarks-check: a run against the committed p90 thresholds in Thresholds/ (tolerances: Support/Tolerances.swift)
//   make benchmarks-thresholds: record them again on this machine
import PackageDescription

let package = Package(
    name: "alvh-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "alvh", path: ".."),   // named: a path dependency is otherwise named after the checkout folder
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .target(
            name: "BenchmarkSupport",
            dependencies: [.product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/Support"
        ),
        .executableTarget(
            name: "PathEngine",
            dependencies: [
                .product(name: "ALVH", package: "alvh"),
                .product(name: "Benchmark", package: "benchmark"),
                "BenchmarkSupport",
            ],
            path: "Benchmarks/PathEngine",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "Pricing",
            dependencies: [
                .product(name: "ALVH", package: "alvh"),
                .product(name: "Benchmark", package: "benchmark"),
                "BenchmarkSupport",
            ],
            path: "Benchmarks/Pricing",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
