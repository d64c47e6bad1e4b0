/// What an evaluation concludes for one clause.
public struct ClauseOutcome: Sendable {
    public enum Status: String, Sendable, CaseIterable {
        case granted, refused, excluded, undetermined, benefit, eligible
        case notApplicable = "not_applicable"
    }

    public var id: String
    public var document: String
    public var kind: ClauseKind
    public var status: Status
    /// The amount before exclusions, rounded as the document says; nil when it cannot be computed
    /// or the clause carries no amount.
    public var amount: ExactDecimal?
    /// The amount after exclusions.
    public var granted: ExactDecimal
    public var excludedBy: String?
    /// The shared cap that cut the granted amount (`5000.00万元 over yz:8a + yz:9`), if any.
    public var reducedBy: String?
    /// Excluded by one-way precedence (`exclusive A over { … }`) rather than by take-the-highest.
    public var excludedByPrecedence = false
    /// Excluded by an exclusion rule that lets the applicant choose (`choose one`), the clause
    /// recommended instead named in `excludedBy`.
    public var excludedByChoice = false
    /// False when the document states no validity (`valid not stated`): the result holds on the
    /// reading that the document is in force.
    public var validityStated = true
    public var installments: [Installment] = []
    public var missingFacts: [String] = []
    public var trace: [TraceStep] = []

    /// Writes what every evaluation decides for a clause, in one access.
    mutating func set(_ status: Status, _ amount: ExactDecimal?) {
        self.status = status
        self.amount = amount
        granted = status == .granted ? (amount ?? .zero) : .zero
    }

    /// Back to the state before evaluation (refused, nothing more), writing only what was written.
    mutating func reset() {
        status = .refused
        amount = .zero
        granted = .zero
        // Matched, not compared with nil: a comparison copies the text to compare it.
        if case .some = excludedBy { excludedBy = nil }
        if case .some = reducedBy { reducedBy = nil }
        excludedByPrecedence = false
        excludedByChoice = false
        validityStated = true
        if !installments.isEmpty { installments = [] }
        if !missingFacts.isEmpty { missingFacts = [] }
        if !trace.isEmpty { trace = [] }
    }
}

public struct Installment: Sendable, Equatable {
    public var year: Int
    public var amount: ExactDecimal
}

/// One step of the reasoning behind an outcome, with where it comes from.
public struct TraceStep: Sendable {
    public enum Kind: String, Sendable {
        case validity, eligibility, applies, condition, value, bracket, amount, cap, floor, rounding, schedule, exclusion, note
    }

    public var kind: Kind
    public var text: String
    /// `path:line` in the policy file.
    public var location: String?
    /// The document's article (`第二条（一）`).
    public var article: String?
    /// The values behind `text`, for reports in any language and for tools.
    public var detail: TraceDetail? = nil
}

public struct DocumentOutcome: Sendable {
    public var id: String
    public var number: String?
    public var title: String?
    public var inForce: Bool
    public var validity: String
    /// nil when a fact needed to decide is missing.
    public var eligible: Bool?
    public var missingFacts: [String] = []
    public var reasons: [String] = []
    public var total: ExactDecimal
    /// `reasons` as values, recorded when the evaluation explains.
    public var details: [TraceDetail] = []

    /// Back to the state before assessment (eligible, nothing more), writing only what was written.
    mutating func reset() {
        eligible = true
        total = .zero
        if !missingFacts.isEmpty { missingFacts = [] }
        if !reasons.isEmpty { reasons = [] }
        if !details.isEmpty { details = [] }
    }
}

public struct Evaluation: Sendable {
    public var applicant: String?
    public var asOf: Day
    public var documents: [DocumentOutcome]
    /// Clause outcomes in document and file order.
    public var clauses: [ClauseOutcome]
    public var total: ExactDecimal
    public var warnings: [String] = []
    /// What the evaluation exercised: bracket arms chosen, caps and floors that bound, exclusion
    /// rules that excluded, clauses granted or reported. Recorded when the evaluation explains.
    public var exercised: Set<CoverageKey> = []
    /// Arithmetic that could not be done (overflow, division by zero), each naming the clause or
    /// total and the facts involved. Such a clause is undetermined and no total hides it; the CLI
    /// exits with code 3 when there is any.
    public var failures: [String] = []

    public var excluded: [String] { clauses.filter { $0.status == .excluded }.map(\.id) }

    public func clause(_ id: String) -> ClauseOutcome? { clauses.first { $0.id == id } }

    /// Everything the evaluation decides, one line per clause, then per document, then the total,
    /// the failures and the day: two ways of evaluating one applicant agree when these are equal
    /// (the trace, coverage and documents' reasons, which a population run leaves out, aside).
    var decisions: [String] {
        clauses.map { clause in
            "\(clause.id) \(clause.status) \(clause.amount.map(\.description) ?? "-") \(clause.granted) by:\(clause.excludedBy ?? "-")"
                + " \(clause.excludedByChoice) \(clause.excludedByPrecedence) cut:\(clause.reducedBy ?? "-") \(clause.validityStated)"
                + " \(clause.installments.map { "\($0.year)=\($0.amount)" }) \(clause.missingFacts)"
        } + documents.map { document in
            "\(document.id) \(document.inForce) \(document.eligible.map(String.init) ?? "nil") \(document.missingFacts) \(document.total)"
        } + ["total \(total)", "failures \(failures)", "as of \(asOf)"]
    }

    /// `decisions` as a population run makes them: a document not in force is listed without its
    /// eligibility and the facts that left it undecided, which a population run does not assess
    /// when none of the document's clauses can be cashed after it ends (`Evaluator.assess`), and
    /// which no report or record of a document not in force shows. Its clauses are listed in full.
    var populationDecisions: [String] {
        decisions.enumerated().map { position, line in
            let document = position - clauses.count
            guard documents.indices.contains(document), !documents[document].inForce else { return line }
            return "\(documents[document].id) false \(documents[document].total)"
        }
    }
}
