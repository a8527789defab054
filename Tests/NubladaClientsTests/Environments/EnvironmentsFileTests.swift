import Foundation
import NubladaEngine
import Testing
@testable import NubladaClients

/// The environments file (issue 11 item 1): the list, the Phalanx checkout, relative paths,
/// contexts, and each bad entry said in one line while the others still load.
@Suite("Environments file")
struct EnvironmentsFileTests {
    static let googleConfig = """
        images:
          source: {type: google, location: us-central1, projectId: p, repository: sciplat, image: sciplat-lab}
        """

    @Test("list entries: relative paths against the file, context, endpoint, refresh") func list() throws {
        let scratch = ScratchDirectory()
        scratch.write("configs/idfprod.yaml", Self.googleConfig)
        scratch.write("configs/usdf.yaml", "images:\n  source: {type: docker, registry: ghcr.io, repository: lsst-sqre/sciplat-lab}\n  refreshInterval: 2m\n")
        let file = scratch.write("team/environments.yaml", """
            environments:
              - name: idfprod
                config: ../configs/idfprod.yaml
                kubeconfig: kube/idf.yaml
                context: idf-prod
                registryEndpoint: http://127.0.0.1:9000
                refresh: 30
              - {name: usdfprod, config: \(scratch.path)/configs/usdf.yaml}
            """)
        let loaded = try EnvironmentsFile.load(path: file)
        #expect(loaded.problems.isEmpty)
        #expect(loaded.environments.map(\.name) == ["idfprod", "usdfprod"])
        let idf = loaded.environments[0], usdf = loaded.environments[1]
        #expect(idf.kubeconfig == "\(scratch.path)/team/kube/idf.yaml")
        #expect(idf.context == "idf-prod")
        #expect(idf.registryEndpoint == "http://127.0.0.1:9000")
        #expect(idf.refreshInterval.seconds == 30)
        #expect(try #require(idf.configuration).file.hasSuffix("configs/idfprod.yaml"))
        #expect(usdf.kubeconfig == nil && usdf.context == nil)
        #expect(usdf.refreshInterval.seconds == 120, "the configuration's refreshInterval when the entry has none")
        let configuration = try #require(usdf.configuration)
        let source = try #require(bound(configuration.prepuller.source) { if case .docker(let source) = $0 { source } else { nil } }, "not docker")
        #expect(source.registry == "ghcr.io")
    }

    @Test("an entry without config: its configuration is the cluster's, read later; nothing is read now") func withoutConfig() throws {
        let scratch = ScratchDirectory()
        scratch.write("configs/idfprod.yaml", Self.googleConfig)
        let file = scratch.write("environments.yaml", """
            environments:
              - {name: idfint, kubeconfig: /nonexistent/kubeconfig, context: idf-int, refresh: 45}
              - {name: idfprod, config: configs/idfprod.yaml, context: idf-prod}
              - {name: usdfdev}
            """)
        let loaded = try EnvironmentsFile.load(path: file)
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(loaded.environments.map(\.name) == ["idfint", "idfprod", "usdfdev"])
        let int = loaded.environments[0], prod = loaded.environments[1], dev = loaded.environments[2]
        #expect(int.configuration == nil && dev.configuration == nil)
        #expect(int.kubeconfig == "/nonexistent/kubeconfig" && int.context == "idf-int")
        #expect(int.refreshInterval.seconds == 45)
        #expect(dev.refreshInterval == .standard, "no configuration yet: the standard interval")
        #expect(int.controllerNamespace.name == "nublado")
        #expect(try #require(prod.configuration).file.hasSuffix("configs/idfprod.yaml"), "a config is still read with the file")
        // Building its clients reads the kubeconfig first: a missing one is that environment's error.
        #expect(throws: (any Error).self) { try int.makeRefresher(environment: [:]) }
    }

    @Test("an entry whose config is broken is still that entry's problem") func brokenConfig() throws {
        let scratch = ScratchDirectory()
        let file = scratch.write("environments.yaml", """
            environments:
              - {name: idfint, config: missing.yaml}
              - {name: idfprod}
            """)
        let loaded = try EnvironmentsFile.load(path: file)
        #expect(loaded.environments.map(\.name) == ["idfprod"])
        #expect(loaded.problems.count == 1)
        #expect(loaded.problems.first?.entry == "idfint" && loaded.problems.first?.message.hasPrefix("config: ") == true,
                "\(loaded.problems)")
    }

    /// A Phalanx checkout: `values.yaml` (controller.config) with per-environment files over it.
    static func phalanxCheckout(_ scratch: ScratchDirectory) {
        scratch.write("phalanx/applications/nublado/values.yaml", """
            controller:
              config:
                images:
                  source: {type: google, location: us-central1, projectId: p, repository: sciplat, image: sciplat-lab}
                  numWeeklies: 2
                  pin: [w_2025_01]
                  cycle: 38
                lab:
                  nodeSelector: {pool: lab}
            hub: {timeout: 60}
            """)
        scratch.write("phalanx/applications/nublado/values-idfprod.yaml", """
            controller:
              config:
                images:
                  source: {projectId: prod-project}
                  pin: [w_2026_40, w_2026_41]
                  cycle: null
            """)
        scratch.write("phalanx/applications/nublado/values-usdfdev.yaml", """
            controller:
              config:
                images:
                  source: {type: docker, registry: ghcr.io, repository: lsst-sqre/sciplat-lab}
                  numWeeklies: 5
            """)
        scratch.write("phalanx/applications/nublado/README.md", "not values")
    }

    @Test("Phalanx: values-ENV.yaml merged over values.yaml as Helm does, contexts as given") func phalanx() throws {
        let scratch = ScratchDirectory()
        Self.phalanxCheckout(scratch)
        let file = scratch.write("environments.yaml", "phalanx: phalanx\ncontexts: {idfprod: gke_idf_prod, usdfdev: usdf-dev}\n")
        let loaded = try EnvironmentsFile.load(path: file)
        #expect(loaded.problems.isEmpty)
        #expect(loaded.environments.map(\.name) == ["idfprod", "usdfdev"])
        let prod = try #require(loaded.environments[0].configuration), dev = try #require(loaded.environments[1].configuration)
        #expect(loaded.environments.map(\.context) == ["gke_idf_prod", "usdf-dev"])
        // Maps merge: the source keeps values.yaml's location and takes the overlay's project.
        let gar = try #require(bound(prod.prepuller.source) { if case .google(let gar) = $0 { gar } else { nil } }, "not google")
        #expect(gar.projectID == "prod-project" && gar.location == "us-central1" && gar.image == "sciplat-lab")
        #expect(prod.prepuller.pin == ["w_2026_40", "w_2026_41"], "a list replaces, never appends")
        #expect(prod.prepuller.cycle == nil, "null removes the key")
        #expect(prod.prepuller.numWeeklies == 2)
        #expect(prod.labelSelector == "pool=lab")
        // A whole source mapping of another type merges too: its type wins, and the Docker keys are read.
        let docker = try #require(bound(dev.prepuller.source) { if case .docker(let docker) = $0 { docker } else { nil } }, "not docker")
        #expect(docker.repository == "lsst-sqre/sciplat-lab")
        #expect(dev.prepuller.numWeeklies == 5 && dev.prepuller.cycle == 38 && dev.prepuller.pin == ["w_2025_01"])
    }

    @Test("Phalanx without contexts: every values-ENV.yaml, the context named like it") func phalanxAll() throws {
        let scratch = ScratchDirectory()
        Self.phalanxCheckout(scratch)
        let file = scratch.write("environments.yaml", "phalanx: \(scratch.path)/phalanx\n")
        let loaded = try EnvironmentsFile.load(path: file)
        #expect(loaded.problems.isEmpty)
        #expect(loaded.environments.map(\.name) == ["idfprod", "usdfdev"])
        #expect(loaded.environments.map(\.context) == ["idfprod", "usdfdev"])
    }

    @Test("Phalanx without contexts: a values file whose name is no environment name is named in one line, not skipped silently")
    func phalanxOddFileNames() throws {
        let scratch = ScratchDirectory()
        Self.phalanxCheckout(scratch)
        scratch.write("phalanx/applications/nublado/values-idf dev.yaml", "controller: {config: {}}\n")
        scratch.write("phalanx/applications/nublado/values-sümmit.yaml", "controller: {config: {}}\n")
        let file = scratch.write("environments.yaml", "phalanx: phalanx\n")
        let loaded = try EnvironmentsFile.load(path: file)
        #expect(loaded.environments.map(\.name) == ["idfprod", "usdfdev"])
        #expect(loaded.problems.map(\.description) == [
            "environments.yaml: phalanx: skipped applications/nublado/values-idf dev.yaml: 'idf dev' is not an environment name (letters, digits, -, _ and . only)",
            "environments.yaml: phalanx: skipped applications/nublado/values-sümmit.yaml: 'sümmit' is not an environment name (letters, digits, -, _ and . only)",
        ])
        // With contexts, only the environments they name are read: another file is not a problem.
        let named = scratch.write("named.yaml", "phalanx: phalanx\ncontexts: {idfprod: a}\n")
        #expect(try EnvironmentsFile.load(path: named).problems.isEmpty)
    }

    @Test("the list and the checkout together") func both() throws {
        let scratch = ScratchDirectory()
        Self.phalanxCheckout(scratch)
        scratch.write("local.yaml", Self.googleConfig)
        let file = scratch.write("environments.yaml", """
            environments: [{name: local, config: local.yaml}]
            phalanx: phalanx
            contexts: {usdfdev: usdf-dev}
            """)
        let loaded = try EnvironmentsFile.load(path: file)
        #expect(loaded.problems.isEmpty)
        #expect(loaded.environments.map(\.name) == ["local", "usdfdev"])
    }

    @Test("each bad entry is one line naming the entry and the key; the others still load") func badEntries() throws {
        let scratch = ScratchDirectory()
        scratch.write("good.yaml", Self.googleConfig)
        scratch.write("broken.yaml", "images:\n  source: {type: google, location: l}\n")
        let file = scratch.write("environments.yaml", """
            environments:
              - {name: good, config: good.yaml}
              - {config: good.yaml}
              - {name: "bad name", config: good.yaml}
              - {name: noconfig, config: [a]}
              - {name: nofile, config: missing.yaml}
              - {name: broken, config: broken.yaml}
              - {name: typo, config: good.yaml, kubeconifg: k.yaml}
              - {name: slow, config: good.yaml, refresh: 2}
              - {name: endpoint, config: good.yaml, registryEndpoint: "ftp://x"}
              - {name: listcontext, config: good.yaml, context: [a]}
              - {name: good, config: good.yaml}
              - just a string
              - {name: last, config: good.yaml}
            """)
        let loaded = try EnvironmentsFile.load(path: file)
        #expect(loaded.environments.map(\.name) == ["good", "last"])
        #expect(loaded.problems.map(\.description) == [
            "environments.yaml: environments[1]: name: missing",
            "environments.yaml: environments[2]: name: 'bad name' is not a name (letters, digits, -, _ and . only)",
            "environments.yaml: noconfig: config: expected a string",
            "environments.yaml: nofile: config: \(scratch.path)/missing.yaml: no such file",
            "environments.yaml: broken: config: images.source.projectId: missing in broken.yaml",
            "environments.yaml: typo: kubeconifg: unknown key (expected name, config, kubeconfig, context, registryEndpoint, refresh)",
            "environments.yaml: slow: refresh: expected a number of seconds from 5 to 86400 (1 day) or a duration like 5m, found '2'",
            "environments.yaml: endpoint: registryEndpoint: malformed URL 'ftp://x' (expected http(s)://host[:port])",
            "environments.yaml: listcontext: context: expected a string",
            "environments.yaml: good: defined twice, as environments[0] and environments[10] (the first is used)",
            "environments.yaml: environments[11]: expected a mapping with a name (and config, kubeconfig, context, …)",
        ])
        #expect(loaded.problems.filter(\.entryIsName).map(\.entry)
            == ["noconfig", "nofile", "broken", "typo", "slow", "endpoint", "listcontext", "good"])
    }

    @Test("a name defined twice is one line naming both places, whatever else is wrong with either; the first is kept")
    func definedTwice() throws {
        let scratch = ScratchDirectory()
        Self.phalanxCheckout(scratch)
        scratch.write("good.yaml", Self.googleConfig)
        scratch.write("broken.yaml", "images:\n  source: {type: google, location: l}\n")
        scratch.write("phalanx/applications/nublado/values-summit.yaml", "controller: {config: {images: {numWeeklies: -1}}}\n")
        let file = scratch.write("environments.yaml", """
            environments:
              - {name: idfprod, config: good.yaml}
              - {name: idfprod, config: broken.yaml}
              - {name: summit, config: good.yaml}
              - {name: usdfdev, config: broken.yaml}
              - {name: usdfdev, config: good.yaml}
            phalanx: phalanx
            contexts: {idfprod: a, summit: b, usdfdev: c}
            """)
        let loaded = try EnvironmentsFile.load(path: file)
        #expect(loaded.environments.map(\.name) == ["idfprod", "summit"])
        #expect(loaded.problems.map(\.description) == [
            "environments.yaml: idfprod: defined twice, as environments[0] and environments[1] (the first is used)",
            "environments.yaml: usdfdev: config: images.source.projectId: missing in broken.yaml",
            "environments.yaml: usdfdev: defined twice, as environments[3] and environments[4] (the first is used)",
            "environments.yaml: idfprod: defined twice, as environments[0] and phalanx values-idfprod.yaml (the first is used)",
            "environments.yaml: summit: defined twice, as environments[2] and phalanx values-summit.yaml (the first is used)",
            "environments.yaml: usdfdev: defined twice, as environments[3] and phalanx values-usdfdev.yaml (the first is used)",
        ])
        #expect(loaded.problems.allSatisfy { $0.entryIsName })
    }

    @Test("bad Phalanx parts: a context without values file, a broken values file, a missing checkout") func badPhalanx() throws {
        let scratch = ScratchDirectory()
        Self.phalanxCheckout(scratch)
        scratch.write("phalanx/applications/nublado/values-summit.yaml", "controller: {config: {images: {numWeeklies: -1}}}\n")
        let file = scratch.write("environments.yaml", "phalanx: phalanx\ncontexts: {idfprod: a, summit: b, base: c, usdfdev: [x]}\n")
        let loaded = try EnvironmentsFile.load(path: file)
        #expect(loaded.environments.map(\.name) == ["idfprod"])
        #expect(loaded.problems.map(\.description) == [
            "environments.yaml: base: contexts: no applications/nublado/values-base.yaml in the Phalanx checkout",
            "environments.yaml: usdfdev: contexts: expected a kubeconfig context name",
            "environments.yaml: summit: values: controller.config.images.numWeeklies: must not be negative in values-summit.yaml",
        ])
        let gone = scratch.write("gone.yaml", "phalanx: nowhere\n")
        #expect(try EnvironmentsFile.load(path: gone).problems.map(\.description)
            == ["gone.yaml: phalanx: \(scratch.path)/nowhere/applications/nublado/values.yaml: no such file"])
    }

    @Test("a file that is not an environments file at all is one error") func notAnEnvironmentsFile() {
        let scratch = ScratchDirectory()
        let cases: [(String, String)] = [
            ("- a\n- b\n", "list.yaml: expected a mapping with environments (a list) or phalanx and contexts"),
            ("enviroments: []\n", "typo.yaml: no environments: expected an environments list, or phalanx and contexts"),
            ("environments: {a: b}\n", "environments: expected a list of {name, config, …} in map.yaml"),
        ]
        for (index, (text, expected)) in cases.enumerated() {
            let file = scratch.write(["list.yaml", "typo.yaml", "map.yaml"][index], text)
            #expect(throws: ConfigError.self) { try EnvironmentsFile.load(path: file) }
            do { _ = try EnvironmentsFile.load(path: file) } catch { #expect("\(error)" == expected) }
        }
    }

    @Test("an unknown top-level key and contexts without phalanx are named") func topLevel() throws {
        let scratch = ScratchDirectory()
        scratch.write("good.yaml", Self.googleConfig)
        let file = scratch.write("environments.yaml", "environments: [{name: a, config: good.yaml}]\ncontext: {a: b}\ncontexts: {a: b}\n")
        let loaded = try EnvironmentsFile.load(path: file)
        #expect(loaded.environments.map(\.name) == ["a"])
        #expect(loaded.problems.map(\.description) == [
            "environments.yaml: context: unknown key (expected environments, phalanx, contexts)",
            "environments.yaml: contexts: goes with phalanx (the Phalanx checkout whose environments it names)",
        ])
    }

    @Test("the default file: $XDG_CONFIG_HOME first, then ~/.config, only when it exists") func defaultPath() {
        let scratch = ScratchDirectory()
        let environment = ["XDG_CONFIG_HOME": "\(scratch.path)/xdg", "HOME": "\(scratch.path)/home"]
        #expect(EnvironmentsFile.defaultPath(environment: environment) == nil)
        let home = scratch.write("home/.config/nubladash/environments.yaml", "phalanx: p\n")
        #expect(EnvironmentsFile.defaultPath(environment: environment) == home)
        let xdg = scratch.write("xdg/nubladash/environments.yaml", "phalanx: p\n")
        #expect(EnvironmentsFile.defaultPath(environment: environment) == xdg)
        #expect(EnvironmentsFile.defaultPath(environment: ["HOME": "\(scratch.path)/home", "XDG_CONFIG_HOME": ""]) == home)
    }

    @Test("Helm's merge: maps merge deeply, scalars and lists replace, null removes") func merge() {
        let lower: [String: Any] = ["a": ["b": 1, "c": [1, 2], "d": "x"], "e": 1]
        let upper: [String: Any] = ["a": ["c": [3], "d": NSNull(), "f": true], "e": ["g": 1]]
        let merged = HelmValuesMerge.merge(lower, upper) as? [String: Any]
        let a = merged?["a"] as? [String: Any]
        #expect(a?["b"] as? Int == 1)
        #expect(a?["c"] as? [Int] == [3])
        #expect(a?["d"] == nil)
        #expect(a?["f"] as? Bool == true)
        #expect((merged?["e"] as? [String: Int]) == ["g": 1])
        #expect(HelmValuesMerge.merge(lower, nil) as? [String: Any] != nil)
    }
}

/// A key that is not plain text (found by fuzzing the environments file): Yams traps on it,
/// so every YAML nubladash reads refuses it first, in one line.
@Suite("YAML keys")
struct YAMLKeyTests {
    @Test(arguments: ["{a: 1}: x\n", "[a, b]: x\n", "base: &b [x]\n*b : y\n", "list:\n  - {? [q] : 1}\n"])
    func nonTextKey(_ text: String) {
        do {
            _ = try ConfigNode.parse(yaml: text, file: "keys.yaml")
            Issue.record("no error")
        } catch {
            #expect("\(error)".hasPrefix("keys.yaml: line "), "\(error)")
            #expect("\(error)".hasSuffix("a mapping key must be plain text, not a list, a mapping or an alias"))
        }
    }

    /// Aliases are taken out before the keys are checked: a `*` anywhere else still reads as written.
    @Test("a * in values, quotes, comments and merges reads as written") func starsElsewhere() throws {
        let text = """
            base: &base {a: 1, b: "x*y"}  # a *comment
            "*quoted": 'also *quoted'
            plain: a*b *c
            merged:
              <<: *base
              b: 2
            list: [*base, "*"]
            """
        let node = try ConfigNode.parse(yaml: text, file: "stars.yaml")
        let map = try #require(node.value as? [String: Any])
        #expect(map["*quoted"] as? String == "also *quoted")
        #expect(map["plain"] as? String == "a*b *c")
        #expect((map["base"] as? [String: Any])?["b"] as? String == "x*y")
        #expect((map["merged"] as? [String: Any])?["a"] as? Int == 1)
        #expect((map["merged"] as? [String: Any])?["b"] as? Int == 2)
        #expect((map["list"] as? [Any])?.count == 2)
    }

    @Test("a private-use character in the text is not taken for an alias") func privateUseKey() throws {
        let text = "\u{E000}a: 1\nb: &b x\nc: *b\n"
        let map = try #require(try ConfigNode.parse(yaml: text, file: "pua.yaml").value as? [String: Any])
        #expect(map["\u{E000}a"] as? Int == 1)
        #expect(map["c"] as? String == "x")
        #expect(throws: ConfigError.self) { try ConfigNode.parse(yaml: text + "*b : y\n", file: "pua.yaml") }
    }

    @Test("a syntax error in a document with aliases quotes it as written") func syntaxErrorWithAliases() {
        do {
            _ = try ConfigNode.parse(yaml: "a: &a x\n*a : 1\n*a : 2\n", file: "twice.yaml")
            Issue.record("no error")
        } catch {
            #expect("\(error)".contains("*a"), "\(error)")
            #expect(!"\(error)".unicodeScalars.contains { $0.properties.generalCategory == .privateUse }, "\(error)")
        }
    }
}
