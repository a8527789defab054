import Testing
@testable import NubladaClients

/// A configuration error quoting a value with line breaks or escape sequences stays one line
/// (found by the fuzz tests).
@Suite struct ConfigErrorTextTests {
    @Test func quotedValuesAreEscaped() {
        let yaml = """
            images:
              source: {type: "goo\\ngle\\u001B[31m", location: l, projectId: p, repository: r, image: i}
            """
        #expect {
            _ = try ControllerConfiguration.parse(yaml: yaml, file: "values.yaml")
        } throws: { error in
            "\(error)" == #"images.source.type: unknown source type 'goo\ngle\u{1B}[31m' (expected google or docker) in values.yaml"#
        }
    }
}
