/// A run of evaluations of one program tallied by clause and document position (the order every
/// evaluation of the program lists them in), with no look-up by id per applicant; `summary`
/// turns it into a `BatchSummary` with one look-up per clause and document.
struct SummaryTally {
    private var base = BatchSummary()
    private var clauseIDs: [String] = []
    private var clauses: [BatchSummary.ClauseTally] = []
    private var documentIDs: [String] = []
    private var documents: [BatchSummary.DocumentTally] = []

    mutating func addFailure() { base.addFailure() }

    mutating func add(_ evaluation: Evaluation) {
        if clauseIDs.isEmpty && documentIDs.isEmpty {
            clauseIDs = evaluation.clauses.map(\.id)
            clauses = Array(repeating: BatchSummary.ClauseTally(), count: clauseIDs.count)
            documentIDs = evaluation.documents.map(\.id)
            documents = Array(repeating: BatchSummary.DocumentTally(), count: documentIDs.count)
        }
        // The outcomes are read in place by index: a loop over them would copy each one.
        guard evaluation.clauses.count == clauseIDs.count, evaluation.documents.count == documentIDs.count,
              clauseIDs.indices.allSatisfy({ evaluation.clauses[$0].id == clauseIDs[$0] }),
              documentIDs.indices.allSatisfy({ evaluation.documents[$0].id == documentIDs[$0] }) else {
            base.add(evaluation)
            return
        }
        base.addTotals(evaluation)
        var overflow = false
        for index in clauses.indices {
            BatchSummary.count(evaluation.clauses[index].status, evaluation.clauses[index].granted, into: &clauses[index], overflow: &overflow)
        }
        for index in documents.indices { BatchSummary.count(evaluation.documents[index], into: &documents[index], overflow: &overflow) }
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
