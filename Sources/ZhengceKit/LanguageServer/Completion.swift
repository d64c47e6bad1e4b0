/// `textDocument/completion`, by what the cursor is in: a quoted value (the choices), after a
/// `.` (record fields), inside an `exclusive` rule or the braces of a `shared cap` (clause labels), or anywhere else (facts,
/// definitions, built-in functions and keywords).
enum Completion {
    /// Completion item kinds of the protocol.
    enum Kind: Int {
        case function = 3, field = 5, variable = 6, keyword = 14, reference = 18, enumMember = 20, constant = 21
    }

    static func answer(_ context: DocumentContext) -> JSONOut {
        guard let offset = context.offset else { return .array([]) }
        let scalars = context.file.scalars
        let line = context.file.lineRange(context.file.position(of: offset).line)
        let before = Array(scalars[line.lowerBound..<max(line.lowerBound, min(offset, line.upperBound))])
        if before.filter({ $0 == "\"" }).count % 2 == 1 {
            return items(choices(before: before, context), .enumMember)
        }
        var wordStart = before.count
        while wordStart > 0, isNameScalar(before[wordStart - 1]) { wordStart -= 1 }
        if context.tree.exclusions.contains(where: { $0.span.start < offset && offset <= $0.span.end }) || insideRuleBraces(offset, context) {
            return items(clauseLabels(context), .reference)
        }
        if wordStart > 0, before[wordStart - 1] == "." {
            var baseStart = wordStart - 1
            while baseStart > 0, isNameScalar(before[baseStart - 1]) { baseStart -= 1 }
            let base = String(String.UnicodeScalarView(before[baseStart..<(wordStart - 1)]))
            return items(fields(of: base, context), .field)
        }
        var all = [(String, String?)]()
        if let document = context.document {
            all += document.facts.values.sorted { $0.name < $1.name }.map { ($0.name, $0.label) }
            all += document.definitions.values.sorted { $0.name.value < $1.name.value }.map { ($0.name.value, $0.label) }
        }
        return .array(items(all, .variable).arrayItems
            + items(Builtin.table.map { ($0.name, $0.summary) }, .function).arrayItems
            + items(BuiltinName.allCases.map { ($0.rawValue, nil) }, .constant).arrayItems
            + items(Keywords.all.map { ($0, nil) }, .keyword).arrayItems)
    }

    static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
    }

    /// Between the braces of an `exclusive` rule (`exclusive highest {…}`, `exclusive 12 over {…}`)
    /// or a `shared cap {…}`, written whole or still being typed (no closing brace yet, which
    /// the parser could not read).
    static func insideRuleBraces(_ offset: Int, _ context: DocumentContext) -> Bool {
        let tokens = Lexer.tokenize(context.file).tokens.filter { $0.span.end <= offset }
        guard let start = tokens.lastIndex(where: { $0.isWord("exclusive") || $0.isWord("shared") }) else { return false }
        let rest = tokens[start...]
        return rest.contains { $0.kind == .leftBrace } && !rest.contains { $0.kind == .rightBrace }
    }

    static func clauseLabels(_ context: DocumentContext) -> [(String, String?)] {
        let own = context.document?.id
        return context.analysis.program.clauses.values.sorted { $0.id < $1.id }.map { clause in
            (clause.document == own ? clause.label : clause.id, clause.title)
        }
    }

    /// The values of the choice facts and fields named on the line before the open quote; all the
    /// file's choice values when the line names none.
    static func choices(before: [Unicode.Scalar], _ context: DocumentContext) -> [(String, String?)] {
        let text = String(String.UnicodeScalarView(before))
        var named: [[String]] = [], every: [[String]] = []
        for fact in context.tree.facts {
            for (name, values) in choiceLists(fact.name.value, fact.type.value) {
                every.append(values)
                if text.contains(name) { named.append(values) }
            }
        }
        var seen: Set<String> = []
        return (named.isEmpty ? every : named).joined().filter { seen.insert($0).inserted }.map { ($0, nil) }
    }

    static func choiceLists(_ name: String, _ type: TypeSyntax) -> [(String, [String])] {
        switch type {
        case .choice(let values), .setOf(let values): return [(name, values)]
        case .listOf(let element), .signed(let element): return choiceLists(name, element)
        case .record(let fields): return fields.flatMap { choiceLists($0.name, $0.type) }
        default: return []
        }
    }

    /// The fields of the record a name holds: a fact's own, or, for a local name, every record
    /// field of the file.
    static func fields(of base: String, _ context: DocumentContext) -> [(String, String?)] {
        let fact = context.tree.facts.first { $0.name.value == base }
        let fields = fact.map { PolicyOutline.recordFields(of: $0.type.value) } ?? context.tree.facts.flatMap { PolicyOutline.recordFields(of: $0.type.value) }
        var seen: Set<String> = []
        return fields.filter { seen.insert($0.name).inserted }.map { ($0.name, $0.label) }
    }

    static func items(_ entries: [(String, String?)], _ kind: Kind) -> JSONOut {
        .array(entries.map { name, detail in
            var members: [(String, JSONOut)] = [("label", .string(name)), ("kind", .int(kind.rawValue))]
            if let detail { members.append(("detail", .string(detail))) }
            return .object(members)
        })
    }
}

extension JSONOut {
    var arrayItems: [JSONOut] { if case .array(let items) = self { return items } else { return [] } }
}
