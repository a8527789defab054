import Foundation

/// `phalanx: PATH` with `contexts: {ENV: CONTEXT}`: the Nublado environments of a Phalanx
/// checkout, each `applications/nublado/values-ENV.yaml` merged over `values.yaml` as Helm
/// does. With `contexts`, the environments it names, each with its kubeconfig context;
/// without, every `values-ENV.yaml`, with the context named like the environment.
extension EnvironmentsReader {
    static let nubladaFolder = "applications/nublado"

    mutating func readPhalanx(_ node: ConfigNode) {
        let checkout: String
        do {
            guard let path = try node.optionalString() else { return problem(entry: "phalanx", "missing") }
            checkout = resolve(path)
        } catch {
            return problem(entry: "phalanx", "expected the path of a Phalanx checkout")
        }
        let folder = (checkout as NSString).appendingPathComponent(Self.nubladaFolder)
        let base: Any?
        do { base = try ConfigNode.load(path: "\(folder)/values.yaml").value } catch {
            return problem(entry: "phalanx", "\(error)")
        }
        let (available, oddNames) = Self.valuesEnvironments(in: folder)
        if document["contexts"].isMissing {
            // Every values file is wanted: one whose name no environment could have is said, not dropped.
            for name in oddNames {
                problem(entry: "phalanx", "skipped \(Self.nubladaFolder)/values-\(name).yaml: '\(name)' is not an environment name (letters, digits, -, _ and . only)")
            }
        }
        let contexts: [(String, String)]
        do {
            contexts = try readContexts(document["contexts"], available: available)
        } catch {
            return problem(entry: "contexts", "expected a mapping of environment names to kubeconfig contexts")
        }
        for (name, context) in contexts where isFirstDefinition(of: name, at: "phalanx values-\(name).yaml") {
            let file = "\(folder)/values-\(name).yaml"
            do {
                let overlay = try ConfigNode.load(path: file)
                let merged = ConfigNode(value: HelmValuesMerge.merge(base, overlay.value), path: "", file: file)
                environments.append(EnvironmentSpec(name: name, configuration: try ControllerConfiguration.parse(merged), context: context))
            } catch {
                problem(entry: name, isName: true, "values: \(error)")
            }
        }
    }

    /// The environments and their contexts: `contexts` as given (an environment without a
    /// values file is a problem), else every environment with a context of its own name.
    private mutating func readContexts(_ node: ConfigNode, available: [String]) throws -> [(String, String)] {
        guard !node.isMissing else { return available.map { ($0, $0) } }
        var result: [(String, String)] = []
        for (name, value) in try node.members() {
            guard let context = try? value.string() else {
                problem(entry: name, isName: Self.isValidName(name), "contexts: expected a kubeconfig context name")
                continue
            }
            guard available.contains(name) else {
                problem(entry: name, isName: Self.isValidName(name),
                        "contexts: no \(Self.nubladaFolder)/values-\(name).yaml in the Phalanx checkout")
                continue
            }
            result.append((name, context))
        }
        return result
    }

    /// The ENV of every `values-ENV.yaml` in the folder, sorted: those that are environment
    /// names, and those that are not (a space, a non-ASCII letter), which cannot be read as one.
    static func valuesEnvironments(in folder: String) -> (names: [String], oddNames: [String]) {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let found = files.compactMap { file -> String? in
            guard file.hasPrefix("values-"), file.hasSuffix(".yaml"), file.count > "values-.yaml".count else { return nil }
            return String(file.dropFirst("values-".count).dropLast(".yaml".count))
        }.sorted()
        return (found.filter(isValidName), found.filter { !isValidName($0) })
    }
}
