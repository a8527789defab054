/// How many colours the terminal can show.
public enum ColorCapability: Hashable, Sendable {
    /// No colours (`NO_COLOR`, monochrome terminals): attributes only.
    case none
    /// The 8 basic ANSI colours.
    case basic8
    /// The xterm 256-colour palette (6×6×6 cube and 24 greys).
    case palette256

    /// The capability for a terminal reporting `colors` colours, honouring `NO_COLOR`.
    public static func detect(colors: Int, noColor: Bool) -> ColorCapability {
        if noColor || colors < 8 { return .none }
        return colors >= 256 ? .palette256 : .basic8
    }
}

/// Pure mapping of theme colours to terminal colour numbers.
public enum ColorMapping {
    /// A curses colour number: -1 is the terminal's default colour.
    public typealias ColorNumber = Int16

    static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

    /// The xterm palette entries 0–7 (what most terminals show for the basic colours).
    static let basicColors: [RGBColor] = [
        RGBColor(red: 0, green: 0, blue: 0), RGBColor(red: 205, green: 0, blue: 0),
        RGBColor(red: 0, green: 205, blue: 0), RGBColor(red: 205, green: 205, blue: 0),
        RGBColor(red: 0, green: 0, blue: 238), RGBColor(red: 205, green: 0, blue: 205),
        RGBColor(red: 0, green: 205, blue: 205), RGBColor(red: 229, green: 229, blue: 229),
    ]

    /// The nearest xterm-256 colour (16–255) to `color`: a cube colour or a grey.
    public static func xterm256(_ color: RGBColor) -> Int {
        let r = cubeStep(Int(color.red)), g = cubeStep(Int(color.green)), b = cubeStep(Int(color.blue))
        let cubeIndex = 16 + 36 * r + 6 * g + b
        let cubeColor = RGBColor(red: UInt8(cubeLevels[r]), green: UInt8(cubeLevels[g]), blue: UInt8(cubeLevels[b]))
        let average = (Int(color.red) + Int(color.green) + Int(color.blue)) / 3
        let greyStep = min(23, max(0, (average - 3) / 10))
        let greyLevel = UInt8(8 + 10 * greyStep)
        let greyColor = RGBColor(red: greyLevel, green: greyLevel, blue: greyLevel)
        return distance(color, greyColor) < distance(color, cubeColor) ? 232 + greyStep : cubeIndex
    }

    /// The RGB value of an xterm-256 colour from the cube or the grey ramp (16–255).
    public static func rgb(ofXterm256 index: Int) -> RGBColor {
        if index >= 232 {
            let level = UInt8(8 + 10 * (index - 232))
            return RGBColor(red: level, green: level, blue: level)
        }
        let cube = index - 16
        return RGBColor(red: UInt8(cubeLevels[cube / 36]), green: UInt8(cubeLevels[cube / 6 % 6]),
                        blue: UInt8(cubeLevels[cube % 6]))
    }

    /// The nearest of the 8 basic colours (0 black … 7 white).
    public static func basic8(_ color: RGBColor) -> Int {
        var best = 0
        var bestDistance = Int.max
        for (index, candidate) in basicColors.enumerated() {
            let d = distance(color, candidate)
            if d < bestDistance {
                best = index
                bestDistance = d
            }
        }
        return best
    }

    /// The colour number for `color` on a terminal with `capability` (-1 for the default).
    public static func number(for color: ThemeColor, capability: ColorCapability) -> ColorNumber {
        guard case .rgb(let rgb) = color else { return -1 }
        switch capability {
        case .none: return -1
        case .basic8: return ColorNumber(basic8(rgb))
        case .palette256: return ColorNumber(xterm256(rgb))
        }
    }

    /// The colour a terminal with `capability` shows for `color`: its palette entry's RGB
    /// value; nil for the terminal's default colour or a terminal without colours.
    public static func shown(_ color: ThemeColor, capability: ColorCapability) -> RGBColor? {
        guard case .rgb = color else { return nil }
        let index = Int(number(for: color, capability: capability))
        switch capability {
        case .none: return nil
        case .basic8: return basicColors[index]
        case .palette256: return rgb(ofXterm256: index)
        }
    }

    /// Foreground and background numbers for a style. When two different theme colours land
    /// on the same terminal colour (grey on black in 8 colours), the foreground becomes
    /// black or white, whichever contrasts with the background.
    public static func pair(for style: ResolvedStyle, capability: ColorCapability)
        -> (foreground: ColorNumber, background: ColorNumber)
    {
        let foreground = number(for: style.foreground, capability: capability)
        let background = number(for: style.background, capability: capability)
        guard foreground == background, foreground >= 0, style.foreground != style.background,
              case .rgb(let backgroundRGB) = style.background else { return (foreground, background) }
        let isDark = luminance(backgroundRGB) < 128
        switch capability {
        case .palette256: return (isDark ? 231 : 16, background)
        default: return (isDark ? 7 : 0, background)
        }
    }

    /// Perceived brightness, 0–255.
    static func luminance(_ color: RGBColor) -> Int {
        (299 * Int(color.red) + 587 * Int(color.green) + 114 * Int(color.blue)) / 1000
    }

    private static func cubeStep(_ value: Int) -> Int {
        if value < 48 { return 0 }
        if value < 115 { return 1 }
        return min(5, (value - 35) / 40)
    }

    /// The squared RGB distance of two colours.
    static func distance(_ a: RGBColor, _ b: RGBColor) -> Int {
        let dr = Int(a.red) - Int(b.red), dg = Int(a.green) - Int(b.green), db = Int(a.blue) - Int(b.blue)
        return dr * dr + dg * dg + db * db
    }
}
