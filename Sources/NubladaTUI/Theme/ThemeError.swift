import NubladaEngine

/// A problem in a theme file, located by file and line: `themes/foo.theme:7: unknown role 'cahced'`.
public struct ThemeError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based; 0 when the problem is not on one line (an unreadable file).
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        MessageText.oneLine(line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)")
    }
}
