/// Expression evaluation: three-valued logic (a missing fact propagates as `MissingFacts`),
/// exact arithmetic, functions, aggregation and bracket tables.
extension Interpreter {
    // MARK: Expressions

    mutating func truth(_ node: ExprNode) throws -> Bool {
        guard case .bool(let value) = try evaluate(node) else { throw failure("expected a condition", node) }
        return value
    }

    mutating func money(_ node: ExprNode) throws -> ExactDecimal {
        guard case .number(let value, _) = try evaluate(node) else { throw failure("expected an amount", node) }
        return value
    }

    func failure(_ message: String, _ node: ExprNode) -> EvaluationFailure {
        EvaluationFailure(message: message, location: node.span.location)
    }

    func arithmetic<T>(_ node: ExprNode, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch ArithmeticError.overflow {
            throw failure("arithmetic overflow in `\(source(node))`", node)
        } catch ArithmeticError.divisionByZero {
            throw failure("division by zero in `\(source(node))`", node)
        }
    }

    mutating func evaluate(_ node: ExprNode) throws -> Value {
        switch node.value {
        case .error: throw failure("the expression has an error", node)
        case .number(let value, let dimension, _): return .number(value, dimension)
        case .bool(let value): return .bool(value)
        case .date(let day): return .date(day)
        case .text(let text): return .text(text)
        case .name(let name): return try lookup(name, node)
        case .field(let base, let name):
            guard case .record(let record) = try evaluate(base) else { throw failure("`.\(name)` needs a record", node) }
            if let value = record.fields[name] { return value }
            throw MissingFacts(paths: ["\(record.path).\(name)"])
        case .index(let base, let index):
            guard case .list(let items) = try evaluate(base), case .number(let position, _) = try evaluate(index),
                  let offset = position.exactInt else { throw failure("indexing needs a list and a whole number", node) }
            guard offset >= 1, offset <= items.count else { throw MissingFacts(paths: ["\(source(base))[\(offset)]"]) }
            return items[offset - 1]
        case .negate(let operand):
            guard case .number(let value, let dimension) = try evaluate(operand) else { throw failure("`-` needs a number", node) }
            return .number(value.negated(), dimension)
        case .not(let operand):
            return .bool(try !truth(operand))
        case .binary(let op, let left, let right): return try binary(op, left, right, node)
        case .conditional(let then, let condition, let otherwise):
            return try truth(condition) ? evaluate(then) : evaluate(otherwise)
        case .call(let name, let arguments): return try call(name.value, arguments, node)
        case .clauseAmount(let ref):
            let id = "\(ref.value.document ?? document.id):\(ref.value.label)"
            guard let outcome = outcomes[id] else { return .money(.zero) }
            if outcome.status == .undetermined, outcome.amount == nil { throw MissingFacts(paths: Set(outcome.missingFacts)) }
            let amount = outcome.status == .granted ? (outcome.amount ?? .zero) : .zero
            trace.append(TraceStep(kind: .value, text: "amount(\(id)) = \(Value.displayMoney(amount, .cny)) (\(outcome.status.rawValue))",
                                   location: node.span.location, article: clause?.article))
            return .money(amount)
        case .aggregate(let kind, let variable, let source, let filter, let body):
            return try aggregate(kind, variable.value, source, filter, body, node)
        case .brackets(let subject, let arms, let otherwise):
            return try brackets(subject, arms, otherwise, node)
        case .setLiteral(let items):
            var values: Set<String> = []
            for item in items {
                if case .text(let text) = try evaluate(item) { values.insert(text) }
            }
            return .set(values)
        case .membership(let element, let set, let negated):
            let value = try evaluate(element)
            let container = try evaluate(set)
            let contained: Bool
            switch (value, container) {
            case (.text(let text), .set(let values)): contained = values.contains(text)
            case (.set(let inner), .set(let values)): contained = !inner.isDisjoint(with: values)
            default: throw failure("`in` needs a choice and a set", node)
            }
            return .bool(contained != negated)
        case .presence(let operand, let test):
            let value: Value?
            do {
                value = try evaluate(operand)
            } catch is MissingFacts {
                value = nil
            }
            switch test {
            case .present: return .bool(value != nil)
            case .absent: return .bool(value == nil)
            case .empty, .notEmpty:
                var empty = true
                switch value {
                case .list(let items)?: empty = items.isEmpty
                case .set(let values)?: empty = values.isEmpty
                case .some: empty = false
                case nil: empty = true
                }
                return .bool(test == .empty ? empty : !empty)
            }
        }
    }

    /// Evaluates a clause's `let` once and records it in the trace.
    mutating func local(_ definition: Definition) throws -> Value {
        if let value = locals[definition.name.value] { return value }
        let value = try evaluate(definition.expression)
        locals[definition.name.value] = value
        trace.append(TraceStep(kind: .value, text: "\(definition.name.value) = `\(source(definition.expression))` = \(value.display)\(definition.label.map { " (\($0))" } ?? "")",
                               location: definition.expression.span.location, article: clause?.article))
        return value
    }

    mutating func lookup(_ name: String, _ node: ExprNode) throws -> Value {
        if let value = locals[name] { return value }
        if let definition = pendingLocals[name] { return try local(definition) }
        if let value = applicant.facts[name] { return value }
        if let fact = document.facts[name] {
            if let value = fact.defaultValue ?? fact.type.absentDefault { return value }
            throw MissingFacts(paths: [name])
        }
        if let definition = document.definitions[name] { return try evaluate(definition.expression) }
        if name == "as_of" { return .date(asOf) }
        if name == "prior_received" { return .money(clause.flatMap { applicant.priorReceived[$0.id] } ?? .zero) }
        throw failure("unknown name `\(name)`", node)
    }

    mutating func binary(_ op: BinaryOperator, _ left: ExprNode, _ right: ExprNode, _ node: ExprNode) throws -> Value {
        switch op {
        case .and, .or:
            // Three-valued: false and unknown is false; true or unknown is true.
            var pending: MissingFacts?
            for side in [left, right] {
                do {
                    let value = try truth(side)
                    if op == .and && !value { return .bool(false) }
                    if op == .or && value { return .bool(true) }
                } catch let missing as MissingFacts {
                    pending = MissingFacts(paths: (pending?.paths ?? []).union(missing.paths))
                }
            }
            if let pending { throw pending }
            return .bool(op == .and)
        case .coalesce:
            do {
                return try evaluate(left)
            } catch is MissingFacts {
                return try evaluate(right)
            }
        default: break
        }
        let a = try evaluate(left)
        let b = try evaluate(right)
        switch (a, b) {
        case (.number(let x, let dx), .number(let y, let dy)):
            return try arithmetic(node) {
                switch op {
                case .add: return .number(try x.adding(y), dx)
                case .subtract: return .number(try x.subtracting(y), dx)
                case .multiply: return .number(try x.multiplied(by: y), dx.isMoney ? dx : dy)
                case .divide: return .number(try x.divided(by: y), dx == dy ? .plain : dx)
                default:
                    guard let result = Interpreter.compare(op, x, y) else { throw failure("unsupported operator", node) }
                    return .bool(result)
                }
            }
        case (.date(let x), .date(let y)):
            guard let result = Interpreter.compare(op, x, y) else { throw failure("dates can only be compared", node) }
            return .bool(result)
        default:
            switch op {
            case .equal: return .bool(a == b)
            case .notEqual: return .bool(a != b)
            default: throw failure("`\(op.rawValue)` needs numbers", node)
            }
        }
    }

    /// The comparison operators on any ordered values; nil for other operators.
    static func compare<T: Comparable>(_ op: BinaryOperator, _ x: T, _ y: T) -> Bool? {
        switch op {
        case .less: return x < y
        case .lessEqual: return x <= y
        case .greater: return x > y
        case .greaterEqual: return x >= y
        case .equal: return x == y
        case .notEqual: return x != y
        default: return nil
        }
    }

    mutating func call(_ name: String, _ arguments: [ExprNode], _ node: ExprNode) throws -> Value {
        let values = try arguments.map { try evaluate($0) }
        func number(_ index: Int) throws -> (ExactDecimal, Dimension) {
            guard case .number(let value, let dimension) = values[index] else { throw failure("`\(name)` needs numbers", node) }
            return (value, dimension)
        }
        switch name {
        case "min", "max":
            var numbers: [(ExactDecimal, Dimension)] = []
            if values.count == 1, case .list(let items) = values[0] {
                for case .number(let v, let d) in items { numbers.append((v, d)) }
                if numbers.isEmpty { return .number(.zero, .plain) }
            } else {
                numbers = try values.indices.map(number)
            }
            let chosen = name == "min" ? numbers.min { $0.0 < $1.0 }! : numbers.max { $0.0 < $1.0 }!
            if numbers.count > 1 {
                trace.append(TraceStep(kind: .cap, text: "\(name)(\(numbers.map { Value.number($0.0, $0.1).display }.joined(separator: ", "))) = \(Value.number(chosen.0, chosen.1).display)",
                                       location: node.span.location, article: clause?.article))
            }
            return .number(chosen.0, chosen.1)
        case "clamp":
            let (x, d) = try number(0)
            let (low, _) = try number(1)
            let (high, _) = try number(2)
            let result = min(max(x, low), high)
            if result != x {
                trace.append(TraceStep(kind: .cap, text: "clamp(\(Value.number(x, d).display)) to [\(Value.number(low, d).display), \(Value.number(high, d).display)] = \(Value.number(result, d).display)",
                                       location: node.span.location, article: clause?.article))
            }
            return .number(result, d)
        case "add_years":
            guard case .date(let day) = values[0], let (count, _) = try? number(1), let years = count.exactInt else {
                throw failure("`add_years` needs a date and a whole number of years", node)
            }
            return .date(day.addingYears(years))
        case "year":
            guard case .date(let day) = values[0] else { throw failure("`year` needs a date", node) }
            return .number(ExactDecimal(day.year), .plain)
        case "count":
            switch values[0] {
            case .list(let items): return .number(ExactDecimal(items.count), .plain)
            case .set(let items): return .number(ExactDecimal(items.count), .plain)
            default: throw failure("`count` needs a list", node)
            }
        case "sum":
            guard case .list(let items) = values[0] else { throw failure("`sum` needs a list", node) }
            var total = ExactDecimal.zero
            var dimension = Dimension.plain
            for case .number(let value, let d) in items {
                total = try arithmetic(node) { try total.adding(value) }
                dimension = d
            }
            return .number(total, dimension)
        case "take":
            guard case .list(let items) = values[0], let (count, _) = try? number(1), let n = count.exactInt else {
                throw failure("`take` needs a list and a whole number", node)
            }
            return .list(Array(items.prefix(max(0, n))))
        case "prior":
            return .money(clause.flatMap { applicant.priorReceived[$0.id] } ?? .zero)
        default:
            throw failure("unknown function `\(name)`", node)
        }
    }

    mutating func aggregate(_ kind: AggregateKind, _ variable: String, _ source: ExprNode, _ filter: ExprNode?, _ body: ExprNode?, _ node: ExprNode) throws -> Value {
        guard case .list(let items) = try evaluate(source) else { throw failure("`\(kind.rawValue)` needs a list", node) }
        let saved = locals[variable]
        defer { locals[variable] = saved }
        var selected: [Value] = []
        var results: [Value] = []
        for item in items {
            locals[variable] = item
            if let filter, try !truth(filter) { continue }
            selected.append(item)
            if let body { results.append(try evaluate(body)) } else { results.append(item) }
        }
        switch kind {
        case .group:
            var keys: [Value] = []
            var groups: [Value: [Value]] = [:]
            for (item, key) in zip(selected, results) {
                if groups[key] == nil { keys.append(key) }
                groups[key, default: []].append(item)
            }
            return .list(keys.enumerated().map { index, key in
                .record(RecordValue(path: "\(self.source(source))[group \(index + 1)]", fields: ["key": key, "items": .list(groups[key] ?? [])]))
            })
        case .count: return .number(ExactDecimal(selected.count), .plain)
        case .any: return .bool(try results.contains { if case .bool(let b) = $0 { return b }; throw failure("`any` needs conditions", node) })
        case .all: return .bool(try results.allSatisfy { if case .bool(let b) = $0 { return b }; throw failure("`all` needs conditions", node) })
        case .sum, .max, .min:
            var numbers: [(ExactDecimal, Dimension)] = []
            for case .number(let value, let dimension) in results { numbers.append((value, dimension)) }
            let dimension = numbers.first?.1 ?? zeroDimension(body)
            guard !numbers.isEmpty else { return .number(.zero, dimension) }
            let value: ExactDecimal
            switch kind {
            case .sum: value = try arithmetic(node) { try numbers.reduce(.zero) { try $0.adding($1.0) } }
            case .max: value = numbers.map(\.0).max()!
            default: value = numbers.map(\.0).min()!
            }
            if numbers.count > 1 || kind == .sum {
                trace.append(TraceStep(kind: .value, text: "\(kind.rawValue) over \(numbers.count) of \(items.count) item\(items.count == 1 ? "" : "s") of `\(self.source(source))`: \(numbers.map { Value.number($0.0, $0.1).display }.joined(separator: ", ")) → \(Value.number(value, dimension).display)",
                                       location: node.span.location, article: clause?.article))
            }
            return .number(value, dimension)
        }
    }

    /// The dimension of an empty sum: money unless the body is plainly a count.
    func zeroDimension(_ body: ExprNode?) -> Dimension {
        guard let body else { return .plain }
        if case .number(_, let dimension, _) = body.value { return dimension }
        return .money(.cny)
    }

    mutating func brackets(_ subject: ExprNode, _ arms: [BracketArm], _ otherwise: ExprNode?, _ node: ExprNode) throws -> Value {
        guard case .number(let value, let dimension) = try evaluate(subject) else { throw failure("a bracket needs a number", node) }
        for arm in arms {
            if let lower = arm.lower {
                guard case .number(let bound, _) = try evaluate(lower) else { continue }
                if arm.lowerInclusive ? value < bound : value <= bound { continue }
            }
            if let upper = arm.upper {
                guard case .number(let bound, _) = try evaluate(upper) else { continue }
                if arm.upperInclusive ? value > bound : value >= bound { continue }
            }
            exercised.insert(CoverageItem.key(.arm, arm.span))
            trace.append(TraceStep(kind: .bracket, text: "`\(source(subject))` = \(Value.number(value, dimension).display) falls in \(source(arm.span.file, arm.span, upTo: "=>"))",
                                   location: arm.span.location, article: clause?.article))
            return try evaluate(arm.result)
        }
        if let otherwise { return try evaluate(otherwise) }
        trace.append(TraceStep(kind: .bracket, text: "`\(source(subject))` = \(Value.number(value, dimension).display) falls in no bracket",
                               location: node.span.location, article: clause?.article))
        return .money(.zero)
    }
}
