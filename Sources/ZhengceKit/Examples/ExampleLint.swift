/// Static checks of example files, run by `zhengce check` on the `*.examples.json` beside the
/// policies: the file's shape (its `format` and `version`, and no key the format does not define,
/// so a misspelt expectation cannot pass while checking nothing), facts no policy declares (a typo
/// that would make the example test nothing), clause ids that do not exist, and examples that
/// expect a grant on a date the document is not in force.
public enum ExampleLint {
    public static let format = "zhengce.examples"
    public static let version = "1"

    public static func check(_ file: SourceFile, program: Program) -> [Diagnostic] {
        let root: JSONNode
        do {
            root = try JSONReader.parse(file)
        } catch {
            return [error.diagnostic]
        }
        return check(root, file: file, program: program, clauseIDs: Set(program.clauses.keys))
    }

    /// The problems of an examples file already read; `clauseIDs` are the program's clause ids.
    static func check(_ root: JSONNode, file: SourceFile, program: Program, clauseIDs: Set<String>) -> [Diagnostic] {
        var found = shape(root)
        guard case .array(let examples)? = root["examples"]?.value else { return found }
        var siblings: SiblingFacts?
        for example in examples {
            if case .object(let facts)? = example["facts"]?.value {
                for (name, value) in facts where name != "prior_received" {
                    guard let fact = program.facts[name] else {
                        found.append(Diagnostic(.unknownInputFact, "fact `\(name)` is not declared by any loaded policy", at: value.span,
                                                help: factNotLoadedHelp(name, program: program, siblings: &siblings, examples: file.path)))
                        continue
                    }
                    fields(value, fact.type, path: name, &found)
                }
            }
            if let facts = example["facts"] {
                let wrapper = JSONNode(value: .object([("facts", facts)]), span: facts.span)
                do {
                    _ = try ApplicantReader.read(wrapper, facts: program.facts, clauses: clauseIDs)
                } catch {
                    found += error.diagnostics
                }
            }
            expectations(example, program, &found)
        }
        return found
    }

    /// The keys the examples format defines, level by level; anything else is an error (Z507).
    static let fileKeys = ["format", "version", "document", "examples"]
    static let exampleKeys = ["name", "description", "as_of", "facts", "expect"]
    static let expectKeys = ["clauses", "documents", "total"]
    static let clauseKeys = ["status", "amount", "granted", "excluded_by", "installments"]
    static let documentKeys = ["total", "in_force", "eligible"]
    static let installmentKeys = ["year", "amount"]

    /// The structure of an examples file, independent of the policies.
    public static func shape(_ root: JSONNode) -> [Diagnostic] {
        var found: [Diagnostic] = []
        guard case .object = root.value else {
            return [Diagnostic(.examplesFileShape, "an examples file must be a JSON object with `format`, `version` and `examples`", at: root.span)]
        }
        keys(root, allowed: fileKeys, in: "an examples file", &found)
        switch root["format"]?.value {
        case .string(format)?: break
        case nil: found.append(Diagnostic(.examplesFileShape, "the examples file has no `format`", at: root.span, help: "add `\"format\": \"\(format)\"`"))
        default: found.append(Diagnostic(.examplesFileShape, "`format` must be \"\(format)\"", at: root["format"]?.span ?? root.span))
        }
        switch root["version"]?.value {
        case .number(version)?: break
        case nil: found.append(Diagnostic(.examplesFileShape, "the examples file has no `version`", at: root.span, help: "add `\"version\": \(version)`"))
        default: found.append(Diagnostic(.examplesFileShape, "this reader knows `version` \(version) of the examples format only", at: root["version"]?.span ?? root.span))
        }
        if let document = root["document"], case .string = document.value {} else if let document = root["document"] {
            found.append(Diagnostic(.examplesFileShape, "`document` must be a document id in double quotes", at: document.span))
        }
        guard case .array(let examples)? = root["examples"]?.value else {
            found.append(Diagnostic(.examplesFileShape, "an examples file needs an `examples` array", at: root["examples"]?.span ?? root.span))
            return found
        }
        // The document a bare clause label belongs to: the file's `document`, else its name's stem.
        var document = "DOC"
        if case .string(let id)? = root["document"]?.value {
            document = id
        } else if let path = root.span.file?.path, let name = path.split(separator: "/").last, name.hasSuffix(".examples.json") {
            document = String(name.dropLast(".examples.json".count))
        }
        for example in examples {
            guard case .object = example.value else {
                found.append(Diagnostic(.examplesFileShape, "each example must be an object", at: example.span))
                continue
            }
            keys(example, allowed: exampleKeys, in: "an example", &found)
            guard let expect = example["expect"] else { continue }
            keys(expect, allowed: expectKeys, in: "`expect`", &found) { key in
                // `"expect": {"yz2025:2": …}`: a clause's result written one level too high.
                guard key.contains(":") || key.first?.isNumber == true else { return nil }
                return "a clause's expected result goes under `clauses`, by its full id: `\"clauses\": {\"\(key.contains(":") ? key : document + ":" + key)\": {\"status\": \"granted\", \"amount\": \"…\"}}`"
            }
            if let total = expect["total"] { amount(total, "total", of: "the example", &found) }
            for (group, allowed) in [("clauses", clauseKeys), ("documents", documentKeys)] {
                guard let node = expect[group] else { continue }
                guard case .object(let members) = node.value else {
                    found.append(Diagnostic(.examplesFileShape, "`\(group)` must be an object keyed by id", at: node.span))
                    continue
                }
                for (id, expected) in members {
                    keys(expected, allowed: allowed, in: "the expectation for `\(id)`", &found)
                    for key in ["amount", "granted", "total"] { if let value = expected[key] { amount(value, key, of: "`\(id)`", &found) } }
                    if group == "clauses", let status = expected["status"] { self.status(status, of: id, &found) }
                    guard group == "clauses", let installments = expected["installments"] else { continue }
                    guard case .array(let items) = installments.value else {
                        found.append(Diagnostic(.examplesFileShape, "`installments` must be an array of `{ \"year\": …, \"amount\": … }`", at: installments.span))
                        continue
                    }
                    for item in items {
                        keys(item, allowed: installmentKeys, in: "an installment", &found)
                        if let value = item["amount"] { amount(value, "amount", of: "an installment of `\(id)`", &found) }
                    }
                }
            }
        }
        return found
    }

    /// An expected amount: 万元 as a string or a number (`"5.01"`), or null. A unit or a separator
    /// would be compared as text and fail with a puzzling difference, so it is named here.
    static func amount(_ node: JSONNode, _ key: String, of owner: String, _ found: inout [Diagnostic]) {
        let text: String
        switch node.value {
        case .null: return
        case .number(let written): text = written
        case .string(let written): text = written
        default:
            found.append(Diagnostic(.examplesFileShape, "`\(key)` of \(owner) must be an amount in 万元 such as \"5.01\", or null", at: node.span))
            return
        }
        guard ExactDecimal(parsing: Substring(text)) == nil else { return }
        // Split as an applicant's amount is split: the digits, then what is written after them.
        let end = ApplicantReader.endOfDigits(text)
        let digits = text[..<end], unit = text[end...]
        let help = !digits.isEmpty && ["万", "万元"].contains(unit) ? "write it in 万元 without the unit: \"\(digits)\""
            : !digits.isEmpty && unit == "元" ? "expected amounts are in 万元, without the unit"
            : "expected amounts are in 万元, written with ASCII digits and a point: \"5.01\""
        found.append(Diagnostic(.examplesFileShape, "`\(key)` of \(owner) is \"\(text)\", which is not an amount in 万元",
                                at: node.span, help: help))
    }

    /// An expected status: one of the statuses an outcome has.
    static func status(_ node: JSONNode, of id: String, _ found: inout [Diagnostic]) {
        let statuses = ClauseOutcome.Status.allCases.map(\.rawValue)
        guard case .string(let text) = node.value, !statuses.contains(text) else {
            if case .string = node.value { return }
            found.append(Diagnostic(.examplesFileShape, "`status` of `\(id)` must be a string: one of " + statuses.map { "`\($0)`" }.joined(separator: ", "), at: node.span))
            return
        }
        found.append(Diagnostic(.examplesFileShape, "`\(text)` is not a status of `\(id)`", at: node.span,
                                help: ((statuses.first { $0.hasPrefix(text) } ?? Suggest.closest(to: text, among: statuses)).map { "did you mean `\($0)`? " } ?? "") + "the statuses are " + statuses.map { "`\($0)`" }.joined(separator: ", ")))
    }

    /// Reports the keys of `node` that are not `allowed`; `meant` may say what such a key was
    /// meant to be.
    static func keys(_ node: JSONNode, allowed: [String], in place: String, _ found: inout [Diagnostic], meant: (String) -> String? = { _ in nil }) {
        guard case .object(let members) = node.value else {
            found.append(Diagnostic(.examplesFileShape, "\(place) must be an object", at: node.span))
            return
        }
        for (key, _) in members where !allowed.contains(key) {
            let hint = Suggest.closest(to: key, among: allowed).map { "did you mean `\($0)`? " } ?? ""
            found.append(Diagnostic(.examplesFileShape, "`\(key)` is not a key of \(place), so it would check nothing", at: node.keySpan(key) ?? node.span,
                                    help: meant(key) ?? hint + "the keys are " + allowed.map { "`\($0)`" }.joined(separator: ", ")))
        }
    }

    static func fields(_ node: JSONNode, _ type: ValueType, path: String, _ found: inout [Diagnostic]) {
        switch (type, node.value) {
        case (.list(let element), .array(let items)):
            for (index, item) in items.enumerated() { fields(item, element, path: "\(path)[\(index + 1)]", &found) }
        case (.record(let declared), .object(let members)):
            for (key, value) in members {
                guard let field = declared.first(where: { $0.name == key }) else {
                    found.append(Diagnostic(.unknownInputFact, "field `\(path).\(key)` is not declared", at: value.span,
                                            help: Suggest.closest(to: key, among: declared.map(\.name)).map { "did you mean `\($0)`?" }))
                    continue
                }
                fields(value, field.type, path: "\(path).\(key)", &found)
            }
        default: break
        }
    }

    static func expectations(_ example: JSONNode, _ program: Program, _ found: inout [Diagnostic]) {
        guard case .object(let clauses)? = example["expect"]?["clauses"]?.value else { return }
        var asOf: Day?
        if case .string(let text)? = example["as_of"]?.value { asOf = Day(iso: text) }
        for (id, expected) in clauses {
            guard let clause = program.clauses[id], let document = program.document(clause.document) else {
                let help = unloadedDocument(of: id, program).map { documentNotLoadedHelp($0, program: program, examples: expected.span.file?.path) }
                // A bare label (`2`) for a full id (`yz2025:2`).
                let full = id.contains(":") ? [] : program.clauses.keys.filter { $0.hasSuffix(":" + id) }.sorted()
                let bare = full.isEmpty ? nil : "a clause is named with its document: did you mean " + full.map { "`\($0)`" }.joined(separator: " or ") + "?"
                found.append(Diagnostic(.exampleUnknownClause, "no clause `\(id)` in the loaded policies", at: expected.span,
                                        help: help ?? bare ?? Suggest.closest(to: id, among: program.clauses.keys).map { "did you mean `\($0)`?" }))
                continue
            }
            guard let asOf, !document.validity.contains(asOf), !clause.survivesExpiry else { continue }
            if expectsGrant(expected) {
                found.append(Diagnostic(.exampleOutsideValidity, "this example expects `\(id)` to pay or apply on \(asOf), when `\(document.id)` is not in force (\(document.validity.described))",
                                        at: expected.span, help: "date the example inside the validity, or expect `refused`"))
            }
        }
    }

    static func expectsGrant(_ node: JSONNode) -> Bool {
        if case .string(let status)? = node["status"]?.value, ["granted", "benefit", "eligible", "excluded"].contains(status) { return true }
        for key in ["granted", "amount"] {
            if case .string(let text)? = node[key]?.value, let value = ExactDecimal(parsing: text), !value.isZero { return true }
        }
        return false
    }
}
