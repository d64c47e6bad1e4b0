import Testing
@testable import ZhengceKit

/// Whole-step increments (`100万 per full 1亿 above 10亿`) on the fixture document
/// `Fixtures/policies/units/steps.policy` and on inline policies.
@Suite struct StepsTests {
    static let program = mechanicsProgram("steps")

    func run(_ facts: String) throws -> Evaluation {
        try evaluate(facts, asOf: "2025-06-30", program: Self.program)
    }

    @Test func onlyFullStepsCount() throws {
        // At the threshold: no step; 0.99亿 above it: still none; exactly 1亿 above: one.
        #expect(try run("{\"paid_in_capital\": \"10亿\"}").granted("steps:2") == "500.00")
        #expect(try run("{\"paid_in_capital\": \"10.99亿\"}").granted("steps:2") == "500.00")
        #expect(try run("{\"paid_in_capital\": \"11亿\"}").granted("steps:2") == "600.00")
        #expect(try run("{\"paid_in_capital\": \"13.5亿\"}").granted("steps:2") == "800.00")
    }

    @Test func theCeilingBindsOnlyWhereItIsWritten() throws {
        // 100亿: 90 steps, 500万 + 9000万 = 9500万.
        let result = try run("{\"paid_in_capital\": \"100亿\"}")
        #expect(result.granted("steps:1") == "5000.00")
        #expect(result.granted("steps:2") == "9500.00")
    }

    @Test func theTraceCountsTheSteps() throws {
        let result = try run("{\"paid_in_capital\": \"13.5亿\"}")
        let steps = result.clause("steps:2")!.trace.filter { $0.text.contains("full step") }
        #expect(steps.count == 1)
        #expect(steps.first?.text.contains("3 full steps of 10,000.00万元 above 100,000.00万元, 3 × 100.00万元 = 300.00万元") == true)
    }

    @Test func aMissingQuantityLeavesTheAmountUndetermined() throws {
        let result = try run("{}")
        #expect(result.status("steps:3") == .undetermined)
        #expect(result.clause("steps:3")?.missingFacts == ["floor_area"])
    }

    @Test func outsideABracketTheQuantityIsNamed() throws {
        // 2500.5 m²: 2 full steps of 1000 m² → 20万; 999 m²: none → nothing granted.
        #expect(try run("{\"floor_area\": \"2500.5\"}").granted("steps:3") == "20.00")
        #expect(try run("{\"floor_area\": \"999\"}").status("steps:3") == .refused)
    }

    @Test func aQuotientRoundedUpByDivisionIsNotAFullStep() throws {
        // 8.999…9 (24 places) ÷ 3 rounds to 3 at 24 places, but only 2 steps are full.
        let text = header + """
        fact n: number "数量"
        clause 1 "a" (第一条) {
          amount 1万 per full 3 of n above 0
        }
        """
        let program = try #require(Zhengce.load([SourceFile(path: "t.policy", text: text)]).program)
        let result = try evaluate("{\"n\": \"8.999999999999999999999999\"}", asOf: "2025-06-30", program: program)
        #expect(result.granted("t:1") == "2.00")
    }

    @Test func coverageCountsAStepIncrementWhenAFullStepIsPaid() throws {
        let key = try #require(CoverageItem.all(in: Self.program).first { $0.kind == .step && $0.description.hasPrefix("steps:3") }?.key)
        #expect(try run("{\"floor_area\": \"2500\"}").exercised.contains(key))
        #expect(try !run("{\"floor_area\": \"999\"}").exercised.contains(key))
    }

    func codes(_ body: String) -> [String] {
        diagnose(header + "fact capital: money in 万元 \"资本\"\n" + body).map(\.code.rawValue)
    }

    @Test func aCeilingAboveTheLastStepOfABoundedArmNeverBinds() {
        // [10亿, 30亿): at most 19 full steps, 500万 + 1900万 = 2400万.
        let arm = "clause 1 \"a\" (第一条) {\n  amount by capital {\n    [10亿, 30亿) => 500万 + 100万 per full 1亿 above 10亿\n  }\n  cap %@\n}\n"
        #expect(codes(arm.replacingOccurrences(of: "%@", with: "2400万")).contains("Z305"))
        #expect(!codes(arm.replacingOccurrences(of: "%@", with: "2399万")).contains("Z305"))
        // Including 30亿 allows a 20th step.
        let inclusive = arm.replacingOccurrences(of: "30亿)", with: "30亿]")
        #expect(!codes(inclusive.replacingOccurrences(of: "%@", with: "2400万")).contains("Z305"))
        #expect(codes(inclusive.replacingOccurrences(of: "%@", with: "2500万")).contains("Z305"))
        // With no upper bound a ceiling can always bind.
        let open = arm.replacingOccurrences(of: "30亿)", with: "∞)")
        #expect(!codes(open.replacingOccurrences(of: "%@", with: "5000万")).contains("Z305"))
    }

    @Test func stepsAreCheckedForSizeUnitAndThreshold() {
        let clause = { (result: String) in "clause 1 \"a\" (第一条) {\n  amount by capital {\n    [10亿, 30亿) => \(result)\n  }\n}\n" }
        #expect(codes(clause("100万 per full -1亿 above 10亿")).contains("Z210"))
        #expect(codes(clause("100万 per full capital above 10亿")).contains("Z210"))
        #expect(codes(clause("100万 per full 1 above 10亿")).contains("Z211"))
        #expect(codes(clause("100万 per full 1亿 above 10")).contains("Z211"))
        #expect(codes(clause("100万 per full 1亿 above 5亿")).contains("Z213"))
        #expect(codes(clause("100万 per full 1亿 above 30亿")).contains("Z213"))
        #expect(codes(clause("100万 per full 1亿 above 10亿")).isEmpty)
        #expect(codes("clause 1 \"a\" (第一条) {\n  amount 100万 per full 1亿 above 10亿 + 0万 * capital\n}\n").contains("Z212"))
    }

    @Test func theFormatterKeepsTheForm() throws {
        let text = header + "fact capital: money in 万元 \"资本\"\nclause 1 \"a\" (第一条) {\n  amount   500万+100万  per   full 1亿 of capital   above 10亿\n}\n"
        let formatted = try Formatter.format(SourceFile(path: "t.policy", text: text))
        #expect(formatted.contains("amount 500万 + 100万 per full 1亿 of capital above 10亿\n"))
        #expect(try Formatter.format(SourceFile(path: "t.policy", text: formatted)) == formatted)
    }

    @Test func mutantsMoveTheStepsConstants() {
        let text = header + "fact capital: money in 万元 \"资本\"\nclause 1 \"a\" (第一条) {\n  amount by capital {\n    [10亿, ∞) => 500万 + 100万 per full 1亿 above 10亿\n  }\n}\n"
        let loaded = Zhengce.load([SourceFile(path: "t.policy", text: text)])
        let changes = Mutants.all(of: loaded).map { "\($0.old) → \($0.new)" }
        #expect(changes.contains("100万 → 101万"))
        #expect(changes.contains("1亿 → 2亿"))
        #expect(changes.contains("10亿 → 9亿"))
    }
}
