/// Turns a checked, error-free program into its compiled form. Names resolve lexically, as the
/// checker typed them (docs/language.md, "Scope"): an aggregate's variable, then the clause's own
/// `let`s written before the expression (all of them, for conditions and amounts), then the
/// document's facts, then the document's definitions, then `as_of` and `prior_received`. A
/// document definition sees only the document's facts, definitions and the built-in names.
struct Compiler {
    var out = CompiledProgram()
    let program: Program
    /// Per document: fact name → slot, definition name → index.
    var factSlots: [[String: Int]] = []
    var definitionIndex: [[String: Int]] = []
    let definitionTypes: [String: ValueType]

    struct Scope {
        var document: Int
        var locals: [String: (index: Int, type: ValueType)] = [:]
        var variables: [(name: String, type: ValueType)] = []
        /// What the expression being compiled reads: definitions, clause locals, and whether it
        /// depends on the clause reading it.
        var definitionsRead: Set<Int> = []
        var localsRead: Set<Int> = []
        var volatile = false
    }

    static func compile(_ program: Program, definitionOrder: [(String, String)], definitionTypes: [String: ValueType]) -> CompiledProgram {
        var compiler = Compiler(program: program, definitionTypes: definitionTypes)
        compiler.run(definitionOrder)
        return compiler.out
    }

    init(program: Program, definitionTypes: [String: ValueType]) {
        self.program = program
        self.definitionTypes = definitionTypes
    }

    mutating func run(_ definitionOrder: [(String, String)]) {
        let documentIndex = Dictionary(program.documents.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        out.factPaths = Compiler.factPaths(program)
        for document in program.documents {
            var slots: [String: Int] = [:]
            for (name, info) in document.facts.sorted(by: { $0.key < $1.key }) {
                slots[name] = out.facts.count
                out.slotsByName[name, default: []].append(out.facts.count)
                let absent = (info.defaultValue ?? info.type.absentDefault).map { Compiler.cell($0, info.type) }
                    ?? .unknown(MissingFacts(path: name, in: out.factPaths))
                out.facts.append(FactSlot(name: name, type: info.type, absent: absent, document: factSlots.count))
            }
            factSlots.append(slots)
            definitionIndex.append([:])
        }
        var index = 0
        for document in program.documents {
            for id in document.clauseIDs {
                out.clauseIndex[id] = index
                index += 1
            }
        }
        // Definitions in an order where each comes after those it reads.
        for (documentID, name) in definitionOrder {
            guard let d = documentIndex[documentID], let definition = program.documents[d].definitions[name] else { continue }
            var scope = Scope(document: d)
            let (code, _) = compile(definition.expression, &scope)
            let volatile = scope.volatile || scope.definitionsRead.contains { out.definitions[$0].volatile }
            definitionIndex[d][name] = out.definitions.count
            if volatile { out.volatileDefinitions.append(out.definitions.count) }
            let type = definitionTypes["\(documentID).\(name)"] ?? .unknown
            let conditionSite = type == .bool ? site(definition.expression) : nil
            out.definitions.append(CompiledDefinition(document: d, name: name, code: code, type: type, conditionSite: conditionSite,
                                                      dependencies: scope.definitionsRead.sorted(), volatile: volatile))
        }
        let sharingACap = Set(program.sharedCaps.flatMap(\.members))
        for (d, document) in program.documents.enumerated() {
            var eligibility: [CompiledCondition] = []
            for condition in document.header.eligibility {
                var scope = Scope(document: d)
                eligibility.append(compileCondition(condition, &scope))
            }
            var clauses: [Int] = []
            var gated: [GatedClause] = []
            var gateTexts: [String] = []
            var gateTests: [OneFactTest] = []
            let eligibilityGates = eligibility.map { EligibilityGate($0.code, definitions: out.definitions, tests: &gateTests, texts: &gateTexts) }
            for id in document.clauseIDs {
                guard let clause = program.clauses[id] else { continue }
                clauses.append(out.clauses.count)
                out.clauses.append(compileClause(clause, document: d, sharesACap: sharingACap.contains(id)))
                let amountless = clause.kind == .benefit || clause.kind == .noAmount
                let conditions = out.clauses[out.clauses.count - 1].conditions
                if let first = conditions.first, let test = OneFactTest(first.condition.code, definitions: out.definitions, texts: &gateTexts) {
                    gated.append(GatedClause(clause: out.clauses.count - 1, test: test, applies: first.applies))
                }
                out.gates.append(ClauseGate(document: d, reportsAmount: !amountless, survivesExpiry: clause.survivesExpiry,
                                            validityStated: !document.validity.notStated,
                                            takenWhenOpen: amountless && conditions.isEmpty ? clause.kind : nil))
            }
            out.documents.append(CompiledDocument(id: document.id, number: document.number, title: document.title, validity: document.validity,
                                                  validityText: document.validity.described, rounding: document.rounding,
                                                  validityLocation: document.header.validity?.span.location, headerLocation: document.header.span.location,
                                                  eligibility: eligibility, clauses: clauses,
                                                  takenWhenOpen: clauses.filter { out.gates[$0].takenWhenOpen != nil },
                                                  gatedByOneFact: gated, gateTexts: gateTexts,
                                                  eligibilityGates: eligibilityGates, gateTests: gateTests))
        }
        out.order = program.evaluationOrder.compactMap { out.clauseIndex[$0] }
        for (position, index) in out.order.enumerated() {
            let document = out.gates[index].document
            if let last = out.orderRuns.last, last.document == document {
                out.orderRuns[out.orderRuns.count - 1].positions = last.positions.lowerBound..<position + 1
            } else {
                out.orderRuns.append(OrderRun(document: document, positions: position..<position + 1))
            }
        }
        out.survivingClauses = out.documents.map { document in document.clauses.contains { out.gates[$0].survivesExpiry } }
        for exclusion in program.exclusions {
            out.exclusions.append(CompiledExclusion(members: exclusion.members.map { $0.compactMap { out.clauseIndex[$0] } },
                                                    mode: exclusion.mode, tie: exclusion.tie, article: exclusion.article,
                                                    location: exclusion.declaration.span.location,
                                                    key: CoverageKey(.exclusion, exclusion.declaration.span)))
        }
        for cap in program.sharedCaps {
            let members = cap.members.compactMap { out.clauseIndex[$0] }
            out.sharedCaps.append(CompiledSharedCap(members: members, limit: cap.limit, reduction: cap.reduction, article: cap.article,
                                                    location: cap.declaration.span.location,
                                                    text: "\(Value.displayMoney(cap.limit, .cny)) over \(cap.members.joined(separator: " + "))",
                                                    key: CoverageKey(.sharedCap, cap.declaration.span)))
        }
        let exclusions = out.exclusions.map { ($0.mode == .over ? RuleWeighs.precedence : .twoGranted, $0.members) }
        for (weighs, _) in exclusions where !out.exclusionsWeigh.contains(weighs) { out.exclusionsWeigh.append(weighs) }
        let rules = exclusions + out.sharedCaps.map { (RuleWeighs.anyGranted, $0.members.map { [$0] }) }
        for (weighs, members) in rules {
            let documents = Set(members.joined().map { out.gates[$0].document })
            out.rules.append(RuleGate(weighs: weighs, members: out.ruleMembers.count, document: documents.count == 1 ? documents.first : nil))
            out.ruleMembers.append(members.count)
            for member in members { out.ruleMembers += [member.count] + member }
        }
    }

    // MARK: Clauses

    mutating func compileClause(_ clause: Clause, document d: Int, sharesACap: Bool) -> CompiledClause {
        let declaration = clause.declaration
        var locals: [CompiledLocal] = []
        var conditions: [(applies: Bool, condition: CompiledCondition)] = []
        var steps: [AmountStep] = []
        var scope = Scope(document: d)
        // Each `let` sees the ones written before it; conditions and amounts see them all.
        for case .local(let definition) in declaration.statements {
            scope.localsRead = []
            let (code, type) = compile(definition.expression, &scope)
            let index = locals.count
            locals.append(CompiledLocal(name: definition.name.value, code: code, site: labelled(definition.expression), label: definition.label,
                                                 dependencies: scope.localsRead.sorted()))
            scope.locals[definition.name.value] = (index, type)
        }
        var localIndex = 0
        for statement in declaration.statements {
            switch statement {
            case .agency, .unspecified, .survivesExpiry: break
            case .applies(let expression):
                conditions.append((true, compileCondition(Condition(expression: expression, label: nil), &scope)))
            case .when(let condition):
                conditions.append((false, compileCondition(condition, &scope)))
            case .local:
                steps.append(.local(localIndex))
                localIndex += 1
            case .amount(let expression), .assessed(let expression):
                let code = compile(expression, &scope).0
                steps.append(.amount(code, site: site(expression, notes: &scope)))
            case .cap(let expression, let capScope, let label):
                let code = compile(expression, &scope).0
                steps.append(.cap(code, capScope, label: label, site: labelled(expression, key: CoverageKey(.cap, expression.span))))
            case .floor(let expression, let label):
                let code = compile(expression, &scope).0
                steps.append(.floor(code, label: label, site: labelled(expression, key: CoverageKey(.floor, expression.span))))
            case .schedule(let schedule, let condition, let portion):
                let plan: CompiledSchedule
                switch schedule.value {
                case .equal(let count): plan = .equal(count)
                case .shares(let shares): plan = .shares(shares.map { compile($0, &scope).0 })
                }
                let conditionCode = condition.map { compile($0, &scope).0 }
                let portionCode = portion.map { compile($0, &scope).0 }
                steps.append(.schedule(plan, condition: conditionCode, portion: portionCode,
                                                site: labelled(Located(.error, schedule.span))))
            }
        }
        return CompiledClause(id: clause.clauseID, idText: clause.id, document: d, kind: clause.kind, article: clause.article,
                              survivesExpiry: clause.survivesExpiry, location: declaration.span.location, conditions: conditions, locals: locals,
                              steps: steps, coverage: CoverageKey(clause: clause.clauseID), sharesACap: sharesACap)
    }

    mutating func compileCondition(_ condition: Condition, _ scope: inout Scope) -> CompiledCondition {
        let code = compile(condition.expression, &scope).0
        // The parts of `a and b and …` and their code, taken from the code of the whole (an `and`
        // compiles to `.and` of its sides' code), walked beside the syntax so that each part is
        // the code of its own node: compiled once, not again on its own.
        var conjuncts: [(ExprNode, Code)] = []
        var pending = [(condition.expression, code)]
        while let (node, compiled) = pending.popLast() {
            if case .binary(.and, let a, let b) = node.value, case .and(let left, let right, _) = compiled {
                pending.append((b, right))
                pending.append((a, left))
            } else {
                conjuncts.append((node, compiled))
            }
        }
        let whole = site(condition.expression, notes: &scope)
        let parts = conjuncts.count == 1 ? [(code, whole)] : conjuncts.map { node, compiled in (compiled, site(node, notes: &scope)) }
        let plain = "\(condition.label.map { "\($0): " } ?? "")`\(out.sites[whole].source)` is false"
        return CompiledCondition(code: code, site: whole, label: condition.label, plainReason: plain, conjuncts: parts)
    }

    // MARK: Sites

    /// A site only a failure message names: its text is rendered when needed.
    mutating func site(_ node: ExprNode, key: CoverageKey? = nil) -> Int {
        out.sites.append(Site(span: node.span, labelled: false, key: key))
        return out.sites.count - 1
    }

    /// A site the trace shows: its location and text are computed now.
    mutating func labelled(_ node: ExprNode, key: CoverageKey? = nil) -> Int {
        out.sites.append(Site(span: node.span, labelled: true, key: key))
        return out.sites.count - 1
    }

    /// A site with the notes of the facts the expression reads.
    mutating func site(_ node: ExprNode, notes scope: inout Scope) -> Int {
        let index = labelled(node)
        var names: [String] = []
        Compiler.collectNames(node, &names)
        var notes: [(String, Code)] = []
        let saved = (scope.definitionsRead, scope.localsRead, scope.volatile)
        for name in names {
            let pieces = Compiler.pathParts(name)
            var (code, type) = resolve(pieces[0], Located(.name(pieces[0]), node.span), &scope)
            for piece in pieces.dropFirst() { (code, type) = field(code, type, piece, index) }
            notes.append((name, code))
        }
        (scope.definitionsRead, scope.localsRead, scope.volatile) = saved
        out.sites[index].notes = notes
        return index
    }

    /// The bounds of a bracket arm as written (`[1亿, 5亿)`): its source up to `=>`, without the
    /// spaces and tabs around it.
    static func armBounds(_ source: String) -> String {
        var scalars = Substring(source).unicodeScalars
        var end = scalars.startIndex
        while end < scalars.endIndex {
            let next = scalars.index(after: end)
            if scalars[end] == "=", next < scalars.endIndex, scalars[next] == ">" { break }
            end = next
        }
        scalars = scalars[scalars.startIndex..<end]
        func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator }
        while let first = scalars.first, isSpace(first) { scalars.removeFirst() }
        while let last = scalars.last, isSpace(last) { scalars.removeLast() }
        return String(scalars)
    }

    /// The source text of a span on one line.
    static func source(_ span: Span) -> String {
        guard let file = span.file else { return "…" }
        let lower = min(max(0, span.start), file.scalars.count)
        let upper = max(lower, min(file.scalars.count, span.end))
        let scalars = file.scalars[lower..<upper]
        guard !scalars.isEmpty else { return "" }
        // Each run of spaces and line breaks becomes one space, none at either end; a scalar
        // takes at most four bytes.
        return String(unsafeUninitializedCapacity: 4 * scalars.count) { buffer in
            var index = 0
            var space = false
            for scalar in scalars {
                if scalar == " " || scalar == "\n" {
                    space = index > 0
                    continue
                }
                if space {
                    buffer[index] = 0x20
                    index += 1
                    space = false
                }
                index = ScalarText.write(scalar, to: buffer, at: index)
            }
            return index
        }
    }

    static func collectNames(_ node: ExprNode, _ names: inout [String]) {
        switch node.value {
        case .name(let name):
            if !names.contains(name) { names.append(name) }
        case .field:
            if let path = fieldPath(node), !names.contains(path) { names.append(path) }
        case .binary(_, let a, let b), .membership(let a, let b, _):
            collectNames(a, &names); collectNames(b, &names)
        case .not(let a), .negate(let a), .presence(let a, _):
            collectNames(a, &names)
        case .conditional(let a, let b, let c):
            collectNames(a, &names); collectNames(b, &names); collectNames(c, &names)
        case .call(_, let arguments):
            for argument in arguments { collectNames(argument, &names) }
        case .brackets(let subject, _, _):
            collectNames(subject, &names)
        case .steps(let form):
            collectNames(form.quantity, &names)
        default: break
        }
    }

    /// A dotted path's names (`office.area_m2` → `office`, `area_m2`), split on its UTF-8 rather
    /// than character by character (a name is ASCII, so no `.` joins another character).
    static func pathParts(_ path: String) -> [String] {
        // Most paths are one name.
        guard path.utf8.contains(UInt8(ascii: ".")) else { return path.isEmpty ? [] : [path] }
        return path.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: true).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The dotted path a name or a chain of fields spells (`office.area_m2`), nil for any other
    /// expression: what the compiler's notes and the analyses' constraints are keyed by.
    static func fieldPath(_ node: ExprNode) -> String? {
        switch node.value {
        case .name(let name): return name
        case .field(let base, let name): return fieldPath(base).map { $0 + "." + name }
        default: return nil
        }
    }

    // MARK: Expressions

    mutating func resolve(_ name: String, _ node: ExprNode, _ scope: inout Scope) -> (Code, ValueType) {
        if let position = scope.variables.lastIndex(where: { $0.name == name }) {
            return (.variable(position), scope.variables[position].type)
        }
        if let local = scope.locals[name] {
            scope.localsRead.insert(local.index)
            return (.local(local.index), local.type)
        }
        if let slot = factSlots[scope.document][name] { return (.fact(slot), out.facts[slot].type) }
        if let index = definitionIndex[scope.document][name] {
            scope.definitionsRead.insert(index)
            return (.definition(index), out.definitions[index].type)
        }
        switch BuiltinName(rawValue: name) {
        case .asOf?: return (.asOf, .date)
        case .priorReceived?:
            scope.volatile = true
            return (.priorReceived, .money)
        case nil: return (.failure("unknown name `\(name)`", site: site(node)), .unknown)
        }
    }

    mutating func field(_ base: Code, _ type: ValueType, _ name: String, _ site: Int) -> (Code, ValueType) {
        guard case .record(let fields) = type, let index = fields.firstIndex(where: { $0.name == name }) else {
            return (.failure("`.\(name)` needs a record", site: site), .unknown)
        }
        var missing: MissingFacts?
        if case .fact(let slot) = base { missing = MissingFacts(path: "\(out.facts[slot].name).\(name)", in: out.factPaths) }
        return (.field(base, index: index, name: name, site: site, missing: missing), fields[index].type)
    }

    /// Every fact's path and every declared field of a record fact, as a record read from the
    /// input names its fields (`\(record.path).\(field)`).
    static func factPaths(_ program: Program) -> FactPaths {
        var paths: [String] = []
        for document in program.documents {
            for (name, info) in document.facts {
                paths.append(name)
                if case .record(let fields) = info.type { paths += fields.map { "\(name).\($0.name)" } }
            }
        }
        return FactPaths(paths)
    }

    mutating func compile(_ node: ExprNode, _ scope: inout Scope) -> (Code, ValueType) {
        switch node.value {
        case .error: return (.failure("the expression has an error", site: site(node)), .unknown)
        case .number(let value, let dimension, _):
            switch dimension {
            case .money(.cny): return (.money(value), .quantity(dimension))
            case .number(unit: nil): return (.plainNumber(value), .quantity(dimension))
            default: return (.constant(.number(value, dimension)), .quantity(dimension))
            }
        case .bool(let value): return (.truth(value), .bool)
        case .date(let day): return (.constant(.date(day)), .date)
        case .text(let text): return (.constant(.text(text)), .text(choices: nil))
        case .name(let name): return resolve(name, node, &scope)
        case .field(let base, let name):
            let (code, type) = compile(base, &scope)
            return field(code, type, name, site(node))
        case .index(let base, let index):
            let (code, type) = compile(base, &scope)
            let element: ValueType
            if case .list(let inner) = type { element = inner } else { element = .unknown }
            // The site's text is the list's, for the missing path `list[n]`.
            return (.index(code, compile(index, &scope).0, site: site(base)), element)
        case .negate(let operand):
            let (code, type) = compile(operand, &scope)
            return (.negate(code, site: site(node)), type)
        case .not(let operand):
            return (.not(compile(operand, &scope).0, site: site(node)), .bool)
        case .binary(let op, let left, let right):
            let (a, leftType) = compile(left, &scope)
            let (b, rightType) = compile(right, &scope)
            switch op {
            case .and: return (.and(a, b, site: site(node)), .bool)
            case .or: return (.or(a, b, site: site(node)), .bool)
            case .coalesce: return (.coalesce(a, b), leftType == .unknown ? rightType : leftType)
            case .multiply, .divide: return Compiler.withUnits(op, .binary(op, a, b, site: site(node)), leftType, rightType)
            default: return (.binary(op, a, b, site: site(node)), leftType)
            }
        case .conditional(let then, let condition, let otherwise):
            let (a, type) = compile(then, &scope)
            let c = compile(condition, &scope).0
            let (b, otherType) = compile(otherwise, &scope)
            return (.conditional(then: a, condition: c, otherwise: b, site: site(node)), type == .unknown ? otherType : type)
        case .call(let name, let arguments):
            let compiled = arguments.map { compile($0, &scope) }
            guard let builtin = Builtin.named(name.value) else { return (.failure("unknown function `\(name.value)`", site: site(node)), .unknown) }
            if builtin.id == .prior { scope.volatile = true }
            var type: ValueType = compiled.first?.1 ?? .money
            if builtin.id == .min || builtin.id == .max, compiled.count == 1, case .list(let element) = type { type = element }
            return (.call(builtin.id, compiled.map(\.0), site: labelled(node)), type)
        case .clauseAmount(let reference):
            scope.volatile = true
            let id = ClauseID(reference.value, in: program.documents[scope.document].id).description
            guard let index = out.clauseIndex[id] else { return (.constant(.money(.zero)), .money) }
            return (.clauseAmount(index, site: labelled(node)), .money)
        case .aggregate(let kind, let variable, let source, let filter, let body):
            let (sourceCode, sourceType) = compile(source, &scope)
            var element: ValueType = .unknown
            if case .list(let inner) = sourceType { element = inner }
            scope.variables.append((variable.value, element))
            let position = scope.variables.count - 1
            let filterCode = filter.map { compile($0, &scope).0 }
            let bodyCode = body.map { compile($0, &scope) }
            scope.variables.removeLast()
            // The dimension of an empty sum: money unless the body is plainly a count.
            var zero = Dimension.money(.cny)
            if let body {
                if case .number(_, let dimension, _) = body.value { zero = dimension }
            } else {
                zero = .plain
            }
            let type: ValueType
            switch kind {
            case .count: type = .plain
            case .any, .all: type = .bool
            case .group: type = .list(.record([RecordField(name: "key", type: bodyCode?.1 ?? .unknown, input: .none),
                                               RecordField(name: "items", type: sourceType, input: .none)]))
            case .sum, .max, .min: type = bodyCode?.1 ?? element
            }
            let aggregate = CompiledAggregate(kind: kind, variable: position, source: sourceCode, filter: filterCode, body: bodyCode?.0,
                                              site: labelled(source), zeroDimension: zero)
            // The aggregate's own location for its trace step.
            out.sites[aggregate.site].location = node.span.location
            return (.aggregate(aggregate), type)
        case .brackets(let subject, let arms, let otherwise):
            let (subjectCode, _) = compile(subject, &scope)
            var type: ValueType = .unknown
            var compiledArms: [CompiledArm] = []
            for arm in arms {
                let (result, resultType) = compile(arm.result, &scope)
                if type == .unknown { type = resultType }
                let text = Compiler.armBounds(Compiler.source(arm.span))
                compiledArms.append(CompiledArm(lower: arm.lower.map { compile($0, &scope).0 }, lowerInclusive: arm.lowerInclusive,
                                                upper: arm.upper.map { compile($0, &scope).0 }, upperInclusive: arm.upperInclusive,
                                                result: result, site: labelled(Located(.error, arm.span), key: CoverageKey(.arm, arm.span)),
                                                text: text))
            }
            let otherwiseCode = otherwise.map { compile($0, &scope) }
            if type == .unknown, let otherType = otherwiseCode?.1 { type = otherType }
            let subjectSite = labelled(subject)
            out.sites[subjectSite].location = node.span.location
            return (.brackets(subject: subjectCode, arms: compiledArms, otherwise: otherwiseCode?.0, site: subjectSite), type)
        case .steps(let form):
            let (increment, type) = compile(form.increment, &scope)
            let quantity = compile(form.quantity, &scope).0
            let step = compile(form.step, &scope).0
            let threshold = compile(form.threshold, &scope).0
            // The site's text is the quantity's, for the trace; its location the form's.
            let site = labelled(form.quantity, key: CoverageKey(.step, node.span))
            out.sites[site].location = node.span.location
            return (.steps(increment: increment, step: step, quantity: quantity, threshold: threshold, site: site), type)
        case .yearly(let form): return compileYearly(form, node, &scope)
        case .setLiteral(let items):
            // A set of quoted values is built once, here, not at every evaluation.
            var texts: Set<String> = []
            for item in items {
                guard case .text(let text) = item.value else { return (.setLiteral(items.map { compile($0, &scope).0 }), .set(choices: [])) }
                texts.insert(text)
            }
            return (.constant(.set(texts)), .set(choices: []))
        case .membership(let element, let set, let negated):
            return (.membership(compile(element, &scope).0, compile(set, &scope).0, negated: negated, site: site(node)), .bool)
        case .presence(let operand, let test):
            return (.presence(compile(operand, &scope).0, test), .bool)
        }
    }

    // MARK: Values

    /// An input value in the compiled layout: records positional, in the order the type declares.
    static func cell(_ value: Value, _ type: ValueType) -> Cell {
        switch value {
        case .bool(let b): return .bool(b)
        case .number(let n, let d): return .number(n, d)
        case .date(let day): return .date(day)
        case .text(let text): return .text(text)
        case .set(let values): return .set(values)
        case .list(let items):
            var element = ValueType.unknown
            if case .list(let inner) = type { element = inner }
            return .list(items.map { cell($0, element) })
        case .record(let record):
            guard case .record(let fields) = type else { return .record(RecordCell(path: record.path, fields: [])) }
            return .record(RecordCell(path: record.path, fields: fields.map { field in record.fields[field.name].map { cell($0, field.type) } }))
        }
    }
}

extension Validity {
    /// `from 2025-01-01 until 2028-12-31`, as messages and reports show it.
    public var described: String {
        if notStated { return "not stated in the source" }
        let from = start.map { "from \($0)" } ?? "from publication"
        let until = lastDay.map { " until \($0)" } ?? " with no end date"
        return from + until
    }
}
