/// The exact aggregate over a batch run: per clause and per document how many applicants were
/// granted, refused or left undetermined and the total amount, and which missing facts blocked
/// the most applicants. Sums are exact decimals; merging summaries gives the same result in any
/// order, so the summary does not depend on the number of threads.
public struct BatchSummary: Sendable, Equatable {
    public struct ClauseTally: Sendable, Equatable {
        /// Granted, or reported as a benefit or an eligible no-amount clause.
        public var granted = 0
        public var excluded = 0
        public var refused = 0
        public var notApplicable = 0
        public var undetermined = 0
        /// The sum of the amounts granted (after exclusions), in yuan.
        public var amount = ExactDecimal.zero
    }

    public struct DocumentTally: Sendable, Equatable {
        /// Applicants with a document total above zero.
        public var granted = 0
        /// Applicants the document admits on the day (in force and eligible). With `notInForce`,
        /// `notEligible` and `undecided` it counts every evaluated applicant once.
        public var eligible = 0
        public var notInForce = 0
        public var notEligible = 0
        /// Applicants whose eligibility waits on missing facts.
        public var undecided = 0
        public var amount = ExactDecimal.zero
    }

    /// Input lines (records), evaluated or not.
    public var lines = 0
    /// Lines that gave an error record.
    public var failed = 0
    /// Lines evaluated whose evaluation ran into arithmetic it could not do (their records carry
    /// `failures`).
    public var evaluationFailed = 0
    /// Applicants granted something.
    public var granted = 0
    public var total = ExactDecimal.zero
    public var clauses: [String: ClauseTally] = [:]
    public var documents: [String: DocumentTally] = [:]
    /// Missing fact path (list positions written `[]`) → applicants it left undecided.
    public var blockers: [String: Int] = [:]
    /// Whether a sum went beyond what an exact decimal holds (never for real populations).
    public var overflowed = false

    public init() {}

    mutating func addFailure() {
        lines += 1
        failed += 1
    }

    mutating func add(_ evaluation: Evaluation) {
        addTotals(evaluation)
        // Each tally is updated in place: one look-up per clause and per document.
        var overflow = false
        for clause in evaluation.clauses { Self.count(clause.status, clause.granted, into: &clauses[clause.id, default: ClauseTally()], overflow: &overflow) }
        for document in evaluation.documents { Self.count(document, into: &documents[document.id, default: DocumentTally()], overflow: &overflow) }
        if overflow { overflowed = true }
        addBlockers(evaluation)
    }

    /// The line, the applicant's total and whether it was granted anything.
    mutating func addTotals(_ evaluation: Evaluation) {
        lines += 1
        if !evaluation.failures.isEmpty { evaluationFailed += 1 }
        if evaluation.total > .zero { granted += 1 }
        total = sum(total, evaluation.total)
    }

    /// Counts the missing facts that left the applicant undecided, each field once.
    mutating func addBlockers(_ evaluation: Evaluation) {
        var blocking: Set<String> = []
        for path in BatchRecord.missingFacts(evaluation) { blocking.insert(Self.general(path)) }
        for path in blocking { blockers[path, default: 0] += 1 }
    }

    static func count(_ status: ClauseOutcome.Status, _ granted: ExactDecimal, into tally: inout ClauseTally, overflow: inout Bool) {
        switch status {
        case .granted, .benefit, .eligible: tally.granted += 1
        case .excluded: tally.excluded += 1
        case .refused: tally.refused += 1
        case .notApplicable: tally.notApplicable += 1
        case .undetermined: tally.undetermined += 1
        }
        // Most clauses grant nothing, which adds nothing.
        if !granted.isZero { tally.amount = add(tally.amount, granted, &overflow) }
    }

    static func count(_ document: DocumentOutcome, into tally: inout DocumentTally, overflow: inout Bool) {
        if document.total > .zero { tally.granted += 1 }
        switch (document.inForce, document.eligible) {
        case (false, _): tally.notInForce += 1
        case (true, false?): tally.notEligible += 1
        case (true, nil): tally.undecided += 1
        case (true, true?): tally.eligible += 1
        }
        if !document.total.isZero { tally.amount = add(tally.amount, document.total, &overflow) }
    }

    /// `a + b`, or `a` with `overflow` set when the sum is not representable.
    private static func add(_ a: ExactDecimal, _ b: ExactDecimal, _ overflow: inout Bool) -> ExactDecimal {
        guard let result = try? a.adding(b) else {
            overflow = true
            return a
        }
        return result
    }

    public mutating func merge(_ other: BatchSummary) {
        lines += other.lines
        failed += other.failed
        evaluationFailed += other.evaluationFailed
        granted += other.granted
        total = sum(total, other.total)
        overflowed = overflowed || other.overflowed
        for (id, theirs) in other.clauses {
            var mine = clauses[id] ?? ClauseTally()
            mine.granted += theirs.granted
            mine.excluded += theirs.excluded
            mine.refused += theirs.refused
            mine.notApplicable += theirs.notApplicable
            mine.undetermined += theirs.undetermined
            mine.amount = sum(mine.amount, theirs.amount)
            clauses[id] = mine
        }
        for (id, theirs) in other.documents {
            var mine = documents[id] ?? DocumentTally()
            mine.granted += theirs.granted
            mine.eligible += theirs.eligible
            mine.notInForce += theirs.notInForce
            mine.notEligible += theirs.notEligible
            mine.undecided += theirs.undecided
            mine.amount = sum(mine.amount, theirs.amount)
            documents[id] = mine
        }
        for (path, count) in other.blockers { blockers[path, default: 0] += count }
    }

    private mutating func sum(_ a: ExactDecimal, _ b: ExactDecimal) -> ExactDecimal {
        guard let result = try? a.adding(b) else {
            overflowed = true
            return a
        }
        return result
    }

    /// `capital_increases[2].amount` → `capital_increases[].amount`: one blocker per field.
    static func general(_ path: String) -> String {
        // Most paths name no list item.
        guard path.utf8.contains(UInt8(ascii: "[")) else { return path }
        var result = ""
        var inPosition = false
        for character in path {
            if character == "[" { inPosition = true; result.append(character); continue }
            if character == "]" { inPosition = false }
            if !inPosition { result.append(character) }
        }
        return result
    }

    /// The missing facts that blocked the most applicants, most first (ties by name).
    public func topBlockers(_ limit: Int = 10) -> [(path: String, applicants: Int)] {
        blockers.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(limit).map { ($0.key, $0.value) }
    }

    /// The summary as text, documents and clauses in program order; amounts in 万元, exact.
    public func text(_ program: Program) -> String {
        var lines: [String] = []
        let evaluated = self.lines - failed
        let failures = evaluationFailed == 0 ? "" : " (\(evaluationFailed) of them with an evaluation failure)"
        lines.append("summary: \(self.lines) line\(self.lines == 1 ? "" : "s"), \(evaluated) evaluated\(failures), \(failed) failed; \(granted) granted something; total \(EvaluationReport.wan(total))万元")
        if overflowed { lines.append("warning: a sum overflowed; the totals are incomplete") }
        // Eligible, not eligible, undecided and not in force count each evaluated applicant once;
        // granted (a total above zero) is among them.
        var table: [[String]] = [["document", "eligible", "not eligible", "undecided", "not in force", "granted", "amount (万元)"]]
        for document in program.documents {
            let tally = documents[document.id] ?? DocumentTally()
            table.append([document.id, "\(tally.eligible)", "\(tally.notEligible)", "\(tally.undecided)", "\(tally.notInForce)", "\(tally.granted)",
                          EvaluationReport.wan(tally.amount)])
        }
        lines += Self.aligned(table)
        table = [["clause", "granted", "excluded", "refused", "not applicable", "undetermined", "amount (万元)"]]
        for id in BatchRecord.clauseIDs(program) {
            let tally = clauses[id] ?? ClauseTally()
            table.append([id, "\(tally.granted)", "\(tally.excluded)", "\(tally.refused)", "\(tally.notApplicable)", "\(tally.undetermined)", EvaluationReport.wan(tally.amount)])
        }
        lines += Self.aligned(table)
        let top = topBlockers()
        if top.isEmpty {
            lines.append("no applicant was left undecided by a missing fact")
        } else {
            lines.append("missing facts that blocked the most applicants:")
            lines += Self.aligned(top.map { ["  " + $0.path, "\($0.applicants)"] })
        }
        return lines.joined(separator: "\n")
    }

    /// Columns padded to their widest cell; numbers right-aligned.
    static func aligned(_ rows: [[String]]) -> [String] {
        guard let width = rows.map(\.count).max() else { return [] }
        let widths = (0..<width).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
    }
}
