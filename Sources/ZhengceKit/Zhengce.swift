import Foundation

/// The pipeline in one place: files → tokens → syntax trees → checked program → evaluation.
public enum Zhengce {
    /// The result of loading policy files: the program when there were no errors, and everything
    /// the lexer, parser and checker said.
    public struct Loaded: Sendable {
        public var program: Program?
        public var diagnostics: [Diagnostic]
        public var files: [SourceFile]
        public var trees: [PolicyFile]
        /// What the checker built, errors or not: its documents, clauses and symbol index serve
        /// an editor while the text is still wrong.
        public var checked: Program
    }

    public enum LoadError: Error, CustomStringConvertible {
        case unreadable(String, String)
        case noPolicies(String)

        public var description: String {
            switch self {
            case .unreadable(let path, let reason): return "cannot read `\(path)`: \(reason)"
            case .noPolicies(let paths): return "no `.policy` files found in \(paths)"
            }
        }
    }

    /// What a list of command-line paths names: policy files and example files. A folder gives
    /// the `*.policy` and `*.examples.json` files it holds (sorted, so output is deterministic); a
    /// file counts as examples when it ends in `.json`, else as a policy. A file reached by several
    /// paths (a folder and a file in it, `./`, a symbolic link) is listed once, by the first path.
    public struct Inputs: Sendable {
        public var policies: [String] = []
        public var examples: [String] = []
    }

    public static func inputs(_ paths: [String]) throws -> Inputs {
        var inputs = try listedInputs(paths)
        // Loaded twice, one file would clash with itself (Z109) and run its examples twice.
        inputs.policies = SourceReader.distinctFiles(inputs.policies)
        inputs.examples = SourceReader.distinctFiles(inputs.examples)
        return inputs
    }

    private static func listedInputs(_ paths: [String]) throws -> Inputs {
        var inputs = Inputs()
        for path in paths {
            if case .folder = try kind(path) {
                let entries: [String]
                do {
                    entries = try FileManager.default.contentsOfDirectory(atPath: path)
                } catch {
                    throw LoadError.unreadable(path, "the folder cannot be listed (permission denied?)")
                }
                let base = path.hasSuffix("/") ? String(path.dropLast()) : path
                let sorted = entries.sorted()
                inputs.policies += sorted.filter { $0.hasSuffix(".policy") }.map { "\(base)/\($0)" }
                inputs.examples += sorted.filter { $0.hasSuffix(".examples.json") }.map { "\(base)/\($0)" }
            } else if path.hasSuffix(".json") {
                inputs.examples.append(path)
            } else {
                inputs.policies.append(path)
            }
        }
        return inputs
    }

    static func kind(_ path: String) throws -> SourceReader.FileKind {
        do {
            return try SourceReader.FileKind.of(path)
        } catch {
            throw LoadError.unreadable(error.path, error.reason)
        }
    }

    /// The policy files that `paths` name (folders expanded).
    public static func policyPaths(_ paths: [String]) throws -> [String] {
        try inputs(paths).policies
    }

    /// The lines of `batch`'s input: standard input for `-`, else a file or a stream (named pipe,
    /// device), read as it comes; any other path gets the message `readSource` gives it.
    public static func lines(_ path: String) throws -> ByteLines {
        guard path != "-" else { return ByteLines.reading(FileHandle.standardInput) }
        do {
            return ByteLines.reading(try SourceReader.openStream(path))
        } catch {
            throw LoadError.unreadable(error.path, error.reason)
        }
    }

    /// Reads a policy or JSON file as UTF-8 text; every reason it cannot has its own message.
    public static func readSource(_ path: String) throws -> SourceFile {
        do {
            return try SourceReader.read(path)
        } catch {
            throw LoadError.unreadable(error.path, error.reason)
        }
    }

    /// Parses and checks policy sources together. With `warnings` false the analyses that can
    /// only warn are skipped (the same errors are found), for a command that shows no warnings.
    public static func load(_ sources: [SourceFile], warnings: Bool = true) -> Loaded {
        var bag = DiagnosticBag()
        var parsed: [(SourceFile, PolicyFile)] = []
        for source in sources {
            let (tree, diagnostics) = Parser.parse(source)
            bag.append(contentsOf: diagnostics)
            parsed.append((source, tree))
        }
        let (program, checked) = Checker.check(parsed)
        bag.append(contentsOf: checked)
        // The deeper analyses assume a program free of errors, so they would only add noise.
        if !bag.hasErrors { bag.append(contentsOf: Analyses.run(program, warnings: warnings)) }
        return Loaded(program: bag.hasErrors ? nil : program, diagnostics: namingLabels(bag.sorted, facts: program.facts), files: sources,
                      trees: parsed.map(\.1), checked: program)
    }

    /// Chinese text written where a name goes that is a fact's label (`when 营业收入 >= 5亿`): the
    /// lexer's error is told the fact's name (`did you mean `revenue`?`, which an editor offers to
    /// put in), and the errors of type that follow from reading the label as a text there
    /// (comparing text with money) are left out, the name being what is wrong.
    static func namingLabels(_ diagnostics: [Diagnostic], facts: [String: FactInfo]) -> [Diagnostic] {
        var named: [Span] = []
        var result = diagnostics.map { diagnostic -> Diagnostic in
            guard diagnostic.code == .unexpectedCharacter, let text = Diagnostic.quotedNames(diagnostic.message).first,
                  diagnostic.message == Lexer.strayChineseMessage(text), diagnostic.help == Lexer.strayChineseHelp(text, whereAValueIsRead: true) else { return diagnostic }
            let names = facts.values.filter { $0.label == text }.map(\.name).sorted()
            guard !names.isEmpty else { return diagnostic }
            named.append(diagnostic.span)
            let list = names.map { "`\($0)`" }.joined(separator: " or ")
            return Diagnostic(diagnostic.code, "`\(text)` is the label of \(names.count == 1 ? "fact" : "facts") \(list), not a name",
                              at: diagnostic.span, help: "did you mean \(list)? a policy reads a fact by its name")
        }
        guard !named.isEmpty else { return result }
        result.removeAll { diagnostic in
            diagnostic.code == .typeMismatch && named.contains { $0.file === diagnostic.span.file && diagnostic.span.start <= $0.start && $0.end <= diagnostic.span.end }
        }
        return result
    }

    public static func load(paths: [String], warnings: Bool = true) throws -> Loaded {
        let files = try policyPaths(paths)
        if files.isEmpty { throw LoadError.noPolicies(paths.joined(separator: ", ")) }
        return load(try files.map(readSource), warnings: warnings)
    }

    /// Everything `zhengce check` reports for policy sources and the example files beside them.
    public static func check(policies: [SourceFile], examples: [SourceFile]) -> [Diagnostic] {
        let loaded = load(policies)
        var diagnostics = loaded.diagnostics
        if let program = loaded.program {
            for file in examples { diagnostics += ExampleLint.check(file, program: program) }
        }
        return diagnostics.sorted { ($0.path, $0.span.start, $0.code.rawValue) < ($1.path, $1.span.start, $1.code.rawValue) }
    }

    /// Evaluates an applicant; `asOf` overrides the applicant's own date, and today is the default.
    /// With `explain` (the default) every clause carries its trace and the evaluation records what
    /// it exercised for coverage; with `explain: false` neither is recorded and no trace text is
    /// built, which is what a population run wants.
    public static func evaluate(_ program: Program, _ applicant: Applicant, asOf: Day? = nil, explain: Bool = true) -> Evaluation {
        evaluate(program, program.bind(applicant), asOf: asOf, explain: explain)
    }

    /// Evaluates an applicant already bound to the program (`Program.bind`): the fast path for
    /// populations. Bind each applicant once; the bound form can be evaluated on any date.
    public static func evaluate(_ program: Program, _ applicant: BoundApplicant, asOf: Day? = nil, explain: Bool = false) -> Evaluation {
        let day = asOf ?? applicant.asOf ?? today()
        switch program.evaluable(applicant) {
        case .success(let compiled):
            var evaluator = Evaluator(program: compiled, explain: explain)
            return evaluator.run(applicant, asOf: day)
        case .failure(let reason):
            return Evaluation(applicant: applicant.name, asOf: day, documents: [], clauses: [], total: .zero,
                              warnings: applicant.warnings, failures: [reason.message])
        }
    }

    public static func today() -> Day {
        let seconds = Int(Date().timeIntervalSince1970)
        return Day(ordinal: seconds / 86_400 - (seconds < 0 && seconds % 86_400 != 0 ? 1 : 0))
    }
}
