import Foundation
import Testing
@testable import ZhengceKit

/// Strict input: RFC 8259 JSON only, exact ISO dates, no silently dropped or sign-flipped values.
@Suite struct InputTests {
    static let policy = header + """
    fact revenue: money in 万元 "r"
    fact loss: signed money in 万元 "l"
    fact growth: signed percent "g"
    fact area: number in "m²" "a"
    fact patents: list of record { countries: count "c" } "p"
    fact staff: count "s"
    fact kinds: set of choice {"a", "b"} "k"
    fact big: bool "b"
    clause 1 "a" (第一条) {
      when revenue > loss
      amount revenue * 10%
      cap 600万 cumulative
    }
    clause 2 "b" (第二条) {
      when sum(p in patents: p.countries) > staff and growth > 0% and area > 0 and ("a" in kinds or big)
      amount 1万
    }

    """

    static let program = checkedProgram(policy)

    /// The diagnostics reading `text` as an applicant gives (empty when it is accepted).
    func problems(_ text: String) -> [Diagnostic] {
        do {
            _ = try ApplicantReader.read(SourceFile(path: "a.json", text: text), program: Self.program)
            return []
        } catch {
            return error.diagnostics
        }
    }

    func rejects(_ text: String, _ code: DiagnosticCode, saying fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let found = problems(text)
        #expect(found.contains { $0.code == code && $0.message.contains(fragment) && $0.line >= 1 && $0.column >= 1 },
                "expected \(code.rawValue) with “\(fragment)”, got \(found.map(\.message))", sourceLocation: sourceLocation)
    }

    @Test func jsonNumbersFollowTheRFC() {
        rejects(#"{"facts": {"revenue": 0090}}"#, .malformedJSON, saying: "leading zero")
        rejects(#"{"facts": {"revenue": 90.}}"#, .malformedJSON, saying: "followed by digits")
        rejects(#"{"facts": {"revenue": -}}"#, .malformedJSON, saying: "digit")
        rejects(#"{"facts": {"revenue": 1e}}"#, .malformedJSON, saying: "exponent")
        rejects(#"{"facts": {"revenue": 1.2.3}}"#, .malformedJSON, saying: "unexpected `.`")
        #expect(problems(#"{"facts": {"revenue": 0.5, "area": 0, "staff": 10}}"#).isEmpty)
    }

    /// A valid JSON number in exponent notation is refused as one, not as an amount with an
    /// unknown unit `e3`, for every kind of quantity and written as a number or a string.
    @Test func anExponentIsNamedAsOne() {
        rejects(#"{"facts": {"revenue": 1e3}}"#, .factType, saying: "exponent notation (1e3)")
        rejects(#"{"facts": {"revenue": "1.5E+2"}}"#, .factType, saying: "exponent notation (1.5E+2)")
        rejects(#"{"facts": {"area": 2e-1}}"#, .factType, saying: "exponent notation")
        rejects(#"{"facts": {"growth": 5E0}}"#, .factType, saying: "exponent notation")
        rejects(#"{"facts": {"staff": 1e2}}"#, .factType, saying: "exponent notation")
        rejects(#"{"facts": {"revenue": "2E+1万"}}"#, .factType, saying: "exponent notation")
        // A unit that starts with an `e` is still a unit.
        rejects(#"{"facts": {"revenue": "5eur"}}"#, .factType, saying: "unknown unit `eur`")
        // A word that holds an `e` is not a number at all (it used to be named as an exponent).
        rejects(#"{"facts": {"revenue": "hello"}}"#, .factType, saying: #"must be an amount in 万元 (a number or a string such as "1234.56"), not "hello""#)
        rejects(#"{"facts": {"revenue": "xicheng "}}"#, .factType, saying: "not \"xicheng\"")
    }

    /// Digits split by a space are one number written wrongly, not a number with the unit `0`.
    @Test func aSpaceInsideTheDigitsIsNamed() {
        rejects(#"{"facts": {"revenue": " 9 0 "}}"#, .factType, saying: #"`revenue` has a space inside its digits ("9 0"); write the number without spaces"#)
        rejects(#"{"facts": {"revenue": "1 000万"}}"#, .factType, saying: "has a space inside its digits")
        #expect(problems(#"{"facts": {"revenue": " 90 "}}"#).isEmpty)
    }

    /// What a Chinese keyboard puts in a number is named, with the amount as it must be written.
    @Test func fullWidthDigitsAndSeparatorsAreNamed() {
        rejects(#"{"facts": {"revenue": "１２．５万"}}"#, .factType, saying: "full-width digits (１２．５万); write ASCII digits: `12.5万`")
        rejects(#"{"facts": {"revenue": "1,200万"}}"#, .factType, saying: "thousands separators (1,200万); write the digits without them: `1200万`")
        rejects(#"{"facts": {"growth": "1，200.5"}}"#, .factType, saying: "without them: `1200.5`")
        rejects(#"{"facts": {"staff": "１，２００"}}"#, .factType, saying: "full-width digits and thousands separators (１，２００); write `1200`")
        rejects(#"{"facts": {"revenue": "a,1"}}"#, .factType, saying: "must be an amount")
    }

    /// One item where a list or a set is expected, and a truth value in quotes, are pointed to
    /// what to write.
    @Test func valuesOfTheWrongShapeAreShownTheirShape() {
        let cases = [(#"{"facts": {"kinds": "a"}}"#, #"a list is written in brackets, even with one item: `["a"]`"#),
                     (#"{"facts": {"patents": {"countries": 2}}}"#, #"a list is written in brackets, even with one item: `[{"countries": 2}]`"#),
                     (#"{"facts": {"big": "true"}}"#, "write `true` without quotes")]
        for (text, help) in cases {
            #expect(problems(text).map(\.help) == [help], "\(text)")
        }
        // A yes or no written as a spreadsheet or a form writes it is given the truth value to write.
        #expect(problems(#"{"facts": {"big": "是"}}"#).map(\.help) == ["a yes-or-no fact is `true` or `false`: write `true`"])
        #expect(problems(#"{"facts": {"big": "no"}}"#).map(\.help) == ["a yes-or-no fact is `true` or `false`: write `false`"])
        #expect(problems(#"{"facts": {"big": 1}}"#).map(\.help) == ["a yes-or-no fact is `true` or `false`: write `true`"])
        #expect(problems(#"{"facts": {"big": "maybe"}}"#).map(\.help) == [nil])
    }

    /// JSON as other formats and hands write it: the value or mark to write instead.
    @Test func jsonWrittenAsElsewhereIsGivenWhatToWrite() {
        let cases = [(#"{"facts": {"revenue": 5000万}}"#, #"a number written with its unit is a string: write `"5000万"`"#),
                     (#"{"facts": {"revenue": 30%}}"#, #"a number written with its unit is a string: write `"30%"`"#),
                     (#"{"facts": {"big": TRUE}}"#, "JSON writes `true` in lower case"),
                     (#"{"facts": {"big": None}}"#, "write `null`, or leave the fact out"),
                     (#"{"facts": {"big": nil}}"#, "write `null`, or leave the fact out"),
                     (#"{"facts": {"big": ture}}"#, "did you mean `true`?"),
                     (#"{"facts": {"big": 是}}"#, "a yes-or-no fact is `true` or `false`"),
                     (#"{"facts": {"kinds": [a]}}"#, #"a text value is written in double quotes: `"a"`"#),
                     (#"{"facts": {"kinds": ['a']}}"#, #"a JSON string is written in double quotes: `"…"`"#),
                     (#"{"facts": {"big": true,}}"#, "delete the comma"),
                     (#"{"facts": {"kinds": ["a", ]}}"#, "delete the comma"),
                     // Where a field name should start.
                     (#"{"facts": {revenue: "1万"}}"#, #"put the name in double quotes: `"revenue"`"#),
                     (#"{"facts": {营业收入: "1万"}}"#, #"put the name in double quotes: `"营业收入"`"#),
                     (#"{"facts": {'revenue': "1万"}}"#, #"JSON quotes names and texts with double quotes: `"…"`"#),
                     ("{\"facts\": {“revenue”: \"1万\"}}", #"replace `“` with ASCII `"`"#),
                     ("{\"facts\": {\n// the year's revenue\n\"revenue\": \"1万\"}}", "delete the comment"),
                     ("{\"facts\": {\"big\": true, # yes\n}}", "delete the comment")]
        for (text, help) in cases {
            let found = problems(text)
            #expect(found.map(\.code) == [.malformedJSON] && found.map(\.help) == [help], "\(text): \(found.map(\.message))")
        }
        // The comma is pointed at.
        #expect(problems(#"{"facts": {"big": true ,}}"#).first?.column == 24)
    }

    /// A fact or field given by its label is pointed to its name; a typo to the nearest name.
    @Test func aLabelGivenForANameIsNamed() throws {
        let found = try ApplicantReader.read(SourceFile(path: "a.json", text: #"{"facts": {"r": "5", "revenu": "1", "patents": [{"c": 2}]}}"#),
                                             program: Self.program).notices
        #expect(found.map(\.help) == ["did you mean `revenue` (labelled r)? the input names facts and fields by name, not by label",
                                      "did you mean `revenue`?",
                                      "did you mean `countries` (labelled c)? the input names facts and fields by name, not by label"])
    }

    /// A date of the right form that the calendar does not have is named as such; another form
    /// gets the form to write.
    @Test func datesSayWhatIsWrongWithThem() {
        rejects(#"{"as_of": "2025-02-29", "facts": {}}"#, .factType, saying: "`as_of` `2025-02-29` is not a day of the calendar (2025 is not a leap year)")
        rejects(#"{"as_of": "2025-04-31", "facts": {}}"#, .factType, saying: "`as_of` `2025-04-31` is not a day of the calendar")
        rejects(#"{"as_of": "2025/06/30", "facts": {}}"#, .factType, saying: "`as_of` must be a date written `YYYY-MM-DD`, not `2025/06/30`: write `2025-06-30`")
        rejects(#"{"as_of": "2025年6月3日", "facts": {}}"#, .factType, saying: "not `2025年6月3日`: write `2025-06-03`")
        rejects(#"{"as_of": "20250630", "facts": {}}"#, .factType, saying: "write `2025-06-30`")
        rejects(#"{"as_of": "2025-6-30", "facts": {}}"#, .factType, saying: "write `2025-06-30`")
        // A form with no day the calendar has gets the form only.
        rejects(#"{"as_of": "2025/02/30", "facts": {}}"#, .factType, saying: "`as_of` must be a date such as 2025-06-30, not `2025/02/30`")
        #expect(problems(#"{"as_of": "2024-02-29", "facts": {}}"#).isEmpty)
    }

    @Test func jsonEscapesFollowTheRFC() {
        rejects(#"{"facts": {"revenue": "\u+041"}}"#, .malformedJSON, saying: "four hex digits")
        rejects(#"{"facts": {"revenue": "\u 041"}}"#, .malformedJSON, saying: "four hex digits")
        rejects(#"{"facts": {"revenue": "\x41"}}"#, .malformedJSON, saying: "invalid escape")
        rejects(#"{"facts": {"revenue": "\ud800"}}"#, .malformedJSON, saying: "first half of a surrogate pair")
        rejects(#"{"facts": {"revenue": "\ud800\u0041"}}"#, .malformedJSON, saying: "invalid surrogate pair")
        rejects(#"{"facts": {"revenue": "\udc00"}}"#, .malformedJSON, saying: "second half")
        let node = try? JSONReader.parse(SourceFile(path: "s.json", text: #"["\ud83d\ude00\u0041\/"]"#))
        guard case .array(let items)? = node?.value, case .string(let text)? = items.first?.value else {
            Issue.record("a valid surrogate pair was rejected")
            return
        }
        #expect(text == "😀A/")
    }

    /// Strings without escapes (read as their UTF-8 at once) and with them (read scalar by scalar)
    /// give the same text, in every script and width; a string that never ends or holds a control
    /// character is refused either way.
    @Test func stringsWithAndWithoutEscapesReadTheSameText() throws {
        let texts = ["", "a", "西城区", "名 称 😀", "é\u{301}", "x\u{7F}y", "二〇二五年"]
        for text in texts {
            let escaped = text.unicodeScalars.map { $0.value < 0x80 ? String($0) : String(format: "\\u%04x", $0.value) }.joined()
            for written in [text, escaped] where !(written == escaped && text.unicodeScalars.contains { $0.value > 0xFFFF }) {
                let node = try JSONReader.parse(SourceFile(path: "s.json", text: "[\"\(written)\", \"\(written)\\n\"]"))
                guard case .array(let items) = node.value, case .string(let plain)? = items.first?.value, case .string(let withEscape)? = items.last?.value else {
                    Issue.record("not an array of two strings: \(written)")
                    continue
                }
                #expect(plain == text, "\(written)")
                #expect(withEscape == text + "\n", "\(written)")
            }
        }
        rejects("{\"facts\": {\"revenue\": \"12", .malformedJSON, saying: "unterminated string")
        rejects("{\"facts\": {\"revenue\": \"1\u{01}2\"}}", .malformedJSON, saying: "control character")
        rejects("{\"facts\": {\"西城\u{0A}\": 1}}", .malformedJSON, saying: "control character")
    }

    @Test func aByteOrderMarkOnlyAtTheStart() {
        #expect(problems("\u{FEFF}{\"facts\": {}}").isEmpty)
        rejects("{\"facts\": {},\u{FEFF}\"as_of\": \"2025-01-01\"}", .malformedJSON, saying: "byte-order mark")
        rejects("{\"facts\": {\"revenue\": 1\u{FEFF}}}", .malformedJSON, saying: "byte-order mark")
    }

    @Test func aRepeatedNameIsAnErrorNamingBothPlaces() throws {
        let found = problems("{\n  \"as_of\": \"2025-06-30\",\n  \"facts\": {},\n  \"as_of\": \"2024-06-30\"\n}")
        let first = try #require(found.first)
        #expect(first.code == .malformedJSON)
        #expect(first.message.contains("\"as_of\"") && first.message.contains("2:3") && first.message.contains("4:3"))
        #expect(first.line == 4)
        rejects(#"{"facts": {"revenue": "1", "revenue": "2"}}"#, .malformedJSON, saying: "\"revenue\" appears twice")
        rejects(#"{"facts": {"patents": [{"countries": 1, "countries": 2}]}}"#, .malformedJSON, saying: "appears twice")
    }

    @Test func datesAreExactlyISO() {
        for text in ["2024-+3-+1", "+202-06-30", "2025-6-30", " 2025-06-30", "2025-06-30 ", "２０２５-06-30", "2025-02-30", "-025-06-30"] {
            #expect(Day(iso: text) == nil, "accepted \(text)")
            rejects("{\"as_of\": \"\(text)\", \"facts\": {}}", .factType,
                    saying: text == "2025-02-30" ? "`as_of` `2025-02-30` is not a day of the calendar" : "`as_of` must be a date")
        }
        #expect(Day(iso: "2024-02-29")?.description == "2024-02-29")
    }

    @Test func quantitiesAreNonNegativeUnlessSigned() {
        rejects(#"{"facts": {"revenue": "-300"}}"#, .factType, saying: "`revenue` is negative")
        rejects(#"{"facts": {"revenue": -1}}"#, .factType, saying: "`revenue` is negative")
        rejects(#"{"facts": {"area": -1}}"#, .factType, saying: "`area` is negative")
        rejects(#"{"facts": {"revenue": "-1亿"}}"#, .factType, saying: "negative")
        rejects(#"{"facts": {"revenue": "+5"}}"#, .factType, saying: "must be an amount")
        rejects(#"{"facts": {"revenue": "5."}}"#, .factType, saying: "must be an amount")
        #expect(problems(#"{"facts": {"loss": "-5", "growth": "-3.5", "revenue": "0"}}"#).isEmpty)
    }

    @Test func countsAreWholeAndNonNegative() {
        rejects(#"{"facts": {"patents": [{"countries": 8.5}]}}"#, .factType, saying: "`patents[1].countries` is a count")
        rejects(#"{"facts": {"patents": [{"countries": -8}]}}"#, .factType, saying: "`patents[1].countries` is a count")
        rejects(#"{"facts": {"staff": "3.25"}}"#, .factType, saying: "`staff` is a count")
        #expect(problems(#"{"facts": {"staff": 8, "patents": [{"countries": "8.0"}]}}"#).isEmpty)
    }

    @Test func priorReceivedNamesRealClausesWithNonNegativeAmounts() {
        rejects(#"{"facts": {"prior_received": {"t:1": "-10000"}}}"#, .factType, saying: "`prior_received.t:1` is negative")
        let typo = problems(#"{"facts": {"prior_received": {"t:l": "5"}}}"#)
        #expect(typo.contains { $0.code == .unknownPriorClause && $0.help == "did you mean `t:1`?" })
        let spaced = problems(#"{"facts": {"prior_received": {" t:1 ": "5"}}}"#)
        #expect(spaced.contains { $0.code == .unknownPriorClause && $0.help?.contains("spaces") == true })
        rejects(#"{"facts": {"prior_received": {"t：1": "5"}}}"#, .unknownPriorClause, saying: "names no clause")
        #expect(problems(#"{"facts": {"prior_received": {"t:1": "5"}}}"#).isEmpty)
    }

    @Test func aNegativePriorCanNoLongerLiftACumulativeCap() throws {
        let applicant = #"{"facts": {"revenue": "8000", "loss": "0", "prior_received": {"t:1": "500"}}}"#
        let read = try ApplicantReader.read(SourceFile(path: "a.json", text: applicant), program: Self.program)
        let evaluation = Zhengce.evaluate(Self.program, read, asOf: Day(iso: "2025-06-30"))
        #expect(evaluation.granted("t:1") == "100.00")
    }

    @Test func signedIsPartOfTheLanguage() {
        #expect(diagnose(header + "fact x: signed count \"x\"\n").contains { $0.code == .syntax && $0.message.contains("`signed` applies to") })
        #expect(diagnose(header + "fact x: signed bool \"x\"\n").contains { $0.code == .syntax })
        // Declaring the same fact signed in one file and not in another is a conflict.
        let conflict = diagnose(header + "fact x: signed money in 万元 \"x\"\nclause 1 \"a\" (第一条) {\n  amount x\n}\n",
                                others: [("u.policy", "policy u {\n  title \"u\"\n  valid from 2025-01-01 until 2028-12-31\n  money in 万元 rounded to 0.01 half-up\n}\nfact x: money in 万元 \"x\"\nclause 1 \"a\" (第一条) {\n  amount x\n}\n")])
        #expect(conflict.contains { $0.code == .conflictingFactTypes })
    }

    @Test func examplesFilesAreStrict() {
        let good = #"{"facts": {"revenue": "10", "loss": "0"}, "expect": {"clauses": {"t:1": {"status": "granted", "amount": "1.00"}}, "total": "1.00"}}"#
        func run(_ top: String, _ example: String) -> [ExampleRunner.Result] {
            ExampleRunner.run(SourceFile(path: "x.examples.json", text: "{\(top) \"examples\": [{\"name\": \"e\", \"as_of\": \"2025-06-30\", \(example.dropFirst())]}"), program: Self.program)
        }
        let header = #""format": "zhengce.examples", "version": 1,"#
        let clean = run(header, good)
        #expect(clean.count == 1 && clean[0].passed)
        // A misspelt expectation fails the example instead of checking nothing.
        let misspelt = run(header, good.replacingOccurrences(of: "\"total\"", with: "\"totl\""))
        #expect(misspelt.count == 1 && misspelt[0].errors.contains { $0.code == .examplesFileShape && $0.message.contains("`totl`") && $0.help?.contains("`total`") == true })
        let status = run(header, good.replacingOccurrences(of: "\"status\"", with: "\"stauts\""))
        #expect(status.contains { !$0.passed && $0.errors.contains { $0.message.contains("`stauts`") } })
        // A wrong or missing format or version fails the file.
        for top in [#""format": "zhengce.example", "version": 1,"#, #""format": "zhengce.examples", "version": 2,"#, #""version": 1,"#, #""format": "zhengce.examples","#] {
            let results = run(top, good)
            #expect(results.contains { $0.name == "(file)" && !$0.passed && $0.errors.allSatisfy { $0.code == .examplesFileShape } }, "accepted \(top)")
        }
        let extra = run(header + #" "documnet": "t","#, good)
        #expect(extra.contains { $0.name == "(file)" && $0.errors.contains { $0.help?.contains("did you mean `document`?") == true } })
        // Values that would be compared as text and fail with a puzzling difference are named:
        // an amount with its unit, a status that is none, a clause by its bare label.
        func errors(_ example: String) -> [Diagnostic] { run(header, example).flatMap(\.errors) }
        let unit = errors(good.replacingOccurrences(of: #""amount": "1.00""#, with: #""amount": "1.00万""#))
        #expect(unit.contains { $0.code == .examplesFileShape && $0.message == "`amount` of `t:1` is \"1.00万\", which is not an amount in 万元" && $0.help == "write it in 万元 without the unit: \"1.00\"" })
        let total = errors(good.replacingOccurrences(of: #""total": "1.00""#, with: #""total": "1,00""#))
        #expect(total.contains { $0.message == "`total` of the example is \"1,00\", which is not an amount in 万元" })
        let grant = errors(good.replacingOccurrences(of: #""granted""#, with: #""grant""#))
        #expect(grant.contains { $0.code == .examplesFileShape && $0.message == "`grant` is not a status of `t:1`" && $0.help?.hasPrefix("did you mean `granted`?") == true })
        let bare = errors(good.replacingOccurrences(of: #""t:1""#, with: #""1""#))
        #expect(bare.contains { $0.code == .exampleUnknownClause && $0.help == "a clause is named with its document: did you mean `t:1`?" })
        // A clause's result written one level too high is pointed to `clauses`, with its full id.
        let high = errors(#"{"facts": {"revenue": "10"}, "expect": {"t:1": "1.00", "1": "1.00"}}"#)
        #expect(high.compactMap(\.help) == [#"a clause's expected result goes under `clauses`, by its full id: `"clauses": {"t:1": {"status": "granted", "amount": "…"}}`"#,
                                             #"a clause's expected result goes under `clauses`, by its full id: `"clauses": {"x:1": {"status": "granted", "amount": "…"}}`"#])
        // A number, or null, is an amount too.
        #expect(run(header, good.replacingOccurrences(of: #""amount": "1.00""#, with: #""amount": 1"#)).allSatisfy { $0.passed })
    }

    /// Damaged applicant and examples text never crashes the readers, and every rejection is
    /// located in the damaged file.
    @Test(arguments: ["docs/samples/guide/applicant.json", "docs/samples/guide/v1/demo.examples.json", "docs/samples/guide/v2/demo.examples.json"])
    func damagedJSONIsRejectedWithAPlace(_ relative: String) throws {
        // The sample kept for the docs, not a shipped policy, so a revision of `policies/` cannot move it.
        let program = try #require(try Zhengce.load(paths: [packageRoot + "/docs/samples/guide/v2"]).program)
        let original = Array(try Zhengce.readSource(packageRoot + "/" + relative).text.unicodeScalars)
        let stray: [String] = ["{", "}", "[", "]", ",", ":", "\"", "\\", "\\u12", "\\ud800", "0", "-", ".", "e", "\u{FEFF}", "，", "null", "\r", "\u{0}"]
        var random = RobustnessTests.Generator(state: UInt64(original.count))
        for _ in 0..<25 {
            var text = original
            for _ in 0..<(1 + random.next(4)) {
                let position = random.next(text.count)
                if random.next(2) == 0 {
                    text.insert(contentsOf: stray[random.next(stray.count)].unicodeScalars, at: position)
                } else {
                    text.removeSubrange(position..<min(text.count, position + 1 + random.next(12)))
                }
            }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: text)
            let file = SourceFile(path: relative, text: String(view))
            do {
                _ = try ApplicantReader.read(file, program: program)
            } catch {
                #expect(!error.diagnostics.isEmpty)
                #expect(error.diagnostics.allSatisfy { $0.line >= 1 && $0.column >= 1 && $0.span.file === file })
            }
            if relative.hasSuffix(".examples.json") { _ = ExampleRunner.run(file, program: program) }
        }
    }
}
