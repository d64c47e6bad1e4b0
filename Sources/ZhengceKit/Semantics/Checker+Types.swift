/// Type inference: every expression gets a type; units, currencies and choices are checked as
/// the types meet.
extension Checker {
    // MARK: Types

    struct Scope {
        var document: Document
        var program: Program
        var clause: String?
        var locals: [String: ValueType] = [:]
        /// Where each local name is declared, for the symbol index.
        var localDeclarations: [String: Span] = [:]

        init(document: Document, program: Program) {
            self.document = document
            self.program = program
        }

        mutating func declareLocal(_ name: Name, _ type: ValueType, in symbols: inout SymbolIndex) {
            locals[name.value] = type
            localDeclarations[name.value] = name.span
            symbols.declare(.local(name: name.value, declaration: name.span), at: name.span)
        }
    }

    mutating func expectType(_ expected: ValueType, _ expression: ExprNode, _ scope: inout Scope, _ what: String) {
        let type = infer(expression, &scope)
        if type != .unknown && type != expected {
            diagnostics.add(.typeMismatch, "\(what) must be \(expected), but this is \(type)", at: expression.span)
        }
    }

    mutating func infer(_ node: ExprNode, _ scope: inout Scope) -> ValueType {
        switch node.value {
        case .error: return .unknown
        case .number(_, let dimension, _):
            return .quantity(dimension)
        case .bool: return .bool
        case .date: return .date
        case .text: return .text(choices: nil)
        case .name(let name): return lookup(name, node.span, &scope)
        case .field(let base, let name):
            let baseType = infer(base, &scope)
            if baseType == .unknown { return .unknown }
            guard case .record(let fields) = baseType else {
                diagnostics.add(.unknownField, "\(baseType) has no fields, so `.\(name)` does not apply", at: node.span)
                return .unknown
            }
            let nameSpan = Span(file: node.span.file, start: node.span.end - name.unicodeScalars.count, end: node.span.end)
            guard let field = fields.first(where: { $0.name == name }) else {
                diagnostics.add(.unknownField, "no field `\(name)` in this record", at: node.span,
                                help: Suggest.closest(to: name, among: fields.map(\.name)).map { "did you mean `\($0)`?" }
                                    ?? "the fields are " + fields.map { "`\($0.name)`" }.joined(separator: ", "))
                return .unknown
            }
            symbols.use(.field(document: scope.document.id, name: name), at: nameSpan)
            return field.type
        case .index(let base, let index):
            let baseType = infer(base, &scope)
            expectQuantity(index, &scope, .plain, "an index")
            if case .list(let element) = baseType { return element }
            if baseType != .unknown { diagnostics.add(.typeMismatch, "only a list can be indexed, but this is \(baseType)", at: base.span) }
            return .unknown
        case .negate(let operand):
            let type = infer(operand, &scope)
            if type != .unknown && type.dimension == nil {
                diagnostics.add(.typeMismatch, "`-` needs a number, but this is \(type)", at: operand.span)
                return .unknown
            }
            return type
        case .not(let operand):
            expectType(.bool, operand, &scope, "the operand of `not`")
            return .bool
        case .binary(let op, let left, let right): return inferBinary(op, left, right, node.span, &scope)
        case .conditional(let then, let condition, let otherwise):
            expectType(.bool, condition, &scope, "the condition of `if`")
            let a = infer(then, &scope)
            let b = infer(otherwise, &scope)
            return unify(a, b, at: otherwise.span, "both branches of `if … else`")
        case .call(let name, let arguments): return inferCall(name, arguments, node.span, &scope)
        case .clauseAmount(let ref):
            let documentID = ref.value.document ?? scope.document.id
            let id = ClauseID(ref.value, in: scope.document.id).description
            if scope.program.clauses[id] == nil {
                if scope.program.document(documentID) == nil && ref.value.document != nil {
                    diagnostics.add(.exclusionDocumentNotLoaded, "document `\(documentID)` is not loaded, so `amount(\(id))` counts as 0", at: ref.span,
                                    help: "check the policies together: `zhengce check policies/`")
                } else {
                    let candidates = scope.program.clauses.keys.filter { $0.hasPrefix(documentID + ":") }.map { String($0.dropFirst(documentID.count + 1)) }
                    diagnostics.add(.unknownClause, "no clause `\(id)`", at: ref.span,
                                    help: Suggest.closestLabel(to: ref.value.label, among: candidates).map { "did you mean `\($0)`?" })
                }
            } else {
                symbols.use(.clause(id), at: ref.span)
                if let clause = scope.clause { references[clause, default: []].append((id, ref.span)) }
            }
            return .money
        case .aggregate(let kind, let variable, let source, let filter, let body):
            let sourceType = infer(source, &scope)
            var inner = scope
            _ = rejectBuiltinName(variable)
            if case .list(let element) = sourceType {
                inner.declareLocal(variable, element, in: &symbols)
            } else {
                if sourceType != .unknown { diagnostics.add(.typeMismatch, "`\(kind.rawValue)(… in …)` needs a list, but this is \(sourceType)", at: source.span) }
                inner.declareLocal(variable, .unknown, in: &symbols)
            }
            if let filter { expectType(.bool, filter, &inner, "a `where` filter") }
            let bodyType = body.map { infer($0, &inner) }
            switch kind {
            case .count:
                // `count` counts the items its `where` keeps; a value per item would be read for
                // nothing, and `count(x in list: condition)` counts every item.
                if let body {
                    diagnostics.add(.syntax, "`count(x in list …)` takes no `: expression`; it counts the items its `where` keeps",
                                    at: body.span, help: "write `count(x in list where condition)`")
                }
                return .plain
            case .group:
                guard case .list(let element) = sourceType, let bodyType else { return .unknown }
                return .list(.record([RecordField(name: "key", type: bodyType, input: .none), RecordField(name: "items", type: .list(element), input: .none)]))
            case .any, .all:
                if let body, let bodyType, bodyType != .bool, bodyType != .unknown {
                    diagnostics.add(.typeMismatch, "`\(kind.rawValue)` needs a condition, but this is \(bodyType)", at: body.span)
                }
                return .bool
            case .sum, .max, .min:
                guard let bodyType else {
                    if case .list(let element) = sourceType, element.dimension != nil { return element }
                    diagnostics.add(.syntax, "`\(kind.rawValue)(x in list …)` needs `: expression` giving the value of each item", at: node.span)
                    return .unknown
                }
                if let body, bodyType != .unknown && bodyType.dimension == nil {
                    diagnostics.add(.typeMismatch, "`\(kind.rawValue)` needs numbers, but this is \(bodyType)", at: body.span)
                    return .unknown
                }
                return bodyType
            }
        case .brackets(let subject, let arms, let otherwise): return inferBrackets(subject, arms, otherwise, &scope)
        case .steps(let form): return inferSteps(form, &scope)
        case .yearly(let form): return inferYearly(form, &scope)
        case .setLiteral(let items):
            for item in items {
                let type = infer(item, &scope)
                if case .text = type { continue }
                if type != .unknown { diagnostics.add(.typeMismatch, "a set holds choice values in quotes, but this is \(type)", at: item.span) }
            }
            return .set(choices: [])
        case .membership(let element, let set, _):
            let elementType = infer(element, &scope)
            let setType = infer(set, &scope)
            // `kind in {"a", "b"}`: the literals must be values of `kind`; `"a" in certs`: the
            // literal must be a value of the set fact `certs`.
            checkChoiceLiterals(against: elementType, in: set)
            if case .set(let choices) = setType, !choices.isEmpty {
                if case .text = elementType {} else if elementType != .unknown {
                    diagnostics.add(.typeMismatch, "only a choice value can be looked up in a set, but this is \(elementType)", at: element.span)
                }
                checkChoiceLiterals(against: .text(choices: choices), in: element)
            }
            return .bool
        case .presence(let operand, _):
            _ = infer(operand, &scope)
            return .bool
        }
    }

    mutating func lookup(_ name: String, _ span: Span, _ scope: inout Scope) -> ValueType {
        if let type = scope.locals[name] {
            if let declared = scope.localDeclarations[name] { symbols.use(.local(name: name, declaration: declared), at: span) }
            return type
        }
        if let fact = scope.document.facts[name] {
            usedFacts.insert(FactUse(document: scope.document.id, name: name))
            symbols.use(.fact(document: scope.document.id, name: name), at: span)
            return fact.type
        }
        if let definition = scope.document.definitions[name] {
            symbols.use(.definition(document: scope.document.id, name: name), at: span)
            return definitionType(definition, in: scope.document, for: scope.clause)
        }
        if BuiltinName(rawValue: name) != nil { symbols.use(.builtin(name), at: span) }
        switch BuiltinName(rawValue: name) {
        case .asOf?: return .date
        case .priorReceived?: return .money
        case nil: break
        }
        let known = scope.program.facts[name] != nil
        diagnostics.add(.unknownFact, "unknown fact `\(name)`", at: span,
                        help: known ? "`\(name)` is declared in another policy file; declare it in this file too (`fact \(name): …`)"
                            : suggestion(forUnknown: name, in: scope).map { "did you mean `\($0)`?" } ?? "declare it with `fact \(name): TYPE \"label\"`")
        return .unknown
    }

    /// The closest known name to an unknown one, computed once per name (the key includes the
    /// clause's local names, which differ between clauses) and for at most
    /// `maxUnknownNameSuggestions` names per check.
    mutating func suggestion(forUnknown name: String, in scope: Scope) -> String? {
        let key = name + "\u{0}" + scope.document.id + "\u{0}" + scope.locals.keys.sorted().joined(separator: ",")
        if let cached = unknownNameSuggestions[key] { return cached }
        guard unknownNameSuggestions.count < Checker.maxUnknownNameSuggestions else { return nil }
        let candidates = Array(scope.locals.keys) + Array(scope.document.facts.keys) + Array(scope.document.definitions.keys) + ["as_of"]
        let found = Suggest.closest(to: name, among: candidates)
        unknownNameSuggestions[key] = found
        return found
    }

    mutating func inferBinary(_ op: BinaryOperator, _ left: ExprNode, _ right: ExprNode, _ span: Span, _ scope: inout Scope) -> ValueType {
        let a = infer(left, &scope)
        let b = infer(right, &scope)
        switch op {
        case .and, .or:
            if a != .unknown && a != .bool { diagnostics.add(.typeMismatch, "`\(op.rawValue)` needs conditions, but this is \(a)", at: left.span) }
            if b != .unknown && b != .bool {
                diagnostics.add(.typeMismatch, "`\(op.rawValue)` needs conditions, but this is \(b)", at: right.span, help: Self.comparisonToRepeat(left, right, op.rawValue))
            }
            return .bool
        case .coalesce:
            return unify(a, b, at: right.span, "both sides of `??`")
        case .equal, .notEqual:
            if case .text(let choices?) = a { checkChoiceLiterals(against: .text(choices: choices), in: right) }
            if case .text(let choices?) = b { checkChoiceLiterals(against: .text(choices: choices), in: left) }
            _ = unify(a, b, at: span, "the two sides of `\(op.rawValue)`")
            return .bool
        case .less, .lessEqual, .greater, .greaterEqual:
            if a == .date || b == .date {
                _ = unify(a, b, at: span, "the two sides of `\(op.rawValue)`")
                return .bool
            }
            _ = compatibleDimensions(a, b, left, right, span, "compare")
            return .bool
        case .add, .subtract:
            return compatibleDimensions(a, b, left, right, span, op == .add ? "add" : "subtract") ?? .unknown
        case .multiply:
            for side in [left, right] {
                if case .number(let value, _, let written) = side.value, written.hasSuffix("%") || written.hasSuffix("％"), value > .one {
                    diagnostics.add(.percentageOutOfRange, "`\(written)` is more than 100% of what it multiplies", at: side.span,
                                    help: "a share of an amount lies between 0% and 100%; check for a misplaced digit")
                }
            }
            guard let x = a.dimension, let y = b.dimension else { return numericOperands(a, b, left, right, "×") }
            do {
                return .quantity(try x.times(y))
            } catch {
                reportUnits(error, x, y, span, "multiply")
                return .unknown
            }
        case .divide:
            // A divisor written as zero fails for every applicant: said now, not at evaluation.
            if case .number(let divisor, _, let written) = right.value, divisor.isZero {
                diagnostics.add(.divisionByZero, "division by zero: the divisor is `\(written)`", at: right.span,
                                help: "divide by a number other than zero; a share of an amount is written as a multiplication (`x * 30%`)")
            }
            guard let x = a.dimension, let y = b.dimension else { return numericOperands(a, b, left, right, "÷") }
            if x == y { return .plain }
            do {
                return .quantity(try x.divided(by: y))
            } catch {
                reportUnits(error, x, y, span, "divide")
                return .unknown
            }
        }
    }

    /// `kind == "a" or "b"`: the comparison written once for two values; the help writes it for
    /// each, or as a membership test.
    static func comparisonToRepeat(_ left: ExprNode, _ right: ExprNode, _ op: String) -> String? {
        // In `a or kind == "a" or "b"` the comparison is the last operand of what comes before.
        var left = left
        while case .binary(let joined, _, let last) = left.value, joined == .and || joined == .or { left = last }
        guard case .binary(.equal, let subject, let first) = left.value, case .text(let value) = first.value, case .text(let other) = right.value,
              let file = subject.span.file else { return nil }
        let name = file.slice(subject.span)
        return "compare each value: `\(name) == \"\(value)\" \(op) \(name) == \"\(other)\"`" + (op == "or" ? ", or `\(name) in {\"\(value)\", \"\(other)\"}`" : "")
    }

    mutating func numericOperands(_ a: ValueType, _ b: ValueType, _ left: ExprNode, _ right: ExprNode, _ op: String) -> ValueType {
        if a == .date && b == .date {
            // `as_of - registration_date >= 3 years`: one error, with the form the language has.
            let later = left.span.text ?? "as_of", earlier = right.span.text ?? "date"
            diagnostics.add(.typeMismatch, "dates are not \(op == "subtract" || op == "-" ? "subtracted" : "used in arithmetic"); a time between two dates is a comparison",
                            at: left.span.to(right.span), help: "for N full years, compare with the earlier date moved by `add_years`: `\(later) >= add_years(\(earlier), N)`")
            return .unknown
        }
        for (type, node) in [(a, left), (b, right)] where type != .unknown && type.dimension == nil {
            diagnostics.add(.typeMismatch, "`\(op)` needs numbers, but this is \(type)", at: node.span)
        }
        return .unknown
    }

    /// Two quantities that may be added or compared: same currency, same unit; a plain literal may
    /// meet a physical unit (`area_m2 >= 3000`) but never money (`premium > 10` is a mistake for `10万`).
    mutating func compatibleDimensions(_ a: ValueType, _ b: ValueType, _ left: ExprNode, _ right: ExprNode, _ span: Span, _ verb: String) -> ValueType? {
        guard let x = a.dimension, let y = b.dimension else {
            _ = numericOperands(a, b, left, right, verb)
            return nil
        }
        if x == y { return a }
        switch (x, y) {
        case (.money(let c1), .money(let c2)):
            diagnostics.add(.currencyMismatch, "cannot \(verb) \(c1.rawValue) and \(c2.rawValue)", at: span,
                            help: "the documents give no exchange rate; compare USD facts with USD amounts such as `2000万美元`")
            return nil
        case (.money, .number), (.number, .money):
            let plainSide = x.isMoney ? right : left
            diagnostics.add(.unitMismatch, "cannot \(verb) money and a plain number", at: span,
                            help: plainSide.value.isLiteral ? "write the money unit on the number, e.g. `\(plainSide.value.written ?? "10")万`" : "both sides must be money")
            return nil
        case (.number(nil), .number), (.number, .number(nil)):
            return x == .plain ? b : a
        case (.number(let u?), .number(let v?)) where PhysicalUnit.durations.contains(u.text) && PhysicalUnit.durations.contains(v.text):
            reportUnits(.durationMismatch(given: v.text, expected: u.text), x, y, span, verb)
            return nil
        default:
            diagnostics.add(.unitMismatch, "cannot \(verb) \(x) and \(y)", at: span)
            return nil
        }
    }

    mutating func unify(_ a: ValueType, _ b: ValueType, at span: Span, _ what: String) -> ValueType {
        if a == .unknown { return b }
        if b == .unknown || a == b { return a }
        switch (a, b) {
        case (.text, .text): return a
        case (.set, .set): return a
        case (.quantity(let x), .quantity(let y)):
            if x == y || (!x.isMoney && !y.isMoney) { return a }
            if case .money(let c1) = x, case .money(let c2) = y {
                diagnostics.add(.currencyMismatch, "\(what) mix \(c1.rawValue) and \(c2.rawValue)", at: span)
            } else {
                // `… else 0` beside money: the literal wants its unit.
                let written = span.text ?? ""
                let plainLiteral = x.isMoney != y.isMoney && ExactDecimal(parsing: Substring(written)) != nil
                diagnostics.add(.unitMismatch, "\(what) mix \(x) and \(y)", at: span, help: plainLiteral ? "write the money unit on the number: `\(written)万`" : nil)
            }
            return .unknown
        case (.date, .text), (.text, .date):
            diagnostics.add(.typeMismatch, "\(what) must have one type, but they are \(a) and \(b)", at: span,
                            help: "a date is written without quotes: `2025-01-01`, not `\"2025-01-01\"`")
            return .unknown
        default:
            diagnostics.add(.typeMismatch, "\(what) must have one type, but they are \(a) and \(b)", at: span)
            return .unknown
        }
    }

    mutating func checkChoiceLiterals(against type: ValueType, in node: ExprNode) {
        guard case .text(let choices?) = type else { return }
        let literals: [ExprNode]
        switch node.value {
        case .text: literals = [node]
        case .setLiteral(let items): literals = items
        default: return
        }
        for literal in literals {
            if case .text(let value) = literal.value, !choices.contains(value) {
                diagnostics.add(.unknownChoice, "`\(value)` is not one of the values this fact can take", at: literal.span,
                                help: Suggest.closest(to: value, among: choices).map { "did you mean `\($0)`?" }
                                    ?? "the values are " + choices.map { "`\($0)`" }.joined(separator: ", "))
            }
        }
    }

    mutating func expectQuantity(_ node: ExprNode, _ scope: inout Scope, _ dimension: Dimension, _ what: String) {
        let type = infer(node, &scope)
        if type != .unknown && type.dimension != dimension && !(type.dimension.map { !$0.isMoney } ?? false) {
            diagnostics.add(.typeMismatch, "\(what) must be \(dimension), but this is \(type)", at: node.span)
        }
    }

    mutating func inferCall(_ name: Name, _ arguments: [ExprNode], _ span: Span, _ scope: inout Scope) -> ValueType {
        let types = arguments.map { infer($0, &scope) }
        guard let builtin = Builtin.named(name.value) else {
            diagnostics.add(.unknownFunction, "unknown function `\(name.value)`", at: name.span,
                            help: Suggest.closest(to: name.value, among: Builtin.names).map { "did you mean `\($0)`?" }
                                ?? "the functions are " + Builtin.names.map { "`\($0)`" }.joined(separator: ", "))
            return .unknown
        }
        symbols.use(.builtin(name.value), at: name.span)
        func arity() -> Bool {
            let range = builtin.arity
            guard range.contains(arguments.count) else {
                diagnostics.add(.argumentCount, "`\(name.value)` takes \(range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) or more") argument\(range.upperBound == 1 ? "" : "s"), not \(arguments.count)", at: span)
                return false
            }
            return true
        }
        switch builtin.id {
        case .min, .max:
            guard arity() else { return .unknown }
            if arguments.count == 1 {
                if case .list(let element) = types[0] { return element }
                return types[0]
            }
            var result = types[0]
            for (type, node) in zip(types.dropFirst(), arguments.dropFirst()) {
                result = compatibleDimensions(result, type, arguments[0], node, span, name.value) ?? .unknown
            }
            return result
        case .clamp:
            guard arity() else { return .unknown }
            var result = compatibleDimensions(types[0], types[1], arguments[0], arguments[1], span, "clamp") ?? .unknown
            result = compatibleDimensions(result, types[2], arguments[0], arguments[2], span, "clamp") ?? .unknown
            if let (low, _) = arguments[1].constant, let (high, _) = arguments[2].constant, high < low {
                diagnostics.add(.capBelowFloor, "the upper limit of `clamp` is below its lower limit", at: arguments[2].span)
            }
            return result
        case .addYears:
            guard arity() else { return .unknown }
            if types[0] != .date && types[0] != .unknown { diagnostics.add(.typeMismatch, "`add_years` needs a date first, but this is \(types[0])", at: arguments[0].span) }
            return .date
        case .year:
            guard arity() else { return .unknown }
            if types[0] != .date && types[0] != .unknown { diagnostics.add(.typeMismatch, "`year` needs a date, but this is \(types[0])", at: arguments[0].span) }
            return .plain
        case .count:
            guard arity() else { return .unknown }
            return .plain
        case .sum:
            guard arity() else { return .unknown }
            if case .list(let element) = types[0], element.dimension != nil { return element }
            if types[0] != .unknown { diagnostics.add(.typeMismatch, "`sum` needs a list of numbers, but this is \(types[0])", at: arguments[0].span) }
            return .unknown
        case .take:
            guard arity() else { return .unknown }
            return types[0]
        case .prior:
            guard arity() else { return .unknown }
            return .money
        }
    }

    mutating func inferBrackets(_ subject: ExprNode, _ arms: [BracketArm], _ otherwise: ExprNode?, _ scope: inout Scope) -> ValueType {
        let subjectType = infer(subject, &scope)
        var result: ValueType = .unknown
        var bounds: [(low: ExactDecimal?, lowIn: Bool, high: ExactDecimal?, highIn: Bool, span: Span)] = []
        for arm in arms {
            for bound in [arm.lower, arm.upper].compactMap({ $0 }) {
                let boundType = infer(bound, &scope)
                _ = compatibleDimensions(subjectType, boundType, subject, bound, bound.span, "compare")
            }
            let armType = infer(arm.result, &scope)
            result = unify(result, armType, at: arm.result.span, "the amounts of a bracket's arms")
            let low = arm.lower?.constant?.0
            let high = arm.upper?.constant?.0
            if (arm.lower == nil || low != nil) && (arm.upper == nil || high != nil) {
                bounds.append((low, arm.lowerInclusive, high, arm.upperInclusive, arm.span))
            }
        }
        if let otherwise { result = unify(result, infer(otherwise, &scope), at: otherwise.span, "the amounts of a bracket's arms") }
        checkArmOrder(bounds, dimension: subjectType.dimension ?? .plain)
        checkStepThresholds(arms)
        return result
    }

    mutating func checkArmOrder(_ arms: [(low: ExactDecimal?, lowIn: Bool, high: ExactDecimal?, highIn: Bool, span: Span)], dimension: Dimension) {
        func show(_ value: ExactDecimal) -> String { Value.number(value, dimension).asWritten }
        for arm in arms {
            if let low = arm.low, let high = arm.high, high < low || (high == low && !(arm.lowIn && arm.highIn)) {
                diagnostics.add(.unorderedArms, "this arm's upper bound is not above its lower bound, so no value falls in it", at: arm.span)
            }
        }
        for (previous, next) in zip(arms, arms.dropFirst()) {
            // A bound written `∞` in the middle of the table is usually a bound left out, not an
            // arm in the wrong place: the fix is to write the bound.
            guard let previousHigh = previous.high else {
                diagnostics.add(.overlappingArms, "this arm overlaps the one before it, whose upper bound is `∞` (no upper bound)", at: next.span,
                                help: next.low.map { "only the last arm can be open-ended; write where the arm before ends, e.g. `\(show($0))`, where this one starts" }
                                    ?? "only the last arm can be open-ended; write where the arm before ends")
                continue
            }
            guard let nextLow = next.low else {
                diagnostics.add(.unorderedArms, "this arm's lower bound is `∞` (no lower bound), which only the first arm can have", at: next.span,
                                help: "write where this arm starts, e.g. `\(show(previousHigh))`, where the arm before ends")
                continue
            }
            if nextLow < previousHigh {
                if let previousLow = previous.low, nextLow < previousLow {
                    diagnostics.add(.unorderedArms, "bracket arms must run from the lowest to the highest", at: next.span,
                                    help: "move this arm above the one before it")
                } else {
                    diagnostics.add(.overlappingArms, "this arm overlaps the one before it", at: next.span,
                                    help: "make the arms meet exactly, e.g. `[1亿, 5亿)` then `[5亿, 10亿)`")
                }
            } else if nextLow == previousHigh {
                if previous.highIn && next.lowIn {
                    diagnostics.add(.overlappingArms, "the bound \(show(nextLow)) is included by both this arm and the one before it", at: next.span,
                                    help: "decide which arm holds the bound (含): close one side with `)` or open the other with `(`")
                } else if !previous.highIn && !next.lowIn {
                    diagnostics.add(.gapBetweenArms, "the bound \(show(nextLow)) itself falls in no arm", at: next.span,
                                    help: "include it on one side with `]` or `[` unless the document leaves it out on purpose")
                }
            } else {
                diagnostics.add(.gapBetweenArms, "values between this arm and the one before it fall in no arm", at: next.span,
                                help: "leave the gap only if the document does")
            }
        }
    }
}

