import Foundation
import Testing
@testable import ZhengceKit

/// `zhengce test --update` on the fixture policy: only the differing values of failing examples
/// change, in place; passing examples and the layout stay as written.
@Suite struct ExampleUpdateTests {
    /// fx:9 grants 400 to a `bank_tier1` branch in the zone; the second example states 300.
    static let examples = """
    {
      "format": "zhengce.examples",
      "version": 1,
      "examples": [
        {
          "name": "right",
          "as_of": "2025-06-30",
          "facts": {"operates_in_zone": true, "branch_type": "bank_tier1"},
          "expect": {"clauses": {"fx:9": {"amount": "400.00"}}}
        },
        {
          "name": "stale",
          "as_of": "2025-06-30",
          "facts": {"operates_in_zone": true, "branch_type": "bank_tier1"},
          "expect": {
            "clauses": {"fx:9": {"status": "granted", "amount": "300.00",   "granted": 300}},
            "total": "300.00"
          }
        },
        {
          "name": "unknown fact",
          "as_of": "2025-06-30",
          "facts": {"no_such_fact": true},
          "expect": {"total": "1.00"}
        }
      ]
    }

    """

    @Test func failuresAreLocatedByLine() {
        let results = ExampleRunner.run(SourceFile(path: "x.examples.json", text: Self.examples), program: fixture)
        #expect(results.map(\.line) == [5, 11, 20])
        #expect(ExampleRunner.text(results).contains("FAIL x.examples.json:11: stale"))
    }

    @Test func onlyTheStaleValuesAreRewrittenWhereTheyAreWritten() throws {
        let file = SourceFile(path: "x.examples.json", text: Self.examples)
        let results = ExampleRunner.run(file, program: fixture)
        let edits = ExampleUpdate.edits(results)
        #expect(edits.map(\.what) == ["fx:9 amount", "fx:9 granted", "total"])
        #expect(edits.allSatisfy { $0.example == "stale" })
        #expect(edits.map(\.line) == [16, 16, 17])
        #expect(edits.map(\.old) == ["\"300.00\"", "300", "\"300.00\""])
        #expect(ExampleUpdate.notUpdatable(results).map(\.name) == ["unknown fact"])
        let updated = ExampleUpdate.apply(edits, to: file)
        // A number stays a number; the spacing inside the line is kept.
        let expected = Self.examples
            .replacingOccurrences(of: #""amount": "300.00",   "granted": 300"#, with: #""amount": "400.00",   "granted": 400.00"#)
            .replacingOccurrences(of: #""total": "300.00""#, with: #""total": "400.00""#)
        #expect(updated == expected)
        let again = ExampleRunner.run(SourceFile(path: "x.examples.json", text: updated), program: fixture)
        #expect(again.filter(\.passed).map(\.name) == ["right", "stale"])
    }

    @Test func installmentsAreRewrittenAmountByAmount() throws {
        let policy = header + """
        fact capital: money in 万元 "实缴资本"

        clause 1 "补助" (第一条) {
          amount capital * 10%
          schedule 40% / 30% / 30%
        }

        """
        let program = try #require(Zhengce.load([SourceFile(path: "t.policy", text: policy)]).program)
        func example(_ installments: String) -> SourceFile {
            SourceFile(path: "s.examples.json", text: """
            {"format": "zhengce.examples", "version": 1, "examples": [{"name": "schedule", "as_of": "2025-06-30", "facts": {"capital": "1000"},
              "expect": {"clauses": {"t:1": {"installments": \(installments)}}}}]}
            """)
        }
        // The same years: only the wrong amount changes.
        let sameYears = example(#"[{"year": 2025, "amount": "40.00"}, {"year": 2026, "amount": "30.00"}, {"year": 2027, "amount": "20.00"}]"#)
        var edits = ExampleUpdate.edits(ExampleRunner.run(sameYears, program: program))
        #expect(edits.map(\.what) == ["t:1 installment 2027"])
        #expect(ExampleUpdate.apply(edits, to: sameYears).contains(#"{"year": 2027, "amount": "30.00"}]"#))
        // Other years: the list is stated anew.
        let otherYears = example(#"[{"year": 2024, "amount": "100.00"}]"#)
        edits = ExampleUpdate.edits(ExampleRunner.run(otherYears, program: program))
        #expect(edits.map(\.what) == ["t:1 installments"])
        let updated = SourceFile(path: "s.examples.json", text: ExampleUpdate.apply(edits, to: otherYears))
        #expect(ExampleRunner.run(updated, program: program).allSatisfy { $0.passed })
    }
}
