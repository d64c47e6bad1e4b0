import Testing
@testable import ZhengceKit

/// The evaluator a population run reuses from one applicant to the next decides exactly what a
/// fresh evaluation decides, and an evaluation kept by the caller is not changed by the next one.
@Suite struct PopulationEvaluatorTests {
    /// Everything an evaluation decides besides text: statuses, amounts, what excluded or cut a
    /// clause, installments, missing facts, documents and totals.
    func decisions(_ evaluation: Evaluation) -> [String] {
        evaluation.clauses.map { clause in
            "\(clause.id) \(clause.status) \(clause.amount.map(\.description) ?? "-") \(clause.granted) by:\(clause.excludedBy ?? "-")"
                + " \(clause.excludedByChoice) \(clause.excludedByPrecedence) cut:\(clause.reducedBy ?? "-") \(clause.validityStated)"
                + " \(clause.installments.map { "\($0.year)=\($0.amount)" }) \(clause.missingFacts)"
        } + evaluation.documents.map { document in
            "\(document.id) \(document.inForce) \(document.eligible.map(String.init) ?? "nil") \(document.missingFacts) \(document.total)"
        } + ["total \(evaluation.total)", "failures \(evaluation.failures)", "as of \(evaluation.asOf)"]
    }

    func compare(_ program: Program, _ trees: [PolicyFile], seed: UInt64, count: Int) {
        var population = Population(program: program, trees: trees, seed: seed)
        let bound = (0..<count).compactMap { _ in Batch.boundApplicants(jsonLines: Array(population.nextLine().utf8), program: program).first }
        #expect(bound.count == count)
        var reused = PopulationEvaluator(program: program)
        var kept: [(Evaluation, [String])] = []
        for (index, applicant) in bound.enumerated() {
            let day = applicant.asOf ?? Day(iso: "2025-06-30")!
            let fresh = Zhengce.evaluate(program, applicant, asOf: day, explain: false)
            let again = reused.evaluate(applicant, asOf: day)
            #expect(decisions(again) == decisions(fresh), "applicant \(index + 1)")
            if index % 7 == 0 { kept.append((again, decisions(fresh))) }
        }
        for (evaluation, expected) in kept { #expect(decisions(evaluation) == expected, "a kept evaluation changed") }
    }

    @Test func sameDecisionsAsAFreshEvaluationOnTheFixturePolicies() throws {
        let loaded = try Zhengce.load(paths: [fixturePolicies])
        let program = try #require(loaded.program)
        compare(program, loaded.trees, seed: 21, count: 400)
    }

    /// The shipped policies as realistic input: two paths compared, no amount asserted.
    @Test func sameDecisionsAsAFreshEvaluationOnTheShippedPolicies() {
        compare(shipped, shippedTrees, seed: 22, count: 200)
    }

    @Test func explainingGivesTheFullEvaluation() throws {
        var population = Population(program: fixture, trees: try Zhengce.load(paths: [fixturePolicies]).trees, seed: 3)
        let applicant = try #require(Batch.boundApplicants(jsonLines: Array(population.nextLine().utf8), program: fixture).first)
        var evaluator = PopulationEvaluator(program: fixture, explain: true)
        let day = Day(iso: "2025-06-30")!
        let explained = evaluator.evaluate(applicant, asOf: day)
        let fresh = Zhengce.evaluate(fixture, applicant, asOf: day, explain: true)
        #expect(explained.clauses.map(\.trace.count) == fresh.clauses.map(\.trace.count))
        #expect(explained.documents.map(\.reasons) == fresh.documents.map(\.reasons))
    }
}
