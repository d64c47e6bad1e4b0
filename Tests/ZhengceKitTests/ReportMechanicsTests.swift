import Foundation
import Testing
@testable import ZhengceKit

/// What the reports say about caps shared by several clauses, one-way precedence and documents
/// that state no validity, on `Fixtures/policies/mechanics` (amounts frozen there).
@Suite struct ReportMechanicsTests {
    static let program: Program = {
        let loaded = try! Zhengce.load(paths: [fixturePolicies + "/mechanics"])
        precondition(loaded.program != nil, "\(loaded.diagnostics.map { DiagnosticRenderer.text($0) })")
        return loaded.program!
    }()

    /// 20亿 × 4% = 8000万 and 1500万 over the shared 5000万: 8a is cut, 9 left nothing; 10a–10c
    /// cut in proportion; 12 is taken, so 13 is ruled out; sx states no validity.
    static let everything = #"""
    {"settled": true, "paid_in_capital": "20亿", "relocated": true, "takes_fund": true,
     "office_purchase": 5000, "office_rent": 2000, "fit_out": 1000}
    """#

    /// 8a undecided (no paid-in capital): 9's share of the shared cap is provisional.
    static let pending = #"{"settled": true, "relocated": true}"#

    func evaluation(_ facts: String = Self.everything, explain: Bool = true) throws -> Evaluation {
        let file = SourceFile(path: "<facts>", text: "{\"applicant\": \"测试公司\", \"facts\": \(facts)}")
        let applicant = try ApplicantReader.read(file, program: Self.program)
        return Zhengce.evaluate(Self.program, applicant, asOf: Day(iso: "2025-06-30")!, explain: explain)
    }

    func text(_ facts: String = Self.everything, verbose: Bool = false, language: ReportLanguage = .chinese) throws -> String {
        EvaluationReport.text(try evaluation(facts), program: Self.program, verbose: verbose, language: language)
    }

    func lines(_ report: String) -> [String] { report.split(separator: "\n").map(String.init) }

    /// Every clause's result and steps as the model words them, before the text report wraps them.
    func steps(_ facts: String = Self.everything, language: ReportLanguage = .chinese) throws -> [String] {
        let model = ReportModel(try evaluation(facts), program: Self.program, language: language, verbose: true)
        return model.sections.flatMap(\.entries).flatMap { [$0.result] + $0.steps.map(\.text) }
    }

    @Test func theChineseReportNamesPrecedenceSharedCapsAndUnstatedValidity() throws {
        let report = try text()
        let rows = lines(report)
        #expect(rows.contains { $0.hasPrefix("mc") && $0.contains("融资对接服务") && $0.contains("优先适用排除（由 mc:12 代替）") }, "\(report)")
        #expect(rows.contains { $0.contains("整体迁入补助") && $0.contains("共同上限用尽（由 mc:8a 代替）") && $0.hasSuffix("0.00万元") })
        #expect(rows.contains { $0.contains("落户奖励") && $0.contains("给予（共同上限由 8,000.00万元 核减）") && $0.hasSuffix("5,000.00万元") })
        #expect(report.contains("-- mc:13 融资对接服务（第十三条） · 优先适用排除（由 mc:12 代替）"))
        #expect(report.contains("优先适用：已享受 mc:12 的，不再享受本项"))
        // An article written in full-width brackets is shown as written, not bracketed twice.
        #expect(!report.contains("（（一））"))
        #expect(report.contains("-- mc:9 整体迁入补助（一） · 共同上限用尽 1,500.00万元 → 0.00万元（由 mc:8a 代替）"))
        #expect(try steps().contains("适用共同上限 5,000.00万元（mc:8a + mc:9，按列出顺序拨付）：合计 9,500.00万元，本项 1,500.00万元 → 0.00万元"))
        #expect(report.contains("-- mc:8a 落户奖励（第三条第二款） · 给予 5,000.00万元（共同上限由 8,000.00万元 核减）"))
        // 8亿 × 5% = 4000万 kept in full, 9 cut to the 1000万 left.
        let withinCap = try steps(#"{"settled": true, "paid_in_capital": "8亿", "relocated": true}"#)
        #expect(withinCap.contains("适用共同上限 5,000.00万元（mc:8a + mc:9，按列出顺序拨付）：合计 5,500.00万元，本项全额保留"))
        #expect(withinCap.contains("适用共同上限 5,000.00万元（mc:8a + mc:9，按列出顺序拨付）：合计 5,500.00万元，本项 1,500.00万元 → 1,000.00万元"))
        #expect(report.contains("分年拨付：2025年 1,666.67万元，2026年 1,666.67万元，2027年 1,666.66万元"))
        #expect(report.contains("各项按同一比例核减"))
        #expect(report.contains("-- sx:2 迁入配套奖励（第二条） · 给予 2,000.00万元 · 有效期未载明"))
        #expect(report.contains("文件 sx 原文未载明有效期，按评估日 2025-06-30 有效计算"))
        let note = try #require(rows.firstIndex { $0.hasPrefix("== sx") })
        #expect(rows[note + 1] == "   有效期：原文未载明，按有效计算")
        // The closing lines keep take-the-highest apart from precedence and shared caps.
        #expect(rows.contains("优先适用排除：mc:13"))
        #expect(rows.contains("共同上限用尽：mc:9"))
        #expect(!report.contains("就高不重复排除："))
        #expect(!report.contains("就高排除"))
    }

    @Test func theVerboseChineseReportHasNoEnglishWords() throws {
        for facts in [Self.everything, Self.pending] {
            let report = try text(facts, verbose: true)
            // Policy source (`…`) and file locations ([path:line]) are not words of the report.
            let prose = report.replacing(/`[^`]*`/, with: "").replacing(/\[[^\]]*\.policy:\d+\]/, with: "")
            let english = prose.matches(of: /[A-Za-z]{2,}[ ,;]+[A-Za-z]{2,}/).map { String(prose[$0.range]) }
            #expect(english.isEmpty, "\(english) in:\n\(report)")
            for phrase in ["shared cap", "precedence", "states no validity", "reduced amount", "undetermined", "not reached"] {
                #expect(!report.contains(phrase), "\(phrase) in:\n\(report)")
            }
        }
        let full = try text(verbose: true)
        #expect(full.contains("优先适用本项，不再享受 mc:13"))
        #expect(full.contains("按核减后的金额分年拨付：2025年 1,666.67万元"))
        #expect(full.contains("未超过共同上限 3,000.00万元（sx:2 + mc:9）：合计 2,000.00万元"))
        let brief = try text(), pending = try text(Self.pending)
        #expect(!brief.contains("未超过共同上限"), "a shared cap that did not bind is left to the verbose report")
        #expect(pending.contains("共同上限 5,000.00万元（mc:8a + mc:9）：mc:8a 待定，确定后可能占用部分额度，本项金额暂定"))
    }

    @Test func theEnglishReportSaysTheSame() throws {
        // Long lines wrap at spaces; joined again, each phrase reads whole.
        let report = try text(verbose: true, language: .english).replacing(/\n +/, with: " ")
        #expect(report.contains("-- mc:13 融资对接服务 (第十三条) · excluded by precedence (replaced by mc:12)"), "\(report)")
        #expect(report.contains("excluded by mc:12: whoever takes mc:12 does not also get this measure"))
        #expect(report.contains("takes precedence over mc:13, which it rules out"))
        #expect(report.contains("-- mc:9 整体迁入补助（一） · shared cap used up 1,500.00万元 → 0.00万元 (replaced by mc:8a)"))
        #expect(report.contains("granted 5,000.00万元 (cut by a shared cap from 8,000.00万元)"))
        #expect(report.contains("shared cap 5,000.00万元 over mc:8a + mc:9 applies (paid in the order listed): together 9,500.00万元, this clause 1,500.00万元 → 0.00万元"))
        #expect(report.contains("paid by year from the reduced amount: 2025: 1,666.67万元"))
        #expect(report.contains("· granted 2,000.00万元 · validity not stated"))
        #expect(report.contains("Validity: not stated in the source; taken as in force"))
        #expect(report.contains("Excluded by precedence: mc:13"))
        #expect(report.contains("Left nothing by a shared cap: mc:9"))
        #expect(!report.contains("优先适用排除") && !report.contains("共同上限用尽") && !report.contains("核减"))
        let pending = try text(Self.pending, language: .english).replacing(/\n +/, with: " ")
        #expect(pending.contains("mc:8a undetermined; once decided it may take part of the cap"))
    }

    @Test func theHTMLPageCarriesTheSameLabelsAndNotes() throws {
        let page = EvaluationReport.html(try evaluation(), program: Self.program)
        #expect(page.contains("<td>优先适用排除（由 mc:12 代替）</td>"))
        #expect(page.contains("<span class=\"result\">给予 5,000.00万元（共同上限由 8,000.00万元 核减）</span>"))
        #expect(page.contains("<span class=\"result\">给予 2,000.00万元 · 有效期未载明</span>"))
        #expect(page.contains("<p class=\"note\">有效期：原文未载明，按有效计算</p>"))
        #expect(page.contains("<li>优先适用：已享受 mc:12 的，不再享受本项"))
        #expect(page.contains("<p>优先适用排除：mc:13</p><p>共同上限用尽：mc:9</p>"))
        #expect(!page.contains("shared cap") && !page.contains("precedence"))
    }

    /// `9 "整体迁入补助" (（一）)`: the article keeps its own brackets everywhere a title is shown.
    @Test func anArticleInFullWidthBracketsIsShownAsWritten() throws {
        let page = EvaluationReport.html(try evaluation(), program: Self.program)
        #expect(page.contains("整体迁入补助（一）") && !page.contains("（（一））"))
        let loaded = try Zhengce.load(paths: [fixturePolicies + "/mechanics"])
        let schema = FactsSchema.json(FactsReference(trees: loaded.trees))
        #expect(schema.contains("\"整体迁入补助（一）\"") && !schema.contains("（（一））"))
        #expect(schema.contains("\"落户奖励（第三条第二款）\""))
    }

    @Test func theJSONTraceCarriesTheNewDetails() throws {
        let json = try JSONReader.parse(SourceFile(path: "eval", text: EvaluationReport.json(try evaluation(), program: Self.program)))
        func details(_ clause: String) -> [JSONNode] {
            guard case .array(let steps)? = json["clauses"]?[clause]?["trace"]?.value else { return [] }
            return steps.compactMap { $0["detail"] }
        }
        func detail(_ clause: String, _ kind: String) -> JSONNode? {
            details(clause).first { if case .string(kind)? = $0["kind"]?.value { true } else { false } }
        }
        func text(_ node: JSONNode?) -> String? {
            if case .string(let text)? = node?.value { return text }
            return nil
        }
        func strings(_ node: JSONNode?) -> [String] {
            guard case .array(let items)? = node?.value else { return [] }
            return items.compactMap(text)
        }
        #expect(text(detail("mc:13", "precedence_excluded")?["by"]) == "mc:12")
        #expect(strings(detail("mc:12", "precedence_kept")?["over"]) == ["mc:13"])
        let cut = try #require(detail("mc:9", "shared_cap"))
        #expect(text(cut["cap"]) == "5000.00" && strings(cut["members"]) == ["mc:8a", "mc:9"] && text(cut["reduction"]) == "in order")
        #expect(text(cut["together"]) == "9500.00" && text(cut["before"]) == "1500.00" && text(cut["after"]) == "0.00")
        #expect(text(detail("mc:10c", "shared_cap")?["reduction"]) == "proportionally")
        #expect(text(detail("sx:2", "shared_cap_not_reached")?["together"]) == "2000.00")
        guard case .array(let installments)? = detail("mc:8a", "reduced_schedule")?["installments"]?.value else {
            Issue.record("no reduced_schedule on mc:8a")
            return
        }
        #expect(installments.map { text($0["amount"]) } == ["1666.67", "1666.67", "1666.66"])
        #expect(text(detail("sx:2", "validity_not_stated")?["as_of"]) == "2025-06-30")
        let pending = try JSONReader.parse(SourceFile(path: "eval", text: EvaluationReport.json(try evaluation(Self.pending), program: Self.program)))
        guard case .array(let steps)? = pending["clauses"]?["mc:9"]?["trace"]?.value else { return }
        #expect(steps.contains { strings($0["detail"]?["pending"]) == ["mc:8a"] })
    }

    @Test func withoutExplainingNoStepIsRecorded() throws {
        let quiet = try evaluation(explain: false)
        #expect(quiet.clauses.allSatisfy { $0.trace.isEmpty })
        #expect(quiet.clause("mc:8a")?.reducedBy != nil)
        #expect(quiet.clause("sx:2")?.validityStated == false)
    }

    @Test func batchRecordsCarryTheCutAndTheUnstatedValidityLikeEval() throws {
        let lines = try BatchTests.exampleLines(fixturePolicies + "/mechanics") + [#"{"as_of": "2025-06-30", "facts": \#(Self.everything.replacingOccurrences(of: "\n", with: " "))}"#]
        try BatchTests().expectAgreementWithEval(lines, program: Self.program)
        let record = try BatchTests().run(lines[lines.count - 1], program: Self.program).out
        #expect(record.contains(#""mc:8a":{"status":"granted","amount":"8000.00","granted":"5000.00","reduced_by":"shared cap 5,000.00万元 over mc:8a + mc:9""#), "\(record)")
        #expect(record.contains(#""sx:2":{"status":"granted","amount":"2000.00","granted":"2000.00","validity_stated":false}"#))
        #expect(!record.contains(#""mc:12":{"status":"benefit","amount":null,"granted":"0.00","validity_stated""#))
    }
}
