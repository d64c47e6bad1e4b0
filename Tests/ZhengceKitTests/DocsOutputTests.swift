import Foundation
import Testing
@testable import ZhengceKit

/// The outputs the README and the analyst guide quote are those of the sample kept for the docs
/// (`docs/samples/guide`: a policy before and after one revision, its examples, applicants), never
/// of the shipped policies, so a revision of `policies/` cannot make them wrong, and this test
/// keeps them from going stale. A quoted block is a fenced block right after the line
/// `<!-- checked output -->` whose first line is `$ zhengce ARGUMENTS`; the rest is what the command
/// prints, where a line `…` stands for any number of lines. The commands of one document run in
/// order, from a copy of the repository's `docs/samples/guide` with the working copy `work` that
/// the guide's walkthrough makes: `v1` with the revised policy of `v2` in it.
@Suite struct DocsOutputTests {
    static let marker = "<!-- checked output -->"
    let cli = CommandLineTests()

    struct Quote {
        var line: Int
        var arguments: [String]
        var expected: [String]
    }

    static func quotes(in text: String) -> [Quote] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var quotes: [Quote] = []
        var index = 0
        while index < lines.count {
            defer { index += 1 }
            guard lines[index].trimmingCharacters(in: .whitespaces) == marker, index + 2 < lines.count,
                  lines[index + 1].hasPrefix("```"), lines[index + 2].hasPrefix("$ zhengce ") else { continue }
            let command = lines[index + 2].dropFirst("$ zhengce ".count)
            var body: [String] = []
            var next = index + 3
            while next < lines.count, !lines[next].hasPrefix("```") {
                body.append(lines[next])
                next += 1
            }
            quotes.append(Quote(line: index + 3, arguments: command.split(separator: " ").map(String.init), expected: body))
        }
        return quotes
    }

    /// Whether `actual` matches `expected`, where a line `…` in `expected` matches any lines.
    static func matches(_ expected: ArraySlice<String>, _ actual: ArraySlice<String>) -> Bool {
        guard let first = expected.first else { return actual.isEmpty }
        if first == "…" {
            return actual.indices.map { actual[$0...] }.contains { matches(expected.dropFirst(), $0) } || matches(expected.dropFirst(), [])
        }
        guard let line = actual.first, line == first else { return false }
        return matches(expected.dropFirst(), actual.dropFirst())
    }

    /// A fresh copy of the sample with the walkthrough's working copy.
    func workspace() throws -> String {
        let folder = try cli.temporaryFolder()
        let files = FileManager.default
        try files.createDirectory(atPath: folder + "/docs/samples", withIntermediateDirectories: true)
        try files.copyItem(atPath: packageRoot + "/docs/samples/guide", toPath: folder + "/docs/samples/guide")
        try files.copyItem(atPath: folder + "/docs/samples/guide/v1", toPath: folder + "/work")
        try files.removeItem(atPath: folder + "/work/demo.policy")
        try files.copyItem(atPath: folder + "/docs/samples/guide/v2/demo.policy", toPath: folder + "/work/demo.policy")
        return folder
    }

    func check(_ document: String, atLeast count: Int) throws {
        let text = try String(contentsOfFile: packageRoot + "/" + document, encoding: .utf8)
        let quotes = Self.quotes(in: text)
        #expect(quotes.count >= count, "\(document) quotes \(quotes.count) checked outputs")
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for quote in quotes {
            let run = try cli.zhengce(quote.arguments, in: folder)
            var actual = run.out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if actual.last == "" { actual.removeLast() }
            #expect(Self.matches(quote.expected[...], actual[...]),
                    "\(document):\(quote.line): `zhengce \(quote.arguments.joined(separator: " "))` now prints:\n\(actual.joined(separator: "\n"))")
        }
    }

    @Test func theREADMEQuotesTheSampleAsItIs() throws {
        try check("README.md", atLeast: 1)
    }

    @Test func theAnalystGuideWalkthroughRunsAsWritten() throws {
        try check("docs/analyst-guide.md", atLeast: 5)
        // `test --update` in the walkthrough turns v1's examples into v2's.
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try cli.zhengce(["test", "--update", "work"], in: folder)
        let updated = try String(contentsOfFile: folder + "/work/demo.examples.json", encoding: .utf8)
        let revised = try String(contentsOfFile: packageRoot + "/docs/samples/guide/v2/demo.examples.json", encoding: .utf8)
        #expect(updated == revised)
    }

    @Test func anEllipsisStandsForAnyLines() {
        #expect(Self.matches(["a", "…", "d"], ["a", "b", "c", "d"]))
        #expect(Self.matches(["a", "…", "d"], ["a", "d"]))
        #expect(!Self.matches(["a", "…", "d"], ["a", "b", "c"]))
        #expect(!Self.matches(["a", "b"], ["a", "b", "c"]))
        #expect(Self.quotes(in: "x\n\(Self.marker)\n```\n$ zhengce eval a.json\nout\n```\n").first?.arguments == ["eval", "a.json"])
    }
}
