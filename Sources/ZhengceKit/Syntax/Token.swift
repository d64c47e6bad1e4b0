/// The kinds of token a policy file is made of. Keywords are identifiers; the parser gives them
/// meaning by position, so a fact or field may still be called `amount` or `year`.
public enum TokenKind: Hashable, Sendable {
    case identifier
    /// A number, possibly with a unit written against it: `30`, `0.5`, `200万`, `30%`, `100BP`, `2000万美元`.
    case number
    /// A matching ratio: `1:0.5`.
    case ratio
    /// A clause label that starts with digits: `2.1a`, `4.2b`, `3.1`.
    case label
    /// An ISO date: `2025-01-01`.
    case date
    case string
    /// An article citation as the document writes it: `(第二条（一）)`.
    case citation
    case leftBrace, rightBrace, leftParen, rightParen, leftBracket, rightBracket
    case comma, colon, semicolon, dot, arrow, questionQuestion
    case plus, minus, star, slash
    case less, lessEqual, greater, greaterEqual, equalEqual, notEqual, equal
    case infinity
    /// A comment, kept only when the lexer is asked to (for the formatter).
    case comment
    case endOfFile

    public var display: String {
        switch self {
        case .identifier: return "a name"
        case .number: return "a number"
        case .ratio: return "a ratio"
        case .label: return "a clause label"
        case .date: return "a date"
        case .string: return "a string"
        case .citation: return "an article citation"
        case .leftBrace: return "`{`"
        case .rightBrace: return "`}`"
        case .leftParen: return "`(`"
        case .rightParen: return "`)`"
        case .leftBracket: return "`[`"
        case .rightBracket: return "`]`"
        case .comma: return "`,`"
        case .colon: return "`:`"
        case .semicolon: return "`;`"
        case .dot: return "`.`"
        case .arrow: return "`=>`"
        case .questionQuestion: return "`??`"
        case .plus: return "`+`"
        case .minus: return "`-`"
        case .star: return "`*`"
        case .slash: return "`/`"
        case .less: return "`<`"
        case .lessEqual: return "`<=`"
        case .greater: return "`>`"
        case .greaterEqual: return "`>=`"
        case .equalEqual: return "`==`"
        case .notEqual: return "`!=`"
        case .equal: return "`=`"
        case .infinity: return "`∞`"
        case .comment: return "a comment"
        case .endOfFile: return "end of file"
        }
    }
}

public struct Token: Sendable, Hashable {
    public let kind: TokenKind
    /// The token's text as written (for strings and citations: the content without delimiters).
    public let text: String
    public let span: Span

    public func isWord(_ word: String) -> Bool { kind == .identifier && text == word }

    public var display: String {
        switch kind {
        case .endOfFile: return "end of file"
        case .string: return "string \"\(text)\""
        default: return "`\(text)`"
        }
    }
}
