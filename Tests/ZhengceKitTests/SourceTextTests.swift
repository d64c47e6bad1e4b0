import Testing
@testable import ZhengceKit

/// Source text read without per-scalar string building: the scalars and lines of a file, the text
/// of its tokens, units matched on scalars, and fact types compared across files.
@Suite struct SourceTextTests {
    static let mixed = "\u{FEFF}policy é 政策 👩‍💻 𠀀\r\nline\rlast\n\"a\\\"b\" ０ \u{301}"

    @Test func scalarsAndLinesMatchTheStandardLibrary() {
        let file = SourceFile(path: "t", text: Self.mixed)
        #expect(file.scalars == Array(Self.mixed.unicodeScalars))
        #expect(file.line(1) == "\u{FEFF}policy é 政策 👩‍💻 𠀀")
        #expect(file.line(2) == "line")
        #expect(file.line(3) == "last")
        #expect(file.position(of: file.scalars.count - 1) == (4, 10))
    }

    @Test(arguments: [0, 1, 7, 9, 14, 20])
    func slicesMatchTheStandardLibrary(_ start: Int) {
        let file = SourceFile(path: "t", text: Self.mixed)
        for end in start...file.scalars.count {
            var expected = String.UnicodeScalarView()
            expected.append(contentsOf: file.scalars[start..<end])
            #expect(file.slice(Span(file: file, start: start, end: end)) == String(expected))
        }
        // A span past the end reads as much as there is, never traps.
        #expect(file.slice(Span(file: file, start: file.scalars.count + 3, end: file.scalars.count + 5)) == "")
    }

    @Test func traceTextsAreWrittenFromTheScalars() {
        // A site's source: each run of spaces and line breaks is one space, none at either end.
        let file = SourceFile(path: "t", text: "  a  +\n   政策 👩‍💻𠀀 \n ")
        #expect(Compiler.source(Span(file: file, start: 0, end: file.scalars.count)) == "a + 政策 👩‍💻𠀀")
        #expect(Compiler.source(Span(file: file, start: 0, end: 2)) == "")
        #expect(Compiler.source(Span(file: file, start: 2, end: 3)) == "a")
        #expect(Compiler.source(Span(file: nil, start: 0, end: 1)) == "…")
        // A bracket arm's bounds: up to `=>`, without spaces, tabs or full-width spaces around them.
        #expect(Compiler.armBounds("[1亿, 5亿) => 30万") == "[1亿, 5亿)")
        #expect(Compiler.armBounds("\t\u{3000}[0, 1亿)\t=> x => y") == "[0, 1亿)")
        #expect(Compiler.armBounds(" >= 5亿 ") == ">= 5亿")
        #expect(Compiler.armBounds("=>") == "")
        #expect(Compiler.pathParts("office.area_m2") == ["office", "area_m2"])
        #expect(Compiler.pathParts("premium") == ["premium"])
        #expect(Span(file: file, start: 9, end: 10).location == "t:2")
    }

    func tokens(_ text: String) -> [Token] { Lexer.tokenize(SourceFile(path: "t", text: text)).tokens }

    @Test func tokenTextsAreAsWritten() {
        // A Cyrillic `а` in a name is reported and read as ASCII `a`.
        let (named, diagnostics) = Lexer.tokenize(SourceFile(path: "t", text: "rev\u{430}nue_2 x"))
        #expect(named.map(\.text) == ["revanue_2", "x", ""])
        #expect(diagnostics.items.map(\.code) == [.confusableCharacter])
        // Full-width Latin letters from either end of both alphabets, each reported.
        let (wide, wideDiagnostics) = Lexer.tokenize(SourceFile(path: "t", text: "Ａｚ_ｉｓＺ x"))
        #expect(wide.map(\.text) == ["Az_isZ", "x", ""])
        #expect(wideDiagnostics.items.map(\.code) == Array(repeating: .confusableCharacter, count: 5))
        #expect(tokens(#""a\"b\\c\nd" "政策 👩‍💻""#).map(\.text) == ["a\"b\\c\nd", "政策 👩‍💻", ""])
        #expect(tokens("(第二条（一）) (1、) 2025-01-01").map(\.text) == ["第二条（一）", "1、", "2025-01-01", ""])
    }

    @Test func unitsWrittenAgainstNumbersAreOneToken() {
        let written = ["2000万美元", "1百万美元", "3千万元", "50元/m²/月", "3个月", "10平方米", "5m²", "0.5%/年", "8亿", "30％"]
        for text in written {
            #expect(tokens(text + " x").map(\.text) == [text, "x", ""], "\(text)")
            #expect(tokens(text).map(\.text) == [text, ""], "\(text) at the end of the file")
        }
        #expect(tokens("money in 万元\n").map(\.text) == ["money", "in", "万元", ""])
    }

    @Test func unitsAreComparedAsCharactersWhereScalarsDoNotSettleIt() {
        // A compatibility ideograph is the same character as the unit's own.
        #expect(tokens("2\u{F98E} x").map(\.text) == ["2\u{F98E}", "x", ""])
        #expect(tokens("2万\u{F9BA}").first?.text == "2万")
        // A combining mark makes `万́` a different character from `万`: no unit.
        #expect(tokens("5万\u{301}").first?.text == "5")
        #expect(tokens("5万元\u{301}").first?.text == "5万")
    }

    static let fact = """
    policy u {
      title "另一份"
      valid from 2025-01-01 until 2028-12-31
      money in 万元 rounded to 0.01 half-up
    }
    fact months: number in "个"
    clause 1 "x" (第一条) {
      when months > 2
      amount 1万
    }
    """

    @Test func factTypesAgreeOnlyWhenTheyAreTheSame() {
        func disagreements(_ type: String) -> Int {
            let body = "fact months: \(type)\nclause 1 \"x\" (第一条) {\n  when months > 2\n  amount 1万\n}\n"
            return diagnose(header + body, others: [("u.policy", Self.fact)]).filter { $0.code == .conflictingFactTypes }.count
        }
        #expect(disagreements("number in \"个\"") == 0)
        #expect(disagreements("number in \"年\"") == 1)
        #expect(disagreements("number") == 1)
        #expect(disagreements("count") == 1)
    }
}
