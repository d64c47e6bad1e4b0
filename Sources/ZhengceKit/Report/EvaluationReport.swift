/// Renders an evaluation for people (text) and for programs (JSON, format `zhengce.evaluation`
/// version 1, documented in `docs/commands.md`).
public enum EvaluationReport {
    public static let formatVersion = 1

    /// An amount in 万元 with at least two decimals (`1300.00`), exact for every amount (amounts
    /// are already rounded by the policy; nothing is rounded here).
    public static func wan(_ amount: ExactDecimal) -> String {
        amount.formatted(shiftedLeft: MoneyUnit.display(.cny).shift, minimumPlaces: 2)
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

    static let statusLabels: [ClauseOutcome.Status: String] = [
        .granted: "给予", .refused: "不符合", .excluded: "就高排除", .undetermined: "待补充",
        .benefit: "可享受", .eligible: "符合（金额未定）", .notApplicable: "不适用",
    ]

    /// The report for a person. `verbose` adds the trace of clauses that are not granted.
    public static func text(_ evaluation: Evaluation, program: Program, verbose: Bool = false) -> String {
        var lines: [String] = []
        lines.append("申请人 \(evaluation.applicant ?? "（未命名）") · 评估日期 \(evaluation.asOf)")
        for document in evaluation.documents {
            lines.append("")
            let header = [document.number, document.title].compactMap { $0 }.joined(separator: " ")
            lines.append("== \(document.id) \(header)")
            if document.validity == Validity.unstated.described { lines.append("   有效期：原文未载明，按有效计算") }
            if !document.inForce {
                lines.append("   未生效：\(document.reasons.first ?? document.validity)")
                lines.append("   合计 0.00万元")
                continue
            }
            switch document.eligible {
            case false?: lines.append("   不符合适用范围：" + document.reasons.joined(separator: "; "))
            case nil: lines.append("   适用范围待定，缺少：" + document.missingFacts.joined(separator: ", "))
            default: break
            }
            let outcomes = evaluation.clauses.filter { $0.document == document.id }
            let ineligible = document.eligible != true
            for outcome in outcomes {
                guard let clause = program.clauses[outcome.id] else { continue }
                if ineligible && !verbose { continue }
                if outcome.status == .notApplicable && !verbose { continue }
                let article = clause.article.map { "（\($0)）" } ?? ""
                let label = outcome.excludedByPrecedence ? "优先适用排除" : outcome.status == .excluded && outcome.reducedBy != nil ? "共同上限用尽"
                    : statusLabels[outcome.status] ?? outcome.status.rawValue
                var head = "-- \(outcome.id) \(clause.title)\(article) · \(label)"
                switch outcome.status {
                case .granted: head += " \(Value.displayMoney(outcome.granted, .cny))"
                    if outcome.reducedBy != nil, let amount = outcome.amount { head += "（共同上限由 \(Value.displayMoney(amount, .cny)) 核减）" }
                case .excluded where outcome.amount == nil: head += "，由 \(outcome.excludedBy ?? "?") 代替"
                case .excluded: head += " \(Value.displayMoney(outcome.amount ?? .zero, .cny)) → 0.00万元，由 \(outcome.excludedBy ?? "?") 代替"
                case .undetermined: head += "，缺少：" + outcome.missingFacts.joined(separator: ", ")
                default: break
                }
                if !outcome.validityStated { head += " · 有效期未载明" }
                lines.append(head)
                let showTrace = outcome.status == .granted || outcome.status == .excluded || outcome.status == .refused || verbose
                if showTrace {
                    for step in outcome.trace where verbose || step.kind != .value || outcome.status == .granted {
                        lines.append("     \(step.text)" + (step.location.map { "  [\($0)]" } ?? ""))
                    }
                }
                if !outcome.installments.isEmpty {
                    lines.append("     分年拨付：" + outcome.installments.map { "\($0.year)年 \(Value.displayMoney($0.amount, .cny))" }.joined(separator: "，"))
                }
            }
            lines.append("   合计 \(Value.displayMoney(document.total, .cny))")
        }
        lines.append("")
        let byHighest = evaluation.clauses.filter { $0.status == .excluded && !$0.excludedByPrecedence && $0.reducedBy == nil }.map(\.id)
        let byOther = evaluation.clauses.filter { $0.status == .excluded && ($0.excludedByPrecedence || $0.reducedBy != nil) }.map(\.id)
        if !byHighest.isEmpty { lines.append("就高不重复排除：" + byHighest.joined(separator: ", ")) }
        if !byOther.isEmpty { lines.append("优先适用或共同上限排除：" + byOther.joined(separator: ", ")) }
        let missing = Set(evaluation.clauses.filter { $0.status == .undetermined }.flatMap(\.missingFacts))
            .union(evaluation.documents.filter { $0.inForce }.flatMap(\.missingFacts))
        if !missing.isEmpty { lines.append("待补充的事实：" + missing.sorted().joined(separator: ", ")) }
        lines.append("总计 \(Value.displayMoney(evaluation.total, .cny))")
        return lines.joined(separator: "\n")
    }
}
