/// Every word the parser gives a meaning to somewhere. Keywords stay identifiers to the lexer
/// (a fact may still be called `amount`); this list is what editors highlight and complete, and a
/// test keeps it in step with the words the parser matches.
public enum Keywords {
    static let operators: Set<String> = ["and", "or", "not", "in", "of", "is", "if", "else", "where", "by", "true", "false", "inf"]
    static let headerEntries: Set<String> = ["number", "title", "issuer", "valid", "from", "until", "for", "years", "replaces", "money", "rounded", "half", "eligible", "when"]
    static let types: Set<String> = ["bool", "money", "number", "percent", "count", "date", "text", "choice", "set", "list", "record", "signed", "implied"]
    static let statementWords: Set<String> = ["assessed", "unspecified", "per", "total", "cumulative", "equal", "parts", "to", "survives", "expiry", "tie"]
    /// Steps, rates by year, shared caps, precedence and unstated validity.
    static let mechanics: Set<String> = ["full", "above", "yearly", "at", "over", "shared", "reduce", "order", "proportionally", "stated"]

    /// Every keyword, sorted.
    public static let all: [String] = {
        var words = Parser.itemKeywords.union(Parser.statementKeywords).union(operators).union(headerEntries).union(types).union(statementWords).union(mechanics)
        words.formUnion(["sum", "max", "min", "count", "any", "all", "group", "present", "absent", "empty"])
        words.formUnion(CapScope.allCases.compactMap { $0.rawValue.split(separator: " ").last.map(String.init) })
        words.formUnion([ExclusionDecl.Mode.highest, .choice].map(\.rawValue) + [ExclusionDecl.Tie.first, .last].map(\.rawValue))
        words.formUnion([ExactDecimal.Rounding.halfUp, .halfEven, .down, .up].flatMap { $0.rawValue.split(separator: "-").map(String.init) })
        return words.sorted()
    }()
}
