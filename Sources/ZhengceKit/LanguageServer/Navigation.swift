/// `textDocument/definition` and `textDocument/references`, answered from the checker's symbol index.
enum Navigation {
    static func definition(_ context: DocumentContext) -> JSONOut {
        guard let symbol = symbol(context), let span = declaration(of: symbol, context) else { return .null }
        return RPC.location(span, uri: context.uri(of:))
    }

    static func references(_ context: DocumentContext) -> JSONOut {
        guard let symbol = symbol(context) else { return .null }
        let includeDeclaration = context.params?.at("context", "includeDeclaration")?.bool ?? true
        var spans = context.analysis.program.symbols.occurrences(of: symbol).filter { includeDeclaration || !$0.isDeclaration }.map(\.span)
        if includeDeclaration, case .field = symbol, let declared = declaration(of: symbol, context), !spans.contains(declared) {
            spans.insert(declared, at: 0)
        }
        return .array(spans.map { RPC.location($0, uri: context.uri(of:)) })
    }

    static func symbol(_ context: DocumentContext) -> Symbol? {
        guard let offset = context.offset else { return nil }
        if let occurrence = context.analysis.program.symbols.occurrence(in: context.path, at: offset) { return occurrence.symbol }
        // A field's own declaration is not in the index: find the name under the cursor.
        guard let documentID = context.document?.id else { return nil }
        let token = Lexer.tokenize(context.file).tokens.first { $0.kind == .identifier && $0.span.start <= offset && offset <= $0.span.end }
        guard let token, PolicyOutline.fieldDeclaration(named: token.text, in: context.tree, file: context.file) == token.span else { return nil }
        return .field(document: documentID, name: token.text)
    }

    static func declaration(of symbol: Symbol, _ context: DocumentContext) -> Span? {
        if case .field(let documentID, let name) = symbol {
            guard let path = context.analysis.program.document(documentID)?.path, let tree = context.analysis.trees[path],
                  let file = context.analysis.files[path] else { return nil }
            return PolicyOutline.fieldDeclaration(named: name, in: tree, file: file)
        }
        return context.analysis.program.symbols.declaration(of: symbol)?.span
    }
}
