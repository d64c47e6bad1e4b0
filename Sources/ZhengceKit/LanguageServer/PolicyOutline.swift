/// Questions about a file's syntax tree that several editor features ask.
enum PolicyOutline {
    /// Every expression of the file: header conditions, fact defaults, definitions and clauses.
    static func expressions(in tree: PolicyFile, _ body: (ExprNode) -> Void) {
        for condition in tree.header?.eligibility ?? [] { SyntaxWalk.visit(condition.expression, body) }
        for fact in tree.facts { if let value = fact.defaultValue { SyntaxWalk.visit(value, body) } }
        for definition in tree.definitions { SyntaxWalk.visit(definition.expression, body) }
        for clause in tree.clauses {
            for statement in clause.statements { SyntaxWalk.expressions(in: statement, body) }
        }
    }

    /// The clause whose body holds `offset`.
    static func clause(in tree: PolicyFile, at offset: Int) -> ClauseDecl? {
        tree.clauses.first { $0.span.start <= offset && offset <= $0.span.end }
    }

    /// The record fields called `name` that the file's facts declare, with their types.
    static func fields(named name: String, in tree: PolicyFile) -> [FieldDecl] {
        tree.facts.flatMap { recordFields(of: $0.type.value) }.filter { $0.name == name }
    }

    static func recordFields(of type: TypeSyntax) -> [FieldDecl] {
        switch type {
        case .record(let fields): return fields + fields.flatMap { recordFields(of: $0.type) }
        case .listOf(let element), .signed(let element): return recordFields(of: element)
        default: return []
        }
    }

    /// Where a record field called `name` is declared: the name token followed by `:` inside a
    /// fact's type.
    static func fieldDeclaration(named name: String, in tree: PolicyFile, file: SourceFile) -> Span? {
        for fact in tree.facts {
            guard case .record = unwrapped(fact.type.value) else { continue }
            let tokens = Lexer.tokenize(file).tokens.filter { fact.type.span.start <= $0.span.start && $0.span.end <= fact.type.span.end }
            for (index, token) in tokens.enumerated() where token.kind == .identifier && token.text == name
                && index + 1 < tokens.count && tokens[index + 1].kind == .colon {
                return token.span
            }
        }
        return nil
    }

    private static func unwrapped(_ type: TypeSyntax) -> TypeSyntax {
        if case .listOf(let element) = type { return unwrapped(element) }
        return type
    }

    /// The article a citation names (`第二条` of `第二条（一）`), for grouping the outline.
    static func article(of citation: String?) -> String {
        guard let citation else { return "(no article)" }
        if let end = citation.firstIndex(of: "条") { return String(citation[...end]) }
        return citation
    }
}
