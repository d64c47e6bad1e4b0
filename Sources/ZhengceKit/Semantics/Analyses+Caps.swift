/// Caps that decide the amount on their own: a constant amount above its own cap (Z331), and a
/// cap below the least the amount can be whenever the clause pays (Z330). Either way the clause
/// always pays the cap, so the written amount or formula never counts, which is rarely what the
/// document means.
extension Analyses {
    /// `known`: the intervals the clause's document and conditions allow, by quantity.
    func capsThatAlwaysBind(_ clause: Clause, amount: ExprNode, caps: [ExprNode], known: [String: Interval], _ document: Document) -> DiagnosticBag {
        var diagnostics = DiagnosticBag()
        for cap in caps {
            guard let (limit, dimension) = cap.constant, dimension.isMoney else { continue }
            let capText = Value.number(limit, dimension).asWritten
            var above = false
            for (node, value) in Analyses.constantResults(amount) where value > limit {
                above = true
                diagnostics.add(.constantAboveCap, "the amount \(Value.number(value, dimension).asWritten) is above the clause's own cap of \(capText), so it is never paid as written",
                                at: node.span, help: "check both figures against the document: lower the amount to the cap, or correct the cap")
            }
            guard !above, Analyses.maximum(amount) == nil, let least = minimum(amount, known, document), least > limit else { continue }
            diagnostics.add(.capAlwaysBinds, "this cap always binds: whenever clause `\(clause.id)` pays, its amount is at least \(Value.number(least, dimension).asWritten), above the cap of \(capText)",
                            at: cap.span, help: "check the cap, the rate and the conditions against the document; if the clause pays a fixed \(capText), write `amount \(capText)`")
        }
        return diagnostics
    }

    /// The constant results of an amount (the whole amount, a bracket arm's, a branch of `if`),
    /// each with its node.
    static func constantResults(_ node: ExprNode) -> [(ExprNode, ExactDecimal)] {
        switch node.value {
        case .brackets(_, let arms, let otherwise):
            return (arms.map(\.result) + (otherwise.map { [$0] } ?? [])).flatMap(constantResults)
        case .conditional(let then, _, let otherwise):
            return constantResults(then) + constantResults(otherwise)
        default:
            guard let (value, dimension) = node.constant, dimension.isMoney else { return [] }
            return [(node, value)]
        }
    }

    /// The least positive amount `node` can be for values in `known`, or nil when it may be as
    /// small as zero or cannot be worked out. Results of zero do not pay, so they are left out.
    func minimum(_ node: ExprNode, _ known: [String: Interval], _ document: Document) -> ExactDecimal? {
        if let (value, _) = node.constant { return value.isNegative ? nil : value }
        switch node.value {
        case .name, .field:
            guard let path = Compiler.fieldPath(node), let low = (known[path] ?? declaredRange(path, document)).low, !low.isNegative else { return nil }
            return low
        case .binary(.multiply, let left, let right):
            for (factor, rate) in [(left, right), (right, left)] {
                guard let (value, dimension) = rate.constant, !dimension.isMoney, !value.isNegative, let least = minimum(factor, known, document) else { continue }
                return try? least.multiplied(by: value)
            }
            return nil
        case .binary(.add, let left, let right):
            guard let a = minimum(left, known, document) ?? zeroIfNonNegative(left, known, document),
                  let b = minimum(right, known, document) ?? zeroIfNonNegative(right, known, document) else { return nil }
            guard let sum = try? a.adding(b), !sum.isZero else { return nil }
            return sum
        case .brackets(let subject, let arms, let otherwise):
            guard let path = Compiler.fieldPath(subject) else { return nil }
            let allowed = known[path] ?? declaredRange(path, document)
            var results: [ExactDecimal] = []
            for arm in arms {
                var interval = Interval.all
                if let lower = arm.lower {
                    guard let (value, _) = lower.constant else { return nil }
                    interval.low = value
                    interval.lowInclusive = arm.lowerInclusive
                }
                if let upper = arm.upper {
                    guard let (value, _) = upper.constant else { return nil }
                    interval.high = value
                    interval.highInclusive = arm.upperInclusive
                }
                let reach = interval.intersect(allowed)
                if reach.isEmpty || Analyses.paysNothing(arm.result) { continue }
                var inner = known
                inner[path] = reach
                guard let least = minimum(arm.result, inner, document) else { return nil }
                results.append(least)
            }
            if let otherwise {
                // Values outside every arm fall to `else`; without one they pay nothing.
                if !Analyses.paysNothing(otherwise) {
                    guard let least = minimum(otherwise, known, document) else { return nil }
                    results.append(least)
                }
            }
            return results.min()
        case .conditional(let then, _, let otherwise):
            let branches = [then, otherwise].filter { !Analyses.paysNothing($0) }
            let values = branches.compactMap { minimum($0, known, document) }
            return values.count == branches.count ? values.min() : nil
        default:
            return nil
        }
    }

    /// Zero for a part of a sum that is never negative (a money fact, a constant), so that
    /// `base + bonus` is at least `base`.
    private func zeroIfNonNegative(_ node: ExprNode, _ known: [String: Interval], _ document: Document) -> ExactDecimal? {
        if let (value, _) = node.constant { return value.isNegative ? nil : value }
        guard let path = Compiler.fieldPath(node), let low = (known[path] ?? declaredRange(path, document)).low, !low.isNegative else { return nil }
        return .zero
    }

    static func paysNothing(_ node: ExprNode) -> Bool {
        node.constant.map { $0.0.isZero } ?? false
    }
}
