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

    init(sources: [SourceFile], examples read: (String) -> SourceFile?) {
        var bag = DiagnosticBag()
        var parsed: [(SourceFile, PolicyFile)] = []
        for source in sources {
            let (tree, found) = Parser.parse(source)
            bag.append(contentsOf: found)
            parsed.append((source, tree))
            files[source.path] = source
            trees[source.path] = tree
        }
        let (program, checked) = Checker.check(parsed)
        bag.append(contentsOf: checked)
        self.program = program
        evaluable = !bag.hasErrors && program.compiled != nil
        if evaluable {
            bag.append(contentsOf: Analyses.run(program))
            for source in sources {
                guard let path = ExampleFiles.beside(source.path), let file = read(path) else { continue }
                examples[path] = file
                diagnostics[path] = ExampleLint.check(file, program: program)
            }
        }
        for diagnostic in bag.sorted { diagnostics[diagnostic.path, default: []].append(diagnostic) }
        for path in files.keys where diagnostics[path] == nil { diagnostics[path] = [] }
    }


    func document(at path: String) -> Document? {
        program.documents.first { $0.path == path }
    }
}
