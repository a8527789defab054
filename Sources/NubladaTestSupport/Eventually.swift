import Foundation

/// Polls until `condition` holds (generous deadline: this waits for an event, it times nothing).
/// Sleeps with `Task.sleep`, so no concurrency-pool thread is held meanwhile.
public func eventually(_ condition: () throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(20)
    while Date() < deadline {
        if try condition() { return true }
        try? await Task.sleep(nanoseconds: 50_000_000)
    }
    return try condition()
}
