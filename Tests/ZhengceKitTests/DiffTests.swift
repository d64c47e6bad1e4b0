import Foundation
import Testing
@testable import ZhengceKit

/// `zhengce diff` on two versions of a small policy written here: what changed, where results
/// change, the witness value and the direction, and the change for a population.
@Suite struct DiffTests {
    static let version1 = """
    policy d {
      title "差异测试"
      valid from 2025-01-01 until 2028-12-31
      money in 万元 rounded to 0.01 half-up
      eligible when registered "在区内注册"
    }

    fact registered: bool "在区内注册"
    fact premium: money in 万元 "保费"
    fact capital: money in 万元 "实缴资本"
    fact revenue: money in 万元 "营业收入"

    clause 1 "保费补贴" (第一条) {
      when premium > 10万 "保费超过10万元"
      amount premium * 50%
      cap 50万 per year
    }

    clause 2 "资本补助" (第二条) {
      amount by capital {
        [5000万, 1亿) => 200万
        [1亿, ∞) => 500万
      }
    }

    clause 3 "收入奖励" (第三条) {
      when revenue >= 1000万 "收入达到1000万元"
      amount 10万
    }

    """

    /// The first version with `edits` (old text → new text) applied.
    static func version2(_ edits: [(String, String)]) -> String {
        var text = version1
        for (old, new) in edits {
            precondition(text.contains(old), "fixture edit not found: \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        return text
    }

    struct Versions {
        var old: Zhengce.Loaded
        var new: Zhengce.Loaded
        var oldProgram: Program
        var newProgram: Program
    }

    static func load(_ old: String, _ new: String) throws -> Versions {
        let before = Zhengce.load([SourceFile(path: "old/d.policy", text: old)])
        let after = Zhengce.load([SourceFile(path: "new/d.policy", text: new)])
        let oldProgram = try #require(before.program, "\(before.diagnostics.map(DiagnosticRenderer.text))")
        let newProgram = try #require(after.program, "\(after.diagnostics.map(DiagnosticRenderer.text))")
        return Versions(old: before, new: after, oldProgram: oldProgram, newProgram: newProgram)
    }

    static func applicant(_ name: String, _ facts: String) throws -> PopulationDiff.Member {
        let file = SourceFile(path: "people.jsonl", text: #"{"applicant": "\#(name)", "as_of": "2025-06-30", "facts": \#(facts)}"#)
        return try #require(try PopulationDiff.jsonLines(file).first)
    }

    static func compare(_ new: String, people: [PopulationDiff.Member]? = nil, witnesses: [PopulationDiff.Member] = []) throws -> PolicyComparison {
        let versions = try load(version1, new)
        return try PolicyComparison.compare(old: versions.old, new: versions.new, oldProgram: versions.oldProgram, newProgram: versions.newProgram,
                                            members: people, populationSource: people == nil ? nil : "people.jsonl", witnesses: witnesses,
                                            asOf: Day(iso: "2025-06-30")!)
    }

    /// Malformed JSON in an applicants file is located at its line and column in the file, with
    /// that line shown, as `eval` locates it.
    @Test func aBadLineOfApplicantsIsLocatedInTheFile() throws {
        let file = SourceFile(path: "df/bad.jsonl", text: "{\"facts\": {}}\n\n{}\r\n{\"facts\": {}}\n{bad json\n")
        do {
            _ = try PopulationDiff.jsonLines(file)
            Issue.record("a malformed line was read")
        } catch {
            let diagnostic = try #require(error.diagnostics.first)
            let text = DiagnosticRenderer.text(diagnostic)
            #expect(text.hasPrefix("df/bad.jsonl:5:2: error[Z501]"), "\(text)")
            #expect(text.contains("5 | {bad json"), "\(text)")
        }
        #expect(try PopulationDiff.jsonLines(SourceFile(path: "ok.jsonl", text: "{\"facts\": {}}\r\n\n{\"facts\": {}}")).map(\.location) == ["ok.jsonl:1", "ok.jsonl:3"])
    }

    @Test func reformattingAndRewritingANumberShowNoChange() throws {
        let reformatted = Self.version2([
            ("  amount premium * 50%", "  // 第一条: half the premium.\n\n  amount   premium*50%"),
            ("[5000万, 1亿) => 200万", "[0.5亿, 10000万) => 200万"),
        ])
        let comparison = try Self.compare(reformatted)
        #expect(comparison.changes.isEmpty, "\(comparison.changes.map(\.what))")
        #expect(!comparison.hasChanges)
    }

    @Test func aRaisedCapHasItsRangeWitnessAndDirectionFromAnApplicant() throws {
        let someone = try Self.applicant("premium 20", #"{"registered": true, "premium": "20"}"#)
        let comparison = try Self.compare(Self.version2([("cap 50万 per year", "cap 60万 per year")]), witnesses: [someone])
        try #require(comparison.changes.count == 1)
        let change = comparison.changes[0]
        #expect(change.kind == .cap && change.clause == "d:1" && change.article == "第一条")
        #expect(change.old?.text == "cap 50万 per year" && change.new?.text == "cap 60万 per year")
        #expect(change.old?.location == "old/d.policy:16" && change.new?.location == "new/d.policy:16")
        let impact = try #require(change.impact)
        // 50% of the premium passes the lower cap above 100万 and reaches the higher one at 120万.
        #expect(impact.fact == "premium")
        #expect(impact.range == "(100万元, ∞)")
        #expect(impact.witness == "120万元")
        #expect(impact.verdict == .moreGenerous)
        #expect(impact.basis.contains("50.00 → 60.00万元") && impact.basis.contains("premium 20"))
    }

    @Test func aLoweredRateIsLessGenerousBelowTheCap() throws {
        let comparison = try Self.compare(Self.version2([("amount premium * 50%", "amount premium * 40%")]))
        let change = try #require(comparison.changes.first)
        #expect(change.kind == .rate && change.old?.text == "50%" && change.new?.text == "40%")
        let impact = try #require(change.impact)
        // Results change until 40% of the premium reaches the cap: below 125万; at 50万 / 50% = 100万
        // the old version pays 50, the new 40.
        #expect(impact.range == "(0万元, 125万元)")
        #expect(impact.witness == "100万元")
        #expect(impact.verdict == .lessGenerous)
    }

    @Test func aMovedBracketBoundGivesTheValuesThatChangeArm() throws {
        let comparison = try Self.compare(Self.version2([("[5000万, 1亿) => 200万\n    [1亿, ∞)", "[5000万, 1.2亿) => 200万\n    [1.2亿, ∞)")]))
        #expect(comparison.changes.map(\.what) == ["bracket arm 1 upper bound", "bracket arm 2 lower bound"])
        for change in comparison.changes {
            #expect(change.kind == .bound && change.clause == "d:2")
            let impact = try #require(change.impact)
            #expect(impact.range == "[10,000万元, 12,000万元)")
            #expect(impact.witness == "10,000万元")
            // The bracket's own results decide it without an applicant: 500 before, 200 after.
            #expect(impact.verdict == .lessGenerous)
        }
        #expect(comparison.changes[0].old?.text == "1亿)" && comparison.changes[0].new?.text == "1.2亿)")
    }

    @Test func aBoundThatOnlyChangesItsInclusionChangesOneValue() throws {
        let comparison = try Self.compare(Self.version2([("[5000万, 1亿) => 200万\n    [1亿, ∞)", "[5000万, 1亿] => 200万\n    (1亿, ∞)")]))
        #expect(comparison.changes.map(\.kind) == [.inclusion, .inclusion])
        let impact = try #require(comparison.changes.first?.impact)
        #expect(impact.range == "[10,000万元, 10,000万元]")
        #expect(impact.witness == "10,000万元")
        #expect(impact.verdict == .lessGenerous)
        #expect(DiffReport.text(comparison).contains("results change for capital = 10,000万元 only (the witness)"))
    }

    @Test func aLoweredThresholdLetsMoreApplicantsQualify() throws {
        let comparison = try Self.compare(Self.version2([("revenue >= 1000万", "revenue >= 800万")]))
        let change = try #require(comparison.changes.first)
        #expect(change.kind == .threshold && change.what.contains("收入达到1000万元"))
        let impact = try #require(change.impact)
        #expect(impact.range == "[800万元, 1,000万元)")
        #expect(impact.witness == "800万元")
        #expect(impact.verdict == .moreGenerous)
        // A strict comparison turned inclusive moves one value only.
        let inclusive = try Self.compare(Self.version2([("premium > 10万", "premium >= 10万")]))
        #expect(inclusive.changes.first?.kind == .inclusion)
        #expect(inclusive.changes.first?.impact?.range == "[10万元, 10万元]")
        #expect(inclusive.changes.first?.impact?.verdict == .moreGenerous)
    }

    @Test func clausesConditionsEligibilityValidityAndExclusionsAreListed() throws {
        let new = Self.version2([
            ("valid from 2025-01-01 until 2028-12-31", "valid from 2025-01-01 until 2029-12-31"),
            ("  eligible when registered \"在区内注册\"\n", "  eligible when registered \"在区内注册\"\n  eligible when revenue > 0万 \"有营业收入\"\n"),
            ("  when revenue >= 1000万 \"收入达到1000万元\"\n", "  when revenue >= 1000万 \"收入达到1000万元\"\n  when capital > 0万 \"有实缴资本\"\n"),
            ("clause 3 \"收入奖励\"", "clause 4 \"新设奖励\" (第四条) {\n  amount 5万\n}\n\nclause 3 \"收入奖励\""),
        ]) + "exclusive highest {1, 2} (第二条)\n"
        let comparison = try Self.compare(new)
        let kinds = comparison.changes.map(\.kind)
        #expect(kinds.contains(.validity) && kinds.contains(.eligibilityAdded) && kinds.contains(.conditionAdded))
        #expect(kinds.contains(.clauseAdded) && kinds.contains(.exclusionAdded))
        #expect(comparison.changes.first { $0.kind == .clauseAdded }?.clause == "d:4")
        #expect(comparison.changes.first { $0.kind == .conditionAdded }?.new?.text == "capital > 0万")
        let removed = try Self.compare(Self.version1.replacingOccurrences(of: "clause 3 \"收入奖励\" (第三条) {\n  when revenue >= 1000万 \"收入达到1000万元\"\n  amount 10万\n}\n", with: ""))
        #expect(removed.changes.map(\.kind) == [.clauseRemoved] && removed.changes.first?.old?.location == "old/d.policy:26")
    }

    @Test func aCapWhoseScopeAloneChangesSaysSo() throws {
        let comparison = try Self.compare(Self.version2([("cap 50万 per year", "cap 50万 per enterprise")]))
        #expect(comparison.changes.map(\.kind) == [.capScope])
        #expect(comparison.changes.first?.new?.text == "cap 50万 per enterprise")
        #expect(comparison.changes.first?.impact == nil)
    }

    @Test func aPopulationIsSummedExactlyAndPutInBands() throws {
        let people = try [
            Self.applicant("capped", #"{"registered": true, "premium": "200"}"#),
            Self.applicant("small premium", #"{"registered": true, "premium": "20"}"#),
            Self.applicant("big revenue", #"{"registered": true, "revenue": "900"}"#),
            Self.applicant("unregistered", #"{"registered": false, "premium": "200"}"#),
        ]
        let comparison = try Self.compare(Self.version2([("cap 50万 per year", "cap 52万 per year"), ("revenue >= 1000万", "revenue >= 800万")]), people: people)
        let population = try #require(comparison.population)
        #expect(population.rows.map(\.band) == [.gainingSmall, .unchanged, .newlyEligible, .unchanged])
        #expect(population.clauses.first { $0.id == "d:1" } == PopulationDiff.Amounts(id: "d:1", old: decimal("600000"), new: decimal("620000")))
        #expect(population.total.old == decimal("600000") && population.total.new == decimal("720000"))
        #expect(population.rows[2].clauses == [PopulationDiff.Amounts(id: "d:3", old: .zero, new: decimal("100000"))])
        let text = DiffReport.text(comparison)
        #expect(text.contains("newly eligible 1 · no longer eligible 0 · gaining <5% 1 · gaining ≥5% 0"))
        #expect(text.contains("d:1: 60.00 → 62.00万元 (+2.00)"))
        #expect(text.contains("people.jsonl:1: capped [gaining <5%]"))
    }

    @Test func bandsCompareFivePercentExactly() {
        #expect(PopulationDiff.band(decimal("100"), decimal("105")) == .gainingLarge)
        #expect(PopulationDiff.band(decimal("100"), decimal("104.99")) == .gainingSmall)
        #expect(PopulationDiff.band(decimal("100"), decimal("95")) == .losingLarge)
        #expect(PopulationDiff.band(decimal("100"), decimal("95.01")) == .losingSmall)
        #expect(PopulationDiff.band(decimal("100"), .zero) == .noLongerEligible)
        #expect(PopulationDiff.band(.zero, .zero) == .unchanged)
    }

    @Test func anOverflowingTotalIsFlaggedNotWrapped() {
        var population = PopulationDiff()
        let huge = decimal("1" + String(repeating: "0", count: 38))
        #expect(population.sum(.one, .one) == decimal("2") && !population.overflowed)
        _ = population.sum(huge, huge)
        #expect(population.overflowed)
    }

    @Test func theJSONReportIsVersioned() throws {
        let comparison = try Self.compare(Self.version2([("cap 50万 per year", "cap 60万 per year")]))
        let json = try JSONReader.parse(SourceFile(path: "out", text: DiffReport.json(comparison)))
        guard case .string("zhengce.diff")? = json["format"]?.value, case .number("1")? = json["version"]?.value,
              case .bool(true)? = json["changed"]?.value, case .array(let changes)? = json["changes"]?.value else {
            Issue.record("format, version, changed or changes missing")
            return
        }
        #expect(changes.count == 1)
        guard case .string("cap")? = changes[0]["kind"]?.value, case .string("more_generous")? = changes[0]["impact"]?["verdict"]?.value else {
            Issue.record("kind or verdict missing")
            return
        }
    }

    @Test func applicantLinesEndInLFCRLFOrALoneCR() throws {
        let line = #"{"applicant": "a", "as_of": "2025-06-30", "facts": {}}"#
        for ending in ["\n", "\r\n", "\r"] {
            let file = SourceFile(path: "people.jsonl", text: "\u{FEFF}" + [line, "", line, line].joined(separator: ending) + ending)
            let members = try PopulationDiff.jsonLines(file)
            #expect(members.map(\.location) == ["people.jsonl:1", "people.jsonl:3", "people.jsonl:4"], "\(Array(ending.utf8))")
        }
        let csv = SourceFile(path: "people.csv", text: "applicant,as_of\r甲,2025-06-30\r\"乙\r丙\",2025-06-30\r")
        let rows = try PopulationDiff.csv(csv, facts: [:], clauses: [])
        #expect(rows.map(\.location) == ["people.csv:2", "people.csv:3"])
        #expect(rows.map(\.name) == ["甲", "乙\r丙"])
    }

    @Test func aPriorReceivedColumnIsReadAsTheJSONInputsPriorReceived() throws {
        let csv = SourceFile(path: "people.csv", text: "applicant,prior_received.t:1\n甲,4\n乙,\n")
        let rows = try PopulationDiff.csv(csv, facts: [:], clauses: ["t:1"])
        #expect(rows.count == 2)
        let given = rows.first?.base.root["facts"]?["prior_received"]?["t:1"]?.value
        guard case .string("4")? = given else {
            Issue.record("the column is not read as `prior_received`: \(String(describing: given))")
            return
        }
        #expect(rows.last?.base.root["facts"]?["prior_received"] == nil)
        #expect(throws: BatchInputError.self) { try PopulationDiff.csv(csv, facts: [:], clauses: ["t:2"]) }
    }

    @Test func aByteOrderMarkOnALaterApplicantLineIsLocated() throws {
        let line = #"{"applicant": "a", "as_of": "2025-06-30", "facts": {}}"#
        let file = SourceFile(path: "people.jsonl", text: line + "\n\u{FEFF}" + line + "\n")
        #expect(throws: PopulationDiff.Failure.self) { try PopulationDiff.jsonLines(file) }
        do {
            _ = try PopulationDiff.jsonLines(file)
        } catch {
            #expect(error.diagnostics.first?.path == "people.jsonl")
            #expect(error.diagnostics.first?.line == 2)
            #expect(error.diagnostics.first?.message.contains("byte-order mark") == true)
        }
        let csv = SourceFile(path: "people.csv", text: "applicant,as_of\n甲,2025-06-30\n\u{FEFF}乙,2025-06-30\n")
        #expect(throws: BatchInputError.self) { try PopulationDiff.csv(csv, facts: [:], clauses: []) }
        do {
            _ = try PopulationDiff.csv(csv, facts: [:], clauses: [])
        } catch {
            #expect(error.message.hasPrefix("people.csv:3: a byte-order mark"), "\(error.message)")
        }
    }

    /// `diff --applicants` reads CSV as `batch` does: a row cut short by a full-width comma names it.
    @Test func aCSVRowCutShortByAFullWidthCommaNamesIt() {
        let csv = SourceFile(path: "people.csv", text: "applicant,as_of\n甲，2025-06-30\n")
        #expect {
            try PopulationDiff.csv(csv, facts: [:], clauses: [])
        } throws: { error in
            (error as? BatchInputError)?.message == "people.csv:2: the row has 1 field; the header has 2; field 1 holds a full-width comma `，`: separate the cells with the ASCII comma `,`"
        }
    }

    @Test func aBadApplicantLineIsLocated() {
        let file = SourceFile(path: "people.jsonl", text: "{\"facts\": {}}\n\n{\"facts\": \n")
        #expect(throws: PopulationDiff.Failure.self) { try PopulationDiff.jsonLines(file) }
        do {
            _ = try PopulationDiff.jsonLines(file)
        } catch {
            #expect(error.diagnostics.first?.path == "people.jsonl")
            #expect(error.diagnostics.first?.line == 3)
        }
    }
}
