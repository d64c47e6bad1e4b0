/// Reads an applicant file (`{ "applicant": …, "as_of": …, "facts": { … } }`) against the facts
/// the loaded policies declare. Every value is checked against its declared type; a wrong type is
/// an error naming the field. Quantities are non-negative unless declared `signed`; a `count` is
/// whole; `prior_received` names clauses that exist.
public struct ApplicantReader {
    public struct Failure: Error, Sendable {
        public var diagnostics: [Diagnostic]
    }

    let facts: [String: FactInfo]
    let clauses: Set<String>
    private var errors: [Diagnostic] = []
    private var warnings: [Diagnostic] = []

    /// What sign and precision an input quantity may have, from its declared type.
    enum Range {
        case nonNegative, signed, whole

        init(_ syntax: TypeSyntax?) {
            switch syntax {
            case .signed?: self = .signed
            case .count?: self = .whole
            default: self = .nonNegative
            }
        }
    }

    /// Whether a file that failed to read as one applicant looks like a population: named as JSON
    /// Lines or CSV, or one JSON value followed by another (what `batch` reads).
    public static func looksLikePopulation(_ path: String, _ failure: Failure) -> Bool {
        let lowered = path.lowercased()
        if [".jsonl", ".ndjson", ".csv"].contains(where: lowered.hasSuffix) { return true }
        return failure.diagnostics.contains { $0.code == .malformedJSON && $0.message == JSONReader.textAfterTheValue }
    }

    public static func read(_ file: SourceFile, program: Program) throws(Failure) -> Applicant {
        try read(file, facts: program.facts, clauses: Set(program.clauses.keys))
    }

    public static func read(_ root: JSONNode, program: Program) throws(Failure) -> Applicant {
        try read(root, facts: program.facts, clauses: Set(program.clauses.keys))
    }

    public static func read(_ file: SourceFile, facts: [String: FactInfo], clauses: Set<String>) throws(Failure) -> Applicant {
        let root: JSONNode
        do {
            root = try JSONReader.parse(file)
        } catch {
            throw Failure(diagnostics: [error.diagnostic])
        }
        return try read(root, facts: facts, clauses: clauses)
    }

    public static func read(_ root: JSONNode, facts: [String: FactInfo], clauses: Set<String>) throws(Failure) -> Applicant {
        var reader = ApplicantReader(facts: facts, clauses: clauses)
        let applicant = reader.applicant(root)
        if !reader.errors.isEmpty { throw Failure(diagnostics: reader.errors) }
        return applicant
    }

    private mutating func applicant(_ root: JSONNode) -> Applicant {
        var result = Applicant()
        guard case .object(let members) = root.value else {
            error("the applicant file must be a JSON object with `facts`", root)
            return result
        }
        for (key, node) in members {
            switch key {
            case "applicant":
                if case .string(let name) = node.value { result.name = name } else { error("`applicant` must be a string", node) }
            case "as_of":
                guard case .string(let text) = node.value, let day = Day(iso: text) else {
                    if case .string(let text) = node.value { error(Day.problem(with: text, naming: "`as_of`"), node) } else { error("`as_of` must be a date such as \"2025-06-30\"", node) }
                    continue
                }
                result.asOf = day
            case "facts":
                guard case .object(let factMembers) = node.value else {
                    error("`facts` must be an object", node)
                    continue
                }
                for (name, value) in factMembers {
                    if name == "prior_received" {
                        result.priorReceived = priorReceived(value)
                        continue
                    }
                    guard let info = facts[name] else {
                        warn("fact `\(name)` is not used by any loaded policy", value, help: NameSuggestion.hint(for: name, facts: facts))
                        continue
                    }
                    if case .null = value.value { continue }
                    if let converted = convert(value, to: info.type, input: info.input, syntax: info.syntax, path: name) { result.facts[name] = converted }
                }
                applyImplications(factMembers, to: &result.facts)
            default:
                warn("top-level field `\(key)` is ignored", node, help: "an applicant file has `applicant`, `as_of` and `facts`")
            }
        }
        if root["facts"] == nil { error("the applicant file has no `facts` object", root) }
        result.notices = warnings
        result.warnings = warnings.map { "\($0.message)" + ($0.help.map { "; \($0)" } ?? "") }
        return result
    }

    /// `fact B: bool implied by A`: when A is given, B is true, unless A is a bool given as `false`;
    /// B given as `false` beside a true implication is contradictory input, reported at B with the
    /// place of the fact the chain of implications starts from. Applied in `Implications` order,
    /// so a chain is followed to its end.
    private mutating func applyImplications(_ members: [(key: String, value: JSONNode)], to facts: inout [String: Value]) {
        let implications = Implications(self.facts)
        let given = Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        var reported: Set<String> = []
        var changed = true
        while changed {
            changed = false
            for (name, implying) in implications.order where !reported.contains(name) {
                guard let value = facts[implying] else { continue }
                if case .bool(false) = value { continue }
                if case .bool(true)? = facts[name] { continue }
                if case .bool(false)? = facts[name], let written = given[name] {
                    reported.insert(name)
                    // The fact given in the file that starts the chain (`implying` itself, unless it
                    // was implied in turn).
                    var root = implying
                    var seen: Set<String> = [name]
                    while given[root] == nil, let next = self.facts[root]?.impliedBy, seen.insert(root).inserted { root = next }
                    let through = root == implying ? "" : " (through `\(implying)`)"
                    let place = given[root].map { " at line \($0.span.line), column \($0.span.column)" } ?? ""
                    error("`\(name)` is false, but `\(root)` is given\(place): "
                          + "`\(root)` makes `\(name)` true\(through), so the two facts contradict each other; correct one of them", written)
                    continue
                }
                facts[name] = .bool(true)
                changed = true
            }
            if !implications.circular { break }
        }
    }

    private mutating func priorReceived(_ node: JSONNode) -> [String: ExactDecimal] {
        guard case .object(let members) = node.value else {
            error("`prior_received` must be an object of clause id → 万元", node)
            return [:]
        }
        var result: [String: ExactDecimal] = [:]
        for (key, value) in members {
            guard clauses.contains(key) else {
                // An unknown id would silently leave a cumulative cap unapplied.
                let trimmed = key.trimmingWhitespace()
                let help = clauses.contains(trimmed) ? "remove the spaces around `\(trimmed)`"
                    : Suggest.closest(to: key, among: clauses).map { "did you mean `\($0)`?" } ?? "use a clause id such as `document.label`"
                errors.append(Diagnostic(.unknownPriorClause, "`prior_received` names no clause `\(key)` of the loaded policies", at: node.keySpan(key) ?? value.span, help: help))
                continue
            }
            if case .number(let amount, _)? = convert(value, to: .money, input: .money(.wan), syntax: nil, path: "prior_received.\(key)") { result[key] = amount }
        }
        return result
    }

    /// `syntax` is the declared type as written (nil: a plain non-negative amount).
    private mutating func convert(_ node: JSONNode, to type: ValueType, input: InputUnit, syntax: TypeSyntax?, path: String) -> Value? {
        switch (type, node.value) {
        case (.bool, .bool(let value)): return .bool(value)
        case (.quantity(let dimension), .number(let text)), (.quantity(let dimension), .string(let text)):
            return quantity(text.trimmingWhitespace(), dimension, input, Range(syntax), node, path)
        case (.date, .string(let text)):
            guard let day = Day(iso: text) else {
                error(Day.problem(with: text, naming: "`\(path)`"), node)
                return nil
            }
            return .date(day)
        case (.text(let choices), .string(let text)):
            if let choices, !choices.contains(text) {
                error("`\(path)` is \"\(text)\", which is not one of " + choices.map { "\"\($0)\"" }.joined(separator: ", ")
                      + (Suggest.closest(to: text, among: choices).map { "; did you mean \"\($0)\"?" } ?? ""), node)
                return nil
            }
            return .text(text)
        case (.set(let choices), .array(let items)):
            var values: Set<String> = []
            for item in items {
                guard case .string(let text) = item.value, choices.isEmpty || choices.contains(text) else {
                    error("`\(path)` may hold only " + choices.map { "\"\($0)\"" }.joined(separator: ", "), item)
                    continue
                }
                values.insert(text)
            }
            return .set(values)
        case (.list(let element), .array(let items)):
            var values: [Value] = []
            var elementSyntax: TypeSyntax?
            if case .listOf(let written)? = syntax { elementSyntax = written }
            for (index, item) in items.enumerated() {
                if let value = convert(item, to: element, input: input, syntax: elementSyntax, path: "\(path)[\(index + 1)]") { values.append(value) }
            }
            return .list(values)
        case (.record(let fields), .object(let members)):
            var values: [String: Value] = [:]
            var written: [FieldDecl] = []
            if case .record(let declared)? = syntax { written = declared }
            for field in fields {
                if let member = members.last(where: { $0.key == field.name })?.value, !isNull(member) {
                    let fieldSyntax = written.first { $0.name == field.name }?.type
                    if let value = convert(member, to: field.type, input: field.input, syntax: fieldSyntax, path: "\(path).\(field.name)") { values[field.name] = value }
                } else if let value = field.defaultValue ?? field.type.absentDefault {
                    values[field.name] = value
                }
            }
            for (key, member) in members where !fields.contains(where: { $0.name == key }) {
                warn("field `\(path).\(key)` is not used by any loaded policy", member,
                     help: NameSuggestion.hint(for: key, fields: fields))
            }
            return .record(RecordValue(path: path, fields: values))
        default:
            error("`\(path)` must be \(expected(type, input)), not \(node.value.typeName)", node, help: ApplicantReader.shapeHelp(type, node))
            return nil
        }
    }

    /// What to write for a value of the right content in the wrong shape: one item where a list
    /// or set is expected (`"小巨人"` → `["小巨人"]`), a truth value in quotes.
    static func shapeHelp(_ type: ValueType, _ node: JSONNode) -> String? {
        let written = node.span.text ?? ""
        switch (type, node.value) {
        case (.set, .string), (.list, .string), (.list, .number), (.list, .bool), (.list, .object):
            return "a list is written in brackets, even with one item: `[\(written)]`"
        case (.bool, .string(let text)) where text == "true" || text == "false":
            return "write `\(text)` without quotes"
        case (.bool, .string(let text)) where ["是", "否", "yes", "no", "Y", "N", "1", "0", "TRUE", "FALSE", "True", "False"].contains(text):
            let meant = ["是", "yes", "Y", "1", "TRUE", "True"].contains(text)
            return "a yes-or-no fact is `true` or `false`: write `\(meant)`"
        case (.bool, .number(let text)) where text == "1" || text == "0":
            return "a yes-or-no fact is `true` or `false`: write `\(text == "1")`"
        default:
            return nil
        }
    }

    /// `-? digits (. digits)?`: what an amount may look like before its unit (no `+`, no bare `.`).
    static func isPlainDecimal(_ text: Substring) -> Bool {
        // Every character allowed is one ASCII byte, so the bytes decide.
        var digitsBefore = 0, digitsAfter = 0
        var seenPoint = false
        for (index, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "-") where index == 0: continue
            case UInt8(ascii: "."):
                guard !seenPoint, digitsBefore > 0 else { return false }
                seenPoint = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if seenPoint { digitsAfter += 1 } else { digitsBefore += 1 }
            default: return false
            }
        }
        return digitsBefore > 0 && (!seenPoint || digitsAfter > 0)
    }

    private func isNull(_ node: JSONNode) -> Bool { if case .null = node.value { return true } else { return false } }

    private func expected(_ type: ValueType, _ input: InputUnit) -> String {
        switch type {
        case .bool: return "true or false"
        case .quantity(.money): if case .money(let unit) = input { return "an amount in \(unit.name) (a number or a string such as \"1234.56\")" } else { return "an amount" }
        case .quantity(.price(_, let per)): if case .money(let unit) = input { return "a price in \(unit.name)/\(per) (a number or a string such as \"3.5\")" } else { return "a price" }
        case .quantity: return input == .percent ? "a percentage as a plain number (\"5.1\" = 5.1%)" : "a number"
        case .date: return "a date string such as \"2025-06-30\""
        case .text(let choices?): return "one of " + choices.map { "\"\($0)\"" }.joined(separator: ", ")
        case .text: return "a string"
        case .set: return "an array of strings"
        case .list: return "an array"
        case .record: return "an object"
        case .unknown: return "a value"
        }
    }

    /// Reads `"1234.56"`, `1234.56`, `"8亿"`, `"1500元"`, `"2000万美元"` into base units.
    private mutating func quantity(_ text: String, _ dimension: Dimension, _ input: InputUnit, _ range: Range, _ node: JSONNode, _ path: String) -> Value? {
        let digitsEnd = Self.endOfDigits(text)
        let digits = text[..<digitsEnd]
        let suffix = String(text[digitsEnd...]).trimmingWhitespace()
        // Digits followed by a comma are a thousands separator, not a unit (`1,200万`).
        guard ApplicantReader.isPlainDecimal(digits), let number = ExactDecimal(parsing: digits), !Self.isExponent(suffix),
              !suffix.hasPrefix(","), !suffix.hasPrefix("，") else {
            if let written = Self.separated(text) {
                error("`\(path)` is written with \(written.what) (\(text)); write \(written.fix)", node)
            } else if !digits.isEmpty && Self.isExponent(suffix) {
                // Only a number in that form: `hello` holds an `e` but no exponent.
                error("`\(path)` is written in exponent notation (\(text)); write the digits in full", node)
            } else if ApplicantReader.isPlainDecimal(digits) {
                error("`\(path)` has more digits than an amount can hold exactly (\(text))", node)
            } else {
                error("`\(path)` must be \(expected(.quantity(dimension), input)), not \"\(text)\"", node)
            }
            return nil
        }
        if range == .whole, number.isNegative || (try? number.rounded(toPlaces: 0, .down)) != number {
            errors.append(Diagnostic(.factType, "`\(path)` is a count, so it must be a whole number, zero or more, not \(text)", at: node.span))
            return nil
        }
        if number.isNegative && range != .signed {
            if path.hasPrefix("prior_received.") {
                errors.append(Diagnostic(.factType, "`\(path)` is negative (\(text)); support already received is zero or more", at: node.span))
            } else {
                errors.append(Diagnostic(.factType, "`\(path)` is negative (\(text)), but the policies declare it without a sign", at: node.span,
                                         help: "give the amount as zero or more; a policy declares a fact that may be negative as `signed`"))
            }
            return nil
        }
        do {
            switch (dimension, input) {
            case (.money(let currency), .money(let declared)):
                let unit = suffix.isEmpty ? declared : MoneyUnit.named(suffix)
                // `9 0`: digits after a space are the number's, not a unit.
                if unit == nil, let first = suffix.unicodeScalars.first, ("0"..."9").contains(first) {
                    error("`\(path)` has a space inside its digits (\"\(text)\"); write the number without spaces", node)
                    return nil
                }
                guard let unit else {
                    error("`\(path)` has an unknown unit `\(suffix)`; use one of " + MoneyUnit.all.map(\.name).joined(separator: ", "), node)
                    return nil
                }
                guard unit.currency == currency else {
                    error("`\(path)` is in \(currency.rawValue) but `\(suffix)` is \(unit.currency.rawValue); the documents give no exchange rate, so convert it first", node)
                    return nil
                }
                return .number(try number.multiplied(by: unit.factor), dimension)
            case (.price(_, let per), .money(let declared)):
                // A price is given in its declared unit (`"3.5"` for 3.5元/m²/月).
                guard suffix.isEmpty || suffix == declared.name + "/" + per.text else { break }
                return .number(try number.multiplied(by: declared.factor), dimension)
            case (_, .percent):
                guard suffix.isEmpty || suffix == "%" else { break }
                return .number(try number.divided(by: ExactDecimal(100)), dimension)
            default:
                guard suffix.isEmpty else { break }
                return .number(number, dimension)
            }
        } catch {
            self.error("`\(path)` is too large to compute with", node)
            return nil
        }
        self.error("`\(path)` has an unexpected unit `\(suffix)`", node)
        return nil
    }

    /// What a Chinese keyboard may have put in an amount: full-width digits (`１２万`) or a point
    /// (`１２．５`), or thousands separators (`1,200万`, `1，200`); with the amount as it must be
    /// written. Nil when there is neither.
    static func separated(_ text: String) -> (what: String, fix: String)? {
        let fullWidth = text.unicodeScalars.contains { Characters.narrowDigit($0) != nil || $0 == "．" }
        var separators = false
        var previous: Unicode.Scalar?
        var plain = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let ascii = Characters.narrowDigit(scalar) ?? (scalar == "．" ? "." : scalar)
            if ascii == "," || ascii == "，", previous.map({ ("0"..."9").contains($0) }) == true {
                separators = true
                continue
            }
            plain.append(ascii)
            previous = ascii
        }
        let fix = "`\(String(plain))`"
        switch (fullWidth, separators) {
        case (true, true): return ("full-width digits and thousands separators", fix)
        case (true, false): return ("full-width digits", "ASCII digits: " + fix)
        case (false, true): return ("thousands separators", "the digits without them: " + fix)
        case (false, false): return nil
        }
    }

    /// Whether what follows the digits starts with an exponent (`e3`, `E+2`, `e-7万`), not a unit:
    /// JSON allows `1e3`, but an amount is written with its digits in full.
    static func isExponent(_ suffix: String) -> Bool {
        var rest = Substring(suffix)
        guard let first = rest.first, first == "e" || first == "E" else { return false }
        rest.removeFirst()
        if rest.first == "+" || rest.first == "-" { rest.removeFirst() }
        return rest.first.map { $0.isASCII && $0.isNumber } ?? false
    }

    /// Where the leading run of ASCII digits, points and signs ends. Scanned as bytes; where the
    /// run stops at a non-ASCII byte (a unit such as `万`, or a combining mark that would join the
    /// last digit into one character) the characters decide, as they always have.
    static func endOfDigits(_ text: String) -> String.Index {
        let utf8 = text.utf8
        var index = utf8.startIndex
        while index < utf8.endIndex {
            switch utf8[index] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "+"):
                index = utf8.index(after: index)
            case 0..<0x80:
                return index
            default:
                return text.firstIndex { !($0.isASCII && ($0.isNumber || $0 == "." || $0 == "-" || $0 == "+")) } ?? text.endIndex
            }
        }
        return text.endIndex
    }

    private mutating func warn(_ message: String, _ node: JSONNode, help: String?) {
        warnings.append(Diagnostic(.unknownInputFact, message, at: node.span, help: help, severity: .warning))
    }

    private mutating func error(_ message: String, _ node: JSONNode, help: String? = nil) {
        errors.append(Diagnostic(.factType, message, at: node.span, help: help))
    }
}

extension String {
    func trimmingWhitespace() -> String {
        // Most texts start and end with a visible ASCII character: nothing to trim. (A character
        // that ends in an ASCII byte other than a line feed is that byte alone.)
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F { return self }
        if isEmpty { return self }
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
