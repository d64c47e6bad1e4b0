import Foundation
import Testing
@testable import ZhengceKit

/// Runs every examples file kept beside the shipped policies, whatever documents there are: the
/// shipped policies are tested through their own examples, never through numbers written here.
@Suite struct ExamplesTests {
    static let examplesFiles = ((try? FileManager.default.contentsOfDirectory(atPath: packageRoot + "/policies")) ?? [])
        .filter { $0.hasSuffix(".examples.json") }.sorted()

    @Test func theShippedPoliciesHaveExamples() {
        #expect(!Self.examplesFiles.isEmpty)
    }

    @Test(arguments: examplesFiles)
    func examplesPass(_ name: String) throws {
        let shipped = try shippedPolicies().program
        let results = ExampleRunner.run(try Zhengce.readSource(packageRoot + "/policies/" + name), program: shipped)
        #expect(!results.isEmpty)
        let failures = results.filter { !$0.passed }
        #expect(failures.isEmpty, "\(ExampleRunner.text(failures))")
    }

    @Test func aFailingExampleShowsExpectedAndActual() throws {
        let file = SourceFile(path: "x.examples.json", text: """
        {"format": "zhengce.examples", "version": 1, "examples": [{"name": "wrong", "as_of": "2025-06-30",
          "facts": {"operates_in_zone": true, "branch_type": "bank_tier1"},
          "expect": {"clauses": {"fx:9": {"amount": "300.00"}}}}]}
        """)
        let results = ExampleRunner.run(file, program: fixture)
        #expect(results.count == 1 && !results[0].passed)
        let text = ExampleRunner.text(results)
        #expect(text.contains("fx:9 amount: expected \"300.00\", actual \"400.00\""))
        #expect(text.hasSuffix("0 passed, 1 failed"))
    }
}
