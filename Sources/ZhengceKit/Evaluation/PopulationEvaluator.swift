/// Evaluates applicants of one program one after another, keeping its working memory (outcomes,
/// definition values, buffers) from one applicant to the next instead of building it for each:
/// what a population run uses, one per thread. Without `explain` the documents' reasons are not
/// written as text (statuses, amounts and missing facts are); otherwise the result is that of
/// `Zhengce.evaluate` on the same bound applicant.
///
/// The evaluation returned shares storage with the evaluator: let it go before the next call and
/// nothing is copied; keep it and the next call copies what it changes.
public struct PopulationEvaluator {
    private let program: Program
    /// Made once, over the program's compiled form (an empty one when the policies have errors,
    /// which no bound applicant fits), and reset for each applicant: it is run in place, with no
    /// optional to unwrap and no evaluation copied on the way out.
    private var evaluator: Evaluator
    /// Whether the policies compiled (an applicant bound without a compiled program has no slots,
    /// and would fit the empty one).
    private let compiles: Bool
    public let explain: Bool

    public init(program: Program, explain: Bool = false) {
        self.program = program
        self.explain = explain
        compiles = program.compiled != nil
        let compiled = program.compiled ?? CompiledProgram()
        let nobody = BoundApplicant(name: nil, asOf: nil, facts: compiled.facts.map(\.absent), prior: Array(repeating: nil, count: compiled.clauses.count))
        evaluator = Evaluator(program: compiled, applicant: nobody, asOf: Day(ordinal: 0), explain: false, reasons: false)
    }

    public mutating func evaluate(_ applicant: consuming BoundApplicant, asOf: Day) -> Evaluation {
        // An explained evaluation keeps its trace in the outcomes: it starts afresh each time. An
        // applicant bound to other policies gets the message `Zhengce.evaluate` gives.
        guard !explain, compiles, evaluator.program.fits(applicant) else {
            return Zhengce.evaluate(program, applicant, asOf: asOf, explain: explain)
        }
        evaluator.reset(applicant, asOf: asOf)
        return evaluator.run()
    }

    /// The facts of the applicant last evaluated, given up by the evaluator (which keeps none), so
    /// that a reader may write the next applicant over them in place.
    mutating func takeFacts() -> [Cell] {
        let facts = evaluator.applicant.takeFacts()
        evaluator.letGoOfFacts()
        return facts
    }
}
