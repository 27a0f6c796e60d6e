// swift-tools-version: 6.1
import PackageDescription

// A plain `swift build -c release` on x86-64 targets Haswell (x86-64-v3: AVX2, BMI2; Intel 2013 and AMD Excavator
// 2015 on), where the path kernels vectorise: generic x86-64 (SSE2) runs QE paths about 5x slower. `make build`
// adds `-target-cpu native` after it, which wins. Results are the same bits on every target (no fused multiply-add
// is generated). For an older CPU: ALVH_GENERIC_CPU=1 swift build -c release.
#if arch(x86_64)
let fastPathFlags: [String] = Context.environment["ALVH_GENERIC_CPU"] == nil ? ["-target-cpu", "haswell"] : []
#else
let fastPathFlags: [String] = []
#endif

let package = Package(
    name: "alvh",
    products: [
        .library(name: "ALVH", targets: ["ALVH"]),
        .executable(name: "alvh", targets: ["alvh"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
    ],
    targets: [
        // The only C in the project: cblas.h and lapacke.h from Debian's libopenblas-dev and liblapacke-dev.
        // Only Sources/ALVH/Linalg imports it.
        .systemLibrary(
            name: "CLinearAlgebra",
            path: "Sources/CLinearAlgebra",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev", "pkg-config"])]
        ),
        .target(
            name: "ALVH",
            dependencies: [
                "CLinearAlgebra",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Numerics", package: "swift-numerics"),
            ],
            // Swift's Double.squareRoot() is __builtin_sqrt in a C shim; with glibc's default math-errno clang emits
            // a libm call, which blocks loop vectorisation. Without errno it is one sqrtsd/sqrtpd instruction,
            // correctly rounded either way, so results are unchanged. alvh never reads errno.
            swiftSettings: [.unsafeFlags(["-Xcc", "-fno-math-errno"] + fastPathFlags)],
            // Records the git commit being built (BuildInfo.swift) for the provenance of every output.
            plugins: ["BuildInfo"]
        ),
        .plugin(name: "BuildInfo", capability: .buildTool()),
        .executableTarget(
            name: "alvh",
            dependencies: [
                "ALVH",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "ALVHTests", dependencies: ["ALVH", .product(name: "Numerics", package: "swift-numerics")]),
        .testTarget(name: "alvhCLITests", dependencies: ["ALVH"]),
    ]
)
