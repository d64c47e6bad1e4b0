import Foundation
import Testing
@testable import ZhengceKit

/// `zhengce test --mutants` on a small policy of its own: clause 1 is pinned by its examples,
/// clause 2 deliberately is not (one example far above its threshold), and clause 3 has a
/// change the checker rejects (a rate above 100%).
@Suite(.serialized) struct MutantsTests {
    static let policy = """
    policy mt {
      title "变异测试样例"
      valid from 2025-01-01 until 2028-12-31
      money in 万元 rounded to 0.01 half-up
    }

    fact revenue: money in 万元 "营业收入"
    fact staff: count "员工人数"
    fact cost: money in 万元 "费用"

    clause 1 "收入奖励" (第一条) {
      when revenue >= 1000万 "收入1000万元（含）以上"
      amount revenue * 1%
      cap 50万
    }

    clause 2 "员工奖励" (第二条) {
      when staff > 10 "员工超过10人"
      amount 5万
    }

    clause 3 "费用全额补贴" (第三条) {
      amount cost * 100%
    }

    """

    static let examples = """
    {
      "format": "zhengce.examples",
      "version": 1,
      "document": "mt",
      "examples": [
        {"name": "revenue at the threshold", "as_of": "2025-06-30", "facts": {"revenue": "1000"},
         "expect": {"clauses": {"mt:1": {"status": "granted", "granted": "10.00"}}}},
        {"name": "revenue just below", "as_of": "2025-06-30", "facts": {"revenue": "999"},
         "expect": {"clauses": {"mt:1": {"status": "refused", "granted": "0.00"}}}},
        {"name": "revenue capped", "as_of": "2025-06-30", "facts": {"revenue": "6000"},
         "expect": {"clauses": {"mt:1": {"status": "granted", "granted": "50.00"}}}},
        {"name": "many staff", "as_of": "2025-06-30", "facts": {"staff": 20},
         "expect": {"clauses": {"mt:2": {"status": "granted", "granted": "5.00"}}}},
        {"name": "cost", "as_of": "2025-06-30", "facts": {"cost": "20"},
         "expect": {"clauses": {"mt:3": {"status": "granted", "granted": "20.00"}}}}
      ]
    }

    """

    func report(jobs: Int = 2) -> MutationReport {
        let loaded = Zhengce.load([SourceFile(path: "mt.policy", text: Self.policy)])
        let examples = SourceFile(path: "mt.examples.json", text: Self.examples)
        return Mutants.run(Mutants.all(of: loaded), loaded: loaded, examples: [examples], jobs: jobs)
    }

    @Test func theUnderTestedClauseSurvivesAndThePinnedOneIsKilled() {
        let report = report()
        #expect(report.results.count == 17)
        let survivors = report.survivors.map { "\($0.mutant.clause ?? "") \($0.mutant.kind.rawValue): \($0.mutant.old) → \($0.mutant.new)" }
        #expect(survivors == [
            "mt:2 dropped condition: when staff > 10 → (none)",
            "mt:2 comparison: staff > 10 → staff >= 10",
            "mt:2 constant: 10 → 11",
            "mt:2 constant: 10 → 9",
        ])
        // Every change to clause 1 is noticed: the threshold, its inclusion, the rate, the cap.
        let first = report.results.filter { $0.mutant.clause == "mt:1" }
        #expect(first.count == 9)
        #expect(first.allSatisfy { $0.outcome == .killed })
        #expect(Set(first.map(\.mutant.kind)) == [.condition, .comparison, .constant, .cap])
        // Clause 2's amount is pinned even though its condition is not.
        #expect(report.results.filter { $0.mutant.clause == "mt:2" && $0.mutant.kind == .constant && $0.mutant.old == "5万" }.allSatisfy { $0.outcome == .killed })
        // 101% is rejected by the checker (Z205): skipped, not counted in the score.
        let skipped = report.results.filter { $0.outcome == .skipped }
        #expect(skipped.map { "\($0.mutant.old) → \($0.mutant.new)" } == ["100% → 101%"])
        #expect(skipped.first?.reason?.hasPrefix("Z205") == true)
        #expect((report.killed, report.survived, report.skipped) == (12, 4, 1))
        #expect(report.score == decimal("75.00"))
        #expect(report.reaches(decimal("75")))
        #expect(!report.reaches(decimal("75.01")))
    }

    @Test func survivorsAreLocatedWithArticleAndClause() throws {
        let survivor = try #require(report().survivors.first)
        #expect(survivor.mutant.path == "mt.policy")
        #expect(survivor.mutant.line == 18)
        #expect(survivor.mutant.article == "第二条")
        #expect(survivor.mutant.document == "mt")
        #expect(report().text.contains("mt.policy:18: 第二条 mt:2: comparison staff > 10 → staff >= 10"))
        #expect(report().text.contains("mutation score: 12/16 (75.00%)"))
    }

    @Test func oneJobGivesTheSameResultsInTheSameOrder() {
        let one = report(jobs: 1).results.map { "\($0.mutant.location) \($0.mutant.summary) \($0.outcome)" }
        let four = report(jobs: 4).results.map { "\($0.mutant.location) \($0.mutant.summary) \($0.outcome)" }
        #expect(one == four)
    }

    @Test func everyMutantChangesTheTree() {
        // Tree equality ignores spans, so a mutant equal to the original would be a change of nothing.
        let loaded = Zhengce.load([SourceFile(path: "mt.policy", text: Self.policy)])
        let original = loaded.trees[0]
        #expect(Mutants.all(of: loaded).allSatisfy { $0.tree != original })
        #expect(Mutants.every(5, of: Mutants.all(of: loaded)).count == 4)
    }

    @Test func bracketBoundsExclusionsLimitsAndLogic() {
        let text = header + """
        fact capital: money in 万元 "资本"
        fact a: bool "甲"
        fact b: bool "乙"

        clause 1 "分档" (第一条) {
          when a and b "甲且乙"
          amount by capital {
            [1亿, 5亿) => min(capital * 1%, 300万)
            [5亿, ∞) => 500万
          }
        }

        clause 2 "固定" (第二条) {
          amount 10万
        }

        exclusive highest {1, 2} tie first (第二条)

        """
        let loaded = Zhengce.load([SourceFile(path: "t.policy", text: text)])
        let changes = Mutants.all(of: loaded).map { "\($0.kind.rawValue): \($0.old) → \($0.new)" }
        #expect(changes.contains("logic: a and b → a or b"))
        #expect(changes.contains("bound: [1亿 → (1亿"))
        #expect(changes.contains("bound: 5亿) → 5亿]"))
        #expect(changes.contains("dropped limit: min(capital * 1%, 300万) → capital * 1%"))
        #expect(changes.contains("constant: 300万 → 301万"))
        #expect(changes.contains("dropped exclusion: exclusive highest {1, 2} tie first (第二条) → (none)"))
        // `∞` is no bound: nothing to flip.
        #expect(!changes.contains { $0.contains("∞") })
    }

    /// A zero floor around a whole amount changes nothing (an amount of zero or less is refused
    /// with nothing), so it makes no mutant; inside the amount, or any other limit, it does.
    @Test func aZeroFloorAroundTheWholeAmountIsNoMutant() {
        let text = header + """
        fact received: money in 万元 "已获"
        fact cost: money in 万元 "费用"

        clause 1 "余额" (第一条) {
          amount max(0万, 300万 - received)
        }

        clause 2 "部分" (第二条) {
          amount max(0万, cost - received) + 1万
        }

        clause 3 "下限" (第三条) {
          amount max(5万, cost)
        }

        clause 4 "增长" (第四条) {
          amount max(0万, cost - received) * 10%
          cap max(0万, 300万 - received)
        }

        clause 5 "减去" (第五条) {
          amount max(0万, cost) - received
        }

        """
        let loaded = Zhengce.load([SourceFile(path: "t.policy", text: text)])
        let limits = Mutants.all(of: loaded).filter { $0.kind == .limit }.map { "\($0.clause ?? ""): \($0.old) → \($0.new)" }
        #expect(limits == ["t:2: max(0万, cost - received) → cost - received", "t:3: max(5万, cost) → cost", "t:5: max(0万, cost) → cost"])
    }

    @Test(arguments: [
        ("50万", 1, "51万"), ("50万", -1, "49万"), ("0.5%", 1, "0.6%"), ("0.5%", -1, "0.4%"), ("1:1", 1, "1:2"),
        ("2000万美元", -1, "1999万美元"), ("10.00", 1, "10.01"), ("1.0亿", -1, "0.9亿"), ("0万", 1, "1万"),
    ])
    func constantsMoveByOneInTheirLastWrittenDigit(written: String, delta: Int, expected: String) {
        #expect(Mutants.nudged(written, by: delta) == expected)
    }

    @Test func aConstantNeverGoesNegative() {
        #expect(Mutants.nudged("0万", by: -1) == nil)
    }

    // MARK: The command line

    func folder() throws -> String {
        let path = NSTemporaryDirectory() + "zhengce-mutants-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try Self.policy.write(toFile: path + "/mt.policy", atomically: false, encoding: .utf8)
        try Self.examples.write(toFile: path + "/mt.examples.json", atomically: false, encoding: .utf8)
        return path
    }

    func zhengce(_ arguments: [String]) throws -> CommandLineTests.Run {
        try CommandLineTests().zhengce(arguments)
    }

    @Test func jsonShape() throws {
        let path = try folder()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try zhengce(["test", path, "--mutants", "--jobs", "2", "--format", "json"])
        #expect(run.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        #expect(object["format"] as? String == "zhengce.mutants")
        #expect(object["version"] as? Int == 1)
        #expect(object["mutants"] as? Int == 17)
        #expect(object["killed"] as? Int == 12)
        #expect(object["survived"] as? Int == 4)
        #expect(object["skipped"] as? Int == 1)
        #expect(object["score"] as? String == "75.00")
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(results.count == 17)
        let survivor = try #require(results.first { $0["outcome"] as? String == "survived" })
        #expect(Set(survivor.keys) == ["outcome", "file", "line", "column", "document", "clause", "article", "kind", "old", "new", "reason"])
        #expect(survivor["clause"] as? String == "mt:2")
        #expect(survivor["article"] as? String == "第二条")
        #expect(survivor["line"] as? Int == 18)
        let killed = try #require(results.first { $0["outcome"] as? String == "killed" })
        #expect((killed["reason"] as? String)?.contains("mt.examples.json:") == true)
    }

    @Test func minimumMutationScoreSetsTheExitCode() throws {
        let path = try folder()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let met = try zhengce(["test", path, "--min-mutation-score", "75"])
        #expect(met.status == 0)
        #expect(met.out.contains("mutation score: 12/16 (75.00%)"))
        let below = try zhengce(["test", path, "--mutants", "--min-mutation-score", "75.01"])
        #expect(below.status == 1)
        #expect(below.err.contains("below the minimum of 75.01%"))
        #expect(try zhengce(["test", path, "--mutants", "--min-mutation-score", "101"]).status == 2)
        #expect(try zhengce(["test", path, "--mutants", "--jobs", "0"]).status == 2)
        #expect(try zhengce(["test", path, "--jobs", "2"]).status == 2)
        #expect(try zhengce(["test", path, "--mutants", "--update"]).status == 2)
    }

    @Test func failingExamplesComeFirst() throws {
        let path = try folder()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.examples.replacingOccurrences(of: "\"10.00\"", with: "\"11.00\"").write(toFile: path + "/mt.examples.json", atomically: false, encoding: .utf8)
        let run = try zhengce(["test", path, "--mutants"])
        #expect(run.status == 1)
        #expect(run.err.contains("mutants are tried only once every example passes"))
        #expect(!run.out.contains("mutation score"))
    }
}
