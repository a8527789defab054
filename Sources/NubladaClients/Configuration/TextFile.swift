import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads a small UTF-8 text file (a configuration, a kubeconfig) and says exactly why when
/// it cannot: missing, a directory, no permission, not a regular file, too large, binary
/// data, or text in another encoding. "Cannot read the file" helps nobody.
enum TextFile {
    /// Configuration files are kilobytes; anything this large is the wrong file.
    static let maximumBytes = 16 << 20

    /// Why a file could not be read, as the end of an error line (`PATH: reason`).
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    static func read(_ path: String) throws(Problem) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw Problem(description: openProblem(errno: errno)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Problem(description: String(cString: strerror(errno))) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw Problem(description: "is a directory, not a file")
        default: throw Problem(description: "not a regular file")
        }
        guard info.st_size <= maximumBytes else {
            throw Problem(description: "too large for a configuration file (\(info.st_size) bytes; at most \(maximumBytes))")
        }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var count = 0
        while count < bytes.count {
            let got = bytes[count...].withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else { throw Problem(description: "cannot read it: \(String(cString: strerror(errno)))") }
            if got == 0 { break }
            count += got
        }
        return try text(bytes[..<count])
    }

    /// The message for a failed open(2).
    static func openProblem(errno code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file"
        case EACCES, EPERM: return "permission denied (check the file's mode and owner)"
        case ENOTDIR: return "no such file (a part of the path is not a folder)"
        case ELOOP: return "too many symbolic links"
        default: return "cannot open it: \(String(cString: strerror(code)))"
        }
    }

    /// The bytes as text: binary data and other encodings are named as such.
    static func text(_ bytes: ArraySlice<UInt8>) throws(Problem) -> String {
        if let text = String(validating: bytes, as: UTF8.self), !looksBinary(bytes, invalid: 0) { return text }
        var invalid = 0
        var firstInvalid: (byte: UInt8, line: Int)?
        var line = 1
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = bytes.startIndex
        decoding: while true {
            let start = offset
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset += String(scalar).utf8.count
                if scalar == "\n" { line += 1 }
            case .error:
                invalid += 1
                if firstInvalid == nil { firstInvalid = (bytes[start], line) }
                offset += 1
            case .emptyInput:
                break decoding
            }
        }
        if looksBinary(bytes, invalid: invalid) { throw Problem(description: "binary data, not a YAML text file") }
        let where_ = firstInvalid.map { String(format: " (byte 0x%02X on line %d)", $0.byte, $0.line) } ?? ""
        throw Problem(description: "not UTF-8 text\(where_); save it as UTF-8")
    }

    /// NUL or other control bytes (not tab, newline, carriage return), or many invalid sequences.
    private static func looksBinary(_ bytes: ArraySlice<UInt8>, invalid: Int) -> Bool {
        if bytes.contains(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) { return true }
        return invalid > max(8, bytes.count / 16)
    }
}
