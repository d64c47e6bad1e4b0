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
  schema  print the JSON Schema of the applicant file the policies declare
  facts   print the reference of the applicant's facts (Markdown)
  diff    show what changed between two versions of policy files, and its impact
  lsp     run the language server for editors (JSON-RPC over standard input and output)
  help    show help for a command (`zhengce help eval`)

exit codes: 0 ok · 1 checked and found wanting · 2 usage or input error, or output that cannot be written
"""

func standardError(_ text: String) {
    Output.error(Array((text + "\n").utf8))
}

/// "Did you mean" for a mistyped command (`evl` → `eval`).
func commandHint(_ command: String) -> String {
    let commands = ["eval", "batch", "check", "test", "fmt", "schema", "facts", "diff", "lsp", "help"]
    return Suggest.closest(to: command, among: commands).map { "; did you mean `\($0)`?" } ?? ""
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
        case "eval": return try EvalCommand.run(arguments)
        case "batch": return try BatchCommand.run(arguments)
        case "check": return try CheckCommand.run(arguments)
        case "test": return try TestCommand.run(arguments)
        case "fmt": return try FormatCommand.run(arguments)
        case "schema": return try SchemaCommand.run(arguments)
        case "facts": return try FactsCommand.run(arguments)
        case "diff": return try DiffCommand.run(arguments)
        case "lsp": return try LspCommand.run(arguments)
        case "help", "--help", "-h":
            switch arguments.first {
            case "eval": print(EvalCommand.help)
            case "batch": print(BatchCommand.help)
            case "check": print(CheckCommand.help)
            case "test": print(TestCommand.help)
            case "fmt": print(FormatCommand.help)
            case "schema": print(SchemaCommand.help)
            case "facts": print(FactsCommand.help)
            case "diff": print(DiffCommand.help)
            case "lsp": print(LspCommand.help)
            case nil: print(usage)
            case let other?:
                standardError("error: unknown command `\(other)`\(commandHint(other))\n\n\(usage)")
                return .usage
            }
            return .ok
        case "--version": print("zhengce 0.1.0"); return .ok
        default:
            standardError("error: unknown command `\(command)`\(commandHint(command))\n\n\(usage)")
            return .usage
        }
    } catch let error as Arguments.UsageError {
        standardError("error: \(error.message)\nrun `zhengce help \(command)` for the options")
        return .usage
    } catch {
        standardError("error: \(error)")
        return .usage
    }
}

var status = run()
if let failure = Output.finish() {
    standardError("error: \(failure)")
    status = .usage
}
exit(status.rawValue)
