import ZhengceKit

enum CheckCommand {
    static let help = """
    usage: zhengce check [PATH]... [--format text|json|github|sarif] [--deny-warnings] [--max-errors N]

    Parses, resolves, type- and unit-checks policy files (default: policies/), checks the
    `*.examples.json` files in the same folders, and reports every problem with its place: `path:line:col: error[CODE]: message`, the line, a caret, and a help line.

      --format FORMAT   text (default), json (zhengce.diagnostics v1), github (annotations), sarif (2.1.0)
      --deny-warnings   exit 1 when there are warnings, not only errors
      --max-errors N    print at most N diagnostics

    exit codes: 0 clean · 1 errors found (or warnings with --deny-warnings) · 2 usage error or unreadable file
    """

    static func run(_ raw: [String]) throws -> ExitCode {
        let arguments = try Arguments(raw, valued: ["--format", "--max-errors"], flags: ["--deny-warnings", "--help"])
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
        let paths = arguments.positionals.isEmpty ? [Common.defaultPolicies] : arguments.positionals
        var loaded = try Zhengce.load(paths: paths)
        if let program = loaded.program {
            // The examples kept beside the policies are checked too.
            let folders = paths.filter { !$0.hasSuffix(".policy") }
            for path in try Zhengce.policyPaths(folders, extension: "examples.json") {
                loaded.diagnostics += ExampleLint.check(try Zhengce.readSource(path), program: program)
            }
        }
        let shown = Array(loaded.diagnostics.prefix(limit))
        switch format {
        case "json": print(DiagnosticsReport.json(shown))
        case "github": if !shown.isEmpty { print(DiagnosticsReport.github(shown)) }
        case "sarif": print(DiagnosticsReport.sarif(shown))
        default:
            for diagnostic in shown { print(DiagnosticRenderer.text(diagnostic) + "\n") }
            if shown.count < loaded.diagnostics.count { print("… \(loaded.diagnostics.count - shown.count) more not shown (--max-errors \(limit))") }
            let count = loaded.files.count
            print(loaded.diagnostics.isEmpty ? "checked \(count) file\(count == 1 ? "" : "s"): no problems" : "checked \(count) file\(count == 1 ? "" : "s"): \(DiagnosticRenderer.summary(loaded.diagnostics))")
        }
        let hasErrors = loaded.diagnostics.contains { $0.severity == .error }
        let hasWarnings = loaded.diagnostics.contains { $0.severity == .warning }
        return hasErrors || (hasWarnings && arguments.has("--deny-warnings")) ? .wanting : .ok
    }
}
