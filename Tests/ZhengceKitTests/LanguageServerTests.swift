import Foundation
import Testing
@testable import ZhengceKit

/// A scripted editor session against the fixture folder `Fixtures/lsp` (two documents, `ea` and
/// `eb`, and examples for `ea`): every answer is checked as an editor would read it.
@Suite struct LanguageServerTests {
    /// A syntax error whose help writes the replacement of its text offers it as a quick fix, and
    /// taking every fix offered leaves a file that checks clean: digits grouped by thousands, the
    /// operators of other languages (a word kept apart from the names beside it), `=` for `==`.
    @Test func quickFixesWrittenInTheHelpClearTheirErrors() throws {
        var text = """
        policy t {
          title "测试"
          valid from 2025-01-01 until 2028-12-31
        }
        fact revenue: money in 万元 "r"
        fact big: bool "b"
        clause 1 "a" (第一条) {
          when revenue > 1,000万 &&revenue = 2,000万 || (!big)
          amount 1万
        }
        """
        var titles: [String] = []
        for _ in 0..<10 {
            let file = SourceFile(path: "fix.policy", text: text)
            guard let fix = Zhengce.load([file]).diagnostics.lazy.compactMap(\.fix).first else { break }
            titles.append(fix.title)
            let scalars = Array(text.unicodeScalars)
            text = String(String.UnicodeScalarView(scalars[..<fix.span.start] + fix.text.unicodeScalars + scalars[fix.span.end...]))
        }
        #expect(titles == ["Replace `1,000万` with `1000万`", "Replace `&&` with `and`", "Replace `=` with `==`", "Replace `2,000万` with `2000万`",
                           "Replace `||` with `or`", "Replace `!` with `not`"])
        #expect(text.contains("when revenue > 1000万 and revenue == 2000万 or (not big)"))
        #expect(Zhengce.load([SourceFile(path: "fix.policy", text: text)]).diagnostics.filter { $0.severity == .error }.isEmpty)
    }

    @Test func scriptedSession() throws {
        let session = EditorSession()
        let initialized = try #require(session.request("initialize", .object([("processId", .null), ("rootUri", .null), ("capabilities", .object([]))])))
        #expect(initialized.at("result", "capabilities", "hoverProvider")?.value.debugBool == true)
        #expect(initialized.at("result", "capabilities", "positionEncoding")?.string == "utf-16")
        #expect(session.notify("initialized", .object([])).isEmpty)

        // Opening a clean file publishes empty diagnostics for both documents.
        let opened = session.open("ea.policy")
        #expect(EditorSession.published(opened, for: "ea.policy")?.isEmpty == true)
        #expect(EditorSession.published(opened, for: "eb.policy")?.isEmpty == true)

        // A typo: `revenue` becomes `revenu` in `let big = …`; the diagnostic appears with its fix.
        let typo = EditorSession.position(of: "revenue >= 1000万", in: "ea.policy")
        let broken = session.replace("ea.policy", line: typo.line, from: typo.character, to: typo.character + 7, with: "revenu", version: 2)
        let problems = try #require(EditorSession.published(broken, for: "ea.policy"))
        #expect(problems.count == 1)
        #expect(problems.first?["code"]?.string == "Z101")
        #expect(problems.first?["message"]?.string?.contains("did you mean `revenue`?") == true)
        #expect(problems.first?.at("range", "start", "character")?.int == typo.character)
        let actions = try #require(session.request("textDocument/codeAction", .object([
            ("textDocument", .object([("uri", .string(EditorSession.uri("ea.policy")))])),
            ("range", EditorSession.range(typo.line, typo.character, typo.line, typo.character + 6)),
            ("context", .object([("diagnostics", .array([]))])),
        ]))?["result"]?.array)
        let edit = try #require(actions.first?.at("edit", "changes", EditorSession.uri("ea.policy"))?.array?.first)
        #expect(edit["newText"]?.string == "revenue")
        #expect(edit.at("range", "end", "character")?.int == typo.character + 6)

        // The fix clears them.
        let fixed = session.replace("ea.policy", line: typo.line, from: typo.character, to: typo.character + 6, with: "revenue", version: 3)
        #expect(EditorSession.published(fixed, for: "ea.policy")?.isEmpty == true)

        // Hover on a fact after Chinese text and a character outside the BMP on the same line.
        let afterChinese = EditorSession.position(of: "revenue > 1万", in: "ea.policy")
        #expect(afterChinese.character == 25)  // 24 characters before it, and `𠀀` counts 2 UTF-16 units
        let factHover = try #require(session.at("textDocument/hover", "ea.policy", afterChinese.line, afterChinese.character + 2)?.at("result", "contents", "value")?.string)
        #expect(factHover.contains("营业收入"))
        #expect(factHover.contains("money in 万元"))
        #expect(factHover.contains("`ea:1`"))
        #expect(factHover.contains("`let big`"))
        let hoverRange = session.at("textDocument/hover", "ea.policy", afterChinese.line, afterChinese.character)?.at("result", "range", "end", "character")?.int
        #expect(hoverRange == afterChinese.character + 7)

        // Hover on a clause reference shows its title, article and brackets as a table.
        let reference = EditorSession.position(of: "amount(1)", in: "ea.policy")
        let clauseHover = try #require(session.at("textDocument/hover", "ea.policy", reference.line, reference.character + 7)?.at("result", "contents", "value")?.string)
        #expect(clauseHover.contains("`ea:1` — 营收奖励"))
        #expect(clauseHover.contains("第一条（一）"))
        #expect(clauseHover.contains("| ≥ 1000万 | ∞ | 20万 |"))

        // Hover on a money literal gives 元 and 万元; on a built-in, its signature.
        let literal = EditorSession.position(of: "1000万 \"营收较大\"", in: "ea.policy")
        let moneyHover = session.at("textDocument/hover", "ea.policy", literal.line, literal.character + 1)?.at("result", "contents", "value")?.string
        #expect(moneyHover == "**10,000,000.00 元** = 1000.00 万元")
        let max = EditorSession.position(of: "max(5万", in: "ea.policy")
        let maxHover = session.at("textDocument/hover", "ea.policy", max.line, max.character + 1)?.at("result", "contents", "value")?.string
        #expect(maxHover?.hasPrefix("**function** `max(a, b, …)`") == true)

        // Definition: a definition's use, a record field, a clause of another document.
        let bigUse = EditorSession.position(of: "big \"营收较大\"", in: "ea.policy", occurrence: 1)
        let bigDefinition = session.at("textDocument/definition", "ea.policy", bigUse.line, bigUse.character)?["result"]
        #expect(bigDefinition?.at("range", "start", "line")?.int == 15)
        let field = EditorSession.position(of: "p.kind", in: "ea.policy")
        let fieldDefinition = session.at("textDocument/definition", "ea.policy", field.line, field.character + 3)?["result"]
        #expect(fieldDefinition?.at("range", "start", "line")?.int == 12)
        #expect(fieldDefinition?.at("range", "start", "character")?.int == 2)
        let other = EditorSession.position(of: "eb:7", in: "ea.policy")
        let otherDefinition = session.at("textDocument/definition", "ea.policy", other.line, other.character + 3)?["result"]
        #expect(otherDefinition?["uri"]?.string == EditorSession.uri("eb.policy"))
        #expect(otherDefinition?.at("range", "start", "line")?.int == 8)

        // References: the fact's declaration and its three uses.
        let references = session.at("textDocument/references", "ea.policy", afterChinese.line, afterChinese.character,
                                    extra: [("context", .object([("includeDeclaration", .bool(true))]))])?["result"]?.array
        #expect(references?.map { $0.at("range", "start", "line")?.int ?? -1 } == [8, 15, 18, 19])
        let clauseReferences = session.at("textDocument/references", "ea.policy", reference.line, reference.character + 7)?["result"]?.array
        #expect(clauseReferences?.count == 3)  // its label, `amount(1)` and the exclusion

        // Completion: record fields after `.`, choice values inside quotes, clause labels in an exclusion.
        let fieldItems = labels(session.at("textDocument/completion", "ea.policy", field.line, field.character + 2))
        #expect(fieldItems == ["cost", "kind"])
        let quote = EditorSession.position(of: "\"小𠀀\" or", in: "ea.policy")
        let choiceItems = labels(session.at("textDocument/completion", "ea.policy", quote.line, quote.character + 1))
        #expect(choiceItems == ["小𠀀", "large"])
        let exclusion = EditorSession.position(of: "{1, eb:7}", in: "ea.policy")
        let clauseItems = labels(session.at("textDocument/completion", "ea.policy", exclusion.line, exclusion.character + 1))
        #expect(clauseItems == ["1", "2", "3", "eb:7"])
        let general = labels(session.at("textDocument/completion", "ea.policy", 16, 0))
        #expect(general.contains("revenue") && general.contains("big") && general.contains("clamp") && general.contains("exclusive"))

        // Outline by article and clause.
        let outline = try #require(session.request("textDocument/documentSymbol", .object([("textDocument", .object([("uri", .string(EditorSession.uri("ea.policy")))]))]))?["result"]?.array)
        let articles = outline.filter { $0["kind"]?.int == 3 }
        #expect(articles.map { $0["name"]?.string ?? "" } == ["第一条", "第二条"])
        #expect(articles.first?["children"]?.array?.map { $0["name"]?.string ?? "" } == ["1", "2"])

        // Code lenses: each clause with the examples that check it.
        let lenses = try #require(session.request("textDocument/codeLens", .object([("textDocument", .object([("uri", .string(EditorSession.uri("ea.policy")))]))]))?["result"]?.array)
        #expect(lenses.map { $0.at("command", "title")?.string ?? "" } == ["✗ 1 of 2 examples fail", "no example checks this clause", "✓ 1 example pass"])
        let shown = session.request("workspace/executeCommand", .object([("command", .string(LanguageServer.showExamplesCommand)), ("arguments", .array([.string("ea:1")]))]))
        #expect(shown?["result"]?.string?.contains("FAIL large revenue, wrong on purpose: ea:1 amount") == true)

        // Formatting: the formatter's layout as one edit.
        let messy = EditorSession.text("eb.policy").replacingOccurrences(of: "  amount 8万", with: "amount    8万")
        _ = session.open("eb.policy", text: messy)
        let formatting = session.request("textDocument/formatting", .object([("textDocument", .object([("uri", .string(EditorSession.uri("eb.policy")))])), ("options", .object([]))]))
        #expect(formatting?.at("result")?.array?.first?["newText"]?.string == (try Formatter.format(SourceFile(path: "eb.policy", text: messy))))

        #expect(session.request("shutdown", .null)?["result"]?.isNull == true)
        #expect(session.request("textDocument/hover", .null)?.at("error", "code")?.int == -32600)
        _ = session.notify("exit", .null)
        #expect(session.server.exitCode == 0)
    }

    func labels(_ response: JSONNode?) -> [String] {
        response?["result"]?.array?.compactMap { $0["label"]?.string } ?? []
    }
}

extension JSON {
    var debugBool: Bool? { if case .bool(let flag) = self { return flag } else { return nil } }
}
