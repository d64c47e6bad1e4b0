import ZhengceKit

enum CheckCommand {
    static let help = """
    usage: zhengce check [PATH]... [--format text|json|github|sarif] [--deny-warnings] [--max-errors N] [--fix]

    Parses, resolves, type- and unit-checks policy files, checks the `*.examples.json` files in the
    same folders, and reports every problem with its place: `path:line:col: error[CODE]: message`,
    the line, a caret, and a help line. Without PATH: $ZHENGCE_POLICIES, else ./policies, else the
    installed policies.

      --format FORMAT   text (default), json (zhengce.diagnostics v1), github (annotations), sarif (2.1.0)
      --deny-warnings   exit 1 when there are warnings, not only errors
      --max-errors N    print at most N diagnostics
      --fix             first rewrite the policy files with every fix that has one meaning (ASCII
                        for full-width marks, `and` for `且`, `until` for `to`, …; never a "did you
                        mean" guess), then report what is left

    exit codes: 0 clean · 1 errors found (or warnings with --deny-warnings) · 2 usage error or unreadable file
    """

    static func run(_ raw: [String]) throws -> ExitCode {
        let arguments = try Arguments(raw, valued: ["--format", "--max-errors"], flags: ["--deny-warnings", "--help", "--fix"])
        if arguments.has("--help") {
            print(help)
            return .ok
        }
        let format = try Common.format(arguments, allowed: ["text", "json", "github", "sarif"])
        var limit = Int.max
        if let text = arguments.value("--max-errors") {
            guard let value = Int(text), value > 0 else { throw Arguments.UsageError(message: "`--max-errors` needs a positive whole number") }
            limit = value
        }
        let paths = try Common.policyPaths(arguments.positionals)
        let inputs = try Zhengce.inputs(paths)
        let policyFiles = inputs.policies
        if policyFiles.isEmpty { throw Zhengce.LoadError.noPolicies(paths.joined(separator: ", ")) }
        var unwritten = false
        if arguments.has("--fix") {
            let (fixed, failures) = try fix(policyFiles, examples: inputs.examples)
            for failure in failures { standardError("error: \(failure)") }
            unwritten = !failures.isEmpty
            for (path, count) in fixed {
                // The report goes to standard output only as text; the others keep it parseable.
                let line = "fixed \(count) problem\(count == 1 ? "" : "s") in \(path)"
                if format == "text" { print(line) } else { standardError(line) }
            }
        }
        // The examples kept beside the policies are checked too.
        let diagnostics = Zhengce.check(policies: try policyFiles.map(Zhengce.readSource), examples: try inputs.examples.map(Zhengce.readSource))
        let shown = Array(diagnostics.prefix(limit))
        switch format {
        case "json": print(DiagnosticsReport.json(shown))
        case "github": if !shown.isEmpty { print(DiagnosticsReport.github(shown)) }
        case "sarif": print(DiagnosticsReport.sarif(shown))
        default:
            for diagnostic in shown { print(DiagnosticRenderer.text(diagnostic) + "\n") }
            if shown.count < diagnostics.count { print("… \(diagnostics.count - shown.count) more not shown (--max-errors \(limit))") }
            let count = policyFiles.count
            print(diagnostics.isEmpty ? "checked \(count) file\(count == 1 ? "" : "s"): no problems" : "checked \(count) file\(count == 1 ? "" : "s"): \(DiagnosticRenderer.summary(diagnostics))")
        }
        let hasErrors = diagnostics.contains { $0.severity == .error }
        // A file that could not be rewritten is an input error, whatever else was found.
        if unwritten { return .usage }
        return hasErrors || (diagnostics.contains { $0.severity == .warning } && arguments.has("--deny-warnings")) ? .wanting : .ok
    }

    /// Applies the certain fixes to the policy files, round after round (a fix may let more of a
    /// file be read) until none is left, each file rewritten safely; the number fixed per file.
    /// A file that cannot be rewritten (read-only, changed meanwhile) is left as it is and named
    /// among the failures; the others are still fixed.
    static func fix(_ policies: [String], examples: [String]) throws -> (fixed: [(String, Int)], failures: [SafeRewrite.Failure]) {
        var fixed: [String: Int] = [:]
        var failures: [SafeRewrite.Failure] = []
        var refused: Set<String> = []
        for _ in 0..<8 {
            let sources = try policies.map(Zhengce.readSource)
            let diagnostics = Zhengce.check(policies: sources, examples: try examples.map(Zhengce.readSource))
            var any = false
            for (path, source) in zip(policies, sources) where !refused.contains(path) {
                let (text, applied) = DiagnosticFix.applying(diagnostics, to: source)
                guard applied > 0, text != source.text else { continue }
                do throws(SafeRewrite.Failure) {
                    try SafeRewrite.replace(path, original: source.text, with: text)
                } catch {
                    failures.append(error)
                    refused.insert(path)
                    continue
                }
                fixed[path, default: 0] += applied
                any = true
            }
            if !any { break }
        }
        return (policies.compactMap { path in fixed[path].map { (path, $0) } }, failures)
    }

}
