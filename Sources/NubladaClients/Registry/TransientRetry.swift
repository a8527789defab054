/// Sends a request again after transient answers (429, 5xx) and connection failures, with
/// the delays of a ``RetryPolicy``, within the side's deadline: no retry starts when its delay
/// would pass the deadline. What remains then is the caller's to report.
struct TransientRetry: Sendable {
    var policy: RetryPolicy

    /// The first answer that is not transient, or the last one when the retries are spent;
    /// the last connection error when every attempt failed that way.
    func send(within deadline: Deadline, _ attempt: () throws -> HTTPResponse) throws -> HTTPResponse {
        let delays = policy.delays()
        var index = 0
        func mayRetry() -> Bool { index < delays.count && delays[index] < deadline.remaining }
        while true {
            do {
                let response = try attempt()
                if !RetryPolicy.isTransient(status: response.status) || !mayRetry() { return response }
            } catch let error as HTTPError where error.isTransient && mayRetry() {
                // Retried below.
            }
            policy.sleep(delays[index])
            index += 1
        }
    }
}
