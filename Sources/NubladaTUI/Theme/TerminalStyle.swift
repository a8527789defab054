/// How a terminal draws one role: colour numbers (-1 the terminal's default) and attributes.
public struct TerminalStyle: Hashable, Sendable {
    public var foreground: ColorMapping.ColorNumber
    public var background: ColorMapping.ColorNumber
    public var attributes: CellAttributes

    /// Every role of `theme` as a terminal with `capability` draws it: without colours only
    /// the attributes are kept, colours are mapped to the palette, and the selection always
    /// stays visible (`SelectionContrast`). The one place the backend gets its styles from.
    public static func all(for theme: Theme, capability: ColorCapability) -> [ThemeRole: TerminalStyle] {
        let coloured = capability == .none ? theme.withoutColours() : theme
        let effective = SelectionContrast.withVisibleSelection(coloured, capability: capability)
        var styles: [ThemeRole: TerminalStyle] = [:]
        for role in ThemeRole.allCases {
            let style = effective.resolvedStyle(role)
            let (foreground, background) = ColorMapping.pair(for: style, capability: capability)
            styles[role] = TerminalStyle(foreground: foreground, background: background, attributes: style.attributes)
        }
        return styles
    }
}
