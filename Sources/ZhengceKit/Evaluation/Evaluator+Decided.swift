/// Conditions decided without building a value, for evaluations that record no trace: facts are
/// read where they are, and `and`, `or`, `not`, comparisons with a constant, `in` a constant set and
/// `is present` answer true, false or unknown directly. Anything else is evaluated as `truth`
/// evaluates it, in the same order, so the answer and any failure are `truth`'s. An unknown answer
/// names no facts: the caller evaluates the condition again with `truth` to name them, which only
/// the conditions a missing fact leaves open pay for.
extension Evaluator {
    enum Decided {
        case yes, no, unknown

        init(_ value: Bool) { self = value ? .yes : .no }
    }

    /// A condition's value as `truth(of:)` gives it, decided without building values where it can
    /// be (only when nothing is explained: an explanation reads every step).
    mutating func conditionValue(_ condition: Unmanaged<CompiledCondition>) throws(EvaluationFailure) -> Cell {
        if !explain {
            let answer: Result<Decided, EvaluationFailure> = condition._withUnsafeGuaranteedRef { condition in
                do throws(EvaluationFailure) { return .success(try decided(condition.code, condition.site)) } catch { return .failure(error) }
            }
            switch try answer.get() {
            case .yes: return .bool(true)
            case .no: return .bool(false)
            case .unknown: break
            }
        }
        return try truth(of: condition)
    }

    /// `truth(code, site)` as true, false or unknown.
    mutating func decided(_ code: Code, _ site: Int) throws(EvaluationFailure) -> Decided {
        switch code {
        case .truth(let value):
            return Decided(value)
        case .fact(let slot):
            switch applicant.facts[slot] {
            case .bool(let value): return Decided(value)
            case .unknown: return .unknown
            default: break
            }
        case .not(let operand, let site):
            switch try decided(operand, site) {
            case .yes: return .no
            case .no: return .yes
            case .unknown: return .unknown
            }
        case .and(let left, let right, let site):
            return try decided(left, right, site, isAnd: true)
        case .or(let left, let right, let site):
            return try decided(left, right, site, isAnd: false)
        case .presence(.fact(let slot), let test) where test == .present || test == .absent:
            return Decided(applicant.facts[slot].isUnknown == (test == .absent))
        case .membership(.fact(let slot), .constant(.set(let values)), let negated, _):
            switch applicant.facts[slot] {
            case .text(let text): return Decided(Evaluator.contains(values, text) != negated)
            case .unknown: return .unknown
            default: break
            }
        case .binary(let op, let left, let right, _):
            if let x = number(in: left), let y = number(in: right), let result = Evaluator.compare(op, x, y) { return Decided(result) }
            if op == .equal || op == .notEqual, case .fact(let slot) = left, case .constant(.text(let expected)) = right {
                switch applicant.facts[slot] {
                case .text(let text): return Decided((text == expected) == (op == .equal))
                case .unknown: return .unknown
                default: break
                }
            }
        default:
            break
        }
        switch try truth(code, site) {
        case .bool(let value): return Decided(value)
        default: return .unknown
        }
    }

    /// Three-valued `and` / `or`, each side read as `logical` reads it: a side that decides ends it.
    mutating func decided(_ left: Code, _ right: Code, _ site: Int, isAnd: Bool) throws(EvaluationFailure) -> Decided {
        var pending = false
        for side in 0..<2 {
            switch try decided(side == 0 ? left : right, site) {
            case .yes: if !isAnd { return .yes }
            case .no: if isAnd { return .no }
            case .unknown: pending = true
            }
        }
        return pending ? .unknown : Decided(isAnd)
    }

    /// A number read where it is: a constant, a fact, or a field of a record fact; nil when the
    /// operand is none of these or holds no number there (it is then evaluated).
    func number(in code: Code) -> ExactDecimal? {
        switch code {
        case .money(let value), .plainNumber(let value): return value
        case .constant(.number(let value, _)): return value
        case .fact(let slot):
            if case .number(let value, _) = applicant.facts[slot] { return value }
        case .field(.fact(let slot), let index, _, _, _):
            if case .number(let value, _)? = applicant.facts[slot].recordField(index) { return value }
        default:
            break
        }
        return nil
    }
}
