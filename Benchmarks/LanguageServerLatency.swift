import Foundation
import ZhengceKit

/// How long the language server takes to publish diagnostics after a one-character change in the
/// largest policy of the folder: the whole folder is checked again and every file's diagnostics
/// are sent, as an editor receives them while the analyst types.
enum LanguageServerLatency {
    static func run(policies: String, changes: Int) {
        guard let largest = try? Zhengce.policyPaths([policies]).map(Zhengce.readSource).max(by: { $0.scalars.count < $1.scalars.count }) else {
            fail("no policies in `\(policies)`")
        }
        let server = LanguageServer(root: policies)
        let uri = URL(fileURLWithPath: largest.path).absoluteString
        _ = server.receive(frame(["id": 1, "method": "initialize", "params": [String: Any]()]))
        _ = server.receive(frame(["method": "textDocument/didOpen", "params": ["textDocument": ["uri": uri, "version": 1, "text": largest.text]]]))
        // Type a character at the end of the first line, then delete it, and so on.
        let end = largest.line(1).utf16.count
        var times: [Double] = []
        for version in 2..<(changes + 2) {
            let typing = version % 2 == 0
            let range = ["start": ["line": 0, "character": end], "end": ["line": 0, "character": typing ? end : end + 1]]
            let message = frame(["method": "textDocument/didChange", "params": [
                "textDocument": ["uri": uri, "version": version], "contentChanges": [["range": range, "text": typing ? " " : ""]]]])
            var reply: [UInt8] = []
            times.append(seconds { reply = server.receive(message) })
            guard String(decoding: reply, as: UTF8.self).contains("publishDiagnostics") else { fail("the server published no diagnostics") }
        }
        times.sort()
        row("lsp: diagnostics after a one-character change in \(URL(fileURLWithPath: largest.path).lastPathComponent) (median)",
            String(format: "%.1f ms", times[times.count / 2] * 1000), "< 50 ms")
        row("lsp: the same, slowest of \(changes)", String(format: "%.1f ms", times[times.count - 1] * 1000))
    }

    static func frame(_ message: [String: Any]) -> [UInt8] {
        var object = message
        object["jsonrpc"] = "2.0"
        let body = try! JSONSerialization.data(withJSONObject: object)
        return Array("Content-Length: \(body.count)\r\n\r\n".utf8) + Array(body)
    }
}
