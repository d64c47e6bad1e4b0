/// Renders an evaluation for people (text) and for programs (JSON, format `zhengce.evaluation`
/// version 1, documented in `docs/commands.md`).
public enum EvaluationReport {
    public static let formatVersion = 1

    /// An amount in 万元 with at least two decimals (`1300.00`), exact for every amount (amounts
    /// are already rounded by the policy; nothing is rounded here).
    public static func wan(_ amount: ExactDecimal) -> String {
        amount.formatted(shiftedLeft: MoneyUnit.displayShift, minimumPlaces: 2)
    }

    static func wanValue(_ amount: ExactDecimal?) -> JSONOut {
        amount.map { .string(wan($0)) } ?? .null
    }

    public static func json(_ evaluation: Evaluation, program: Program) -> String {
        let documents: [JSONOut] = evaluation.documents.map { document in
            .object([
                ("id", .string(document.id)),
                ("number", document.number.map(JSONOut.string) ?? .null),
                ("title", document.title.map(JSONOut.string) ?? .null),
                ("validity", .string(document.validity)),
                ("in_force", .bool(document.inForce)),
                ("eligible", document.eligible.map(JSONOut.bool) ?? .null),
                ("missing_facts", .array(document.missingFacts.map(JSONOut.string))),
                ("reasons", .array(document.reasons.map(JSONOut.string))),
                ("reason_details", .array(document.details.map(TraceDetailJSON.json))),
                ("total", .string(wan(document.total))),
            ])
        }
        let clauses: [(String, JSONOut)] = evaluation.clauses.map { outcome in
            let clause = program.clauses[outcome.id]
            return (outcome.id, .object([
                ("document", .string(outcome.document)),
                ("label", .string(clause?.label ?? "")),
                ("article", clause?.article.map(JSONOut.string) ?? .null),
                ("title", .string(clause?.title ?? "")),
                ("agency", clause?.agency.map(JSONOut.string) ?? .null),
                ("kind", .string(outcome.kind.rawValue)),
                ("status", .string(outcome.status.rawValue)),
                ("amount", wanValue(outcome.amount)),
                ("granted", .string(wan(outcome.granted))),
                ("excluded_by", outcome.excludedBy.map(JSONOut.string) ?? .null),
                ("excluded_how", outcome.exclusion.map { JSONOut.string($0.rawValue) } ?? .null),
                ("reduced_by", outcome.reducedBy.map { JSONOut.string("shared cap " + $0) } ?? .null),
                ("validity_stated", .bool(outcome.validityStated)),
                ("installments", .array(outcome.installments.map { .object([("year", .int($0.year)), ("amount", .string(wan($0.amount)))]) })),
                ("missing_facts", .array(outcome.missingFacts.map(JSONOut.string))),
                ("trace", .array(outcome.trace.map { step in
                    .object([
                        ("step", .string(step.kind.rawValue)),
                        ("text", .string(step.text)),
                        ("at", step.location.map(JSONOut.string) ?? .null),
                        ("article", step.article.map(JSONOut.string) ?? .null),
                        ("detail", step.detail.map(TraceDetailJSON.json) ?? .null),
                    ])
                })),
            ]))
        }
        let root = JSONOut.object([
            ("format", .string("zhengce.evaluation")),
            ("version", .int(formatVersion)),
            ("applicant", evaluation.applicant.map(JSONOut.string) ?? .null),
            ("as_of", .string(evaluation.asOf.description)),
            ("unit", .string("万元")),
            ("documents", .array(documents)),
            ("clauses", .object(clauses)),
            ("excluded", .array(evaluation.excluded.map(JSONOut.string))),
            ("total", .string(wan(evaluation.total))),
            ("warnings", .array(evaluation.warnings.map(JSONOut.string))),
        ])
        return root.rendered()
    }
}
