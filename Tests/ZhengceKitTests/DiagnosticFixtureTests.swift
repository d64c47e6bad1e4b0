import Foundation
import Testing
@testable import ZhengceKit

/// One fixture folder per diagnostic code under `Fixtures/diagnostics/CODE/`: policy files (and
/// an examples file where the code concerns examples) and `expected.txt`, the rendered output of
/// `zhengce check`. Re-record after a deliberate change with `ZHENGCE_RECORD=1 swift test`.
@Suite struct DiagnosticFixtureTests {
    static let root = packageRoot + "/Tests/ZhengceKitTests/Fixtures/diagnostics"

    static var codes: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted()
    }

    /// Renders what `check` says about a fixture folder, with paths relative to the fixtures.
    static func render(_ code: String) throws -> String {
        let folder = root + "/" + code
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        func source(_ name: String) throws -> SourceFile {
            SourceFile(path: "\(code)/\(name)", text: try String(contentsOfFile: folder + "/" + name, encoding: .utf8))
        }
        let diagnostics = Zhengce.check(policies: try names.filter { $0.hasSuffix(".policy") }.map(source),
                                        examples: try names.filter { $0.hasSuffix(".examples.json") }.map(source))
        return diagnostics.map(DiagnosticRenderer.text).joined(separator: "\n\n") + "\n"
    }

    @Test(arguments: codes)
    func fixtureRendersAsRecorded(_ code: String) throws {
        let actual = try Self.render(code)
        let expectedPath = Self.root + "/\(code)/expected.txt"
        if ProcessInfo.processInfo.environment["ZHENGCE_RECORD"] == "1" {
            try actual.write(toFile: expectedPath, atomically: false, encoding: .utf8)
            return
        }
        let expected = try String(contentsOfFile: expectedPath, encoding: .utf8)
        #expect(actual == expected, "rendered output of \(code) changed; re-record with ZHENGCE_RECORD=1 if intended")
        #expect(actual.contains("[\(code)]"), "fixture \(code) does not raise \(code)")
    }

    /// Loading without warnings (what `eval`, `batch`, `test` and `facts` do, since they show no
    /// warnings) finds exactly the errors that a full check finds, on every fixture.
    @Test(arguments: codes)
    func loadingWithoutWarningsFindsTheSameErrors(_ code: String) throws {
        let folder = Self.root + "/" + code
        let sources = try FileManager.default.contentsOfDirectory(atPath: folder).sorted().filter { $0.hasSuffix(".policy") }.map {
            SourceFile(path: "\(code)/\($0)", text: try String(contentsOfFile: folder + "/" + $0, encoding: .utf8))
        }
        func errors(_ warnings: Bool) -> [String] {
            Zhengce.load(sources, warnings: warnings).diagnostics.filter { $0.severity == .error }.map(DiagnosticRenderer.text)
        }
        #expect(errors(false) == errors(true), "\(code)")
    }

    /// SARIF links each rule to its section of docs/diagnostics.md: every code has one.
    @Test func everyCodeHasASectionInTheDocs() throws {
        let docs = try String(contentsOfFile: packageRoot + "/docs/diagnostics.md", encoding: .utf8)
        let missing = DiagnosticCode.allCases.map(\.rawValue).filter { !docs.contains("<a id=\"\($0.lowercased())\"></a>\n## \($0) ") }
        #expect(missing.isEmpty, "no section in docs/diagnostics.md for \(missing)")
    }

    @Test func everyCodeHasAFixture() {
        let missing = DiagnosticCode.allCases.map(\.rawValue).filter { !Self.codes.contains($0) }
        #expect(missing.isEmpty, "no fixture for \(missing)")
    }
}
