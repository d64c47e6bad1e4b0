/// The records `zhengce batch` writes: one compact JSON object per line, or one CSV row, per input
/// line (fields in docs/commands.md). Amounts are in 万元 with two decimals, as strings.
enum BatchRecord {
    /// Clauses in document and file order: the CSV columns.
    static func clauseIDs(_ program: Program) -> [String] {
        program.documents.flatMap(\.clauseIDs)
    }

    /// Whether a clause appears in a record without `--explain`: the outcomes a reader acts on.
    static func isListed(_ status: ClauseOutcome.Status) -> Bool {
        switch status {
        case .granted, .excluded, .undetermined, .eligible, .benefit: return true
        case .refused, .notApplicable: return false
        }
    }

    /// A clause's status as the record writes it (`ClauseOutcome.Status`'s raw value), as bytes
    /// known when the program is built.
    static func statusText(_ status: ClauseOutcome.Status) -> StaticString {
        switch status {
        case .granted: return "granted"
        case .refused: return "refused"
        case .excluded: return "excluded"
        case .undetermined: return "undetermined"
        case .benefit: return "benefit"
        case .eligible: return "eligible"
        case .notApplicable: return "not_applicable"
        }
    }

    static func documentStatus(_ document: DocumentOutcome) -> StaticString {
        if !document.inForce { return "not_in_force" }
        switch document.eligible {
        case true?: return "eligible"
        case false?: return "not_eligible"
        case nil: return "undecided"
        }
    }

    /// Every fact that kept a clause or a document undecided, sorted.
    static func missingFacts(_ evaluation: Evaluation) -> [String] {
        var missing = MissingPaths()
        // Read in place rather than copied.
        evaluation.clauses.withUnsafeBufferPointer { outcomes in
            guard let base = outcomes.baseAddress else { return }
            for index in outcomes.indices { missing.add(clause: base + index) }
        }
        missing.add(evaluation.documents)
        return missing.sorted()
    }

    /// The missing facts of a record, gathered list by list as the clauses and documents are
    /// read (the JSON Lines writer reads each clause once, for its entry and for these).
    struct MissingPaths {
        // A few paths, most of them repeated: gathered, sorted, and each kept once.
        private var paths: [String] = []
        // The clauses a document leaves undetermined share its list (one array, not copies): a
        // list that is the one just added is not added again.
        private var last: UnsafeRawPointer?

        /// The facts of a clause, when it is undetermined (only those carry missing facts).
        @inline(__always)
        mutating func add(clause outcome: UnsafePointer<ClauseOutcome>) {
            if outcome.pointee.status == .undetermined { add(outcome.pointee.missingFacts) }
        }

        private mutating func add(_ facts: [String]) {
            let storage = facts.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
            if storage != nil && storage == last { return }
            last = storage
            paths += facts
        }

        /// The facts of the documents in force.
        mutating func add(_ documents: [DocumentOutcome]) {
            documents.withUnsafeBufferPointer { documents in
                for index in documents.indices where documents[index].inForce { add(documents[index].missingFacts) }
            }
        }

        /// Sorted, each path once.
        consuming func sorted() -> [String] {
            guard paths.count > 1 else { return paths }
            paths.sort()
            var kept = 0
            for index in paths.indices where index == 0 || paths[index] != paths[kept - 1] {
                paths.swapAt(kept, index)
                kept += 1
            }
            paths.removeLast(paths.count - kept)
            return paths
        }
    }

    // MARK: JSON Lines

    /// The parts of a JSON record that depend only on the program, escaped once: for each
    /// document `"id":{"total":"` and for each clause `"id":{"status":"`, by position.
    /// A class, made once per run and shared: a record borrows it with one reference counted,
    /// not one per array.
    final class Keys: Sendable {
        let documents: Int
        let clauses: Int
        /// Each document's key with `{"total":"` after it, then each clause's with `{"status":"`,
        /// end to end: key `i` (clause `c` is key `documents + c`) is
        /// `keyBytes[keyStarts[i]..<keyStarts[i + 1]]`. One block, so that writing a key takes a
        /// slice of it, not an array of its own to retain and let go of.
        let keyBytes: [UInt8]
        let keyStarts: [Int]
        /// Each clause's whole entry, key to closing brace, after the comma that separates it from
        /// the entry before (left out for a record's first entry), for the outcomes that carry
        /// nothing but a status and no amount or a zero one (a benefit, most of a record): entry
        /// `plainForms * clause + form` is `plainBytes[plainStarts[i]..<plainStarts[i + 1]]`.
        /// Written by `clause`, the one writer of an entry, when the keys are made.
        let plainBytes: [UInt8]
        let plainStarts: [Int]

        /// The position of a status whose entries are made in advance (each with no amount and a
        /// zero one), matched rather than searched for; nil for the other statuses.
        static func plainPosition(_ status: ClauseOutcome.Status) -> Int? {
            switch status {
            case .benefit: return 0
            case .eligible: return 1
            case .undetermined: return 2
            case .granted, .refused, .excluded, .notApplicable: return nil
            }
        }

        /// Those statuses, in the order of their positions.
        static let plainStatuses: [ClauseOutcome.Status] = ClauseOutcome.Status.allCases
            .compactMap { status in plainPosition(status).map { (position: $0, status: status) } }
            .sorted { $0.position < $1.position }.map(\.status)
        static var plainForms: Int { plainStatuses.count * 2 }

        init(documents: [String], clauses: [String]) {
            self.documents = documents.count
            self.clauses = clauses.count
            // Each block written by one writer, a piece after another, its starts noted as it goes.
            var keys = ByteWriter(), keyStarts = [0]
            for id in documents {
                Keys.document(id, into: &keys)
                keyStarts.append(keys.count)
            }
            for id in clauses {
                Keys.clause(id, into: &keys)
                keyStarts.append(keys.count)
            }
            keyBytes = keys.bytes
            self.keyStarts = keyStarts
            var plain = ByteWriter(), plainStarts = [0]
            for id in clauses {
                for status in Keys.plainStatuses {
                    for amount in [nil, ExactDecimal.zero] {
                        plain.raw(UInt8(ascii: ","))
                        Keys.clause(id, into: &plain)
                        var outcome = ClauseOutcome(id: id, document: "", kind: .monetary, status: status, amount: amount, granted: .zero)
                        var lists = WrittenLists()
                        withUnsafePointer(to: &outcome) { BatchRecord.clause($0, explain: false, lists: &lists, into: &plain) }
                        plainStarts.append(plain.count)
                    }
                }
            }
            plainBytes = plain.bytes
            self.plainStarts = plainStarts
        }

        /// Piece `index` of a block laid out as `keyBytes` and `plainBytes` are, its first byte
        /// left out when `droppingFirst` (an entry's comma, before a record's first entry).
        @inline(__always)
        static func piece(_ index: Int, of bytes: UnsafeBufferPointer<UInt8>, starts: [Int], droppingFirst: Bool = false) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: bytes[(starts[index] + (droppingFirst ? 1 : 0))..<starts[index + 1]])
        }

        /// Which entry made in advance writes `outcome`, or nil when it carries more than a
        /// status and no amount or a zero one.
        static func plainForm(_ outcome: UnsafePointer<ClauseOutcome>) -> Int? {
            guard let status = plainPosition(outcome.pointee.status) else { return nil }
            // A zero of a scale below zero would be written with fewer places: left to `clause`.
            guard outcome.pointee.granted.isZero, outcome.pointee.granted.scale >= 0, outcome.pointee.excludedBy == nil,
                  outcome.pointee.reducedBy == nil, outcome.pointee.validityStated, outcome.pointee.installments.isEmpty,
                  outcome.pointee.missingFacts.isEmpty else { return nil }
            guard let amount = outcome.pointee.amount else { return status * 2 }
            return amount.isZero && amount.scale >= 0 ? status * 2 + 1 : nil
        }

        static func document(_ id: String, into out: inout ByteWriter) {
            out.key(id)
            out.literal("{\"total\":\"")
        }

        static func clause(_ id: String, into out: inout ByteWriter) {
            out.key(id)
            out.literal("{\"status\":\"")
        }

        /// The keys of every evaluation of the program: its compiled documents and clauses, in
        /// the order an evaluation lists them.
        convenience init(_ program: Program) {
            self.init(documents: program.compiled?.documents.map(\.id) ?? [], clauses: program.compiled?.clauses.map(\.idText) ?? [])
        }

        /// Whether the keys are those of the evaluation's documents and clauses (by count: an
        /// evaluation of the program they were made from lists them in the same order).
        func fit(_ evaluation: Evaluation) -> Bool {
            documents == evaluation.documents.count && clauses == evaluation.clauses.count
        }
    }

    /// A record with its keys escaped as it is written (for one evaluation; a run over many
    /// passes the keys it made once).
    static func jsonLine(_ evaluation: Evaluation, line: Int, explain: Bool, into out: inout ByteWriter) {
        jsonLine(evaluation, line: line, explain: explain, keys: nil, into: &out)
    }

    static func jsonLine(_ evaluation: Evaluation, line: Int, explain: Bool, keys given: Keys?, into out: inout ByteWriter) {
        let keys = given.flatMap { $0.fit(evaluation) ? $0 : nil }
        out.literal("{\"line\":")
        out.integer(line)
        out.raw(UInt8(ascii: ","))
        out.key("applicant")
        out.optionalString(evaluation.applicant)
        out.literal(",\"as_of\":\"")
        out.day(evaluation.asOf)
        out.literal("\",\"total\":\"")
        out.wan(evaluation.total)
        out.literal("\",\"documents\":{")
        // Gathered as the clauses are read: every undetermined clause is listed.
        var missing = MissingPaths()
        var lists = WrittenLists()
        let keyStarts = keys?.keyStarts ?? []
        let clauseKeys = keys?.documents ?? 0
        // Entries made in advance only without a trace (the keys make them for every clause).
        let plain = !explain && keys != nil
        let plainStarts = keys?.plainStarts ?? []
        // (Read once: a static the type keeps is checked for being made at every reading.)
        let plainForms = Keys.plainForms
        (keys?.keyBytes ?? []).withUnsafeBufferPointer { keyBytes in
            evaluation.documents.withUnsafeBufferPointer { documents in
                for index in documents.indices {
                    if index > 0 { out.raw(UInt8(ascii: ",")) }
                    if keys != nil {
                        out.append(Keys.piece(index, of: keyBytes, starts: keyStarts))
                    } else {
                        Keys.document(documents[index].id, into: &out)
                    }
                    out.wan(documents[index].total)
                    out.literal("\",\"status\":\"")
                    out.literal(documentStatus(documents[index]))
                    out.raw(UInt8(ascii: "\""))
                    if documents[index].eligible == nil && documents[index].inForce {
                        out.literal(",\"missing_facts\":")
                        out.strings(documents[index].missingFacts)
                    }
                    out.raw(UInt8(ascii: "}"))
                }
            }
            out.literal("},\"clauses\":{")
            var first = true
            // The outcomes are read in place, through a pointer: a subscript or a parameter would copy each one.
            (keys?.plainBytes ?? []).withUnsafeBufferPointer { plainBytes in
                evaluation.clauses.withUnsafeBufferPointer { outcomes in
                    guard let base = outcomes.baseAddress else { return }
                    let end = base + outcomes.count
                    var pointer = base
                    while pointer < end {
                        // Without a trace, the outcomes not listed (most of them) are passed over in
                        // a loop of their own, a few instructions each.
                        if !explain {
                            while pointer < end && !isListed(pointer.pointee.status) { pointer += 1 }
                            if pointer == end { break }
                        }
                        let outcome = pointer, index = pointer - base
                        pointer += 1
                        missing.add(clause: outcome)
                        if plain, let form = Keys.plainForm(outcome) {
                            // The entry's comma is written with it, but before the first entry.
                            out.append(Keys.piece(plainForms * index + form, of: plainBytes, starts: plainStarts, droppingFirst: first))
                            first = false
                            continue
                        }
                        if !first { out.raw(UInt8(ascii: ",")) }
                        first = false
                        if keys != nil {
                            out.append(Keys.piece(clauseKeys + index, of: keyBytes, starts: keyStarts))
                        } else {
                            Keys.clause(outcome.pointee.id, into: &out)
                        }
                        clause(outcome, explain: explain, lists: &lists, into: &out)
                    }
                }
            }
        }
        out.literal("},\"missing_facts\":")
        missing.add(evaluation.documents)
        lists.write(missing.sorted(), into: &out)
        // What the evaluation could not do (an overflow, a division by zero), as `eval` writes
        // it to standard error: the clause it left undetermined, the reason and the facts read.
        if !evaluation.failures.isEmpty {
            out.literal(",\"failures\":")
            out.strings(evaluation.failures)
        }
        out.literal("}\n")
    }

    /// Lists of fact paths as a record writes them, the last one remembered: the clauses a
    /// document leaves undetermined carry the same list, and the record's own list is often that
    /// list again, so a list equal to the one before is copied from where it was written rather
    /// than escaped again.
    struct WrittenLists {
        private var last: [String] = []
        private var written: Range<Int> = 0..<0

        mutating func write(_ list: [String], into out: inout ByteWriter) {
            // (Equal arrays that share storage compare equal at once.)
            if !written.isEmpty && list == last && out.repeatWritten(written) { return }
            let start = out.count
            out.strings(list)
            last = list
            written = start..<out.count
        }
    }

    /// A clause's record after its key and `{"status":"`.
    static func clause(_ pointer: UnsafePointer<ClauseOutcome>, explain: Bool, lists: inout WrittenLists, into out: inout ByteWriter) {
        out.literal(statusText(pointer.pointee.status))
        out.literal("\",\"amount\":")
        if let amount = pointer.pointee.amount {
            out.raw(UInt8(ascii: "\""))
            out.wan(amount)
            out.raw(UInt8(ascii: "\""))
        } else {
            out.literal("null")
        }
        out.literal(",\"granted\":\"")
        out.wan(pointer.pointee.granted)
        out.raw(UInt8(ascii: "\""))
        if let winner = pointer.pointee.excludedBy {
            out.literal(",\"excluded_by\":")
            out.string(winner)
        }
        if pointer.pointee.status == .excluded, let how = pointer.pointee.exclusion {
            out.literal(",\"excluded_how\":\"")
            out.raw(how.rawValue)
            out.raw(UInt8(ascii: "\""))
        }
        if let cap = pointer.pointee.reducedBy {
            out.literal(",\"reduced_by\":")
            out.string("shared cap " + cap)
        }
        if !pointer.pointee.validityStated { out.literal(",\"validity_stated\":false") }
        if !pointer.pointee.installments.isEmpty {
            out.literal(",\"installments\":[")
            for (index, installment) in pointer.pointee.installments.enumerated() {
                out.raw("\(index > 0 ? "," : ""){\"year\":\(installment.year),\"amount\":\"")
                out.wan(installment.amount)
                out.literal("\"}")
            }
            out.raw(UInt8(ascii: "]"))
        }
        if !pointer.pointee.missingFacts.isEmpty {
            out.literal(",\"missing_facts\":")
            lists.write(pointer.pointee.missingFacts, into: &out)
        }
        if explain {
            out.literal(",\"trace\":[")
            for (index, step) in pointer.pointee.trace.enumerated() {
                if index > 0 { out.raw(UInt8(ascii: ",")) }
                out.raw("{\"step\":\"\(step.kind.rawValue)\",\"text\":")
                out.string(step.text)
                out.literal(",\"at\":")
                out.optionalString(step.location)
                out.raw(UInt8(ascii: "}"))
            }
            out.raw(UInt8(ascii: "]"))
        }
        out.raw(UInt8(ascii: "}"))
    }

    static func jsonError(line: Int, name: String?, errors: [BatchLineError], into out: inout ByteWriter) {
        out.literal("{\"line\":")
        out.integer(line)
        out.raw(UInt8(ascii: ","))
        out.key("applicant")
        out.optionalString(name)
        out.literal(",\"errors\":[")
        for (index, error) in errors.enumerated() {
            if index > 0 { out.raw(UInt8(ascii: ",")) }
            out.literal("{\"field\":")
            out.optionalString(error.field)
            out.raw(",\"column\":\(error.column.map(String.init) ?? "null"),\"message\":")
            out.string(error.message)
            out.raw(UInt8(ascii: "}"))
        }
        out.literal("]}\n")
    }

    // MARK: CSV

    static func csvHeader(_ program: Program) -> [UInt8] {
        var out = ByteWriter()
        let names = ["line", "applicant", "as_of", "error", "total"] + program.documents.map(\.id) + clauseIDs(program)
        for (index, name) in names.enumerated() {
            if index > 0 { out.raw(UInt8(ascii: ",")) }
            out.csvField(name)
        }
        out.raw(UInt8(ascii: "\n"))
        return out.bytes
    }

    /// A row: the totals, then per clause the amount granted (`0.00` when nothing is granted,
    /// empty when undetermined). What the evaluation could not do is in `error`.
    static func csvRow(_ evaluation: Evaluation, line: Int, columns: [String: Int], program: Program, into out: inout ByteWriter) {
        out.raw("\(line),")
        out.csvField(evaluation.applicant ?? "")
        out.raw(",\(evaluation.asOf),")
        if !evaluation.failures.isEmpty { out.csvField(evaluation.failures.joined(separator: "; ")) }
        out.raw(",\(EvaluationReport.wan(evaluation.total))")
        for document in evaluation.documents { out.raw(",\(EvaluationReport.wan(document.total))") }
        var cells = Array(repeating: "", count: columns.count)
        for clause in evaluation.clauses {
            guard let column = columns[clause.id] else { continue }
            cells[column] = clause.status == .undetermined ? "" : EvaluationReport.wan(clause.granted)
        }
        for cell in cells { out.raw(",\(cell)") }
        out.raw(UInt8(ascii: "\n"))
    }

    static func csvError(line: Int, name: String?, errors: [BatchLineError], program: Program, into out: inout ByteWriter) {
        out.raw("\(line),")
        out.csvField(name ?? "")
        out.literal(",,")
        out.csvField(errors.map(\.message).joined(separator: "; "))
        out.literal(",")
        out.raw(String(repeating: ",", count: program.documents.count + clauseIDs(program).count))
        out.raw(UInt8(ascii: "\n"))
    }
}
