import Foundation

/// Which theme to start with: a name looked up in the usual places, or a file.
public enum ThemeChoice: Hashable, Sendable {
    case named(String)
    case file(path: String)

    /// `--theme` text: a path when it contains `/` or ends in `.theme`, else a name.
    public init(argument: String) {
        if argument.contains("/") || argument.hasSuffix(".theme") {
            self = .file(path: argument)
        } else {
            self = .named(argument)
        }
    }

    public static let `default` = ThemeChoice.named("default")
}

/// A loaded theme and, when the wanted one could not be used, why.
public struct LoadedTheme: Sendable {
    public var theme: Theme
    /// Set when the default theme replaced the wanted one: `themes/foo.theme:7: unknown role 'cahced'`.
    public var problem: String?
}

/// Finds and parses themes: an explicit path, then `$XDG_CONFIG_HOME/nubladash/themes/NAME.theme`
/// (default `~/.config`), then the system's (`/usr/share/nubladash/themes`, where the Debian
/// package installs them for admins to copy and edit), then the shipped themes embedded in the
/// binary. Never fails: on any problem it returns the default theme and the problem.
public struct ThemeLoader: Sendable {
    /// Where the package installs the shipped themes.
    public static let systemThemeDirectory = "/usr/share/nubladash/themes"

    /// The user's theme directory, or nil when neither XDG_CONFIG_HOME nor HOME is set.
    public var userThemeDirectory: String?
    /// Searched after the user's: a theme installed for every user of the machine.
    public var systemThemeDirectory: String?

    public init(userThemeDirectory: String?, systemThemeDirectory: String? = ThemeLoader.systemThemeDirectory) {
        self.userThemeDirectory = userThemeDirectory
        self.systemThemeDirectory = systemThemeDirectory
    }

    /// A loader for this process's environment.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty {
            userThemeDirectory = config + "/nubladash/themes"
        } else if let home = environment["HOME"], !home.isEmpty {
            userThemeDirectory = home + "/.config/nubladash/themes"
        } else {
            userThemeDirectory = nil
        }
        systemThemeDirectory = ThemeLoader.systemThemeDirectory
    }

    /// Names of the shipped themes, in cycling order.
    public static var shippedNames: [String] { ShippedThemes.names }

    /// The shipped default theme.
    public static let defaultTheme: Theme = shipped("default")!

    /// A shipped theme by name.
    public static func shipped(_ name: String) -> Theme? {
        guard let text = ShippedThemes.texts[name] else { return nil }
        return try? ThemeParser.parse(text, file: "themes/\(name).theme", fallbackName: name)
    }

    public func load(_ choice: ThemeChoice) -> LoadedTheme {
        do {
            return LoadedTheme(theme: try loadOrThrow(choice), problem: nil)
        } catch {
            return LoadedTheme(theme: ThemeLoader.defaultTheme, problem: "\(error); using the default theme")
        }
    }

    /// The wanted theme, or the first problem finding or parsing it.
    public func loadOrThrow(_ choice: ThemeChoice) throws(ThemeError) -> Theme {
        switch choice {
        case .file(let path):
            return try parseFile(path)
        case .named(let name):
            for directory in [userThemeDirectory, systemThemeDirectory].compactMap({ $0 }) {
                let path = "\(directory)/\(name).theme"
                if FileManager.default.fileExists(atPath: path) { return try parseFile(path) }
            }
            guard let text = ShippedThemes.texts[name] else {
                let known = ShippedThemes.names.joined(separator: ", ")
                throw ThemeError(file: "\(name).theme", line: 0, message: "no such theme (shipped: \(known))")
            }
            return try ThemeParser.parse(text, file: "themes/\(name).theme", fallbackName: name)
        }
    }

    private func parseFile(_ path: String) throws(ThemeError) -> Theme {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ThemeError(file: path, line: 0, message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ThemeError(file: path, line: 0, message: "not UTF-8 text")
        }
        let base = (path as NSString).lastPathComponent
        let name = base.hasSuffix(".theme") ? String(base.dropLast(6)) : base
        return try ThemeParser.parse(text, file: path, fallbackName: name)
    }
}
