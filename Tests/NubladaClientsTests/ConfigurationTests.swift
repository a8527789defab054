import Foundation
import Testing
@testable import NubladaClients
@testable import NubladaEngine

@Suite("Controller configuration")
struct ConfigurationTests {
    static let minimal = """
        images:
          source: {type: google, location: us-central1, projectId: proj, repository: sciplat, image: sciplat-lab}
        """

    @Test("defaults as the controller's") func defaults() throws {
        let config = try ControllerConfiguration.parse(yaml: Self.minimal, file: "c.yaml")
        #expect(config.prepuller.recommendedTag == "recommended")
        #expect(config.prepuller.numReleases == 1)
        #expect(config.prepuller.numWeeklies == 2)
        #expect(config.prepuller.numDailies == 3)
        #expect(config.prepuller.cycle == nil)
        #expect(config.refreshInterval == nil)
        #expect(config.prepullTimeout == 600)
        #expect(config.labelSelector == "")
        #expect(config.prepuller.source.registry == "us-central1-docker.pkg.dev")
        #expect(config.prepuller.source.path == "proj/sciplat/sciplat-lab")
    }

    @Test("a Phalanx values file is read under controller.config; unrelated keys are ignored") func phalanx() throws {
        let yaml = """
            global: {host: example.org}
            controller:
              image: {tag: 9.0.0}
              config:
                lab:
                  nodeSelector: {node_pool: lab, zone: a}
                  tolerations:
                  - {key: nublado.lsst.io/permitted, operator: Exists, effect: NoExecute}
                images:
                  source: {type: google, location: us-east4, projectId: p, repository: r, image: i}
                  numWeeklies: 4
                  pin: [w_2077_01]
                  refreshInterval: 10m
                  prepullTimeout: 15m
                dropdownMenu:
                  weekly: {number: 3, age: 8w}
                  release: {cutoffVersion: 25.0.0}
            """
        let config = try ControllerConfiguration.parse(yaml: yaml, file: "values-idfprod.yaml")
        #expect(config.prepuller.numWeeklies == 4)
        #expect(config.prepuller.pin == ["w_2077_01"])
        #expect(config.labelSelector == "node_pool=lab,zone=a")
        #expect(config.tolerations == [Toleration(key: "nublado.lsst.io/permitted", operator: .exists, effect: "NoExecute")])
        #expect(config.refreshInterval?.seconds == 600)
        #expect(config.prepullTimeout == 900)
        #expect(config.dropdown.weekly.number == 3)
        #expect(config.dropdown.weekly.age == Double(8 * 604_800))
        #expect(config.dropdown.release.cutoffVersion == SemanticVersion(major: 25, minor: 0, patch: 0))
    }

    @Test("bad configurations name the key path and the file", arguments: [
        ("images: {}", "images.source: missing in values-idfprod.yaml"),
        ("lab: {}", "images.source: missing in values-idfprod.yaml"),
        ("images:\n  source: {type: google, location: l, repository: r, image: i}",
         "images.source.projectId: missing in values-idfprod.yaml"),
        ("images:\n  source: {type: quay, registry: q}",
         "images.source.type: unknown source type 'quay' (expected google or docker) in values-idfprod.yaml"),
        ("images:\n  source: {type: docker}", "images.source.repository: missing in values-idfprod.yaml"),
        ("images:\n  source: {type: docker, registry: 'https://ghcr.io', repository: lsst-sqre/sciplat-lab}",
         "images.source.registry: expected a registry host like ghcr.io or registry.example.org:5000, found 'https://ghcr.io' in values-idfprod.yaml"),
        ("images:\n  source: {type: docker, registry: 'ghcr.io:99999', repository: a/b}",
         "images.source.registry: expected a registry host like ghcr.io or registry.example.org:5000, found 'ghcr.io:99999' in values-idfprod.yaml"),
        ("images:\n  source: {type: docker, registry: ghcr.io, repository: Lsst-Sqre/Lab}",
         "images.source.repository: expected a repository path like lsst-sqre/sciplat-lab, found 'Lsst-Sqre/Lab' in values-idfprod.yaml"),
        ("images:\n  source: {type: docker, repository: 'a//b'}",
         "images.source.repository: expected a repository path like lsst-sqre/sciplat-lab, found 'a//b' in values-idfprod.yaml"),
        ("images:\n  source: {type: google, location: l, projectId: p, repository: r, image: i}\n  numReleases: many",
         "images.numReleases: expected an integer, found 'many' in values-idfprod.yaml"),
        ("images:\n  source: {type: google, location: l, projectId: p, repository: r, image: i}\n  refreshInterval: soon",
         "images.refreshInterval: expected a duration like 5m or 300, found 'soon' in values-idfprod.yaml"),
        ("images:\n  source: {type: google, location: l, projectId: p, repository: r, image: i}\n  refreshInterval: .inf",
         "images.refreshInterval: must be \(RefreshInterval.rule), found 'inf' in values-idfprod.yaml"),
        ("images:\n  source: {type: google, location: l, projectId: p, repository: r, image: i}\n  refreshInterval: 1e400",
         "images.refreshInterval: must be \(RefreshInterval.rule), found 'inf' in values-idfprod.yaml"),
        ("images:\n  source: {type: google, location: l, projectId: p, repository: r, image: i}\n  refreshInterval: 2562047788015216h",
         "images.refreshInterval: must be \(RefreshInterval.rule), found '2562047788015216h' in values-idfprod.yaml"),
        ("images:\n  source: {type: google, location: l, projectId: p, repository: r, image: i}\n  refreshInterval: 2",
         "images.refreshInterval: must be \(RefreshInterval.rule), found '2' in values-idfprod.yaml"),
        ("images:\n  source: {type: google, location: l, projectId: p, repository: r, image: i}\n  prepullTimeout: ages",
         "images.prepullTimeout: expected a duration like 10m or 600, found 'ages' in values-idfprod.yaml"),
        ("images:\n  source: {type: google, location: l, projectId: p, repository: r, image: i}\n  prepullTimeout: 0",
         "images.prepullTimeout: must be a duration of more than 0 s and at most 1 day, found '0' in values-idfprod.yaml"),
        ("images:\n  source: {type: google, location: l, projectId: p, repository: r, image: i}\n  prepullTimeout: .inf",
         "images.prepullTimeout: must be a duration of more than 0 s and at most 1 day, found 'inf' in values-idfprod.yaml"),
        ("images:\n  source: {type: google, location: l, projectId: p, repository: r, image: i}\n  prepullTimeout: 2d",
         "images.prepullTimeout: must be a duration of more than 0 s and at most 1 day, found '2d' in values-idfprod.yaml"),
        ("images:\n  source: {type: google, location: l, projectId: p, repository: r, image: i}\n  prepullTimeout: [10m]",
         "images.prepullTimeout: expected a string, found a list in values-idfprod.yaml"),
        ("images:\n  source: {type: google, location: l, projectId: p, repository: r, image: i}\ndropdownMenu:\n  weekly: {cutoffVersion: new}",
         "dropdownMenu.weekly.cutoffVersion: expected a version like 25.0.0, found 'new' in values-idfprod.yaml"),
        ("images:\n  source: {type: google, location: l, projectId: p, repository: r, image: i}\nlab:\n  tolerations: [{key: k, operator: Maybe}]",
         "lab.tolerations[0].operator: expected Equal or Exists, found 'Maybe' in values-idfprod.yaml"),
        ("- just\n- a list", "values-idfprod.yaml: expected a mapping with images, lab and dropdownMenu"),
    ])
    func badConfiguration(yaml: String, message: String) {
        #expect(throws: ConfigError.self) { try ControllerConfiguration.parse(yaml: yaml, file: "values-idfprod.yaml") }
        do {
            _ = try ControllerConfiguration.parse(yaml: yaml, file: "values-idfprod.yaml")
        } catch {
            #expect("\(error)" == message)
        }
    }

    @Test("a Docker source: the registry defaults to docker.io; hosts with ports and Phalanx values read")
    func dockerSource() throws {
        let plain = try ControllerConfiguration.parse(
            yaml: "images:\n  source: {type: docker, repository: lsstsqre/sciplat-lab}", file: "c.yaml")
        #expect(plain.prepuller.source == .docker(DockerSourceOptions(registry: "docker.io", repository: "lsstsqre/sciplat-lab")))
        let values = """
            controller:
              config:
                images:
                  source:
                    type: docker
                    registry: ts-dockerhub.lsst.org:443
                    repository: sal-sciplat-lab
                  cycle: 45
                  recommendedTag: recommended_c0045
            """
        let summit = try ControllerConfiguration.parse(yaml: values, file: "values-summit.yaml")
        #expect(summit.prepuller.source.registry == "ts-dockerhub.lsst.org:443")
        #expect(summit.prepuller.source.path == "sal-sciplat-lab")
        #expect(summit.prepuller.cycle == 45)
        #expect(summit.prepuller.json.serialized(indent: nil).contains(#""source":{"registry":"ts-dockerhub.lsst.org:443","repository":"sal-sciplat-lab","type":"docker"}"#))
    }

    @Test("a YAML syntax error names the file and line") func syntaxError() {
        do {
            _ = try ControllerConfiguration.parse(yaml: "images:\n  source: {type: google\n  bad", file: "c.yaml")
            Issue.record("no error")
        } catch {
            let text = "\(error)"
            #expect(text.hasPrefix("c.yaml: YAML syntax error: line "))
            #expect(!text.contains("\n"))
        }
    }

    @Test("a missing configuration file") func missingFile() {
        do {
            _ = try ControllerConfiguration.load(path: "/nonexistent/config.yaml")
            Issue.record("no error")
        } catch {
            #expect("\(error)" == "/nonexistent/config.yaml: no such file")
        }
    }

    @Test("durations and timestamps") func durations() {
        #expect(HumanDuration.seconds("5m") == 300)
        #expect(HumanDuration.seconds("1h 30m") == 5400)
        #expect(HumanDuration.seconds("2w1d") == 1_296_000)
        #expect(HumanDuration.seconds("300") == 300)
        #expect(HumanDuration.seconds("five") == nil)
        #expect(RFC3339.parse("1970-01-02T00:00:00Z") == 86_400)
        #expect(RFC3339.parse("1970-01-01T01:00:00+01:00") == 0)
        #expect(RFC3339.parse("2023-03-27T13:02:39.5Z") == 1_679_922_159.5)
        #expect(RFC3339.parse("2026-10-15") == CalendarDay(year: 2026, month: 10, day: 15)!.secondsFromEpoch)
        #expect(RFC3339.parse("yesterday") == nil)
    }

    @Test("retry delays double with jitter and stay within the budget") func retryDelays() {
        let policy = RetryPolicy()
        let full = policy.delays(random: { 1 })
        #expect(full.first == 0.5)
        #expect(full.prefix(4) == [0.5, 1, 2, 4])
        #expect(full.reduce(0, +) <= 30)
        #expect(full.reduce(0, +) > 20)
        let low = policy.delays(random: { 0.5 })
        #expect(low.first == 0.25)
        #expect(RetryPolicy.none.delays().isEmpty)
    }
}

/// The refresh interval is checked once, into a type that cannot hold nonsense.
@Suite("Refresh interval")
struct RefreshIntervalTests {
    @Test("finite values from 5 s to a day are taken", arguments: [5.0, 60, 300, 86_400])
    func accepted(seconds: Double) {
        #expect(RefreshInterval(seconds: seconds)?.seconds == seconds)
    }

    @Test("non-finite, tiny and absurd values are refused",
          arguments: [Double.nan, .infinity, -.infinity, 0, 4.99, -60, 86_401, 1e308, 9.2e18])
    func refused(seconds: Double) {
        #expect(RefreshInterval(seconds: seconds) == nil)
    }

    @Test("the configuration's durations: 5m and 300 are taken") func configured() throws {
        for text in ["5m", "300"] {
            let config = try ControllerConfiguration.parse(
                yaml: ConfigurationTests.minimal + "\n  refreshInterval: \(text)", file: "c.yaml")
            #expect(config.refreshInterval?.seconds == 300)
        }
    }
}
