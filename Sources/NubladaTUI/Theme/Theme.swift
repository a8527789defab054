/// A named set of role styles. Roles a theme does not mention draw like `text`.
public struct Theme: Hashable, Sendable {
    public var name: String
    public private(set) var styles: [ThemeRole: RoleStyle]

    public init(name: String, styles: [ThemeRole: RoleStyle]) {
        self.name = name
        self.styles = styles
    }

    /// The style of `role` with colours it leaves out taken from `text` (then the terminal default).
    public func resolvedStyle(_ role: ThemeRole) -> ResolvedStyle {
        let base = styles[.text] ?? RoleStyle()
        let style = styles[role] ?? RoleStyle()
        return ResolvedStyle(
            foreground: style.foreground ?? base.foreground ?? .terminalDefault,
            background: style.background ?? base.background ?? .terminalDefault,
            attributes: role == .text ? base.attributes : style.attributes)
    }

    /// This theme with every colour removed (for `NO_COLOR` and colourless terminals):
    /// attributes only, with reverse video where a role relied on a background colour.
    public func withoutColours() -> Theme {
        var plain: [ThemeRole: RoleStyle] = [:]
        for role in ThemeRole.allCases {
            let style = styles[role] ?? RoleStyle()
            var attributes = style.attributes
            if role != .text, case .rgb = style.background { attributes.insert(.reverse) }
            plain[role] = RoleStyle(attributes: attributes)
        }
        return Theme(name: name, styles: plain)
    }
}

/// A role's style with every colour decided.
public struct ResolvedStyle: Hashable, Sendable {
    public var foreground: ThemeColor
    public var background: ThemeColor
    public var attributes: CellAttributes
}
