/// Expressions, loosest-binding rule first, and the literals they are made of.
extension Parser {
    // MARK: Expressions

    mutating func expression() throws -> ExprNode {
        try nested { try $0.conditional() }
    }

    /// Guards recursion so that deeply nested input is an error, never a stack overflow.
    mutating func nested(_ body: (inout Parser) throws -> ExprNode) throws -> ExprNode {
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maxDepth {
            if !diagnostics.items.contains(where: { $0.code == .nestingTooDeep }) {
                diagnostics.add(.nestingTooDeep, "expression nested more than \(Parser.maxDepth) levels deep", at: peek().span,
                                help: "split the expression with `let`")
            }
            throw Failure()
        }
        return try body(&self)
    }

    /// Counts one more operator of a flat chain (`a + b + c …`). A chain is a tree as deep as it is
    /// long, and every later stage walks trees recursively, so a chain longer than `maxChain` is
    /// an error with its place, never a stack overflow.
    mutating func extendChain(_ length: inout Int) throws {
        length += 1
        chainDepth += 1
        if chainDepth > Parser.maxChain {
            if !diagnostics.items.contains(where: { $0.code == .nestingTooDeep }) {
                diagnostics.add(.nestingTooDeep, "expression chains more than \(Parser.maxChain) operators", at: previous().span,
                                help: "split the expression with `let`, e.g. sum parts of it in separate definitions")
            }
            throw Failure()
        }
    }

    /// `a if condition else b`
    mutating func conditional() throws -> ExprNode {
        if peek().isWord("if") { return try conditionFirst() }
        let value = try coalesce()
        guard matchWord("if") else { return value }
        let condition = try coalesce()
        try expectWord("else", "in `… if … else …`")
        let otherwise = try expression()
        return Located(.conditional(then: value, condition: condition, otherwise: otherwise), value.span.to(otherwise.span))
    }

    /// `if condition then a else b`, the order of other languages: an error naming the order of
    /// ours, read as the conditional it means so that the rest is still checked.
    mutating func conditionFirst() throws -> ExprNode {
        let keyword = advance()
        let condition = try coalesce()
        guard matchWord("then") else {
            report("a conditional is written `VALUE if CONDITION else OTHER`, found `if` first", at: keyword.span,
                   help: "put the value first: `5万 if revenue > 1亿 else 1万`")
            throw Failure()
        }
        let value = try coalesce()
        try expectWord("else", "in `if … then … else …`")
        let otherwise = try expression()
        let text = { (node: ExprNode) in node.span.text ?? "…" }
        report("a conditional is written `VALUE if CONDITION else OTHER`, found `if … then … else …`", at: keyword.span,
               help: "write `\(text(value)) if \(text(condition)) else \(text(otherwise))`")
        return Located(.conditional(then: value, condition: condition, otherwise: otherwise), keyword.span.to(otherwise.span))
    }

    mutating func coalesce() throws -> ExprNode {
        var left = try disjunction()
        var length = 0
        defer { chainDepth -= length }
        while match(.questionQuestion) {
            try extendChain(&length)
            let right = try disjunction()
            left = Located(.binary(.coalesce, left, right), left.span.to(right.span))
        }
        return left
    }

    mutating func disjunction() throws -> ExprNode {
        var left = try conjunction()
        var length = 0
        defer { chainDepth -= length }
        while matchWord("or") {
            try extendChain(&length)
            let right = try conjunction()
            left = Located(.binary(.or, left, right), left.span.to(right.span))
        }
        return left
    }

    mutating func conjunction() throws -> ExprNode {
        var left = try negation()
        var length = 0
        defer { chainDepth -= length }
        while matchWord("and") {
            try extendChain(&length)
            let right = try negation()
            left = Located(.binary(.and, left, right), left.span.to(right.span))
        }
        return left
    }

    mutating func negation() throws -> ExprNode {
        if check(.identifier) && peek().text == "not" {
            let start = advance().span
            let operand = try nested { try $0.negation() }
            return Located(.not(operand), start.to(operand.span))
        }
        return try comparison()
    }

    mutating func comparison() throws -> ExprNode {
        let left = try additive()
        if let op = Parser.comparisonOperator(peek().kind) {
            advance()
            let right = try additive()
            return Located(.binary(op, left, right), left.span.to(right.span))
        }
        if check(.equal) {
            report("`=` assigns; compare with `==`", help: "write `==`")
            advance()
            let right = try additive()
            return Located(.binary(.equal, left, right), left.span.to(right.span))
        }
        if check(.identifier) && peek().text == "in" && looksLikeBracketArms(after: position + 1) {
            // `revenue in { [0, 1000万) => … }`: a bracket table written as a membership test; read
            // as the table, with one error.
            let word = advance()
            let subject = left.span.text ?? "…"
            report("a bracket table is written `by \(subject) { … }`, not with `in`", at: word.span,
                   help: "write `by \(subject) {` in place of `\(subject) in {`")
            return try bracketArms(subject: left, start: left.span)
        }
        if matchWord("in") {
            let set = try additive()
            return Located(.membership(left, set, negated: false), left.span.to(set.span))
        }
        if check(.identifier) && peek().text == "not" && peek(1).isWord("in") {
            advance(); advance()
            let set = try additive()
            return Located(.membership(left, set, negated: true), left.span.to(set.span))
        }
        if matchWord("is") {
            let negated = matchWord("not")
            let word = try identifier("`present`, `absent` or `empty` after `is`")
            let test: PresenceTest
            switch (word.value, negated) {
            case ("present", false), ("absent", true): test = .present
            case ("absent", false), ("present", true): test = .absent
            case ("empty", false): test = .empty
            case ("empty", true): test = .notEmpty
            default:
                report("expected `present`, `absent` or `empty` after `is`", at: word.span)
                throw Failure()
            }
            return Located(.presence(left, test), left.span.to(word.span))
        }
        return left
    }

    static func comparisonOperator(_ kind: TokenKind) -> BinaryOperator? {
        switch kind {
        case .less: return .less
        case .lessEqual: return .lessEqual
        case .greater: return .greater
        case .greaterEqual: return .greaterEqual
        case .equalEqual: return .equal
        case .notEqual: return .notEqual
        default: return nil
        }
    }

    mutating func additive() throws -> ExprNode {
        var left = try multiplicative()
        var length = 0
        defer { chainDepth -= length }
        while check(.plus) || check(.minus) {
            try extendChain(&length)
            let op: BinaryOperator = advance().kind == .plus ? .add : .subtract
            let right = try multiplicative()
            left = Located(.binary(op, left, right), left.span.to(right.span))
        }
        return left
    }

    mutating func multiplicative() throws -> ExprNode {
        var left = try unary()
        var length = 0
        defer { chainDepth -= length }
        while check(.star) || check(.slash) {
            try extendChain(&length)
            let op: BinaryOperator = advance().kind == .star ? .multiply : .divide
            let right = try unary()
            left = Located(.binary(op, left, right), left.span.to(right.span))
        }
        if peek().isWord("per") && peek(1).isWord("full") { return try stepIncrement(left) }
        if peek().isWord("of"), case .number(_, _, let written) = left.value, written.hasSuffix("%"), peek().span.line == left.span.line {
            // `50% of revenue`: read as `revenue * 50%`, with one error.
            let of = advance()
            let base = try unary()
            let share = base.span.text ?? "…"
            report("a share of an amount is a multiplication: `\(share) * \(written)`", at: of.span, help: "write `\(share) * \(written)`")
            return Located(.binary(.multiply, base, left), left.span.to(base.span))
        }
        return left
    }

    /// `100万 per full 1亿 [of quantity] above 10亿`
    mutating func stepIncrement(_ increment: ExprNode) throws -> ExprNode {
        let per = advance().span
        advance()
        let step = try unary()
        var quantity = bracketSubjects.last
        let written = matchWord("of")
        if written { quantity = try unary() }
        try expectWord("above", "to give the threshold the steps are counted from (`… per full 1亿 above 10亿`)")
        let threshold = try unary()
        guard let quantity else {
            diagnostics.add(.stepWithoutQuantity, "a step increment outside a bracket arm must say what it counts", at: per.to(threshold.span),
                            help: "name the quantity: `… per full \(file.slice(step.span)) of QUANTITY above \(file.slice(threshold.span))`")
            return Located(.error, increment.span.to(threshold.span))
        }
        let form = StepIncrement(increment: increment, step: step, quantity: quantity, quantityWritten: written, threshold: threshold)
        return Located(.steps(form), increment.span.to(threshold.span))
    }

    mutating func unary() throws -> ExprNode {
        if check(.minus) {
            let start = advance().span
            let operand = try nested { try $0.unary() }
            return Located(.negate(operand), start.to(operand.span))
        }
        return try postfix()
    }

    mutating func postfix() throws -> ExprNode {
        var value = try primary()
        var length = 0
        defer { chainDepth -= length }
        while true {
            try extendChain(&length)
            if match(.dot) {
                let field = try identifier("a field name after `.`")
                value = Located(.field(value, field.value), value.span.to(field.span))
            } else if check(.leftBracket) && peek().span.line == previous().span.line {
                // A `[` on a new line opens the next bracket arm, not an index.
                advance()
                let index = try expression()
                let end = try expect(.rightBracket, "to close the index")
                value = Located(.index(value, index), value.span.to(end.span))
            } else {
                return value
            }
        }
    }

    mutating func primary() throws -> ExprNode {
        let token = peek()
        switch token.kind {
        case .number, .ratio:
            advance()
            let token = ungrouped(token)
            guard let (value, dimension) = Parser.numberValue(token.text) else {
                let ratio = token.kind == .ratio
                diagnostics.add(.invalidNumber, ratio ? "`\(token.text)` is not a ratio that can be computed" : "`\(token.text)` is too large or too precise to compute with exactly",
                                at: token.span, help: ratio ? "the first term of a ratio must not be 0 (write `1:0.5`)" : "amounts up to 10^30 with at most 24 decimal places are supported")
                return Located(.error, token.span)
            }
            return Located(.number(value, dimension, written: token.text), token.span)
        case .date:
            advance()
            guard let day = Day(iso: token.text) else {
                diagnostics.add(.invalidDate, "`\(token.text)` is not a date in the calendar", at: token.span)
                return Located(.error, token.span)
            }
            return Located(.date(day), token.span)
        case .string:
            advance()
            return Located(.text(token.text), token.span)
        case .leftParen:
            advance()
            let inner = try expression()
            let end = try expect(.rightParen, "to close the parenthesis")
            return Located(inner.value, token.span.to(end.span))
        case .leftBrace:
            return try setLiteral()
        case .leftBracket:
            // `kind in ["a", "b"]`: a set written as other languages write a list.
            report("a set of values is written in braces, not brackets", help: "write `{` and `}` around the values: `{\"a\", \"b\"}`")
            return try setLiteral(closing: .rightBracket)
        case .identifier:
            if let dangling = danglingBeforeStatement() {
                // `when a >= 1万 or` and, on the next line, `amount …`: the statement is left to
                // be read as one, and the operator that ended the line is what is wrong.
                report("`\(dangling.text)` ends its line with no value after it, and the next line starts a statement", at: dangling.span,
                       help: "write the rest of the expression after `\(dangling.text)`, or delete it")
                return Located(.error, dangling.span)
            }
            return try namedPrimary()
        case .label:
            // `1e5`, `1e-2`: the lexer reads a label, as in `2.1a`; in an expression it is an exponent.
            if let exponent = exponentText(token) {
                report("exponent notation `\(exponent)` is not part of the language", at: token.span,
                       help: "write the number out (`1e-2` is `0.01`, or `1%`; `1e5` is `10万`)")
                throw Failure()
            }
            report("a clause label cannot stand in an expression; write `amount(\(token.text))` for that clause's amount", at: token.span)
            throw Failure()
        default:
            report("expected an expression, found \(token.display)")
            throw Failure()
        }
    }

    /// The token before a value that is missing, when the next token starts a statement of a
    /// clause instead (`amount`, `when`, `cap`… at the start of a line, followed on its line by
    /// what cannot continue an expression after a name: a name, a number, a string). A fact may
    /// be called `amount`, so a keyword followed by an operator or a parenthesis is read as a value.
    func danglingBeforeStatement() -> Token? {
        let token = peek()
        guard Parser.statementKeywords.contains(token.text), position > 0, position + 1 < tokens.count else { return nil }
        let before = tokens[position - 1], after = tokens[position + 1]
        guard before.span.line < token.span.line, after.span.line == token.span.line else { return nil }
        switch after.kind {
        case .identifier: return Keywords.operators.contains(after.text) ? nil : before
        case .number, .string, .date, .ratio: return before
        default: return nil
        }
    }

    mutating func namedPrimary() throws -> ExprNode {
        let token = advance()
        switch token.text {
        case "true": return Located(.bool(true), token.span)
        case "false": return Located(.bool(false), token.span)
        case "by": return try bracketTable(start: token.span)
        case "yearly" where check(.identifier) && peek(1).isWord("in"): return try yearlyRates(start: token.span)
        default: break
        }
        guard check(.leftParen) else { return Located(.name(token.text), token.span) }
        advance()
        if token.text == "amount" {
            let ref = try clauseReference()
            let end = try expect(.rightParen, "to close `amount(…)`")
            return Located(.clauseAmount(ref), token.span.to(end.span))
        }
        if let kind = AggregateKind(rawValue: token.text), check(.identifier), peek(1).isWord("in") {
            return try aggregate(kind, start: token.span)
        }
        var arguments: [ExprNode] = []
        if !check(.rightParen) {
            commaLists += 1
            defer { commaLists -= 1 }
            repeat { arguments.append(try expression()) } while match(.comma)
        }
        let end = try expect(.rightParen, "to close the argument list of `\(token.text)`")
        return Located(.call(Located(token.text, token.span), arguments), token.span.to(end.span))
    }

    /// `sum(p in patents where p.kind == "foreign": 1万 × min(p.countries, 6))`
    mutating func aggregate(_ kind: AggregateKind, start: Span) throws -> ExprNode {
        let variable = try identifier("a name for each item")
        try expectWord("in", "after the item name")
        let source = try expression()
        let filter = matchWord("where") ? try expression() : nil
        var body: ExprNode?
        if kind == .group {
            try expectWord("by", "to give the key that groups the items (`group(t in titles by t.person)`)")
            body = try expression()
        } else if match(.colon) {
            body = try expression()
        }
        let end = try expect(.rightParen, "to close `\(kind.rawValue)(…)`")
        return Located(.aggregate(kind, variable: variable, source: source, filter: filter, body: body), start.to(end.span))
    }

    /// `by subject { [1亿, 5亿) => … ; [5亿, ∞) => … ; else => … }`
    mutating func bracketTable(start: Span) throws -> ExprNode {
        try bracketArms(subject: try expression(), start: start)
    }

    /// Whether the tokens from `index` open braces whose first item is a bracket arm (`{ [a, b)
    /// => …` or `{ (a, b] => …`): an arrow comes before the braces close. A set holds neither.
    func looksLikeBracketArms(after index: Int) -> Bool {
        guard index + 1 < tokens.count, tokens[index].kind == .leftBrace,
              [.leftBracket, .leftParen].contains(tokens[index + 1].kind) else { return false }
        for token in tokens[(index + 2)...] {
            if token.kind == .arrow { return true }
            if [.rightBrace, .leftBrace, .endOfFile].contains(token.kind) { return false }
        }
        return false
    }

    /// The braces of a bracket table and the arms in them, over `subject`.
    mutating func bracketArms(subject: ExprNode, start: Span) throws -> ExprNode {
        try expect(.leftBrace, "to open the bracket arms")
        bracketSubjects.append(subject)
        defer { bracketSubjects.removeLast() }
        var arms: [BracketArm] = []
        var otherwise: ExprNode?
        while !check(.rightBrace) && !check(.endOfFile) {
            if matchWord("else") {
                try expect(.arrow, "after `else`")
                otherwise = try expression()
            } else {
                arms.append(try bracketArm())
            }
            _ = match(.comma) || match(.semicolon)
        }
        let end = try expect(.rightBrace, "to close the bracket arms")
        return Located(.brackets(subject: subject, arms: arms, otherwise: otherwise), start.to(end.span))
    }

    mutating func bracketArm() throws -> BracketArm {
        let open = peek()
        guard open.kind == .leftBracket || open.kind == .leftParen else {
            report("expected a bracket arm such as `[1亿, 5亿) => …`, found \(open.display)",
                   help: "`[` includes the lower bound, `(` excludes it; `]` includes the upper bound, `)` excludes it")
            throw Failure()
        }
        advance()
        let (lower, upper) = try bracketBounds()
        let close = peek()
        guard close.kind == .rightBracket || close.kind == .rightParen else {
            report("expected `)` or `]` to close the bracket bounds, found \(close.display)")
            throw Failure()
        }
        advance()
        try expect(.arrow, "between the bracket and its amount")
        let result = try expression()
        return BracketArm(lower: lower, lowerInclusive: open.kind == .leftBracket, upper: upper,
                          upperInclusive: close.kind == .rightBracket, result: result, span: open.span.to(result.span))
    }

    /// `1亿, 5亿` between the bracket's opening and closing marks.
    mutating func bracketBounds() throws -> (ExprNode?, ExprNode?) {
        commaLists += 1
        // Two bounds have one comma between them: with more, the others group digits
        // (`[1,500万, 2,500万)`).
        let grouped = groupedBounds
        groupedBounds = boundCommas() > 1
        defer {
            commaLists -= 1
            groupedBounds = grouped
        }
        let lower = try boundValue()
        try expect(.comma, "between the bracket's bounds")
        return (lower, try boundValue())
    }

    /// The commas between the current token and the mark that closes the bracket's bounds,
    /// outside any parentheses within them.
    func boundCommas() -> Int {
        var commas = 0, depth = 0
        for token in tokens[position...] {
            switch token.kind {
            case .leftParen, .leftBracket: depth += 1
            case .rightParen, .rightBracket:
                if depth == 0 { return commas }
                depth -= 1
            case .comma where depth == 0: commas += 1
            case .arrow, .leftBrace, .rightBrace, .endOfFile: return commas
            default: break
            }
        }
        return commas
    }

    mutating func boundValue() throws -> ExprNode? {
        // `-∞` as a lower bound reads as `∞`: the arm has no lower bound.
        if check(.minus) && peek(1).kind == .infinity { _ = advance() }
        if match(.infinity) || matchWord("inf") { return nil }
        return try additive()
    }

    mutating func setLiteral(closing: TokenKind = .rightBrace) throws -> ExprNode {
        let start = advance().span
        var items: [ExprNode] = []
        commaLists += 1
        defer { commaLists -= 1 }
        repeat {
            if check(closing) { break }
            items.append(try expression())
        } while match(.comma)
        let end = try expect(closing, "to close the set")
        return Located(.setLiteral(items), start.to(end.span))
    }

    // MARK: Literals

    /// `1,000万`, as a spreadsheet groups digits: reported, and read as `1000万` so that what
    /// follows is checked as written. Outside a comma-separated list a comma between two numbers
    /// written against it is always a grouping, however the groups are counted (`1000,000`);
    /// inside one (arguments, a set, bracket bounds) only a group with a leading zero is
    /// (`min(1,000万, x)`), since `min(100,200)` is two items, or any group between bracket
    /// bounds that hold more than the one comma between them. Returns `token` itself otherwise.
    mutating func ungrouped(_ token: Token) -> Token {
        guard token.kind == .number, Parser.digits(token.text) == token.text.utf8.count else { return token }
        var text = token.text, written = token.text, span = token.span
        while check(.comma), peek().span.start == span.end, peek(1).kind == .number, peek(1).span.start == peek().span.end {
            let group = peek(1).text
            let leading = Parser.digits(group)
            guard leading > 0, commaLists == 0 || (groupedBounds && commaLists == 1) || (leading >= 2 && group.utf8.first == UInt8(ascii: "0")) else { break }
            advance()
            advance()
            text += group
            written += "," + group
            span = token.span.to(previous().span)
            // A group with a unit or decimals (`000万`, `000.5`) is the last.
            guard leading == group.utf8.count else { break }
        }
        guard span != token.span else { return token }
        report("`\(written)`: a number is written without thousands separators", at: span, help: "write `\(text)`")
        return Token(kind: .number, text: text, span: span)
    }

    /// How many ASCII digits a text starts with.
    static func digits(_ text: String) -> Int {
        text.utf8.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }.count
    }

    /// The text of a number in exponent notation starting at label `token` (`1e5`, `2.5e`
    /// followed by `-2`), or nil when the label is not one.
    func exponentText(_ token: Token) -> String? {
        let text = token.text
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }), text[..<e].allSatisfy({ $0.isNumber || $0 == "." }),
              !text[..<e].isEmpty else { return nil }
        let rest = text[text.index(after: e)...]
        if !rest.isEmpty { return rest.allSatisfy(\.isNumber) ? text : nil }
        // `1e-2`: the sign and the digits are the next tokens, written against the label.
        let sign = peek(1), digits = peek(2)
        guard sign.kind == .minus || sign.kind == .plus, sign.span.start == token.span.end, digits.kind == .number,
              digits.span.start == sign.span.end else { return nil }
        return text + sign.text + digits.text
    }

    /// The value of a number token in base units: `200万` → 2000000 元, `30%` → 0.3, `1:0.5` → 0.5.
    static func numberValue(_ text: String) -> (ExactDecimal, Dimension)? {
        // Read scalar by scalar: the digits, the point and the colon are ASCII, and a unit after
        // them is compared whole below.
        let scalars = text.unicodeScalars
        if let colon = scalars.firstIndex(of: ":") {
            guard let left = ExactDecimal(parsing: Substring(scalars[..<colon])),
                  let right = ExactDecimal(parsing: Substring(scalars[scalars.index(after: colon)...])),
                  let ratio = try? right.divided(by: left) else { return nil }
            return (ratio, .plain)
        }
        let digitsEnd = scalars.firstIndex { !(("0"..."9").contains($0) || $0 == ".") } ?? scalars.endIndex
        guard let value = ExactDecimal(parsing: Substring(scalars[..<digitsEnd])) else { return nil }
        if digitsEnd == scalars.endIndex { return (value, .plain) }
        var pieces = Substring(scalars[digitsEnd...]).split(separator: "/").map(String.init)
        let per = pieces.dropFirst().map(PhysicalUnit.canonical)
        let suffix = pieces.isEmpty ? "" : pieces.removeFirst()
        if suffix.isEmpty { return (value, .plain) }
        // A money unit, the most common suffix, is looked up before the few others are compared.
        if let unit = MoneyUnit.named(suffix) {
            guard let base = try? value.multiplied(by: unit.factor) else { return nil }
            return (base, per.isEmpty ? .money(unit.currency) : .price(unit.currency, per: UnitName(per.joined(separator: "/"))))
        }
        switch suffix {
        case "%", "％": return (try? value.divided(by: ExactDecimal(100))).map { ($0, Parser.rate(per)) }
        case "BP": return (try? value.divided(by: ExactDecimal(10_000))).map { ($0, .plain) }
        default:
            guard let unit = PhysicalUnit.canonicalUnits[suffix] else { return nil }
            return (value, .number(unit: UnitName(unit + per.map { "/" + $0 }.joined())))
        }
    }

    /// A percentage per period (`0.5%/年`), or a plain one.
    static func rate(_ per: [String]) -> Dimension {
        per.isEmpty ? .plain : .number(unit: UnitName(per.map { "/" + $0 }.joined()))
    }
}
