// swift-tools-version: 6.1
import PackageDescription

// Release builds are tuned for the CPU that builds them: on x86-64 the `ALVH` target gets `-target-cpu native` (AVX2
// or AVX-512 where present), so a plain `swift build -c release` is as fast as `make build` (generic x86-64, SSE2,
// runs QE paths about 5x slower). Results are the same bits on every target (no fused multiply-add is generated).
// A binary for other machines: ALVH_TARGET_CPU=haswell (x86-64-v3, AVX2: Intel 2013, AMD 2015 on; what `make
// portable` uses) or ALVH_TARGET_CPU=generic (any x86-64). Any other value is passed on as the LLVM CPU name.
#if arch(x86_64)
let targetCPU = Context.environment["ALVH_TARGET_CPU"] ?? "native"
let fastPathFlags: [String] = targetCPU == "generic" ? [] : ["-target-cpu", targetCPU]
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
