import Foundation
import NubladaClients
import NubladaProcess
import NubladaWork

/// Debian's Prometheus (`/usr/bin/prometheus`, installed by scripts/setup) on a loopback port of
/// its own, scraping what it is told every second, its storage in a scratch folder; killed,
/// reaped and its folder removed when stopped or released. Read through its HTTP API.
///
///     let prometheus = try await RealPrometheus(jobs: [.init(name: "nubladash", targets: ["127.0.0.1:PORT"])])
///     try await prometheus.waitForTarget(job: "nubladash", instance: "127.0.0.1:PORT")
///     let samples = try await prometheus.query("nubladash_up")
final class RealPrometheus {
    static let executable = "/usr/bin/prometheus"

    /// One scrape job: its name (`job` label) and the `host:port` targets it scrapes.
    struct Job: Sendable {
        var name: String
        var targets: [String]
        var metricsPath = "/metrics"
    }

    /// One element of an instant vector: its labels (`__name__` included when the series has
    /// one) and its value.
    struct Sample: Sendable, Equatable {
        var labels: [String: String]
        var value: Double
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let scratch = ScratchDirectory()
    let port: Int
    private let child: ChildProcess
    private let log = LineCollector()
    private let http = CurlHTTPClient()
    private let configFile: String

    /// `http://127.0.0.1:PORT`.
    var url: String { "http://127.0.0.1:\(port)" }
    /// `127.0.0.1:PORT`: the target (and `instance` label) of Prometheus's own `/metrics`.
    var selfTarget: String { "127.0.0.1:\(port)" }
    /// What Prometheus has logged so far (for failure messages).
    var logText: String { log.text }

    /// Starts Prometheus with `jobs` and `ruleFiles` (absolute paths), scraping and evaluating
    /// every second, and waits until it serves (60 s at most).
    init(jobs: [Job] = [], ruleFiles: [String] = []) async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.executable) else {
            throw Failure(description: "\(Self.executable) is missing: scripts/setup installs Debian's prometheus")
        }
        configFile = scratch.write("prometheus.yml", Self.configuration(jobs: jobs, ruleFiles: ruleFiles))
        // Prometheus binds port 0 itself and logs the port it got (`msg="Listening on"
        // address=127.0.0.1:PORT`): no port is chosen here, closed and then taken there, where
        // another process could take it between.
        child = try ChildProcess(Self.executable, [
            "--config.file=\(configFile)",
            "--storage.tsdb.path=\(scratch.path)/data",
            "--web.listen-address=127.0.0.1:0",
            "--log.level=info",
        ], environment: ["PATH": "/usr/bin:/bin", "HOME": scratch.path],
        standardOutput: .pipe, standardError: .standardOutput, newProcessGroup: true)
        let log = self.log
        let child = self.child
        log.collect(from: child, threadName: "prometheus-log")
        // Its listener and its readiness are logged by different goroutines, in either order.
        let ready = try await Executor.blocking.run {
            log.wait(forLineContaining: "msg=\"Server is ready to receive web requests.\"", timeout: 60)
                && log.wait(forLineContaining: "msg=\"Listening on\"", timeout: 10)
        }
        guard ready, let match = log.text.firstMatch(of: /msg="Listening on" address=127\.0\.0\.1:(\d+)/),
              let port = Int(match.1) else {
            child.signal(SIGKILL)
            child.waitForExit()
            throw Failure(description: "prometheus did not start:\n\(log.text.suffix(2000))")
        }
        self.port = port
    }

    deinit { stop() }

    /// Kills Prometheus (its storage is scratch: nothing to flush) and reaps it; later calls
    /// return the same answer.
    @discardableResult
    func stop() -> ChildProcess.Termination {
        child.signal(SIGKILL)
        return child.waitForExit()
    }

    /// Replaces the scrape jobs and rule files (those not given again are dropped) and has
    /// Prometheus reload them (SIGHUP); returns
    /// once it has loaded them, and throws what it said when it could not (30 s at most).
    func configure(jobs: [Job], ruleFiles: [String] = []) async throws {
        let completed = "msg=\"Completed loading of configuration file\""
        let failed = "msg=\"Error reloading config\""
        let text = log.text
        let loads = text.components(separatedBy: completed).count
        let failures = text.components(separatedBy: failed).count
        _ = scratch.write("prometheus.yml", Self.configuration(jobs: jobs, ruleFiles: ruleFiles))
        child.signal(SIGHUP)
        let log = self.log
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            // Short waits, so that a failed reload is reported when it is logged.
            if try await Executor.blocking.run({ log.wait(forLineContaining: completed, occurrence: loads, timeout: 0.5) }) {
                return
            }
            if log.text.components(separatedBy: failed).count > failures { break }
        }
        throw Failure(description: "prometheus did not load its new configuration:\n\(log.text.suffix(2000))")
    }

    /// The configuration file: every job scraped every second (timeout 1 s), rules evaluated
    /// every second.
    static func configuration(jobs: [Job], ruleFiles: [String]) -> String {
        func quoted(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var lines = [
            "global:",
            "  scrape_interval: 1s",
            "  scrape_timeout: 1s",
            "  evaluation_interval: 1s",
            "rule_files: [\(ruleFiles.map(quoted).joined(separator: ", "))]",
            "scrape_configs:",
        ]
        for job in jobs {
            lines += [
                "  - job_name: \(quoted(job.name))",
                "    metrics_path: \(quoted(job.metricsPath))",
                "    static_configs:",
                "      - targets: [\(job.targets.map(quoted).joined(separator: ", "))]",
            ]
        }
        if jobs.isEmpty { lines[lines.count - 1] = "scrape_configs: []" }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: The HTTP API

    /// The body of `GET /api/v1/PATH` (`path` with its query string, already encoded), on the
    /// blocking executor; throws on anything but 200, with what Prometheus said.
    func get(_ path: String) async throws -> Data {
        let http = self.http
        let url = "\(self.url)/api/v1/\(path)"
        let response = try await Executor.blocking.run {
            var request = HTTPRequest(url: url)
            request.timeout = 30
            return try http.send(request)
        }
        guard response.status == 200 else {
            throw Failure(description: "GET \(url): HTTP \(response.status) \(String(decoding: response.body.prefix(2000), as: UTF8.self))")
        }
        return response.body
    }

    /// The instant vector of `promql` now (`/api/v1/query`); throws when Prometheus refuses the
    /// query (with its error) or the result is not a vector.
    func query(_ promql: String) async throws -> [Sample] {
        // Everything but the unreserved characters encoded: PromQL is full of `{`, `"`, `=`, `+`.
        let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        guard let encoded = promql.addingPercentEncoding(withAllowedCharacters: unreserved) else {
            throw Failure(description: "query \(promql): cannot be encoded")
        }
        let body: Data
        do {
            body = try await get("query?query=\(encoded)")
        } catch let failure as Failure {
            throw Failure(description: "query \(promql): \(failure.description)")
        }
        let answer = try JSONDecoder().decode(QueryAnswer.self, from: body)
        guard answer.status == "success", let data = answer.data, data.resultType == "vector" else {
            throw Failure(description: "query \(promql): \(answer.error ?? "result type \(answer.data?.resultType ?? "none"), not vector")")
        }
        return data.result.map { Sample(labels: $0.metric, value: $0.value.number) }
    }

    /// Polls `promql` (every 250 ms, `timeout` seconds at most) until `accept` takes its
    /// samples, and returns them; throws with the last answer and the scrape targets' state.
    @discardableResult
    func waitFor(_ promql: String, timeout: Double = 60,
                 until accept: ([Sample]) -> Bool = { !$0.isEmpty }) async throws -> [Sample] {
        let deadline = Date().addingTimeInterval(timeout)
        var last: [Sample] = []
        while true {
            last = try await query(promql)
            if accept(last) { return last }
            guard Date() < deadline else { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        let targets = (try? await get("targets?state=active")).map { String(decoding: $0.prefix(4000), as: UTF8.self) } ?? "?"
        throw Failure(description: "\(promql) after \(Int(timeout)) s: \(last)\ntargets: \(targets)")
    }

    /// Waits until Prometheus has scraped `instance` of `job` successfully; returns that
    /// `up == 1` sample. (A later scrape may still fail on a loaded machine, its 1 s timeout
    /// passed: a test reads what it needs with `waitFor`, not one `query`.)
    @discardableResult
    func waitForTarget(job: String, instance: String, timeout: Double = 60) async throws -> Sample {
        let up = try await waitFor("up{job=\"\(job)\",instance=\"\(instance)\"} == 1", timeout: timeout)
        guard up.count == 1, let sample = up.first else {
            throw Failure(description: "\(up.count) targets \(instance) of job \(job): \(up)")
        }
        return sample
    }

    /// `{"status", "data": {"resultType", "result": [{"metric", "value": [time, "text"]}]}, "error"}`.
    private struct QueryAnswer: Decodable {
        struct Data: Decodable {
            var resultType: String
            var result: [Element]
        }
        struct Element: Decodable {
            var metric: [String: String]
            var value: Value
        }
        /// `[seconds, "number"]`: the number as Prometheus writes it (`NaN`, `+Inf` included).
        struct Value: Decodable {
            var number: Double
            init(from decoder: Decoder) throws {
                var pair = try decoder.unkeyedContainer()
                _ = try pair.decode(Double.self)
                let text = try pair.decode(String.self)
                guard let number = Double(text) else {
                    throw DecodingError.dataCorruptedError(in: pair, debugDescription: "not a number: \(text)")
                }
                self.number = number
            }
        }
        var status: String
        var data: Data?
        var error: String?
    }
}
