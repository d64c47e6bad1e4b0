/// A Language Server Protocol server for a folder of policies. It is fed the bytes the editor
/// sends and returns the bytes to send back, so it runs the same in a test and over standard
/// input and output (`zhengce lsp`). Every request gets an answer, on broken text too.
public final class LanguageServer {
    /// The command a code lens runs: it lists the examples that touch a clause.
    public static let showExamplesCommand = "zhengce.showExamples"

    let workspace: Workspace
    private var framing: MessageFraming
    private var shutdownRequested = false
    /// Paths diagnostics were last published for, so fixed files get an empty list.
    private var published: Set<String> = []
    /// Set when `exit` arrives: 0 after `shutdown`, 1 without it (as the protocol asks).
    public private(set) var exitCode: Int32?

    /// `root` is the folder of policies; when nil the editor's `rootUri` is used.
    public init(root: String? = nil, maxMessageBytes: Int = MessageFraming.defaultMaxBody) {
        workspace = Workspace(root: root)
        framing = MessageFraming(maxBody: maxMessageBytes)
    }

    /// Reads whatever complete messages `bytes` finish and returns the framed replies.
    public func receive(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        framing.push(bytes)
        var output: [UInt8] = []
        while exitCode == nil, let frame = framing.next() {
            let replies: [JSONOut]
            switch frame {
            case .message(let body): replies = handle(body)
            case .malformed(let reason): replies = [RPC.error(.null, .parseError, reason)]
            }
            for reply in replies { output += MessageFraming.frame(reply.rendered(pretty: false)) }
        }
        return output
    }

    func handle(_ body: [UInt8]) -> [JSONOut] {
        let message: JSONNode
        do {
            message = try JSONReader.parse(SourceFile(path: "<message>", text: String(decoding: body, as: UTF8.self)))
        } catch {
            return [RPC.error(.null, .parseError, "the message is not JSON: \(error.diagnostic.message)")]
        }
        guard case .object = message.value, let method = message["method"]?.string else {
            if message["id"] != nil && message["method"] == nil { return [] }  // a reply to us; we send no requests
            return [RPC.error(message["id"]?.echoed ?? .null, .invalidRequest, "a request needs a `method`")]
        }
        let params = message["params"]
        guard let idNode = message["id"] else { return notify(method, params) }
        guard let id = idNode.echoed else { return [RPC.error(.null, .invalidRequest, "a request id must be a number or a string")] }
        if shutdownRequested { return [RPC.error(id, .invalidRequest, "the server is shutting down")] }
        return request(id, method, params)
    }

    private func notify(_ method: String, _ params: JSONNode?) -> [JSONOut] {
        let uri = params?.at("textDocument", "uri")?.string
        switch method {
        case "exit":
            exitCode = shutdownRequested ? 0 : 1
            return []
        case "textDocument/didOpen":
            guard let uri, let text = params?.at("textDocument", "text")?.string else { return [] }
            workspace.openDocument(uri: uri, text: text, version: params?.at("textDocument", "version")?.int ?? 0)
        case "textDocument/didChange":
            guard let uri, let changes = params?["contentChanges"]?.array else { return [] }
            let edits = changes.compactMap { change -> (range: (LSPPosition, LSPPosition)?, text: String)? in
                guard let text = change["text"]?.string else { return nil }
                guard let start = change.at("range", "start")?.position, let end = change.at("range", "end")?.position else { return (nil, text) }
                return ((start, end), text)
            }
            guard workspace.change(uri: uri, version: params?.at("textDocument", "version")?.int ?? 0, edits: edits) else { return [] }
        case "textDocument/didClose":
            guard let uri else { return [] }
            workspace.closeDocument(uri: uri)
        case "textDocument/didSave":
            guard uri != nil else { return [] }
        case "workspace/didChangeWatchedFiles":
            for change in params?["changes"]?.array ?? [] { workspace.reloadFromDisk(uri: change["uri"]?.string) }
        default:
            return []
        }
        return publishDiagnostics()
    }

    private func request(_ id: JSONOut, _ method: String, _ params: JSONNode?) -> [JSONOut] {
        switch method {
        case "initialize":
            if workspace.root == nil {
                let uri = params?["rootUri"]?.string ?? params?["workspaceFolders"]?.array?.first?["uri"]?.string
                workspace.root = uri.map(Workspace.path(of:)) ?? params?["rootPath"]?.string
                workspace.reloadFromDisk()
            }
            return [RPC.response(id, LanguageServer.capabilities)]
        case "shutdown":
            shutdownRequested = true
            return [RPC.response(id, .null)]
        case "workspace/executeCommand":
            return [RPC.response(id, CodeLenses.execute(params, workspace.analysis()))]
        default:
            guard let handler = LanguageServer.handler(method) else {
                return [RPC.error(id, .methodNotFound, "`\(method)` is not supported")]
            }
            guard let uri = params?.at("textDocument", "uri")?.string else {
                return [RPC.error(id, .invalidParams, "`\(method)` needs `textDocument.uri`")]
            }
            guard let context = DocumentContext(workspace: workspace, uri: uri, params: params) else {
                return [RPC.response(id, .null)]
            }
            return [RPC.response(id, handler(context))]
        }
    }

    /// The feature that answers a request about one document.
    static func handler(_ method: String) -> ((DocumentContext) -> JSONOut)? {
        switch method {
        case "textDocument/hover": return Hover.answer
        case "textDocument/definition": return Navigation.definition
        case "textDocument/references": return Navigation.references
        case "textDocument/documentSymbol": return DocumentSymbols.answer
        case "textDocument/completion": return Completion.answer
        case "textDocument/formatting": return Formatting.answer
        case "textDocument/codeAction": return CodeActions.answer
        case "textDocument/codeLens": return CodeLenses.answer
        default: return nil
        }
    }

    static var capabilities: JSONOut { .object([
        ("capabilities", .object([
            ("positionEncoding", .string("utf-16")),
            ("textDocumentSync", .object([("openClose", .bool(true)), ("change", .int(2)), ("save", .bool(true))])),
            ("hoverProvider", .bool(true)),
            ("definitionProvider", .bool(true)),
            ("referencesProvider", .bool(true)),
            ("documentSymbolProvider", .bool(true)),
            ("completionProvider", .object([("triggerCharacters", .array([".", "\"", ":", "{", ","].map { .string($0) }))])),
            ("documentFormattingProvider", .bool(true)),
            ("codeActionProvider", .object([("codeActionKinds", .array([.string("quickfix")]))])),
            ("codeLensProvider", .object([("resolveProvider", .bool(false))])),
            ("executeCommandProvider", .object([("commands", .array([.string(showExamplesCommand)]))])),
        ])),
        ("serverInfo", .object([("name", .string("zhengce"))])),
    ]) }

    /// Diagnostics for every file of the workspace, and an empty list for files that had some
    /// before: a change in one file can add or clear problems in another.
    private func publishDiagnostics() -> [JSONOut] {
        let analysis = workspace.analysis()
        var messages: [JSONOut] = []
        let paths = Set(analysis.diagnostics.keys)
        for path in (paths.union(published)).sorted() {
            let items = (analysis.diagnostics[path] ?? []).map { Diagnostics.json($0, analysis, uri: workspace.uri(of:)) }
            messages.append(RPC.notification("textDocument/publishDiagnostics",
                                             .object([("uri", .string(workspace.uri(of: path))), ("diagnostics", .array(items))])))
        }
        published = paths
        return messages
    }
}

/// What a request about one document works with.
struct DocumentContext {
    let workspace: Workspace
    let analysis: Analysis
    let path: String
    let uri: String
    let file: SourceFile
    let tree: PolicyFile
    let params: JSONNode?

    init?(workspace: Workspace, uri: String, params: JSONNode?) {
        let analysis = workspace.analysis()
        let path = Workspace.path(of: uri)
        guard let file = analysis.files[path], let tree = analysis.trees[path] else { return nil }
        self.workspace = workspace
        self.analysis = analysis
        self.path = path
        self.uri = uri
        self.file = file
        self.tree = tree
        self.params = params
    }

    /// The scalar offset of the request's `position`.
    var offset: Int? { params?["position"]?.position.map { $0.offset(in: file) } }
    var document: Document? { analysis.document(at: path) }
    func uri(of path: String) -> String { workspace.uri(of: path) }
}
