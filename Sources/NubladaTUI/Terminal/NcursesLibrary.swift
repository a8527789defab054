import CNcursesw

/// The ncurses the process loaded, as it reports itself at run time: what
/// `nubladash --version` says.
public enum NcursesLibrary {
    public static var version: String { String(cString: curses_version()) }
}
