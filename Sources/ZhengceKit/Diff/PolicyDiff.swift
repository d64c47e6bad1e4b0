/// What changed between two versions of a set of policy files, found by comparing their syntax
/// trees (equality ignores spans and comments, so a reformatted file shows no change). Each change
/// is told in the document's own terms: the clause, its article, the text and line on both sides.
public struct PolicyChange: Sendable {
    public enum Kind: String, Sendable {
        case documentAdded = "document_added", documentRemoved = "document_removed"
        case clauseAdded = "clause_added", clauseRemoved = "clause_removed"
        case constant, rate, bound, inclusion, threshold
        case cap, capScope = "cap_scope", capAdded = "cap_added", capRemoved = "cap_removed"
        case floor, floorAdded = "floor_added", floorRemoved = "floor_removed"
        case conditionAdded = "condition_added", conditionRemoved = "condition_removed"
        case validity, header
        case eligibilityAdded = "eligibility_added", eligibilityRemoved = "eligibility_removed"
        case exclusionAdded = "exclusion_added", exclusionRemoved = "exclusion_removed", exclusion
        case sharedCapAdded = "shared_cap_added", sharedCapRemoved = "shared_cap_removed", sharedCap = "shared_cap"
        case factAdded = "fact_added", factRemoved = "fact_removed", fact
        case definitionAdded = "definition_added", definitionRemoved = "definition_removed"
        case statementAdded = "statement_added", statementRemoved = "statement_removed"
        case expression, title
    }

    /// One side of a change: the text as written and `path:line`.
    public struct Side: Sendable, Equatable {
        public var text: String
        public var location: String
    }

    public var kind: Kind
    public var document: String
    /// The full clause id (`yz2025:2`), when the change is inside a clause.
    public var clause: String?
    public var article: String?
    /// What the change is about, in a few words (`cap per year`, `bracket arm 2 lower bound`).
    public var what: String
    public var old: Side?
    public var new: Side?
    /// Where results change and in which direction, for a bound, rate, cap or threshold.
    public var impact: Impact?
    /// How the change acts on one value, for `DiffImpact`.
    var probe: Probe?
}

/// How a changed number acts, recorded while comparing trees so the impact can be worked out.
enum Probe: Sendable {
    /// A point where a value moves from one side to the other; `above` says whether the point
    /// itself belongs to the upper side. `arms` are the brackets on both sides, when the point
    /// is a bracket bound.
    case boundary(subject: ExprNode, old: (ExactDecimal, above: Bool), new: (ExactDecimal, above: Bool), test: BoundaryTest, hint: DiffScale)
    /// A number inside a bracket arm's result: results change for values in that arm.
    case arm(subject: ExprNode, arm: BracketArm, old: ExactDecimal, new: ExactDecimal)
    /// A factor of an amount (`fact × rate`): results change wherever the fact is positive and
    /// the cap does not bind on both sides.
    case factor(amount: ExprNode, old: ExactDecimal, new: ExactDecimal)
    /// A cap or floor of the same scope whose amount changed.
    case limit(isCap: Bool, amount: ExprNode?, old: ExactDecimal, new: ExactDecimal)

    /// What the boundary decides: a condition (passes above or below) or a bracket's arm.
    enum BoundaryTest: Sendable {
        case condition(passesAbove: Bool)
        case brackets(old: Expr, new: Expr)
        /// Inside a negation or a choice between values: no direction can be read off.
        case opaque
    }
}

public enum PolicyDiff {
    /// Compares the trees of two versions; documents are matched by id, clauses by label, facts
    /// and definitions by name, exclusion rules by their members.
    public static func compare(old: [PolicyFile], new: [PolicyFile]) -> [PolicyChange] {
        var changes: [PolicyChange] = []
        let oldDocuments = Dictionary(old.compactMap { file in file.header.map { ($0.id.value, file) } }, uniquingKeysWith: { first, _ in first })
        let newDocuments = Dictionary(new.compactMap { file in file.header.map { ($0.id.value, file) } }, uniquingKeysWith: { first, _ in first })
        let order = new.compactMap { $0.header?.id.value } + old.compactMap { $0.header?.id.value }.filter { newDocuments[$0] == nil }
        for id in order {
            switch (oldDocuments[id], newDocuments[id]) {
            case (nil, let file?):
                changes.append(PolicyChange(kind: .documentAdded, document: id, what: "document added", new: side(file.header?.span)))
            case (let file?, nil):
                changes.append(PolicyChange(kind: .documentRemoved, document: id, what: "document removed", old: side(file.header?.span)))
            case (let before?, let after?):
                var walker = DiffWalker(document: id)
                walker.documents(before, after)
                changes += walker.changes
            default: break
            }
        }
        return changes
    }

    static func side(_ span: Span?, text: String? = nil) -> PolicyChange.Side? {
        guard let span else { return nil }
        return PolicyChange.Side(text: text ?? written(span), location: span.location)
    }

    /// The text a span covers, on one line.
    static func written(_ span: Span) -> String {
        let text = span.text ?? ""
        return text.split(whereSeparator: \.isNewline).map { String($0).trimmedSpaces }.joined(separator: " ")
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    var trimmedSpaces: String {
        let blank: Set<Character> = [" ", "\t"]
        return String(drop { blank.contains($0) }.reversed().drop { blank.contains($0) }.reversed())
    }
}

/// Walks two versions of one document side by side and records what differs.
struct DiffWalker {
    let document: String
    var changes: [PolicyChange] = []
    var clause: String?
    var article: String?

    init(document: String) {
        self.document = document
    }

    mutating func record(_ kind: PolicyChange.Kind, _ what: String, old: PolicyChange.Side?, new: PolicyChange.Side?, probe: Probe? = nil) {
        changes.append(PolicyChange(kind: kind, document: document, clause: clause, article: article, what: what, old: old, new: new, probe: probe))
    }

    mutating func documents(_ old: PolicyFile, _ new: PolicyFile) {
        if let before = old.header, let after = new.header { header(before, after) }
        facts(old.facts, new.facts)
        definitions(old.definitions, new.definitions, scope: "")
        for after in new.clauses {
            guard let before = old.clauses.first(where: { $0.label.value == after.label.value }) else {
                clause = "\(document):\(after.label.value)"
                article = after.citation?.value
                record(.clauseAdded, "clause added", old: nil, new: PolicyDiff.side(after.span, text: "\(after.label.value) \"\(after.title)\""))
                continue
            }
            clauseDecl(before, after)
        }
        for before in old.clauses where !new.clauses.contains(where: { $0.label.value == before.label.value }) {
            clause = "\(document):\(before.label.value)"
            article = before.citation?.value
            record(.clauseRemoved, "clause removed", old: PolicyDiff.side(before.span, text: "\(before.label.value) \"\(before.title)\""), new: nil)
        }
        clause = nil
        article = nil
        exclusions(old.exclusions, new.exclusions)
        sharedCaps(old.sharedCaps, new.sharedCaps)
    }

    mutating func header(_ old: DocumentHeader, _ new: DocumentHeader) {
        if old.validity != new.validity {
            record(.validity, "validity", old: PolicyDiff.side(old.validity?.span ?? old.span), new: PolicyDiff.side(new.validity?.span ?? new.span))
        }
        if old.title != new.title || old.number != new.number || old.issuers != new.issuers || old.replaces != new.replaces {
            record(.header, "title, number, issuer or replaced documents", old: PolicyDiff.side(old.title?.span ?? old.span), new: PolicyDiff.side(new.title?.span ?? new.span))
        }
        if old.rounding != new.rounding {
            record(.header, "rounding", old: PolicyDiff.side(old.rounding?.span ?? old.span), new: PolicyDiff.side(new.rounding?.span ?? new.span))
        }
        conditions(old.eligibility, new.eligibility, added: .eligibilityAdded, removed: .eligibilityRemoved, noun: "eligibility condition")
    }

    mutating func facts(_ old: [FactDecl], _ new: [FactDecl]) {
        for after in new {
            guard let before = old.first(where: { $0.name.value == after.name.value }) else {
                record(.factAdded, "fact `\(after.name.value)` declared", old: nil, new: PolicyDiff.side(after.name.span.to(after.type.span)))
                continue
            }
            if before != after {
                record(.fact, "declaration of fact `\(after.name.value)`", old: PolicyDiff.side(before.name.span.to(before.type.span)), new: PolicyDiff.side(after.name.span.to(after.type.span)))
            }
        }
        for before in old where !new.contains(where: { $0.name.value == before.name.value }) {
            record(.factRemoved, "fact `\(before.name.value)` no longer declared", old: PolicyDiff.side(before.name.span.to(before.type.span)), new: nil)
        }
    }

    mutating func definitions(_ old: [Definition], _ new: [Definition], scope: String) {
        for after in new {
            guard let before = old.first(where: { $0.name.value == after.name.value }) else {
                record(.definitionAdded, "\(scope)`let \(after.name.value)` added", old: nil, new: PolicyDiff.side(after.name.span.to(after.expression.span)))
                continue
            }
            expression(before.expression, after.expression, what: "`\(after.name.value)`", context: .plain)
        }
        for before in old where !new.contains(where: { $0.name.value == before.name.value }) {
            record(.definitionRemoved, "\(scope)`let \(before.name.value)` removed", old: PolicyDiff.side(before.name.span.to(before.expression.span)), new: nil)
        }
    }

    mutating func clauseDecl(_ old: ClauseDecl, _ new: ClauseDecl) {
        clause = "\(document):\(new.label.value)"
        article = new.citation?.value ?? old.citation?.value
        guard old != new else { return }
        if old.title != new.title || old.citation != new.citation || old.isBenefit != new.isBenefit {
            record(.title, "title, article or kind", old: PolicyDiff.side(old.span, text: "\(old.label.value) \"\(old.title)\" \(old.citation?.value ?? "")"), new: PolicyDiff.side(new.span, text: "\(new.label.value) \"\(new.title)\" \(new.citation?.value ?? "")"))
        }
        let before = ClauseParts(old.statements), after = ClauseParts(new.statements)
        conditions(before.conditions, after.conditions, added: .conditionAdded, removed: .conditionRemoved, noun: "condition")
        definitions(before.definitions, after.definitions, scope: "")
        for (index, pair) in zip(before.amounts, after.amounts).enumerated() {
            expression(pair.0, pair.1, what: before.amounts.count > 1 ? "amount \(index + 1)" : "amount", context: .amount(pair.1))
        }
        unmatched(before.amounts, after.amounts, noun: "amount")
        limits(before.caps, after.caps, amount: after.amounts.first ?? before.amounts.first, isCap: true)
        limits(before.floors, after.floors, amount: after.amounts.first ?? before.amounts.first, isCap: false)
        let others = max(before.others.count, after.others.count)
        for index in 0..<others {
            let old = index < before.others.count ? before.others[index] : nil
            let new = index < after.others.count ? after.others[index] : nil
            if old?.statement == new?.statement { continue }
            switch (old, new) {
            case (let old?, let new?): record(.expression, "statement", old: PolicyDiff.side(old.span), new: PolicyDiff.side(new.span))
            case (nil, let new?): record(.statementAdded, "statement added", old: nil, new: PolicyDiff.side(new.span))
            case (let old?, nil): record(.statementRemoved, "statement removed", old: PolicyDiff.side(old.span), new: nil)
            default: break
            }
        }
    }

    mutating func unmatched(_ old: [ExprNode], _ new: [ExprNode], noun: String) {
        for extra in new.dropFirst(old.count) { record(.statementAdded, "\(noun) added", old: nil, new: PolicyDiff.side(extra.span)) }
        for extra in old.dropFirst(new.count) { record(.statementRemoved, "\(noun) removed", old: PolicyDiff.side(extra.span), new: nil) }
    }

    /// Caps are matched by scope first, then in order; a cap whose scope alone changed says so.
    mutating func limits(_ old: [ClauseParts.Limit], _ new: [ClauseParts.Limit], amount: ExprNode?, isCap: Bool) {
        var remainingOld = old, remainingNew: [ClauseParts.Limit] = []
        for after in new {
            if let index = remainingOld.firstIndex(where: { $0.scope == after.scope }) {
                limit(remainingOld.remove(at: index), after, amount: amount, isCap: isCap)
            } else {
                remainingNew.append(after)
            }
        }
        for (before, after) in zip(remainingOld, remainingNew) {
            record(.capScope, "cap scope", old: before.side, new: after.side)
            limit(before, after, amount: amount, isCap: isCap)
        }
        let noun = isCap ? "cap" : "floor"
        for extra in remainingNew.dropFirst(remainingOld.count) {
            record(isCap ? .capAdded : .floorAdded, "\(noun) added", old: nil, new: extra.side)
        }
        for extra in remainingOld.dropFirst(remainingNew.count) {
            record(isCap ? .capRemoved : .floorRemoved, "\(noun) removed", old: extra.side, new: nil)
        }
    }

    mutating func limit(_ old: ClauseParts.Limit, _ new: ClauseParts.Limit, amount: ExprNode?, isCap: Bool) {
        guard old.value != new.value else { return }
        let what = isCap ? "cap \(new.scope?.rawValue ?? "")".trimmedSpaces : "floor"
        if case .number(let a, _, _) = old.value.value, case .number(let b, _, _) = new.value.value {
            record(isCap ? .cap : .floor, what, old: old.side, new: new.side,
                   probe: .limit(isCap: isCap, amount: amount, old: a, new: b))
        } else {
            expression(old.value, new.value, what: what, context: .plain)
        }
    }

    /// Conditions are matched by equality, then by label, then in order; what is left was added
    /// or removed.
    mutating func conditions(_ old: [Condition], _ new: [Condition], added: PolicyChange.Kind, removed: PolicyChange.Kind, noun: String) {
        var oldLeft = old.filter { !new.contains($0) }
        var newLeft = new.filter { !old.contains($0) }
        var pairs: [(Condition, Condition)] = []
        for after in newLeft {
            if let label = after.label, let index = oldLeft.firstIndex(where: { $0.label == label }) {
                pairs.append((oldLeft.remove(at: index), after))
            }
        }
        newLeft.removeAll { after in pairs.contains { $0.1 == after } }
        // Conditions that differ in their label only or sit at the same place are paired in order
        // when they compare the same kind of thing.
        while let after = newLeft.first, let index = oldLeft.firstIndex(where: { DiffWalker.sameShape($0.expression, after.expression) }) {
            pairs.append((oldLeft.remove(at: index), after))
            newLeft.removeFirst()
        }
        for (before, after) in pairs {
            expression(before.expression, after.expression, what: noun + (after.label.map { " “\($0)”" } ?? ""), context: .condition)
        }
        for after in newLeft { record(added, "\(noun) added", old: nil, new: PolicyDiff.side(after.expression.span)) }
        for before in oldLeft { record(removed, "\(noun) removed", old: PolicyDiff.side(before.expression.span), new: nil) }
    }

    static func sameValue(_ a: ExprNode, _ b: ExprNode) -> Bool {
        var walker = DiffWalker(document: "")
        walker.expression(a, b, what: "", context: .plain)
        return walker.changes.isEmpty
    }

    static func sameShape(_ a: ExprNode, _ b: ExprNode) -> Bool {
        switch (a.value, b.value) {
        case (.binary(let x, let l1, _), .binary(let y, let l2, _)): return (x == y || (x.isComparison && y.isComparison)) && l1 == l2
        case (.presence(let e1, _), .presence(let e2, _)): return e1 == e2
        case (.membership(let e1, _, _), .membership(let e2, _, _)): return e1 == e2
        default: return false
        }
    }

    mutating func exclusions(_ old: [ExclusionDecl], _ new: [ExclusionDecl]) {
        func members(_ rule: ExclusionDecl) -> Set<String> { Set(rule.members.flatMap { $0.value.map { $0.value.description } }) }
        for after in new {
            guard let before = old.first(where: { members($0) == members(after) }) else {
                article = after.citation?.value
                record(.exclusionAdded, "exclusion rule added", old: nil, new: PolicyDiff.side(after.span))
                continue
            }
            if before != after {
                article = after.citation?.value
                record(.exclusion, "exclusion rule", old: PolicyDiff.side(before.span), new: PolicyDiff.side(after.span))
            }
        }
        for before in old where !new.contains(where: { members($0) == members(before) }) {
            article = before.citation?.value
            record(.exclusionRemoved, "exclusion rule removed", old: PolicyDiff.side(before.span), new: nil)
        }
        article = nil
    }

    /// Shared caps, matched by the clauses they list.
    mutating func sharedCaps(_ old: [SharedCapDecl], _ new: [SharedCapDecl]) {
        func members(_ cap: SharedCapDecl) -> Set<String> { Set(cap.members.map(\.value.description)) }
        for after in new {
            article = after.citation?.value
            guard let before = old.first(where: { members($0) == members(after) }) else {
                record(.sharedCapAdded, "shared cap added", old: nil, new: PolicyDiff.side(after.span))
                continue
            }
            if before != after { record(.sharedCap, "shared cap", old: PolicyDiff.side(before.span), new: PolicyDiff.side(after.span)) }
        }
        for before in old where !new.contains(where: { members($0) == members(before) }) {
            article = before.citation?.value
            record(.sharedCapRemoved, "shared cap removed", old: PolicyDiff.side(before.span), new: nil)
        }
        article = nil
    }

    // MARK: Expressions

    enum Context {
        case plain, condition
        /// Inside a clause's amount.
        case amount(ExprNode)
        /// Inside the result of a bracket arm.
        case arm(subject: ExprNode, arm: BracketArm)
    }

    mutating func expression(_ old: ExprNode, _ new: ExprNode, what: String, context: Context) {
        guard old != new else { return }
        switch (old.value, new.value) {
        case (.number(let a, let da, _), .number(let b, let db, _)) where a == b && da == db:
            return // the same number written another way (`5000万`, `0.5亿`)
        case (.number(let a, let da, let wa), .number(let b, let db, _)) where da == db:
            let rate = wa.hasSuffix("%")
            var probe: Probe?
            switch context {
            case .arm(let subject, let arm): probe = .arm(subject: subject, arm: arm, old: a, new: b)
            case .amount(let amount): probe = .factor(amount: amount, old: a, new: b)
            default: break
            }
            record(rate ? .rate : .constant, what, old: PolicyDiff.side(old.span), new: PolicyDiff.side(new.span), probe: probe)
        case (.binary(let x, let l1, let r1), .binary(let y, let l2, let r2)):
            if x.isComparison && y.isComparison, let before = ComparisonPoint(x, l1, r1), let after = ComparisonPoint(y, l2, r2), before.subject == after.subject {
                let kind: PolicyChange.Kind = before.value == after.value ? .inclusion : .threshold
                var test = Probe.BoundaryTest.opaque
                if case .condition = context { test = .condition(passesAbove: after.passesAbove) }
                let probe: Probe? = before.passesAbove == after.passesAbove
                    ? .boundary(subject: after.subject, old: (before.value, before.above), new: (after.value, after.above), test: test, hint: DiffImpact.hint(after.number)) : nil
                record(kind, what, old: PolicyDiff.side(old.span), new: PolicyDiff.side(new.span), probe: probe)
            } else if x == y {
                expression(l1, l2, what: what, context: context)
                expression(r1, r2, what: what, context: context)
            } else {
                record(.expression, what, old: PolicyDiff.side(old.span), new: PolicyDiff.side(new.span))
            }
        case (.brackets(let s1, let arms1, let o1), .brackets(let s2, let arms2, let o2)) where s1 == s2 && arms1.count == arms2.count && (o1 == nil) == (o2 == nil):
            for (index, (a, b)) in zip(arms1, arms2).enumerated() {
                bound(a.lower, a.lowerInclusive, b.lower, b.lowerInclusive, isLower: true, arm: index, subject: s2, brackets: (old.value, new.value))
                bound(a.upper, a.upperInclusive, b.upper, b.upperInclusive, isLower: false, arm: index, subject: s2, brackets: (old.value, new.value))
                expression(a.result, b.result, what: "\(what), arm \(index + 1)", context: .arm(subject: s2, arm: b))
            }
            if let o1, let o2 { expression(o1, o2, what: "\(what), else arm", context: context) }
        case (.conditional(let t1, let c1, let e1), .conditional(let t2, let c2, let e2)):
            expression(c1, c2, what: what, context: .plain)
            expression(t1, t2, what: what, context: context)
            expression(e1, e2, what: what, context: context)
        case (.call(let n1, let a1), .call(let n2, let a2)) where n1 == n2 && a1.count == a2.count:
            for (a, b) in zip(a1, a2) { expression(a, b, what: what, context: context) }
        case (.not(let a), .not(let b)), (.negate(let a), .negate(let b)):
            expression(a, b, what: what, context: .plain)
        default:
            record(.expression, what, old: PolicyDiff.side(old.span), new: PolicyDiff.side(new.span))
        }
    }

    mutating func bound(_ old: ExprNode?, _ oldInclusive: Bool, _ new: ExprNode?, _ newInclusive: Bool, isLower: Bool, arm: Int, subject: ExprNode, brackets: (Expr, Expr)) {
        guard old != new || oldInclusive != newInclusive else { return }
        let what = "bracket arm \(arm + 1) \(isLower ? "lower" : "upper") bound"
        func text(_ node: ExprNode?, _ inclusive: Bool) -> String {
            let value = node.map { PolicyDiff.written($0.span) } ?? "∞"
            return isLower ? (inclusive ? "[" : "(") + value : value + (inclusive ? "]" : ")")
        }
        let place = { (node: ExprNode?) in node?.span ?? subject.span }
        let before = PolicyChange.Side(text: text(old, oldInclusive), location: place(old).location)
        let after = PolicyChange.Side(text: text(new, newInclusive), location: place(new).location)
        guard case .number(let a, _, _)? = old?.value, case .number(let b, _, _)? = new?.value else {
            if let old, let new, oldInclusive == newInclusive, DiffWalker.sameValue(old, new) { return }
            if let old, let new, oldInclusive == newInclusive {
                expression(old, new, what: what, context: .plain)
            } else {
                record(.bound, what, old: before, new: after)
            }
            return
        }
        if a == b && oldInclusive == newInclusive { return }
        // A lower bound includes its point on the upper side when inclusive; an upper bound when not.
        let probe = Probe.boundary(subject: subject, old: (a, isLower ? oldInclusive : !oldInclusive), new: (b, isLower ? newInclusive : !newInclusive),
                                   test: .brackets(old: brackets.0, new: brackets.1), hint: DiffImpact.hint(new))
        record(a == b ? .inclusion : .bound, what, old: before, new: after, probe: probe)
    }
}

/// A comparison of something with a number, read as "passes above or below a point".
struct ComparisonPoint {
    var subject: ExprNode
    var number: ExprNode
    var value: ExactDecimal
    /// Whether the point itself counts as above (`>=` and `<` put it above; `>` and `<=` below).
    var above: Bool
    /// Whether values above the point pass.
    var passesAbove: Bool

    init?(_ op: BinaryOperator, _ left: ExprNode, _ right: ExprNode) {
        var op = op
        var subject = left, number = right
        if case .number = left.value {
            (subject, number, op) = (right, left, op.mirrored)
        }
        guard case .number(let value, _, _) = number.value else { return nil }
        self.subject = subject
        self.number = number
        self.value = value
        switch op {
        case .greater: (above, passesAbove) = (false, true)
        case .greaterEqual: (above, passesAbove) = (true, true)
        case .less: (above, passesAbove) = (true, false)
        case .lessEqual: (above, passesAbove) = (false, false)
        default: return nil
        }
    }
}

extension BinaryOperator {
    var isComparison: Bool { [.less, .lessEqual, .greater, .greaterEqual].contains(self) }

    /// The same comparison with its sides swapped (`5 < x` is `x > 5`).
    var mirrored: BinaryOperator {
        switch self {
        case .less: return .greater
        case .lessEqual: return .greaterEqual
        case .greater: return .less
        case .greaterEqual: return .lessEqual
        default: return self
        }
    }
}

/// A clause's statements sorted by what they are, for matching old with new.
struct ClauseParts {
    struct Limit {
        var value: ExprNode
        var scope: CapScope?
        var span: Span

        /// `cap 50万 per year` as written, scope included.
        var side: PolicyChange.Side {
            let text = scope.map { "cap \(PolicyDiff.written(span)) \($0.rawValue)" } ?? "floor \(PolicyDiff.written(span))"
            return PolicyChange.Side(text: text, location: span.location)
        }
    }

    struct Other {
        var statement: ClauseStatement
        var span: Span
    }

    var conditions: [Condition] = []
    var definitions: [Definition] = []
    var amounts: [ExprNode] = []
    var caps: [Limit] = []
    var floors: [Limit] = []
    var others: [Other] = []

    init(_ statements: [ClauseStatement]) {
        for statement in statements {
            switch statement {
            case .applies(let expression): conditions.append(Condition(expression: expression, label: "applies when"))
            case .when(let condition): conditions.append(condition)
            case .local(let definition): definitions.append(definition)
            case .amount(let expression), .assessed(let expression): amounts.append(expression)
            case .cap(let value, let scope, _): caps.append(Limit(value: value, scope: scope, span: value.span))
            case .floor(let value, _): floors.append(Limit(value: value, scope: nil, span: value.span))
            case .agency(let name): others.append(Other(statement: statement, span: name.span))
            case .unspecified(let text): others.append(Other(statement: statement, span: text.span))
            case .survivesExpiry(let text): others.append(Other(statement: statement, span: text.span))
            case .schedule(let schedule, _, _): others.append(Other(statement: statement, span: schedule.span))
            }
        }
    }
}
