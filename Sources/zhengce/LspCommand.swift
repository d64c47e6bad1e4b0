import Foundation
import ZhengceKit

enum LspCommand {
    static let help = """
    usage: zhengce lsp [FOLDER] [--stdio]

    Runs the language server for editors: JSON-RPC messages framed by `Content-Length` headers
    on standard input and output (the Language Server Protocol). It checks the policies of FOLDER
    (default: the folder the editor opens) together with the open documents as they are typed,
    and answers hover, go to definition, references, outline, completion, formatting, quick fixes
    and example code lenses. `--stdio` is accepted for editor clients that pass it.
    See docs/editors.md for editor setup.

    exit codes: 0 the editor sent `shutdown` then `exit` · 1 the input ended or `exit` came without `shutdown` · 2 usage error
    """

    static func run(_ raw: [String]) throws -> ExitCode {
        let arguments = try Arguments(raw, valued: [], flags: ["--stdio"])
        guard arguments.positionals.count <= 1 else { throw Arguments.UsageError(message: "`lsp` takes at most one folder") }
        let server = LanguageServer(root: arguments.positionals.first)
        let input = FileHandle.standardInput
        while server.exitCode == nil {
            let data = input.availableData
            if data.isEmpty { break }
            let reply = server.receive(data)
            if !reply.isEmpty { try Output.write(reply) }
        }
        return server.exitCode == 0 ? .ok : .wanting
    }
}
