import Foundation
import Testing
@testable import ZhengceKit

/// The reports for people (text and HTML) and the structured trace of the JSON report, on a
/// fixture policy written here: every kind of step a report explains.
@Suite struct ReportTests {
    static let policy = """
    policy rp {
      title "报告测试用措施"
      valid from 2025-01-01 until 2028-12-31
      money in 万元 rounded to 0.01 half-up
      eligible when in_zone "在区内经营"
    }

    fact in_zone: bool "在区内经营"
    fact premium: money in 万元 "保费支出"
    fact capital: money in 万元 "实缴资本"
    fact revenue: money in 万元 "当年营业收入"
    fact revenue_prev: money in 万元 "上年营业收入"
    fact org: choice {"bank", "fund"} "机构类型"
    fact interest: money in 万元 "贷款利息"

    clause 1 "保费补贴" (第一条) {
      when premium > 10万 "保费超过10万元"
      amount premium * 60%
      cap 50万 per year
    }

    clause 2 "实缴资本奖励" (第二条) {
      amount by capital {
        [1000万, 5000万) => 100万
        [5000万, 1亿) => 300万
        [1亿, ∞) => 500万
      }
    }

    clause 3 "营业收入增速奖励" (第三条) {
      when revenue_prev > 0万 "上年营业收入大于0"
      let growth = (revenue - revenue_prev) / revenue_prev "营业收入增速"
      when growth >= 18% "增速达标"
      amount (revenue - revenue_prev) * 2%
    }

    clause 4 "银行奖励" (第四条) {
      when org == "bank" "银行机构"
      amount 10万
    }

    clause 5a "贷款贴息" (第五条) {
      amount interest * 50%
    }

    clause 5b "贷款贴息（区级）" (第五条) {
      amount interest * 30%
    }

    exclusive highest {5a, 5b} tie first (第五条)

    benefit 6 "绿色通道" (第六条) {
      when in_zone
    }

    clause 7 "超大额奖励" (第七条) {
      amount capital * 10
    }
    """

    static let program = checkedProgram(policy, path: "rp.policy")

    static let facts = #"""
    {"in_zone": true, "premium": "90", "capital": "7000", "revenue": "3000", "revenue_prev": "2800",
     "org": "fund", "interest": "20"}
    """#

    func evaluation(_ facts: String = Self.facts, name: String = "报告测试公司") throws -> Evaluation {
        let file = SourceFile(path: "<facts>", text: "{\"applicant\": \"\(name)\", \"facts\": \(facts)}")
        let applicant = try ApplicantReader.read(file, program: Self.program)
        return Zhengce.evaluate(Self.program, applicant, asOf: Day(iso: "2025-06-30")!)
    }

    func text(verbose: Bool = false, language: ReportLanguage = .chinese) throws -> String {
        EvaluationReport.text(try evaluation(), program: Self.program, verbose: verbose, language: language)
    }

    @Test func theReportOpensWithTheSummaryTableAndTheTotal() throws {
        let lines = try text().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[2] == "结果一览")
        #expect(lines[3].hasPrefix("文件") && lines[3].hasSuffix("金额"))
        let rows = Array(lines[5...].prefix { !$0.hasPrefix("总计") })
        #expect(rows.contains { $0.hasPrefix("rp") && $0.contains("保费补贴") && $0.contains("给予") && $0.hasSuffix("50.00万元") })
        #expect(rows.contains { $0.contains("贷款贴息（区级）") && $0.contains("就高排除") && $0.hasSuffix("0.00万元") })
        // Amounts are right-aligned: every row ends in the same display column as the heading.
        let widths = Set(([lines[3]] + rows).map(TextLayout.width))
        #expect(widths.count == 1, "\(([lines[3]] + rows).map(TextLayout.width))")
        // The total follows the table, before the explanations.
        let total = try #require(lines.firstIndex { $0.hasPrefix("总计 ") })
        #expect(total < (lines.firstIndex(of: "逐条说明") ?? 0))
        #expect(lines.last == lines[total])
    }

    @Test func theTableStaysAlignedUnderFullWidthCharacters() {
        let table = TextLayout.table(["文件", "金额"], [["政策文件一", "1.00万元"], ["ab", "1,000.00万元"]], rightAligned: [1])
        #expect(table.map(TextLayout.width) == [24, 24, 24, 24])
        #expect(table[2] == "政策文件一      1.00万元")
        #expect(table[3] == "ab          1,000.00万元")
    }

    @Test func everyPhraseOfTheTextReportIsChinese() throws {
        let report = try text(verbose: true)
        for english in ["holds:", "fails:", "not in force", "applies", "cap per", "falls in", "excluded by", "kept over", "amount =", "true", "false", "not reached"] {
            #expect(!report.contains(english), "\(english) in:\n\(report)")
        }
        #expect(report.contains("条件成立："))
        #expect(report.contains("条件不成立：银行机构："))
        #expect(report.contains("每年上限 50.00万元：54.00万元 → 50.00万元"))
        #expect(report.contains("就高不重复：由 rp:5a 代替（10.00万元，本项 6.00万元）"))
    }

    @Test func englishIsAskedFor() throws {
        let report = try text(language: .english)
        #expect(report.contains("Summary"))
        #expect(report.contains("cap per year 50.00万元 applies: 54.00万元 → 50.00万元"))
        #expect(!report.contains("条件成立"))
        #expect(!report.contains("结果一览"))
    }

    @Test func largeAmountsAreAlsoShownInYi() throws {
        let report = try text()
        // 7000万 × 10 = 7亿.
        #expect(report.contains("给予 70,000.00万元（7亿元）"), "\(report)")
        let values = ReportValues(unit: .wan, phrases: .chinese)
        #expect(values.money(decimal("123456789")) == "12,345.6789万元（约1.2346亿元）")
        #expect(values.money(decimal("99999999")) == "9,999.9999万元")
        #expect(values.money(decimal("-300000000")) == "-30,000.00万元（-3亿元）")
        #expect(ReportValues(unit: MoneyUnit.named("元")!, phrases: .chinese).money(decimal("1234.5")) == "1,234.50元")
    }

    @Test func ratesAreShownAsRoundedPercentagesWhileJSONKeepsThemExact() throws {
        let report = try text()
        // (3000 − 2800) / 2800 = 0.0714285…
        #expect(report.contains("growth = 约7.14%"), "\(report)")
        #expect(!report.contains("0.0714"))
        let json = EvaluationReport.json(try evaluation(), program: Self.program)
        #expect(json.contains("\"number\": \"0.071428571428571428571429\""))
        let values = ReportValues(unit: .wan, phrases: .chinese)
        #expect(values.cell(.number(decimal("0.18"), .plain)) == "0.18")
        #expect(values.cell(.number(decimal("0.123456"), .plain)) == "约12.35%")
        #expect(values.cell(.number(decimal("1.5"), .plain)) == "1.5")
    }

    @Test func theChosenBracketArmIsNamedAndTheTableIsNotRepeated() throws {
        let report = try text()
        #expect(report.contains("`capital` = 7,000.00万元，适用 [5000万, 1亿) 档"))
        #expect(!report.contains("[1亿, ∞) => 500万"), "the whole bracket table is on one line")
        #expect(try text(verbose: true).contains("[1亿, ∞) => 500万"), "the verbose report keeps the formula whole")
    }

    @Test func verboseKeepsTheWholeTrace() throws {
        let brief = try text(), full = try text(verbose: true)
        #expect(!brief.contains("绿色通道（第六条） · 可享受"))
        #expect(full.contains("绿色通道（第六条） · 可享受"))
        #expect(full.split(separator: "\n").count > brief.split(separator: "\n").count)
    }

    @Test func longLinesWrapWithAHangingIndentAndKeepLocationsWhole() throws {
        let long = String(repeating: "很长的条件说明文字", count: 20)
        let lines = TextLayout.wrap(long + " 1,234,567.89万元 [policies/some/long/path.policy:123]", columns: 60, lead: 5, indent: 2)
        #expect(lines.count > 5)
        #expect(lines.allSatisfy { TextLayout.width($0) <= 60 }, "\(lines)")
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("       ") && !$0.hasPrefix("        ") })
        #expect(lines.contains { $0.contains("[policies/some/long/path.policy:123]") })
        #expect(lines.contains { $0.contains("1,234,567.89万元") })
        for line in try text(verbose: true).split(separator: "\n") {
            #expect(TextLayout.width(String(line)) <= EvaluationReport.textWidth, "\(line)")
        }
    }

    /// Wrapping breaks between Chinese characters, but never before closing punctuation, after
    /// opening punctuation, or between a number and the unit after it.
    @Test func piecesKeepPunctuationAndNumbersWithTheirNeighbours() {
        func pieces(_ text: String) -> [String] { TextLayout.pieces(text).map(\.text) }
        #expect(pieces("甲，乙（丙）") == ["甲，", "乙", "（丙）"])
        #expect(pieces("“引文”。") == ["“引", "文”。"])
        #expect(pieces("12万 万12") == ["12万", "万", "12"])
        #expect(pieces("ab 中e\u{301}") == ["ab", "中", "e\u{301}"])
        #expect(TextLayout.pieces("a 中").map(\.spaceBefore) == [false, true])
        #expect(TextLayout.pieces("  ab 中文，x").map(\.width) == [2, 2, 4, 1])
    }

    /// Walking a text scalar by scalar, as `pieces` does when every scalar stands alone, cuts it
    /// exactly as walking its characters does; a text with a scalar that joins a neighbour (a
    /// combining accent, CR LF, a joiner) is walked by characters.
    @Test func piecesByScalarsEqualPiecesByCharacters() {
        let alphabet = Array("ab1 9,.;:()[]中文万，。、；：）》」”（《「“…—·é".unicodeScalars)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let count = Int.random(in: 0...24, using: &generator)
            let text = String(String.UnicodeScalarView((0..<count).map { _ in alphabet.randomElement(using: &generator)! }))
            #expect(text.unicodeScalars.allSatisfy(TextLayout.standsAlone), "\(text)")
            let byScalars = TextLayout.pieces(text, segmentingGraphemes: false), byCharacters = TextLayout.pieces(text, segmentingGraphemes: true)
            #expect(byScalars.map(\.text) == byCharacters.map(\.text), "\(text)")
            #expect(byScalars.map(\.spaceBefore) == byCharacters.map(\.spaceBefore), "\(text)")
            #expect(byScalars.map(\.width) == byCharacters.map(\.width), "\(text)")
            #expect(byScalars.map(\.text).joined() == text.filter { $0 != " " }, "\(text)")
        }
        for joined in ["e\u{301}", "a\r\nb", "👩\u{200D}💻", "中\u{20E3}"] {
            #expect(!joined.unicodeScalars.allSatisfy(TextLayout.standsAlone), "\(joined.unicodeScalars.map(\.value))")
        }
        #expect(TextLayout.pieces("中\u{20E3}文").map(\.text) == ["中\u{20E3}", "文"])
    }

    /// An applicant name that holds a line break and a colour sequence is shown as written, not
    /// acted on by the terminal (the text report used to pass the escape character through).
    @Test func controlCharactersOfTheApplicantAreShownNotActedOn() throws {
        let report = EvaluationReport.text(try evaluation(name: #"x\n\u001b[31mRED\u202e"#), program: Self.program)
        #expect(!report.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E })
        #expect(report.contains(#"x\u{A}\u{1B}[31mRED\u{202E}"#), "\(report.prefix(200))")
        #expect(TextLayout.visible("报告\t测试") == #"报告\u{9}测试"#)
        #expect(TextLayout.visible("报告测试") == "报告测试")
    }

    @Test func missingFactsAreAskedFor() throws {
        let evaluation = try self.evaluation(#"{"in_zone": true}"#)
        let report = EvaluationReport.text(evaluation, program: Self.program)
        #expect(report.contains("请提供："))
        #expect(report.contains("保费支出（premium）是多少？"))
        let page = EvaluationReport.html(evaluation, program: Self.program)
        #expect(page.contains("<section id=\"questions\"><h2>请提供</h2>"))
        #expect(page.contains("<li>保费支出（premium）是多少？</li>"))
    }

    @Test func theHTMLPageIsSelfContainedWithTheTableAndAnExpandableClauseEach() throws {
        let evaluation = try self.evaluation(name: "<b>公司</b> & 伙伴")
        let page = EvaluationReport.html(evaluation, program: Self.program)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("<table class=\"summary\">"))
        #expect(page.contains("<section class=\"document\" id=\"doc-rp\">"))
        #expect(page.contains("<details class=\"clause granted\" open><summary><span class=\"id\">rp:1</span> 保费补贴（第一条）"))
        #expect(page.contains("@media print"))
        for external in ["http:", "https:", "<link", " src=", "@import", "url("] {
            #expect(!page.contains(external), "\(external)")
        }
        #expect(page.contains("&lt;b&gt;公司&lt;/b&gt; &amp; 伙伴"))
        #expect(HTML.escape(#"a"b'c"#) == "a&quot;b&#39;c")
        #expect(HTML.withCode("条件成立：`a < b`（x）") == "条件成立：<code>a &lt; b</code>（x）")
        #expect(HTML.withCode("odd ` tick") == "odd ` tick")
        #expect(page.contains("<li>条件成立：<code>premium &gt; 10万</code>（premium = 90.00万元）"))
        #expect(!page.contains("<b>公司"))
        let summaryRows = page.components(separatedBy: "<tbody>")[1].components(separatedBy: "</tbody>")[0]
        #expect(summaryRows.components(separatedBy: "<tr>").count - 1 == EvaluationReport.textRows(evaluation, program: Self.program))
    }

    @Test func factValuesAreEscapedInTheHTMLPage() throws {
        // A text fact is shown when a condition reads it.
        let loaded = Zhengce.load([SourceFile(path: "s.policy", text: """
        policy s {
          title "转义"
          valid from 2025-01-01 until 2028-12-31
          money in 万元 rounded to 0.01 half-up
        }
        fact note: text "备注"
        clause 1 "备注检查" (第一条) {
          when note == "ok" "备注为ok"
          amount 1万
        }
        """)])
        let program = try #require(loaded.program, "\(loaded.diagnostics.map(DiagnosticRenderer.text))")
        let file = SourceFile(path: "<facts>", text: #"{"facts": {"note": "<script>alert('x')</script>"}}"#)
        let evaluation = Zhengce.evaluate(program, try ApplicantReader.read(file, program: program), asOf: Day(iso: "2025-06-30")!)
        let page = EvaluationReport.html(evaluation, program: program, verbose: true)
        #expect(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), "\(page)")
        #expect(page.components(separatedBy: "<script").count - 1 == 1, "only the page's own print script")
    }

    @Test func arithmeticFailuresAreExplainedInChinese() throws {
        let loaded = Zhengce.load([SourceFile(path: "z.policy", text: """
        policy z {
          title "除零"
          valid from 2025-01-01 until 2028-12-31
          money in 万元 rounded to 0.01 half-up
        }
        fact a: money in 万元 "a"
        fact b: money in 万元 "b"
        clause 1 "比例奖励" (第一条) {
          amount 10万 * (a / b)
        }
        """)])
        let program = try #require(loaded.program, "\(loaded.diagnostics.map(DiagnosticRenderer.text))")
        let file = SourceFile(path: "<facts>", text: #"{"facts": {"a": "1", "b": "0"}}"#)
        let evaluation = Zhengce.evaluate(program, try ApplicantReader.read(file, program: program), asOf: Day(iso: "2025-06-30")!)
        let report = EvaluationReport.text(evaluation, program: program, verbose: true)
        #expect(report.contains("计算失败：除数为零：`(a / b)`（z.policy:9）"), "\(report)")
        #expect(ReportPhrases.chineseFailure("arithmetic overflow") == "数值溢出")
    }

    @Test func theCommandLineChoosesTheFormatAndTheLanguage() throws {
        let cli = CommandLineTests()
        let folder = try cli.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.policy.write(toFile: folder + "/rp.policy", atomically: false, encoding: .utf8)
        let input = "{\"as_of\": \"2025-06-30\", \"facts\": \(Self.facts)}"
        let page = try cli.zhengce(["eval", "--policies", folder, "--format", "html", "-"], input: input)
        #expect(page.status == 0)
        #expect(page.out.hasPrefix("<!DOCTYPE html>") && page.out.contains("<table class=\"summary\">"))
        let english = try cli.zhengce(["eval", "--policies", folder, "--lang", "en", "-"], input: input)
        #expect(english.status == 0 && english.out.contains("Summary") && english.out.contains("Total 70,360.00万元 (7.036亿元)"), "\(english.out)")
        let chinese = try cli.zhengce(["eval", "--policies", folder, "-"], input: input)
        #expect(chinese.out.contains("总计 70,360.00万元（7.036亿元）"))
        let unknown = try cli.zhengce(["eval", "--policies", folder, "--lang", "fr", "-"], input: input)
        #expect(unknown.status == 2 && unknown.err.contains("unknown language `fr`"))
    }

    @Test func jsonTraceStepsCarryStructuredValues() throws {
        let evaluation = try self.evaluation()
        let root = try JSONReader.parse(SourceFile(path: "eval", text: EvaluationReport.json(evaluation, program: Self.program)))
        guard case .array(let steps)? = root["clauses"]?["rp:1"]?["trace"]?.value else {
            Issue.record("no trace")
            return
        }
        let details = steps.compactMap { $0["detail"] }
        let cap = try #require(details.first { jsonString($0["kind"]) == "cap" })
        #expect(jsonString(cap["cap"]) == "50.00")
        #expect(jsonString(cap["before"]) == "54.00")
        #expect(jsonBool(cap["applied"]) == true)
        #expect(jsonString(cap["scope"]) == "per year")
        let holds = try #require(details.first { jsonString($0["kind"]) == "holds" })
        guard case .array(let readings)? = holds["values"]?.value else {
            Issue.record("no values")
            return
        }
        #expect(jsonString(readings.first?["fact"]) == "premium")
        #expect(jsonString(readings.first?["value"]?["number"]) == "90.00")
        #expect(jsonString(readings.first?["value"]?["unit"]) == "万元")
        guard case .array(let bracketSteps)? = root["clauses"]?["rp:2"]?["trace"]?.value else {
            Issue.record("no bracket trace")
            return
        }
        let arm = bracketSteps.compactMap { $0["detail"] }.first { jsonString($0["kind"]) == "bracket" }
        #expect(jsonString(arm?["arm"]) == "[5000万, 1亿)")
        // The text of each step stays, in English, for tools that read it.
        #expect(steps.contains { jsonString($0["text"]) == "cap per year 50.00万元 applies: 54.00万元 → 50.00万元" })
    }
}

private func jsonString(_ node: JSONNode?) -> String? {
    if case .string(let text)? = node?.value { return text }
    return nil
}

private func jsonBool(_ node: JSONNode?) -> Bool? {
    if case .bool(let truth)? = node?.value { return truth }
    return nil
}

extension EvaluationReport {
    /// The number of rows of the summary table, for comparing the text and HTML reports.
    static func textRows(_ evaluation: Evaluation, program: Program) -> Int {
        ReportModel(evaluation, program: program, language: .chinese, verbose: false).rows.count
    }
}
