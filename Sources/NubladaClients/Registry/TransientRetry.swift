/// Sends a request again after transient answers (429, 5xx) and connection failures, with
/// the delays of a ``RetryPolicy``; what remains after the budget is the caller's to report.
struct TransientRetry: Sendable {
    var policy: RetryPolicy

    /// The first answer that is not transient, or the last one when the budget is spent;
    /// the last connection error when every attempt failed that way.
    func send(_ attempt: () throws -> HTTPResponse) throws -> HTTPResponse {
        let delays = policy.delays()
        var index = 0
        while true {
            do {
                let response = try attempt()
                if !RetryPolicy.isTransient(status: response.status) || index >= delays.count { return response }
            } catch let error as HTTPError where error.isTransient && index < delays.count {
                // Retried below.
            }
            policy.sleep(delays[index])
            index += 1
        }
    }
}
