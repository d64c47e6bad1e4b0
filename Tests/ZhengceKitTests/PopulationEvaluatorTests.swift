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

    /// A document without clauses, not in force or with undecided eligibility, beside one with a
    /// clause: the pass that settles the clauses documents decide has none to settle for it.
    @Test func aDocumentWithoutClausesIsSettledWithoutAnyClause() throws {
        let empty = """
        policy empty {
          title "空"
          valid from 2030-01-01 until 2031-12-31
          money in 万元 rounded to 0.01 half-up
          eligible when flag "条件"
        }

        fact flag: bool "条件"
        """
        let other = """
        policy other {
          title "另一"
          valid not stated
          money in 万元 rounded to 0.01 half-up
        }

        clause 1 "补助" (第一条) {
          amount 10万
        }
        """
        // Alone (a program with no clause at all), and beside a document with a clause.
        for sources in [[("empty", empty)], [("empty", empty), ("other", other)]] {
            let program = try #require(Zhengce.load(sources.map { SourceFile(path: "\($0.0).policy", text: $0.1) }).program)
            var reused = PopulationEvaluator(program: program)
            for (facts, day) in [("{}", "2025-06-30"), ("{}", "2030-06-30"), (#"{"flag": false}"#, "2030-06-30")] {
                let applicant = try #require(Batch.boundApplicants(jsonLines: Array(#"{"facts": \#(facts)}"#.utf8), program: program).first)
                let fresh = Zhengce.evaluate(program, applicant, asOf: Day(iso: day)!, explain: false)
                let again = reused.evaluate(applicant, asOf: Day(iso: day)!)
                #expect(decisions(again) == decisions(fresh))
                #expect(again.documents.count == sources.count)
                if sources.count == 2 {
                    #expect(again.clause("other:1")?.status == .granted)
                    #expect(again.clause("other:1")?.validityStated == false)
                }
            }
        }
    }
}
