/// Runs the examples kept beside the policies (`*.examples.json`, format `zhengce.examples` v1):
/// each is an applicant, a date and the expected outcome; a mismatch is reported as expected vs
/// actual with the clause's trace.
public enum ExampleRunner {
    public struct Mismatch: Sendable {
        public var what: String
        public var expected: String
        public var actual: String
        /// The clause whose outcome differs, for showing its trace.
        public var clause: String?
        /// Where the expected value is written, and the JSON text that would state the actual
        /// value there (for `zhengce test --update`).
        public var expectedSpan: Span? = nil
        public var replacement: String? = nil
    }

    public struct Result: Sendable {
        public var file: String
        /// The line where the example starts (1 for problems with the file itself).
        public var line: Int = 1
        public var name: String
        public var description: String?
        public var mismatches: [Mismatch]
        public var evaluation: Evaluation?
        /// The example's facts as read.
        public var applicant: Applicant?
        /// Problems with the example itself (bad facts, unknown clause ids).
        public var errors: [Diagnostic]

        public var passed: Bool { mismatches.isEmpty && errors.isEmpty }
    }

    public static func run(_ file: SourceFile, program: Program) -> [Result] {
        let root: JSONNode
        do {
            root = try JSONReader.parse(file)
        } catch {
            return [Result(file: file.path, name: "(file)", mismatches: [], errors: [error.diagnostic])]
        }
        // Static problems (undeclared facts, unknown clauses, unknown keys) fail the example they
        // are found in; problems with the file itself fail the file.
        let clauseIDs = Set(program.clauses.keys)
        let lint = ExampleLint.check(root, file: file, program: program, clauseIDs: clauseIDs).filter { $0.severity == .error }
        guard case .array(let examples)? = root["examples"]?.value else {
            return [Result(file: file.path, name: "(file)", mismatches: [], errors: lint)]
        }
        let outside = lint.filter { diagnostic in !examples.contains { $0.span.start <= diagnostic.span.start && diagnostic.span.start < $0.span.end } }
        let fileResult = outside.isEmpty ? [] : [Result(file: file.path, name: "(file)", mismatches: [], errors: outside)]
        return fileResult + examples.enumerated().map { index, node in
            var result = runOne(node, index: index, file: file, program: program, clauseIDs: clauseIDs)
            for diagnostic in lint where node.span.start <= diagnostic.span.start && diagnostic.span.start < node.span.end
                && !result.errors.contains(where: { $0.span.start == diagnostic.span.start }) {
                result.errors.append(diagnostic)
            }
            return result
        }
    }

    static func runOne(_ node: JSONNode, index: Int, file: SourceFile, program: Program, clauseIDs: Set<String>) -> Result {
        var name = "example \(index + 1)"
        if case .string(let text)? = node["name"]?.value { name = text }
        var result = Result(file: file.path, line: node.span.line, name: name, mismatches: [], errors: [])
        if case .string(let text)? = node["description"]?.value { result.description = text }
        guard case .string(let dateText)? = node["as_of"]?.value, let asOf = Day(iso: dateText) else {
            result.errors.append(Diagnostic(.malformedJSON, "example `\(name)` needs `as_of` as a date such as \"2025-06-30\"", at: node["as_of"]?.span ?? node.span))
            return result
        }
        let wrapper = JSONNode(value: .object([("facts", node["facts"] ?? JSONNode(value: .object([]), span: node.span))]), span: node.span)
        let applicant: Applicant
        do {
            applicant = try ApplicantReader.read(wrapper, facts: program.facts, clauses: clauseIDs)
        } catch {
            result.errors += error.diagnostics
            return result
        }
        let evaluation = Zhengce.evaluate(program, applicant, asOf: asOf)
        result.evaluation = evaluation
        result.applicant = applicant
        guard let expect = node["expect"] else {
            result.errors.append(Diagnostic(.malformedJSON, "example `\(name)` has no `expect`", at: node.span))
            return result
        }
        compare(expect, evaluation, program, &result)
        return result
    }

    static func compare(_ expect: JSONNode, _ evaluation: Evaluation, _ program: Program, _ result: inout Result) {
        if case .object(let clauses)? = expect["clauses"]?.value {
            for (id, expected) in clauses {
                // An unknown clause id is reported by `ExampleLint` (Z505), attached in `run`.
                guard let outcome = evaluation.clause(id) else { continue }
                compareClause(id, expected, outcome, &result)
            }
        }
        if case .object(let documents)? = expect["documents"]?.value {
            for (id, expected) in documents {
                guard let outcome = evaluation.documents.first(where: { $0.id == id }) else {
                    result.errors.append(Diagnostic(.exampleUnknownClause, "no document `\(id)` loaded", at: expected.span,
                                                    help: ExampleLint.documentNotLoadedHelp(id, program: program, examples: expected.span.file?.path)))
                    continue
                }
                if let total = expected["total"] { check("\(id) total", total, .string(EvaluationReport.wan(outcome.total)), nil, &result) }
                if let inForce = expected["in_force"] { check("\(id) in_force", inForce, .bool(outcome.inForce), nil, &result) }
                if let eligible = expected["eligible"] { check("\(id) eligible", eligible, outcome.eligible.map(JSON.bool) ?? .null, nil, &result) }
            }
        }
        if let total = expect["total"] { check("total", total, .string(EvaluationReport.wan(evaluation.total)), nil, &result) }
    }

    static func compareClause(_ id: String, _ expected: JSONNode, _ outcome: ClauseOutcome, _ result: inout Result) {
        if let status = expected["status"] { check("\(id) status", status, .string(outcome.status.rawValue), id, &result) }
        if let amount = expected["amount"] { check("\(id) amount", amount, outcome.amount.map { .string(EvaluationReport.wan($0)) } ?? .null, id, &result) }
        if let granted = expected["granted"] { check("\(id) granted", granted, .string(EvaluationReport.wan(outcome.granted)), id, &result) }
        if let excludedBy = expected["excluded_by"] { check("\(id) excluded_by", excludedBy, outcome.excludedBy.map(JSON.string) ?? .null, id, &result) }
        if let installments = expected["installments"] {
            let actual = outcome.installments.map { "\($0.year): \(EvaluationReport.wan($0.amount))" }.joined(separator: ", ")
            var wanted: [String] = []
            if case .array(let items) = installments.value {
                for item in items {
                    guard case .number(let year)? = item["year"]?.value else { continue }
                    let amount: String
                    switch item["amount"]?.value {
                    case .string(let text)?, .number(let text)?: amount = ExactDecimal(parsing: text)?.formatted(minimumPlaces: 2) ?? text
                    default: amount = "?"
                    }
                    wanted.append("\(year): \(amount)")
                }
            }
            if wanted.joined(separator: ", ") != actual, case .array(let items) = installments.value, items.count == outcome.installments.count,
               zip(items, outcome.installments).allSatisfy({ item, actual in item["year"].map { if case .number(let y) = $0.value { return Int(y) == actual.year } else { return false } } ?? false }) {
                // The same years: each differing amount is its own mismatch, rewritten in place.
                for (item, actual) in zip(items, outcome.installments) {
                    if let amount = item["amount"] { check("\(id) installment \(actual.year)", amount, .string(EvaluationReport.wan(actual.amount)), id, &result) }
                }
            } else if wanted.joined(separator: ", ") != actual {
                let stated = JSONOut.array(outcome.installments.map { .object([("year", .int($0.year)), ("amount", .string(EvaluationReport.wan($0.amount)))]) })
                result.mismatches.append(Mismatch(what: "\(id) installments", expected: "[\(wanted.joined(separator: ", "))]", actual: "[\(actual)]", clause: id,
                                                  expectedSpan: installments.span, replacement: stated.rendered(pretty: false)))
            }
        }
    }

    /// Compares a JSON expectation with the actual value; amounts compare as decimals (`"5"` = `"5.00"`).
    static func check(_ what: String, _ expected: JSONNode, _ actual: JSON, _ clause: String?, _ result: inout Result) {
        let same: Bool
        switch (expected.value, actual) {
        case (.null, .null): same = true
        case (.bool(let a), .bool(let b)): same = a == b
        case (.string(let a), .string(let b)), (.number(let a), .string(let b)):
            if let x = ExactDecimal(parsing: a), let y = ExactDecimal(parsing: b) { same = x == y } else { same = a == b }
        default: same = false
        }
        if !same {
            result.mismatches.append(Mismatch(what: what, expected: render(expected.value), actual: render(actual), clause: clause,
                                              expectedSpan: expected.span, replacement: written(actual, like: expected.value)))
        }
    }

    /// The JSON text of an actual value; an amount stays a bare number where the example wrote one.
    static func written(_ value: JSON, like expected: JSON) -> String {
        switch (value, expected) {
        case (.string(let text), .number) where ExactDecimal(parsing: text) != nil: return text
        case (.string(let text), _): return JSONOut.string(text).rendered()
        case (.bool(let flag), _): return flag ? "true" : "false"
        case (.number(let text), _): return text
        default: return "null"
        }
    }

    static func render(_ value: JSON) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let text): return text
        case .string(let text): return "\"\(text)\""
        case .array: return "[…]"
        case .object: return "{…}"
        }
    }

    /// Renders failures for a person; passes are counted only.
    public static func text(_ results: [Result]) -> String {
        var lines: [String] = []
        for result in results where !result.passed {
            lines.append("FAIL \(result.file):\(result.line): \(result.name)")
            if let description = result.description { lines.append("     \(description)") }
            for error in result.errors { lines.append(DiagnosticRenderer.text(error).split(separator: "\n").map { "     " + $0 }.joined(separator: "\n")) }
            for mismatch in result.mismatches {
                lines.append("     \(mismatch.what): expected \(mismatch.expected), actual \(mismatch.actual)")
            }
            let clauses = Set(result.mismatches.compactMap(\.clause))
            for id in clauses.sorted() {
                guard let outcome = result.evaluation?.clause(id) else { continue }
                lines.append("     trace of \(id) (\(outcome.status.rawValue)):")
                for step in outcome.trace { lines.append("       \(step.text)" + (step.location.map { "  [\($0)]" } ?? "")) }
            }
            lines.append("")
        }
        let passed = results.filter(\.passed).count
        lines.append("\(passed) passed, \(results.count - passed) failed")
        return lines.joined(separator: "\n")
    }

    public static func json(_ results: [Result], coverage: CoverageReport? = nil) -> String {
        let passed = results.filter(\.passed).count
        var coverageJSON = JSONOut.null
        if let coverage {
            coverageJSON = .object([
                ("covered", .int(coverage.covered)),
                ("total", .int(coverage.items.count)),
                ("missed", .array(coverage.items.filter { !coverage.exercised.contains($0.key) }.map { item in
                    .object([("kind", .string(item.kind.rawValue)), ("path", .string(item.path)), ("line", .int(item.line)), ("what", .string(item.description))])
                })),
            ])
        }
        return JSONOut.object([
            ("coverage", coverageJSON),
            ("format", .string("zhengce.test")),
            ("version", .int(1)),
            ("passed", .int(passed)),
            ("failed", .int(results.count - passed)),
            ("results", .array(results.map { result in
                .object([
                    ("file", .string(result.file)),
                    ("line", .int(result.line)),
                    ("name", .string(result.name)),
                    ("passed", .bool(result.passed)),
                    ("mismatches", .array(result.mismatches.map { .object([("what", .string($0.what)), ("expected", .string($0.expected)), ("actual", .string($0.actual))]) })),
                    ("errors", .array(result.errors.map { .string("\($0.path):\($0.line):\($0.column): \($0.code.rawValue): \($0.message)") })),
                ])
            })),
        ]).rendered()
    }
}
