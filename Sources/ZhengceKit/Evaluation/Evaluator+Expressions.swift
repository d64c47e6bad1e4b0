/// Expression evaluation on compiled code: three-valued logic (a missing fact is an `unknown`
/// value that flows through every operation), exact arithmetic, built-in functions, aggregates and
/// bracket tables. Each definition is computed at most once per applicant.
extension Evaluator {
    enum Number {
        case value(ExactDecimal)
        case unknown(MissingFacts)
    }

    /// A condition's value: `.bool` or `.unknown`.
    mutating func truth(_ code: Code, _ site: Int) throws(EvaluationFailure) -> Cell {
        let value = try eval(code)
        switch value {
        case .bool, .unknown: return value
        default: throw failure("expected a condition", site)
        }
    }

    mutating func number(_ code: Code, _ site: Int, _ message: String) throws(EvaluationFailure) -> Number {
        if !explain {
            // Without a trace, on plain numbers (`numeric`); a value of another kind is evaluated.
            var missing = MissingFacts()
            switch try numeric(code, &missing) {
            case .number(let value): return .value(value)
            case .unknown: return .unknown(missing)
            case .other: break
            }
        }
        switch try eval(code) {
        case .number(let value, _): return .value(value)
        case .unknown(let paths): return .unknown(paths)
        default: throw failure(message, site)
        }
    }

    // MARK: Definitions and clause lets

    mutating func definition(_ index: Int) throws(EvaluationFailure) -> Cell {
        if !definitionComputed[index] {
            if depth > Evaluator.recursionLimit { computeBottomUp(index) }
            if !definitionComputed[index] { compute(index) }
        }
        // Without a trace, only a failure leaves anything besides the value.
        if !definitionExtras.isEmpty, let extras = definitionExtras[index] {
            if quiet == 0 {
                if explain {
                    for var step in extras.steps {
                        step.article = article
                        trace.append(step)
                    }
                }
                if !extras.exercised.isEmpty { exercised += extras.exercised }
            }
            if let failure = extras.failure { throw failure }
        }
        return definitionValues[index]
    }

    /// Computes a definition once, keeping the steps and coverage it produced so that every
    /// reading shows them where it reads it.
    mutating func compute(_ index: Int) {
        guard explain else {
            // Nothing is recorded: the value, or the failure, is all there is to keep.
            var failure: EvaluationFailure?
            // Read without a retain and a release (see `truth(of:)`).
            let value: Cell = Unmanaged.passUnretained(program.definitions[index])._withUnsafeGuaranteedRef { definition in
                do throws(EvaluationFailure) {
                    return try inPlainFrame { evaluator throws(EvaluationFailure) in try evaluator.eval(definition.code) }
                } catch {
                    failure = error
                    return .unknown(MissingFacts())
                }
            }
            definitionComputed[index] = true
            definitionValues[index] = value
            if let failure { definitionExtras[index] = DefinitionExtras(failure: failure, steps: [], exercised: []) }
            return
        }
        // Read without a retain and a release (see `truth(of:)`).
        let (value, steps, keys) = Unmanaged.passUnretained(program.definitions[index])._withUnsafeGuaranteedRef { definition in
            inOwnFrame { evaluator throws(EvaluationFailure) in try evaluator.eval(definition.code) }
        }
        definitionComputed[index] = true
        var failure: EvaluationFailure?
        switch value {
        case .success(let cell): definitionValues[index] = cell
        case .failure(let error):
            definitionValues[index] = .unknown(MissingFacts())
            failure = error
        }
        if failure != nil || !steps.isEmpty || !keys.isEmpty {
            definitionExtras[index] = DefinitionExtras(failure: failure, steps: steps, exercised: keys)
        }
    }

    /// Runs `body` in a frame of its own (its variables after the current ones, traced even when
    /// the reader is quiet), for an explained evaluation: returns its value with the steps and
    /// coverage it produced, taken off the trace so that each reading can show them where it reads.
    mutating func inOwnFrame<Value>(_ body: (inout Evaluator) throws(EvaluationFailure) -> Value) -> (Result<Value, EvaluationFailure>, [TraceStep], [CoverageKey]) {
        let traceMark = trace.count
        let exercisedMark = exercised.count
        let value: Result<Value, EvaluationFailure>
        do {
            value = .success(try inPlainFrame(body))
        } catch {
            value = .failure(error)
        }
        return (value, Self.removeTail(of: &trace, from: traceMark), Self.removeTail(of: &exercised, from: exercisedMark))
    }

    /// Runs `body` in a frame of its own (its variables after the current ones, traced even when
    /// the reader is quiet) and returns its value, or throws its failure, as it is. Without a
    /// trace nothing records steps or coverage, so this is the whole frame; `inOwnFrame` adds
    /// what an explained evaluation keeps.
    @inline(__always)
    mutating func inPlainFrame<Value>(_ body: (inout Evaluator) throws(EvaluationFailure) -> Value) throws(EvaluationFailure) -> Value {
        let savedQuiet = quiet
        let savedFrame = frame
        quiet = 0
        frame = variables.count
        depth += 1
        defer {
            depth -= 1
            frame = savedFrame
            quiet = savedQuiet
        }
        return try body(&self)
    }

    /// The elements of `array` from `mark` on, removed from it. Most frames add nothing, and then
    /// nothing is allocated or copied (removing even an empty range from an array not uniquely
    /// held would copy it).
    static func removeTail<Element>(of array: inout [Element], from mark: Int) -> [Element] {
        guard array.count > mark else { return [] }
        let tail = Array(array[mark...])
        array.removeSubrange(mark...)
        return tail
    }

    /// Computes the definitions `index` depends on, deepest first, without recursion.
    mutating func computeBottomUp(_ index: Int) {
        var stack: [(definition: Int, next: Int)] = [(index, 0)]
        while let (current, next) = stack.last {
            let dependencies = program.definitions[current].dependencies
            if next < dependencies.count {
                stack[stack.count - 1].next += 1
                if !definitionComputed[dependencies[next]] { stack.append((dependencies[next], 0)) }
                continue
            }
            stack.removeLast()
            if current != index && !definitionComputed[current] { compute(current) }
        }
    }

    mutating func readLocal(_ index: Int) throws(EvaluationFailure) -> Cell {
        // Kept as a plain number: its value is computed now (`numeric` gave the same number).
        if localComputed[index] && localAsNumber[index] { computeLocal(index) }
        if !localComputed[index] {
            if depth > Evaluator.recursionLimit {
                var stack: [(local: Int, next: Int)] = [(index, 0)]
                while let (current, next) = stack.last {
                    let dependencies = program.clauses[clause ?? 0].locals[current].dependencies
                    if next < dependencies.count {
                        stack[stack.count - 1].next += 1
                        if !localComputed[dependencies[next]] { stack.append((dependencies[next], 0)) }
                        continue
                    }
                    stack.removeLast()
                    if current != index && !localComputed[current] { computeLocal(current) }
                }
            }
            if !localComputed[index] { computeLocal(index) }
            if !localComputed[index] { return .unknown(MissingFacts()) }
        }
        if !localExtras.isEmpty, let extras = localExtras[index] {
            // Steps computed ahead of the first reading are shown there, once.
            if !extras.steps.isEmpty || !extras.exercised.isEmpty {
                localExtras[index] = DefinitionExtras(failure: extras.failure, steps: [], exercised: [])
                if quiet == 0 {
                    trace += extras.steps
                    exercised += extras.exercised
                }
            }
            if let failure = extras.failure { throw failure }
        }
        return localValues[index]
    }

    mutating func computeLocal(_ index: Int) {
        guard let clause else { return }
        // Read without a retain and a release (see `truth(of:)`).
        Unmanaged.passUnretained(program.clauses[clause].locals[index])._withUnsafeGuaranteedRef { local in computeLocal(local, index) }
    }

    mutating func computeLocal(_ local: CompiledLocal, _ index: Int) {
        guard explain else {
            // Nothing is recorded: the value, or the failure, is all there is to keep.
            do throws(EvaluationFailure) {
                let value = try inPlainFrame { evaluator throws(EvaluationFailure) in try evaluator.eval(local.code) }
                localComputed[index] = true
                localAsNumber[index] = false
                localValues[index] = value
            } catch {
                localComputed[index] = true
                localAsNumber[index] = false
                localExtras[index] = DefinitionExtras(failure: error, steps: [], exercised: [])
            }
            return
        }
        let (value, steps, keys) = inOwnFrame { evaluator throws(EvaluationFailure) in
            let cell = try evaluator.eval(local.code)
            if !cell.isUnknown && evaluator.recording {
                let site = evaluator.program.sites[local.site]
                evaluator.record(.value, site.location, "\(local.name) = `\(site.source)` = \(cell.display)\(local.label.map { " (\($0))" } ?? "")",
                                 .local(name: local.name, expression: site.source, value: cell, label: local.label))
            }
            return cell
        }
        localComputed[index] = true
        localAsNumber[index] = false
        var failure: EvaluationFailure?
        switch value {
        case .success(let cell): localValues[index] = cell
        case .failure(let error): failure = error
        }
        // Nothing else to keep (no failure, no trace): the value alone.
        if failure != nil || !steps.isEmpty || !keys.isEmpty { localExtras[index] = DefinitionExtras(failure: failure, steps: steps, exercised: keys) }
    }

    // MARK: Explanations

    /// The values an expression read, as a note: ` (premium = 12.00万元)`.
    static func note(_ readings: [Reading]) -> String {
        readings.isEmpty ? "" : " (" + readings.map { "\($0.name) = \($0.value.display)" }.joined(separator: ", ") + ")"
    }

    /// The facts and values an expression reads, each once.
    mutating func readings(_ site: Int) -> [Reading] {
        guard explain && quiet == 0 else { return [] }
        quiet += 1
        defer { quiet -= 1 }
        var readings: [Reading] = []
        for (name, code) in program.sites[site].notes where !readings.contains(where: { $0.name == name }) {
            guard let value = try? eval(code) else { continue }
            switch value {
            case .unknown, .record, .list: continue
            default: readings.append(Reading(name: name, value: value))
            }
        }
        return readings
    }

    /// Names the part of a failed condition that failed: the first false conjunct, with its values.
    mutating func explainFailure(_ condition: CompiledCondition) throws(EvaluationFailure) -> (text: String, detail: FailedCondition?) {
        let label = condition.label.map { "\($0): " } ?? ""
        guard explain else { return (condition.plainReason, nil) }
        for (code, site) in condition.conjuncts {
            if case .bool(false)? = try? truth(code, site) {
                let failed = FailedCondition(label: condition.label, expression: program.sites[site].source, readings: readings(site))
                return ("\(label)`\(failed.expression)` is false\(Self.note(failed.readings))", failed)
            }
        }
        let failed = FailedCondition(label: nil, expression: program.sites[condition.site].source, readings: readings(condition.site))
        return ("`\(failed.expression)` is false\(Self.note(failed.readings))", failed)
    }

    // MARK: Expressions

    // `eval` only dispatches: each form with more than a line of work has a function of its own,
    // so that the recursion's frame stays small (it was over 3 KB with every form's values in it).
    mutating func eval(_ code: Code) throws(EvaluationFailure) -> Cell {
        switch code {
        case .constant(let value): return value
        case .money(let value): return .number(value, .money(.cny))
        case .plainNumber(let value): return .number(value, .number(unit: nil))
        case .truth(let value): return .bool(value)
        case .fact(let slot): return facts[slot]
        case .local(let index): return try readLocal(index)
        case .variable(let position): return variables[frame + position]
        case .definition(let index): return try definition(index)
        case .asOf: return .date(asOf)
        case .priorReceived: return .money(clause.flatMap { received($0) } ?? .zero)
        case .field(let base, let index, let name, let site, let missing): return try field(base, index, name, site, missing)
        case .index(let base, let position, let site): return try item(base, position, site)
        case .negate(let operand, let site): return try negate(operand, site)
        case .not(let operand, let site): return try not(operand, site)
        case .and(let left, let right, let site): return try logical(left, right, site, isAnd: true)
        case .or(let left, let right, let site): return try logical(left, right, site, isAnd: false)
        case .coalesce(let left, let right): return try coalesce(left, right)
        case .binary(let op, let left, let right, let site): return try binary(op, left, right, site)
        case .conditional(let then, let condition, let otherwise, let site): return try conditional(then, condition, otherwise, site)
        case .call(let builtin, let arguments, let site): return try call(builtin, arguments, site)
        case .clauseAmount(let index, let site): return clauseAmount(index, site)
        case .aggregate(let aggregate): return try self.aggregate(aggregate)
        case .brackets(let subject, let arms, let otherwise, let site): return try brackets(subject, arms, otherwise, site)
        case .yearly(let form): return try yearly(form)
        case .steps(let increment, let step, let quantity, let threshold, let site):
            return try steps(increment: increment, step: step, quantity: quantity, threshold: threshold, site)
        case .setLiteral(let items): return try setLiteral(items)
        case .membership(let element, let set, let negated, let site): return try membership(element, set, negated, site)
        case .presence(let operand, let test): return try presence(operand, test)
        case .failure(let message, let site): throw failure(message, site)
        case .dimension(let inner, let dimension): return try withDimension(inner, dimension)
        }
    }

    @inline(never)
    mutating func field(_ base: Code, _ index: Int, _ name: String, _ site: Int, _ missing: MissingFacts?) throws(EvaluationFailure) -> Cell {
        // A field of a fact or of an aggregate's item is read where the record is, without
        // copying it.
        switch base {
        case .fact(let slot): if let field = facts[slot].recordField(index) { return field }
        case .variable(let position): if let field = variables[frame + position].recordField(index) { return field }
        default: break
        }
        let value = try eval(base)
        switch value {
        case .unknown: return value
        case .record(let record):
            guard let field = record.field(index) else {
                return .unknown(missing ?? MissingFacts(path: "\(record.path).\(name)", in: program.factPaths))
            }
            return field
        default: throw failure("`.\(name)` needs a record", site)
        }
    }

    @inline(never)
    mutating func item(_ base: Code, _ position: Code, _ site: Int) throws(EvaluationFailure) -> Cell {
        let list = try eval(base)
        if list.isUnknown { return list }
        let offset = try eval(position)
        if offset.isUnknown { return offset }
        guard case .list(let items) = list, case .number(let number, _) = offset, let n = number.exactInt else {
            throw failure("indexing needs a list and a whole number", site)
        }
        guard n >= 1, n <= items.count else { return .unknown(MissingFacts(path: "\(program.sites[site].source)[\(n)]", in: program.factPaths)) }
        return items[n - 1]
    }

    @inline(never)
    mutating func negate(_ operand: Code, _ site: Int) throws(EvaluationFailure) -> Cell {
        let value = try eval(operand)
        switch value {
        case .unknown: return value
        case .number(let number, let dimension): return .number(number.negated(), dimension)
        default: throw failure("`-` needs a number", site)
        }
    }

    @inline(never)
    mutating func not(_ operand: Code, _ site: Int) throws(EvaluationFailure) -> Cell {
        let value = try truth(operand, site)
        if case .bool(let b) = value { return .bool(!b) }
        return value
    }

    @inline(never)
    mutating func coalesce(_ left: Code, _ right: Code) throws(EvaluationFailure) -> Cell {
        let value = try eval(left)
        return value.isUnknown ? try eval(right) : value
    }

    @inline(never)
    mutating func conditional(_ then: Code, _ condition: Code, _ otherwise: Code, _ site: Int) throws(EvaluationFailure) -> Cell {
        switch try truth(condition, site) {
        case .bool(true): return try eval(then)
        case .bool(false): return try eval(otherwise)
        case let unknown: return unknown
        }
    }

    @inline(never)
    mutating func clauseAmount(_ index: Int, _ site: Int) -> Cell {
        guard evaluated[index] else { return .money(.zero) }
        let status = outcomes[index].status
        let computed = outcomes[index].amount
        if status == .undetermined, computed == nil { return .unknown(MissingFacts(paths: outcomes[index].missingFacts, in: program.factPaths)) }
        let amount = status == .granted ? (computed ?? .zero) : .zero
        if recording {
            record(.value, program.sites[site].location, "amount(\(program.clauses[index].idText)) = \(money(amount)) (\(status.rawValue))",
                   .clauseAmount(clause: program.clauses[index].idText, amount: amount, status: status))
        }
        return .money(amount)
    }

    @inline(never)
    mutating func setLiteral(_ items: [Code]) throws(EvaluationFailure) -> Cell {
        var values: Set<String> = []
        for item in items {
            let value = try eval(item)
            if value.isUnknown { return value }
            if case .text(let text) = value { values.insert(text) }
        }
        return .set(values)
    }

    @inline(never)
    mutating func membership(_ element: Code, _ set: Code, _ negated: Bool, _ site: Int) throws(EvaluationFailure) -> Cell {
        let value = try eval(element)
        if value.isUnknown { return value }
        let container = try eval(set)
        if container.isUnknown { return container }
        guard case .set(let values) = container else { throw failure("`in` needs a choice and a set", site) }
        let contained: Bool
        switch value {
        case .text(let text): contained = Evaluator.contains(values, text)
        case .set(let inner): contained = !inner.isDisjoint(with: values)
        default: throw failure("`in` needs a choice and a set", site)
        }
        return .bool(contained != negated)
    }

    /// Whether a set holds a text. A policy's sets of choices are small: comparing the few strings
    /// is cheaper than hashing one.
    static func contains(_ values: Set<String>, _ text: String) -> Bool {
        values.count <= 8 ? values.contains { $0 == text } : values.contains(text)
    }

    @inline(never)
    mutating func presence(_ operand: Code, _ test: PresenceTest) throws(EvaluationFailure) -> Cell {
        // Whether a fact is given is read where it is, without copying it.
        if case .fact(let slot) = operand, test == .present || test == .absent {
            return .bool(test.holds(unknown: facts[slot].isUnknown, emptyOrUnknown: false))
        }
        let value = try eval(operand)
        return .bool(test.holds(unknown: value.isUnknown, emptyOrUnknown: value.isEmptyOrUnknown))
    }

    @inline(never)
    mutating func withDimension(_ inner: Code, _ dimension: Dimension) throws(EvaluationFailure) -> Cell {
        let value = try eval(inner)
        if case .number(let number, _) = value { return .number(number, dimension) }
        return value
    }

    /// Three-valued `and` / `or`: false and unknown is false; true or unknown is true.
    mutating func logical(_ left: Code, _ right: Code, _ site: Int, isAnd: Bool) throws(EvaluationFailure) -> Cell {
        var pending: MissingFacts?
        for side in 0..<2 {
            switch try truth(side == 0 ? left : right, site) {
            case .bool(let value):
                if value != isAnd { return .bool(value) }
            case .unknown(let paths):
                pending = pending.map { $0.union(paths) } ?? paths
            default: break
            }
        }
        if let pending { return .unknown(pending) }
        return .bool(isAnd)
    }

    mutating func binary(_ op: BinaryOperator, _ left: Code, _ right: Code, _ site: Int) throws(EvaluationFailure) -> Cell {
        let a = try eval(left)
        if a.isUnknown { return a }
        let b = try eval(right)
        if b.isUnknown { return b }
        // Matched one side at a time: a tuple of the two values would copy both.
        if case .number(let x, let dx) = a, case .number(let y, let dy) = b {
            switch op {
            case .add: return .number(try arithmetic(site) { try x.adding(y) }, dx)
            case .subtract: return .number(try arithmetic(site) { try x.subtracting(y) }, dx)
            case .multiply: return .number(try arithmetic(site) { try x.multiplied(by: y) }, dx.isMoney ? dx : dy)
            case .divide: return .number(try arithmetic(site) { try x.divided(by: y) }, dx == dy ? .plain : dx)
            default:
                guard let result = Evaluator.compare(op, x, y) else { throw failure("unsupported operator", site) }
                return .bool(result)
            }
        }
        if case .date(let x) = a, case .date(let y) = b {
            guard let result = Evaluator.compare(op, x, y) else { throw failure("dates can only be compared", site) }
            return .bool(result)
        }
        switch op {
        case .equal: return .bool(a == b)
        case .notEqual: return .bool(a != b)
        default: throw failure("`\(op.rawValue)` needs numbers", site)
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

    mutating func call(_ builtin: Builtin.ID, _ arguments: [Code], _ site: Int) throws(EvaluationFailure) -> Cell {
        // The arguments' values go on the evaluator's stack of them, kept from one call to the
        // next: a call allocates nothing. A nested call pushes above and takes its own off.
        let base = argumentStack.count
        // (Taken off one by one: removing a range goes through the standard library's general
        // path for replacing a range, which cost more than the two or three values a call has.)
        defer { while argumentStack.count > base { argumentStack.removeLast() } }
        for argument in arguments {
            let value = try eval(argument)
            if value.isUnknown { return value }
            argumentStack.append(value)
        }
        return try apply(builtin, values: base..<argumentStack.count, site)
    }

    /// A built-in applied to the arguments' values, `argumentStack[values]`.
    mutating func apply(_ builtin: Builtin.ID, values: Range<Int>, _ site: Int) throws(EvaluationFailure) -> Cell {
        let first = values.lowerBound
        // The name and the place are only needed for a message or a trace step: the place of a
        // site without a trace label is rendered anew each time it is asked for.
        var name: String { Builtin.table[builtin.rawValue].name }
        var location: String { program.sites[site].location }
        func number(_ index: Int) throws(EvaluationFailure) -> (ExactDecimal, Dimension) {
            guard index < values.count, case .number(let value, let dimension) = argumentStack[first + index] else { throw failure("`\(name)` needs numbers", site) }
            return (value, dimension)
        }
        switch builtin {
        case .min, .max:
            // The numbers compared: the items of a single list argument (its other items left
            // out), else every argument, each of which must be a number.
            var chosen: (ExactDecimal, Dimension)?
            var count = 0
            let list: [Cell]?
            if values.count == 1, case .list(let items) = argumentStack[first] { list = items } else { list = nil }
            for index in 0..<(list?.count ?? values.count) {
                let candidate: (ExactDecimal, Dimension)
                if let list {
                    guard case .number(let v, let d) = list[index] else { continue }
                    candidate = (v, d)
                } else {
                    candidate = try number(index)
                }
                count += 1
                if let current = chosen, builtin == .min ? !(candidate.0 < current.0) : !(candidate.0 > current.0) { continue }
                chosen = candidate
            }
            guard let chosen else { return .number(.zero, .plain) }
            if count > 1 && recording {
                var inputs: [Cell] = []
                if let list {
                    for case .number(let v, let d) in list { inputs.append(.number(v, d)) }
                } else {
                    inputs = Array(argumentStack[values])
                }
                let result = Cell.number(chosen.0, chosen.1)
                record(.cap, location, "\(name)(\(inputs.map(\.display).joined(separator: ", "))) = \(result.display)",
                       .extremum(function: name, inputs: inputs, result: result))
            }
            return .number(chosen.0, chosen.1)
        case .clamp:
            let (x, d) = try number(0)
            let (low, _) = try number(1)
            let (high, _) = try number(2)
            let result = min(max(x, low), high)
            if result != x {
                if recording {
                    let cells = (Cell.number(x, d), Cell.number(low, d), Cell.number(high, d), Cell.number(result, d))
                    record(.cap, location, "clamp(\(cells.0.display)) to [\(cells.1.display), \(cells.2.display)] = \(cells.3.display)",
                           .clamp(value: cells.0, low: cells.1, high: cells.2, result: cells.3))
                }
            }
            return .number(result, d)
        case .addYears:
            guard case .date(let day) = argumentStack[first], values.count > 1, case .number(let count, _) = argumentStack[first + 1], let years = count.exactInt else {
                throw failure("`add_years` needs a date and a whole number of years", site)
            }
            guard let moved = day.addingYears(years) else {
                throw failure("`add_years` moves \(day) by \(count) years, past the calendar's years 1–9999", site)
            }
            return .date(moved)
        case .year:
            guard case .date(let day) = argumentStack[first] else { throw failure("`year` needs a date", site) }
            return .number(ExactDecimal(day.year), .plain)
        case .count:
            switch argumentStack[first] {
            case .list(let items): return .number(ExactDecimal(items.count), .plain)
            case .set(let items): return .number(ExactDecimal(items.count), .plain)
            default: throw failure("`count` needs a list", site)
            }
        case .sum:
            guard case .list(let items) = argumentStack[first] else { throw failure("`sum` needs a list", site) }
            var total = ExactDecimal.zero
            var dimension = Dimension.plain
            for case .number(let value, let d) in items {
                total = try arithmetic(site) { try total.adding(value) }
                dimension = d
            }
            return .number(total, dimension)
        case .take:
            guard case .list(let items) = argumentStack[first], values.count > 1, case .number(let count, _) = argumentStack[first + 1], let n = count.exactInt else {
                throw failure("`take` needs a list and a whole number", site)
            }
            return .list(Array(items.prefix(max(0, n))))
        case .prior:
            return .money(clause.flatMap { received($0) } ?? .zero)
        }
    }

    /// An aggregate over a list, folded as its items are read: only `group` keeps them, and the
    /// numbers folded are kept only for a trace step. Every item is read before the answer, so
    /// an unknown or a failure in a later item wins over an answer (or an overflow) reached sooner.
    mutating func aggregate(_ aggregate: CompiledAggregate) throws(EvaluationFailure) -> Cell {
        let site = aggregate.site
        let source = try eval(aggregate.source)
        if source.isUnknown { return source }
        guard case .list(let items) = source else { throw failure("`\(aggregate.kind.rawValue)` needs a list", site) }
        let slot = frame + aggregate.variable
        while variables.count <= slot { variables.append(.bool(false)) }
        let saved = variables[slot]
        defer { variables[slot] = saved }
        let kind = aggregate.kind
        var selected: [Cell] = []
        var results: [Cell] = []
        var count = 0
        // `any` and `all`: the first result that decides, or that is not a condition.
        var decision: Bool?
        var notCondition = false
        // `sum`, `max` and `min`: the numbers among the results.
        var value: ExactDecimal?
        var dimension = aggregate.zeroDimension
        var numbers: [Cell] = []
        var numberCount = 0
        var overflow: EvaluationFailure?
        for item in items {
            variables[slot] = item
            if let filter = aggregate.filter {
                if explain {
                    switch try truth(filter, site) {
                    case .bool(false): continue
                    case .unknown(let paths): return .unknown(paths)
                    default: break
                    }
                } else {
                    // Without a trace, decided without a value.
                    var missing = MissingFacts()
                    switch try decided(filter, site, &missing) {
                    case .no: continue
                    case .unknown: return .unknown(missing)
                    case .yes: break
                    }
                }
            }
            count += 1
            var result = item
            if let body = aggregate.body {
                result = try eval(body)
                if result.isUnknown { return result }
            }
            switch kind {
            case .group:
                selected.append(item)
                results.append(result)
            case .count:
                break
            case .any, .all:
                guard decision == nil && !notCondition else { break }
                if case .bool(let b) = result {
                    if b == (kind == .any) { decision = b }
                } else {
                    notCondition = true
                }
            case .sum, .max, .min:
                guard case .number(let number, let d) = result else { break }
                numberCount += 1
                if recording { numbers.append(result) }
                // The first number gives the answer's dimension.
                if value == nil { dimension = d }
                fold(kind, number, into: &value, &overflow, site)
            }
        }
        switch kind {
        case .group:
            var keys: [Cell] = []
            var groups: [Cell: [Cell]] = [:]
            for (item, key) in zip(selected, results) {
                if groups[key] == nil { keys.append(key) }
                groups[key, default: []].append(item)
            }
            let sourceText = program.sites[site].source
            return .list(keys.enumerated().map { index, key in
                .record(RecordCell(path: "\(sourceText)[group \(index + 1)]", fields: [key, .list(groups[key] ?? [])]))
            })
        case .count: return .number(ExactDecimal(count), .plain)
        case .any, .all:
            if notCondition { throw failure("`\(kind.rawValue)` needs conditions", site) }
            return .bool(decision ?? (kind == .all))
        case .sum, .max, .min:
            if let overflow { throw overflow }
            guard let value else { return .number(.zero, dimension) }
            if (numberCount > 1 || kind == .sum) && recording {
                let result = Cell.number(value, dimension), source = program.sites[site].source
                record(.value, program.sites[site].location,
                       "\(kind.rawValue) over \(numberCount) of \(items.count) item\(items.count == 1 ? "" : "s") of `\(source)`: \(numbers.map(\.display).joined(separator: ", ")) → \(result.display)",
                       .aggregate(function: kind.rawValue, counted: numberCount, items: items.count, expression: source, values: numbers, result: result))
            }
            return .number(value, dimension)
        }
    }

    /// Folds `number` into the answer so far of a `sum`, `max` or `min` (`value`, nil before the
    /// first number). A sum that overflows keeps its failure in `overflow` and adds no more: it
    /// is thrown once every item is read.
    func fold(_ kind: AggregateKind, _ number: ExactDecimal, into value: inout ExactDecimal?, _ overflow: inout EvaluationFailure?, _ site: Int) {
        switch kind {
        case .sum:
            guard overflow == nil else { return }
            let total = value ?? .zero
            do throws(EvaluationFailure) {
                value = try arithmetic(site) { try total.adding(number) }
            } catch {
                overflow = error
            }
        case .max: if value.map({ number > $0 }) ?? true { value = number }
        default: if value.map({ number < $0 }) ?? true { value = number }
        }
    }

    mutating func brackets(_ subject: Code, _ arms: [CompiledArm], _ otherwise: Code?, _ site: Int) throws(EvaluationFailure) -> Cell {
        let value = try eval(subject)
        if value.isUnknown { return value }
        guard case .number(let number, let dimension) = value else { throw failure("a bracket needs a number", site) }
        // Each arm's parts read where they are, not the arm copied whole with its texts.
        for index in arms.indices {
            if let lower = arms[index].lower {
                let bound = try eval(lower)
                if bound.isUnknown { return bound }
                guard case .number(let low, _) = bound else { continue }
                if arms[index].lowerInclusive ? number < low : number <= low { continue }
            }
            if let upper = arms[index].upper {
                let bound = try eval(upper)
                if bound.isUnknown { return bound }
                guard case .number(let high, _) = bound else { continue }
                if arms[index].upperInclusive ? number > high : number >= high { continue }
            }
            let armSite = arms[index].site
            exercise(program.sites[armSite].key)
            if recording {
                record(.bracket, program.sites[armSite].location, "`\(program.sites[site].source)` = \(value.display) falls in \(arms[index].text)",
                       .bracket(expression: program.sites[site].source, value: value, arm: arms[index].text))
            }
            return try eval(arms[index].result)
        }
        if let otherwise { return try eval(otherwise) }
        if recording {
            record(.bracket, program.sites[site].location, "`\(program.sites[site].source)` = \(Cell.number(number, dimension).display) falls in no bracket",
                   .noBracket(expression: program.sites[site].source, value: .number(number, dimension)))
        }
        return .money(.zero)
    }
}
