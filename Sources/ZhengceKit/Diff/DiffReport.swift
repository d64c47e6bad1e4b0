/// Everything `zhengce diff` found: the changes between the trees, their impact, and, when a
/// population was given, what it does to each applicant.
public struct PolicyComparison: Sendable {
    public var changes: [PolicyChange]
    public var population: PopulationDiff?
    /// Where the population came from (`the examples`, a file name).
    public var populationSource: String?

    public var hasChanges: Bool { !changes.isEmpty || population?.changed == true }

    /// Compares two checked versions; `members` (if any) are evaluated under both and also serve
    /// as the applicants a witness value is tried with.
    public static func compare(old: Zhengce.Loaded, new: Zhengce.Loaded, oldProgram: Program, newProgram: Program,
                               members: [PopulationDiff.Member]?, populationSource: String?, witnesses: [PopulationDiff.Member], asOf: Day) throws(PopulationDiff.Failure) -> PolicyComparison {
        let raw = PolicyDiff.compare(old: old.trees, new: new.trees)
        let population = try members.map { members throws(PopulationDiff.Failure) in try PopulationDiff.run(old: oldProgram, new: newProgram, members: members, asOf: asOf) }
        var reach = population?.reach ?? []
        if raw.contains(where: { $0.probe != nil }) { reach += witnesses.map { DiffImpact.Reach($0.base, program: newProgram, asOf: asOf) } }
        let context = DiffImpact.Context(old: oldProgram, new: newProgram, bases: reach, asOf: asOf)
        let changes = DiffImpact.assess(raw, context)
        return PolicyComparison(changes: changes, population: population, populationSource: populationSource)
    }
}

/// Renders a comparison for people (text) and tools (JSON, format `zhengce.diff` version 1).
public enum DiffReport {
    public static let formatVersion = 1

    public static func text(_ comparison: PolicyComparison) -> String {
        var lines: [String] = []
        if comparison.changes.isEmpty { lines.append("no changes to the policies") }
        var lastHeading: String?
        for change in comparison.changes {
            let heading = [change.document, change.article, change.clause.map { "clause \($0)" }].compactMap { $0 }.joined(separator: " ")
            if heading != lastHeading {
                if lastHeading != nil { lines.append("") }
                lines.append(heading)
                lastHeading = heading
            }
            switch (change.old, change.new) {
            case (let old?, let new?): lines.append("  \(change.what): \(old.text) → \(new.text)")
            case (nil, let new?): lines.append("  \(change.what): \(new.text)")
            case (let old?, nil): lines.append("  \(change.what): \(old.text)")
            default: lines.append("  \(change.what)")
            }
            lines.append("    " + [change.old.map { "old \($0.location)" }, change.new.map { "new \($0.location)" }].compactMap { $0 }.joined(separator: " · "))
            if let impact = change.impact {
                if impact.isPoint, let witness = impact.witness {
                    lines.append("    results change for \(impact.subject) = \(witness) only (the witness)")
                } else {
                    lines.append("    results change for \(impact.subject) in \(impact.range)" + (impact.witness.map { "; witness \(impact.subject) = \($0)" } ?? ""))
                }
                lines.append("    \(verdictText(impact.verdict)): \(impact.basis)")
            }
        }
        if let population = comparison.population { lines += [""] + text(population, source: comparison.populationSource) }
        lines.append("")
        let clauses = Set(comparison.changes.compactMap(\.clause)).count
        lines.append(comparison.changes.isEmpty ? "0 changes" : "\(comparison.changes.count) change\(comparison.changes.count == 1 ? "" : "s") in \(clauses) clause\(clauses == 1 ? "" : "s") and \(comparison.changes.filter { $0.clause == nil }.count) other place\(comparison.changes.filter { $0.clause == nil }.count == 1 ? "" : "s")")
        return lines.joined(separator: "\n")
    }

    static func verdictText(_ verdict: Impact.Verdict) -> String {
        switch verdict {
        case .moreGenerous: return "more generous"
        case .lessGenerous: return "less generous"
        case .mixed: return "mixed"
        case .unknown: return "direction unknown"
        }
    }

    static func change(_ amounts: PopulationDiff.Amounts) -> String {
        let delta = (try? amounts.new.subtracting(amounts.old)) ?? .zero
        let sign = delta.isNegative ? "" : "+"
        return "\(EvaluationReport.wan(amounts.old)) → \(EvaluationReport.wan(amounts.new))万元 (\(sign)\(EvaluationReport.wan(delta)))"
    }

    static func text(_ population: PopulationDiff, source: String?) -> [String] {
        var lines = ["\(population.rows.count) applicant\(population.rows.count == 1 ? "" : "s")\(source.map { " from \($0)" } ?? ""):"]
        lines.append("  " + PopulationDiff.Band.allCases.map { "\($0.label) \(population.count($0))" }.joined(separator: " · "))
        let changed = population.rows.filter { $0.band != .unchanged || !$0.clauses.isEmpty }
        if !changed.isEmpty {
            lines.append("")
            lines.append("applicants whose amounts change:")
            for row in changed {
                lines.append("  \(row.location): \(row.name) [\(row.band.label)]: total \(change(PopulationDiff.Amounts(id: "", old: row.old, new: row.new)))")
                for clause in row.clauses { lines.append("    \(clause.id): \(change(clause))") }
            }
        }
        let clauses = population.clauses.filter { $0.old != $0.new }
        lines.append("")
        lines.append("payout change by clause:" + (clauses.isEmpty ? " none" : ""))
        for clause in clauses { lines.append("  \(clause.id): \(change(clause))") }
        lines.append("payout change by document:")
        for document in population.documents { lines.append("  \(document.id): \(change(document))") }
        lines.append("total payout: \(change(population.total))")
        return lines
    }

    public static func json(_ comparison: PolicyComparison) -> String {
        func side(_ side: PolicyChange.Side?) -> JSONOut {
            guard let side else { return .null }
            return .object([("text", .string(side.text)), ("location", .string(side.location))])
        }
        func optional(_ text: String?) -> JSONOut { text.map(JSONOut.string) ?? .null }
        func amounts(_ amounts: PopulationDiff.Amounts) -> JSONOut {
            .object([("id", .string(amounts.id)), ("old", .string(EvaluationReport.wan(amounts.old))), ("new", .string(EvaluationReport.wan(amounts.new))),
                     ("change", .string(EvaluationReport.wan((try? amounts.new.subtracting(amounts.old)) ?? .zero)))])
        }
        var population = JSONOut.null
        if let diff = comparison.population {
            population = .object([
                ("source", optional(comparison.populationSource)),
                ("applicants", .int(diff.rows.count)),
                ("bands", .object(PopulationDiff.Band.allCases.map { ($0.rawValue, .int(diff.count($0))) })),
                ("changed", .array(diff.rows.filter { $0.band != .unchanged || !$0.clauses.isEmpty }.map { row in
                    .object([("name", .string(row.name)), ("location", .string(row.location)), ("band", .string(row.band.rawValue)),
                             ("old", .string(EvaluationReport.wan(row.old))), ("new", .string(EvaluationReport.wan(row.new))),
                             ("clauses", .array(row.clauses.map(amounts)))])
                })),
                ("clauses", .array(diff.clauses.map(amounts))),
                ("documents", .array(diff.documents.map(amounts))),
                ("total", amounts(diff.total)),
            ])
        }
        return JSONOut.object([
            ("format", .string("zhengce.diff")),
            ("version", .int(formatVersion)),
            ("changed", .bool(comparison.hasChanges)),
            ("changes", .array(comparison.changes.map { change in
                var impact = JSONOut.null
                if let value = change.impact {
                    impact = .object([("subject", .string(value.subject)), ("fact", optional(value.fact)), ("range", .string(value.range)),
                                      ("witness", optional(value.witness)), ("verdict", .string(value.verdict.rawValue)), ("basis", .string(value.basis))])
                }
                return .object([
                    ("kind", .string(change.kind.rawValue)), ("document", .string(change.document)), ("clause", optional(change.clause)),
                    ("article", optional(change.article)), ("what", .string(change.what)), ("old", side(change.old)), ("new", side(change.new)),
                    ("impact", impact),
                ])
            })),
            ("population", population),
        ]).rendered()
    }
}
