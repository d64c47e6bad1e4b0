import Foundation
import ZhengceKit

/// Exit codes, the same for every command (docs/commands.md).
enum ExitCode: Int32 {
    /// Everything checked out.
    case ok = 0
    /// The input was read and found wanting: diagnostics with errors, failed examples.
    case wanting = 1
    /// Usage error, unreadable file, malformed JSON, facts of the wrong type.
    case usage = 2
    /// The evaluation ran into arithmetic it could not do (overflow, division by zero).
    case failed = 3
}

let usage = """
usage: zhengce <command> [options]

commands:
  eval    evaluate an applicant's facts against the policies
  batch   evaluate a stream of applicants (JSON Lines or CSV), one record per line
  check   parse, resolve and type-check policy files
  test    run the examples kept beside the policies
  fmt     print, check or rewrite policy files in the canonical layout
  schema  print the JSON Schema of the applicant file, or a CSV header for `batch`
  facts   print the reference of the applicant's facts (Markdown)
  diff    show what changed between two versions of policy files, and its impact
  lsp     run the language server for editors (JSON-RPC over standard input and output)
  help    show help for a command (`zhengce help eval`)

exit codes: 0 ok · 1 checked and found wanting · 2 usage or input error, or output that cannot be written ·
3 an evaluation ran into arithmetic it could not do
"""

func standardError(_ text: String) {
    Output.error(Array((text + "\n").utf8))
}

/// Every command: how it runs and its help, in the order of the usage text. Dispatch, `help`
/// and the "did you mean" of a mistyped command all read this one table.
let commands: [(name: String, run: @Sendable ([String]) throws -> ExitCode, help: String)] = [
    ("eval", EvalCommand.run, EvalCommand.help),
    ("batch", BatchCommand.run, BatchCommand.help),
    ("check", CheckCommand.run, CheckCommand.help),
    ("test", TestCommand.run, TestCommand.help),
    ("fmt", FormatCommand.run, FormatCommand.help),
    ("schema", SchemaCommand.run, SchemaCommand.help),
    ("facts", FactsCommand.run, FactsCommand.help),
    ("diff", DiffCommand.run, DiffCommand.help),
    ("lsp", LspCommand.run, LspCommand.help),
]

/// The error for a command no entry of `commands` names, with a "did you mean" (`evl` → `eval`).
func unknownCommand(_ command: String) -> ExitCode {
    let hint = Suggest.closest(to: command, among: commands.map(\.name) + ["help"]).map { "; did you mean `\($0)`?" } ?? ""
    standardError("error: unknown command `\(command)`\(hint)\n\n\(usage)")
    return .usage
}

func run() -> ExitCode {
    var arguments = Array(CommandLine.arguments.dropFirst())
    guard let command = arguments.first else {
        standardError(usage)
        return .usage
    }
    arguments.removeFirst()
    do {
        switch command {
        case "help", "--help", "-h":
            guard let topic = arguments.first else {
                print(usage)
                return .ok
            }
            guard let entry = commands.first(where: { $0.name == topic }) else { return unknownCommand(topic) }
            print(entry.help)
            return .ok
        case "--version": print("zhengce 0.1.0"); return .ok
        default:
            guard let entry = commands.first(where: { $0.name == command }) else { return unknownCommand(command) }
            return try entry.run(arguments)
        }
    } catch let error as Arguments.UsageError {
        standardError("error: \(error.message)\nrun `zhengce help \(command)` for the options")
        return .usage
    } catch {
        standardError("error: \(error)")
        return .usage
    }
}

// A reader that goes away (`zhengce batch … | head -1`) makes the next write fail with EPIPE,
// reported as output that cannot be written (exit 2), rather than end the process by a signal.
signal(SIGPIPE, SIG_IGN)
var status = run()
if let failure = Output.finish() {
    standardError("error: \(failure)")
    status = .usage
}
exit(status.rawValue)
