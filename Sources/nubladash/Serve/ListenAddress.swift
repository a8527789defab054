import ArgumentParser
import Foundation

/// `--listen host:port` (`[::1]:9464` for IPv6): where `serve` listens. Checked while the
/// command line is parsed, so a bad one is a usage error (exit 64); port 0 takes a free port.
struct ListenAddress: ExpressibleByArgument, Sendable, CustomStringConvertible {
    var host: String
    var port: Int

    static let standard = ListenAddress(host: "127.0.0.1", port: 9464)

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    init?(argument: String) {
        guard let parsed = try? Self.parse(argument) else { return nil }
        self = parsed
    }

    static func parse(_ text: String) throws -> ListenAddress {
        let host: Substring, port: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw ValidationError("--listen: expected [IPv6]:port, found '\(text.prefix(80))'")
            }
            host = text[text.index(after: text.startIndex)..<close]
            port = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else {
                throw ValidationError("--listen: expected host:port (or [IPv6]:port), found '\(text.prefix(80))'")
            }
            host = text[..<colon]
            port = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, host.allSatisfy({ $0.isLetter || $0.isNumber || ".-:%_".contains($0) }) else {
            throw ValidationError("--listen: bad host '\(host.prefix(80))'")
        }
        guard let number = Int(port), (0...65535).contains(number), port.allSatisfy(\.isASCII) else {
            throw ValidationError("--listen: the port must be a number from 0 to 65535, found '\(port.prefix(20))'")
        }
        return ListenAddress(host: String(host), port: number)
    }

    static func transform(_ text: String) throws -> ListenAddress { try parse(text) }

    var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
