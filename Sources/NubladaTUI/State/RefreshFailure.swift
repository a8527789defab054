import Foundation
import NubladaEngine

/// Why a refresh failed: one line for the status line, and when.
public struct RefreshFailure: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    /// Seconds since the epoch.
    public var failedAt: Double
    /// Only one side failed (registry or Kubernetes): the other side's data is current.
    public var partial: Bool

    public init(message: String, failedAt: Double, partial: Bool = false) {
        self.message = RefreshFailure.oneLine(message)
        self.failedAt = failedAt
        self.partial = partial
    }

    /// A failure from any error, described on one line (no stack traces, at most
    /// `longestMessage` characters: the status line shows its start, `e` all of it).
    public init(_ error: any Error, failedAt: Double) {
        self.init(message: RefreshFailure.describe(error), failedAt: failedAt)
    }

    /// A `LocalizedError`'s description, an `NSError`'s localized description, or the error's
    /// own description.
    static func describe(_ error: any Error) -> String {
        if let localized = error as? LocalizedError, let text = localized.errorDescription { return text }
        if type(of: error) is NSError.Type { return (error as NSError).localizedDescription }
        return String(describing: error)
    }

    public var description: String { message }

    static func oneLine(_ text: String) -> String {
        let words = text.split(whereSeparator: { $0.isWhitespace || $0.isNewline })
        let line = words.joined(separator: " ")
        return line.isEmpty ? "unknown error" : line.truncated(toWidth: longestMessage)
    }

    static let longestMessage = 4000
}
