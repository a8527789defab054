/// How a theme draws one role: optional colours (nil inherits from the `text` role) and attributes.
public struct RoleStyle: Hashable, Sendable {
    public var foreground: ThemeColor?
    public var background: ThemeColor?
    public var attributes: CellAttributes

    public init(foreground: ThemeColor? = nil, background: ThemeColor? = nil, attributes: CellAttributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }
}
