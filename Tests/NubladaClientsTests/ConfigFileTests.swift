import Foundation
import Testing
@testable import NubladaClients

/// Every YAML file nubladash reads: why it could not be read, and documents that would
/// expand without bound.
@Suite("Configuration files")
struct ConfigFileTests {
    func message(_ path: String) -> String {
        do {
            _ = try ControllerConfiguration.load(path: path)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test("four causes, four messages: Latin-1, binary, a directory, a FIFO") func unreadable() throws {
        let scratch = ScratchDirectory()
        let latin1 = "\(scratch.path)/latin1.yaml"
        _ = FileManager.default.createFile(atPath: latin1, contents: Data("images:\n  source: {type: google}\n# caf".utf8) + Data([0xE9]) + Data("\n".utf8))
        #expect(message(latin1) == "\(latin1): not UTF-8 text (byte 0xE9 on line 3); save it as UTF-8")
        let binary = "\(scratch.path)/binary.yaml"
        var generator = SystemRandomNumberGenerator()
        _ = FileManager.default.createFile(atPath: binary, contents: Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }))
        #expect(message(binary) == "\(binary): binary data, not a YAML text file")
        #expect(message(scratch.path) == "\(scratch.path): is a directory, not a file")
        let fifo = "\(scratch.path)/fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(message(fifo) == "\(fifo): not a regular file")
        #expect(message("\(scratch.path)/missing.yaml") == "\(scratch.path)/missing.yaml: no such file")
    }

    /// The tests run as root, for whom mode bits do not deny reading; the message for the errno
    /// open(2) gives a user without permission is checked directly.
    @Test("no permission is said as such") func permission() {
        #expect(TextFile.openProblem(errno: EACCES) == "permission denied (check the file's mode and owner)")
        #expect(TextFile.openProblem(errno: EPERM) == "permission denied (check the file's mode and owner)")
    }

    @Test("an alias bomb is refused before it is expanded; ordinary aliases still work") func aliasBomb() throws {
        var lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for (previous, name) in zip(names, names.dropFirst()) {
            lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]")
        }
        #expect(throws: ConfigError.self) { try ConfigNode.parse(yaml: lines.joined(separator: "\n"), file: "bomb.yaml") }
        do {
            _ = try ConfigNode.parse(yaml: lines.joined(separator: "\n"), file: "bomb.yaml")
        } catch {
            #expect("\(error)" == "bomb.yaml: YAML aliases expand to more than 250000 values; refusing to read it (an alias bomb?)")
        }
        let shared = """
            tolerations: &common [{key: a, operator: Exists}]
            images:
              source: {type: google, location: l, projectId: p, repository: r, image: i}
            lab: {tolerations: *common}
            """
        let config = try ControllerConfiguration.parse(yaml: shared, file: "c.yaml")
        #expect(config.tolerations.count == 1)
    }

    @Test("KUBECONFIG made only of separators is named, not listed as empty") func emptyKubeconfigList() {
        do {
            _ = try KubeConfigLoader.connection(kubeconfig: nil, context: nil, environment: ["KUBECONFIG": ":::"])
            Issue.record("no error")
        } catch {
            #expect("\(error)" == "KUBECONFIG (':::') names no file; set it to kubeconfig paths separated by ':', or unset it")
        }
    }
}
