import NubladaTUI
import Testing

/// Theme files, loaded from a path as `--theme PATH` loads them.
extension FuzzTests {
    @Test func themeFile() async throws {
        let file = ScratchFile("fuzz.theme")
        let loader = ThemeLoader(userThemeDirectory: nil)
        try await Self.expectClean(FuzzTarget(
            name: "theme",
            mutator: Mutator(seeds: FuzzSeeds.themes, syntax: .text,
                             words: ["name =", "text =", "selection =", "header =", "on", "default", "bold", "dim",
                                     "underline", "reverse", "italic", "#002b36", "# comment"],
                             maximumSize: 64 * 1024),
            iterations: 1000,
            parse: { input in
                file.write(input)
                return .of { _ = try loader.loadOrThrow(.file(path: file.path)) }
            }))
    }
}
