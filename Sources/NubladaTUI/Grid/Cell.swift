/// Display attributes a cell adds to its role's theme style.
public struct CellAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = CellAttributes(rawValue: 1 << 0)
    public static let dim = CellAttributes(rawValue: 1 << 1)
    public static let underline = CellAttributes(rawValue: 1 << 2)
    public static let reverse = CellAttributes(rawValue: 1 << 3)
    public static let italic = CellAttributes(rawValue: 1 << 4)
}

/// One screen cell: a grapheme, its semantic role (the theme gives it colours) and attributes.
///
/// A wide grapheme fills two cells: the first holds it (`width` 2), the second is a tail
/// (`width` 0) that painters skip.
public struct Cell: Hashable, Sendable {
    public var glyph: Character
    public var role: ThemeRole
    public var attributes: CellAttributes
    /// Columns the glyph takes: 1, 2, or 0 for the tail of a wide glyph.
    public var width: UInt8

    public init(glyph: Character = " ", role: ThemeRole = .text, attributes: CellAttributes = [], width: UInt8 = 1) {
        self.glyph = glyph
        self.role = role
        self.attributes = attributes
        self.width = width
    }

    public static let blank = Cell()

    public var isWideTail: Bool { width == 0 }
}
