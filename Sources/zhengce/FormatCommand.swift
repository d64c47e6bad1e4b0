import Foundation
import ZhengceKit

enum FormatCommand {
    static let help = """
    usage: zhengce fmt [PATH]... [--write | --check]

    Puts policy files (default: policies/) in the canonical layout: two-space indentation by
    nesting, canonical spacing, at most one blank line, every comment kept. The formatter re-parses
    its own output and refuses to write anything whose syntax tree would differ from the input's.

      (no flag)   print the formatted text of each file to standard output
      --write     rewrite the files in place, atomically (a file is never left half-written)
      --check     change nothing; show a diff and exit 1 for each file not formatted

    exit codes: 0 formatted (or already formatted) · 1 `--check` found unformatted files, or a file
    has syntax errors · 2 usage error or unreadable file
    """

    static func run(_ raw: [String]) throws -> ExitCode {
        let arguments = try Arguments(raw, valued: [], flags: ["--write", "--check", "--help"])
        if arguments.has("--help") {
            print(help)
            return .ok
        }
        if arguments.has("--write") && arguments.has("--check") {
            throw Arguments.UsageError(message: "use either `--write` or `--check`, not both")
        }
        let paths = try Zhengce.policyPaths(arguments.positionals.isEmpty ? [Common.defaultPolicies] : arguments.positionals)
        var status = ExitCode.ok
        for path in paths {
            let source = try Zhengce.readSource(path)
            let formatted: String
            do {
                formatted = try Formatter.format(source)
            } catch {
                standardError("error: \(path): \(error)")
                if case .syntax(let diagnostics) = error {
                    for diagnostic in diagnostics { standardError(DiagnosticRenderer.text(diagnostic) + "\n") }
                }
                status = .wanting
                continue
            }
            if arguments.has("--check") {
                if formatted != source.text {
                    print(LineDiff.unified(source.text, formatted, path: path))
                    status = .wanting
                }
            } else if arguments.has("--write") {
                if formatted != source.text {
                    // Written to a temporary file beside the original, then renamed over it.
                    try Data(formatted.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
                    print("formatted \(path)")
                }
            } else {
                print(formatted, terminator: "")
            }
        }
        if arguments.has("--check") && status == .ok { print("\(paths.count) file\(paths.count == 1 ? "" : "s") already formatted") }
        return status
    }
}
