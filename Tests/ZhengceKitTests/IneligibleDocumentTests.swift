import Testing
@testable import ZhengceKit

/// A document whose eligibility fails: its clauses are refused in both modes; explained, each says
/// why at the document's header; unexplained, none records a step, and the document still gives
/// its reasons.
@Suite struct IneligibleDocumentTests {
    func evaluate(explain: Bool) throws -> Evaluation {
        let facts = #"{"facts": {"operates_in_zone": false, "major_penalty": false, "srdi": true}}"#
        let applicant = try ApplicantReader.read(SourceFile(path: "<facts>", text: facts), program: fixture)
        return Zhengce.evaluate(fixture, applicant, asOf: Day(iso: "2025-06-30")!, explain: explain)
    }

    @Test func everyClauseIsRefusedAndExplainsTheFailedConditionOnlyWhenExplaining() throws {
        let explained = try evaluate(explain: true)
        let plain = try evaluate(explain: false)
        let document = try #require(explained.documents.first { $0.id == "fx" })
        #expect(document.eligible == false)
        let clauses = explained.clauses.filter { $0.document == "fx" }
        #expect(!clauses.isEmpty)
        for clause in clauses {
            #expect(clause.status == .refused, "\(clause.id)")
            let steps = clause.trace.filter { $0.kind == .eligibility }
            #expect(steps.count == 1, "\(clause.id)")
            #expect(steps.first?.text.hasPrefix("not eligible: ") == true, "\(clause.id)")
            if case .notEligible? = steps.first?.detail {} else { Issue.record("\(clause.id) has no notEligible detail") }
        }
        let plainClauses = plain.clauses.filter { $0.document == "fx" }
        #expect(plainClauses.map(\.status) == clauses.map(\.status))
        #expect(plainClauses.allSatisfy { $0.trace.isEmpty })
        // Unexplained, a reason names the failed condition without the values it read.
        let plainReasons = try #require(plain.documents.first { $0.id == "fx" }?.reasons)
        #expect(plainReasons.count == document.reasons.count && !plainReasons.isEmpty)
        #expect(zip(plainReasons, document.reasons).allSatisfy { $1.hasPrefix($0) })
    }
}
