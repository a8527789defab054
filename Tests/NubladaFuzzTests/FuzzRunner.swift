import Foundation
import NubladaProcess
import NubladaWork

/// Runs one target: first the input a crashed run left behind (kept as a regression case), then
/// every regression case, then the seeded random inputs. Returns one line per failing input.
/// The parsing runs on a thread of its own, never on the Swift concurrency pool, and one target
/// at a time: each is CPU-bound for seconds, and a dozen at once on a 2-core machine slowed every
/// other test of the run for a minute (stand-in watches hit their deadlines).
enum FuzzRunner {
    static let settings = FuzzSettings.fromEnvironment()
    private static let watchdog = FuzzWatchdog(settings: settings)
    private static let oneAtATime = DispatchSemaphore(value: 1)

    static func run(_ target: FuzzTarget) async throws -> [String] {
        try await Executor.blocking.run {
            oneAtATime.wait()
            defer { oneAtATime.signal() }
            return runHere(target)
        }
    }

    private static func runHere(_ target: FuzzTarget) -> [String] {
        let regressions = RegressionCases(target: target.name)
        let inFlight = InFlightInput(target: target.name)
        var failures: [String] = []

        if let input = inFlight.leftOver {
            let kept = regressions.keep(input, because: "a previous run died on it (crash, hang or memory)")
            failures.append(describe(input, "a previous run died on it", kept: kept, regressions))
        }
        for (index, input) in regressions.inputs.enumerated() {
            if let problem = check(target, input, label: "regression \(index)", inFlight).problem {
                failures.append("\(target.name) regression case \(index): \(problem)")
            }
        }
        let iterations = settings.iterationsOverride ?? target.iterations
        var tally = OutcomeTally()
        for iteration in 0..<iterations {
            var random = settings.random(target: target.name, iteration: iteration)
            let input = target.mutator.input(&random)
            let outcome = check(target, input, label: "iteration \(iteration)", inFlight)
            tally.add(outcome)
            if let problem = outcome.problem {
                let kept = regressions.keep(input, because: "seed \(settings.seed) iteration \(iteration): \(problem)")
                failures.append(describe(input, "seed \(settings.seed) iteration \(iteration): \(problem)",
                                         kept: kept, regressions))
            }
        }
        inFlight.clear()
        if settings.verbose { print("\(target.name): \(tally)") }
        return failures
    }

    private static func check(_ target: FuzzTarget, _ input: [UInt8], label: String, _ inFlight: InFlightInput)
        -> FuzzOutcome
    {
        inFlight.record(input)
        watchdog.begin(target: target.name, input: label)
        defer { watchdog.end() }
        return target.parse(input)
    }

    private static func describe(_ input: [UInt8], _ what: String, kept: Bool, _ regressions: RegressionCases) -> String {
        let size = "\(input.count)-byte input"
        if kept { return "\(size), \(what); kept in \(regressions.file.lastPathComponent)" }
        return "\(size), \(what); add to \(regressions.file.path): \(Data(input).base64EncodedString())"
    }
}

/// How a run's inputs ended, printed with NUBLADASH_FUZZ_VERBOSE=1 to see whether mutations get
/// past the first checks: values, errors, and the commonest errors (file names left out).
struct OutcomeTally: CustomStringConvertible {
    private var values = 0
    private var errors: [String: Int] = [:]

    mutating func add(_ outcome: FuzzOutcome) {
        switch outcome {
        case .value, .broken: values += 1
        case .error(let text):
            let kind = text.split(separator: " ").filter { !$0.contains("/") }.prefix(8).joined(separator: " ")
            errors[kind, default: 0] += 1
        }
    }

    var description: String {
        let common = errors.sorted { $0.value > $1.value }.prefix(12).map { "\n  \($0.value) × \($0.key)" }
        return "\(values) values, \(errors.values.reduce(0, +)) errors of \(errors.count) kinds" + common.joined()
    }
}
