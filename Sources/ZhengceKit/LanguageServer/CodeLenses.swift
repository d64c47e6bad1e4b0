/// A code lens over each clause: how the examples that expect something of it fare. Its command
/// (`zhengce.showExamples`) answers with those examples, one line each.
enum CodeLenses {
    /// One example's verdict on one clause.
    struct Verdict {
        var example: String
        var passed: Bool
        var detail: String
    }

    static func answer(_ context: DocumentContext) -> JSONOut {
        guard let document = context.document else { return .array([]) }
        let verdicts = examples(for: context.path, context.analysis)
        return .array(context.tree.clauses.map { declaration in
            let id = ClauseID(document: document.id, label: declaration.label.value).description
            return .object([
                ("range", declaration.label.span.lspRange),
                ("command", .object([
                    ("title", .string(title(verdicts.map { $0[id] ?? [] }, evaluable: context.analysis.evaluable))),
                    ("command", .string(LanguageServer.showExamplesCommand)),
                    ("arguments", .array([.string(id)])),
                ])),
            ])
        })
    }

    static func title(_ verdicts: [Verdict]?, evaluable: Bool) -> String {
        guard evaluable, let verdicts else { return evaluable ? "no examples file" : "examples: fix the errors first" }
        if verdicts.isEmpty { return "no example checks this clause" }
        let failed = verdicts.filter { !$0.passed }.count
        return failed == 0 ? "✓ \(verdicts.count) example\(verdicts.count == 1 ? "" : "s") pass"
            : "✗ \(failed) of \(verdicts.count) example\(verdicts.count == 1 ? "" : "s") fail"
    }

    /// `workspace/executeCommand` for the lens: the verdicts on one clause as text.
    static func execute(_ params: JSONNode?, _ analysis: Analysis) -> JSONOut {
        guard params?["command"]?.string == LanguageServer.showExamplesCommand,
              let id = params?["arguments"]?.array?.first?.string,
              let clause = analysis.program.clauses[id],
              let path = analysis.program.document(clause.document)?.path else { return .null }
        guard let verdicts = examples(for: path, analysis)?[id] else { return .string(title(nil, evaluable: analysis.evaluable)) }
        let lines = verdicts.map { "\($0.passed ? "pass" : "FAIL") \($0.example)\($0.detail.isEmpty ? "" : ": " + $0.detail)" }
        return .string(([title(verdicts, evaluable: true)] + lines).joined(separator: "\n"))
    }

    /// Runs the examples file beside a policy and sorts the verdicts by the clauses each example
    /// expects something of; nil when there is no such file or the program has errors.
    static func examples(for path: String, _ analysis: Analysis) -> [String: [Verdict]]? {
        analysis.verdicts.verdicts(for: path) { run(for: path, analysis) }
    }

    private static func run(for path: String, _ analysis: Analysis) -> [String: [Verdict]]? {
        guard analysis.evaluable, let examplesPath = ExampleFiles.beside(path), let file = analysis.examples[examplesPath],
              let root = try? JSONReader.parse(file), let nodes = root["examples"]?.array else { return nil }
        let results = ExampleRunner.run(file, program: analysis.program).filter { $0.name != "(file)" || nodes.isEmpty }
        guard results.count == nodes.count else { return nil }
        var verdicts: [String: [Verdict]] = [:]
        for (node, result) in zip(nodes, results) {
            guard case .object(let clauses)? = node.at("expect", "clauses")?.value else { continue }
            for (id, _) in clauses {
                let mismatches = result.mismatches.filter { $0.clause == id || $0.clause == nil }
                let detail = (result.errors.map(\.message) + mismatches.map { "\($0.what): expected \($0.expected), got \($0.actual)" }).joined(separator: "; ")
                verdicts[id, default: []].append(Verdict(example: result.name, passed: result.errors.isEmpty && mismatches.isEmpty, detail: detail))
            }
        }
        return verdicts
    }
}
