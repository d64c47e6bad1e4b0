import Foundation
import Testing
@testable import ZhengceKit

/// Caps shared by several clauses, one-way precedence, validity not stated, citations as documents
/// number their items, and coverage of bracket arms inside definitions; each on policies written
/// for the test or on `Fixtures/policies/mechanics`.
@Suite struct MechanicsTests {
    static let folder = fixturePolicies + "/mechanics"

    func load(_ body: String, others: [(String, String)] = []) -> Zhengce.Loaded {
        Zhengce.load([SourceFile(path: "t.policy", text: header + body)] + others.map { SourceFile(path: $0.0, text: $0.1) })
    }

    func run(_ program: Program, _ facts: String, asOf: String = "2025-06-30", explain: Bool = true) throws -> Evaluation {
        let applicant = try ApplicantReader.read(SourceFile(path: "<facts>", text: "{\"facts\": \(facts)}"), program: program)
        return Zhengce.evaluate(program, applicant, asOf: Day(iso: asOf)!, explain: explain)
    }

    func codes(_ body: String, others: [(String, String)] = []) -> [String] {
        load(body, others: others).diagnostics.map(\.code.rawValue)
    }

    static let sharedBody = """
    fact a: money in 万元 "a"
    fact b: money in 万元 "b"
    clause 1 "分三年" (第一条) {
      amount a
      schedule 3 equal parts
    }
    clause 2 "一次性" (第二条) {
      amount b
    }

    """

    // MARK: Shared caps

    @Test func sharedCapInOrderCutsTheLaterClauseAndSplitsOnlyTheScheduledOne() throws {
        let program = try #require(load(Self.sharedBody + "shared cap 100万 { 2, 1 } reduce in order (第三条)").program)
        // 2 is listed first: it keeps 40; 1 gets 100 − 40 = 60 of its 90, split 20 / 20 / 20.
        let evaluation = try run(program, #"{"a": 90, "b": 40}"#)
        #expect(evaluation.granted("t:2") == "40.00")
        #expect(evaluation.granted("t:1") == "60.00")
        #expect(evaluation.amount("t:1") == "90.00")
        #expect(evaluation.clause("t:1")?.installments.map { EvaluationReport.wan($0.amount) } == ["20.00", "20.00", "20.00"])
        #expect(evaluation.clause("t:2")?.installments.isEmpty == true)
        #expect(evaluation.clause("t:1")?.reducedBy == "100.00万元 over t:2 + t:1")
        #expect(evaluation.clause("t:2")?.reducedBy == nil)
        #expect(evaluation.total == decimal("1000000"))
        #expect(evaluation.clause("t:1")?.trace.contains { $0.kind == .cap && $0.text.contains("90.00万元 → 60.00万元") && $0.article == "第三条" } == true)
        // A member still undetermined is named in the trace of the granted ones.
        let pending = try run(program, #"{"b": 40}"#)
        #expect(pending.status("t:1") == .undetermined)
        #expect(pending.clause("t:2")?.trace.contains { $0.kind == .note && $0.text.contains("t:1 is undetermined") } == true)
        // Under the limit nothing changes.
        let under = try run(program, #"{"a": 30, "b": 40}"#)
        #expect(under.granted("t:1") == "30.00")
        #expect(under.clause("t:1")?.reducedBy == nil)
    }

    @Test func sharedCapUsedUpExcludesTheLastClause() throws {
        let program = try #require(load(Self.sharedBody + "shared cap 50万 { 2, 1 } reduce in order (第三条)").program)
        let evaluation = try run(program, #"{"a": 90, "b": 60}"#)
        #expect(evaluation.granted("t:2") == "50.00")
        #expect(evaluation.status("t:1") == .excluded)
        #expect(evaluation.clause("t:1")?.excludedBy == "t:2")
        #expect(evaluation.clause("t:1")?.installments.isEmpty == true)
        #expect(evaluation.total == decimal("500000"))
    }

    @Test func sharedCapProportionallyPaysExactlyTheLimit() throws {
        let program = try #require(load(Self.sharedBody + "shared cap 100万 { 1, 2 } reduce proportionally (第三条)").program)
        // 100 × 100/300 = 33.333… → 33.33 (down); 2 takes 100 − 33.33 = 66.67.
        let evaluation = try run(program, #"{"a": 100, "b": 200}"#)
        #expect(evaluation.granted("t:1") == "33.33")
        #expect(evaluation.granted("t:2") == "66.67")
        #expect(evaluation.total == decimal("1000000"))
        #expect(evaluation.clause("t:1")?.installments.map { EvaluationReport.wan($0.amount) } == ["11.11", "11.11", "11.11"])
    }

    @Test func scheduledPortionKeepsItsPartAndTheOneTimePartIsCutFirst() throws {
        let body = """
        fact a: money in 万元 "a"
        clause 1 "部分分年" (第一条) {
          amount a
          schedule 2 equal parts of 60万
        }
        clause 2 "一次性" (第二条) {
          amount 50万
        }
        shared cap 120万 { 2, 1 } reduce in order (第三条)
        """
        let program = try #require(load(body).program)
        // 1 is 100 (60 scheduled, 40 at once), cut to 70: 60 scheduled 30 / 30, 10 at once in the first year.
        let evaluation = try run(program, #"{"a": 100}"#)
        #expect(evaluation.granted("t:1") == "70.00")
        #expect(evaluation.clause("t:1")?.installments.map { EvaluationReport.wan($0.amount) } == ["40.00", "30.00"])
    }

    @Test func exclusionsApplyBeforeSharedCaps() throws {
        let body = Self.sharedBody + """
        clause 3 "其他" (第三条) {
          amount 80万
        }
        exclusive highest { 1, 3 } (第四条)
        shared cap 100万 { 2, 1 } reduce in order (第五条)
        """
        let program = try #require(load(body).program)
        // The exclusion weighs the full amounts: 1 (90) beats 3 (80). Only then does the shared cap
        // cut 1 to 100 − 40 = 60; had the cap come first, 3 (80) would have beaten 1 (60).
        let evaluation = try run(program, #"{"a": 90, "b": 40}"#)
        #expect(evaluation.status("t:3") == .excluded)
        #expect(evaluation.clause("t:3")?.excludedBy == "t:1")
        #expect(evaluation.granted("t:1") == "60.00")
        #expect(evaluation.granted("t:2") == "40.00")
    }

    @Test func aClauseInTwoSharedCapsIsCutByEachInFileOrder() throws {
        let body = Self.sharedBody + """
        clause 3 "其他" (第三条) {
          amount 30万
        }
        shared cap 100万 { 1, 2 } reduce in order (第四条)
        shared cap 50万 { 3, 2 } reduce in order (第五条)
        """
        let program = try #require(load(body).program)
        // First cap: 1 = 70, 2 = 30 of 40. Second: 3 = 30, 2 = 20 of its 30.
        let evaluation = try run(program, #"{"a": 70, "b": 40}"#)
        #expect(evaluation.granted("t:2") == "20.00")
        #expect(evaluation.total == decimal("1200000"))
    }

    @Test func sharedCapAcrossDocumentsOnTheFixtures() throws {
        let program = try #require(try Zhengce.load(paths: [Self.folder]).program)
        let evaluation = try run(program, #"{"settled": true, "paid_in_capital": "5亿", "relocated": true}"#)
        #expect(evaluation.granted("mc:9") == "1000.00")
        #expect(evaluation.clause("mc:9")?.trace.contains { $0.kind == .cap && $0.location?.contains("sx.policy") == true } == true)
    }

    @Test func evaluationWithoutExplanationReachesTheSameAmounts() throws {
        let program = try #require(try Zhengce.load(paths: [Self.folder]).program)
        for facts in [#"{"settled": true, "paid_in_capital": "20亿", "relocated": true, "takes_fund": true}"#,
                      #"{"office_purchase": 5000, "office_rent": 2000, "fit_out": 1000}"#] {
            let explained = try run(program, facts)
            let plain = try run(program, facts, explain: false)
            #expect(explained.clauses.map(\.granted) == plain.clauses.map(\.granted))
            #expect(explained.clauses.map(\.status) == plain.clauses.map(\.status))
            #expect(explained.clauses.map(\.installments) == plain.clauses.map(\.installments))
            #expect(plain.clauses.allSatisfy { $0.trace.isEmpty })
        }
    }

    @Test func sharedCapMistakesAreLocated() {
        let clauses = Self.sharedBody + """
        benefit 3 "服务" (第三条) {
          applies when a > 0万
        }

        """
        #expect(codes(clauses + "shared cap 100万 { 1, 3 } reduce in order (第四条)").contains("Z411"))
        #expect(codes(clauses + "shared cap 100万美元 { 1, 2 } reduce in order (第四条)").contains("Z412"))
        #expect(codes(clauses + "shared cap a { 1, 2 } reduce in order (第四条)").contains("Z412"))
        #expect(codes(clauses + "shared cap 100万 { 1, 1 } reduce in order (第四条)").contains("Z414"))
        #expect(codes(clauses + "shared cap 100万 { 1, 9 } reduce in order (第四条)").contains("Z402"))
        #expect(codes(clauses + "shared cap 100万 { 1, other:9 } reduce in order (第四条)").contains("Z409"))
        #expect(codes(clauses + "shared cap 100万 { 1 } reduce in order (第四条)").contains("Z403"))
        #expect(codes(clauses + "shared cap 100万 { 1, 2 } (第四条)").contains("Z005"))
        #expect(codes(clauses + "shared cap 100万 { 1, 2 } reduce in order (第四条)").isEmpty)
        let fixed = """
        clause 1 "a" (第一条) {
          amount 30万
        }
        clause 2 "b" (第二条) {
          amount by a {
            [0万, 100万) => 10万
            [100万, ∞) => a * 50%
          }
          cap 40万
        }

        """
        // 30万 + the cap of 40万 = 70万: a limit of 70万 never binds, 69万 may.
        #expect(codes(fixed + "fact a: money in 万元 \"a\"\nshared cap 70万 { 1, 2 } reduce in order (第三条)") == ["Z326"])
        #expect(codes(fixed + "fact a: money in 万元 \"a\"\nshared cap 69万 { 1, 2 } reduce in order (第三条)").isEmpty)
    }

    // MARK: Precedence

    static let precedenceBody = """
    fact fund: bool "基金"
    fact other: bool "其他"
    benefit 1 "基金服务" (第一条) {
      applies when fund
    }
    benefit 2 "对接服务" (第二条) {
      applies when fund or other
    }
    clause 3 "补助" (第三条) {
      applies when fund or other
      amount 10万
    }

    """

    @Test func precedenceRulesOutTheOthersOnlyOneWay() throws {
        let program = try #require(load(Self.precedenceBody + "exclusive 1 over { 2, 3 } (第四条)").program)
        let taken = try run(program, #"{"fund": true}"#)
        #expect(taken.status("t:1") == .benefit)
        #expect(taken.status("t:2") == .excluded)
        #expect(taken.clause("t:2")?.excludedBy == "t:1")
        #expect(taken.status("t:3") == .excluded)
        #expect(taken.granted("t:3") == "0.00")
        #expect(taken.clause("t:3")?.excludedByPrecedence == true)
        // Without 1, the others stand: the rule is one-way.
        let notTaken = try run(program, #"{"other": true}"#)
        #expect(notTaken.status("t:2") == .benefit)
        #expect(notTaken.granted("t:3") == "10.00")
    }

    @Test func exclusionGroupWithAMemberWithoutAmountIsAWarning() {
        let found = load(Self.precedenceBody + "exclusive highest { 3, 2 } (第四条)").diagnostics
        let warning = found.first { $0.code == .exclusionMemberWithoutAmount }
        #expect(warning?.severity == .warning)
        #expect(warning?.message.hasPrefix("`t:2` has no amount") == true)
        #expect(codes(Self.precedenceBody + "exclusive 3 over { 2 } (第四条)").isEmpty)
        #expect(codes(Self.precedenceBody + "exclusive 3 over { 3 } (第四条)").contains("Z414"))
        #expect(codes(Self.precedenceBody + "exclusive 9 over { 2, 3 } (第四条)").contains("Z402"))
        #expect(codes(Self.precedenceBody + "exclusive 3 beyond { 2 } (第四条)").contains("Z005"))
        #expect(codes(Self.precedenceBody + "exclusive 3 over { } (第四条)").contains("Z403"))
    }

    @Test func precedenceOfASumOfClauses() throws {
        let program = try #require(load(Self.precedenceBody + "exclusive 3 + 1 over { 2 } (第四条)").program)
        // 3 is taken (granted) though 1 is not: 2 is ruled out.
        let evaluation = try run(program, #"{"other": true}"#)
        #expect(evaluation.granted("t:3") == "10.00")
        #expect(evaluation.status("t:2") == .excluded)
        #expect(evaluation.clause("t:2")?.excludedBy == "t:3")
    }

    // MARK: Validity not stated

    @Test func validityNotStatedIsANoteAndEveryResultSaysSo() throws {
        let text = """
        policy u {
          title "未载明"
          valid not stated
        }
        clause 1 "a" (第一条) {
          amount 10万
        }
        """
        let loaded = Zhengce.load([SourceFile(path: "u.policy", text: text)])
        #expect(loaded.diagnostics.map(\.code) == [.validityNotStated])
        #expect(loaded.diagnostics.first?.severity == .note)
        let program = try #require(loaded.program)
        for day in ["1990-01-01", "2025-06-30", "2090-12-31"] {
            let evaluation = try run(program, "{}", asOf: day)
            #expect(evaluation.granted("u:1") == "10.00")
            #expect(evaluation.clause("u:1")?.validityStated == false)
            #expect(evaluation.documents.first?.validity == "not stated in the source")
            #expect(evaluation.clause("u:1")?.trace.first?.kind == .validity)
        }
        let json = EvaluationReport.json(try run(program, "{}"), program: program)
        #expect(json.contains("\"validity_stated\": false"))
        #expect(codes("clause 1 \"a\" (第一条) {\n  amount 10万\n}\n").isEmpty)
        #expect(diagnose("policy v {\n  title \"x\"\n  valid not known\n}\n").contains { $0.code == .syntax })
    }

    @Test func notesDoNotFailTheCheckEvenWithDenyWarnings() throws {
        let run = try CommandLineTests().zhengce(["check", "--deny-warnings", Self.folder + "/sx.policy", Self.folder + "/mc.policy"])
        #expect(run.status == 0)
        #expect(run.out.contains("note[Z325]"))
        #expect(run.out.contains("0 errors, 0 warnings, 1 note"))
    }

    // MARK: Citations

    @Test func citationsAsDocumentsNumberTheirItems() throws {
        for article in ["1、", "（一）", "第三款", "附件2", "第三条第二款", "（四）3.", "第二条(一)", "12、（三）"] {
            let loaded = load("clause 1 \"a\" (\(article)) {\n  amount 10万\n}\n")
            #expect(loaded.diagnostics.isEmpty, "\(article): \(loaded.diagnostics.map(\.message))")
            #expect(loaded.program?.clauses["t:1"]?.article == article)
        }
        // A parenthesis that opens an expression is still one.
        let expression = load("clause 1 \"a\" (第一条) {\n  amount (1 + 2) * 10万\n}\n")
        #expect(expression.diagnostics.isEmpty)
        #expect(try run(try #require(expression.program), "{}").granted("t:1") == "30.00")
        // A call typed with the wrong comma is not taken for a citation.
        #expect(load("clause 1 \"a\" (第一条) {\n  amount min(1、2) * 10万\n}\n").diagnostics.contains { $0.code == .unexpectedCharacter })
    }

    // MARK: Coverage

    @Test func coverageCountsBracketArmsInDefinitions() throws {
        let body = """
        fact x: money in 万元 "x"
        let rate = by x {
          [0万, 100万) => 10%
          [100万, ∞) => 5%
        } "比例"
        clause 1 "a" (第一条) {
          amount x * rate
        }
        """
        let program = try #require(load(body).program)
        let items = CoverageItem.all(in: program).filter { $0.kind == .arm }
        #expect(items.map(\.description) == ["let rate [0万, 100万)", "let rate [100万, ∞)"])
        let low = CoverageReport(program: program, evaluations: [try run(program, #"{"x": 50}"#)])
        #expect(low.covered == 2)
        #expect(!low.reaches(decimal("100")))
        let both = CoverageReport(program: program, evaluations: [try run(program, #"{"x": 50}"#), try run(program, #"{"x": 500}"#)])
        #expect(both.reaches(decimal("100")))
    }

    // MARK: Formatting

    @Test func formatterRoundTripsTheNewConstructs() throws {
        let text = header + Self.sharedBody + Self.precedenceBody.replacingOccurrences(of: "clause 3", with: "clause 4") + """
        shared cap 100万 {1,   2} reduce proportionally (第五条)
        exclusive 1 over {2,4} (第六条)
        """
        let formatted = try Formatter.format(SourceFile(path: "t.policy", text: text))
        #expect(formatted.contains("shared cap 100万 {1, 2} reduce proportionally (第五条)"))
        #expect(formatted.contains("exclusive 1 over {2, 4} (第六条)"))
        #expect(try Formatter.format(SourceFile(path: "t.policy", text: formatted)) == formatted)
    }

    @Test func fixtureExamplesPassAndCoverEveryItem() throws {
        let program = try #require(try Zhengce.load(paths: [Self.folder]).program)
        var evaluations: [Evaluation] = []
        for name in ["mc", "sx"] {
            let path = Self.folder + "/\(name).examples.json"
            let results = ExampleRunner.run(SourceFile(path: path, text: try String(contentsOfFile: path, encoding: .utf8)), program: program)
            #expect(!results.isEmpty && results.allSatisfy(\.passed), "\(ExampleRunner.text(results))")
            evaluations += results.compactMap(\.evaluation)
        }
        let coverage = CoverageReport(program: program, evaluations: evaluations)
        #expect(coverage.items.contains { $0.kind == .sharedCap })
        #expect(coverage.items.contains { $0.kind == .arm && $0.description.hasPrefix("let settlement_rate") })
        #expect(coverage.items.contains { $0.description == "exclusive mc:12 over mc:13" })
        #expect(coverage.reaches(decimal("100")), "\(coverage.text)")
    }

    // MARK: Mutants and diff

    @Test func mutantsDropASharedCapAndMoveItsLimit() {
        let loaded = load(Self.sharedBody + "shared cap 100万 {2, 1} reduce in order (第三条)")
        let changes = Mutants.all(of: loaded).map { "\($0.kind.rawValue): \($0.old) → \($0.new)" }
        #expect(changes.contains("dropped shared cap: shared cap 100万 {2, 1} reduce in order (第三条) → (none)"))
        #expect(changes.contains("constant: 100万 → 101万"))
    }

    @Test func diffReportsSharedCapChanges() throws {
        let old = DiffTests.version1 + "shared cap 400万 {2, 3} reduce in order (第四条)\n"
        let changed = DiffTests.version1 + "shared cap 300万 {2, 3} reduce in order (第四条)\n"
        func compare(_ a: String, _ b: String) throws -> [String] {
            let versions = try DiffTests.load(a, b)
            return try PolicyComparison.compare(old: versions.old, new: versions.new, oldProgram: versions.oldProgram, newProgram: versions.newProgram,
                                                members: nil, populationSource: nil, witnesses: [], asOf: Day(iso: "2025-06-30")!).changes.map(\.kind.rawValue)
        }
        #expect(try compare(old, changed) == ["shared_cap"])
        #expect(try compare(DiffTests.version1, old) == ["shared_cap_added"])
        #expect(try compare(old, DiffTests.version1) == ["shared_cap_removed"])
    }
}
