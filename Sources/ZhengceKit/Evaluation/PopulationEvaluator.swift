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
    private var evaluator: Evaluator?
    public let explain: Bool

    public init(program: Program, explain: Bool = false) {
        self.program = program
        self.explain = explain
    }

    public mutating func evaluate(_ applicant: BoundApplicant, asOf: Day) -> Evaluation {
        // The evaluator made for the first applicant is reset for the next (its program is not
        // copied again for each one).
        if evaluator?.program.fits(applicant) == true {
            evaluator?.reset(applicant, asOf: asOf)
        } else {
            // An explained evaluation keeps its trace in the outcomes: it starts afresh each time.
            guard !explain, case .success(let compiled) = program.evaluable(applicant) else {
                return Zhengce.evaluate(program, applicant, asOf: asOf, explain: explain)
            }
            evaluator = Evaluator(program: compiled, applicant: applicant, asOf: asOf, explain: false, reasons: false)
        }
        // Run in place through the optional (taking the evaluator out and putting it back moves all
        // of it per applicant); it was set just above, so the fresh evaluation is never needed.
        return evaluator?.run() ?? Zhengce.evaluate(program, applicant, asOf: asOf, explain: false)
    }
}
