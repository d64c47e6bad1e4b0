import Testing
@testable import ZhengceKit

/// Each language construct, evaluated on a small policy written for the test.
@Suite struct LanguageTests {
    func program(_ body: String) throws -> Program {
        let loaded = Zhengce.load([SourceFile(path: "t.policy", text: header + body)])
        guard let program = loaded.program else {
            throw CheckFailure(messages: loaded.diagnostics.map(DiagnosticRenderer.text))
        }
        return program
    }

    struct CheckFailure: Error { var messages: [String] }

    func run(_ body: String, _ facts: String, asOf: String = "2025-06-30", prior: String = "{}") throws -> Evaluation {
        let program = try program(body)
        let inner = facts == "{}" ? "{" : String(facts.dropLast()) + ", "
        let file = SourceFile(path: "<facts>", text: "{\"facts\": \(inner)\"prior_received\": \(prior)}}")
        return Zhengce.evaluate(program, try ApplicantReader.read(file, program: program), asOf: Day(iso: asOf)!)
    }

    @Test func setsOfChoicesAndMembership() throws {
        let body = """
        fact certs: set of choice {"srdi", "hnte", "giant"} "资质"
        clause 1 "a" (第一条) {
          when certs is not empty and "giant" in certs
          amount 10万
        }
        """
        #expect(try run(body, #"{"certs": ["giant", "hnte"]}"#).granted("t:1") == "10.00")
        #expect(try run(body, #"{"certs": ["hnte"]}"#).status("t:1") == .refused)
        #expect(try run(body, #"{}"#).status("t:1") == .refused)
    }

    @Test func floorAndCapMakeARange() throws {
        // '10-50万' on 5% of x: 5% × 100 = 5 → floor 10; 5% × 2000 = 100 → cap 50; 5% × 400 = 20.
        let body = """
        fact x: money in 万元 "x"
        clause 1 "a" (第一条) {
          amount x * 5%
          floor 10万
          cap 50万
        }
        """
        #expect(try run(body, #"{"x": "100"}"#).granted("t:1") == "10.00")
        #expect(try run(body, #"{"x": "2000"}"#).granted("t:1") == "50.00")
        #expect(try run(body, #"{"x": "400"}"#).granted("t:1") == "20.00")
    }

    @Test func clampAndPerUnitMoney() throws {
        // 1500元 per m² on 333 m² = 499500元 = 49.95万; clamp to [0, 40万] → 40.
        let body = """
        fact area: number in "m²" "面积"
        clause 1 "a" (第一条) {
          amount clamp(area * 1500元/m², 0万, 40万)
        }
        """
        #expect(try run(body, #"{"area": 333}"#).granted("t:1") == "40.00")
        #expect(try run(body, #"{"area": "100"}"#).granted("t:1") == "15.00")
    }

    @Test func equalPartsGiveTheRemainderToTheLastYear() throws {
        // 100 / 3 = 33.33, 33.33, 33.34.
        let body = """
        clause 1 "a" (第一条) {
          amount 100万
          schedule 3 equal parts
        }
        """
        let outcome = try run(body, "{}", asOf: "2026-02-01").clause("t:1")!
        #expect(outcome.installments.map { "\($0.year) \(EvaluationReport.wan($0.amount))" } == ["2026 33.33", "2027 33.33", "2028 33.34"])
    }

    @Test func onlyThePartOfTheScheduleIsPaidByYear() throws {
        // 100 at once and 1000 by 40/30/30: 500, 300, 300; with no yearly part, no installments.
        let body = """
        fact yearly: money in 万元 "分年度部分"
        clause 1 "a" (第一条) {
          amount 100万 + yearly
          schedule 40% / 30% / 30% of yearly
        }
        """
        let outcome = try run(body, #"{"yearly": "1000"}"#).clause("t:1")!
        #expect(outcome.installments.map { EvaluationReport.wan($0.amount) } == ["500.00", "300.00", "300.00"])
        #expect(try run(body, #"{"yearly": "0"}"#).clause("t:1")!.installments.isEmpty)
    }

    /// A condition `a and b and …` that fails names the first of its parts that is false, with the
    /// facts that part reads; each part is evaluated as itself, not as another part.
    @Test func aFailedConditionNamesTheFirstOfItsPartsThatIsFalse() throws {
        let program = checkedProgram(header + """
        fact a: bool "a"
        fact b: bool "b"
        fact c: bool "c"
        fact n: money in 万元 "n"

        clause 1 "t" (第一条) {
          when a and not b and n > 5万 and c "条件"
          amount 1万
        }
        """)
        let parts = ["a", "not b", "n > 5万", "c"]
        let cases: [(String, String)] = [
            (#"{"a": false, "b": false, "c": true, "n": 10}"#, "a"),
            (#"{"a": true, "b": true, "c": true, "n": 10}"#, "not b"),
            (#"{"a": true, "b": false, "c": true, "n": 1}"#, "n > 5万"),
            (#"{"a": true, "b": false, "c": false, "n": 10}"#, "c"),
        ]
        for (facts, named) in cases {
            let outcome = try #require(try evaluate(facts, asOf: "2025-06-30", program: program).clause("t:1"))
            #expect(outcome.status == .refused, "\(facts)")
            let failed = outcome.trace.filter { $0.text.contains("is false") }.map(\.text)
            #expect(failed.count == 1 && failed[0].contains("`\(named)` is false"), "\(facts): \(failed)")
            for other in parts where other != named { #expect(!failed.joined().contains("`\(other)` is false"), "\(facts): \(failed)") }
        }
        let withReading = try #require(try evaluate(#"{"a": true, "b": false, "c": true, "n": 1}"#, asOf: "2025-06-30", program: program).clause("t:1"))
        #expect(withReading.trace.contains { $0.text.contains("`n > 5万` is false") && $0.text.contains("n = 1.00万元") }, "\(withReading.trace.map(\.text))")
    }

    @Test func aggregatesReadEveryItemBeforeAnswering() throws {
        let body = """
        fact items: list of record { amount: money in 万元 "金额", ok: bool "合格" } "项目"
        clause 1 "a" (第一条) {
          amount sum(i in items: i.amount)
        }
        clause 2 "b" (第一条) {
          when any(i in items: i.ok and i.amount >= 1万)
          amount 1万
        }
        clause 3 "c" (第一条) {
          amount max(i in items: i.amount) + min(i in items: i.amount) + count(i in items where i.ok) * 1万
        }
        """
        let huge = "9999999999999999999999999999999999"
        // Two huge amounts overflow the sum; a third item without an amount leaves it unknown
        // instead, as every item is read before the sum is.
        let overflowing = try run(body, #"{"items": [{"amount": "\#(huge)", "ok": true}, {"amount": "\#(huge)", "ok": true}]}"#)
        #expect(overflowing.status("t:1") == .undetermined && overflowing.failures.contains { $0.contains("arithmetic overflow") })
        let unknown = try run(body, #"{"items": [{"amount": "\#(huge)", "ok": true}, {"amount": "\#(huge)", "ok": true}, {"ok": true}]}"#)
        #expect(unknown.status("t:1") == .undetermined && unknown.failures.isEmpty)
        // `any` decided by the first item still reads the second.
        #expect(try run(body, #"{"items": [{"amount": "1", "ok": true}, {"ok": true}]}"#).status("t:2") == .undetermined)
        #expect(try run(body, #"{"items": [{"amount": "1", "ok": true}, {"amount": "1", "ok": false}]}"#).granted("t:2") == "1.00")
        #expect(try run(body, #"{"items": [{"amount": "1", "ok": false}, {"amount": "1", "ok": false}]}"#).status("t:2") == .refused)
        // 9 + 5 + 2 items that are ok.
        let folded = try run(body, #"{"items": [{"amount": "5", "ok": true}, {"amount": "9", "ok": false}, {"amount": "7", "ok": true}]}"#)
        #expect(folded.granted("t:1") == "21.00" && folded.granted("t:3") == "16.00")
        // Nothing to fold: a sum, a maximum and a count of nothing are 0.
        #expect(try run(body, #"{"items": []}"#).granted("t:3") == "0.00")
    }

    @Test func nestedAggregatesReadTheirOwnItemsFields() throws {
        let body = """
        fact funds: list of record {
          size: money in 万元 "规模",
          rate: number "比例",
          parts: list of record { size: money in 万元 "份额" } "份额"
        } "基金"
        clause 1 "a" (第一条) {
          amount sum(f in funds: f.size + sum(p in f.parts: p.size * f.rate))
        }
        """
        // 10 + (1 + 3) × 2, then 5 + 4 × 0.5: each inner item's field, and the outer item's.
        let both = try run(body, #"{"funds": [{"size": 10, "rate": 2, "parts": [{"size": 1}, {"size": 3}]}, {"size": 5, "rate": 0.5, "parts": [{"size": 4}]}]}"#)
        #expect(both.granted("t:1") == "25.00")
        // A field an item leaves out is named with the item's place.
        let missing = try run(body, #"{"funds": [{"size": 10, "rate": 2, "parts": []}, {"size": 5, "parts": [{"size": 4}]}]}"#)
        #expect(missing.status("t:1") == .undetermined && missing.clause("t:1")?.missingFacts == ["funds[2].rate"])
    }

    @Test func builtInCallsInsideBuiltInCallsKeepTheirOwnArguments() throws {
        let body = """
        fact a: money in 万元 "a"
        fact b: money in 万元 "b"
        fact c: money in 万元 "c"
        clause 1 "a" (第一条) {
          amount min(max(a, b), max(c, 1万), clamp(a + b + c, 2万, 100万))
        }
        """
        // min(8, 5, 16) and min(8, 10, 21).
        #expect(try run(body, #"{"a": "3", "b": "8", "c": "5"}"#).granted("t:1") == "5.00")
        #expect(try run(body, #"{"a": "3", "b": "8", "c": "10"}"#).granted("t:1") == "8.00")
        #expect(try run(body, #"{"a": "3", "c": "10"}"#).status("t:1") == .undetermined)
    }

    @Test func groupingCapsPerPerson() throws {
        // 张: 80 + 40 = 120 → 100; 李: 60 → 160 in all.
        let body = """
        fact titles: list of record { person: text "人", amount: money in 万元 "金额" } "称号"
        clause 1 "a" (第一条) {
          amount sum(p in group(t in titles by t.person): min(sum(t in p.items: t.amount), 100万))
        }
        """
        let facts = #"{"titles": [{"person": "张", "amount": "80"}, {"person": "李", "amount": "60"}, {"person": "张", "amount": "40"}]}"#
        #expect(try run(body, facts).granted("t:1") == "160.00")
    }

    @Test func cumulativeCapSubtractsWhatWasReceived() throws {
        let body = """
        fact x: money in 万元 "x"
        clause 1 "a" (第一条) {
          amount x
          cap 1000万 cumulative
        }
        """
        #expect(try run(body, #"{"x": "800"}"#, prior: #"{"t:1": "300"}"#).granted("t:1") == "700.00")
        #expect(try run(body, #"{"x": "800"}"#, prior: #"{"t:1": "1000"}"#).status("t:1") == .refused)
    }

    @Test func threeValuedLogicAndFallbacks() throws {
        let body = """
        fact a: money in 万元 "a"
        fact b: money in 万元 "b"
        fact ok: bool "ok"
        clause 1 "a" (第一条) {
          when ok and a > 1万
          amount (a ?? b) * 10%
        }
        """
        // false and missing is false: refused, not undetermined.
        #expect(try run(body, #"{"ok": false}"#).status("t:1") == .refused)
        // true and missing is missing: undetermined, naming the fact.
        let undecided = try run(body, #"{"ok": true}"#).clause("t:1")!
        #expect(undecided.status == .undetermined && undecided.missingFacts == ["a"])
        #expect(try run(body, #"{"ok": true, "a": "20", "b": "50"}"#).granted("t:1") == "2.00")
    }

    @Test func exclusionTieRules() throws {
        func body(_ tie: String) -> String {
            """
            clause 1 "a" (第一条) {
              amount 10万
            }
            clause 2 "b" (第二条) {
              amount 10万
            }
            exclusive highest {1, 2} tie \(tie) (第三条)
            """
        }
        let first = try run(body("first"), "{}")
        #expect(first.status("t:2") == .excluded && first.clause("t:2")?.excludedBy == "t:1")
        let last = try run(body("last"), "{}")
        #expect(last.status("t:1") == .excluded && last.clause("t:1")?.excludedBy == "t:2")
        #expect(last.total == decimal("100000"))
    }

    @Test func choiceExclusionRecommendsTheHighest() throws {
        let body = """
        clause 1 "a" (第一条) {
          amount 10万
        }
        clause 2 "b" (第二条) {
          amount 12万
        }
        exclusive choice {1, 2} (第三条)
        """
        let result = try run(body, "{}")
        #expect(result.status("t:1") == .excluded)
        #expect(result.clause("t:1")!.trace.contains { $0.text.contains("may choose one") })
    }

    @Test func amountsOfOtherClausesFeedMatching() throws {
        // 1:1 matching of the granted amount; 0 when the matched clause is refused.
        let body = """
        fact x: money in 万元 "x"
        clause 1 "a" (第一条) {
          when x > 0万
          amount x * 30%
          cap 500万 per item
        }
        clause 2 "b" (第二条) {
          amount 1:1 * amount(1)
        }
        """
        #expect(try run(body, #"{"x": "2000"}"#).granted("t:2") == "500.00")
        #expect(try run(body, #"{"x": "0"}"#).status("t:2") == .refused)
    }

    @Test func inputUnitsForUSDAndPercentages() throws {
        let body = """
        fact size: money in 百万美元 "规模"
        fact rate: percent "强度"
        clause 1 "a" (第一条) {
          when size >= 2000万美元 and rate > 5%
          amount 50万
        }
        """
        #expect(try run(body, #"{"size": "20", "rate": "5.1"}"#).granted("t:1") == "50.00")
        #expect(try run(body, #"{"size": "2000万美元", "rate": 6}"#).granted("t:1") == "50.00")
        #expect(try run(body, #"{"size": "19.99", "rate": "5.1"}"#).status("t:1") == .refused)
        #expect(throws: ApplicantReader.Failure.self) { try run(body, #"{"size": "20亿", "rate": 6}"#) }
    }

    @Test func arithmeticFailuresAreReportedNotTrapped() throws {
        let body = """
        fact a: money in 万元 "a"
        fact b: money in 万元 "b"
        clause 1 "a" (第一条) {
          amount a / b * 1万
        }
        clause 2 "b" (第二条) {
          amount a * 1000000000000000000000
        }
        """
        let division = try run(body, #"{"a": "1", "b": "0"}"#).clause("t:1")!
        #expect(division.status == .undetermined)
        #expect(division.trace.contains { $0.text.contains("division by zero") })
        let overflow = try run(body, #"{"a": "99999999999999999999999999", "b": "1"}"#).clause("t:2")!
        #expect(overflow.status == .undetermined)
        #expect(overflow.trace.contains { $0.text.contains("overflow") })
    }

    @Test func documentsOutsideTheirValidityGrantNothingAndSayWhy() throws {
        let body = """
        clause 1 "a" (第一条) {
          amount 10万
        }
        """
        let result = try run(body, "{}", asOf: "2029-01-01")
        #expect(result.status("t:1") == .refused)
        #expect(result.documents[0].inForce == false)
        #expect(result.documents[0].reasons[0].contains("not in force on 2029-01-01"))
    }
}
