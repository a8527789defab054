import Foundation

/// The knobs of a fuzz run, from the environment so a longer or different run needs no edit:
/// NUBLADASH_FUZZ_SEED (any integer), NUBLADASH_FUZZ_ITERATIONS (inputs per target),
/// NUBLADASH_FUZZ_VERBOSE=1 (how the inputs ended, per target).
struct FuzzSettings {
    static let defaultSeed: UInt64 = 20_261_129

    let seed: UInt64
    let iterationsOverride: Int?
    /// Print how each target's inputs ended (NUBLADASH_FUZZ_VERBOSE=1).
    var verbose = false
    /// An input still running after this long is a hang.
    let hangSeconds: Double
    /// Resident memory above the run's starting point by more than this is a runaway allocation.
    let memoryHeadroomBytes: Int

    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> FuzzSettings {
        FuzzSettings(
            seed: environment["NUBLADASH_FUZZ_SEED"].flatMap { UInt64($0) } ?? defaultSeed,
            iterationsOverride: environment["NUBLADASH_FUZZ_ITERATIONS"].flatMap { Int($0) }.map { max(0, $0) },
            verbose: environment["NUBLADASH_FUZZ_VERBOSE"] == "1", hangSeconds: 60, memoryHeadroomBytes: 2 << 30)
    }

    /// The random source of one iteration of one target: any failure is replayed from the seed,
    /// the target's name and the iteration number alone.
    func random(target: String, iteration: Int) -> FuzzRandom {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a: stable across processes, unlike hashValue.
        for byte in target.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        var random = FuzzRandom(seed: seed ^ hash ^ (UInt64(iteration) &* 0x9E37_79B9_7F4A_7C15))
        _ = random.next()
        return random
    }
}
