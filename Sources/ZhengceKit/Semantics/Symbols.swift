/// What a name in a policy file stands for, as the checker resolved it.
public enum Symbol: Hashable, Sendable {
    case fact(document: String, name: String)
    case definition(document: String, name: String)
    /// A clause `let` or an aggregate's item name, identified by where it is declared.
    case local(name: String, declaration: Span)
    /// A record field, by the document whose facts declare it and its name.
    case field(document: String, name: String)
    /// A clause by its full id (`yz2025:4a`).
    case clause(String)
    /// A built-in function or name (`clamp`, `as_of`).
    case builtin(String)
}

/// One place where a symbol is written: its declaration or a use.
public struct SymbolOccurrence: Sendable {
    public var symbol: Symbol
    public var span: Span
    public var isDeclaration: Bool
}

/// Every name the checker resolved, with where it is written: what an editor needs for
/// hover, go to definition and find references.
public struct SymbolIndex: Sendable {
    public private(set) var occurrences: [SymbolOccurrence] = []

    public init() {}

    mutating func declare(_ symbol: Symbol, at span: Span) {
        occurrences.append(SymbolOccurrence(symbol: symbol, span: span, isDeclaration: true))
    }

    mutating func use(_ symbol: Symbol, at span: Span) {
        occurrences.append(SymbolOccurrence(symbol: symbol, span: span, isDeclaration: false))
    }

    /// The innermost occurrence in `path` whose span holds `offset` (its end included, so a
    /// cursor just after a name still finds it).
    public func occurrence(in path: String, at offset: Int) -> SymbolOccurrence? {
        occurrences.filter { $0.span.file?.path == path && $0.span.start <= offset && offset <= $0.span.end }
            .min { $0.span.end - $0.span.start < $1.span.end - $1.span.start }
    }

    /// Every occurrence of `symbol`, once each, in file and offset order.
    public func occurrences(of symbol: Symbol) -> [SymbolOccurrence] {
        var seen: Set<String> = []
        return occurrences.filter { $0.symbol == symbol }
            .filter { seen.insert("\($0.span.file?.path ?? ""):\($0.span.start)").inserted }
            .sorted { ($0.span.file?.path ?? "", $0.span.start) < ($1.span.file?.path ?? "", $1.span.start) }
    }

    public func declaration(of symbol: Symbol) -> SymbolOccurrence? {
        occurrences.first { $0.symbol == symbol && $0.isDeclaration }
    }
}
