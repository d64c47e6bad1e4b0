import Foundation
import Testing
@testable import ZhengceKit

/// The TextMate grammar in `editors/vscode` is valid JSON, its regexes compile, and it highlights
/// every keyword, built-in function and money unit the language knows; and the keyword list the
/// grammar is checked against holds every word the parser matches.
@Suite struct EditorGrammarTests {
    static let grammarPath = packageRoot + "/editors/vscode/syntaxes/zhengce.tmLanguage.json"

    func grammar() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.grammarPath))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Every `match` regex of a repository entry.
    func regexes(_ entry: String) throws -> [NSRegularExpression] {
        let repository = try #require(try grammar()["repository"] as? [String: Any])
        let patterns = try #require((repository[entry] as? [String: Any])?["patterns"] as? [[String: Any]])
        return try patterns.compactMap { $0["match"] as? String }.map { try NSRegularExpression(pattern: $0) }
    }

    /// Whether a regex of `entry` matches exactly `word` at the start of `text` (default: the word alone).
    func highlights(_ word: String, _ entry: String, in text: String? = nil) throws -> Bool {
        let text = text ?? word
        return try regexes(entry).contains { regex in
            regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))?.range == NSRange(location: 0, length: word.utf16.count)
        }
    }

    @Test func everyKeywordIsHighlighted() throws {
        #expect(try grammar()["scopeName"] as? String == "source.zhengce")
        for word in Keywords.all {
            #expect(try highlights(word, "keywords") || highlights(word, "constants"), "`\(word)` is a keyword the grammar does not highlight")
        }
        for name in Builtin.names {
            #expect(try highlights(name, "functions", in: name + "(x)"), "built-in `\(name)` is not highlighted")
        }
        for unit in MoneyUnit.all {
            #expect(try highlights("12" + unit.name, "numbers"), "money unit `\(unit.name)` is not highlighted")
        }
    }

    @Test func everyWordTheParserMatchesIsAKeyword() throws {
        let folder = packageRoot + "/Sources/ZhengceKit/Syntax"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("Parser") }
        #expect(files.count >= 3)
        let pattern = try NSRegularExpression(pattern: #"(?:matchWord|expectWord|isWord)\("([a-z]+)"|text == "([a-z]+)"|case "([a-z]+)"(?:, "([a-z]+)")*"#)
        var words: Set<String> = []
        for file in files {
            let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                for group in 1..<match.numberOfRanges {
                    if let range = Range(match.range(at: group), in: text) { words.insert(String(text[range])) }
                }
            }
        }
        #expect(words.count > 40)
        #expect(words.subtracting(Keywords.all).subtracting(Parser.otherLanguagesWords).sorted() == [], "add these words to `Keywords` and to the editor grammar")
        #expect(Parser.otherLanguagesWords.isSubset(of: words), "a word named as another language's is one the parser reads")
        #expect(Parser.otherLanguagesWords.isDisjoint(with: Keywords.all))
    }

    @Test func theExtensionManifestNamesTheGrammarAndTheServer() throws {
        let folder = packageRoot + "/editors/vscode/"
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "package.json"))) as? [String: Any])
        let contributes = try #require(manifest["contributes"] as? [String: Any])
        let grammars = try #require(contributes["grammars"] as? [[String: Any]])
        #expect(grammars.first?["path"] as? String == "./syntaxes/zhengce.tmLanguage.json")
        #expect((manifest["dependencies"] as? [String: Any])?["vscode-languageclient"] != nil)
        _ = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "language-configuration.json")))
        let client = try String(contentsOfFile: folder + "extension.js", encoding: .utf8)
        #expect(client.contains("'lsp'") && client.contains(LanguageServer.showExamplesCommand))
    }
}
