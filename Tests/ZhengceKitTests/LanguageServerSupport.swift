import Foundation
@testable import ZhengceKit

/// Drives a language server as an editor would: framed JSON-RPC messages in, replies out.
final class EditorSession {
    let server: LanguageServer
    private var nextID = 0
    static let folder = packageRoot + "/Tests/ZhengceKitTests/Fixtures/lsp"

    init(root: String? = EditorSession.folder) {
        server = LanguageServer(root: root)
    }

    static func uri(_ name: String) -> String { URL(fileURLWithPath: folder + "/" + name).absoluteString }
    static func text(_ name: String) -> String { try! String(contentsOfFile: folder + "/" + name, encoding: .utf8) }

    /// Sends raw bytes; returns every message the server wrote back.
    func sendBytes(_ bytes: [UInt8]) -> [JSONNode] {
        EditorSession.decode(server.receive(bytes))
    }

    static func decode(_ bytes: [UInt8]) -> [JSONNode] {
        var framing = MessageFraming()
        framing.push(bytes)
        var messages: [JSONNode] = []
        while let frame = framing.next() {
            guard case .message(let body) = frame else { continue }
            messages.append(try! JSONReader.parse(SourceFile(path: "<reply>", text: String(decoding: body, as: UTF8.self))))
        }
        return messages
    }

    static func frame(_ message: JSONOut) -> [UInt8] { MessageFraming.frame(message.rendered(pretty: false)) }

    /// Sends a request and returns its response (the message with its id).
    func request(_ method: String, _ params: JSONOut) -> JSONNode? {
        nextID += 1
        let replies = sendBytes(EditorSession.frame(.object([("jsonrpc", .string("2.0")), ("id", .int(nextID)), ("method", .string(method)), ("params", params)])))
        return replies.first { $0["id"]?.int == nextID }
    }

    /// Sends a notification and returns what the server published in reply.
    func notify(_ method: String, _ params: JSONOut) -> [JSONNode] {
        sendBytes(EditorSession.frame(.object([("jsonrpc", .string("2.0")), ("method", .string(method)), ("params", params)])))
    }

    func open(_ name: String, text: String? = nil) -> [JSONNode] {
        notify("textDocument/didOpen", .object([("textDocument", .object([
            ("uri", .string(EditorSession.uri(name))), ("languageId", .string("zhengce")), ("version", .int(1)),
            ("text", .string(text ?? EditorSession.text(name))),
        ]))]))
    }

    func replace(_ name: String, line: Int, from: Int, to: Int, with text: String, version: Int) -> [JSONNode] {
        notify("textDocument/didChange", .object([
            ("textDocument", .object([("uri", .string(EditorSession.uri(name))), ("version", .int(version))])),
            ("contentChanges", .array([.object([("range", EditorSession.range(line, from, line, to)), ("text", .string(text))])])),
        ]))
    }

    /// A request about a position in a document.
    func at(_ method: String, _ name: String, _ line: Int, _ character: Int, extra: [(String, JSONOut)] = []) -> JSONNode? {
        request(method, .object([("textDocument", .object([("uri", .string(EditorSession.uri(name)))])),
                                 ("position", .object([("line", .int(line)), ("character", .int(character))]))] + extra))
    }

    static func range(_ l1: Int, _ c1: Int, _ l2: Int, _ c2: Int) -> JSONOut {
        .object([("start", .object([("line", .int(l1)), ("character", .int(c1))])), ("end", .object([("line", .int(l2)), ("character", .int(c2))]))])
    }

    /// The 0-based line and UTF-16 column of the `occurrence`-th `needle` in a file's text.
    static func position(of needle: String, in name: String, occurrence: Int = 1) -> (line: Int, character: Int) {
        var seen = 0
        for (index, line) in text(name).components(separatedBy: "\n").enumerated() {
            var searchFrom = line.startIndex
            while let found = line.range(of: needle, range: searchFrom..<line.endIndex) {
                seen += 1
                if seen == occurrence { return (index, line[..<found.lowerBound].utf16.count) }
                searchFrom = found.upperBound
            }
        }
        fatalError("`\(needle)` not found \(occurrence) times in \(name)")
    }

    /// The diagnostics published for a file among `messages` (nil when none were published).
    static func published(_ messages: [JSONNode], for name: String) -> [JSONNode]? {
        messages.last { $0["method"]?.string == "textDocument/publishDiagnostics" && $0.at("params", "uri")?.string == uri(name) }?.at("params", "diagnostics")?.array
    }
}

extension JSONNode {
    var isNull: Bool { if case .null = value { return true } else { return false } }
}
