/// One check of the workspace: every file's text, tree and diagnostics, and the program the
/// checker built (kept even when it found errors, for its symbol index).
struct Analysis {
    var files: [String: SourceFile] = [:]
    var trees: [String: PolicyFile] = [:]
    var program: Program
    /// Diagnostics by path, policies and the example files beside them.
    var diagnostics: [String: [Diagnostic]] = [:]
    /// The example files beside the policies, read for the code lenses.
    var examples: [String: SourceFile] = [:]
    /// Whether the program can be evaluated: no errors in any file.
    var evaluable = false
    /// The example verdicts by policy path, computed on the first code lens request.
    let verdicts = VerdictCache()

    init(sources: [SourceFile], examples read: (String) -> SourceFile?, lints: ExampleLintCache) {
        let loaded = Zhengce.load(sources)
        program = loaded.checked
        for (source, tree) in zip(loaded.files, loaded.trees) {
            files[source.path] = source
            trees[source.path] = tree
        }
        evaluable = loaded.program?.compiled != nil
        for diagnostic in loaded.diagnostics { diagnostics[diagnostic.path, default: []].append(diagnostic) }
        for path in files.keys where diagnostics[path] == nil { diagnostics[path] = [] }
        guard evaluable else { return }
        for source in sources {
            guard let path = ExampleFiles.beside(source.path), let file = read(path) else { continue }
            examples[path] = file
            diagnostics[path] = lints.check(file, program: program)
        }
    }

    func document(at path: String) -> Document? {
        program.documents.first { $0.path == path }
    }
}

/// The example files' diagnostics, computed again only when the file or what the lint reads of
/// the program changes (facts, clause ids, validity): typing inside a clause's amount leaves them
/// as they were, which keeps a keystroke in a large policy fast.
final class ExampleLintCache {
    private var entries: [String: (file: SourceFile, interface: String, diagnostics: [Diagnostic])] = [:]

    func check(_ file: SourceFile, program: Program) -> [Diagnostic] {
        let interface = ExampleLintCache.interface(of: program)
        if let entry = entries[file.path], entry.file === file || entry.file.text == file.text, entry.interface == interface {
            return entry.diagnostics
        }
        let diagnostics = ExampleLint.check(file, program: program)
        entries[file.path] = (file, interface, diagnostics)
        return diagnostics
    }

    /// What `ExampleLint` reads of a program, as text.
    static func interface(of program: Program) -> String {
        let facts = program.facts.values.map { "\($0.name)|\($0.type)|\($0.input)|\(String(describing: $0.defaultValue))|\($0.impliedBy ?? "")" }
        let clauses = program.clauses.values.map { "\($0.id)|\($0.survivesExpiry)" }
        let documents = program.documents.map { "\($0.id)|\($0.validity)" }
        return (facts.sorted() + clauses.sorted() + documents).joined(separator: "\n")
    }
}

/// The examples' verdicts of one analysis by policy path, so that repeated code lens requests
/// between two changes run the examples once.
final class VerdictCache {
    private var byPath: [String: [String: [CodeLenses.Verdict]]?] = [:]

    func verdicts(for path: String, _ compute: () -> [String: [CodeLenses.Verdict]]?) -> [String: [CodeLenses.Verdict]]? {
        if let known = byPath[path] { return known }
        let computed = compute()
        byPath[path] = computed
        return computed
    }
}
