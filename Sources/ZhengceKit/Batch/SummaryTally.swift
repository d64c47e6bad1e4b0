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
        guard evaluation.clauses.count == clauseIDs.count, evaluation.documents.count == documentIDs.count,
              zip(evaluation.clauses, clauseIDs).allSatisfy({ $0.id == $1 }), zip(evaluation.documents, documentIDs).allSatisfy({ $0.id == $1 }) else {
            base.add(evaluation)
            return
        }
        base.addTotals(evaluation)
        var overflow = false
        for (index, clause) in evaluation.clauses.enumerated() { BatchSummary.count(clause, into: &clauses[index], overflow: &overflow) }
        for (index, document) in evaluation.documents.enumerated() { BatchSummary.count(document, into: &documents[index], overflow: &overflow) }
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
