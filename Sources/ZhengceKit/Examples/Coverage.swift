/// What examples can exercise in a policy: clauses (granted or reported), bracket arms (chosen),
/// caps and floors (that bound), and exclusion rules (that excluded a clause).
public struct CoverageItem: Sendable, Hashable {
    public typealias Kind = CoverageKey.Kind

    public var kind: Kind
    /// The key an evaluation reports when it exercises this item.
    public var key: CoverageKey
    public var path: String
    public var line: Int
    public var description: String

    /// Every item of a program, in file order.
    public static func all(in program: Program) -> [CoverageItem] {
        var items: [CoverageItem] = []
        for document in program.documents {
            // Bracket arms of the document's definitions count like those of its clauses.
            for definition in document.definitions.values.sorted(by: { $0.name.span.start < $1.name.span.start }) {
                items += armItems(in: .local(definition), path: document.path, owner: "let \(definition.name.value)")
            }
            for id in document.clauseIDs {
                guard let clause = program.clauses[id] else { continue }
                let span = clause.declaration.label.span
                items.append(CoverageItem(kind: .clause, key: CoverageKey(clause: clause.clauseID), path: document.path, line: span.line, description: id))
                for statement in clause.declaration.statements {
                    switch statement {
                    case .cap(let expression, _, _):
                        items.append(CoverageItem(kind: .cap, key: CoverageKey(.cap, expression.span), path: document.path, line: expression.span.line, description: "\(id) cap"))
                    case .floor(let expression, _):
                        items.append(CoverageItem(kind: .floor, key: CoverageKey(.floor, expression.span), path: document.path, line: expression.span.line, description: "\(id) floor"))
                    default: break
                    }
                    items += armItems(in: statement, path: document.path, owner: id)
                }
            }
        }
        for exclusion in program.exclusions {
            let span = exclusion.declaration.span
            items.append(CoverageItem(kind: .exclusion, key: CoverageKey(.exclusion, span), path: span.file?.path ?? "", line: span.line,
                                      description: exclusion.description))
        }
        for cap in program.sharedCaps {
            let span = cap.declaration.span
            items.append(CoverageItem(kind: .sharedCap, key: CoverageKey(.sharedCap, span), path: span.file?.path ?? "", line: span.line,
                                      description: "shared cap over \(cap.members.joined(separator: ", "))"))
        }
        return items
    }

    /// The bracket arms of one statement, wherever they are nested.
    static func armItems(in statement: ClauseStatement, path: String, owner: String) -> [CoverageItem] {
        var items: [CoverageItem] = []
        SyntaxWalk.expressions(in: statement) { node in
            items += CoverageItem.mechanics(node, owner, path)
            guard case .brackets(_, let arms, _) = node.value else { return }
            for arm in arms {
                let text = arm.span.text?.components(before: "=>") ?? ""
                items.append(CoverageItem(kind: .arm, key: CoverageKey(.arm, arm.span), path: path, line: arm.span.line, description: "\(owner) \(text)"))
            }
        }
        return items
    }
}

/// Coverage of a program by a set of evaluations.
public struct CoverageReport: Sendable {
    public var items: [CoverageItem]
    public var exercised: Set<CoverageKey>

    public init(program: Program, evaluations: [Evaluation]) {
        items = CoverageItem.all(in: program)
        exercised = evaluations.reduce(into: Set<CoverageKey>()) { $0.formUnion($1.exercised) }
    }

    public var covered: Int { items.filter { exercised.contains($0.key) }.count }

    /// Whether coverage reaches `percent` (compared exactly: covered × 100 ≥ percent × total).
    public func reaches(_ percent: ExactDecimal) -> Bool {
        guard !items.isEmpty else { return true }
        let left = (try? ExactDecimal(covered).multiplied(by: ExactDecimal(100))) ?? .zero
        let right = (try? percent.multiplied(by: ExactDecimal(items.count))) ?? .zero
        return left >= right
    }

    /// `covered/total (P%)`, the percentage truncated (never rounded up) to two places.
    static func ratio(_ covered: Int, _ total: Int) -> String {
        guard total > 0 else { return "0/0" }
        let percent = (try? ExactDecimal(covered * 100).divided(by: ExactDecimal(total)).rounded(toPlaces: 2, .down)) ?? .zero
        return "\(covered)/\(total) (\(percent.formatted(minimumPlaces: 2))%)"
    }

    public var text: String {
        var lines = ["coverage:"]
        for path in Array(Set(items.map(\.path))).sorted() {
            let mine = items.filter { $0.path == path }
            let parts = CoverageItem.Kind.allCases.compactMap { kind -> String? in
                let ofKind = mine.filter { $0.kind == kind }
                guard !ofKind.isEmpty else { return nil }
                return "\(kind.rawValue)s \(CoverageReport.ratio(ofKind.filter { exercised.contains($0.key) }.count, ofKind.count))"
            }
            lines.append("  \(path): " + parts.joined(separator: ", "))
            for item in mine where !exercised.contains(item.key) && item.kind != .clause {
                lines.append("    not exercised: \(item.kind.rawValue) at line \(item.line): \(item.description)")
            }
            for item in mine where !exercised.contains(item.key) && item.kind == .clause {
                lines.append("    never granted or reported: \(item.description)")
            }
        }
        lines.append("  total: \(CoverageReport.ratio(covered, items.count))")
        return lines.joined(separator: "\n")
    }
}

extension String {
    func components(before marker: String) -> String {
        guard let range = range(of: marker) else { return self }
        return String(self[..<range.lowerBound]).trimmingWhitespace()
    }
}

extension Exclusion {
    /// `exclusive 4a, 4b` for the rules that weigh amounts, `exclusive 12 over 13, 14` for precedence.
    var description: String {
        let names = members.map { $0.joined(separator: " + ") }
        guard mode == .over, let first = names.first else { return "exclusive \(names.joined(separator: ", "))" }
        return "exclusive \(first) over \(names.dropFirst().joined(separator: ", "))"
    }
}

extension CoverageItem {
    /// The step increments and bands of years an expression holds itself (nested ones are
    /// visited on their own).
    static func mechanics(_ node: ExprNode, _ id: String, _ path: String) -> [CoverageItem] {
        switch node.value {
        case .steps:
            return [CoverageItem(kind: .step, key: CoverageKey(.step, node.span), path: path, line: node.span.line, description: "\(id) \(Compiler.source(node.span))")]
        case .yearly(let form):
            return form.bands.map { CoverageItem(kind: .years, key: CoverageKey(.years, $0.span), path: path, line: $0.span.line, description: "\(id) \(Compiler.source($0.span))") }
        default: return []
        }
    }
}
