/// A recursive-descent parser. Each grammar rule in `grammar/zhengce.ebnf` is one method here with
/// the same name. On an error the parser reports it, skips to the next statement or declaration
/// and goes on, so one run reports every mistake it can find.
public struct Parser {
    private let tokens: [Token]
    private let file: SourceFile
    private var position = 0
    private var depth = 0
    /// Operators in the flat chains enclosing the current point.
    private var chainDepth = 0
    public private(set) var diagnostics = DiagnosticBag()

    static let maxDepth = 64
    static let maxChain = 256
    static let itemKeywords: Set<String> = ["policy", "fact", "let", "clause", "benefit", "exclusive"]
    static let statementKeywords: Set<String> = ["agency", "applies", "when", "let", "amount", "cap", "floor", "schedule", "survives"]

    struct Failure: Error {}

    public static func parse(_ file: SourceFile) -> (PolicyFile, DiagnosticBag) {
        let (tokens, lexical) = Lexer.tokenize(file)
        var parser = Parser(tokens: tokens, file: file)
        parser.diagnostics = lexical
        let tree = parser.policyFile()
        return (tree, parser.diagnostics)
    }

    /// Parses a single expression (used by tests and by example files).
    public static func parseExpression(_ file: SourceFile) -> (ExprNode?, DiagnosticBag) {
        let (tokens, lexical) = Lexer.tokenize(file)
        var parser = Parser(tokens: tokens, file: file)
        parser.diagnostics = lexical
        let result = try? parser.expression()
        if result != nil, !parser.check(.endOfFile) { parser.report("expected end of input, found \(parser.peek().display)") }
        return (result, parser.diagnostics)
    }

    init(tokens: [Token], file: SourceFile) {
        self.tokens = tokens
        self.file = file
    }

    // MARK: Items

    mutating func policyFile() -> PolicyFile {
        var tree = PolicyFile()
        while !check(.endOfFile) {
            let start = position
            do {
                try item(into: &tree)
            } catch {
                synchronize(toItemAfter: start)
            }
        }
        return tree
    }

    mutating func item(into tree: inout PolicyFile) throws {
        let token = peek()
        switch token.kind == .identifier ? token.text : "" {
        case "policy":
            let header = try documentHeader()
            if let previous = tree.header {
                diagnostics.add(.duplicateDocument, "a file holds one document; `\(previous.id.value)` is already declared here", at: header.id.span,
                                help: "move `\(header.id.value)` to a file of its own")
            } else {
                tree.header = header
            }
        case "fact": tree.facts.append(try factDeclaration())
        case "let": tree.definitions.append(try definition())
        case "clause", "benefit": tree.clauses.append(try clause())
        case "exclusive": tree.exclusions.append(try exclusion())
        default:
            report("expected `policy`, `fact`, `let`, `clause`, `benefit` or `exclusive`, found \(token.display)",
                   help: token.kind == .identifier ? suggestion(for: token.text, among: Parser.itemKeywords) : nil)
            throw Failure()
        }
    }

    mutating func documentHeader() throws -> DocumentHeader {
        let start = advance()
        let id = try identifier("a document id after `policy`")
        var header = DocumentHeader(id: id, span: start.span)
        try expect(.leftBrace, "to open the document header")
        while !check(.rightBrace) && !check(.endOfFile) {
            let entryStart = position
            do {
                try headerEntry(&header)
            } catch {
                synchronize(toStatementAfter: entryStart, keywords: ["number", "title", "issuer", "valid", "replaces", "money", "eligible"])
            }
        }
        let end = try expect(.rightBrace, "to close the document header")
        header.span = start.span.to(end.span)
        return header
    }

    mutating func headerEntry(_ header: inout DocumentHeader) throws {
        let keyword = try identifier("a header entry")
        switch keyword.value {
        case "number": header.number = try string("the document number")
        case "title": header.title = try string("the document title")
        case "issuer":
            header.issuers.append(try string("an issuer"))
            while match(.comma) { header.issuers.append(try string("an issuer")) }
        case "valid": header.validity = try validity()
        case "replaces":
            header.replaces.append(try string("the number of the replaced document"))
            while match(.comma) { header.replaces.append(try string("the number of the replaced document")) }
        case "money": header.rounding = try roundingRule(keyword.span)
        case "eligible":
            try expectWord("when", "after `eligible`")
            header.eligibility.append(try condition())
        default:
            report("unknown header entry `\(keyword.value)`", at: keyword.span,
                   help: suggestion(for: keyword.value, among: ["number", "title", "issuer", "valid", "replaces", "money", "eligible"]))
            throw Failure()
        }
    }

    mutating func validity() throws -> Located<Validity> {
        let start = peek().span
        var validity = Validity(start: nil, end: .open)
        if matchWord("from") { validity.start = try date() }
        if matchWord("until") {
            validity.end = .until(try date())
        } else if matchWord("for") {
            let count = try wholeNumber("a number of years")
            try expectWord("years", "after the number of years")
            validity.end = .years(count)
        }
        if validity.start == nil, case .open = validity.end {
            report("expected `from DATE`, `until DATE` or `for N years` after `valid`")
            throw Failure()
        }
        return Located(validity, start.to(previous().span))
    }

    mutating func roundingRule(_ start: Span) throws -> Located<RoundingRule> {
        try expectWord("in", "after `money`")
        let unitToken = peek()
        guard unitToken.kind == .identifier, let unit = MoneyUnit.named(advance().text) else {
            report("expected a money unit such as `万元` after `money in`", at: unitToken.span)
            throw Failure()
        }
        var rule = RoundingRule(unit: unit, places: 2, mode: .halfUp)
        if matchWord("rounded") {
            try expectWord("to", "after `rounded`")
            let step = try numberToken("the rounding step, e.g. `0.01`")
            guard let value = ExactDecimal(parsing: step.text), value > .zero, value <= .one, value.mantissa == 1 else {
                report("the rounding step must be 1, 0.1, 0.01, …", at: step.span)
                throw Failure()
            }
            rule.places = value.scale
            if check(.identifier), let mode = ExactDecimal.Rounding(rawValue: peek().text) {
                advance()
                rule.mode = mode
            } else if check(.identifier) && peek().text == "half" {
                advance()
                try expect(.minus, "in the rounding mode (`half-up` or `half-even`)")
                let word = try identifier("`up` or `even`")
                guard let mode = ExactDecimal.Rounding(rawValue: "half-" + word.value) else {
                    report("unknown rounding mode `half-\(word.value)`", at: word.span, help: "use `half-up` or `half-even`")
                    throw Failure()
                }
                rule.mode = mode
            }
        }
        return Located(rule, start.to(previous().span))
    }

    mutating func factDeclaration() throws -> FactDecl {
        advance()
        let name = try identifier("a fact name after `fact`")
        try expect(.colon, "between the fact name and its type")
        let typeStart = peek().span
        let type = try typeExpression()
        let located = Located(type, typeStart.to(previous().span))
        let defaultValue = match(.equal) ? try expression() : nil
        let label = check(.string) ? advance().text : nil
        return FactDecl(name: name, type: located, defaultValue: defaultValue, label: label)
    }

    mutating func typeExpression() throws -> TypeSyntax {
        let word = try identifier("a type")
        switch word.value {
        case "bool": return .bool
        case "percent": return .percent
        case "count": return .count
        case "date": return .date
        case "text": return .text
        case "money":
            guard matchWord("in") else { return .money(unit: "万元") }
            let unit = advance()
            guard MoneyUnit.named(unit.text) != nil else {
                report("unknown money unit `\(unit.text)`", at: unit.span, help: "use one of " + MoneyUnit.all.map { "`\($0.name)`" }.joined(separator: ", "))
                throw Failure()
            }
            return .money(unit: unit.text)
        case "number":
            guard matchWord("in") else { return .number(unit: nil) }
            return .number(unit: try string("a unit name, e.g. \"m²\"").value)
        case "choice": return .choice(try stringSet())
        case "set":
            try expectWord("of", "after `set`")
            try expectWord("choice", "after `set of`")
            return .setOf(try stringSet())
        case "list":
            try expectWord("of", "after `list`")
            return .listOf(try typeExpression())
        case "record":
            try expect(.leftBrace, "to open the record's fields")
            var fields: [FieldDecl] = []
            repeat {
                if check(.rightBrace) { break }
                fields.append(try fieldDeclaration())
            } while match(.comma)
            try expect(.rightBrace, "to close the record's fields")
            return .record(fields)
        default:
            report("unknown type `\(word.value)`", at: word.span,
                   help: suggestion(for: word.value, among: ["bool", "money", "number", "percent", "count", "date", "text", "choice", "set", "list", "record"]))
            throw Failure()
        }
    }

    mutating func fieldDeclaration() throws -> FieldDecl {
        let name = try identifier("a field name")
        try expect(.colon, "between the field name and its type")
        let type = try typeExpression()
        let defaultValue = match(.equal) ? try expression() : nil
        let label = check(.string) ? advance().text : nil
        return FieldDecl(name: name.value, type: type, defaultValue: defaultValue, label: label)
    }

    mutating func stringSet() throws -> [String] {
        try expect(.leftBrace, "to open the list of values")
        var values: [String] = []
        repeat {
            if check(.rightBrace) { break }
            values.append(try string("a value in quotes").value)
        } while match(.comma)
        try expect(.rightBrace, "to close the list of values")
        return values
    }

    mutating func definition() throws -> Definition {
        advance()
        let name = try identifier("a name after `let`")
        try expect(.equal, "after the name in `let`")
        let value = try expression()
        let label = check(.string) ? advance().text : nil
        return Definition(name: name, expression: value, label: label)
    }

    mutating func clause() throws -> ClauseDecl {
        let keyword = advance()
        let label = try clauseLabel()
        let title = try string("the clause title")
        let citation = check(.citation) ? Located(advance().text, previous().span) : nil
        var clause = ClauseDecl(label: label, title: title.value, citation: citation, isBenefit: keyword.text == "benefit", span: keyword.span)
        try expect(.leftBrace, "to open the clause body")
        while !check(.rightBrace) && !check(.endOfFile) {
            let statementStart = position
            do {
                clause.statements.append(try clauseStatement())
            } catch {
                synchronize(toStatementAfter: statementStart, keywords: Parser.statementKeywords)
            }
        }
        let end = try expect(.rightBrace, "to close the clause body")
        clause.span = keyword.span.to(end.span)
        return clause
    }

    mutating func clauseLabel() throws -> Name {
        let token = peek()
        guard [.number, .label, .identifier].contains(token.kind) else {
            report("expected a clause label such as `2`, `2.1a` or `4b`, found \(token.display)")
            throw Failure()
        }
        advance()
        return Located(token.text, token.span)
    }

    mutating func clauseStatement() throws -> ClauseStatement {
        let keyword = try identifier("a clause statement")
        switch keyword.value {
        case "agency": return .agency(try string("the implementing agency"))
        case "applies":
            try expectWord("when", "after `applies`")
            return .applies(try expression())
        case "when": return .when(try condition())
        case "let":
            let name = try identifier("a name after `let`")
            try expect(.equal, "after the name in `let`")
            let value = try expression()
            let label = check(.string) ? advance().text : nil
            return .local(Definition(name: name, expression: value, label: label))
        case "amount":
            if matchWord("unspecified") { return .unspecified(Located("unspecified", previous().span)) }
            if matchWord("assessed") { return .assessed(try expression()) }
            return .amount(try expression())
        case "cap":
            let limit = try expression()
            let scope = try capScope()
            let label = check(.string) ? advance().text : nil
            return .cap(limit, scope, label: label)
        case "floor":
            let value = try expression()
            let label = check(.string) ? advance().text : nil
            return .floor(value, label: label)
        case "schedule":
            let schedule = try scheduleSpec()
            let portion = matchWord("of") ? try expression() : nil
            let condition = matchWord("when") ? try expression() : nil
            return .schedule(schedule, condition: condition, portion: portion)
        case "survives":
            try expectWord("expiry", "after `survives`")
            return .survivesExpiry(Located("survives expiry", keyword.span.to(previous().span)))
        default:
            report("unknown clause statement `\(keyword.value)`", at: keyword.span,
                   help: suggestion(for: keyword.value, among: Parser.statementKeywords))
            throw Failure()
        }
    }

    mutating func condition() throws -> Condition {
        let value = try expression()
        let label = check(.string) ? advance().text : nil
        return Condition(expression: value, label: label)
    }

    mutating func capScope() throws -> CapScope {
        if matchWord("per") {
            let word = try identifier("`item`, `time`, `project`, `year` or `enterprise` after `per`")
            guard let scope = CapScope(rawValue: "per " + word.value) else {
                report("unknown cap scope `per \(word.value)`", at: word.span, help: "use `per item`, `per time`, `per project`, `per year` or `per enterprise`")
                throw Failure()
            }
            return scope
        }
        if matchWord("total") { return .clause }
        if matchWord("cumulative") { return .cumulative }
        return .clause
    }

    mutating func scheduleSpec() throws -> Located<ScheduleSyntax> {
        let start = peek().span
        if check(.number), peek(1).isWord("equal") {
            let count = try wholeNumber("the number of equal parts")
            advance()
            try expectWord("parts", "after `equal`")
            return Located(.equal(count), start.to(previous().span))
        }
        var shares = [try primary()]
        while match(.slash) { shares.append(try primary()) }
        return Located(.shares(shares), start.to(previous().span))
    }

    mutating func exclusion() throws -> ExclusionDecl {
        let keyword = advance()
        let modeWord = try identifier("`highest` or `choice` after `exclusive`")
        guard let mode = ExclusionDecl.Mode(rawValue: modeWord.value) else {
            report("expected `highest` or `choice` after `exclusive`", at: modeWord.span)
            throw Failure()
        }
        try expect(.leftBrace, "to open the list of exclusive clauses")
        var members: [Located<[Located<ClauseRef>]>] = []
        repeat {
            if check(.rightBrace) { break }
            members.append(try exclusionMember())
        } while match(.comma)
        try expect(.rightBrace, "to close the list of exclusive clauses")
        var tie = ExclusionDecl.Tie.first
        if matchWord("tie") {
            let word = try identifier("`first` or `last` after `tie`")
            guard let value = ExclusionDecl.Tie(rawValue: word.value) else {
                report("expected `first` or `last` after `tie`", at: word.span)
                throw Failure()
            }
            tie = value
        }
        let citation = check(.citation) ? Located(advance().text, previous().span) : nil
        return ExclusionDecl(members: members, mode: mode, tie: tie, citation: citation, span: keyword.span.to(previous().span))
    }

    mutating func exclusionMember() throws -> Located<[Located<ClauseRef>]> {
        let start = peek().span
        var refs = [try clauseReference()]
        while match(.plus) { refs.append(try clauseReference()) }
        return Located(refs, start.to(previous().span))
    }

    mutating func clauseReference() throws -> Located<ClauseRef> {
        let start = peek().span
        if check(.identifier) && peek(1).kind == .colon {
            let document = advance().text
            advance()
            let label = try clauseLabel()
            return Located(ClauseRef(document: document, label: label.value), start.to(label.span))
        }
        let label = try clauseLabel()
        return Located(ClauseRef(document: nil, label: label.value), label.span)
    }

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
        let value = try coalesce()
        guard matchWord("if") else { return value }
        let condition = try coalesce()
        try expectWord("else", "in `… if … else …`")
        let otherwise = try expression()
        return Located(.conditional(then: value, condition: condition, otherwise: otherwise), value.span.to(otherwise.span))
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
        let operators: [TokenKind: BinaryOperator] = [.less: .less, .lessEqual: .lessEqual, .greater: .greater,
                                                      .greaterEqual: .greaterEqual, .equalEqual: .equal, .notEqual: .notEqual]
        if let op = operators[peek().kind] {
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
        return left
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
        case .identifier:
            return try namedPrimary()
        case .label:
            report("a clause label cannot stand in an expression; write `amount(\(token.text))` for that clause's amount", at: token.span)
            throw Failure()
        default:
            report("expected an expression, found \(token.display)")
            throw Failure()
        }
    }

    mutating func namedPrimary() throws -> ExprNode {
        let token = advance()
        switch token.text {
        case "true": return Located(.bool(true), token.span)
        case "false": return Located(.bool(false), token.span)
        case "by": return try bracketTable(start: token.span)
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
        let subject = try expression()
        try expect(.leftBrace, "to open the bracket arms")
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
        let lower = try boundValue()
        try expect(.comma, "between the bracket's bounds")
        let upper = try boundValue()
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

    mutating func boundValue() throws -> ExprNode? {
        if match(.infinity) || matchWord("inf") { return nil }
        return try additive()
    }

    mutating func setLiteral() throws -> ExprNode {
        let start = advance().span
        var items: [ExprNode] = []
        repeat {
            if check(.rightBrace) { break }
            items.append(try expression())
        } while match(.comma)
        let end = try expect(.rightBrace, "to close the set")
        return Located(.setLiteral(items), start.to(end.span))
    }

    // MARK: Literals

    /// The value of a number token in base units: `200万` → 2000000 元, `30%` → 0.3, `1:0.5` → 0.5.
    static func numberValue(_ text: String) -> (ExactDecimal, Dimension)? {
        if let colon = text.firstIndex(of: ":") {
            guard let left = ExactDecimal(parsing: text[..<colon]), let right = ExactDecimal(parsing: text[text.index(after: colon)...]),
                  let ratio = try? right.divided(by: left) else { return nil }
            return (ratio, .plain)
        }
        let digitsEnd = text.firstIndex { !($0.isASCII && ($0.isNumber || $0 == ".")) } ?? text.endIndex
        guard let value = ExactDecimal(parsing: text[..<digitsEnd]) else { return nil }
        let suffix = String(text[digitsEnd...])
        switch suffix {
        case "": return (value, .plain)
        case "%", "％": return (try? value.divided(by: ExactDecimal(100))).map { ($0, .plain) }
        case "BP": return (try? value.divided(by: ExactDecimal(10_000))).map { ($0, .plain) }
        default:
            guard let unit = MoneyUnit.named(suffix), let base = try? value.multiplied(by: unit.factor) else { return nil }
            return (base, .money(unit.currency))
        }
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
            report("expected \(what) as a whole number, found `\(token.text)`", at: token.span)
            throw Failure()
        }
        return value
    }

    mutating func report(_ message: String, at span: Span? = nil, help: String? = nil) {
        let where_ = span ?? peek().span
        // One error per token: a second report at the same place (or after the lexer already
        // explained a full-width character there) adds nothing.
        if diagnostics.items.contains(where: { ($0.code == .syntax || $0.code == .fullWidthPunctuation) && $0.span.start == where_.start && $0.span.file === where_.file }) { return }
        diagnostics.add(.syntax, message, at: where_, help: help)
    }

    func suggestion(for word: String, among candidates: some Sequence<String>) -> String? {
        Suggest.closest(to: word, among: candidates).map { "did you mean `\($0)`?" }
    }

    private func startsLine(_ index: Int) -> Bool {
        index == 0 || tokens[index - 1].span.line != tokens[index].span.line
    }

    /// Skips to the next declaration keyword that starts a line.
    mutating func synchronize(toItemAfter start: Int) {
        if position == start { advance() }
        while !check(.endOfFile) {
            if peek().kind == .identifier, Parser.itemKeywords.contains(peek().text), startsLine(position) { return }
            advance()
        }
    }

    /// Skips to the next statement keyword that starts a line, or the closing brace of the block.
    mutating func synchronize(toStatementAfter start: Int, keywords: Set<String>) {
        if position == start { advance() }
        while !check(.endOfFile) {
            let token = peek()
            if token.kind == .rightBrace && startsLine(position) { return }
            if token.kind == .identifier && startsLine(position) && (keywords.contains(token.text) || Parser.itemKeywords.contains(token.text)) {
                return
            }
            advance()
        }
    }
}
