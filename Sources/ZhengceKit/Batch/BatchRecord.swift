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

    static func documentStatus(_ document: DocumentOutcome) -> String {
        if !document.inForce { return "not_in_force" }
        switch document.eligible {
        case true?: return "eligible"
        case false?: return "not_eligible"
        case nil: return "undecided"
        }
    }

    /// Every fact that kept a clause or a document undecided, sorted.
    static func missingFacts(_ evaluation: Evaluation) -> [String] {
        var missing: Set<String> = []
        // Read in place rather than copied.
        evaluation.clauses.withUnsafeBufferPointer { outcomes in
            for index in outcomes.indices where outcomes[index].status == .undetermined { missing.formUnion(outcomes[index].missingFacts) }
        }
        for document in evaluation.documents where document.inForce { missing.formUnion(document.missingFacts) }
        return missing.sorted()
    }

    // MARK: JSON Lines

    static func jsonLine(_ evaluation: Evaluation, line: Int, explain: Bool, into out: inout ByteWriter) {
        out.literal("{\"line\":")
        out.integer(line)
        out.raw(UInt8(ascii: ","))
        out.key("applicant")
        out.optionalString(evaluation.applicant)
        out.raw(",\"as_of\":\"\(evaluation.asOf)\",\"total\":\"")
        out.wan(evaluation.total)
        out.literal("\",\"documents\":{")
        for (index, document) in evaluation.documents.enumerated() {
            if index > 0 { out.raw(UInt8(ascii: ",")) }
            out.key(document.id)
            out.literal("{\"total\":\"")
            out.wan(document.total)
            out.literal("\",\"status\":\"")
            out.raw(documentStatus(document))
            out.raw(UInt8(ascii: "\""))
            if document.eligible == nil && document.inForce {
                out.literal(",\"missing_facts\":")
                out.strings(document.missingFacts)
            }
            out.raw(UInt8(ascii: "}"))
        }
        out.literal("},\"clauses\":{")
        var first = true
        // The outcomes are read in place: a subscript of the array would copy each one.
        evaluation.clauses.withUnsafeBufferPointer { outcomes in
            for index in outcomes.indices where explain || isListed(outcomes[index].status) {
                if !first { out.raw(UInt8(ascii: ",")) }
                first = false
                out.key(outcomes[index].id)
                clause(outcomes[index], explain: explain, into: &out)
            }
        }
        out.literal("},\"missing_facts\":")
        out.strings(missingFacts(evaluation))
        out.literal("}\n")
    }

    static func clause(_ clause: borrowing ClauseOutcome, explain: Bool, into out: inout ByteWriter) {
        out.literal("{\"status\":\"")
        out.raw(clause.status.rawValue)
        out.literal("\",\"amount\":")
        if let amount = clause.amount {
            out.raw(UInt8(ascii: "\""))
            out.wan(amount)
            out.raw(UInt8(ascii: "\""))
        } else {
            out.literal("null")
        }
        out.literal(",\"granted\":\"")
        out.wan(clause.granted)
        out.raw(UInt8(ascii: "\""))
        if let winner = clause.excludedBy {
            out.literal(",\"excluded_by\":")
            out.string(winner)
        }
        if let how = clause.exclusion {
            out.literal(",\"excluded_how\":\"")
            out.raw(how.rawValue)
            out.raw(UInt8(ascii: "\""))
        }
        if let cap = clause.reducedBy {
            out.literal(",\"reduced_by\":")
            out.string("shared cap " + cap)
        }
        if !clause.validityStated { out.literal(",\"validity_stated\":false") }
        if !clause.installments.isEmpty {
            out.literal(",\"installments\":[")
            for (index, installment) in clause.installments.enumerated() {
                out.raw("\(index > 0 ? "," : ""){\"year\":\(installment.year),\"amount\":\"")
                out.wan(installment.amount)
                out.literal("\"}")
            }
            out.raw(UInt8(ascii: "]"))
        }
        if !clause.missingFacts.isEmpty {
            out.literal(",\"missing_facts\":")
            out.strings(clause.missingFacts)
        }
        if explain {
            out.literal(",\"trace\":[")
            for (index, step) in clause.trace.enumerated() {
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
    /// empty when undetermined).
    static func csvRow(_ evaluation: Evaluation, line: Int, columns: [String: Int], program: Program, into out: inout ByteWriter) {
        out.raw("\(line),")
        out.csvField(evaluation.applicant ?? "")
        out.raw(",\(evaluation.asOf),,\(EvaluationReport.wan(evaluation.total))")
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
