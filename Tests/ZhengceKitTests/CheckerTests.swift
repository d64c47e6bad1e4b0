import Testing
@testable import ZhengceKit

/// One fixture per diagnostic: a small policy and the code, line and words expected.
@Suite struct CheckerTests {
    func expectDiagnostic(_ body: String, _ code: DiagnosticCode, line: Int, containing words: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let found = diagnose(header + body)
        let headerLines = header.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        let match = found.first { $0.code == code }
        #expect(match != nil, "expected \(code.rawValue), got \(found.map { "\($0.code.rawValue) \($0.message)" })", sourceLocation: sourceLocation)
        if let match {
            #expect(match.line - headerLines == line, "wrong line for \(code.rawValue)", sourceLocation: sourceLocation)
            #expect(match.message.contains(words) || (match.help ?? "").contains(words), "\(match.message) / \(match.help ?? "")", sourceLocation: sourceLocation)
        }
    }

    @Test func unknownFactSuggestsTheClosestName() {
        expectDiagnostic("""
        fact premium: money in 万元 "保费"
        clause 2 "保费补贴" (第二条) {
          amount premum * 50%
        }
        """, .unknownFact, line: 3, containing: "did you mean `premium`?")
    }

    /// A file full of unknown names: each name's suggestion is computed once, and past
    /// `Checker.maxUnknownNameSuggestions` different names none is computed, so checking stays
    /// linear in the size of the file.
    @Test func suggestionsForUnknownNamesAreBounded() {
        let count = Checker.maxUnknownNameSuggestions + 40
        var body = "fact premium_amount: money in 万元 \"保费\"\n"
        for index in 0..<count { body += "clause \(index + 1) \"c\" (第一条) {\n  amount premium_amounx + premium_amount\(index)x\n}\n" }
        let found = diagnose(header + body).filter { $0.code == .unknownFact }
        #expect(found.count == 2 * count)
        let repeated = found.filter { $0.message == "unknown fact `premium_amounx`" }
        #expect(repeated.count == count && repeated.allSatisfy { $0.help == "did you mean `premium_amount`?" })
        let suggested = found.filter { ($0.help ?? "").hasPrefix("did you mean") }.count
        #expect(suggested == count + Checker.maxUnknownNameSuggestions - 1)
    }

    @Test func duplicateClauseIds() {
        expectDiagnostic("""
        clause 2 "a" (第二条) {
          amount 1万
        }
        clause 2 "b" (第二条) {
          amount 2万
        }
        """, .duplicateClause, line: 4, containing: "t:2")
    }

    /// `count` counts the items its `where` keeps: a `: …` after it would be read for nothing (and
    /// every item counted), so it is an error; the same test with `where` checks clean.
    @Test func countWithAValuePerItemIsAnError() {
        let facts = """
        fact items: list of record {kind: choice {"a", "b"} "类型"} "项目"

        """
        expectDiagnostic(facts + """
        clause 1 "a" (第一条) {
          amount 1万 * count(i in items: i.kind == "b")
        }
        """, .syntax, line: 3, containing: "count(x in list where condition)")
        #expect(diagnose(header + facts + """
        clause 1 "a" (第一条) {
          amount 1万 * count(i in items where i.kind == "b") + 1万 * count(items)
        }
        """).isEmpty)
    }

    @Test func moneyComparedWithAPlainNumberSuggestsTheUnit() {
        expectDiagnostic("""
        fact premium: money in 万元 "保费"
        clause 2 "a" (第二条) {
          when premium > 10
          amount premium * 50%
        }
        """, .unitMismatch, line: 3, containing: "`10万`")
    }

    @Test func currencyMismatch() {
        expectDiagnostic("""
        fact size: money in 百万美元 "规模"
        clause 12 "a" (第十二条) {
          when size >= 2000万
          amount 50万
        }
        """, .currencyMismatch, line: 3, containing: "USD")
    }

    @Test func moneyTimesMoney() {
        expectDiagnostic("""
        fact a: money in 万元 "a"
        clause 1 "a" (第一条) {
          amount a * 10万
        }
        """, .moneyTimesMoney, line: 3, containing: "money multiplied by money")
    }

    @Test func percentageOverOneHundred() {
        expectDiagnostic("""
        fact a: money in 万元 "a"
        clause 1 "a" (第一条) {
          amount a * 150%
        }
        """, .percentageOutOfRange, line: 3, containing: "150%")
    }

    @Test func overlappingArmsAndBoundsIncludedTwice() {
        expectDiagnostic("""
        fact c: money in 万元 "c"
        clause 8 "a" (第八条) {
          amount by c {
            [1亿, 5亿] => 500万
            [5亿, 10亿) => 1000万
          }
        }
        """, .overlappingArms, line: 5, containing: "included by both")
    }

    @Test func armsOutOfOrder() {
        expectDiagnostic("""
        fact c: money in 万元 "c"
        clause 8 "a" (第八条) {
          amount by c {
            [5亿, 10亿) => 1000万
            [1亿, 5亿) => 500万
          }
        }
        """, .unorderedArms, line: 5, containing: "lowest to the highest")
    }

    @Test func gapBetweenArmsIsAWarning() {
        let found = diagnose(header + """
        fact c: money in 万元 "c"
        clause 8 "a" (第八条) {
          amount by c {
            [1亿, 5亿) => 500万
            [6亿, 10亿) => 1000万
          }
        }
        """)
        #expect(found.contains { $0.code == .gapBetweenArms && $0.severity == .warning })
        #expect(!found.contains { $0.severity == .error })
    }

    @Test func referenceCycle() {
        expectDiagnostic("""
        clause 1 "a" (第一条) {
          amount amount(2)
        }
        clause 2 "b" (第二条) {
          amount amount(1)
        }
        """, .referenceCycle, line: 5, containing: "cycle")
    }

    @Test func exclusionNamingAMissingClause() {
        expectDiagnostic("""
        clause 4a "a" (第四条) {
          amount 1万
        }
        clause 4b "b" (第四条) {
          amount 1万
        }
        exclusive highest { 4a, 4c } (第四条)
        """, .exclusionMissingClause, line: 7, containing: "did you mean")
    }

    @Test func exclusionWithOneMember() {
        expectDiagnostic("""
        clause 4a "a" (第四条) {
          amount 1万
        }
        exclusive highest { 4a } (第四条)
        """, .exclusionTooSmall, line: 4, containing: "at least two")
    }

    @Test func validityEndingBeforeItStarts() {
        let found = diagnose("""
        policy t {
          valid from 2025-01-01 until 2024-12-31
        }
        """)
        #expect(found.contains { $0.code == .validityReversed && $0.line == 2 })
    }

    @Test func scheduleNotSummingToOneHundred() {
        expectDiagnostic("""
        clause 1 "a" (第一条) {
          amount 100万
          schedule 40% / 30% / 20%
        }
        """, .scheduleSum, line: 3, containing: "90%")
    }

    @Test func capBelowFloor() {
        expectDiagnostic("""
        fact a: money in 万元 "a"
        clause 1 "a" (第一条) {
          amount a * 5%
          floor 50万
          cap 10万
        }
        """, .capBelowFloor, line: 5, containing: "below the floor")
    }

    @Test func unknownChoiceValue() {
        expectDiagnostic("""
        fact kind: choice {"bank", "insurance"} "类型"
        clause 1 "a" (第一条) {
          when kind == "bnak"
          amount 1万
        }
        """, .unknownChoice, line: 3, containing: "did you mean `bank`?")
    }

    @Test func unknownClauseInAmountReference() {
        expectDiagnostic("""
        clause 1 "a" (第一条) {
          amount amount(3)
        }
        """, .unknownClause, line: 2, containing: "no clause `t:3`")
    }

    @Test func factDeclaredWithDifferentTypesInTwoFiles() {
        let other = """
        policy u {
          valid from 2025-01-01
        }
        fact revenue: number "收入"
        clause 1 "a" (第一条) {
          when revenue > 1
          amount 1万
        }
        """
        let found = diagnose(header + """
        fact revenue: money in 万元 "收入"
        clause 1 "a" (第一条) {
          amount revenue * 1%
        }
        """, others: [("u.policy", other)])
        #expect(found.contains { $0.code == .conflictingFactTypes })
    }

    @Test func fullWidthPunctuationInAPolicy() {
        expectDiagnostic("""
        fact a: money in 万元 "a"
        clause 1 "a" (第一条) {
          amount min（a，10万)
        }
        """, .fullWidthPunctuation, line: 3, containing: "replace `（`")
    }

    @Test func renderingAlignsTheCaretUnderChineseText() {
        let found = diagnose(header + """
        clause 1 "一二三" (第一条) {
          amount 一 + 1万
        }
        """)
        let rendered = found.map(DiagnosticRenderer.text).joined(separator: "\n")
        #expect(rendered.contains("test.policy:7:10: error[Z001]: unexpected Chinese text `一`"))
        #expect(rendered.contains("  |          ^^"))
    }

    @Test(arguments: ["units", "mechanics"])
    func theFixturePoliciesCheckClean(_ folder: String) throws {
        // The shipped policies are held clean by `zhengce check --deny-warnings policies` in CI.
        let loaded = try Zhengce.load(paths: [fixturePolicies + "/" + folder])
        let problems = loaded.diagnostics.filter { $0.severity != .note }
        #expect(problems.isEmpty, "\(problems.map(DiagnosticRenderer.text))")
    }
}
