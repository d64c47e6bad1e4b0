import Foundation
import Testing
@testable import ZhengceKit

/// The editor on the language mechanics (`Fixtures/lsp-mechanics/mx.policy`): hover on a step
/// increment, on rates by year and on the members of a shared cap and of a precedence rule;
/// clause labels inside their braces; the new keywords; shared caps in the outline.
@Suite struct LanguageServerMechanicsTests {
    static let folder = packageRoot + "/Tests/ZhengceKitTests/Fixtures/lsp-mechanics"
    static let uri = URL(fileURLWithPath: folder + "/mx.policy").absoluteString
    static let text = try! String(contentsOfFile: folder + "/mx.policy", encoding: .utf8)

    /// An initialized session with `mx.policy` open, and its diagnostics.
    func session() throws -> (EditorSession, [JSONNode]) {
        let session = EditorSession(root: Self.folder)
        _ = session.request("initialize", .object([("processId", .null), ("rootUri", .null), ("capabilities", .object([]))]))
        _ = session.notify("initialized", .object([]))
        let opened = session.notify("textDocument/didOpen", .object([("textDocument", .object([
            ("uri", .string(Self.uri)), ("languageId", .string("zhengce")), ("version", .int(1)), ("text", .string(Self.text)),
        ]))]))
        let published = opened.last { $0["method"]?.string == "textDocument/publishDiagnostics" && $0.at("params", "uri")?.string == Self.uri }
        return (session, published?.at("params", "diagnostics")?.array ?? [])
    }

    /// A request at the `offset`-th character after the start of `needle` (the fixture is ASCII
    /// up to every needle used, so characters are UTF-16 units).
    func ask(_ session: EditorSession, _ method: String, _ needle: String, _ offset: Int = 0) -> JSONNode? {
        let lines = Self.text.components(separatedBy: "\n")
        guard let line = lines.firstIndex(where: { $0.contains(needle) }), let range = lines[line].range(of: needle) else { return nil }
        let character = lines[line][..<range.lowerBound].utf16.count + offset
        return session.request(method, .object([("textDocument", .object([("uri", .string(Self.uri))])),
                                                ("position", .object([("line", .int(line)), ("character", .int(character))]))]))
    }

    func hover(_ session: EditorSession, _ needle: String, _ offset: Int = 0) -> String? {
        ask(session, "textDocument/hover", needle, offset)?.at("result", "contents", "value")?.string
    }

    func labels(_ response: JSONNode?) -> [String] {
        response?["result"]?.array?.compactMap { $0["label"]?.string } ?? []
    }

    @Test func theFixtureChecksClean() throws {
        let (_, diagnostics) = try session()
        #expect(diagnostics.isEmpty, "\(diagnostics.map { $0["message"]?.string ?? "" })")
    }

    @Test func hoverExplainsStepsRatesByYearAndRuleMembers() throws {
        let (session, _) = try session()
        let steps = try #require(hover(session, "per full 1亿", 1))
        #expect(steps.hasPrefix("**steps**: `100万` for each full `1亿` by which the bracket's subject `paid_in_capital` exceeds `10亿`"), "\(steps)")
        // A literal inside the increment is still money; the bracket's subject still the fact.
        #expect(hover(session, "100万 per full") == "**1,000,000.00 元** = 100.00 万元")
        let band = try #require(hover(session, "years 3 to 5", 2))
        #expect(band.contains("**rates by year** over `district_tax`: each item's `t.amount` times the rate of its year, counted from `year(settled_on)` (year 1), at most `300万` a year"), "\(band)")
        #expect(band.contains("| 1–2 | 100% |") && band.contains("| **3–5** | **50%** |"), "\(band)")
        let keyword = try #require(hover(session, "yearly t in", 2))
        #expect(keyword.contains("| 1–2 | 100% |") && keyword.contains("| 3–5 | 50% |"), "no band is marked outside the bands: \(keyword)")
        let capMember = try #require(hover(session, "{1, 2} reduce", 4))
        #expect(capMember.contains("**clause** `mx:2` — 经营贡献奖励") && capMember.contains("Article: 第二条"), "\(capMember)")
        let winner = try #require(hover(session, "exclusive 4 over", 10))
        #expect(winner.contains("**benefit** `mx:4` — 基金投资服务"), "\(winner)")
        let ruledOut = try #require(hover(session, "over {5}", 6))
        #expect(ruledOut.contains("**benefit** `mx:5` — 融资对接服务"), "\(ruledOut)")
        let references = ask(session, "textDocument/references", "benefit 5", 8)?["result"]?.array
        #expect(references?.count == 2, "its label and the precedence member")
    }

    @Test func completionOffersLabelsInsideRuleBracesAndTheNewKeywords() throws {
        let (session, _) = try session()
        #expect(labels(ask(session, "textDocument/completion", "{1, 2} reduce", 1)) == ["1", "2", "4", "5"])
        #expect(labels(ask(session, "textDocument/completion", "over {5}", 6)) == ["1", "2", "4", "5"])
        // The limit of a shared cap is an amount, not a clause.
        #expect(!labels(ask(session, "textDocument/completion", "1000万 {1", 0)).contains("1"))
        // A shared cap still being typed, not yet read by the parser.
        let typing = Self.text + "\nshared cap 50万 {"
        _ = session.notify("textDocument/didChange", .object([
            ("textDocument", .object([("uri", .string(Self.uri)), ("version", .int(2))])),
            ("contentChanges", .array([.object([("text", .string(typing))])])),
        ]))
        let lines = typing.components(separatedBy: "\n")
        let open = session.request("textDocument/completion", .object([("textDocument", .object([("uri", .string(Self.uri))])),
                                                                       ("position", .object([("line", .int(lines.count - 1)), ("character", .int(lines.last!.utf16.count))]))]))
        #expect(labels(open) == ["1", "2", "4", "5"])
        let general = labels(ask(session, "textDocument/completion", "  applies when takes_fund", 2))
        for word in ["shared", "cap", "reduce", "order", "proportionally", "exclusive", "over", "per", "full", "above", "yearly", "years", "at", "from", "stated"] {
            #expect(general.contains(word), "\(word)")
        }
    }

    @Test func theOutlineListsSharedCapsAndPrecedence() throws {
        let (session, _) = try session()
        let outline = try #require(session.request("textDocument/documentSymbol", .object([("textDocument", .object([("uri", .string(Self.uri))]))]))?["result"]?.array)
        let names = outline.compactMap { $0["name"]?.string }
        #expect(names.contains("shared cap 1000万") && names.contains("exclusive 4 over"), "\(names)")
        #expect(outline.first { $0["name"]?.string == "shared cap 1000万" }?["detail"]?.string == "1, 2 · reduce in order")
        #expect(outline.first { $0["name"]?.string == "exclusive 4 over" }?["detail"]?.string == "5")
    }
}
