/// Conditions decided without building a value, for evaluations that record no trace: facts and
/// their records' fields are read where they are, definitions and clause `let`s where they are kept
/// once computed, and `and`, `or`, `not`, comparisons of numbers, `in` a constant set, text
/// equality, `is present`, `is empty`, and `any` and `all` over a list answer true, false or
/// unknown directly. Anything else is
/// evaluated as `truth` evaluates it, in the same order, so the answer and any failure are
/// `truth`'s. An unknown answer names the facts `truth` names for it: each form adds those of the
/// operand that left it unknown, as `truth` takes them, so no condition is evaluated twice.
/// Amounts and the sides of comparisons are computed the same way on plain numbers (`numeric`).
extension Evaluator {
    enum Decided {
        case yes, no, unknown

        init(_ value: Bool) { self = value ? .yes : .no }

        /// A condition's value as an answer, the facts an unknown one misses added to `missing`;
        /// nil for a value that is not a truth value.
        @inline(__always)
        init?(_ value: Cell, _ missing: inout MissingFacts) {
            switch value {
            case .bool(let truth): self.init(truth)
            case .unknown(let paths):
                missing.formUnion(paths)
                self = .unknown
            default: return nil
            }
        }
    }

    /// A condition's value as `truth(of:)` gives it, decided without building values where it can
    /// be (only when nothing is explained: an explanation reads every step). Without a trace an
    /// unknown value is not built either: the facts it misses are added to `missing` and nil is
    /// returned (all a caller does with an unknown condition is add its facts to those it needs).
    mutating func conditionValue(_ condition: Unmanaged<CompiledCondition>, _ missing: inout MissingFacts) throws(EvaluationFailure) -> Cell? {
        guard !explain else { return try truth(of: condition) }
        let answer: Result<Decided, EvaluationFailure> = condition._withUnsafeGuaranteedRef { condition in
            do throws(EvaluationFailure) { return .success(try decided(condition.code, condition.site, &missing)) } catch { return .failure(error) }
        }
        switch try answer.get() {
        case .yes: return .bool(true)
        case .no: return .bool(false)
        case .unknown: return nil
        }
    }

    /// `truth(code, site)` as true, false or unknown. When unknown, the facts `truth` names for
    /// it are added to `missing`; nothing is added otherwise.
    mutating func decided(_ code: Code, _ site: Int, _ missing: inout MissingFacts) throws(EvaluationFailure) -> Decided {
        switch code {
        case .truth(let value):
            return Decided(value)
        case .fact(let slot):
            if let answer = Decided(facts[slot], &missing) { return answer }
        case .field(.fact(let slot), let index, _, _, _):
            // A field the input left out is named by `field`: evaluated.
            if let field = facts[slot].recordField(index), let answer = Decided(field, &missing) { return answer }
        case .field(.variable(let position), let index, _, _, _):
            // An aggregate's item, read where it is.
            if let field = variables[frame + position].recordField(index), let answer = Decided(field, &missing) { return answer }
        case .definition(let index):
            // Computed once per applicant, as `truth` would compute it; a condition defined once
            // and not yet computed is decided the same way as this one.
            if !definitionComputed[index], let answer = decideDefinition(index, &missing) { return answer }
            if let answer = Decided(try definition(index), &missing) { return answer }
        case .local(let index):
            if let answer = Decided(try readLocal(index), &missing) { return answer }
        case .not(let operand, let site):
            switch try decided(operand, site, &missing) {
            case .yes: return .no
            case .no: return .yes
            case .unknown: return .unknown
            }
        case .and(let left, let right, let site):
            return try decided(left, right, site, isAnd: true, &missing)
        case .or(let left, let right, let site):
            return try decided(left, right, site, isAnd: false, &missing)
        case .presence(.fact(let slot), let test):
            return Decided(test.holds(unknown: facts[slot].isUnknown, emptyOrUnknown: facts[slot].isEmptyOrUnknown))
        case .membership(.fact(let slot), .constant(.set(let values)), let negated, _):
            switch facts[slot] {
            case .text(let text): return Decided(Evaluator.contains(values, text) != negated)
            case .unknown(let paths):
                missing.formUnion(paths)
                return .unknown
            default: break
            }
        case .membership(.field(.fact(let slot), let index, _, _, _), .constant(.set(let values)), let negated, _):
            if let field = facts[slot].recordField(index), let answer = Self.membership(field, values, negated, &missing) { return answer }
        case .membership(.field(.variable(let position), let index, _, _, _), .constant(.set(let values)), let negated, _):
            // An aggregate's item, read where it is.
            if let field = variables[frame + position].recordField(index), let answer = Self.membership(field, values, negated, &missing) { return answer }
        case .aggregate(let aggregate):
            if aggregate.kind == .any || aggregate.kind == .all, let answer = try decided(anyOrAll: aggregate, &missing) { return answer }
        case .binary(let op, let left, let right, _):
            // As `binary` reads them: the left side first, and an unknown one decides the whole
            // (naming its facts alone).
            switch try operand(left, &missing) {
            case .unknown: return .unknown
            case .number(let x):
                switch try operand(right, &missing) {
                case .unknown: return .unknown
                case .number(let y): if let result = Evaluator.compare(op, x, y) { return Decided(result) }
                case .other: break
                }
            case .other: break
            }
            if op == .equal || op == .notEqual, case .constant(.text(let expected)) = right {
                switch left {
                case .fact(let slot):
                    switch facts[slot] {
                    case .text(let text): return Decided((text == expected) == (op == .equal))
                    case .unknown(let paths):
                        missing.formUnion(paths)
                        return .unknown
                    default: break
                    }
                case .field(.fact(let slot), let index, _, _, _):
                    if let field = facts[slot].recordField(index), case .text(let text) = field { return Decided((text == expected) == (op == .equal)) }
                case .field(.variable(let position), let index, _, _, _):
                    // An aggregate's item, read where it is. (Unknown, the side answered above.)
                    if let field = variables[frame + position].recordField(index), case .text(let text) = field { return Decided((text == expected) == (op == .equal)) }
                default: break
                }
            }
        default:
            break
        }
        // `truth` gives a truth value or unknown.
        return Decided(try truth(code, site), &missing) ?? .unknown
    }

    /// `value in values` (or `not in`) as `membership` gives it for a text or an unknown value,
    /// the facts of an unknown one added to `missing`; nil for a value of another kind. For a
    /// field, which `recordField` copies anyway. A fact is switched on where it is (`decided`):
    /// passing it copies it (a helper that did so for `in` and `==` cost each yz2025 evaluation
    /// 0.14 k instructions).
    @inline(__always)
    static func membership(_ value: Cell, _ values: Set<String>, _ negated: Bool, _ missing: inout MissingFacts) -> Decided? {
        switch value {
        case .text(let text): return Decided(Evaluator.contains(values, text) != negated)
        case .unknown(let paths):
            missing.formUnion(paths)
            return .unknown
        default: return nil
        }
    }

    /// `any` or `all` over a list as `aggregate` gives it, decided without building values: the
    /// filter and a body of a form that gives a truth value, unknown or a failure (`not`, `and`,
    /// `or`, a comparison, `in`, `is present`, another `any` or `all`) decided as conditions are,
    /// which is what `eval` gives for such a form; any other body evaluated. Every item is read
    /// before the answer, as `aggregate` reads them, so an unknown or a failure in a later item
    /// wins over an item that decided sooner. Nil when `aggregate` would fail for want of a list
    /// or of conditions, or when there is no body: the caller then evaluates the whole.
    mutating func decided(anyOrAll aggregate: CompiledAggregate, _ missing: inout MissingFacts) throws(EvaluationFailure) -> Decided? {
        guard let body = aggregate.body else { return nil }
        let site = aggregate.site
        let source = try eval(aggregate.source)
        guard case .list(let items) = source else {
            if case .unknown(let paths) = source {
                missing.formUnion(paths)
                return .unknown
            }
            return nil
        }
        let decidesBody = Self.givesCondition(body)
        let slot = frame + aggregate.variable
        while variables.count <= slot { variables.append(.bool(false)) }
        let saved = variables[slot]
        defer { variables[slot] = saved }
        let isAny = aggregate.kind == .any
        var decision: Bool?
        var notCondition = false
        for item in items {
            variables[slot] = item
            // Each part's facts are added only when it is the unknown that ends the fold.
            var partMissing = MissingFacts()
            if let filter = aggregate.filter {
                switch try decided(filter, site, &partMissing) {
                case .no: continue
                case .unknown:
                    missing.formUnion(partMissing)
                    return .unknown
                case .yes: break
                }
            }
            let result: Bool
            if decidesBody {
                switch try decided(body, site, &partMissing) {
                case .yes: result = true
                case .no: result = false
                case .unknown:
                    missing.formUnion(partMissing)
                    return .unknown
                }
            } else {
                switch try eval(body) {
                case .bool(let value): result = value
                case .unknown(let paths):
                    missing.formUnion(paths)
                    return .unknown
                default:
                    if decision == nil { notCondition = true }
                    continue
                }
            }
            if decision == nil && !notCondition && result == isAny { decision = result }
        }
        if notCondition { return nil }
        return Decided(decision ?? !isAny)
    }

    /// Whether `eval` gives `code` a truth value, unknown or a failure and nothing else, as
    /// `truth` (and so `decided`) gives it.
    static func givesCondition(_ code: Code) -> Bool {
        switch code {
        case .truth, .not, .and, .or, .membership, .presence: return true
        case .binary(let op, _, _, _):
            switch op {
            case .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual: return true
            default: return false
            }
        case .aggregate(let aggregate): return aggregate.kind == .any || aggregate.kind == .all
        default: return false
        }
    }

    /// A truth-valued definition not yet computed for this applicant, decided without building
    /// values and kept as `compute` keeps it (`eval` gives a truth value, or unknown with the facts
    /// it misses, and `decided` the same answer); the facts an unknown answer misses are added to
    /// `missing`. Nil when evaluation fails: `definition` then computes it in full and keeps the
    /// failure.
    mutating func decideDefinition(_ index: Int, _ missing: inout MissingFacts) -> Decided? {
        guard !explain, depth <= Evaluator.recursionLimit else { return nil }
        // Read without a retain and a release (see `truth(of:)`).
        let answer: (Decided, MissingFacts)? = Unmanaged.passUnretained(program.definitions[index])._withUnsafeGuaranteedRef { definition in
            guard let site = definition.conditionSite else { return nil }
            do throws(EvaluationFailure) {
                return try inPlainFrame { evaluator throws(EvaluationFailure) in
                    var facts = MissingFacts()
                    return (try evaluator.decided(definition.code, site, &facts), facts)
                }
            } catch {
                return nil
            }
        }
        guard let (decided, facts) = answer else { return nil }
        switch decided {
        case .yes, .no: definitionValues[index] = .bool(decided == .yes)
        case .unknown:
            definitionValues[index] = .unknown(facts)
            missing.formUnion(facts)
        }
        definitionComputed[index] = true
        return decided
    }

    /// Three-valued `and` / `or`, each side read as `logical` reads it: a side that decides ends it
    /// (and the facts a side before it missed are not named); unknown names the facts of every
    /// side left unknown.
    mutating func decided(_ left: Code, _ right: Code, _ site: Int, isAnd: Bool, _ missing: inout MissingFacts) throws(EvaluationFailure) -> Decided {
        var pending = MissingFacts()
        var unknown = false
        for side in 0..<2 {
            switch try decided(side == 0 ? left : right, site, &pending) {
            case .yes: if !isAnd { return .yes }
            case .no: if isAnd { return .no }
            case .unknown: unknown = true
            }
        }
        guard unknown else { return Decided(isAnd) }
        missing.formUnion(pending)
        return .unknown
    }

    /// What a side of a comparison holds, read without building a value where it can be.
    enum Operand {
        case number(ExactDecimal)
        /// Not known: the facts it misses were added to the caller's.
        case unknown
        /// Neither, or not read here: the comparison is evaluated.
        case other
    }

    /// A side of a comparison read where it is: a constant, a fact, a field of a record fact or of
    /// an aggregate's item, a clause `let` or a definition (each computed once, as `eval` would),
    /// or a number-valued form `numeric` computes. When unknown, the facts it misses are added to
    /// `missing`.
    mutating func operand(_ code: Code, _ missing: inout MissingFacts) throws(EvaluationFailure) -> Operand {
        switch code {
        case .money, .plainNumber, .constant(.number), .fact, .field(.fact, _, _, _, _), .field(.variable, _, _, _, _), .local, .definition,
             .binary(.add, _, _, _), .binary(.subtract, _, _, _), .binary(.multiply, _, _, _), .binary(.divide, _, _, _),
             .dimension, .call(.min, _, _), .call(.max, _, _), .conditional, .brackets:
            return try numeric(code, &missing)
        case .aggregate(let aggregate) where Self.countsOrFolds(aggregate.kind):
            return try numeric(code, &missing)
        default:
            return .other
        }
    }

    /// A number-valued expression's value as `eval` gives it, computed on plain numbers: no value
    /// with a dimension is built for its parts (arithmetic, `min` and `max` of several numbers, a
    /// choice by `if … else`, a bracket table, `sum`, `max`, `min` and `count` over a list), which is
    /// only written on the value a caller keeps.
    /// The parts are read in `eval`'s order, and an unknown part ends it as it ends `eval`: the
    /// facts it misses are added to `missing`. `other` when a part is not a number or unknown;
    /// the caller then evaluates the whole, which gives the value or the failure `eval` gives
    /// (definitions and clause `let`s are computed once, so nothing is computed twice). Only for
    /// an evaluation that records no trace: the forms it reads record steps and coverage when
    /// explained.
    mutating func numeric(_ code: Code, _ missing: inout MissingFacts) throws(EvaluationFailure) -> Operand {
        switch code {
        case .money(let value), .plainNumber(let value): return .number(value)
        case .constant(.number(let value, _)): return .number(value)
        case .fact(let slot): return Self.operand(facts[slot], &missing)
        case .field(.fact(let slot), let index, _, _, _):
            if let field = facts[slot].recordField(index) { return Self.operand(field, &missing) }
        case .field(.variable(let position), let index, _, _, _):
            if let field = variables[frame + position].recordField(index) { return Self.operand(field, &missing) }
        case .local(let index): return try readLocalNumber(index, &missing)
        case .definition(let index): return Self.operand(try definition(index), &missing)
        case .dimension(let inner, _):
            // The dimension is written on the value alone.
            return try numeric(inner, &missing)
        case .binary(let op, let left, let right, let site):
            guard op == .add || op == .subtract || op == .multiply || op == .divide else { break }
            // As `binary`: the left side first, and an unknown side is the answer.
            let leftValue = try numeric(left, &missing)
            guard case .number(let x) = leftValue else { return leftValue }
            let rightValue = try numeric(right, &missing)
            guard case .number(let y) = rightValue else { return rightValue }
            switch op {
            case .add: return .number(try arithmetic(site) { try x.adding(y) })
            case .subtract: return .number(try arithmetic(site) { try x.subtracting(y) })
            case .multiply: return .number(try arithmetic(site) { try x.multiplied(by: y) })
            default: return .number(try arithmetic(site) { try x.divided(by: y) })
            }
        case .call(let builtin, let arguments, _):
            // `min` or `max` of several numbers (one argument may be a list: evaluated).
            guard builtin == .min || builtin == .max, arguments.count >= 2 else { break }
            var chosen = ExactDecimal.zero
            for index in arguments.indices {
                let value = try numeric(arguments[index], &missing)
                guard case .number(let candidate) = value else { return value }
                // The first of equal numbers is kept, as `apply` keeps it.
                if index == 0 || (builtin == .min ? candidate < chosen : candidate > chosen) { chosen = candidate }
            }
            return .number(chosen)
        case .conditional(let then, let condition, let otherwise, let site):
            switch try decided(condition, site, &missing) {
            case .yes: return try numeric(then, &missing)
            case .no: return try numeric(otherwise, &missing)
            case .unknown: return .unknown
            }
        case .brackets(let subject, let arms, let otherwise, _):
            let subjectValue = try numeric(subject, &missing)
            guard case .number(let number) = subjectValue else { return subjectValue }
            // As `brackets`: a bound that is not a number passes its arm over.
            for index in arms.indices {
                if let lower = arms[index].lower {
                    switch try numeric(lower, &missing) {
                    case .unknown: return .unknown
                    case .other: continue
                    case .number(let low): if arms[index].lowerInclusive ? number < low : number <= low { continue }
                    }
                }
                if let upper = arms[index].upper {
                    switch try numeric(upper, &missing) {
                    case .unknown: return .unknown
                    case .other: continue
                    case .number(let high): if arms[index].upperInclusive ? number > high : number >= high { continue }
                    }
                }
                return try numeric(arms[index].result, &missing)
            }
            if let otherwise { return try numeric(otherwise, &missing) }
            return .number(.zero)
        case .aggregate(let aggregate):
            guard Self.countsOrFolds(aggregate.kind) else { break }
            return try numeric(aggregate, &missing)
        default:
            break
        }
        return Self.operand(try eval(code), &missing)
    }

    /// Clause `let` `index` read as `operand` reads a side: computed, when it is not yet, on plain
    /// numbers if it is a form `numeric` computes (`computeLocalNumber`), so that its value with
    /// a dimension is built only if something else reads it.
    mutating func readLocalNumber(_ index: Int, _ missing: inout MissingFacts) throws(EvaluationFailure) -> Operand {
        if !localComputed[index] && depth <= Evaluator.recursionLimit, let clause {
            Unmanaged.passUnretained(program.clauses[clause].locals[index])._withUnsafeGuaranteedRef { local in
                computeLocalNumber(local, index)
            }
        }
        if localComputed[index] && localAsNumber[index] && localExtras.isEmpty { return .number(localNumbers[index]) }
        return Self.operand(try readLocal(index), &missing)
    }

    /// `computeLocal` without a trace, for a `let` read as a number: a form `numeric` computes
    /// keeps its number (or the unknown, as `eval` gives it); any other form is evaluated. A
    /// failure is kept as `computeLocal` keeps it.
    mutating func computeLocalNumber(_ local: CompiledLocal, _ index: Int) {
        guard Self.computedOnNumbers(local.code) else { return computeLocal(local, index) }
        do throws(EvaluationFailure) {
            var missing = MissingFacts()
            let value = try inPlainFrame { evaluator throws(EvaluationFailure) in try evaluator.numeric(local.code, &missing) }
            switch value {
            case .number(let number):
                localComputed[index] = true
                localAsNumber[index] = true
                localNumbers[index] = number
            case .unknown:
                localComputed[index] = true
                localAsNumber[index] = false
                localValues[index] = .unknown(missing)
            case .other:
                computeLocal(local, index)
            }
        } catch {
            localComputed[index] = true
            localAsNumber[index] = false
            localExtras[index] = DefinitionExtras(failure: error, steps: [], exercised: [])
        }
    }

    /// Whether `numeric` computes `code` itself rather than evaluating it: arithmetic, `min` and
    /// `max` of several numbers, `if … else`, a bracket table, `sum`, `max`, `min` and `count` over a list.
    static func computedOnNumbers(_ code: Code) -> Bool {
        switch code {
        case .binary(.add, _, _, _), .binary(.subtract, _, _, _), .binary(.multiply, _, _, _), .binary(.divide, _, _, _),
             .dimension, .conditional, .brackets:
            return true
        case .call(let builtin, let arguments, _):
            return (builtin == .min || builtin == .max) && arguments.count >= 2
        case .aggregate(let aggregate):
            return countsOrFolds(aggregate.kind)
        default:
            return false
        }
    }

    /// The aggregates `numeric` computes: `sum`, `max`, `min` and `count`.
    static func countsOrFolds(_ kind: AggregateKind) -> Bool {
        switch kind {
        case .sum, .max, .min, .count: return true
        case .any, .all, .group: return false
        }
    }

    /// A `sum`, `max` or `min` over a list as `aggregate` folds it, on plain numbers: the filter
    /// decided without a value, the body computed by `numeric`. Every item is read before the
    /// answer, so an unknown or a failure in a later item wins over an overflow reached sooner.
    /// A `count` counts the items the filter keeps.
    mutating func numeric(_ aggregate: CompiledAggregate, _ missing: inout MissingFacts) throws(EvaluationFailure) -> Operand {
        let site = aggregate.site, kind = aggregate.kind
        // (The checker gives `count` no body; one would be evaluated.)
        if kind == .count && aggregate.body != nil { return .other }
        let source = try eval(aggregate.source)
        guard case .list(let items) = source else {
            // Unknown, or not a list: evaluated, which fails.
            if case .unknown(let paths) = source {
                missing.formUnion(paths)
                return .unknown
            }
            return .other
        }
        let slot = frame + aggregate.variable
        while variables.count <= slot { variables.append(.bool(false)) }
        let saved = variables[slot]
        defer { variables[slot] = saved }
        var value: ExactDecimal?
        var overflow: EvaluationFailure?
        var count = 0
        for item in items {
            variables[slot] = item
            if let filter = aggregate.filter {
                switch try decided(filter, site, &missing) {
                case .no: continue
                case .unknown: return .unknown
                case .yes: break
                }
            }
            if kind == .count {
                count += 1
                continue
            }
            let number: ExactDecimal
            if let body = aggregate.body {
                switch try numeric(body, &missing) {
                case .number(let result): number = result
                case .unknown: return .unknown
                case .other:
                    // A value of another kind, as `eval` gives it: an unknown ends the fold, and
                    // any other value that is not a number is passed over.
                    let result = try eval(body)
                    if case .unknown(let paths) = result {
                        missing.formUnion(paths)
                        return .unknown
                    }
                    guard case .number(let read, _) = result else { continue }
                    number = read
                }
            } else {
                guard case .number(let read, _) = item else { continue }
                number = read
            }
            fold(kind, number, into: &value, &overflow, site)
        }
        if kind == .count { return .number(ExactDecimal(count)) }
        if let overflow { throw overflow }
        return .number(value ?? .zero)
    }

    @inline(__always)
    static func operand(_ value: Cell, _ missing: inout MissingFacts) -> Operand {
        switch value {
        case .number(let value, _): return .number(value)
        case .unknown(let paths):
            missing.formUnion(paths)
            return .unknown
        default: return .other
        }
    }
}
