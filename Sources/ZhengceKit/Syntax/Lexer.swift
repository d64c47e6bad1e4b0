/// Turns a policy file into tokens. It never stops at a bad character: it reports it and goes on,
/// and full-width punctuation typed by a Chinese keyboard is reported with its ASCII fix and then
/// read as that ASCII character, so one slip does not hide the rest of the file.
public struct Lexer {
    private let file: SourceFile
    private let scalars: [Unicode.Scalar]
    private var offset = 0
    private var tokens: [Token] = []
    private let keepComments: Bool
    public private(set) var diagnostics = DiagnosticBag()

    public init(file: SourceFile, keepComments: Bool = false) {
        self.file = file
        self.scalars = file.scalars
        self.keepComments = keepComments
    }

    /// Full-width or Chinese punctuation and the ASCII a policy file needs in its place.
    static let fullWidth = Characters.fullWidth
    static let bidiControls = Characters.bidiControls

    public static func tokenize(_ file: SourceFile, keepComments: Bool = false) -> (tokens: [Token], diagnostics: DiagnosticBag) {
        var lexer = Lexer(file: file, keepComments: keepComments)
        lexer.run()
        return (lexer.tokens, lexer.diagnostics)
    }

    private mutating func run() {
        // Room for the tokens of a typical policy file at once (about one per six scalars, comments
        // and labels included), rather than growing the array token by token.
        tokens.reserveCapacity(scalars.count / 5 + 16)
        while let scalar = peek() {
            let start = offset
            if scalar == "\n" || scalar == "\r" || scalar == " " || scalar == "\t" || scalar == "\u{FEFF}" {
                offset += 1
            } else if scalar == "/" && peek(1) == "/" {
                var bidi = false
                while let next = peek(), next != "\n", next != "\r" {
                    if Lexer.mayBeBidi(next) { bidi = true }
                    offset += 1
                }
                if bidi { reportBidi(from: start, to: offset) }
                if keepComments { emit(.comment, from: start) }
            } else if scalar == "/" && peek(1) == "*" {
                blockComment()
                reportBidi(from: start, to: offset)
                if keepComments { emit(.comment, from: start) }
            } else if isIdentifierStart(scalar) || (!scalar.isASCII && Lexer.confusables[scalar] != nil) {
                identifier()
            } else if let length = unitWord() {
                offset += length
                if let number = number(endingAt: start, spaced: true) {
                    // `5 亿`: read as `5亿`, the unit written against its number (a unit standing
                    // alone follows `in`, never a number).
                    let unit = file.slice(span(start, offset))
                    let written = file.slice(span(number.span.start, offset))
                    tokens[tokens.count - 1] = Token(kind: .number, text: number.text + unit, span: span(number.span.start, offset))
                    diagnostics.add(.unexpectedCharacter, "`\(written)` is written `\(number.text)\(unit)` in policies: a unit follows its number",
                                    at: span(number.span.start, offset), help: "write `\(number.text)\(unit)`")
                } else {
                    emit(.identifier, from: start)
                }
            } else if isDigit(scalar) {
                numberLike()
            } else if scalar == "\"" {
                string(closing: "\"")
            } else if (scalar == "(" || scalar == "（"), let length = inclusionMark() {
                // `5亿（含）`: the documents' mark that a bound is included, which a comparison says.
                offset += length
                let written = file.slice(span(start, offset))
                diagnostics.add(.unexpectedCharacter, "`\(written)` after a bound is not written in policies: `>=` and `<=` include the bound, `>` and `<` leave it out",
                                at: span(start, offset), help: "delete `\(written)` and compare with the operator that says it")
            } else if (scalar == "(" || scalar == "（") && startsCitation() {
                citation()
            } else if scalar == "%" || scalar == "％", let number = number(endingAt: start, spaced: true) {
                // `20 %`: read as `20%`, the sign written against its number.
                offset += 1
                let written = file.slice(span(number.span.start, offset))
                tokens[tokens.count - 1] = Token(kind: .number, text: number.text + "%", span: span(number.span.start, offset))
                diagnostics.add(.unexpectedCharacter, "`\(written)` is written `\(number.text)%` in policies: the percent sign follows its number",
                                at: span(number.span.start, offset), help: "write `\(number.text)%`")
            } else if let kind = fullWidthPair() {
                emit(kind, from: start)
            } else if let kind = punctuation() {
                emit(kind, from: start)
            } else if Lexer.bidiControls.contains(scalar.value) {
                offset += 1
                diagnostics.add(.bidiControl, "bidirectional control character U+\(hex(scalar)) can make the text read differently from how it runs",
                                at: span(start), help: "delete the invisible character")
            } else if Characters.narrowDigit(scalar) != nil {
                fullWidthNumber()
            } else if let (written, word) = otherLanguagesOperator() {
                // `&&`, `||`, `!` are read as the words they stand for, so the rest still parses.
                offset += written.unicodeScalars.count
                diagnostics.add(.unexpectedCharacter, "`\(written)` is written `\(word)` in policies", at: span(start, offset), help: "write `\(word)`")
                tokens.append(Token(kind: .identifier, text: word, span: span(start, offset)))
            } else if let ascii = Lexer.fullWidth[scalar] {
                fullWidthPunctuation(scalar, ascii)
            } else if scalar.properties.isIdeographic {
                chineseText()
            } else {
                offset += 1
                // `10万~50万`, `2025-01-01 ～ 2028-12-31`: a range as the documents write one.
                let help = scalar == "~" || scalar == "～" ? "a range is not written with `\(scalar)`: an amount between two bounds is `floor` and `cap` (`floor 10万`, `cap 50万`); a validity runs `from … until …`" : nil
                diagnostics.add(.unexpectedCharacter, "unexpected character `\(scalar)`", at: span(start), help: help)
            }
        }
        tokens.append(Token(kind: .endOfFile, text: "", span: span(scalars.count)))
    }

    // MARK: Pieces

    /// `&&`, `||` or a `!` (or full-width `！`) that does not start `!=`, with the word the policy
    /// language writes. (A `！=` typed in full width is read as `!=` before this, by `fullWidthPair`.)
    private func otherLanguagesOperator() -> (written: String, word: String)? {
        switch (peek(), peek(1)) {
        case ("&", "&"): return ("&&", "and")
        case ("|", "|"): return ("||", "or")
        case ("!", let next) where next != "=": return ("!", "not")
        case ("！", _): return ("！", "not")
        default: return nil
        }
    }

    /// Letters from other scripts that look like ASCII letters, and full-width Latin letters and
    /// digits: in a name they are almost always a slip, and an invisible one.
    static let confusables: [Unicode.Scalar: Unicode.Scalar] = {
        var table: [Unicode.Scalar: Unicode.Scalar] = [
            "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ѕ": "s", "ј": "j",
            "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X",
            "ο": "o", "α": "a", "ν": "v", "ρ": "p", "ι": "i", "κ": "k", "τ": "t", "Ο": "O", "Α": "A", "Β": "B", "Ε": "E",
        ]
        // Ａ…Ｚ and ａ…ｚ: the full-width letters lie 0xFEE0 above their ASCII letters.
        for ascii in Array(UInt8(ascii: "A")...UInt8(ascii: "Z")) + Array(UInt8(ascii: "a")...UInt8(ascii: "z")) {
            guard let wide = Unicode.Scalar(UInt32(ascii) + 0xFEE0) else { continue }
            table[wide] = Unicode.Scalar(ascii)
        }
        table["＿"] = "_"
        return table
    }()

    /// A name; a confusable letter in it is reported and read as the ASCII letter it imitates.
    private mutating func identifier() {
        let start = offset
        var confusable = false
        while let next = peek() {
            if isIdentifierContinue(next) {
                // The common case: an ASCII letter, digit or `_`.
            } else if !next.isASCII, let ascii = Lexer.confusables[next] {
                confusable = true
                diagnostics.add(.confusableCharacter, "`\(next)` (U+\(hex(next))) looks like ASCII `\(ascii)` but is a different character", at: span(offset),
                                help: "retype it as ASCII `\(ascii)`")
            } else {
                break
            }
            offset += 1
        }
        guard confusable else {
            tokens.append(Token(kind: .identifier, text: file.text(start..<offset), span: span(start, offset)))
            return
        }
        // Every scalar of a name is ASCII or a confusable read as ASCII: one byte each.
        let text = String(unsafeUninitializedCapacity: offset - start) { buffer in
            for index in start..<offset {
                let scalar = scalars[index]
                let ascii = scalar.isASCII ? scalar : Lexer.confusables[scalar] ?? scalar
                buffer[index - start] = UInt8(truncatingIfNeeded: ascii.value)
            }
            return offset - start
        }
        tokens.append(Token(kind: .identifier, text: text, span: span(start, offset)))
    }

    private mutating func numberLike() {
        let start = offset
        if isDate() {
            offset += 10
            emit(.date, from: start)
            return
        }
        if let (length, day) = chineseDate() {
            // `2025年1月1日`, as the documents date things: one error, read as the day it writes.
            offset += length
            let written = file.slice(span(start, offset))
            diagnostics.add(.syntax, "`\(written)` is not written as a date: a date is `YYYY-MM-DD`", at: span(start, offset), help: "write `\(day)`")
            tokens.append(Token(kind: .date, text: day.description, span: span(start, offset)))
            return
        }
        digits()
        if peek() == ":" && peek(1).map(isDigit) == true {
            offset += 1
            digits()
            emit(.ratio, from: start)
            return
        }
        if let next = peek(), ("a"..."z").contains(next), !(next == "m" && peek(1) == "²") {
            while let more = peek(), ("a"..."z").contains(more) || isDigit(more) { offset += 1 }
            emit(.label, from: start)
            return
        }
        unitSuffix()
        emit(.number, from: start)
    }

    private mutating func digits() {
        while let next = peek(), isDigit(next) { offset += 1 }
        if peek() == "." && peek(1).map(isDigit) == true {
            offset += 1
            while let next = peek(), isDigit(next) { offset += 1 }
        }
    }

    /// Reads the unit written against a number: `%`, `BP`, `万`, `亿元`, `万美元`, …
    private mutating func unitSuffix() {
        if peek() == "%" || peek() == "％" {
            if peek() == "％" {
                diagnostics.add(.fullWidthPunctuation, "full-width `％` where `%` is required", at: span(offset, offset + 1), help: "replace `％` with `%`")
            }
            offset += 1
            perUnits()
            return
        }
        if peek() == "B" && peek(1) == "P" {
            offset += 2
            return
        }
        // Most numbers are followed by a space or an operator, which starts no unit name.
        guard let next = peek(), !next.isASCII || Lexer.asciiUnitStarts.contains(next) else { return }
        let money = scalarMatch(Lexer.moneyUnitNames, at: offset)
        if isSettled(money, at: offset) {
            offset += money
            perUnits()
            return
        }
        if money == 0 {
            let physical = scalarMatch(Lexer.physicalUnitNames, at: offset)
            if isSettled(physical, at: offset) {
                offset += physical
                perUnits()
                return
            }
        }
        // Rare: a unit name that only compares equal as characters (a compatibility ideograph, a
        // combining mark after it), or a character after the number that starts no unit.
        if let unit = MoneyUnit.longestPrefix(of: Substring(upcoming())) {
            offset += unit.name.unicodeScalars.count
            perUnits()
        } else if let unit = PhysicalUnit.longestPrefix(of: Substring(upcoming())) {
            offset += unit.written.unicodeScalars.count
            perUnits()
        }
    }

    /// The `/m²/月` of a price or rate (`50元/m²/月`, `0.5%/年`), written against the number.
    private mutating func perUnits() {
        while peek() == "/", let unit = PhysicalUnit.longestPrefix(of: Substring(upcoming(from: offset + 1))) {
            offset += 1 + unit.written.unicodeScalars.count
        }
    }

    /// The next few characters, for matching a unit's name.
    private func upcoming(from start: Int? = nil) -> String {
        let first = min(scalars.count, start ?? offset)
        var rest = String.UnicodeScalarView()
        rest.append(contentsOf: scalars[first..<min(scalars.count, first + 4)])
        return String(rest)
    }

    /// A money unit written on its own (`money in 万元`) reads as a name; its length in scalars.
    private func unitWord() -> Int? {
        guard let scalar = peek(), !scalar.isASCII, scalar.properties.isIdeographic else { return nil }
        let money = scalarMatch(Lexer.moneyUnitNames, at: offset)
        if isSettled(money, at: offset) { return money }
        return MoneyUnit.longestPrefix(of: Substring(upcoming())).map { $0.name.unicodeScalars.count }
    }

    /// Unit names as scalars, for matching them without building strings.
    static let moneyUnitNames: [[Unicode.Scalar]] = MoneyUnit.all.map { Array($0.name.unicodeScalars) }
    static let physicalUnitNames: [[Unicode.Scalar]] = PhysicalUnit.spellings.map { Array($0.written.unicodeScalars) }

    /// The length of the longest of `names` that the scalars at `start` spell (0 if none).
    private func scalarMatch(_ names: [[Unicode.Scalar]], at start: Int) -> Int {
        var best = 0
        for name in names where name.count > best && start + name.count <= scalars.count {
            if scalars[start..<start + name.count].elementsEqual(name) { best = name.count }
        }
        return best
    }

    /// Whether a match of `length` scalars at `start` is what comparing characters would find too:
    /// it is followed by the end of the text or an ASCII character, which neither extends the
    /// last character nor continues a longer unit name.
    private func isSettled(_ length: Int, at start: Int) -> Bool {
        length > 0 && (start + length == scalars.count || scalars[start + length].isASCII)
    }

    /// A date written the Chinese way from here, `2025年1月1日` (the year in four digits, `日`
    /// optional): its length and the day, when it is one in the calendar.
    private func chineseDate() -> (Int, Day)? {
        var index = offset
        func field(_ most: Int, then mark: Unicode.Scalar?) -> Bool {
            let first = index
            while index < scalars.count, index - first < most, isDigit(scalars[index]) { index += 1 }
            guard index > first, most < 4 || index - first == 4 else { return false }
            guard let mark else { return true }
            guard index < scalars.count, scalars[index] == mark else { return false }
            index += 1
            return true
        }
        guard field(4, then: "年"), field(2, then: "月"), field(2, then: nil) else { return nil }
        if index < scalars.count, scalars[index] == "日" { index += 1 }
        guard let day = Day.writtenElsewhere(file.slice(span(offset, index))) else { return nil }
        return (index - offset, day)
    }

    private func isDate() -> Bool {
        guard offset + 10 <= scalars.count else { return false }
        for index in 0..<10 {
            let scalar = scalars[offset + index]
            let wantDash = index == 4 || index == 7
            if wantDash ? scalar != "-" : !isDigit(scalar) { return false }
        }
        return offset + 10 == scalars.count || !isDigit(scalars[offset + 10])
    }

    private mutating func string(closing: Unicode.Scalar) {
        let start = offset
        offset += 1
        let contentStart = offset
        var escapes = false
        // Whether the string may hold a bidirectional control, looked for once it is read.
        var bidi = false
        // A string opened by a full-width `“` may be closed by an ASCII `"` as well.
        let alsoClosing: Unicode.Scalar = closing == "”" ? "\"" : closing
        while let next = peek(), next != closing, next != alsoClosing, next != "\n" {
            if Lexer.mayBeBidi(next) { bidi = true }
            if next == "\\", let escaped = peek(1) {
                if Lexer.mayBeBidi(escaped) { bidi = true }
                escapes = true
                offset += 2
                continue
            }
            offset += 1
        }
        let content = escapes ? unescaped(contentStart..<offset) : file.text(contentStart..<offset)
        if peek() == closing || peek() == alsoClosing {
            offset += 1
        } else {
            diagnostics.add(.unterminatedString, "string is not closed before the end of the line", at: span(start),
                            help: "add the closing `\"`")
        }
        if bidi { reportBidi(from: start, to: offset) }
        tokens.append(Token(kind: .string, text: content, span: span(start, offset)))
    }

    /// A string's content with its escapes read: `\n` is a line break, `\` before any other
    /// character stands for that character.
    private func unescaped(_ range: Range<Int>) -> String {
        var content = String.UnicodeScalarView()
        var index = range.lowerBound
        while index < range.upperBound {
            let scalar = scalars[index]
            if scalar == "\\", index + 1 < scalars.count {
                content.append(scalars[index + 1] == "n" ? "\n" : scalars[index + 1])
                index += 2
                continue
            }
            content.append(scalar)
            index += 1
        }
        return String(content)
    }

    /// `(第二条（一）)`: full-width parentheses may nest inside; the outer pair should be ASCII, and a
    /// full-width outer pair is reported with its fix but still read as a citation.
    private mutating func citation() {
        let start = offset
        if scalars[offset] == "（" {
            diagnostics.add(.fullWidthPunctuation, "full-width `（` where `(` is required to open the article citation", at: span(start),
                            help: "replace `（` with ASCII `(` (switch the keyboard to half-width punctuation)")
        }
        offset += 1
        let contentStart = offset
        var depth = 0
        var asciiDepth = 0
        while let next = peek(), next != "\n" {
            if next == ")" && asciiDepth == 0 && depth == 0 { break }
            if next == "(" { asciiDepth += 1 }
            if next == ")" { asciiDepth -= 1 }
            if next == "（" { depth += 1 }
            if next == "）" {
                if depth == 0 {
                    diagnostics.add(.fullWidthPunctuation, "full-width `）` where `)` is required to close the article citation", at: span(offset),
                                    help: "replace `）` with ASCII `)`")
                    break
                }
                depth -= 1
            }
            offset += 1
        }
        let content = file.text(contentStart..<offset)
        if peek() == ")" || peek() == "）" {
            offset += 1
        } else {
            diagnostics.add(.syntax, "article citation is not closed", at: span(start), help: "close the citation with an ASCII `)`")
        }
        tokens.append(Token(kind: .citation, text: content, span: span(start, offset)))
    }

    private mutating func blockComment() {
        let start = offset
        offset += 2
        while offset < scalars.count, !(scalars[offset] == "*" && peek(1) == "/") { offset += 1 }
        if offset >= scalars.count {
            diagnostics.add(.syntax, "comment is not closed", at: span(start), help: "close it with `*/`")
        } else {
            offset += 2
        }
    }

    /// A run of Chinese text outside a string or a citation: one error for the run, and read as a
    /// string. An article number (`第一条`, `第二条（一）`) is a citation without its parentheses.
    /// Chinese words written where the language has its own: the logical connectives and the
    /// scopes of a cap.
    static let chineseWords: [String: [String]] = [
        "且": ["and"], "并且": ["and"], "而且": ["and"], "或": ["or"], "或者": ["or"], "非": ["not"],
        "每年": ["per", "year"], "每项": ["per", "item"], "每次": ["per", "time"], "每个项目": ["per", "project"],
        "每家": ["per", "enterprise"], "每家企业": ["per", "enterprise"], "累计": ["cumulative"],
        // Between the days of a validity.
        "至": ["until"], "到": ["until"],
    ]

    /// Comparisons written in Chinese between two values (`revenue 不低于 5亿`): read as the
    /// operator they stand for. `超过` and `低于` leave the bound out, as the documents read them
    /// (reading A18); `不超过` and `不低于` take it in.
    static let chineseComparisons: [String: (written: String, kind: TokenKind)] = [
        "大于": (">", .greater), "超过": (">", .greater), "高于": (">", .greater), "多于": (">", .greater),
        "小于": ("<", .less), "低于": ("<", .less), "少于": ("<", .less),
        "不低于": (">=", .greaterEqual), "不少于": (">=", .greaterEqual), "不小于": (">=", .greaterEqual), "大于等于": (">=", .greaterEqual),
        "不高于": ("<=", .lessEqual), "不超过": ("<=", .lessEqual), "不多于": ("<=", .lessEqual), "不大于": ("<=", .lessEqual), "小于等于": ("<=", .lessEqual),
        "等于": ("==", .equalEqual), "不等于": ("!=", .notEqual),
    ]

    /// The words that follow a bound to say which side of it is meant (`5亿以上`): each takes in
    /// the bound, as Chinese legal texts use them.
    static let boundWords: [String: (written: String, kind: TokenKind)] = [
        "以上": (">=", .greaterEqual), "以下": ("<=", .lessEqual), "以内": ("<=", .lessEqual),
    ]

    /// The measure words a count is written with in Chinese (`10人`, `3项`), which a count in a
    /// policy does without.
    static let countWords: Set<String> = ["人", "名", "个", "家", "项", "次", "户", "件", "台", "套", "位", "篇", "种"]

    /// The number token that ends where `start` begins, or (`spaced`) that spaces, one or more,
    /// separate from it; only one written in digits alone (no unit) when `bare`.
    private func number(endingAt start: Int, spaced: Bool = false, bare: Bool = true) -> Token? {
        var end = start
        if spaced { while end > 0, scalars[end - 1] == " " || scalars[end - 1] == "\t" { end -= 1 } }
        guard !spaced || end < start, let last = tokens.last, last.kind == .number, last.span.end == end,
              !bare || last.text.unicodeScalars.allSatisfy({ isDigit($0) || $0 == "." }) else { return nil }
        return last
    }

    /// The help of Chinese text outside a string; where an expression reads a value, loading
    /// names the fact whose label it is (`Zhengce.namingLabels`).
    static func strayChineseMessage(_ text: String) -> String { "unexpected Chinese text `\(text)`" }

    static func strayChineseHelp(_ text: String, whereAValueIsRead: Bool = false) -> String {
        (whereAValueIsRead ? "a value is read by its name, in ASCII; " : "") + "Chinese text belongs inside a string: \"\(text)\""
    }

    /// The words after which an expression reads a value.
    static let valueKeywords: Set<String> = ["when", "amount", "cap", "floor", "and", "or", "not", "if", "else", "by", "of", "where", "assessed"]

    private mutating func chineseText() {
        let start = offset
        while let next = peek(), next.properties.isIdeographic || next == "（" || next == "）" || isDigit(next) { offset += 1 }
        let text = file.slice(span(start, offset))
        if Lexer.countWords.contains(text), let number = number(endingAt: start) {
            // `employees >= 10人`: the number is read alone, the measure word left out.
            let written = file.slice(span(number.span.start, offset))
            diagnostics.add(.unexpectedCharacter, "`\(written)` is written `\(number.text)` in policies: a count takes no measure word",
                            at: span(number.span.start, offset), help: "write `\(number.text)`")
            return
        }
        if let comparison = Lexer.boundWords[text], let number = number(endingAt: start, bare: false), tokens.count >= 2 {
            // `revenue 5亿以上`: the bound, then the word that says which side of it; read as
            // `revenue >= 5亿`. After a comparison already written, the word is left out.
            let before = tokens[tokens.count - 2]
            let compared = [.less, .lessEqual, .greater, .greaterEqual, .equalEqual, .notEqual].contains(before.kind)
            if compared || [.identifier, .rightParen, .rightBracket].contains(before.kind) && !Lexer.valueKeywords.contains(before.text) {
                let written = file.slice(span(number.span.start, offset))
                let meant = compared ? number.text : "\(comparison.written) \(number.text)"
                diagnostics.add(.unexpectedCharacter, "`\(written)` is written `\(meant)` in policies: `\(text)` takes in the bound it follows",
                                at: span(number.span.start, offset), help: "write `\(meant)`")
                if !compared { tokens.insert(Token(kind: comparison.kind, text: comparison.written, span: span(number.span.start, offset)), at: tokens.count - 1) }
                return
            }
        }
        if let comparison = Lexer.chineseComparisons[text], let last = tokens.last,
           [.identifier, .number, .rightParen, .rightBracket, .string, .date].contains(last.kind) {
            // Between two values: read as the operator, so the condition is still checked.
            diagnostics.add(.unexpectedCharacter, "`\(text)` is written `\(comparison.written)` in policies", at: span(start, offset),
                            help: "write `\(comparison.written)`")
            tokens.append(Token(kind: comparison.kind, text: comparison.written, span: span(start, offset)))
            return
        }
        if let words = Lexer.chineseWords[text] {
            // `r > 1万 且 n > 1`, `cap 50万 每年`: read as the words they stand for, so the
            // statement still parses.
            let written = words.joined(separator: " ")
            diagnostics.add(.unexpectedCharacter, "`\(text)` is written `\(written)` in policies", at: span(start, offset), help: "write `\(written)`")
            for word in words { tokens.append(Token(kind: .identifier, text: word, span: span(start, offset))) }
            return
        }
        let article = text.hasPrefix("第") && (text.contains("条") || text.contains("款"))
        // Where a name is declared (`fact 员工人数`, `let 基数`, a record's `.字段`), the name is
        // what is wrong, not a missing pair of quotes.
        let declared = tokens.last.map { ($0.kind == .identifier && ["fact", "let"].contains($0.text)) || $0.kind == .dot } ?? false
        // Where an expression reads a value (after `when`, an operator, `(`…), unlike a label,
        // which follows a type or a default: the text may be a fact's label written for its name.
        let readsAValue = tokens.last.map { last in
            switch last.kind {
            case .identifier: return Lexer.valueKeywords.contains(last.text)
            case .leftParen, .leftBracket, .comma, .plus, .minus, .star, .slash, .less, .lessEqual, .greater, .greaterEqual,
                 .equalEqual, .notEqual, .equal, .questionQuestion, .arrow: return true
            default: return false
            }
        } ?? false
        let help = article ? "an article citation is written in parentheses after the title: `(\(text))`"
            : declared ? "a name is ASCII letters, digits and `_` (such as `employees`); the Chinese belongs in its label: \"\(text)\""
            : readsAValue ? Lexer.strayChineseHelp(text, whereAValueIsRead: true)
            : Lexer.strayChineseHelp(text)
        diagnostics.add(.unexpectedCharacter, Lexer.strayChineseMessage(text), at: span(start, offset), help: help)
        // Read as what it was meant to be (a citation, or a string such as a label or a title), so
        // the declaration around it still parses.
        tokens.append(Token(kind: article ? .citation : .string, text: text, span: span(start, offset)))
    }

    /// A number typed with full-width digits (`１０万`, `１２．５%`): reported once, and read as the
    /// number its ASCII digits write, so the rest of the file is still checked.
    private mutating func fullWidthNumber() {
        let start = offset
        var ascii = String.UnicodeScalarView()
        func digit(_ scalar: Unicode.Scalar?) -> Unicode.Scalar? { scalar.flatMap { isDigit($0) ? $0 : Characters.narrowDigit($0) } }
        while let next = peek() {
            if let narrow = digit(next) {
                ascii.append(narrow)
            } else if (next == "．" || next == "."), digit(peek(1)) != nil, !ascii.contains(".") {
                ascii.append(".")
            } else {
                break
            }
            offset += 1
        }
        let digitsEnd = offset
        let written = String(ascii)
        // Both forms quoted: the language server offers the replacement as a quick fix.
        diagnostics.add(.fullWidthPunctuation, "full-width digits `\(file.slice(span(start, digitsEnd)))` where ASCII `\(written)` is required",
                        at: span(start, digitsEnd), help: "write `\(written)` (switch the keyboard to half-width input)")
        unitSuffix()
        tokens.append(Token(kind: .number, text: written + file.slice(span(digitsEnd, offset)), span: span(start, offset)))
    }

    private mutating func fullWidthPunctuation(_ scalar: Unicode.Scalar, _ ascii: Unicode.Scalar) {
        let start = offset
        if ascii == ";" {
            // No statement takes a `;`: a line break ends it, and bracket arms need no separator.
            offset += 1
            diagnostics.add(.fullWidthPunctuation, "full-width `；` where none is needed: a statement or bracket arm ends at the end of its line",
                            at: span(start, start + 1), help: "delete the `；`")
            return
        }
        diagnostics.add(.fullWidthPunctuation, "full-width `\(scalar)` where `\(ascii)` is required", at: span(start, start + 1),
                        help: "replace `\(scalar)` with ASCII `\(ascii)` (switch the keyboard to half-width punctuation)")
        if ascii == "\"" {
            string(closing: "”")
            // The closing `”` is full width too, and fixed with the opening one: fixing only the
            // opening `“` would leave a string that never closes. (An ASCII `"` closes it too, for
            // a keyboard switched to half width in between.)
            if let last = tokens.last, last.kind == .string, last.span.end - 1 > start, scalars[last.span.end - 1] == "”" {
                diagnostics.add(.fullWidthPunctuation, "full-width `”` where `\"` is required", at: span(last.span.end - 1, last.span.end),
                                help: "replace `”` with ASCII `\"` (switch the keyboard to half-width punctuation)")
            }
            return
        }
        offset += 1
        if let kind = Lexer.singleKind(ascii) {
            emit(kind, from: start)
        }
    }

    /// A two-character operator with one or both characters typed in full width (`＞=`, `>＝`,
    /// `＞＝`, `！=`, `《=`): reported once and read as the operator, instead of as two tokens.
    private mutating func fullWidthPair() -> TokenKind? {
        guard let first = peek(), let second = peek(1), !first.isASCII || !second.isASCII else { return nil }
        guard let narrowFirst = first.isASCII ? first : Lexer.fullWidth[first],
              let narrowSecond = second.isASCII ? second : Lexer.fullWidth[second],
              let kind = Lexer.pairKind(narrowFirst, narrowSecond) else { return nil }
        let start = offset
        let written = String(first) + String(second), ascii = String(narrowFirst) + String(narrowSecond)
        offset += 2
        diagnostics.add(.fullWidthPunctuation, "full-width `\(written)` where `\(ascii)` is required", at: span(start, offset),
                        help: "replace `\(written)` with ASCII `\(ascii)` (switch the keyboard to half-width punctuation)")
        return kind
    }

    /// The one-character tokens (a few typed as their mathematical signs), by a switch rather
    /// than a table: every punctuation mark of a file is looked up here.
    static func singleKind(_ scalar: Unicode.Scalar) -> TokenKind? {
        switch scalar {
        case "{": return .leftBrace
        case "}": return .rightBrace
        case "(": return .leftParen
        case ")": return .rightParen
        case "[": return .leftBracket
        case "]": return .rightBracket
        case ",": return .comma
        case ":": return .colon
        case ";": return .semicolon
        case ".": return .dot
        case "+": return .plus
        case "-", "−": return .minus
        case "*", "×": return .star
        case "/", "÷": return .slash
        case "<": return .less
        case ">": return .greater
        case "=": return .equal
        case "≤": return .lessEqual
        case "≥": return .greaterEqual
        case "≠": return .notEqual
        case "∞": return .infinity
        case "→": return .arrow
        default: return nil
        }
    }

    private mutating func punctuation() -> TokenKind? {
        guard let scalar = peek() else { return nil }
        if let next = peek(1), let kind = Lexer.pairKind(scalar, next) {
            offset += 2
            return kind
        }
        if let kind = Lexer.singleKind(scalar) {
            offset += 1
            return kind
        }
        return nil
    }

    // MARK: Helpers

    /// Whether every unit name starts with a character outside ASCII (which an ASCII character
    /// cannot be canonically equivalent to), so that an ASCII character starts no unit.
    /// The ASCII characters a unit written against a number may start with (`m²`); any other
    /// ASCII character after a number ends it.
    static let asciiUnitStarts: Set<Unicode.Scalar> = Set((MoneyUnit.all.map(\.name) + PhysicalUnit.spellings.map(\.written))
        .compactMap(\.unicodeScalars.first).filter(\.isASCII))

    /// The two-character operators.
    static func pairKind(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> TokenKind? {
        switch (first, second) {
        case ("=", ">"): return .arrow
        case ("<", "="): return .lessEqual
        case (">", "="): return .greaterEqual
        case ("=", "="): return .equalEqual
        case ("!", "="): return .notEqual
        case ("?", "?"): return .questionQuestion
        default: return nil
        }
    }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        offset + ahead < scalars.count ? scalars[offset + ahead] : nil
    }

    /// Reports invisible bidirectional controls hidden in a comment or string (the "Trojan Source" trick).
    private mutating func reportBidi(from start: Int, to end: Int) {
        for index in start..<min(end, scalars.count) where Lexer.mayBeBidi(scalars[index]) && Lexer.bidiControls.contains(scalars[index].value) {
            diagnostics.add(.bidiControl, "bidirectional control character U+\(hex(scalars[index])) can make the text read differently from how it runs",
                            at: span(index), help: "delete the invisible character")
        }
    }

    /// A cheap first test: every bidirectional control is U+061C or in U+200E…U+2069.
    @inline(__always)
    static func mayBeBidi(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value == 0x061C || scalar.value &- 0x200E <= 0x2069 - 0x200E
    }

    private mutating func emit(_ kind: TokenKind, from start: Int) {
        // Most tokens emitted here are one punctuation mark.
        let text = offset == start + 1 ? String(scalars[start]) : file.slice(span(start, offset))
        tokens.append(Token(kind: kind, text: text, span: span(start, offset)))
    }

    private func span(_ start: Int, _ end: Int? = nil) -> Span {
        Span(file: file, start: start, end: end ?? start + 1)
    }

    private func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
    private func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_"
    }
    private func isIdentifierContinue(_ scalar: Unicode.Scalar) -> Bool { isIdentifierStart(scalar) || isDigit(scalar) }
    /// The words that end an exclusion or a shared cap, after which a citation may come.
    static let wordsBeforeCitation: Set<String> = ["first", "last", "order", "proportionally"]
    private func isCitationStart(_ scalar: Unicode.Scalar) -> Bool { !scalar.isASCII && scalar.properties.isIdeographic }

    /// The length of `（含）`, `(含)`, `（不含）` or `(不含)` from here, right after a number (spaces
    /// between allowed); nil otherwise.
    private func inclusionMark() -> Int? {
        guard number(endingAt: offset, spaced: true) != nil || number(endingAt: offset, bare: false) != nil else { return nil }
        for mark in ["含", "不含"] {
            let inner = Array(mark.unicodeScalars)
            guard (1...inner.count).allSatisfy({ peek($0) == inner[$0 - 1] }), let close = peek(inner.count + 1), close == ")" || close == "）" else { continue }
            return inner.count + 2
        }
        return nil
    }

    /// Whether the parenthesis at `offset` opens an article citation, as documents number their
    /// items: `(第三条第二款)`, `(附件2)`, `(（一）)`, `(（四）3.)`, `(1、)`. A citation starts with a
    /// Chinese character or a full-width parenthesis, or with digits followed by `、` or `．`,
    /// which no expression can hold.
    private func startsCitation() -> Bool {
        guard let first = peek(1) else { return false }
        // `min(1、…`, `min(基数, 50万)`: a parenthesis against a name opens a call, not a citation,
        // except against the words a citation follows in an exclusion or a shared cap
        // (`tie first(第三条)`, `reduce proportionally(第五条)`), which no call is named.
        // (An ASCII character is a letter or has a numeric type exactly when it is one of these.)
        if offset > 0, isIdentifierContinue(scalars[offset - 1]) {
            var wordStart = offset - 1
            while wordStart > 0, isIdentifierContinue(scalars[wordStart - 1]) { wordStart -= 1 }
            guard Lexer.wordsBeforeCitation.contains(String(String.UnicodeScalarView(scalars[wordStart..<offset]))) else { return false }
        }
        if isCitationStart(first) || first == "（" { return true }
        var ahead = 1
        while let next = peek(ahead), isDigit(next) { ahead += 1 }
        guard ahead > 1, let mark = peek(ahead) else { return false }
        return mark == "、" || mark == "．"
    }
    private func hex(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
