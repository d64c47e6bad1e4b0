import Foundation

/// `textDocument/hover`: what the name, money literal, step increment or rates by year under the
/// cursor mean.
enum Hover {
    static func answer(_ context: DocumentContext) -> JSONOut {
        guard let offset = context.offset else { return .null }
        if let occurrence = context.analysis.program.symbols.occurrence(in: context.path, at: offset),
           let text = describe(occurrence.symbol, context) {
            return .object([("contents", RPC.markdown(text)), ("range", occurrence.span.lspRange)])
        }
        var literal: (Span, ExactDecimal, Currency)?
        PolicyOutline.expressions(in: context.tree) { node in
            if case .number(let value, .money(let currency), _) = node.value, node.span.start <= offset, offset <= node.span.end {
                literal = (node.span, value, currency)
            }
        }
        if let (span, value, currency) = literal {
            return .object([("contents", RPC.markdown(money(value, currency))), ("range", span.lspRange)])
        }
        guard let (span, text) = mechanics(at: offset, in: context.tree) else { return .null }
        return .object([("contents", RPC.markdown(text)), ("range", span.lspRange)])
    }

    static func money(_ value: ExactDecimal, _ currency: Currency) -> String {
        guard currency == .cny else { return "**\(value.formatted(minimumPlaces: 2, grouped: true))** US dollars" }
        return "**\(value.formatted(minimumPlaces: 2, grouped: true)) 元** = \(value.formatted(shiftedLeft: 4, minimumPlaces: 2)) 万元"
    }

    static func describe(_ symbol: Symbol, _ context: DocumentContext) -> String? {
        let program = context.analysis.program
        switch symbol {
        case .fact(let documentID, let name):
            guard let fact = program.document(documentID)?.facts[name] else { return nil }
            return factText(fact, usedBy: uses(of: symbol, context))
        case .definition(let documentID, let name):
            guard let definition = program.document(documentID)?.definitions[name] else { return nil }
            let text = definition.expression.span.text ?? ""
            return "**let** `\(name)`" + (definition.label.map { " — \($0)" } ?? "") + "\n\n```zhengce\n\(text)\n```"
        case .local(let name, _):
            return "**local** `\(name)`: a name declared inside this clause or expression"
        case .field(_, let name):
            let fields = PolicyOutline.fields(named: name, in: context.tree)
            guard let field = fields.first else { return "**field** `\(name)`" }
            return "**field** `\(name)`: \(Checker().describe(field.type))" + (field.label.map { " — \($0)" } ?? "")
        case .clause(let id):
            return program.clauses[id].map(clause)
        case .builtin(let name):
            if let builtin = Builtin.named(name) { return "**function** `\(builtin.signature)`\n\n\(builtin.summary)" }
            switch BuiltinName(rawValue: name) {
            case .asOf?: return "**`as_of`**: the date the applicant is evaluated on (a `date`)"
            case .priorReceived?: return "**`prior_received`**: what the applicant already received under this clause (money)"
            case nil: return nil
            }
        }
    }

    static func factText(_ fact: FactInfo, usedBy clauses: [String]) -> String {
        var text = "**fact** `\(fact.name)`: \(Checker().describe(fact.syntax))"
        if let label = fact.label { text += " — \(label)" }
        if case .money(let unit) = fact.input { text += "\n\nGiven in \(unit.name)." }
        if case .choice(let values) = fact.syntax { text += "\n\nValues: " + values.map { "`\"\($0)\"`" }.joined(separator: ", ") }
        text += "\n\n" + (clauses.isEmpty ? "Used by no clause." : "Used by " + clauses.map { "`\($0)`" }.joined(separator: ", ") + ".")
        return text
    }

    /// The clauses (and document `let`s) whose text uses a symbol, in file order.
    static func uses(of symbol: Symbol, _ context: DocumentContext) -> [String] {
        var found: [String] = []
        for occurrence in context.analysis.program.symbols.occurrences(of: symbol) where !occurrence.isDeclaration {
            guard let path = occurrence.span.file?.path, let tree = context.analysis.trees[path],
                  let documentID = tree.header?.id.value else { continue }
            let name: String
            if let clause = PolicyOutline.clause(in: tree, at: occurrence.span.start) {
                name = "\(documentID):\(clause.label.value)"
            } else if let definition = tree.definitions.first(where: { $0.expression.span.start <= occurrence.span.start && occurrence.span.end <= $0.expression.span.end }) {
                name = "let \(definition.name.value)"
            } else {
                continue
            }
            if !found.contains(name) { found.append(name) }
        }
        return found
    }

    static func clause(_ clause: Clause) -> String {
        var text = "**\(clause.declaration.isBenefit ? "benefit" : "clause")** `\(clause.id)` — \(clause.title)"
        if let article = clause.article { text += "\n\nArticle: \(article)" }
        text += "\n\nKind: \(clause.kind.rawValue)"
        for statement in clause.declaration.statements {
            switch statement {
            case .amount(let expression), .assessed(let expression):
                text += "\n\nAmount: `" + source(expression.span).split(whereSeparator: \.isWhitespace).joined(separator: " ") + "`"
                if let table = bracketTable(expression) { text += "\n\n" + table }
            case .cap(let expression, let scope, _):
                text += "\n\nCap: `\(source(expression.span))` \(scope.rawValue)"
            case .floor(let expression, _):
                text += "\n\nFloor: `\(source(expression.span))`"
            default: break
            }
        }
        return text
    }

    /// The first bracket expression of an amount, as a Markdown table: one row per arm.
    static func bracketTable(_ expression: ExprNode) -> String? {
        var table: String?
        SyntaxWalk.visit(expression) { node in
            guard table == nil, case .brackets(let subject, let arms, let otherwise) = node.value else { return }
            var rows = ["| \(cell(source(subject.span))) from | to | amount |", "|---|---|---|"]
            for arm in arms {
                let lower = (arm.lowerInclusive ? "≥ " : "> ") + (arm.lower.map { source($0.span) } ?? "−∞")
                let upper = arm.upper.map { (arm.upperInclusive ? "≤ " : "< ") + source($0.span) } ?? "∞"
                rows.append("| \(cell(lower)) | \(cell(upper)) | \(cell(source(arm.result.span))) |")
            }
            if let otherwise { rows.append("| otherwise | | \(cell(source(otherwise.span))) |") }
            table = rows.joined(separator: "\n")
        }
        return table
    }

    static func source(_ span: Span) -> String { span.text ?? "" }

    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
