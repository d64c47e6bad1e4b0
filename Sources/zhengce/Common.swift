import Foundation
import ZhengceKit

/// Shared by the commands: loading policies and printing diagnostics.
enum Common {
    /// How many threads a command that spreads its work runs when `--jobs` is not given: one per
    /// core (`batch`, `test --mutants`; their results do not depend on it).
    static var cores: Int { min(max(ProcessInfo.processInfo.activeProcessorCount, 1), 256) }

    /// The policy paths a command works on: those it was given, else the ones `PolicySearch`
    /// finds (environment variable, `./policies`, the installed ones).
    static func policyPaths(_ given: [String]) throws -> [String] {
        try PolicySearch().resolve(given)
    }

    /// Loads and checks policies; prints diagnostics to stderr. Returns nil (after printing) when
    /// they have errors.
    static func loadProgram(_ paths: [String]) throws -> Program? {
        try load(paths)?.program
    }

    /// Loads and checks policies with their syntax trees; nil (after printing) when they have errors.
    /// Warnings are not shown here (that is `check`'s job), so the analyses that only warn are not run.
    static func load(_ paths: [String]) throws -> Zhengce.Loaded? {
        let loaded = try Zhengce.load(paths: try policyPaths(paths), warnings: false)
        let errors = loaded.diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty {
            for diagnostic in loaded.diagnostics { standardError(DiagnosticRenderer.text(diagnostic) + "\n") }
            standardError("error: the policies have \(DiagnosticRenderer.summary(loaded.diagnostics)); run `zhengce check`")
            return nil
        }
        kept.append(loaded)
        return loaded
    }

    /// What the command loaded, kept until the process exits: each command loads its policies
    /// once, and a process about to exit need not free a compiled program piece by piece (about
    /// 3% of an `eval` process).
    nonisolated(unsafe) private static var kept: [Zhengce.Loaded] = []

    static func readInput(_ path: String) throws -> SourceFile {
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            do {
                return SourceFile(path: "<stdin>", text: try SourceReader.decode(data, path: "<stdin>"))
            } catch {
                throw Zhengce.LoadError.unreadable(error.path, error.reason)
            }
        }
        return try Zhengce.readSource(path)
    }

    /// `--as-of DATE`, shared by `eval`, `batch` and `diff`.
    static func asOf(_ arguments: Arguments) throws -> Day? {
        guard let text = arguments.value("--as-of") else { return nil }
        guard let day = Day(iso: text) else { throw Arguments.UsageError(message: Day.problem(with: text, naming: "`--as-of`")) }
        return day
    }

    static func format(_ arguments: Arguments, allowed: [String], default fallback: String = "text") throws -> String {
        let format = arguments.value("--format") ?? fallback
        guard allowed.contains(format) else {
            throw Arguments.UsageError(message: "unknown format `\(format)`; use one of \(allowed.joined(separator: ", "))")
        }
        return format
    }
}
