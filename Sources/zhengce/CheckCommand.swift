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
        let limit = try arguments.wholeNumber("--max-errors", in: 1...Int.max) ?? Int.max
        let paths = try Common.policyPaths(arguments.positionals)
        let inputs = try Zhengce.inputs(paths)
        let policyFiles = inputs.policies
        if policyFiles.isEmpty { throw Zhengce.LoadError.noPolicies(paths.joined(separator: ", ")) }
        var unwritten = false
        if arguments.has("--fix") {
            let result = try Zhengce.fix(policies: policyFiles, examples: inputs.examples)
            for failure in result.failures { standardError("error: \(failure)") }
            unwritten = !result.failures.isEmpty
            for (path, count) in result.fixed {
                // The report goes to standard output only as text; the others keep it parseable.
                let line = "fixed \(count) problem\(count == 1 ? "" : "s") in \(path)"
                if format == "text" { print(line) } else { standardError(line) }
            }
        }
        // The examples kept beside the policies are checked too.
        let diagnostics = Zhengce.check(policies: try policyFiles.map(Zhengce.readSource), examples: try inputs.examples.map(Zhengce.readSource))
        switch format {
        case "json": print(DiagnosticsReport.json(diagnostics, limit: limit))
        case "github": if !diagnostics.isEmpty { print(DiagnosticsReport.github(diagnostics, limit: limit)) }
        case "sarif": print(DiagnosticsReport.sarif(diagnostics, limit: limit))
        default:
            for diagnostic in diagnostics.prefix(limit) { print(DiagnosticRenderer.text(diagnostic) + "\n") }
            if let note = DiagnosticsReport.notShown(diagnostics, limit: limit) { print("… " + note) }
            let count = policyFiles.count
            print(diagnostics.isEmpty ? "checked \(count) file\(count == 1 ? "" : "s"): no problems" : "checked \(count) file\(count == 1 ? "" : "s"): \(DiagnosticRenderer.summary(diagnostics))")
        }
        let hasErrors = diagnostics.contains { $0.severity == .error }
        // A file that could not be rewritten is an input error, whatever else was found.
        if unwritten { return .usage }
        return hasErrors || (diagnostics.contains { $0.severity == .warning } && arguments.has("--deny-warnings")) ? .wanting : .ok
    }
}
