import Testing
@testable import ZhengceKit

/// Diagnostics stay short and aligned on any line, "did you mean" stays cheap and right, and every
/// line ending gives true line numbers.
@Suite struct RenderingTests {
    func render(_ text: String, start: Int, end: Int) -> [String] {
        let file = SourceFile(path: "x.policy", text: text)
        return DiagnosticRenderer.text(Diagnostic(.syntax, "m", at: Span(file: file, start: start, end: end))).split(separator: "\n").map(String.init)
    }

    /// The display column where the carets start and how many there are, measured on the output.
    func carets(_ lines: [String]) -> (column: Int, count: Int, under: String) {
        let source = Array(lines[2].unicodeScalars), marks = Array(lines[3].unicodeScalars)
        let first = marks.firstIndex(of: "^") ?? 0
        let count = marks.filter { $0 == "^" }.count
        // Walk the source line by display width to the caret column.
        var width = 0, index = 0
        while index < source.count, width < first { width += DiagnosticRenderer.width(of: source[index]); index += 1 }
        var under = String.UnicodeScalarView()
        var covered = 0
        while index < source.count, covered < count { covered += DiagnosticRenderer.width(of: source[index]); under.append(source[index]); index += 1 }
        return (first, count, String(under))
    }

    @Test func aHugeLineShowsAWindowAroundTheSpan() {
        let filler = String(repeating: "政策 abc ", count: 80_000)
        let text = filler + "TARGET" + filler
        let start = filler.unicodeScalars.count
        let lines = render(text, start: start, end: start + 6)
        let output = lines.joined(separator: "\n")
        #expect(output.utf8.count < 600, "printed \(output.utf8.count) bytes for one diagnostic")
        #expect(lines[2].contains("…TARGET") == false && lines[2].contains("TARGET"))
        #expect(lines[2].hasPrefix("1 | …") && lines[2].hasSuffix("…"))
        #expect(carets(lines).under == "TARGET")
        #expect(carets(lines).count == 6)
    }

    @Test func caretsStayAlignedUnderChineseTextInAWindow() {
        for offset in [0, 3, 41, 500, 5000] {
            let prefix = String(repeating: "第一条", count: offset)
            let text = prefix + "金额" + String(repeating: "款", count: 3000)
            let start = prefix.unicodeScalars.count
            let lines = render(text, start: start, end: start + 2)
            #expect(carets(lines).under == "金额", "offset \(offset): \(lines)")
            #expect(carets(lines).count == 4)
            #expect(DiagnosticRenderer.displayWidth(lines[2].unicodeScalars) <= 130)
        }
    }

    @Test func aShortLineIsShownWhole() {
        let lines = render("  amount premum * 50%", start: 9, end: 15)
        #expect(lines[2] == "1 |   amount premum * 50%")
        #expect(lines[3] == "  |          ^^^^^^")
    }

    @Test func aSpanRunningPastTheLineIsCutAtTheWindow() {
        let text = String(repeating: "x", count: 10) + String(repeating: "y", count: 1000)
        let lines = render(text, start: 10, end: 1010)
        #expect(carets(lines).count <= 120)
        #expect(lines[3].contains("^"))
    }

    @Test func everyLineEndingCountsAsALine() {
        for ending in ["\n", "\r\n", "\r"] {
            let file = SourceFile(path: "x", text: ["a", "bb", "ccc", ""].joined(separator: ending))
            let c = Array(file.scalars).firstIndex(of: "c") ?? 0
            #expect(file.position(of: c).line == 3, "ending \(ending.unicodeScalars.map(\.value))")
            #expect(file.position(of: c).column == 1)
            #expect(file.line(2) == "bb")
        }
        // A policy saved with CR-only endings reports true places.
        let policy = (header + "fact a: money in 万元 \"a\"\nclause 1 \"a\" (第一条) {\n  amount b\n}\n").replacingAll("\n", with: "\r")
        let found = diagnose(policy).first { $0.code == .unknownFact }
        #expect(found?.line == 8 && found?.column == 10)
    }

    @Test func suggestionsAreBoundedAndStillRight() {
        #expect(Suggest.closest(to: "premum", among: ["premium", "revenue"]) == "premium")
        #expect(Suggest.closest(to: "bnak", among: ["bank", "bark"]) == "bank")
        #expect(Suggest.closest(to: "abc", among: ["abd", "abe"]) == "abd")
        #expect(Suggest.closest(to: "abc", among: ["abe", "abd"]) == "abd")
        #expect(Suggest.closest(to: String(repeating: "a", count: 49), among: [String(repeating: "a", count: 50)]) == nil)
        // A word in other letter case (a spreadsheet's `REVENUE`) means the word it spells, even
        // when another candidate is fewer edits away or the word is too far from it by edits.
        #expect(Suggest.closest(to: "REVENUE", among: ["revenue", "premium"]) == "revenue")
        #expect(Suggest.closest(to: "XC2018:2.1C", among: ["xc2018:2.1a", "xc2018:2.1c"]) == "xc2018:2.1c")
        #expect(Suggest.closest(to: "Ab", among: ["ab", "Ac"]) == "ab")
        #expect(Suggest.closest(to: "AB", among: ["Ab", "aB"]) == "Ab")
        #expect(Suggest.closest(to: "a-b", among: ["A_B"]) == nil)
        // Only ASCII letters: `Ä` and `ä` differ (their UTF-8 bytes also differ by 0x20), so the
        // nearest by edits is taken, the alphabetically first of two at one edit.
        #expect(Suggest.closest(to: "Äb", among: ["äb", "Äc"]) == "Äc")
        #expect(Suggest.closest(to: "收入", among: ["营业收入", "收入a"]) == "收入a")
        // Too many candidates within reach: no guess.
        let many = (0..<5000).map { "name\($0 % 10)" }
        #expect(Suggest.closest(to: "name", among: many + ["nam"]) == nil)
    }

    /// The banded, early-stopping distance agrees with the textbook table on many pairs.
    @Test func theBoundedDistanceMatchesTheFullTable() {
        func reference(_ a: [Character], _ b: [Character]) -> Int {
            if a.isEmpty { return b.count }
            if b.isEmpty { return a.count }
            var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
            for i in 0...a.count { d[i][0] = i }
            for j in 0...b.count { d[0][j] = j }
            for i in 1...a.count {
                for j in 1...b.count {
                    d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                    if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
                }
            }
            return d[a.count][b.count]
        }
        var state: UInt64 = 42
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        let alphabet = Array("abc政策")
        for _ in 0..<3000 {
            let a = String((0..<next(9)).map { _ in alphabet[next(alphabet.count)] })
            let b = String((0..<next(9)).map { _ in alphabet[next(alphabet.count)] })
            let expected = reference(Array(a), Array(b))
            #expect(Suggest.editDistance(a, b) == expected, "\(a) / \(b)")
            let limit = max(1, a.count / 3)
            var table = Suggest.Table(capacity: 4)
            let bounded = table.distance(a.unicodeScalars.map(\.value), b.unicodeScalars.map(\.value), within: limit)
            #expect(bounded == (expected <= limit ? expected : nil), "\(a) / \(b) within \(limit)")
        }
    }
}
