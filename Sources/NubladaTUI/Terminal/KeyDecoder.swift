@preconcurrency import CNcursesw

/// Turns `wget_wch` results into keys.
enum KeyDecoder {
    /// A function key (`KEY_CODE_YES`), or nil for resize/mouse which the caller handles.
    static func functionKey(_ code: Int32) -> Key {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME: return .home
        case KEY_END, KEY_LL: return .end
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_BTAB: return .backTab
        default: return .other(code)
        }
    }

    /// A character key: control codes become `.control`, Tab, Enter, Esc and Backspace.
    static func character(_ value: UInt32) -> Key {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(value + 96)!))
        default:
            guard let scalar = Unicode.Scalar(value), value >= 32 else { return .other(Int32(bitPattern: value)) }
            return .character(Character(scalar))
        }
    }
}
