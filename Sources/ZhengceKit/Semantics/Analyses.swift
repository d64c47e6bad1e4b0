/// Deeper static analyses run on a checked program: interval reasoning over conditions and
/// brackets, caps that cannot bind, suspicious rates. They find what a careful reviewer would,
/// before any applicant is evaluated.
struct Analyses {
    private(set) var diagnostics = DiagnosticBag()
    let program: Program

    /// With `warnings` false only the analyses that can find an error run (a condition that can
    /// never hold, a clause that can never apply): what a command that shows no warnings needs
    /// before it evaluates. Every error is found either way.
    static func run(_ program: Program, warnings: Bool = true) -> DiagnosticBag {
        var analyses = Analyses(program: program)
        for document in program.documents {
            let eligibility = analyses.eligibility(document)
            for id in document.clauseIDs {
                guard let clause = program.clauses[id] else { continue }
                let conditions = analyses.clauseConditions(clause, document, eligibility)
                guard warnings else { continue }
                analyses.clause(clause, conditions: conditions, document, eligibility)
                analyses.diagnostics.append(contentsOf: presenceTriggers(clause, document))
            }
            for condition in document.header.eligibility { analyses.conditionHolds(condition.expression, document) }
        }
        guard warnings else { return analyses.diagnostics }
        for cap in program.sharedCaps { analyses.sharedCapBinds(cap) }
        analyses.diagnostics.append(contentsOf: factNames(program))
        analyses.diagnostics.append(contentsOf: textComparisons(program))
        return analyses.diagnostics
    }

    // MARK: Intervals

    /// The values a numeric quantity may take: a lower and an upper bound, each inclusive or not.
    struct Interval: CustomStringConvertible {
        var low: ExactDecimal?
        var lowInclusive = true
        var high: ExactDecimal?
        var highInclusive = true
        /// For showing the bounds as the policy writes them (`5亿`, `500万`).
        var dimension = Dimension.plain

        static let all = Interval()

        var isEmpty: Bool {
            guard let low, let high else { return false }
            return high < low || (high == low && !(lowInclusive && highInclusive))
        }

        func intersect(_ other: Interval) -> Interval {
            var result = self
            if let otherLow = other.low {
                if let low = result.low, otherLow <= low {
                    if otherLow == low { result.lowInclusive = result.lowInclusive && other.lowInclusive }
                } else {
                    result.low = otherLow
                    result.lowInclusive = other.lowInclusive
                }
            }
            if let otherHigh = other.high {
                if let high = result.high, otherHigh >= high {
                    if otherHigh == high { result.highInclusive = result.highInclusive && other.highInclusive }
                } else {
                    result.high = otherHigh
                    result.highInclusive = other.highInclusive
                }
            }
            return result
        }

        var description: String {
            func show(_ value: ExactDecimal) -> String { Value.number(value, dimension).asWritten }
            let left = low.map { (lowInclusive ? "[" : "(") + show($0) } ?? "(-∞"
            let right = high.map { show($0) + (highInclusive ? "]" : ")") } ?? "∞)"
            return left + ", " + right
        }
    }

    /// A comparison of a named quantity with a constant: `premium > 10万` → (premium, (100000, ∞)).
    func constraint(_ node: ExprNode) -> (String, Interval)? {
        guard case .binary(let op, let left, let right) = node.value else { return nil }
        var path = Compiler.fieldPath(left)
        var value = right.constant?.0
        var operation = op
        if path == nil || value == nil {
            path = Compiler.fieldPath(right)
            value = left.constant?.0
            switch op {
            case .less: operation = .greater
            case .lessEqual: operation = .greaterEqual
            case .greater: operation = .less
            case .greaterEqual: operation = .lessEqual
            default: break
            }
        }
        guard let path, let value else { return nil }
        var interval: Interval
        switch operation {
        case .less: interval = Interval(high: value, highInclusive: false)
        case .lessEqual: interval = Interval(high: value)
        case .greater: interval = Interval(low: value, lowInclusive: false)
        case .greaterEqual: interval = Interval(low: value)
        case .equal: interval = Interval(low: value, high: value)
        default: return nil
        }
        interval.dimension = dimension(left) ?? dimension(right) ?? .plain
        return (path, interval)
    }

    /// The declared range of a fact: money, counts and areas are never negative.
    func declaredRange(_ path: String, _ document: Document) -> Interval {
        let root = Compiler.pathParts(path).first ?? ""
        guard let fact = document.facts[root] else { return .all }
        if path.contains(".") { return fact.type == .unknown ? .all : Interval(low: nil) }
        if case .quantity(.money) = fact.type { return Interval(low: .zero) }
        return .all
    }

    func dimension(_ node: ExprNode) -> Dimension? {
        if case .number(_, let dimension, _) = node.value { return dimension }
        return nil
    }


    /// The parts of `a and b and …`, left to right (the node itself when it is no `and`).
    static func conjuncts(_ node: ExprNode) -> [ExprNode] { operands(of: .and, node) }

    /// The parts of `a or b or …`, left to right.
    static func disjuncts(_ node: ExprNode) -> [ExprNode] { operands(of: .or, node) }

    /// The operands of a chain of `op`, left to right, gathered into one array without recursion.
    static func operands(of op: BinaryOperator, _ node: ExprNode) -> [ExprNode] {
        guard case .binary(op, _, _) = node.value else { return [node] }
        var result: [ExprNode] = []
        var pending = [node]
        while let next = pending.popLast() {
            if case .binary(op, let left, let right) = next.value {
                pending.append(right)
                pending.append(left)
            } else {
                result.append(next)
            }
        }
        return result
    }

    /// What a document's eligibility rules allow, worked out once per document for the analyses
    /// of each of its clauses: the intervals of quantities and the values of choices.
    struct Eligibility {
        var intervals: [String: Interval]
        var choices: [String: (values: Set<String>, span: Span)]
    }

    func eligibility(_ document: Document) -> Eligibility {
        let conjuncts = document.header.eligibility.flatMap { Analyses.conjuncts($0.expression) }
        return Eligibility(intervals: intervals(conjuncts, document), choices: choices(conjuncts))
    }

    /// The intervals implied by the conjunction of `nodes`, by quantity, narrowing `start` (the
    /// intervals of conjuncts before them).
    func intervals(_ nodes: [ExprNode], _ document: Document, from start: [String: Interval] = [:]) -> [String: Interval] {
        var result = start
        for node in nodes {
            guard let (path, interval) = constraint(node) else { continue }
            var merged = (result[path] ?? declaredRange(path, document)).intersect(interval)
            merged.dimension = interval.dimension
            result[path] = merged
        }
        return result
    }

    /// The values a choice or text may take under a conjunction (`kind == "a"`, `kind in {…}`),
    /// by path; nil entries mean "any". `start` holds the values of conjuncts before them.
    func choices(_ nodes: [ExprNode], from start: [String: (values: Set<String>, span: Span)] = [:]) -> [String: (values: Set<String>, span: Span)] {
        var result = start
        for node in nodes {
            var path: String?
            var values: Set<String>?
            switch node.value {
            case .binary(.equal, let left, let right):
                if let p = Compiler.fieldPath(left), case .text(let text) = right.value { path = p; values = [text] }
                if let p = Compiler.fieldPath(right), case .text(let text) = left.value { path = p; values = [text] }
            case .membership(let element, let set, false):
                if let p = Compiler.fieldPath(element), case .setLiteral(let items) = set.value {
                    path = p
                    values = Set(items.compactMap { if case .text(let text) = $0.value { return text } else { return nil } })
                }
            default: break
            }
            guard let path, let values else { continue }
            let merged = result[path].map { $0.values.intersection(values) } ?? values
            result[path] = (merged, node.span)
        }
        return result
    }

    // MARK: Conditions

    /// Reports a condition that can never hold (contradictory bounds on one quantity) or always
    /// holds (complementary comparisons joined by `or`).
    mutating func conditionHolds(_ expression: ExprNode, _ document: Document) {
        for disjunct in Analyses.disjuncts(expression) {
            for (path, interval) in intervals(Analyses.conjuncts(disjunct), document) where interval.isEmpty {
                diagnostics.add(.impossibleCondition, "this condition can never hold: `\(path)` cannot be in \(interval)", at: disjunct.span,
                                help: "check the comparison operators and amounts; the bounds contradict each other")
                return
            }
            for (path, entry) in choices(Analyses.conjuncts(disjunct)) where entry.values.isEmpty {
                diagnostics.add(.impossibleCondition, "this condition can never hold: `\(path)` cannot take two different values at once", at: disjunct.span,
                                help: "did you mean `or`, or `\(path) in {…}`?")
                return
            }
        }
        let parts = Analyses.disjuncts(expression)
        guard parts.count >= 2 else { return }
        var byPath: [String: [Interval]] = [:]
        for part in parts {
            guard let (path, interval) = constraint(part) else { return }
            byPath[path, default: []].append(interval)
        }
        for (path, intervals) in byPath where intervals.count >= 2 && Analyses.coversEverything(intervals) {
            diagnostics.add(.trivialCondition, "this condition always holds: every value of `\(path)` satisfies one side of `or`", at: expression.span,
                            help: "remove the condition or fix the comparison")
        }
    }

    static func coversEverything(_ intervals: [Interval]) -> Bool {
        let lows = intervals.filter { $0.high == nil }
        let highs = intervals.filter { $0.low == nil }
        for up in lows {
            for down in highs {
                guard let start = up.low, let end = down.high else { continue }
                if end > start || (end == start && (up.lowInclusive || down.highInclusive)) { return true }
            }
        }
        return false
    }

    // MARK: Clauses

    /// The analyses of a clause that can find errors: each condition that can never hold, and a
    /// clause that can never apply. Returns the conjuncts of its `when` conditions.
    mutating func clauseConditions(_ clause: Clause, _ document: Document, _ eligibility: Eligibility) -> [ExprNode] {
        var conditions: [ExprNode] = []
        for statement in clause.declaration.statements {
            switch statement {
            case .when(let condition):
                conditions += Analyses.conjuncts(condition.expression)
                conditionHolds(condition.expression, document)
            case .applies(let expression): conditionHolds(expression, document)
            default: break
            }
        }
        neverApplies(clause, conditions, document, eligibility)
        return conditions
    }

    /// The warnings about a clause: unreachable bracket arms, caps that always or never bind,
    /// suspicious rates. `conditions` are the conjuncts of its `when` conditions.
    mutating func clause(_ clause: Clause, conditions: [ExprNode], _ document: Document, _ eligibility: Eligibility) {
        var amount: ExprNode?
        var caps: [ExprNode] = []
        for statement in clause.declaration.statements {
            switch statement {
            case .amount(let expression), .assessed(let expression): amount = expression
            case .cap(let expression, let scope, _):
                // A cumulative cap subtracts what was already received, so it can always bind.
                if scope != .cumulative { caps.append(expression) }
            default: break
            }
            SyntaxWalk.expressions(in: statement) { suspiciousRates($0) }
        }
        let known = intervals(conditions, document)
        if let amount { unreachableArms(amount, known, document) }
        if let amount {
            var applies: [ExprNode] = []
            for case .applies(let expression) in clause.declaration.statements { applies += Analyses.conjuncts(expression) }
            // What the eligibility rules, then the clause's `applies when` and `when` conditions, allow.
            let allowed = intervals(applies + conditions, document, from: eligibility.intervals)
            diagnostics.append(contentsOf: capsThatAlwaysBind(clause, amount: amount, caps: caps, known: allowed, document))
        }
        shadowedCaps(clause)
        if let amount, let maximum = Analyses.maximum(amount, bounding: true) {
            for cap in caps {
                if let limit = cap.constant?.0, limit >= maximum {
                    diagnostics.add(.capNeverBinds, "this cap can never bind: the amount is at most \(Value.money(maximum).asWritten)", at: cap.span,
                                    help: "check the cap against the document, or remove it")
                }
            }
        }
    }

    /// Two fixed caps of the same scope in a clause with no floor (`cap 10万 per year`, then `cap
    /// 20万 per year`): only the lower can ever bind, so the other is reported; often one of them
    /// was copied wrong. (A floor between caps could lift the amount past the lower one.)
    mutating func shadowedCaps(_ clause: Clause) {
        var caps: [(limit: ExactDecimal, dimension: Dimension, scope: CapScope, span: Span)] = []
        for statement in clause.declaration.statements {
            switch statement {
            case .floor: return
            case .cap(let expression, let scope, _):
                // Compared within one unit only (a cap in 美元 beside one in 元 is left alone).
                if let (limit, dimension) = expression.constant, caps.allSatisfy({ $0.dimension == dimension }) {
                    caps.append((limit, dimension, scope, expression.span))
                }
            default: break
            }
        }
        for (position, cap) in caps.enumerated() {
            // The lowest of its scope binds (the first written, among equals); every other can never.
            guard let lower = caps.enumerated().first(where: { other in
                other.offset != position && other.element.scope == cap.scope
                    && (other.element.limit < cap.limit || (other.element.limit == cap.limit && other.offset < position))
            })?.element else { continue }
            let written = lower.span.text ?? Value.money(lower.limit).asWritten
            diagnostics.add(.capNeverBinds, "this cap can never bind: the clause's cap \(written) \(cap.scope.rawValue) (line \(lower.span.line)) is lower or the same",
                            at: cap.span, help: "check both caps against the document; one of them may be copied wrong")
        }
    }

    /// The most a clause can grant, when its amount and caps say: the largest amount, lowered by
    /// the smallest fixed cap that is not cumulative; nil when nothing bounds it.
    func maximumGrant(_ clause: Clause) -> ExactDecimal? {
        var amount: ExactDecimal?
        var limit: ExactDecimal?
        for statement in clause.declaration.statements {
            switch statement {
            case .amount(let expression), .assessed(let expression): amount = Analyses.maximum(expression, bounding: true)
            case .cap(let expression, let scope, _) where scope != .cumulative:
                if let value = expression.constant?.0 { limit = min(limit ?? value, value) }
            default: break
            }
        }
        switch (amount, limit) {
        case (let a?, let l?): return min(a, l)
        case (let a?, nil): return a
        case (nil, let l?): return l
        default: return nil
        }
    }

    /// A shared cap at or above the most its clauses can grant together never cuts anything.
    mutating func sharedCapBinds(_ cap: SharedCap) {
        var total = ExactDecimal.zero
        for id in cap.members {
            guard let clause = program.clauses[id], let most = maximumGrant(clause), let sum = try? total.adding(most) else { return }
            total = sum
        }
        guard cap.limit >= total else { return }
        diagnostics.add(.sharedCapNeverBinds, "this shared cap can never bind: the clauses together grant at most \(Value.money(total).asWritten)",
                        at: cap.declaration.limit.span, help: "check the limit and the clauses against the document, or remove the shared cap")
    }

    /// A clause whose conditions contradict its document's eligibility (or each other across
    /// statements) can never be granted.
    mutating func neverApplies(_ clause: Clause, _ conditions: [ExprNode], _ document: Document, _ eligibility: Eligibility) {
        let span = clause.declaration.span
        // A condition that contradicts itself was reported already.
        if diagnostics.items.contains(where: { $0.code == .impossibleCondition && $0.span.file === span.file && span.start <= $0.span.start && $0.span.start < span.end }) { return }
        var applies: [ExprNode] = []
        for case .applies(let expression) in clause.declaration.statements { applies += Analyses.conjuncts(expression) }
        // The eligibility rules' conjuncts come first, as their folds were started with them.
        let own = applies + conditions
        for (path, entry) in choices(own, from: eligibility.choices) where entry.values.isEmpty {
            diagnostics.add(.impossibleCondition, "clause `\(clause.id)` can never apply: no value of `\(path)` satisfies both its conditions and the document's eligibility",
                            at: entry.span, help: "check the values compared with `\(path)` here and in the `eligible when` rules")
            return
        }
        for (path, interval) in intervals(own, document, from: eligibility.intervals) where interval.isEmpty {
            let span = own.first { constraint($0)?.0 == path }?.span ?? clause.declaration.label.span
            diagnostics.add(.impossibleCondition, "clause `\(clause.id)` can never apply: `\(path)` would have to be in \(interval)",
                            at: span, help: "check the bounds here against the other conditions and the `eligible when` rules")
            return
        }
    }

    /// Bracket arms the clause's own conditions rule out.
    mutating func unreachableArms(_ node: ExprNode, _ known: [String: Interval], _ document: Document) {
        guard case .brackets(let subject, let arms, _) = node.value, let path = Compiler.fieldPath(subject), let allowed = known[path] else { return }
        for arm in arms {
            var interval = Interval.all
            if let lower = arm.lower {
                guard let value = lower.constant?.0 else { continue }
                interval.low = value
                interval.lowInclusive = arm.lowerInclusive
            }
            if let upper = arm.upper {
                guard let value = upper.constant?.0 else { continue }
                interval.high = value
                interval.highInclusive = arm.upperInclusive
            }
            if interval.intersect(allowed).isEmpty {
                diagnostics.add(.unreachableArm, "this arm can never be reached: the clause's conditions keep `\(path)` in \(allowed)", at: arm.span,
                                help: "remove the arm or correct the condition")
            }
        }
    }

    /// The largest value an amount can take when every possible result is a constant.
    /// `arm`: the bracket arm the node is the result of, which bounds the bracket's subject.
    /// `bounding`: also the most an amount can be when it is not constant but bounded, through
    /// `min(…)` of arguments of which one is bounded (`min(premium * 50%, 40万)` is at most 40万)
    /// and `max(…)` of arguments that all are.
    static func maximum(_ node: ExprNode, in arm: BracketArm? = nil, bounding: Bool = false) -> ExactDecimal? {
        switch node.value {
        case .number(let value, .money, _): return value
        case .brackets(_, let arms, let otherwise):
            let values = arms.map { maximum($0.result, in: $0, bounding: bounding) } + (otherwise.map { [maximum($0, bounding: bounding)] } ?? [])
            return values.contains { $0 == nil } ? nil : values.compactMap { $0 }.max()
        case .binary(.add, let left, let right):
            guard let a = maximum(left, in: arm, bounding: bounding), let b = maximum(right, in: arm, bounding: bounding) else { return nil }
            return try? a.adding(b)
        case .steps(let form): return stepMaximum(form, in: arm)
        case .conditional(let then, _, let otherwise):
            guard let a = maximum(then, bounding: bounding), let b = maximum(otherwise, bounding: bounding) else { return nil }
            return max(a, b)
        case .call(let name, let arguments) where bounding && arguments.count > 1 && (name.value == "min" || name.value == "max"):
            let bounds = arguments.map { maximum($0, in: arm, bounding: true) }
            if name.value == "min" { return bounds.compactMap { $0 }.min() }
            return bounds.contains { $0 == nil } ? nil : bounds.compactMap { $0 }.max()
        default: return nil
        }
    }

    /// Money multiplied by a bare number that looks like a percentage without its `%` (`× 30`) or
    /// a fraction that should be written as one (`× 0.3`).
    mutating func suspiciousRates(_ node: ExprNode) {
        guard case .binary(.multiply, let left, let right) = node.value else { return }
        for (side, other) in [(left, right), (right, left)] {
            guard case .number(let value, .number(nil), let written) = side.value,
                  !written.hasSuffix("%"), !written.hasSuffix("％"), !written.hasSuffix("BP"), !written.contains(":"),
                  Compiler.fieldPath(other) != nil || { if case .binary = other.value { return true } else { return false } }() else { continue }
            if value > .one && value <= ExactDecimal(100) {
                diagnostics.add(.suspiciousRate, "`\(written)` multiplies an amount \(written) times; was `\(written)%` meant?", at: side.span,
                                help: "write a rate as a percentage (`\(written)%`) or a ratio (`1:\(written)`)")
            } else if value < .one && value > .zero {
                let percent = (try? value.multiplied(by: ExactDecimal(100)))?.formatted() ?? written
                diagnostics.add(.suspiciousRate, "the rate `\(written)` is written as a fraction", at: side.span,
                                help: "write it as the document does: `\(percent)%`")
            }
        }
    }
}
