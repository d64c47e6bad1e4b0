/// Static checks of example files, run by `zhengce check` on the `*.examples.json` beside the
/// policies: facts no policy declares (a typo that would make the example test nothing), clause
/// ids that do not exist, and examples that expect a grant on a date the document is not in force.
public enum ExampleLint {
    public static func check(_ file: SourceFile, program: Program) -> [Diagnostic] {
        let root: JSONNode
        do {
            root = try JSONReader.parse(file)
        } catch {
            return [error.diagnostic]
        }
        guard case .array(let examples)? = root["examples"]?.value else {
            return [Diagnostic(.malformedJSON, "an examples file needs an `examples` array", at: root.span)]
        }
        var found: [Diagnostic] = []
        for example in examples {
            if case .object(let facts)? = example["facts"]?.value {
                for (name, value) in facts where name != "prior_received" {
                    guard let fact = program.facts[name] else {
                        found.append(Diagnostic(.unknownInputFact, "fact `\(name)` is not declared by any loaded policy", at: value.span,
                                                help: Suggest.closest(to: name, among: program.facts.keys).map { "did you mean `\($0)`?" }))
                        continue
                    }
                    fields(value, fact.type, path: name, &found)
                }
            }
            if let facts = example["facts"] {
                let wrapper = JSONNode(value: .object([("facts", facts)]), span: facts.span)
                do {
                    _ = try ApplicantReader.read(wrapper, facts: program.facts)
                } catch {
                    found += error.diagnostics
                }
            }
            expectations(example, program, &found)
        }
        return found
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
                found.append(Diagnostic(.exampleUnknownClause, "no clause `\(id)` in the loaded policies", at: expected.span,
                                        help: Suggest.closest(to: id, among: program.clauses.keys).map { "did you mean `\($0)`?" }))
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
