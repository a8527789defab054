import Foundation
import NubladaEngine

extension RefreshFailure {
    /// A failure from an error the screens were handed untyped (a closure that threw what its
    /// caller did not classify), described on one line and of no side.
    public init(_ error: any Error, failedAt: Double) {
        if let failure = error as? RefreshFailure {
            self = failure
            return
        }
        self.init(message: RefreshFailure.describe(error), failedAt: failedAt)
    }

    /// A `LocalizedError`'s description, an `NSError`'s localized description, or the error's
    /// own description.
    static func describe(_ error: any Error) -> String {
        if let localized = error as? LocalizedError, let text = localized.errorDescription { return text }
        if type(of: error) is NSError.Type { return (error as NSError).localizedDescription }
        return String(describing: error)
    }
}
