/// The canonical layout of a policy file. The formatter keeps the author's line structure and
/// every comment, and normalises what a reviewer should not have to think about: indentation (two
/// spaces per open brace or parenthesis, two more for a line that continues an expression),
/// spacing inside a line, blank lines (at most one, none just inside a block), trailing
/// whitespace, and the final newline.
///
/// Soundness: `format` re-parses its own output and compares the syntax trees (spans ignored) and
/// the comments with the input's; if they differ it refuses (`FormatError.changedMeaning`) rather
/// than write a file whose meaning changed.
public enum Formatter {
    public enum FormatError: Error, CustomStringConvertible {
        /// The input has syntax errors; it is not formatted.
        case syntax([Diagnostic])
        /// The formatted text would parse differently: a bug in the formatter, never written.
        case changedMeaning(String)

        public var description: String {
            switch self {
            case .syntax(let diagnostics): return "the file has \(diagnostics.count) syntax error\(diagnostics.count == 1 ? "" : "s"); fix them first (`zhengce check`)"
            case .changedMeaning(let path): return "formatting `\(path)` would change its meaning; the file was left untouched (this is a bug in the formatter, please report it)"
            }
        }
    }

    public static func format(_ source: SourceFile) throws(FormatError) -> String {
        let (tree, diagnostics) = Parser.parse(source)
        // A bidirectional control character is reported like any other error: the file reads
        // differently from how it runs, so it is not rewritten until it is removed.
        let errors = blocking(diagnostics)
        if !errors.isEmpty { throw .syntax(errors) }
        let (tokens, _) = Lexer.tokenize(source, keepComments: true)
        let output = layout(tokens)
        let reparsed = Parser.parse(SourceFile(path: source.path, text: output))
        let before = tokens.filter { $0.kind == .comment }.map { $0.text.trimmingTrailingWhitespace() }
        let after = Lexer.tokenize(SourceFile(path: source.path, text: output), keepComments: true).tokens.filter { $0.kind == .comment }.map(\.text)
        guard reparsed.0 == tree, before == after, blocking(reparsed.1).isEmpty else { throw .changedMeaning(source.path) }
        return output
    }

    /// The errors that stop formatting: every error, a bidirectional control character included
    /// (Z008), so the formatter never rewrites text that reads differently from how it runs.
    static func blocking(_ diagnostics: DiagnosticBag) -> [Diagnostic] {
        diagnostics.items.filter { $0.severity == .error }
    }

    static let continuationWords: Set<String> = ["and", "or", "else", "if", "where"]

    static func layout(_ tokens: [Token]) -> String {
        var lines: [String] = []
        var depth = 0
        var index = 0
        var previousLine = 0
        let real = tokens.filter { $0.kind != .endOfFile }
        while index < real.count {
            let lineNumber = real[index].span.line
            var lineTokens: [Token] = []
            while index < real.count && real[index].span.line == lineNumber {
                lineTokens.append(real[index])
                index += 1
            }
            if previousLine > 0 && lineNumber - previousLine > 1 && lines.last.map({ !$0.hasSuffix("{") }) == true
                && !(lineTokens.first.map(isCloser) ?? false) {
                lines.append("")
            }
            // The line where this line's last token ends (a block comment may span lines).
            previousLine = lineTokens.last.flatMap { $0.span.file?.position(of: max($0.span.start, $0.span.end - 1)).line } ?? lineNumber
            let leadingClosers = lineTokens.prefix { isCloser($0) }.count
            var indent = max(0, depth - leadingClosers)
            if let first = lineTokens.first, startsContinuation(first) { indent += 1 }
            lines.append(String(repeating: "  ", count: indent) + join(lineTokens))
            for token in lineTokens {
                if isOpener(token) { depth += 1 }
                if isCloser(token) { depth = max(0, depth - 1) }
            }
        }
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    static func isOpener(_ token: Token) -> Bool { [.leftBrace, .leftParen, .leftBracket].contains(token.kind) }
    static func isCloser(_ token: Token) -> Bool { [.rightBrace, .rightParen, .rightBracket].contains(token.kind) }

    static func startsContinuation(_ token: Token) -> Bool {
        if token.kind == .identifier { return continuationWords.contains(token.text) }
        return [.plus, .star, .slash, .questionQuestion].contains(token.kind)
    }

    /// Joins the tokens of one line with canonical spacing.
    static func join(_ tokens: [Token]) -> String {
        var text = ""
        for (position, token) in tokens.enumerated() {
            if position > 0 && wantsSpace(between: tokens[position - 1], and: token, before: position >= 2 ? tokens[position - 2] : nil,
                                          isField: position >= 3 && tokens[position - 3].kind == .dot, startsLine: position == 1) {
                text += " "
            }
            text += written(token)
        }
        return text
    }

    static func written(_ token: Token) -> String {
        switch token.kind {
        case .string:
            return token.span.text ?? "\"\(token.text)\""
        case .citation:
            return token.span.text ?? "(\(token.text))"
        case .comment:
            return token.text.trimmingTrailingWhitespace()
        default:
            return token.text
        }
    }

    /// `isField`: the token before `left` follows a `.`, so it is a field name, never a keyword.
    /// `startsLine`: `left` is the line's first token (a statement's keyword).
    static func wantsSpace(between left: Token, and right: Token, before: Token?, isField: Bool = false, startsLine: Bool = false) -> Bool {
        let adjacent = left.span.end == right.span.start
        switch (left.kind, right.kind) {
        case (_, .comment): return true
        case (_, .comma), (_, .rightParen), (_, .rightBracket), (_, .dot), (.dot, _): return false
        case (.leftParen, _), (.leftBracket, _): return false
        case (_, .rightBrace), (.leftBrace, _): return false
        case (.identifier, .minus) where left.text == "half" && adjacent: return false
        case (.minus, .identifier) where before?.text == "half" && adjacent: return false
        case (_, .colon): return false
        case (.colon, .number), (.colon, .label): return !adjacent || before?.kind != .identifier
        case (.identifier, .leftParen):
            // A keyword stands apart from the parenthesis after it (`when (a)`, `not (a)`,
            // `cap (…)`); a function hugs its arguments (`min(a, b)`, `amount(yz2025:4a)`). A
            // statement's `amount` starts its line (or follows a `{`); anywhere else it reads a
            // clause's amount.
            if before?.kind == .dot { return false }
            if left.text == "amount" { return startsLine || before?.kind == .leftBrace }
            return Formatter.keywordsBeforeParenthesis.contains(left.text)
        case (.identifier, .leftBracket), (.rightParen, .leftBracket), (.rightBracket, .leftBracket): return !adjacent
        case (.minus, _):
            // A unary minus hugs its operand.
            guard let before else { return false }
            return isField || isOperandEnd(before)
        default: return true
        }
    }

    /// The keywords a parenthesised expression may follow.
    static let keywordsBeforeParenthesis: Set<String> = ["when", "cap", "floor", "and", "or", "not", "if", "else", "in", "where", "by", "return", "over"]

    static func isOperandEnd(_ token: Token) -> Bool {
        switch token.kind {
        case .identifier: return !["when", "amount", "cap", "floor", "and", "or", "not", "if", "else", "in", "where", "by", "return"].contains(token.text)
        case .number, .ratio, .label, .date, .string, .rightParen, .rightBracket, .rightBrace, .infinity: return true
        default: return false
        }
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var result = Substring(self)
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return String(result)
    }
}
