/// Items of a policy file: the header, facts, definitions, clauses and exclusion rules.
extension Parser {
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

    /// The declaration at the current token; `word` reads it as that keyword's (a misspelt
    /// keyword read as the one it is closest to).
    mutating func item(into tree: inout PolicyFile, as word: String? = nil) throws {
        let token = peek()
        switch word ?? (token.kind == .identifier ? token.text : "") {
        case "policy":
            var partial: DocumentHeader?
            let header: DocumentHeader
            do {
                header = try documentHeader(&partial)
            } catch {
                // A header whose id was read stands for the document, marked as recovered: the
                // file is not also reported as having no header, and its clauses are checked.
                if tree.header == nil, var partial {
                    partial.recovered = true
                    tree.header = partial
                }
                throw error
            }
            if let previous = tree.header {
                diagnostics.add(.duplicateDocument, "a file holds one document; `\(previous.id.value)` is already declared here", at: header.id.span,
                                help: "move `\(header.id.value)` to a file of its own")
            } else {
                tree.header = header
            }
        case "fact": tree.facts.append(try factDeclaration())
        case "let": tree.definitions.append(try definition())
        case "clause", "benefit": tree.clauses.append(try clause(benefit: (word ?? token.text) == "benefit"))
        case "exclusive": tree.exclusions.append(try exclusion())
        case "shared": tree.sharedCaps.append(try sharedCap())
        default:
            if token.kind == .rightBrace && headerLeftOpen && peek(1).kind == .endOfFile {
                // The `}` of a header closed too late (reported where the header should have ended).
                advance()
                return
            }
            let intended = token.kind == .identifier && word == nil ? Suggest.closest(to: token.text, among: Parser.itemKeywords) : nil
            report("expected `policy`, `fact`, `let`, `clause`, `benefit`, `exclusive` or `shared`, found \(token.display)",
                   help: intended.map { "did you mean `\($0)`?" })
            guard let intended else { throw Failure() }
            // `polcy t {`, `clase 1 "…" {`: read as the declaration the word misspells when it
            // reads as one, so that the rest of it is checked; else skipped as before, with
            // nothing the attempt found.
            let (saved, savedTree) = (self, tree)
            do {
                try item(into: &tree, as: intended)
            } catch {
                (self, tree) = (saved, savedTree)
                throw Failure()
            }
        }
    }

    /// A document id made from a file's name (`yz2025.policy` → `yz2025`), for a header written
    /// without one: the letters, digits and underscores of the name, `document` when none.
    static func documentName(_ path: String) -> String {
        let base = path.split(separator: "/").last.map(String.init) ?? path
        let stem = base.hasSuffix(".policy") ? String(base.dropLast(7)) : base
        let kept = String(stem.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") })
        return kept.first.map { $0.isLetter } == true ? kept : "document"
    }

    /// `partial` receives the header as soon as its id is read.
    mutating func documentHeader(_ partial: inout DocumentHeader?) throws -> DocumentHeader {
        let start = advance()
        var header: DocumentHeader
        if check(.leftBrace) {
            // `policy {`: the document goes on under its file's name, so that its clauses are
            // checked and the file is not also said to have no header.
            let name = Parser.documentName(file.path)
            report("expected a document id after `policy`, found `{`", help: "write `policy \(name) {`: the id is how results and other documents name it")
            header = DocumentHeader(id: Located(name, start.span), span: start.span)
            header.recovered = true
        } else {
            header = DocumentHeader(id: try identifier("a document id after `policy`"), span: start.span)
        }
        let id = header.id
        partial = header
        if check(.string) {
            // `policy yz2025 "title" {`: the title written where other languages put a name.
            let title = try string("the document title")
            report("the document's title is a header entry, written inside the braces", at: title.span,
                   help: "write `policy \(id.value) {` and, inside it, `title \(title.span.file.map { ScalarText.string($0.scalars[title.span.start..<title.span.end]) } ?? "")`")
            header.title = title
            partial = header
        }
        try expect(.leftBrace, "to open the document header")
        while !check(.rightBrace) && !check(.endOfFile) {
            let entryStart = position
            if declarationStarts(except: "policy") {
                // `policy t { title "…" fact …` with the document's `}` at the end of the file:
                // the header ends here, once, and that last `}` is taken as the one it missed.
                let keyword = peek()
                report("the document header is still open at this `\(keyword.text)`", at: keyword.span,
                       help: "close the header with `}` after its last entry; facts, definitions, clauses and rules come after it, not inside it")
                header.span = start.span.to(previous().span)
                headerLeftOpen = true
                return header
            }
            do {
                try headerEntry(&header)
            } catch {
                header.recovered = true
                synchronize(toStatementAfter: entryStart, keywords: Parser.headerKeywords)
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
                   help: Parser.headerEntryHelp[keyword.value] ?? suggestion(for: keyword.value, among: Parser.headerKeywords))
            throw Failure()
        }
    }

    mutating func validity() throws -> Located<Validity> {
        let start = peek().span
        if matchWord("not") {
            try expectWord("stated", "after `valid not` (the source states no dates)")
            return Located(.unstated, start.to(previous().span))
        }
        var validity = Validity(start: nil, end: .open)
        if matchWord("from") {
            validity.start = try date()
        } else if check(.date) {
            // `valid 2025-01-01 until …`: read as `from`.
            report("the first day of a validity follows `from`", help: "write `valid from \(peek().text)`")
            validity.start = try date()
        }
        if validity.start != nil, check(.identifier) && ["to", "through", "till", "thru"].contains(peek().text) || check(.minus) {
            // `valid from 2025-01-01 to 2028-12-31` (or `-`; `至` is read as `until` by the
            // lexer): read as `until`, the end day included.
            let word = advance()
            report("`\(word.text)` is written `until` in a validity (its last day included)", at: word.span, help: "write `until`")
            validity.end = .until(try date())
        } else if matchWord("until") {
            validity.end = .until(try date())
        } else if matchWord("for") {
            let count = try wholeNumber("a number of years")
            if count == 1 && matchWord("year") {
                // `for 1 year`, as English says it.
            } else if check(.identifier) && peek().text == "year" {
                report("`year` after \(count) is written `years`", at: peek().span, help: "write `years`")
                advance()
            } else {
                try expectWord("years", "after the number of years")
            }
            validity.end = .years(count)
        }
        if validity.start == nil, case .open = validity.end {
            report("expected `from DATE`, `until DATE`, `for N years` or `not stated` after `valid`")
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
        if check(.comma) && peek(1).isWord("rounded") {
            // `money in 万元, rounded to 0.01`: read on, as if the comma were not there.
            report("no comma between the money unit and `rounded`", help: "write `money in \(unitToken.text) rounded to …`")
            advance()
        }
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
        var impliedBy: Name?
        if matchWord("implied") {
            try expectWord("by", "after `implied`")
            impliedBy = try identifier("the name of the fact that implies this one")
        }
        let label = check(.string) ? advance().text : nil
        return FactDecl(name: name, type: located, defaultValue: defaultValue, impliedBy: impliedBy, label: label)
    }

    mutating func typeExpression() throws -> TypeSyntax {
        if peek().isWord("signed") {
            let signed = advance()
            guard ["money", "number", "percent"].contains(where: { peek().isWord($0) }) else {
                report("`signed` applies to `money`, `number` or `percent`", at: signed.span.to(peek().span),
                       help: "write e.g. `signed money in 万元`; a `count` is always whole and non-negative")
                throw Failure()
            }
            return .signed(try quantityType(try identifier("a type")))
        }
        let word = try identifier("a type")
        switch word.value {
        case "bool": return .bool
        case "count": return .count
        case "date": return .date
        case "text": return .text
        case "money", "number", "percent": return try quantityType(word)
        case "choice": return .choice(try stringSet())
        case "set":
            try expectWord("of", "after `set`")
            // `set of {"a", "b"}` is reported and read as the set of choices it means, so that
            // the fact is still declared and its uses still checked.
            if check(.leftBrace) {
                report("expected `choice` after `set of`, found `{`", help: "write `set of choice {…}`")
            } else {
                try expectWord("choice", "after `set of`")
            }
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
                   help: Parser.otherLanguagesTypes[word.value.lowercased()]
                       ?? suggestion(for: word.value, among: ["bool", "money", "number", "percent", "count", "date", "text", "choice", "set", "list", "record", "signed"]))
            throw Failure()
        }
    }

    /// `money [in UNIT]`, `number [in "unit"]` or `percent`, after its first word.
    mutating func quantityType(_ word: Name) throws -> TypeSyntax {
        switch word.value {
        case "money":
            guard matchWord("in") else { return .money(unit: "万元") }
            if check(.string) { return .money(unit: try priceUnit()) }
            let unit = advance()
            guard MoneyUnit.named(unit.text) != nil else {
                report("unknown money unit `\(unit.text)`", at: unit.span, help: "use one of " + MoneyUnit.all.map { "`\($0.name)`" }.joined(separator: ", "))
                throw Failure()
            }
            return .money(unit: unit.text)
        case "number":
            guard matchWord("in") else { return .number(unit: nil) }
            return .number(unit: try string("a unit name, e.g. \"m²\"").value)
        default:
            return .percent
        }
    }

    /// `"元/m²/月"`: a money unit per one or more units of area or time.
    mutating func priceUnit() throws -> String {
        let written = advance()
        var parts = written.text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let money = parts.removeFirst()
        guard MoneyUnit.named(money) != nil, !parts.isEmpty, parts.allSatisfy({ part in PhysicalUnit.spellings.contains { $0.written == part } }) else {
            report("`\(written.text)` is not a price unit", at: written.span,
                   help: "write a money unit per units of area or time, e.g. `money in \"元/m²/月\"`; the units are " + PhysicalUnit.spellings.map { "`\($0.written)`" }.joined(separator: ", "))
            throw Failure()
        }
        return ([money] + parts.map(PhysicalUnit.canonical)).joined(separator: "/")
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

    mutating func clause(benefit: Bool) throws -> ClauseDecl {
        let keyword = advance()
        let label = try clauseLabel()
        let title = try string("the clause title")
        let citation = check(.citation) ? Located(advance().text, previous().span) : nil
        var clause = ClauseDecl(label: label, title: title.value, citation: citation, isBenefit: benefit, span: keyword.span)
        try expect(.leftBrace, "to open the clause body")
        while !check(.rightBrace) && !check(.endOfFile) {
            let statementStart = position
            if (check(.comma) || check(.semicolon)) && !startsLine(position) {
                // `when revenue >= 1000万,`: nothing separates statements but the line break.
                let mark = advance()
                report("a statement ends at the end of its line, with no `\(mark.text)`", at: mark.span, help: "delete the `\(mark.text)`")
                continue
            }
            if declarationStarts(except: "let") {
                // No statement starts with a declaration keyword: the clause's `}` was left out.
                // The clause ends here, whole, and the declaration is read as the next item.
                let next = peek()
                report("clause `\(label.value)` is still open at this `\(next.text)`", at: next.span,
                       help: "close the clause with `}` after its last statement")
                clause.span = keyword.span.to(previous().span)
                return clause
            }
            do {
                clause.statements.append(try clauseStatement())
            } catch {
                clause.recovered = true
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

    /// A statement of a clause body; `word` reads it as that keyword's (a misspelt keyword read as
    /// the one it is closest to).
    mutating func clauseStatement(as word: String? = nil) throws -> ClauseStatement {
        let keyword = try identifier("a clause statement")
        let statement = word ?? keyword.value
        if ["amount", "cap", "floor", "when"].contains(statement), check(.equal) || check(.colon), peek().span.line == keyword.span.line {
            // `amount = revenue * 1%`, `cap: 50万`: read on, as if the mark were not there.
            let mark = advance()
            report("`\(statement)` takes its expression directly, with no `\(mark.text)`", at: mark.span, help: "delete the `\(mark.text)`")
        }
        switch statement {
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
            // A word on the line of the statement before it did not continue that statement.
            if !startsLine(position - 1), position >= 2, tokens[position - 2].kind != .leftBrace {
                // `when a "label" and b`: the label ended the condition.
                let afterLabel = tokens[position - 2].kind == .string && ["and", "or"].contains(keyword.value)
                report("`\(keyword.value)` does not continue the statement before it", at: keyword.span,
                       help: afterLabel ? "a condition's label comes last, after the whole condition: `when … \(keyword.value) … \"label\"`"
                           : Parser.continuationHelp[keyword.value] ?? "a statement starts a line of its own; inside an expression, join the parts with an operator")
                throw Failure()
            }
            let intended = word == nil ? Suggest.closest(to: keyword.value, among: Parser.statementKeywords) : nil
            report("unknown clause statement `\(keyword.value)`", at: keyword.span, help: intended.map { "did you mean `\($0)`?" })
            guard let intended else { throw Failure() }
            // `amonut 5万`: read as the statement the word misspells when it reads as one, so its
            // expression is checked; else skipped as before, with nothing the attempt found.
            let saved = self
            position -= 1
            do {
                return try clauseStatement(as: intended)
            } catch {
                self = saved
                throw Failure()
            }
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
                let scopes = ["item", "time", "project", "year", "enterprise"]
                report("unknown cap scope `per \(word.value)`", at: word.span,
                       help: Suggest.closest(to: word.value, among: scopes).map { "did you mean `per \($0)`?" }
                           ?? "use `per item`, `per time`, `per project`, `per year` or `per enterprise`")
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
        // `exclusive 3 over { … }`: a clause, not a mode, comes first.
        if !check(.leftBrace) && !(peek().isWord("highest") || peek().isWord("choice")) && peek(1).kind != .leftBrace { return try precedence(keyword) }
        let modeWord = try identifier("`highest` or `choice` after `exclusive`")
        guard let mode = ExclusionDecl.Mode(rawValue: modeWord.value) else {
            report("expected `highest` or `choice` after `exclusive`", at: modeWord.span,
                   help: "for one-way precedence name the clause and the ones it rules out: `exclusive 3 over { 5, 6 }`")
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

    /// `exclusive A over { B, C } (article)`: one-way precedence.
    mutating func precedence(_ keyword: Token) throws -> ExclusionDecl {
        let preferred = try exclusionMember()
        if check(.comma) {
            // `exclusive 1, 2 …`: clauses that rule one another out are listed in braces.
            report("the clauses of an exclusion rule are listed in braces after its mode", at: peek().span,
                   help: "write `exclusive highest { \(Parser.text(of: preferred)), … }` to keep the highest amount, `exclusive choice { … }` for the applicant's choice, or `exclusive \(Parser.text(of: preferred)) over { … }` for one-way precedence")
            throw Failure()
        }
        try expectWord("over", "after the clause that takes precedence (`exclusive 3 over { 5, 6 }`)")
        try expect(.leftBrace, "to open the list of clauses it excludes")
        var members = [preferred]
        repeat {
            if check(.rightBrace) { break }
            members.append(try exclusionMember())
        } while match(.comma)
        try expect(.rightBrace, "to close the list of clauses it excludes")
        let citation = check(.citation) ? Located(advance().text, previous().span) : nil
        return ExclusionDecl(members: members, mode: .over, tie: .first, citation: citation, span: keyword.span.to(previous().span))
    }

    /// `shared cap LIMIT { a, b } reduce in order | reduce proportionally (article)`.
    mutating func sharedCap() throws -> SharedCapDecl {
        let keyword = advance()
        try expectWord("cap", "after `shared`")
        let limit = try additive()
        try expect(.leftBrace, "to open the list of clauses the cap is shared by")
        var members: [Located<ClauseRef>] = []
        repeat {
            if check(.rightBrace) { break }
            members.append(try clauseReference())
        } while match(.comma)
        try expect(.rightBrace, "to close the list of clauses the cap is shared by")
        try expectWord("reduce", "after the clauses: say which is cut, `reduce in order` or `reduce proportionally`")
        let reduction: SharedCapDecl.Reduction
        if matchWord("in") {
            try expectWord("order", "after `reduce in`")
            reduction = .inOrder
        } else if matchWord("proportionally") {
            reduction = .proportionally
        } else {
            report("expected `in order` or `proportionally` after `reduce`, found \(peek().display)")
            throw Failure()
        }
        let citation = check(.citation) ? Located(advance().text, previous().span) : nil
        return SharedCapDecl(limit: limit, members: members, reduction: reduction, citation: citation, span: keyword.span.to(previous().span))
    }

    /// A member as written (`4a + 4b`, `zgc2021:2.1`).
    static func text(of member: Located<[Located<ClauseRef>]>) -> String {
        member.span.text ?? member.value.map { $0.value.label }.joined(separator: " + ")
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
}
