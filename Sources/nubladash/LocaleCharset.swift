import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension Locale {
    /// Whether the environment's locale (`LC_ALL`, `LC_CTYPE`, `LANG`) encodes text as UTF-8;
    /// when it does not, output is ASCII. Asked without changing this process's locale.
    static var isUTF8: Bool {
        guard let locale = newlocale(LC_CTYPE_MASK, "", nil) else { return false }
        defer { freelocale(locale) }
        guard let codeset = nl_langinfo_l(nl_item(CODESET), locale) else { return false }
        return String(cString: codeset).uppercased().replacingOccurrences(of: "-", with: "") == "UTF8"
    }
}
