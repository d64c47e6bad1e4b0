import Foundation
import Testing
@testable import ZhengceKit

@Suite struct FormatterTests {
    static let shippedPaths = (try? Zhengce.policyPaths([packageRoot + "/policies"])) ?? []

    @Test(arguments: shippedPaths)
    func shippedPoliciesAreFormattedAndFormattingIsIdempotent(_ path: String) throws {
        let source = try Zhengce.readSource(path)
        let once = try Formatter.format(source)
        #expect(once == source.text, "\(path) is not in canonical layout; run `zhengce fmt --write policies`")
        let twice = try Formatter.format(SourceFile(path: path, text: once))
        #expect(twice == once)
    }

    @Test(arguments: shippedPaths)
    func messyLayoutFormatsBackToTheSameTreeAndText(_ path: String) throws {
        let source = try Zhengce.readSource(path)
        // Strip all indentation, double the blank lines and add trailing spaces.
        let messy = source.text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line -> String in
                let trimmed = line.drop { $0 == " " }
                return trimmed.isEmpty ? "\n" : String(trimmed) + "   "
            }
            .joined(separator: "\n")
        let formatted = try Formatter.format(SourceFile(path: path, text: messy))
        let original = Parser.parse(source).0
        let reparsed = Parser.parse(SourceFile(path: path, text: formatted)).0
        #expect(reparsed == original)
        #expect(formatted == source.text)
    }

    @Test func keepsEveryCommentAndNormalisesSpacing() throws {
        let text = """
        policy t {   // the header
        valid from 2025-01-01
          money in 万元 rounded to 0.01 half-up
        }
        // a fact
        fact a: money in 万元 "a"


        clause 1 "a" (第一条) {
        amount min(a*5%,10万)   // capped
          cap 10万 per year
        }
        exclusive highest { 1 , 1 }
        """
        let formatted = try Formatter.format(SourceFile(path: "t.policy", text: text))
        #expect(formatted == """
        policy t { // the header
          valid from 2025-01-01
          money in 万元 rounded to 0.01 half-up
        }
        // a fact
        fact a: money in 万元 "a"

        clause 1 "a" (第一条) {
          amount min(a * 5%, 10万) // capped
          cap 10万 per year
        }
        exclusive highest {1, 1}

        """)
    }

    @Test func refusesAFileWithSyntaxErrors() {
        #expect(throws: Formatter.FormatError.self) {
            try Formatter.format(SourceFile(path: "t.policy", text: "policy t {\n  valid from\n}\n"))
        }
    }

    /// One layout for a parenthesis after a word: both `when(a)` and `when (a)` used to pass
    /// `fmt --check`.
    @Test func keywordsStandApartFromParenthesesAndFunctionsHugThem() throws {
        let messy = header + """
        fact a: bool "a"
        fact x: money in 万元 "x"
        clause 1 "a" (第一条) {
          when(a) "A"
          when not(a) or(a) "B"
          amount(x * 10%) + amount (t:2) + min (x, 1万)
          cap(20万)
        }
        clause 2 "b" (第二条) { amount(x) }
        exclusive highest {1, 2} tie first(第三条)

        """
        let formatted = try Formatter.format(SourceFile(path: "t.policy", text: messy))
        #expect(formatted == header + """
        fact a: bool "a"
        fact x: money in 万元 "x"
        clause 1 "a" (第一条) {
          when (a) "A"
          when not (a) or (a) "B"
          amount (x * 10%) + amount(t:2) + min(x, 1万)
          cap (20万)
        }
        clause 2 "b" (第二条) {amount (x)}
        exclusive highest {1, 2} tie first (第三条)

        """)
        #expect(try Formatter.format(SourceFile(path: "t.policy", text: formatted)) == formatted)
    }

    @Test func unaryAndBinaryMinusAreSpacedApart() throws {
        let text = "policy t {\n  valid from 2025-01-01\n}\nlet x = -1万 - c.amount -c.amount\nfact c: record { amount: money in 万元 \"a\" } \"c\"\n"
        let formatted = try Formatter.format(SourceFile(path: "t.policy", text: text))
        #expect(formatted.contains("let x = -1万 - c.amount - c.amount"))
    }
}

@Suite struct FormatterBidiTests {
    /// A bidirectional control character is an error (Z008) that stops formatting: the file reads
    /// differently from how it runs, so it is not rewritten (and never called a formatter bug).
    @Test func aBidiControlInACommentStopsFormattingWithItsDiagnostic() throws {
        let text = header + "// safe \u{202E} comment\nclause 1 \"a\" (第一条) {\n  amount 1万\n}\n"
        let source = SourceFile(path: "bidi.policy", text: text)
        #expect(Parser.parse(source).1.items.contains { $0.code == .bidiControl })
        #expect(throws: Formatter.FormatError.self) { try Formatter.format(source) }
    }
}
