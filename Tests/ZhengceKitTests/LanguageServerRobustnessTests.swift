import Foundation
import Testing
@testable import ZhengceKit

/// The server answers everything: broken framing, broken JSON, unknown methods, and every
/// request on every half-typed prefix of a policy.
@Suite struct LanguageServerRobustnessTests {
    @Test func malformedMessagesGetErrorsAndTheSessionGoesOn() {
        let session = EditorSession()
        let badHeader = session.sendBytes(Array("Content-Type: text\r\n\r\n".utf8))
        #expect(badHeader.first?.at("error", "code")?.int == -32700)
        let badJSON = session.sendBytes(MessageFraming.frame("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": "))
        #expect(badJSON.first?.at("error", "code")?.int == -32700)
        let noMethod = session.sendBytes(MessageFraming.frame("{\"jsonrpc\": \"2.0\", \"id\": 2}"))
        #expect(noMethod.isEmpty)  // a response to the server, which sends no requests
        let notObject = session.sendBytes(MessageFraming.frame("[1, 2]"))
        #expect(notObject.first?.at("error", "code")?.int == -32600)
        #expect(session.request("textDocument/unknownFeature", .object([]))?.at("error", "code")?.int == -32601)
        #expect(session.request("textDocument/hover", .object([]))?.at("error", "code")?.int == -32602)
        // A request about a document that is not a policy answers null.
        #expect(session.at("textDocument/hover", "missing.txt", 0, 0)?["result"]?.isNull == true)
        // After all that, the session still works.
        #expect(session.request("initialize", .object([]))?.at("result", "capabilities") != nil)
    }

    /// A header without a valid length leaves its body's end unknown: reading resumes at the next
    /// `Content-Length:` header, with one error for the whole bad message.
    @Test func aBadHeaderWithABodyIsReportedOnceAndReadingResumes() {
        let bad = Array("Content-Length: abc\r\n\r\n{}".utf8)
        let initialize = MessageFraming.frame("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}")
        let shutdown = MessageFraming.frame("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"shutdown\"}")
        let stream = bad + initialize + shutdown
        for size in [stream.count, 7, 1] {
            let server = LanguageServer(root: EditorSession.folder)
            var replies: [JSONNode] = []
            for start in stride(from: 0, to: stream.count, by: size) {
                replies += EditorSession.decode(server.receive(Array(stream[start..<min(start + size, stream.count)])))
            }
            #expect(replies.filter { $0.at("error", "code")?.int == -32700 }.count == 1, "in pieces of \(size)")
            #expect(replies.contains { $0["id"]?.int == 1 && $0.at("result", "capabilities") != nil }, "in pieces of \(size)")
            #expect(replies.last?["id"]?.int == 2, "in pieces of \(size)")
        }
        var framing = MessageFraming()
        framing.push(Array("Content-Type: x\r\n\r\ngarbage\r\ncontent-length: 2\r\n\r\n{}".utf8))
        #expect(framing.next() == .malformed("the message header has no valid `Content-Length`"))
        #expect(framing.next() == .message(Array("{}".utf8)))
        #expect(framing.next() == nil)
    }

    @Test func oversizedMessagesAreSkippedWithoutReadingThem() {
        let server = LanguageServer(root: EditorSession.folder, maxMessageBytes: 64)
        let big = MessageFraming.frame("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"initialize\", \"params\": {\"padding\": \"\(String(repeating: "x", count: 100))\"}}")
        let small = MessageFraming.frame("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"shutdown\"}")
        // Delivered in pieces, as a pipe may deliver them.
        var replies: [JSONNode] = []
        for chunk in stride(from: 0, to: big.count + small.count, by: 17).map({ Array((big + small)[$0..<min($0 + 17, big.count + small.count)]) }) {
            replies += EditorSession.decode(server.receive(chunk))
        }
        #expect(replies.count == 2)
        #expect(replies.first?.at("error", "message")?.string?.contains("larger than the 64-byte limit") == true)
        #expect(replies.last?["id"]?.int == 2)
    }

    @Test func framingReadsSplitHeadersAndSeveralMessagesAtOnce() {
        var framing = MessageFraming()
        let two = MessageFraming.frame("{\"a\":1}") + MessageFraming.frame("{\"b\":\"中\"}")
        framing.push(two.prefix(5))
        #expect(framing.next() == nil)
        framing.push(two.dropFirst(5))
        #expect(framing.next() == .message(Array("{\"a\":1}".utf8)))
        #expect(framing.next() == .message(Array("{\"b\":\"中\"}".utf8)))
        #expect(framing.next() == nil)
        framing.push(Array("Content-Length: -3\r\n\r\n".utf8))
        #expect(framing.next() == .malformed("the message header has no valid `Content-Length`"))
    }

    @Test func everyRequestAnswersOnEveryHalfTypedPrefix() {
        let session = EditorSession()
        _ = session.request("initialize", .object([]))
        let full = Array(EditorSession.text("ea.policy").unicodeScalars)
        for length in stride(from: 0, through: full.count, by: 11) {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: full[..<length])
            let text = String(view)
            _ = session.open("ea.policy", text: text)
            let lines = text.components(separatedBy: "\n").count
            for (line, character) in [(0, 0), (lines / 2, 3), (lines - 1, 200), (lines + 5, 0)] {
                for method in ["textDocument/hover", "textDocument/definition", "textDocument/references", "textDocument/completion"] {
                    let reply = session.at(method, "ea.policy", line, character)
                    #expect(reply?["result"] != nil, "\(method) at \(line):\(character) after \(length) characters")
                }
            }
            let document: JSONOut = .object([("uri", .string(EditorSession.uri("ea.policy")))])
            for method in ["textDocument/documentSymbol", "textDocument/formatting", "textDocument/codeLens"] {
                #expect(session.request(method, .object([("textDocument", document)]))?["result"] != nil, "\(method) after \(length) characters")
            }
            let actions = session.request("textDocument/codeAction", .object([("textDocument", document), ("range", EditorSession.range(0, 0, lines, 0))]))
            #expect(actions?["result"] != nil)
        }
    }

    @Test func aChangeInOneFileRepublishesTheFilesItAffects() throws {
        let session = EditorSession()
        _ = session.request("initialize", .object([]))
        _ = session.open("ea.policy")
        // Redeclaring `revenue` differently in eb is a conflict reported with the other declaration.
        let redeclared = session.open("eb.policy", text: EditorSession.text("eb.policy").replacingOccurrences(of: "fact revenue: money in 万元", with: "fact revenue: bool"))
        let conflicts = (EditorSession.published(redeclared, for: "ea.policy") ?? []) + (EditorSession.published(redeclared, for: "eb.policy") ?? [])
        let conflict = try #require(conflicts.first { $0["code"]?.string == "Z108" })
        #expect(conflict["relatedInformation"]?.array?.first?.at("location", "uri")?.string != nil)
        // Renaming eb's clause 7 breaks ea's exclusion, which names it: ea gets the diagnostic.
        let renamed = session.open("eb.policy", text: EditorSession.text("eb.policy").replacingOccurrences(of: "clause 7", with: "clause 8"))
        let eaProblems = try #require(EditorSession.published(renamed, for: "ea.policy"))
        #expect(eaProblems.map { $0["code"]?.string } == ["Z402"])
        #expect(eaProblems.first?["message"]?.string?.contains("did you mean `8`?") == true)
        // Closing eb goes back to its text on disk, and both files are clean again.
        let closed = session.notify("textDocument/didClose", .object([("textDocument", .object([("uri", .string(EditorSession.uri("eb.policy")))]))]))
        #expect(EditorSession.published(closed, for: "ea.policy")?.isEmpty == true)
        #expect(EditorSession.published(closed, for: "eb.policy")?.isEmpty == true)
    }

    @Test func fullWidthPunctuationGetsItsQuickFix() throws {
        let session = EditorSession()
        let text = EditorSession.text("ea.policy").replacingOccurrences(of: "{\"rd\", \"plant\"}", with: "{\"rd\"，\"plant\"}")
        let published = try #require(EditorSession.published(session.open("ea.policy", text: text), for: "ea.policy"))
        let diagnostic = try #require(published.first { $0["code"]?.string == "Z002" })
        let line = try #require(diagnostic.at("range", "start", "line")?.int)
        let character = try #require(diagnostic.at("range", "start", "character")?.int)
        let actions = session.request("textDocument/codeAction", .object([
            ("textDocument", .object([("uri", .string(EditorSession.uri("ea.policy")))])),
            ("range", EditorSession.range(line, character, line, character)),
        ]))?["result"]?.array
        let edit = try #require(actions?.first?.at("edit", "changes", EditorSession.uri("ea.policy"))?.array?.first)
        #expect(edit["newText"]?.string == ",")
        #expect(edit.at("range", "end", "character")?.int == character + 1)
    }

    @Test func positionsCountUTF16Units() {
        let file = SourceFile(path: "p", text: "a𠀀中b\n第二行 x")
        #expect(LSPPosition(offset: 3, in: file) == LSPPosition(line: 0, character: 4))
        #expect(LSPPosition(line: 0, character: 4).offset(in: file) == 3)
        #expect(LSPPosition(line: 0, character: 2).offset(in: file) == 1)  // inside the surrogate pair: the scalar's start
        #expect(LSPPosition(line: 0, character: 99).offset(in: file) == 4)  // past the end: the line's end
        #expect(LSPPosition(line: 1, character: 4).offset(in: file) == 9)
        #expect(LSPPosition(line: 7, character: 0).offset(in: file) == file.scalars.count)
        #expect(LSPPosition(offset: 9, in: file) == LSPPosition(line: 1, character: 4))
    }

    /// The built binary speaks the protocol over pipes and exits 0 after `shutdown` and `exit`.
    @Test func theCommandServesOverStandardInputAndOutput() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: packageRoot + "/.build/debug/zhengce")
        process.arguments = ["lsp", EditorSession.folder, "--stdio"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let messages: [JSONOut] = [
            .object([("jsonrpc", .string("2.0")), ("id", .int(1)), ("method", .string("initialize")), ("params", .object([]))]),
            .object([("jsonrpc", .string("2.0")), ("method", .string("textDocument/didOpen")), ("params", .object([("textDocument", .object([
                ("uri", .string(EditorSession.uri("eb.policy"))), ("version", .int(1)), ("text", .string("policy eb {\n  title \"未完"))]))]))]),
            .object([("jsonrpc", .string("2.0")), ("id", .int(2)), ("method", .string("shutdown"))]),
            .object([("jsonrpc", .string("2.0")), ("method", .string("exit"))]),
        ]
        feed(Data(messages.flatMap(EditorSession.frame)), to: input.fileHandleForWriting)
        let replies = EditorSession.decode(Array(output.fileHandleForReading.readDataToEndOfFile()))
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(replies.first?.at("result", "capabilities", "definitionProvider") != nil)
        #expect(EditorSession.published(replies, for: "eb.policy")?.isEmpty == false)
        #expect(replies.last?["id"]?.int == 2)
    }
}

/// Quick fixes replace only the mistyped name, keeping what qualifies it.
@Suite struct LanguageServerFixTests {
    func fix(_ text: String, others: [(String, String)] = []) -> String? {
        let diagnostics = diagnose(text, others: others)
        guard let diagnostic = diagnostics.first(where: { $0.fix != nil }), let fix = diagnostic.fix,
              let file = fix.span.file else { return nil }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: file.scalars[..<fix.span.start])
        scalars.append(contentsOf: fix.text.unicodeScalars)
        scalars.append(contentsOf: file.scalars[fix.span.end...])
        return String(scalars)
    }

    @Test func aClauseLabelWithADotKeepsItsDocument() {
        let other = header.replacingOccurrences(of: "policy t", with: "policy o") + "clause 3.2 \"b\" (第二条) { amount 1万 }\n"
        let text = header + "clause 1 \"a\" (第一条) { amount 1万 }\nexclusive highest {1, o:3.3} (第三条)\n"
        #expect(fix(text, others: [("o.policy", other)])?.contains("{1, o:3.2}") == true)
    }

    @Test func fullWidthDigitsBecomeASCII() {
        let text = header + "clause 1 \"a\" (第一条) { amount １２．５万 }\n"
        #expect(fix(text)?.contains("amount 12.5万 }") == true)
    }

    @Test func aFieldKeepsItsRecord() {
        let text = header + "fact r: record { cost: money in 万元 \"c\" } \"r\"\nclause 1 \"a\" (第一条) { amount r.cots }\n"
        #expect(fix(text)?.contains("amount r.cost") == true)
    }
}

@Suite struct LanguageServerURITests {
    @Test func fileURIsWithChineseFolderNamesRoundTrip() {
        #expect(Workspace.path(of: "file:///tmp/%E6%94%BF%E7%AD%96/a.policy") == "/tmp/政策/a.policy")
        #expect(Workspace.path(of: "file:///tmp/政策/a.policy") == "/tmp/政策/a.policy")
        #expect(Workspace.path(of: "untitled:Untitled-1") == "untitled:Untitled-1")
        let workspace = Workspace(root: nil)
        #expect(Workspace.path(of: workspace.uri(of: "/tmp/政策 2/a.policy")) == "/tmp/政策 2/a.policy")
    }
}
