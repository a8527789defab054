/// Keeps the selected row visible on every terminal. A theme's selection background can land
/// on the screen's own colour once mapped to the terminal's palette: on 8-colour terminals
/// (`TERM=xterm`, `screen`, `linux`) the default theme's dark grey becomes black, and the
/// `light` and `solarized-dark` backgrounds become their screen colour (in 256 colours too,
/// for solarized). The selection then falls back to reverse video of the text colours.
enum SelectionContrast {
    /// Colours nearer than this (RGB distance) are taken as the same.
    static let minimumDistance = 30

    /// `theme`, with a reverse-video selection when its own would not be visible.
    static func withVisibleSelection(_ theme: Theme, capability: ColorCapability) -> Theme {
        guard !isVisible(theme, capability: capability) else { return theme }
        var styles = theme.styles
        let text = styles[.text] ?? RoleStyle()
        let selection = styles[.selection] ?? RoleStyle()
        styles[.selection] = RoleStyle(foreground: text.foreground, background: text.background,
                                       attributes: selection.attributes.union(.reverse))
        return Theme(name: theme.name, styles: styles)
    }

    /// Whether the selection stands out from the screen: reverse video, or a background that
    /// the terminal shows in a colour clearly apart from the screen's.
    static func isVisible(_ theme: Theme, capability: ColorCapability) -> Bool {
        let selection = theme.resolvedStyle(.selection)
        if selection.attributes.contains(.reverse) { return true }
        guard let selected = ColorMapping.shown(selection.background, capability: capability) else { return false }
        let text = theme.resolvedStyle(.text)
        let screens = ColorMapping.shown(text.background, capability: capability).map { [$0] }
            ?? presumedScreens(textColour: text.foreground)
        let minimum = minimumDistance * minimumDistance
        return screens.allSatisfy { ColorMapping.distance(selected, $0) >= minimum }
    }

    /// The terminal's own background, which a theme leaving it `default` cannot know: dark
    /// behind light text, light behind dark text, either behind the terminal's own text colour.
    static func presumedScreens(textColour: ThemeColor) -> [RGBColor] {
        let black = RGBColor(red: 0, green: 0, blue: 0), white = RGBColor(red: 255, green: 255, blue: 255)
        guard case .rgb(let colour) = textColour else { return [black, white] }
        return ColorMapping.luminance(colour) >= 128 ? [black] : [white]
    }
}
