/// A recursive-descent parser. Each grammar rule in `grammar/zhengce.ebnf` is one method with the
/// same name: the items of a file in `Parser+Items.swift`, expressions in `Parser+Expressions.swift`,
/// and the token helpers here. On an error the parser reports it, skips to the next statement or
/// declaration and goes on, so one run reports every mistake it can find.
public struct Parser {
    let tokens: [Token]
    let file: SourceFile
    var position = 0
    var depth = 0
    /// Operators in the flat chains enclosing the current point.
    var chainDepth = 0
    /// The subjects of the bracket tables around the current point, innermost last: the quantity
    /// of a step increment that does not name its own.
    var bracketSubjects: [ExprNode] = []
    /// The comma-separated lists (arguments, sets, bracket bounds) around the current point:
    /// inside one, `1,000` is two items, not a number with a thousands separator.
    var commaLists = 0
    /// Whether the bracket bounds being read hold more commas than the one between them.
    var groupedBounds = false
    /// Set when the header ended at a fact or clause without its `}`: the file's last `}` is then
    /// the header's, taken without another error.
    var headerLeftOpen = false
    public internal(set) var diagnostics = DiagnosticBag()

    static let maxDepth = 64
    static let maxChain = 256
    static let itemKeywords: Set<String> = ["policy", "fact", "let", "clause", "benefit", "exclusive", "shared"]
    /// Words the parser reads only to name another language's habit (`if … then … else …`): no
    /// words of this language, so `Keywords` (what editors highlight) leaves them out.
    static let otherLanguagesWords: Set<String> = ["then"]

    static let headerKeywords: Set<String> = ["number", "title", "issuer", "valid", "replaces", "money", "eligible"]
    /// What to write instead of the words other tools (and the product's first sketches) use for a
    /// header entry.
    static let headerEntryHelp: [String: String] = [
        "in": "the validity is written `valid from YYYY-MM-DD until YYYY-MM-DD` (or `for N years`)",
        "validity": "the validity is written `valid from YYYY-MM-DD until YYYY-MM-DD` (or `for N years`)",
        "effective": "the validity is written `valid from YYYY-MM-DD until YYYY-MM-DD` (or `for N years`)",
        "unit": "the money unit and rounding are written `money in 万元 rounded to 0.01`",
        "rounding": "the money unit and rounding are written `money in 万元 rounded to 0.01`",
        "currency": "the money unit and rounding are written `money in 万元 rounded to 0.01`",
        "eligibility": "a condition on the whole document is written `eligible when …`",
        "when": "a condition on the whole document is written `eligible when …`",
        "applies": "a condition on the whole document is written `eligible when …`",
    ]

    /// What to write instead of a word that other languages use to continue an expression.
    static let continuationHelp: [String: String] = [
        "contains": "membership is written `VALUE in SET`, e.g. `\"b\" in kinds`",
        "between": "a range is two comparisons: `revenue >= 1万 and revenue <= 5万`, or a bracket table",
        "per": "a scope belongs to a cap of its own: `cap 50万 per year`",
        "years": "full years between two dates are a comparison: `as_of >= add_years(registration_date, 3)`",
        "of": "a share of an amount is a multiplication: `revenue * 50%`",
        "x": "multiplication is written `*` (or `×`)",
        "max": "an upper limit is a statement of its own, on the next line: `cap 50万`",
        "min": "a lower limit is a statement of its own, on the next line: `floor 10万`",
    ]

    /// The types of other languages, with the type a policy declares instead.
    static let otherLanguagesTypes: [String: String] = {
        var types: [String: String] = [:]
        for name in ["integer", "int", "long"] { types[name] = "a whole number of things is `count`; any other number is `number`" }
        for name in ["string", "str"] { types[name] = "free text is `text`; one of a few values is `choice {\"a\", \"b\"}`" }
        types["boolean"] = "write `bool`"
        for name in ["float", "double", "decimal", "real"] { types[name] = "write `number` (exact decimal); an amount of money is `money in 万元`" }
        types["enum"] = "write `choice {\"a\", \"b\"}`"
        for name in ["array", "vector"] { types[name] = "write `list of TYPE`" }
        for name in ["object", "struct", "map", "dict"] { types[name] = "write `record { field: TYPE \"label\", … }`" }
        types["datetime"] = "write `date`"
        types["currency"] = "write `money in 万元` (or the unit the document uses)"
        return types
    }()

    static let statementKeywords: Set<String> = ["agency", "applies", "when", "let", "amount", "cap", "floor", "schedule", "survives"]

    struct Failure: Error {}

    public static func parse(_ file: SourceFile) -> (PolicyFile, DiagnosticBag) {
        let (tokens, lexical) = Lexer.tokenize(file)
        var parser = Parser(tokens: tokens, file: file)
        parser.diagnostics = lexical
        let tree = parser.policyFile()
        return (tree, parser.diagnostics)
    }

    init(tokens: [Token], file: SourceFile) {
        self.tokens = tokens
        self.file = file
    }


    // MARK: Helpers (peek, advance, check, match, expect)

    func peek(_ ahead: Int = 0) -> Token { tokens[min(position + ahead, tokens.count - 1)] }
    func previous() -> Token { tokens[max(0, position - 1)] }
    func check(_ kind: TokenKind) -> Bool { peek().kind == kind }

    @discardableResult
    mutating func advance() -> Token {
        let token = peek()
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    mutating func match(_ kind: TokenKind) -> Bool {
        guard check(kind) else { return false }
        advance()
        return true
    }

    mutating func matchWord(_ word: String) -> Bool {
        guard peek().isWord(word) else { return false }
        advance()
        return true
    }

    @discardableResult
    mutating func expect(_ kind: TokenKind, _ purpose: String) throws -> Token {
        guard check(kind) else {
            // `->` is two tokens; the arrow other languages use is named as such.
            if kind == .arrow, check(.minus), peek(1).kind == .greater, peek(1).span.start == peek().span.end {
                report("expected `=>` \(purpose), found `->`", at: peek().span.to(peek(1).span), help: "write the arrow as `=>` (or `→`)")
                throw Failure()
            }
            report("expected \(kind.display) \(purpose), found \(peek().display)")
            throw Failure()
        }
        return advance()
    }

    mutating func expectWord(_ word: String, _ purpose: String) throws {
        guard matchWord(word) else {
            report("expected `\(word)` \(purpose), found \(peek().display)")
            throw Failure()
        }
    }

    mutating func identifier(_ what: String) throws -> Name {
        guard check(.identifier) else {
            report("expected \(what), found \(peek().display)")
            throw Failure()
        }
        let token = advance()
        return Located(token.text, token.span)
    }

    mutating func string(_ what: String) throws -> Located<String> {
        guard check(.string) else {
            report("expected \(what) in double quotes, found \(peek().display)")
            throw Failure()
        }
        let token = advance()
        return Located(token.text, token.span)
    }

    mutating func date() throws -> Day {
        let token = peek()
        guard token.kind == .date else {
            // `2025/01/01`, `2025.1.1`: a date written as elsewhere, named whole.
            if token.kind == .number, peek(1).kind == .slash || token.text.contains(".") {
                var end = position
                while end + 1 < tokens.count, [.number, .slash, .dot].contains(tokens[end + 1].kind), tokens[end + 1].span.start == tokens[end].span.end { end += 1 }
                let written = token.span.file?.slice(token.span.to(tokens[end].span)) ?? token.text
                guard let meant = Day.writtenElsewhere(written) else {
                    report("`\(written)` is not written as a date: a date is `YYYY-MM-DD`, such as `2025-01-01`", at: token.span.to(tokens[end].span))
                    throw Failure()
                }
                // Read as the day it writes, so the declaration around it is still checked.
                report("`\(written)` is not written as a date: a date is `YYYY-MM-DD`", at: token.span.to(tokens[end].span), help: "write `\(meant)`")
                position = end + 1
                return meant
            }
            report("expected a date such as `2025-01-01`, found \(token.display)")
            throw Failure()
        }
        advance()
        guard let day = Day(iso: token.text) else {
            diagnostics.add(.invalidDate, "`\(token.text)` is not a date in the calendar", at: token.span)
            throw Failure()
        }
        return day
    }

    mutating func numberToken(_ what: String) throws -> Token {
        guard check(.number) else {
            report("expected \(what), found \(peek().display)")
            throw Failure()
        }
        return advance()
    }

    mutating func wholeNumber(_ what: String) throws -> Int {
        let token = try numberToken(what)
        guard let value = ExactDecimal(parsing: token.text)?.exactInt, value > 0, value < 1000 else {
            report("expected \(what) as a whole number from 1 to 999, found `\(token.text)`", at: token.span)
            throw Failure()
        }
        return value
    }

    mutating func report(_ message: String, at span: Span? = nil, help: String? = nil) {
        let where_ = span ?? peek().span
        // One error per token: a second report at the same place (or after the lexer already
        // explained a full-width character or stray Chinese text there) adds nothing.
        if diagnostics.items.contains(where: { [.syntax, .fullWidthPunctuation, .unexpectedCharacter].contains($0.code) && $0.span.start == where_.start && $0.span.file === where_.file }) { return }
        diagnostics.add(.syntax, message, at: where_, help: help)
    }

    func suggestion(for word: String, among candidates: some Sequence<String>) -> String? {
        Suggest.closest(to: word, among: candidates).map { "did you mean `\($0)`?" }
    }

    func startsLine(_ index: Int) -> Bool {
        index == 0 || tokens[index - 1].span.line != tokens[index].span.line
    }

    /// Whether a declaration keyword (`fact`, `clause`, …) other than `except` starts a line at
    /// the current token: where a block whose `}` was left out ends.
    func declarationStarts(except excluded: String? = nil) -> Bool {
        peek().kind == .identifier && Parser.itemKeywords.contains(peek().text) && peek().text != excluded && startsLine(position)
    }

    /// Skips to the next declaration keyword that starts a line.
    mutating func synchronize(toItemAfter start: Int) {
        if position == start { advance() }
        while !check(.endOfFile) {
            if declarationStarts() { return }
            advance()
        }
    }

    /// Skips to the next statement keyword that starts a line, or the closing brace of the block:
    /// braces the failed statement opened (a bracket table's) are skipped with what they hold, so
    /// the first `}` outside them is the block's.
    mutating func synchronize(toStatementAfter start: Int, keywords: Set<String>) {
        if position == start { advance() }
        var depth = tokens[start..<position].reduce(0) { depth, token in
            token.kind == .leftBrace ? depth + 1 : token.kind == .rightBrace ? max(depth - 1, 0) : depth
        }
        while !check(.endOfFile) {
            let token = peek()
            let keyword = token.kind == .identifier && startsLine(position) ? token.text : nil
            // An item keyword at the start of a line ends the block even inside a brace left open.
            if let keyword, Parser.itemKeywords.contains(keyword) { return }
            // Outside the statement's own braces, a `}` closes the block (on its own line or not)
            // and a statement keyword at the start of a line starts the next statement.
            if depth == 0 && (token.kind == .rightBrace || keyword.map(keywords.contains) == true) { return }
            if token.kind == .leftBrace { depth += 1 }
            if token.kind == .rightBrace { depth -= 1 }
            advance()
        }
    }
}
