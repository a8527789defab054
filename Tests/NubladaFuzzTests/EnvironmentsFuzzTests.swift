@testable import NubladaClients
import Testing

/// The environments file (`--environments`), read as the command line reads it: a value
/// whose bad entries are each one clean line, or one clean line of error.
extension FuzzTests {
    static let environmentsWords = [
        "environments:", "- name:", "name:", "config:", "kubeconfig:", "context:", "registryEndpoint:", "refresh:",
        "phalanx:", "contexts:", "http://127.0.0.1:1", "5m", "86400", "0", "~/", "../", "values.yaml", "{}", "[]",
    ]

    @Test func environmentsFile() async throws {
        let file = ScratchFile("environments.yaml")
        try await Self.expectClean(FuzzTarget(
            name: "environments-file",
            mutator: Mutator(seeds: FuzzSeeds.own("environments-"), syntax: .yaml, words: Self.environmentsWords,
                             maximumSize: 64 * 1024),
            iterations: 600,
            parse: { input in
                file.write(input)
                do {
                    for problem in try EnvironmentsFile.load(path: file.path).problems {
                        if let why = FuzzOutcome.error(problem.description).problem { return .broken("a bad entry's line: \(why)") }
                    }
                    return .value
                } catch {
                    return .error("\(error)")
                }
            }))
    }
}
