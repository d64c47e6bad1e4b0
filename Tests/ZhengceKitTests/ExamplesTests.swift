import Testing
@testable import ZhengceKit

/// Runs every hand-derived example shipped beside the policies.
@Suite struct ExamplesTests {
    @Test(arguments: ["yz2025", "xc2018", "zgc2021", "kc2023", "jk2020"])
    func examplesPass(_ document: String) throws {
        let path = packageRoot + "/policies/\(document).examples.json"
        let results = ExampleRunner.run(try Zhengce.readSource(path), program: shipped)
        #expect(results.count >= 6)
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
