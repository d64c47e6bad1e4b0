import Testing
@testable import ZhengceKit

/// Amounts far beyond any real award, end to end: each figure in the text report, the trace and
/// the JSON report must be the amount itself, in the unit it is labelled with.
@Suite struct LargeAmountTests {
    static let body = """
    fact x: money in 亿元 "x"
    clause 1 "large" (第一条) {
      amount x
      cap 30000000亿
    }
    """

    func evaluate(_ x: String) throws -> (Evaluation, Program) {
        let loaded = Zhengce.load([SourceFile(path: "t.policy", text: header + Self.body)])
        let program = try #require(loaded.program, "\(loaded.diagnostics.map(DiagnosticRenderer.text))")
        let file = SourceFile(path: "<facts>", text: "{\"facts\": {\"x\": \"\(x)\"}}")
        let applicant = try ApplicantReader.read(file, program: program)
        return (Zhengce.evaluate(program, applicant, asOf: Day(iso: "2025-06-30")!), program)
    }

    @Test func amountsAboveTwoTimesTenToTheThirteenYuanKeepTheirFigure() throws {
        // 200000亿元 = 2×10¹³ 元 = 20亿万元: the text used to show the 元 figure labelled 万元.
        let (evaluation, program) = try evaluate("200000")
        let outcome = try #require(evaluation.clause("t:1"))
        #expect(outcome.status == .granted)
        #expect(EvaluationReport.wan(outcome.granted) == "2000000000.00")
        let text = EvaluationReport.text(evaluation, program: program)
        #expect(text.contains("给予 2,000,000,000.00万元"))
        #expect(text.contains("总计 2,000,000,000.00万元"))
        #expect(EvaluationReport.json(evaluation, program: program).contains("\"total\": \"2000000000.00\""))
    }

    @Test func aCapOnAHugeAmountIsShownWithItsUnitInTheTrace() throws {
        // 5×10¹⁵ 亿元 = 5×10²³ 元, capped at 3×10¹⁵ 元.
        let (evaluation, _) = try evaluate("5000000000000000")
        let outcome = try #require(evaluation.clause("t:1"))
        let cap = try #require(outcome.trace.first { $0.kind == .cap })
        #expect(cap.text.contains("300,000,000,000.00万元 applies"), "\(cap.text)")
        #expect(cap.text.contains("50,000,000,000,000,000,000.00万元"), "\(cap.text)")
        #expect(EvaluationReport.wan(outcome.granted) == "300000000000.00")
    }
}
