/// A run of evaluations of one program tallied by clause and document position (the order every
/// evaluation of the program lists them in), with no look-up by id per applicant; `summary`
/// turns it into a `BatchSummary` with one look-up per clause and document.
struct SummaryTally {
    private var base = BatchSummary()
    /// Whether clauses, documents and blocking facts are tallied, or only lines and totals.
    private let tallies: Bool
    private var clauseIDs: [String] = []
    private var clauses: [BatchSummary.ClauseTally] = []
    private var documentIDs: [String] = []
    private var documents: [BatchSummary.DocumentTally] = []

    init(tallies: Bool = true) {
        self.tallies = tallies
    }

    mutating func addFailure() { base.addFailure() }

    /// Adds an evaluation of the program the tally's first evaluation came from (the same
    /// clauses and documents, in the same order; another shape is tallied by id).
    mutating func add(_ evaluation: Evaluation) {
        guard tallies else {
            base.addTotals(evaluation)
            return
        }
        if clauseIDs.isEmpty && documentIDs.isEmpty {
            clauseIDs = evaluation.clauses.map(\.id)
            clauses = Array(repeating: BatchSummary.ClauseTally(), count: clauseIDs.count)
            documentIDs = evaluation.documents.map(\.id)
            documents = Array(repeating: BatchSummary.DocumentTally(), count: documentIDs.count)
        }
        guard evaluation.clauses.count == clauseIDs.count, evaluation.documents.count == documentIDs.count else {
            base.add(evaluation)
            return
        }
        base.addTotals(evaluation)
        var overflow = false
        // The outcomes are read in place: a loop over them, or a subscript, would copy each one.
        evaluation.clauses.withUnsafeBufferPointer { outcomes in
            for index in clauses.indices {
                BatchSummary.count(outcomes[index].status, outcomes[index].granted, into: &clauses[index], overflow: &overflow)
            }
        }
        evaluation.documents.withUnsafeBufferPointer { outcomes in
            for index in documents.indices { BatchSummary.count(outcomes[index], into: &documents[index], overflow: &overflow) }
        }
        if overflow { base.overflowed = true }
        base.addBlockers(evaluation)
    }

    var summary: BatchSummary {
        var other = BatchSummary()
        for (id, tally) in zip(clauseIDs, clauses) { other.clauses[id] = tally }
        for (id, tally) in zip(documentIDs, documents) { other.documents[id] = tally }
        var result = base
        result.merge(other)
        return result
    }
}
