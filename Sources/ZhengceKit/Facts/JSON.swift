/// A JSON value that keeps numbers as their written digits, so money never passes through binary
/// floating point, and keeps each value's position for located error messages.
public indirect enum JSON: Sendable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONNode])
    case object([(key: String, value: JSONNode)])

    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

public struct JSONNode: Sendable {
    public var value: JSON
    public var span: Span
    /// For an object read from text, where each member's name is written, in member order.
    public var keySpans: [Span] = []

    /// Where the name of member `key` is written, or its value's place when that is not known.
    public func keySpan(_ key: String) -> Span? {
        guard case .object(let members) = value, let index = members.lastIndex(where: { $0.key == key }) else { return nil }
        return index < keySpans.count ? keySpans[index] : members[index].value.span
    }

    public subscript(key: String) -> JSONNode? {
        if case .object(let members) = value { return members.last { $0.key == key }?.value }
        return nil
    }
}

/// A strict JSON reader (RFC 8259) with a depth limit and located errors. It accepts nothing the
/// RFC does not: numbers without leading zeros or a bare `.`, only the RFC's escapes (`\u` with
/// four hex digits, surrogates only in pairs), a byte-order mark only as the very first character,
/// and each name at most once per object (a repeated name is an error naming both places, never
/// "last one wins").
public struct JSONReader {
    private let file: SourceFile
    /// What is read: the whole file, or the part of it `parse(_:range:)` names.
    private let scalars: ArraySlice<Unicode.Scalar>
    private var offset: Int
    private var depth = 0
    private var startsInput = true
    static let maxDepth = 128

    public struct Failure: Error, Sendable {
        public var diagnostic: Diagnostic
    }

    /// The message of a file that holds more than one JSON value.
    static let textAfterTheValue = "unexpected text after the JSON value"

    /// `startsInput` is false for a line after the start of a JSON Lines input (whose own mark,
    /// if any, was dropped before its first line): a byte-order mark is then refused even first.
    public static func parse(_ file: SourceFile, startsInput: Bool = true) throws(Failure) -> JSONNode {
        try parse(file, range: file.scalars.indices, startsInput: startsInput)
    }

    /// Reads the one JSON value written in `range` of the file's scalars (a line of JSON Lines),
    /// with positions and error locations in the whole file. A byte-order mark is taken only at
    /// the very start of the file, and only when `startsInput`.
    public static func parse(_ file: SourceFile, range: Range<Int>, startsInput: Bool = true) throws(Failure) -> JSONNode {
        var reader = JSONReader(file: file, range: range)
        reader.startsInput = startsInput && range.lowerBound == 0
        if reader.startsInput && reader.peek() == "\u{FEFF}" { reader.offset += 1 }
        reader.skipWhitespace()
        let value = try reader.value()
        reader.skipWhitespace()
        if reader.offset < reader.scalars.endIndex { throw reader.fail(textAfterTheValue) }
        return value
    }

    init(file: SourceFile, range: Range<Int>) {
        self.file = file
        self.scalars = file.scalars[range]
        self.offset = range.lowerBound
    }

    private mutating func value() throws(Failure) -> JSONNode {
        let start = offset
        guard let scalar = peek() else { throw fail("unexpected end of input; expected a value") }
        switch scalar {
        case "{": return try object()
        case "[": return try array()
        case "\"": return JSONNode(value: .string(try string()), span: span(start))
        case "t": try literal("true"); return JSONNode(value: .bool(true), span: span(start))
        case "f": try literal("false"); return JSONNode(value: .bool(false), span: span(start))
        case "n": try literal("null"); return JSONNode(value: .null, span: span(start))
        case "-", "0"..."9": return JSONNode(value: .number(try number()), span: span(start))
        default:
            if let ascii = Characters.fullWidth[scalar] {
                throw fail("full-width `\(scalar)` where JSON needs `\(ascii)`", help: "replace `\(scalar)` with ASCII `\(ascii)`")
            }
            throw fail("unexpected character `\(scalar)`; expected a value", help: wordHelp())
        }
    }

    private mutating func nest() throws(Failure) {
        depth += 1
        if depth > JSONReader.maxDepth { throw fail("JSON nested more than \(JSONReader.maxDepth) levels deep") }
    }

    private mutating func object() throws(Failure) -> JSONNode {
        let start = offset
        try nest()
        offset += 1
        var members: [(key: String, value: JSONNode)] = []
        var seen: [String: Int] = [:]
        var keySpans: [Span] = []
        skipWhitespace()
        if peek() == "}" {
            offset += 1
            depth -= 1
            return JSONNode(value: .object([]), span: span(start))
        }
        while true {
            skipWhitespace()
            guard peek() == "\"" else { throw notAFieldName() }
            let keyStart = offset
            let key = try string()
            if let first = seen[key] {
                let (line, column) = file.position(of: first)
                let (again, againColumn) = file.position(of: keyStart)
                throw Failure(diagnostic: Diagnostic(.malformedJSON, "the name \"\(key)\" appears twice in one object, at \(line):\(column) and at \(again):\(againColumn)",
                                                     at: Span(file: file, start: keyStart, end: offset),
                                                     help: "keep one of them; a repeated name is never resolved by taking the last"))
            }
            seen[key] = keyStart
            keySpans.append(Span(file: file, start: keyStart, end: offset))
            skipWhitespace()
            guard peek() == ":" else {
                if peek() == "：" { throw fail("full-width `：` where JSON needs `:`", help: "replace `：` with ASCII `:`") }
                throw fail("expected `:` after the field name")
            }
            offset += 1
            skipWhitespace()
            members.append((key, try value()))
            skipWhitespace()
            if peek() == "," {
                offset += 1
                try noTrailingComma(before: "}")
                continue
            }
            if peek() == "}" { offset += 1; break }
            if peek() == "，" { throw fail("full-width `，` where JSON needs `,`", help: "replace `，` with ASCII `,`") }
            throw fail("expected `,` or `}` in the object")
        }
        depth -= 1
        return JSONNode(value: .object(members), span: span(start), keySpans: keySpans)
    }

    private mutating func array() throws(Failure) -> JSONNode {
        let start = offset
        try nest()
        offset += 1
        var items: [JSONNode] = []
        skipWhitespace()
        if peek() == "]" {
            offset += 1
            depth -= 1
            return JSONNode(value: .array([]), span: span(start))
        }
        while true {
            skipWhitespace()
            items.append(try value())
            skipWhitespace()
            if peek() == "," {
                offset += 1
                try noTrailingComma(before: "]")
                continue
            }
            if peek() == "]" { offset += 1; break }
            throw fail("expected `,` or `]` in the array")
        }
        depth -= 1
        return JSONNode(value: .array(items), span: span(start))
    }

    private mutating func string() throws(Failure) -> String {
        offset += 1
        if let plain = plainString() { return plain }
        var result = String.UnicodeScalarView()
        while let scalar = peek() {
            offset += 1
            switch scalar {
            case "\"": return String(result)
            case "\\":
                guard let escaped = peek() else { throw fail("unterminated string") }
                offset += 1
                switch escaped {
                case "\"": result.append("\"")
                case "\\": result.append("\\")
                case "/": result.append("/")
                case "b": result.append("\u{08}")
                case "f": result.append("\u{0C}")
                case "n": result.append("\n")
                case "r": result.append("\r")
                case "t": result.append("\t")
                case "u":
                    guard let code = hex4() else { throw fail("`\\u` must be followed by exactly four hex digits (0-9, a-f)") }
                    if (0xD800...0xDBFF).contains(code) {
                        guard peek() == "\\", peek(1) == "u" else { throw fail("`\\u\(hexText(code))` is the first half of a surrogate pair; the second half (`\\uDC00`-`\\uDFFF`) must follow") }
                        offset += 2
                        guard let low = hex4(), (0xDC00...0xDFFF).contains(low),
                              let combined = Unicode.Scalar(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)) else {
                            throw fail("invalid surrogate pair: `\\u\(hexText(code))` must be followed by `\\uDC00`-`\\uDFFF`")
                        }
                        result.append(combined)
                    } else {
                        guard let decoded = Unicode.Scalar(code) else { throw fail("`\\u\(hexText(code))` is the second half of a surrogate pair without its first half") }
                        result.append(decoded)
                    }
                default: throw fail("invalid escape `\\\(escaped)`")
                }
            default:
                if scalar.value < 0x20 { throw fail("control character in a string; escape it") }
                result.append(scalar)
            }
        }
        throw fail("unterminated string")
    }

    /// Exactly four ASCII hex digits (no sign, no spaces), consumed only when all four are there.
    private mutating func hex4() -> UInt32? {
        var code: UInt32 = 0
        for index in 0..<4 {
            guard let scalar = peek(index), let digit = JSONReader.hexValue(scalar) else { return nil }
            code = code * 16 + digit
        }
        offset += 4
        return code
    }

    static func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "0"..."9": return scalar.value - 0x30
        case "a"..."f": return scalar.value - 0x61 + 10
        case "A"..."F": return scalar.value - 0x41 + 10
        default: return nil
        }
    }

    private func hexText(_ code: UInt32) -> String {
        let digits = String(code, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, kept as written.
    private mutating func number() throws(Failure) -> String {
        let start = offset
        if peek() == "-" { offset += 1 }
        guard let first = peek(), isDigit(first) else { throw fail("`-` must be followed by a digit") }
        offset += 1
        if first == "0", let next = peek(), isDigit(next) {
            throw fail("a JSON number may not have a leading zero", help: "write the number without leading zeros, or as a string")
        }
        skipDigits()
        if peek() == "." {
            offset += 1
            guard let next = peek(), isDigit(next) else { throw fail("a `.` in a JSON number must be followed by digits", help: "write `90` or `90.0`, not `90.`") }
            skipDigits()
        }
        if peek() == "e" || peek() == "E" {
            offset += 1
            if peek() == "+" || peek() == "-" { offset += 1 }
            guard let next = peek(), isDigit(next) else { throw fail("an exponent in a JSON number must have digits") }
            skipDigits()
        }
        if let next = peek(), next == "." || isDigit(next) || next.properties.isAlphabetic || next == "%" {
            // `5000万`, `30%`: a number with its unit is a string in the applicant file.
            var end = offset
            while end < scalars.endIndex, !",}] \t\r\n\"".unicodeScalars.contains(scalars[end]) { end += 1 }
            let written = file.slice(Span(file: file, start: start, end: end))
            throw fail("unexpected `\(next)` in a number", help: next == "." || isDigit(next) ? nil : "a number written with its unit is a string: write `\"\(written)\"`")
        }
        return file.slice(Span(file: file, start: start, end: offset))
    }

    private func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    /// Fails at the comma just read when only white space separates it from `closing`.
    private func noTrailingComma(before closing: Unicode.Scalar) throws(Failure) {
        var next = offset
        while next < scalars.endIndex, [" ", "\n", "\r", "\t"].contains(scalars[next]) { next += 1 }
        guard next < scalars.endIndex, scalars[next] == closing else { return }
        throw Failure(diagnostic: Diagnostic(.malformedJSON, "a comma before `\(closing)`: JSON allows none after the last item",
                                             at: Span(file: file, start: offset - 1, end: offset), help: "delete the comma"))
    }

    /// The error where an object's next field name should start: what stands there instead, when
    /// it is something a hand-written file often has (a full-width quotation mark, single quotes,
    /// a comment, a name without quotes).
    private func notAFieldName() -> Failure {
        let expected = "expected a field name in double quotes"
        guard let scalar = peek() else { return fail(expected) }
        switch scalar {
        case "“", "”": return fail("full-width `\(scalar)` where JSON needs `\"`", help: "replace `\(scalar)` with ASCII `\"`")
        case "'": return fail(expected, help: "JSON quotes names and texts with double quotes: `\"…\"`")
        case "/", "#": return fail("a comment, which JSON does not allow", help: "delete the comment")
        default:
            var end = offset
            while end < scalars.endIndex, scalars[end].properties.isAlphabetic || scalars[end].properties.numericType != nil || scalars[end] == "_" { end += 1 }
            guard end > offset else { return fail(expected) }
            let word = file.slice(Span(file: file, start: offset, end: end))
            return fail(expected, help: "put the name in double quotes: `\"\(word)\"`")
        }
    }

    /// What to write for a word where a value stands, as other formats write one (`TRUE`, `None`,
    /// `是`, a bare `xicheng`), or for a word that starts like the literal `expected` and is not it
    /// (`nil`, `no`, `ture`); a string in single quotes.
    private func wordHelp(expected: String? = nil) -> String? {
        if expected == nil && peek() == "'" { return "a JSON string is written in double quotes: `\"…\"`" }
        var start = offset
        if expected != nil { while start > scalars.startIndex, scalars[start - 1].properties.isAlphabetic { start -= 1 } }
        var end = offset
        while end < scalars.endIndex, scalars[end].properties.isAlphabetic || scalars[end] == "_" { end += 1 }
        guard end > start else { return nil }
        let word = file.slice(Span(file: file, start: start, end: end))
        switch word.lowercased() {
        case "true", "false", "null": return word == expected ? nil : "JSON writes `\(word.lowercased())` in lower case"
        case "none", "nil", "undefined", "nan": return "write `null`, or leave the fact out"
        case "yes", "no", "是", "否", "对", "错": return "a yes-or-no fact is `true` or `false`"
        default:
            if expected != nil, let meant = Suggest.closest(to: word, among: ["true", "false", "null"]) { return "did you mean `\(meant)`?" }
            return "a text value is written in double quotes: `\"\(word)\"`"
        }
    }

    private mutating func skipDigits() {
        while let scalar = peek(), isDigit(scalar) { offset += 1 }
    }

    private mutating func literal(_ word: String) throws(Failure) {
        for expected in word.unicodeScalars {
            guard peek() == expected else { throw fail("invalid literal; expected `\(word)`", help: wordHelp(expected: word)) }
            offset += 1
        }
    }

    private mutating func skipWhitespace() {
        while let scalar = peek(), scalar == " " || scalar == "\n" || scalar == "\r" || scalar == "\t" { offset += 1 }
    }

    /// A string with no escape and no control character, after its opening quote, made from its
    /// UTF-8 at once (most strings); nil, with nothing read, for any other (read scalar by scalar).
    private mutating func plainString() -> String? {
        var end = offset
        while end < scalars.endIndex {
            let scalar = scalars[end]
            if scalar == "\"" { break }
            if scalar == "\\" || scalar.value < 0x20 { return nil }
            end += 1
        }
        guard end < scalars.endIndex else { return nil }
        let text = ScalarText.string(scalars[offset..<end])
        offset = end + 1
        return text
    }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        offset + ahead < scalars.endIndex ? scalars[offset + ahead] : nil
    }

    static let strayByteOrderMark = (message: "a byte-order mark (U+FEFF) is allowed only as the very first character of the file",
                                     help: "delete it (it is invisible in most editors)")
    /// A mark opening a line of JSON Lines or CSV after the first, as joining files that each
    /// start with one leaves it.
    static let byteOrderMarkOnALaterLine = (message: "a byte-order mark (U+FEFF) is allowed only at the very start of the input, not at the start of a later line",
                                            help: "delete it (it is invisible in most editors; joining files that each begin with one leaves it there)")

    private func span(_ start: Int) -> Span { Span(file: file, start: start, end: max(start + 1, offset)) }

    private func fail(_ message: String, help: String? = nil) -> Failure {
        // A byte-order mark where the reader stopped is the cause, whatever was expected there.
        if peek() == "\u{FEFF}" {
            let (message, help) = startsInput || offset > scalars.startIndex ? Self.strayByteOrderMark : Self.byteOrderMarkOnALaterLine
            return Failure(diagnostic: Diagnostic(.malformedJSON, message, at: Span(file: file, start: offset, end: offset + 1), help: help))
        }
        return Failure(diagnostic: Diagnostic(.malformedJSON, message, at: Span(file: file, start: min(offset, max(scalars.startIndex, scalars.endIndex - 1)), end: offset + 1), help: help))
    }
}
