// swift-tools-version:6.1
// nubladash: a terminal dashboard for the Nublado lab controller's images and prepuller.
import PackageDescription

let package = Package(
    name: "nubladash",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "nubladash", targets: ["nubladash"]),
        .executable(name: "nubladash-bench", targets: ["NubladashBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        // C libraries, bound through pkg-config.
        .systemLibrary(
            name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(
            name: "CNcursesw", path: "Sources/CNcursesw", pkgConfig: "ncursesw",
            providers: [.apt(["libncursesw5-dev"])]),

        // glibc's malloc tuning (mallopt), for the one-shot snapshot.
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),

        // Child processes: posix_spawn with close-on-exec pipes, and exits seen through a pidfd.
        .target(name: "CSpawn"),
        .target(name: "NubladaProcess", dependencies: ["CSpawn", "NubladaWork"]),

        // The image and prepull semantics of the Nublado controller: pure Swift, no I/O.
        .target(name: "NubladaEngine"),

        // The one way work runs off the calling thread: bounded executors of named threads, and
        // the thread the engine's two-core step is given.
        .target(name: "NubladaWork", dependencies: ["NubladaEngine"]),

        // Everything that talks to the outside: HTTP on libcurl, registry, Kubernetes,
        // credentials and configuration files.
        .target(
            name: "NubladaClients",
            dependencies: [
                "NubladaEngine", "NubladaProcess", "NubladaWork", "CCurl",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]),

        // The stand-in Artifact Registry, Docker registry and Kubernetes API (the demo, tests and
        // benchmarks serve from it); request filters are its one seam for failures.
        .target(
            name: "NubladaStandIn",
            dependencies: [
                "NubladaEngine",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),

        // The demo: a simulated world of images, nodes, pulls and labs, served in real time by a
        // stand-in (`nubladash --demo`, `nubladash demo-server`).
        .target(name: "NubladaDemo", dependencies: ["NubladaEngine", "NubladaStandIn"]),

        // Tests' and benchmarks' machinery the shipped binary does not link: the stand-in's
        // fault switches and records, its Google token service, silent listeners, and its TLS
        // (throwaway CAs, client certificates), so that the product builds no BoringSSL for it.
        .target(
            name: "NubladaTestSupport",
            dependencies: [
                "NubladaStandIn",
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]),

        // What `serve` exposes to Prometheus: each environment's last refresh as metrics, rendered
        // once per refresh and served from that cache.
        .target(name: "NubladaMetrics", dependencies: ["NubladaEngine"]),

        // The terminal dashboard: state, messages, cell-grid rendering, ncurses backend.
        .target(name: "NubladaTUI", dependencies: ["NubladaEngine", "NubladaProcess", "NubladaWork", "CNcursesw"]),

        // Writes the commit a build is made from into the executable (`nubladash --version`).
        .plugin(name: "RecordCommit", capability: .buildTool()),

        .executableTarget(
            name: "nubladash",
            dependencies: [
                "NubladaEngine", "NubladaClients", "NubladaProcess", "NubladaWork", "NubladaTUI", "NubladaStandIn", "NubladaDemo", "NubladaMetrics", "CMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The Swift runtime and Foundation linked in, only what is used: a start-up of a few
            // MiB and milliseconds instead of loading and relocating every shared library
            // (`--help` took 29 MiB, a 1-node snapshot 40 MiB and 0.08 s). No exported
            // symbol table (nothing loads plugins into it) and relative relocations packed (RELR):
            // the loader no longer reads 3 MB of relocations and 43,000 symbols at every start.
            linkerSettings: [.unsafeFlags(["-static-stdlib", "-use-ld=lld", "-Xlinker", "--no-export-dynamic", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-lCoreFoundation", "-l_FoundationICU", "-l_FoundationCShims", "-l_FoundationCollections", "-lFoundationEssentials", "-lFoundationInternationalization", "-lswiftSynchronization"], .when(platforms: [.linux]))],
            plugins: ["RecordCommit"]),
        .executableTarget(
            name: "NubladashBench",
            dependencies: ["NubladaEngine", "NubladaClients", "NubladaProcess", "NubladaWork", "NubladaStandIn", "NubladaTestSupport", "NubladaTUI", "NubladaMetrics"]),

        .testTarget(name: "NubladaEngineTests", dependencies: ["NubladaEngine"]),
        .testTarget(name: "NubladaWorkTests", dependencies: ["NubladaWork", "NubladaEngine"]),
        .testTarget(name: "NubladaMetricsTests", dependencies: ["NubladaMetrics", "NubladaEngine", "NubladaProcess"]),
        .testTarget(name: "NubladaProcessTests", dependencies: ["NubladaProcess"]),
        .testTarget(name: "NubladaClientsTests", dependencies: ["NubladaClients", "NubladaProcess", "NubladaWork", "NubladaStandIn", "NubladaDemo", "NubladaTestSupport"]),
        .testTarget(name: "NubladaTUITests", dependencies: ["NubladaTUI", "NubladaEngine", "NubladaTestSupport"], resources: [.copy("Golden")]),
        // NubladaClients for its HTTP client: the real Prometheus's API is read through it.
        .testTarget(name: "NubladashEndToEndTests", dependencies: ["NubladaStandIn", "NubladaTestSupport", "NubladaEngine", "NubladaProcess", "NubladaWork", "NubladaClients"]),
        .testTarget(name: "NubladaStandInTests", dependencies: ["NubladaStandIn", "NubladaDemo", "NubladaTestSupport", "NubladaProcess", "NubladaWork"]),
        // Seeded fuzzing of every parser of outside input (configuration, kubeconfig, themes, JSON).
        .testTarget(name: "NubladaFuzzTests", dependencies: ["NubladaClients", "NubladaTUI", "NubladaEngine", "NubladaProcess", "NubladaWork"]),
    ],
    swiftLanguageModes: [.v6]
)
