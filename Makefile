# alvh: the two commands of the README are `make run` and `make test`; both install what is missing first.
SWIFT ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
# Release builds are tuned for the machine that builds them (Package.swift: `-target-cpu native` on x86-64, AVX2/AVX-512
# where present). Results do not depend on it: no fused multiply-add is generated, so every target gives the same bits.
# `ALVH_TARGET_CPU=haswell make build` builds for any AVX2 machine, `ALVH_TARGET_CPU=generic` for any x86-64.
# CPU_FLAGS: extra swift flags for every module (empty: the package's own settings decide).
CPU_FLAGS ?=
ALVH := .build/release/alvh

.PHONY: all bootstrap build run test bench benchmarks benchmarks-check benchmarks-thresholds portable clean

all: build

bootstrap:
	@scripts/bootstrap

# SwiftPM runs the BuildInfo plugin's prebuild command (the git commit in every provenance) only when it reloads the
# package (swiftlang/swift-package-manager#5476), so an incremental build kept the first build's commit; touching
# Package.swift makes it reload. The plugin rewrites BuildInfo.swift only when the commit changes: nothing recompiles
# otherwise.
REFRESH_BUILD_INFO := touch Package.swift

build: bootstrap
	@$(REFRESH_BUILD_INFO)
	$(SWIFT) build -c release $(CPU_FLAGS)

# The main job on the embedded defaults: unhedged vs single-vix-call vs ALVH 4/4/2 on the same paths.
run: build
	$(ALVH) compare

# Unit, statistical, oracle and CLI tests: release build with testing enabled (the statistical tests simulate
# millions of path-steps), in its own build folder so it does not fight `make build` over flags.
test: bootstrap
	@$(REFRESH_BUILD_INFO)
	$(SWIFT) test -c release -Xswiftc -enable-testing --disable-xctest --scratch-path .build-test

# Path engine throughput: Heston, Euler, 400k paths x 252 days on 1 thread and on all cores, beside the NumPy yardstick;
# then every stage of a run by thread count (`alvh bench`).
bench: build
	$(ALVH) paths --market configs/markets/heston.yaml --scheme euler --paths 400000 --days 252 --threads 1
	$(ALVH) paths --market configs/markets/heston.yaml --scheme euler --paths 400000 --days 252
	$(ALVH) paths --market configs/markets/heston.yaml --scheme qe --paths 400000 --days 252 --threads 1
	python3 scripts/bench_numpy.py --paths 400000 --days 252
	$(ALVH) bench

# ordo-one/benchmark suites (nested package).
benchmarks: bootstrap
	cd Benchmarks && $(SWIFT) package $(CPU_FLAGS) --allow-writing-to-package-directory benchmark

# The same suites against the committed p90 thresholds (Benchmarks/Thresholds/, recorded on the project's 2-core VM;
# tolerances in Benchmarks/Benchmarks/Support/Tolerances.swift). Not part of `make test`: timings are noisy, and
# thresholds recorded on one machine do not hold on another; record your own with `make benchmarks-thresholds`.
benchmarks-check: bootstrap
	cd Benchmarks && $(SWIFT) package $(CPU_FLAGS) benchmark thresholds check

benchmarks-thresholds: bootstrap
	cd Benchmarks && $(SWIFT) package $(CPU_FLAGS) --allow-writing-to-package-directory benchmark thresholds update

# A self-contained binary for another Linux x86-64 machine with AVX2 (static Swift runtime; OpenBLAS/LAPACKE
# shared libraries still needed there).
portable: bootstrap
	ALVH_TARGET_CPU=haswell $(SWIFT) build -c release --static-swift-stdlib --scratch-path .build-portable

clean:
	rm -rf .build .build-test .build-portable
