/// Resolves names, checks types, units and currencies, and checks the structure of a set of policy
/// files (brackets, schedules, caps, references, exclusions) before any applicant is seen.
public struct Checker {
    var diagnostics = DiagnosticBag()
    var program = Program()
    /// Clause → the clauses its amount refers to, for cycle detection and evaluation order.
    var references: [String: [(String, Span)]] = [:]
    /// The facts some expression reads, by document.
    var usedFacts: Set<FactUse> = []
    /// Every resolved name and where it is written; kept apart from `program` while checking, which
    /// scopes copy, and moved into it at the end.
    var symbols = SymbolIndex()
    /// "Did you mean" for unknown names, once per name and scope size; past
    /// `maxUnknownNameSuggestions` different names the checker stops suggesting, so a file full of
    /// unknown names costs time linear in its size.
    var unknownNameSuggestions: [String: String?] = [:]
    static let maxUnknownNameSuggestions = 256
    /// Document-level definitions (`document.name`), each inferred once: its type and the clause
    /// amounts it refers to, which count for every clause that uses it.
    var definitionTypes: [String: ValueType] = [:]
    var definitionReferences: [String: [(String, Span)]] = [:]
    /// The definitions being inferred, innermost last, to reject definitions that refer to each other.
    var definitionsInProgress: [String] = []
    /// Every document definition (`document`, `name`), each after the definitions it reads.
    var definitionOrder: [(String, String)] = []
    /// Facts that files declare differently, with the declaration most files agree on.
    var factAgreements: [String: FactAgreement] = [:]

    public static func check(_ files: [(SourceFile, PolicyFile)]) -> (Program, DiagnosticBag) {
        var checker = Checker()
        checker.run(files)
        return (checker.program, checker.diagnostics)
    }

    mutating func run(_ files: [(SourceFile, PolicyFile)]) {
        var documents: [(Document, PolicyFile)] = []
        for (source, tree) in files {
            if let document = declareDocument(source, tree) { documents.append((document, tree)) }
        }
        factAgreements = Checker.factAgreements(documents.map { ($0.0.path, $0.1) })
        for index in documents.indices { declareFacts(&documents[index].0, documents[index].1) }
        for index in documents.indices { declareClauses(&documents[index].0, documents[index].1) }
        program.documents = documents.map(\.0)
        for (document, tree) in documents {
            for definition in orderDefinitions(tree.definitions, in: document) { _ = definitionType(definition, in: document, for: nil) }
            for condition in tree.header?.eligibility ?? [] {
                var scope = Scope(document: document, program: program)
                expectType(.bool, condition.expression, &scope, "an eligibility condition")
            }
            for clause in tree.clauses { checkClause(clause, in: document) }
        }
        for (document, tree) in documents {
            for exclusion in tree.exclusions { declareExclusion(exclusion, in: document) }
            for cap in tree.sharedCaps { declareSharedCap(cap, in: document) }
            reportUnusedFacts(document, tree)
        }
        orderClauses()
        program.symbols = symbols
        if !diagnostics.hasErrors {
            program.compilation = (definitionOrder, definitionTypes)
            program.compiled = Compiler.compile(program, definitionOrder: definitionOrder, definitionTypes: definitionTypes)
        }
    }

    // MARK: Declarations

    mutating func declareDocument(_ source: SourceFile, _ tree: PolicyFile) -> Document? {
        guard let header = tree.header else {
            diagnostics.add(.missingHeader, "`\(source.path)` has no `policy` header", at: Span(file: source, start: 0, end: 1),
                            help: "start the file with `policy ID { number \"…\" title \"…\" valid from … }`")
            return nil
        }
        if let other = program.documents.first(where: { $0.id == header.id.value }) ?? nil {
            diagnostics.add(.duplicateDocument, "document `\(header.id.value)` is also declared in `\(other.path)`", at: header.id.span)
            return nil
        }
        var validity = header.validity?.value ?? Validity(start: nil, end: .open)
        if let located = header.validity, let start = validity.start, let last = validity.lastDay, last < start {
            diagnostics.add(.validityReversed, "validity ends on \(last) before it starts on \(start)", at: located.span,
                            help: "check the order of the dates")
            validity = Validity(start: start, end: .open)
        }
        if let located = header.validity, located.value.notStated {
            diagnostics.add(.validityNotStated, "the source states no validity: `\(header.id.value)` is taken as in force on any day, and every result says that its dates are not stated",
                            at: located.span, help: "when the dates become known, write `valid from YYYY-MM-DD until YYYY-MM-DD`")
        }
        // A header entry that could not be parsed, already reported, may be the validity.
        if header.validity == nil && !header.recovered {
            diagnostics.add(.missingHeader, "document `\(header.id.value)` does not say when it is in force", at: header.id.span,
                            help: "add `valid from YYYY-MM-DD until YYYY-MM-DD` (or `for N years`, or `not stated` when the source gives no dates)")
        }
        let document = Document(id: header.id.value, path: source.path, header: header, validity: validity,
                                rounding: header.rounding?.value ?? .standard)
        program.documents.append(document)
        return document
    }

    mutating func declareFacts(_ document: inout Document, _ tree: PolicyFile) {
        for declaration in tree.facts {
            let name = declaration.name.value
            if rejectBuiltinName(declaration.name) { continue }
            if document.facts[name] != nil {
                diagnostics.add(.duplicateName, "fact `\(name)` is declared twice in this file", at: declaration.name.span)
                continue
            }
            let (type, input) = resolve(declaration.type.value, at: declaration.type.span)
            var info = FactInfo(name: name, type: type, input: input, defaultValue: nil, label: declaration.label,
                                span: declaration.name.span, syntax: declaration.type.value)
            if let expression = declaration.defaultValue {
                info.defaultValue = constantValue(expression, as: type, input: input)
            }
            if let agreed = factAgreements[name], agreed.shape != Checker.shape(info.syntax) {
                let also = agreed.others == 0 ? "" : " (and \(agreed.others) other file\(agreed.others == 1 ? "" : "s"))"
                diagnostics.add(.conflictingFactTypes, "fact `\(name)` is declared as \(describe(info.syntax)) here but as \(describe(agreed.syntax)) in `\(agreed.path)`\(also)",
                                at: declaration.type.span, help: "a fact has one type in every policy file; declare it the same way here")
            } else if program.facts[name] == nil {
                program.facts[name] = info
            }
            document.facts[name] = info
            symbols.declare(.fact(document: document.id, name: name), at: declaration.name.span)
        }
        declareImplications(&document, tree)
        for definition in tree.definitions {
            if rejectBuiltinName(definition.name) { continue }
            if document.facts[definition.name.value] != nil || document.definitions[definition.name.value] != nil {
                diagnostics.add(.duplicateName, "`\(definition.name.value)` is already declared in this file", at: definition.name.span)
                continue
            }
            document.definitions[definition.name.value] = definition
            symbols.declare(.definition(document: document.id, name: definition.name.value), at: definition.name.span)
        }
        if let index = program.documents.firstIndex(where: { $0.id == document.id }) { program.documents[index] = document }
    }

    /// `fact B: bool implied by A`: A must be a fact of the same file and B a bool. The implication
    /// is about the applicant, so it holds in every document that reads B.
    mutating func declareImplications(_ document: inout Document, _ tree: PolicyFile) {
        for declaration in tree.facts {
            guard let implying = declaration.impliedBy, document.facts[declaration.name.value] != nil else { continue }
            guard case .bool = declaration.type.value else {
                diagnostics.add(.typeMismatch, "only a bool fact can be `implied by` another fact; `\(declaration.name.value)` is \(describe(declaration.type.value))",
                                at: implying.span, help: "remove `implied by \(implying.value)`, or declare the fact as `bool`")
                continue
            }
            guard implying.value != declaration.name.value else {
                diagnostics.add(.syntax, "`\(implying.value)` cannot imply itself", at: implying.span, help: "name the fact whose presence makes this one true")
                continue
            }
            guard document.facts[implying.value] != nil else {
                diagnostics.add(.unknownFact, "`\(implying.value)` is not a fact declared in this file", at: implying.span,
                                help: Suggest.closest(to: implying.value, among: document.facts.keys).map { "did you mean `\($0)`?" })
                continue
            }
            // The implying fact is read for the implication, so it counts as used.
            usedFacts.insert(FactUse(document: document.id, name: implying.value))
            symbols.use(.fact(document: document.id, name: implying.value), at: implying.span)
            document.facts[declaration.name.value]?.impliedBy = implying.value
            program.facts[declaration.name.value]?.impliedBy = implying.value
        }
    }

    mutating func declareClauses(_ document: inout Document, _ tree: PolicyFile) {
        for declaration in tree.clauses {
            let clauseID = ClauseID(document: document.id, label: declaration.label.value)
            let id = clauseID.description
            if program.clauses[id] != nil {
                diagnostics.add(.duplicateClause, "clause `\(id)` is declared twice", at: declaration.label.span,
                                help: "give each clause its own label, e.g. `\(declaration.label.value)b`")
                continue
            }
            if declaration.citation == nil {
                diagnostics.add(.missingArticle, "clause `\(id)` does not cite the article it encodes", at: declaration.label.span,
                                help: "add the citation after the title, e.g. `(第二条（一）)`")
            }
            program.clauses[id] = Clause(clauseID: clauseID, document: document.id, declaration: declaration, kind: kind(of: declaration, id: id))
            document.clauseIDs.append(id)
            symbols.declare(.clause(id), at: declaration.label.span)
        }
        if let index = program.documents.firstIndex(where: { $0.id == document.id }) { program.documents[index] = document }
    }

    mutating func kind(of declaration: ClauseDecl, id: String) -> ClauseKind {
        var kinds: [(ClauseKind, Span)] = []
        for statement in declaration.statements {
            switch statement {
            case .amount(let expression): kinds.append((.monetary, expression.span))
            case .assessed(let expression): kinds.append((.assessed, expression.span))
            case .unspecified(let word): kinds.append((.noAmount, word.span))
            default: break
            }
        }
        if declaration.isBenefit {
            if let (_, span) = kinds.first {
                diagnostics.add(.syntax, "benefit `\(id)` grants no money, so it takes no `amount`", at: span,
                                help: "declare it with `clause` if the document gives an amount")
            }
            return .benefit
        }
        guard let (kind, _) = kinds.first else {
            // A statement that could not be parsed, already reported, may be its amount.
            if !declaration.recovered {
                diagnostics.add(.syntax, "clause `\(id)` has no `amount`", at: declaration.label.span,
                                help: "add `amount …`, `amount assessed …` or `amount unspecified`, or declare it with `benefit`")
            }
            return .noAmount
        }
        for (_, span) in kinds.dropFirst() {
            diagnostics.add(.syntax, "clause `\(id)` has more than one `amount`", at: span, help: "combine them into one expression")
        }
        return kind
    }

    /// A type with its labels and defaults left out and its choices sorted: what must agree when
    /// two files declare the same fact.
    static func shape(_ syntax: TypeSyntax) -> String {
        switch syntax {
        case .choice(let values): return "choice{\(values.sorted().joined(separator: ","))}"
        case .setOf(let values): return "set{\(values.sorted().joined(separator: ","))}"
        case .listOf(let element): return "list(\(shape(element)))"
        case .signed(let inner): return "signed(\(shape(inner)))"
        case .record(let fields): return "record{" + fields.map { "\($0.name):\(shape($0.type))" }.sorted().joined(separator: ",") + "}"
        case .money(let unit): return "money(\(unit == "万" ? "万元" : unit))"
        // Spelt out rather than printed by reflection, which costs more than the rest of the check.
        case .number(let unit): return unit.map { "number(unit: Optional(\($0.debugDescription)))" } ?? "number(unit: nil)"
        case .bool: return "bool"
        case .percent: return "percent"
        case .count: return "count"
        case .date: return "date"
        case .text: return "text"
        }
    }

    func describe(_ syntax: TypeSyntax) -> String {
        switch syntax {
        case .bool: return "`bool`"
        case .money(let unit): return "`money in \(unit)`"
        case .number(let unit): return unit.map { "`number in \"\($0)\"`" } ?? "`number`"
        case .percent: return "`percent`"
        case .count: return "`count`"
        case .date: return "`date`"
        case .text: return "`text`"
        case .choice: return "a `choice`"
        case .setOf: return "a `set of choice`"
        case .listOf(let element): return "`list of` \(describe(element))"
        case .signed(let inner): return "`signed` \(describe(inner))"
        case .record: return "a `record`"
        }
    }

    mutating func resolve(_ syntax: TypeSyntax, at span: Span) -> (ValueType, InputUnit) {
        switch syntax {
        case .bool: return (.bool, .none)
        case .money(let unitName):
            var parts = unitName.split(separator: "/").map(String.init)
            let unit = MoneyUnit.named(parts.isEmpty ? unitName : parts.removeFirst()) ?? .wan
            if !parts.isEmpty { return (.quantity(.price(unit.currency, per: UnitName(parts.joined(separator: "/")))), .money(unit)) }
            return (.quantity(.money(unit.currency)), .money(unit))
        case .number(let unit): return (.quantity(.number(unit: unit.map { UnitName(PhysicalUnit.canonical($0)) })), .none)
        case .percent: return (.plain, .percent)
        case .count: return (.plain, .none)
        case .date: return (.date, .none)
        case .text: return (.text(choices: nil), .none)
        case .choice(let values): return (.text(choices: values), .none)
        case .setOf(let values): return (.set(choices: values), .none)
        case .listOf(let element):
            let (type, input) = resolve(element, at: span)
            return (.list(type), input)
        case .signed(let inner): return resolve(inner, at: span)
        case .record(let fields):
            var resolved: [RecordField] = []
            for field in fields {
                let (type, input) = resolve(field.type, at: span)
                let defaultValue = field.defaultValue.flatMap { constantValue($0, as: type, input: input) }
                resolved.append(RecordField(name: field.name, type: type, input: input, defaultValue: defaultValue, label: field.label))
            }
            return (.record(resolved), .none)
        }
    }

    /// The value of a literal default, read as input of the fact's unit would be (`= 0` on a money
    /// fact in 万元 is zero; `= 1` on a count is one).
    mutating func constantValue(_ expression: ExprNode, as type: ValueType, input: InputUnit) -> Value? {
        switch (expression.value, type) {
        case (.bool(let value), .bool): return .bool(value)
        case (.text(let text), .text(let choices)):
            if let choices, !choices.contains(text) {
                diagnostics.add(.unknownChoice, "`\(text)` is not one of the declared values", at: expression.span,
                                help: Suggest.closest(to: text, among: choices).map { "did you mean `\($0)`?" })
            }
            return .text(text)
        case (.date(let day), .date): return .date(day)
        case (.number(let value, let dimension, _), .quantity(let target)):
            if case .money = dimension { return dimension == target ? .number(value, dimension) : nil }
            switch input {
            case .money(let unit): return (try? value.multiplied(by: unit.factor)).map { .number($0, target) }
            case .percent: return (try? value.divided(by: ExactDecimal(100))).map { .number($0, target) }
            case .none: return .number(value, target)
            }
        default:
            diagnostics.add(.typeMismatch, "the default value must be a literal of type \(type)", at: expression.span)
            return nil
        }
    }

    // MARK: Clauses

    mutating func checkClause(_ declaration: ClauseDecl, in document: Document) {
        let id = ClauseID(document: document.id, label: declaration.label.value).description
        guard program.clauses[id] != nil else { return }
        var scope = Scope(document: document, program: program)
        scope.clause = id
        var caps: [(ExprNode, ExactDecimal?)] = []
        var floors: [(ExprNode, ExactDecimal?)] = []
        // A clause's `let`s are visible to all its statements, so conditions may use them.
        for case .local(let definition) in declaration.statements { checkLocal(definition, &scope) }
        for statement in declaration.statements {
            switch statement {
            case .agency, .unspecified, .survivesExpiry, .local: break
            case .applies(let expression): expectType(.bool, expression, &scope, "`applies when`")
            case .when(let condition): expectType(.bool, condition.expression, &scope, "a condition")
            case .amount(let expression), .assessed(let expression):
                checkAmount(expression, &scope)
            case .cap(let expression, _, _):
                checkAmount(expression, &scope, cap: true)
                caps.append((expression, expression.constant?.0))
            case .floor(let expression, _):
                checkAmount(expression, &scope)
                floors.append((expression, expression.constant?.0))
            case .schedule(let schedule, let condition, let portion):
                checkSchedule(schedule, &scope)
                if let portion { checkAmount(portion, &scope) }
                if let condition { expectType(.bool, condition, &scope, "a schedule condition") }
            }
        }
        for (floor, floorValue) in floors {
            for (cap, capValue) in caps {
                if let floorValue, let capValue, capValue < floorValue {
                    diagnostics.add(.capBelowFloor, "cap \(cap.value.written ?? "") is below the floor \(floor.value.written ?? "")", at: cap.span,
                                    help: "a range such as `10-50万` is `floor 10万` and `cap 50万`")
                }
            }
        }
    }

    /// An amount (or, with `cap`, a cap's limit) must be money in CNY.
    mutating func checkAmount(_ expression: ExprNode, _ scope: inout Scope, cap: Bool = false) {
        let type = infer(expression, &scope)
        guard type != .unknown else { return }
        guard case .quantity(.money(let currency)) = type else {
            var help = "write the unit on the number, e.g. `50万`"
            if case .quantity(.price(_, let per)) = type {
                help = "a price per \(per) is money once multiplied by what it is per (an area, a number of days, months or years)"
                // `cap 50万/年`, as the documents write a yearly limit.
                if cap, per == "年", case .number(_, _, let written) = expression.value, written.hasSuffix("/年") {
                    help = "a cap for each year is written `cap \(written.dropLast(2)) per year`"
                }
            }
            diagnostics.add(.typeMismatch, "an amount must be money, but this is \(type)", at: expression.span, help: help)
            return
        }
        if currency != .cny {
            diagnostics.add(.amountCurrency, "the amount is in \(currency.rawValue) but the document pays in CNY", at: expression.span,
                            help: "grants are paid in 万元; write the amount in `万` or `元`")
        }
    }

    mutating func checkSchedule(_ schedule: Located<ScheduleSyntax>, _ scope: inout Scope) {
        guard case .shares(let shares) = schedule.value else { return }
        var total = ExactDecimal.zero
        for share in shares {
            guard let (value, dimension) = share.constant, dimension == .plain else {
                diagnostics.add(.typeMismatch, "a schedule share must be a percentage such as `40%`", at: share.span)
                return
            }
            total = (try? total.adding(value)) ?? total
        }
        if total != .one {
            let percent = (try? total.multiplied(by: ExactDecimal(100)))?.formatted() ?? "?"
            diagnostics.add(.scheduleSum, "the schedule's parts sum to \(percent)%, not 100%", at: schedule.span,
                            help: "make the parts add up to 100%, e.g. `40% / 30% / 30%`")
        }
    }

    /// A name that would hide `as_of` or `prior_received` makes every use of it ambiguous, so it is
    /// rejected wherever it is declared.
    mutating func rejectBuiltinName(_ name: Name) -> Bool {
        guard BuiltinName(rawValue: name.value) != nil else { return false }
        diagnostics.add(.duplicateName, "`\(name.value)` is a built-in name", at: name.span,
                        help: "choose another name; `\(name.value)` always means the built-in value")
        return true
    }

    /// A clause's own `let`: its type joins the clause's scope.
    mutating func checkLocal(_ definition: Definition, _ scope: inout Scope) {
        let type = infer(definition.expression, &scope)
        if rejectBuiltinName(definition.name) { return }
        if scope.locals[definition.name.value] != nil || scope.document.facts[definition.name.value] != nil {
            diagnostics.add(.duplicateName, "`\(definition.name.value)` is already declared", at: definition.name.span)
        }
        scope.declareLocal(definition.name, type, in: &symbols)
    }

    /// A document's definitions in an order where each comes after the ones it reads, found
    /// without recursion so that a chain of thousands of definitions is no deeper than one. A cycle
    /// is reported once (Z401) and its members are typed `unknown`.
    mutating func orderDefinitions(_ definitions: [Definition], in document: Document) -> [Definition] {
        var reads: [String: [String]] = [:]
        for definition in definitions {
            var names: [String] = []
            Checker.namesRead(definition.expression, bound: [], &names)
            reads[definition.name.value] = names.filter { document.definitions[$0] != nil && document.facts[$0] == nil }
        }
        var state: [String: Int] = [:]  // 1 on the path, 2 done
        var order: [Definition] = []
        for root in definitions where state[root.name.value] == nil {
            var path: [(name: String, next: Int)] = [(root.name.value, 0)]
            state[root.name.value] = 1
            while let (name, next) = path.last {
                let targets = reads[name] ?? []
                if next < targets.count {
                    path[path.count - 1].next += 1
                    let target = targets[next]
                    if state[target] == 1 {
                        let names = path.map(\.name)
                        let start = names.firstIndex(of: target) ?? 0
                        let cycle = (names[start...] + [target]).joined(separator: " → ")
                        if let definition = document.definitions[target] {
                            diagnostics.add(.referenceCycle, "definitions refer to each other in a cycle: \(cycle)", at: definition.name.span,
                                            help: "a `let` may use another `let` only if that one does not use it")
                        }
                        for member in names[start...] { definitionTypes["\(document.id).\(member)"] = .unknown }
                    } else if state[target] == nil {
                        state[target] = 1
                        path.append((target, 0))
                    }
                    continue
                }
                path.removeLast()
                state[name] = 2
                if let definition = document.definitions[name] {
                    order.append(definition)
                    definitionOrder.append((document.id, name))
                }
            }
        }
        return order
    }

    /// The plain names an expression reads, leaving out the variables of its aggregates.
    static func namesRead(_ node: ExprNode, bound: [String], _ names: inout [String]) {
        switch node.value {
        case .name(let name):
            if !bound.contains(name) && !names.contains(name) { names.append(name) }
        case .aggregate(_, let variable, let source, let filter, let body):
            namesRead(source, bound: bound, &names)
            let inner = bound + [variable.value]
            if let filter { namesRead(filter, bound: inner, &names) }
            if let body { namesRead(body, bound: inner, &names) }
        default:
            SyntaxWalk.children(of: node) { namesRead($0, bound: bound, &names) }
        }
    }

    /// The type of a document-level `let`, inferred once; the clause amounts it refers to are
    /// credited to `clause`. Definitions that refer to each other are a cycle (Z401).
    mutating func definitionType(_ definition: Definition, in document: Document, for clause: String?) -> ValueType {
        let key = "\(document.id).\(definition.name.value)"
        if let type = definitionTypes[key] {
            if let clause { references[clause, default: []] += definitionReferences[key] ?? [] }
            return type
        }
        if let start = definitionsInProgress.firstIndex(of: key) {
            let cycle = (definitionsInProgress[start...] + [key]).map { String($0.dropFirst(document.id.count + 1)) }.joined(separator: " → ")
            diagnostics.add(.referenceCycle, "definitions refer to each other in a cycle: \(cycle)", at: definition.name.span,
                            help: "a `let` may use another `let` only if that one does not use it")
            return .unknown
        }
        if definitionTypes[key] == nil {
            definitionsInProgress.append(key)
            var scope = Scope(document: document, program: program)
            scope.clause = "let " + key
            definitionTypes[key] = infer(definition.expression, &scope)
            definitionReferences[key] = references.removeValue(forKey: "let " + key) ?? []
            definitionsInProgress.removeLast()
        }
        if let clause { references[clause, default: []] += definitionReferences[key] ?? [] }
        return definitionTypes[key] ?? .unknown
    }

    // MARK: Exclusions

    mutating func declareExclusion(_ declaration: ExclusionDecl, in document: Document) {
        var members: [[String]] = []
        var seen: Set<String> = []
        // `exclusive A over {…}` without A has nothing to give precedence to.
        var preferredMissing = false
        let listed = Set(declaration.members.flatMap(\.value).map(\.value.label))
        for member in declaration.members {
            var ids: [String] = []
            for ref in member.value {
                guard let id = ruleMember(ref, in: document, listed: listed, purpose: "to exclude") else { continue }
                if !seen.insert(id).inserted {
                    diagnostics.add(.ruleListsClauseTwice, "`\(id)` is listed twice in this rule", at: ref.span,
                                    help: "list each clause once")
                    continue
                }
                ids.append(id)
                if declaration.mode != .over { warnWithoutAmount(id, at: ref.span) }
            }
            if !ids.isEmpty { members.append(ids) } else if members.isEmpty { preferredMissing = true }
        }
        if declaration.members.count < 2 {
            diagnostics.add(.exclusionTooSmall, "an exclusion needs at least two members", at: declaration.span,
                            help: declaration.mode == .over ? "name the clauses it rules out: `exclusive 3 over { 5, 6 }`" : "list the clauses that cannot be combined: `exclusive highest { 4a, 4b }`")
        }
        if members.count >= 2 && !(declaration.mode == .over && preferredMissing) {
            program.exclusions.append(Exclusion(document: document.id, declaration: declaration, members: members))
        }
    }

    // MARK: References

    mutating func orderClauses() {
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        var order: [String] = []
        func visit(_ id: String, _ path: [String]) {
            if state[id] == 2 { return }
            if state[id] == 1 {
                let cycle = (path.drop { $0 != id } + [id]).joined(separator: " → ")
                if let (_, span) = references[path.last ?? id]?.first(where: { $0.0 == id }) {
                    diagnostics.add(.referenceCycle, "clause amounts refer to each other in a cycle: \(cycle)", at: span,
                                    help: "an amount may depend on another clause only if that clause does not depend on it")
                }
                return
            }
            state[id] = 1
            for (target, _) in references[id] ?? [] { visit(target, path + [id]) }
            state[id] = 2
            order.append(id)
        }
        for document in program.documents {
            for id in document.clauseIDs { visit(id, []) }
        }
        program.evaluationOrder = order
    }

    mutating func reportUnusedFacts(_ document: Document, _ tree: PolicyFile) {
        for declaration in tree.facts where !usedFacts.contains(FactUse(document: document.id, name: declaration.name.value)) {
            diagnostics.add(.unusedFact, "fact `\(declaration.name.value)` is declared but never used", at: declaration.name.span,
                            help: "remove the declaration or use the fact in a condition or amount")
        }
    }
}

extension Expr {
    var isLiteral: Bool { if case .number = self { return true } else { return false } }
    var written: String? { if case .number(_, _, let text) = self { return text } else { return nil } }
}

/// A fact a document's expression reads: which facts a document declares and never reads is found
/// from these, without a string made per reading.
struct FactUse: Hashable {
    var document: String
    var name: String
}
