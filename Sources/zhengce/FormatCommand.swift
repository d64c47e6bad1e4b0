import Foundation
import ZhengceKit

enum FormatCommand {
    static let help = """
    usage: zhengce fmt [PATH]... [--write | --check]

    Puts policy files in the canonical layout: two-space indentation by nesting, canonical spacing,
    at most one blank line, every comment kept. The formatter re-parses its own output and refuses
    to write anything whose syntax tree would differ from the input's. Without PATH:
    $ZHENGCE_POLICIES, else ./policies, else the installed policies.

      (no flag)   print the formatted text of each file to standard output
      --write     rewrite changed files in place, safely: through symbolic links, keeping mode and
                  owner, never a read-only file, never over a change another program made
                  meanwhile, flushed to disk, atomically (a file is never left half-written)
      --check     change nothing; show a diff and exit 1 for each file not formatted

    exit codes: 0 formatted (or already formatted) · 1 `--check` found unformatted files, or a file
    has syntax errors · 2 usage error, no `.policy` file given, a JSON file given, an unreadable
    file, or a file that could not be rewritten (read-only, changed meanwhile)
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
        let given = try Common.policyPaths(arguments.positionals)
        for path in given where path.hasSuffix(".json") {
            if case .folder? = try? SourceReader.FileKind.of(path) { continue }
            throw Arguments.UsageError(message: "`\(path)` is a JSON file; `fmt` formats `.policy` files only (applicant and examples files are left as written)")
        }
        let paths = try Zhengce.inputs(given).policies
        if paths.isEmpty { throw Zhengce.LoadError.noPolicies(given.joined(separator: ", ")) }
        if arguments.has("--write") {
            // Temporary files an interrupted run left behind are removed first.
            let folders = Set(paths.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().deletingLastPathComponent().path })
            for folder in folders.sorted() {
                for stale in SafeRewrite.removeStale(in: folder) { print("removed \(stale), left by an interrupted run") }
            }
        }
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
                if status == .ok { status = .wanting }
                continue
            }
            if arguments.has("--check") {
                if formatted != source.text {
                    print(LineEndings.checkReport(source.text, formatted: formatted, path: path) ?? LineDiff.unified(source.text, formatted, path: path))
                    if status == .ok { status = .wanting }
                }
            } else if arguments.has("--write") {
                if formatted != source.text {
                    do {
                        try SafeRewrite.replace(path, original: source.text, with: formatted)
                        print("formatted \(path)")
                    } catch {
                        standardError("error: \(error)")
                        status = .usage
                    }
                }
            } else {
                print(formatted, terminator: "")
            }
        }
        if arguments.has("--check") && status == .ok { print("\(paths.count) file\(paths.count == 1 ? "" : "s") already formatted") }
        return status
    }
}
