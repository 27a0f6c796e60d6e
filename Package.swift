// swift-tools-version: 6.1
import PackageDescription

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
            swiftSettings: [.unsafeFlags(["-Xcc", "-fno-math-errno"])],
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
