import Foundation
import Testing
@testable import ZhengceKit

/// `zhengce batch` in the library: readers, records, ordering across threads, the summary, and
/// agreement with `eval --format json` on every shipped example.
@Suite struct BatchTests {
    static let body = """
    fact district: choice {"xicheng", "bda"} "注册地"
    fact hnte: bool "高新"
    fact premium: money in 万元 "保费"
    fact insurance: record {
      premium: money in 万元 "保费",
      start: date "起保日"
    } "科技保险"
    fact increases: list of record {
      amount: money in 万元 "增资额"
    } "增资"

    clause 1 "a" (第一条) {
      when hnte "高新"
      when district == "xicheng" "西城"
      amount premium * 50%
    }

    clause 2 "b" (第二条) {
      applies when insurance is present
      when as_of >= add_years(insurance.start, 1) "满1年"
      amount insurance.premium * 10%
      cap 5万 per year
    }

    clause 3 "c" (第三条) {
      applies when increases is not empty
      amount sum(i in increases: i.amount * 1%)
    }
    """

    static let loaded = Zhengce.load([SourceFile(path: "t.policy", text: header + body)])
    static var fixture: Program { loaded.program! }

    struct Run {
        var out: String
        var summary: BatchSummary
        var records: [JSONNode] { out.split(separator: "\n").map { try! JSONReader.parse(SourceFile(path: "out", text: String($0))) } }
    }

    func run(_ input: String, program: Program = fixture, _ configure: (inout Batch.Options) -> Void = { _ in }) throws -> Run {
        var options = Batch.Options(today: Day(iso: "2025-06-30")!)
        configure(&options)
        var lines = ByteLines.bytes(Array(input.utf8))
        var out: [UInt8] = []
        let summary = try Batch(program: program, options: options).run(&lines, write: { out += $0 })
        return Run(out: String(decoding: out, as: UTF8.self), summary: summary)
    }

    func text(_ node: JSONNode?) -> String? {
        if case .string(let text)? = node?.value { return text }
        if case .number(let text)? = node?.value { return text }
        return nil
    }

    func strings(_ node: JSONNode?) -> [String] {
        guard case .array(let items)? = node?.value else { return [] }
        return items.compactMap { text($0) }
    }

    // MARK: JSON Lines

    @Test func recordsCarryAmountsStatusesAndMissingFacts() throws {
        let input = """
        {"applicant": "甲", "facts": {"hnte": true, "district": "xicheng", "premium": "3"}}
        {"facts": {"insurance": {"premium": 100, "start": "2024-01-01"}}}
        {"as_of": "2026-01-01", "facts": {"hnte": true, "premium": "4.5"}}
        """
        let records = try run(input).records
        #expect(records.count == 3)
        #expect(records.map { text($0["line"]) } == ["1", "2", "3"])
        #expect(text(records[0]["applicant"]) == "甲")
        #expect(text(records[0]["clauses"]?["t:1"]?["granted"]) == "1.50")
        #expect(text(records[0]["total"]) == "1.50")
        #expect(records[0]["clauses"]?["t:2"] == nil, "refused and not-applicable clauses are left out")
        #expect(text(records[1]["clauses"]?["t:2"]?["amount"]) == "5.00")
        #expect(text(records[1]["documents"]?["t"]?["total"]) == "5.00")
        #expect(text(records[2]["as_of"]) == "2026-01-01")
        #expect(text(records[2]["clauses"]?["t:1"]?["status"]) == "undetermined")
        #expect(strings(records[2]["clauses"]?["t:1"]?["missing_facts"]) == ["district"])
        #expect(strings(records[2]["missing_facts"]) == ["district"])
    }

    @Test func asOfOverridesAndExplainAddsTheTrace() throws {
        let input = #"{"as_of": "2024-06-30", "facts": {"insurance": {"premium": 10, "start": "2024-01-01"}}}"#
        let plain = try run(input).records[0]
        #expect(text(plain["clauses"]?["t:2"]?["status"]) == nil, "on 2024-06-30 the cover has not run a year")
        let later = try run(input) { $0.asOf = Day(iso: "2025-01-01") }.records[0]
        #expect(text(later["clauses"]?["t:2"]?["granted"]) == "1.00")
        let explained = try run(input) { $0.explain = true }.records[0]
        guard case .array(let steps)? = explained["clauses"]?["t:2"]?["trace"]?.value else {
            Issue.record("no trace with --explain")
            return
        }
        #expect(!steps.isEmpty)
        #expect(text(explained["clauses"]?["t:2"]?["status"]) == "refused", "--explain lists every clause")
    }

    @Test func badLinesGiveErrorRecordsNamingLineAndField() throws {
        let input = """
        {"facts": {"hnte": true}}
        {"facts": {"hnte": tru}}
        {"facts": {"insurance": {"premium": true, "start": "2024-01-01"}}}
        {"facts": {"premum": 5}}

        {"applicant": "乙", "facts": {"increases": [{"amount": 1}, {"amount": "x"}]}}
        {"facts": {"hnte": false}}
        """
        let result = try run(input)
        let records = result.records
        #expect(records.count == 7, "every input line yields one record")
        #expect(records.map { text($0["line"]) } == (1...7).map(String.init))
        func error(_ index: Int) -> JSONNode? {
            guard case .array(let errors)? = records[index]["errors"]?.value else { return nil }
            return errors.first
        }
        #expect(error(0) == nil && error(6) == nil)
        #expect(text(error(1)?["column"]) == "23", "where `tru` stops being `true`")
        #expect(text(error(2)?["field"]) == "insurance.premium")
        #expect(text(error(3)?["field"]) == "premum")
        #expect(text(error(3)?["message"])?.contains("did you mean `premium`?") == true)
        #expect(text(error(4)?["message"])?.contains("empty line") == true)
        #expect(text(error(5)?["field"]) == "increases[2].amount")
        #expect(text(records[5]["applicant"]) == "乙")
        #expect(result.summary.lines == 7)
        #expect(result.summary.failed == 5)
    }

    /// A canonical rendering of a JSON tree, positions left out.
    func describe(_ node: JSONNode) -> String {
        switch node.value {
        case .null: return "null"
        case .bool(let value): return "\(value)"
        case .number(let text): return "n:" + text
        case .string(let text): return "s:" + text
        case .array(let items): return "[" + items.map(describe).joined(separator: ",") + "]"
        case .object(let members): return "{" + members.map { "\($0.key)=" + describe($0.value) }.joined(separator: ",") + "}"
        }
    }

    @Test func theFastLineParserBuildsTheSameTreeAsJSONReader() throws {
        let (shipped, shippedTrees) = try shippedPolicies()
        var population = Population(program: shipped, trees: shippedTrees, seed: 11)
        let lines = [#" {"a": [1, -2.5e3, 0.10, true, false, null, {"b": "中文 text"}], "c": {}, "d": [ ], "e": "again"} "#]
            + (0..<50).map { _ in population.nextLine() }
        for line in lines {
            let slow = try JSONReader.parse(SourceFile(path: "line", text: line))
            let fast = try #require(JSONLineParser.parse(Array(line.utf8)[...]))
            #expect(describe(fast) == describe(slow))
        }
        let declined = [#"{"a": "x\"y"}"#, "\u{FEFF}{}", #"{"a": tru}"#, #"{"a": 1,}"#, "{} x", "{\"a\": \"\u{01}\"}", #"{"a": "ｂ"："#, "[" + String(repeating: "[", count: 200),
                        #"{"a": 1, "a": 2}"#, #"{"a": 0090}"#, #"{"a": 90.}"#, #"{"a": -}"#, #"{"a": 1e}"#, #"{"a": .5}"#]
        for line in declined {
            #expect(JSONLineParser.parse(Array(line.utf8)[...]) == nil, "\(line)")
        }
        #expect(JSONLineParser.parse([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D][...]) == nil, "invalid UTF-8 in a key")
    }

    /// The test's fixture with a benefit and a clause that sets no amount, so that its records hold
    /// entries of every kind.
    static let entryKinds = Zhengce.load([SourceFile(path: "t.policy", text: header + body + """

    benefit 4 "d" (第四条) {
      when hnte "高新"
    }

    clause 5 "e" (第五条) {
      when district == "bda" "经开区"
      amount unspecified
    }
    """)])

    /// A clause entry made in advance (a status with no amount or a zero one, and nothing else) is
    /// the entry written in full, byte for byte: on generated applicants, and on their outcomes
    /// changed to carry one thing more (missing facts, a granted amount, an installment, a shared
    /// cap, no stated validity, an amount that is not zero). On the shipped policies only the bytes
    /// are compared; on the test's fixture both kinds of entry are known to be written.
    @Test func entriesMadeInAdvanceAreTheEntriesWrittenInFull() throws {
        let (shipped, shippedTrees) = try shippedPolicies()
        _ = try recordsWrittenBothWays(shipped, shippedTrees)
        let (plain, full) = try recordsWrittenBothWays(try #require(Self.entryKinds.program), Self.entryKinds.trees)
        #expect(plain > 100 && full > 100, "both kinds of entry are written (\(plain) made in advance, \(full) in full)")
    }

    /// Writes the records of 300 generated applicants of `program`, and of their outcomes changed,
    /// with and without the entries made in advance, and expects the same bytes; returns how many
    /// listed entries were made in advance and how many written in full.
    func recordsWrittenBothWays(_ program: Program, _ trees: [PolicyFile]) throws -> (plain: Int, full: Int) {
        let keys = BatchRecord.Keys(program)
        var population = Population(program: program, trees: trees, seed: 13)
        var evaluator = PopulationEvaluator(program: program, explain: false)
        let day = try #require(Day(iso: "2025-06-30"))
        var plain = 0, full = 0
        func same(_ evaluation: Evaluation, _ line: Int) {
            var made = ByteWriter(), written = ByteWriter()
            BatchRecord.jsonLine(evaluation, line: line, explain: false, keys: keys, into: &made)
            BatchRecord.jsonLine(evaluation, line: line, explain: false, keys: nil, into: &written)
            // (Compared as a flag: a failure names where the records part, not every byte.)
            let equal = made.bytes == written.bytes
            let at = zip(made.bytes, written.bytes).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(made.bytes.count, written.bytes.count)
            #expect(equal, "line \(line) differs from byte \(at): \(String(decoding: written.bytes.dropFirst(max(0, at - 40)).prefix(120), as: UTF8.self))")
            evaluation.clauses.withUnsafeBufferPointer { outcomes in
                guard let base = outcomes.baseAddress else { return }
                for index in outcomes.indices where BatchRecord.isListed(outcomes[index].status) {
                    if BatchRecord.Keys.plainForm(base + index) != nil { plain += 1 } else { full += 1 }
                }
            }
        }
        let changes: [(inout ClauseOutcome) -> Void] = [
            { $0.missingFacts = ["some_fact"] }, { $0.granted = ExactDecimal(1) }, { $0.amount = ExactDecimal(12_345) },
            { $0.installments = [Installment(year: 1, amount: ExactDecimal(10_000))] }, { $0.reducedBy = "t:1" },
            { $0.validityStated = false }, { $0.amount = .zero }, { $0.amount = nil }, { $0.status = .eligible }, { $0.status = .undetermined },
        ]
        for line in 1...300 {
            let text = population.nextLine()
            guard case .applicant(let applicant) = JSONLinesInput.decode(Array(text.utf8)[...], line: line, facts: program.facts, clauses: Set(program.clauses.keys)) else { continue }
            var evaluation = evaluator.evaluate(program.bind(applicant), asOf: applicant.asOf ?? day)
            same(evaluation, line)
            for index in evaluation.clauses.indices where index % 3 == line % 3 { changes[(index + line) % changes.count](&evaluation.clauses[index]) }
            same(evaluation, line)
        }
        return (plain, full)
    }

    @Test func linesSplitOnLFAndCRLFAcrossBlocks() throws {
        let bytes = Array("\u{FEFF}one\r\ntwo\n\nthree".utf8)
        var index = 0
        var lines = ByteLines { () -> [UInt8]? in
            guard index < bytes.count else { return nil }
            defer { index += 1 }
            return [bytes[index]]
        }
        var seen: [String] = []
        while let line = try lines.next() { seen.append(String(decoding: line, as: UTF8.self)) }
        #expect(seen == ["one", "two", "", "three"])
        #expect(lines.lineNumber == 4)
    }

    // MARK: CSV

    @Test func csvFieldsFollowRFC4180() throws {
        #expect((try? CSVRecords.fields(Array(#"a,"b,c","d""e",,"""#.utf8)[...]).get()) == ["a", "b,c", "d\"e", "", ""])
        #expect((try? CSVRecords.fields(Array("\"line\nbreak\",x".utf8)[...]).get()) == ["line\nbreak", "x"])
        for bad in [#"a"b"#, #""a"b"#, #""open"#] {
            #expect((try? CSVRecords.fields(Array(bad.utf8)[...]).get()) == nil, "\(bad) is malformed")
        }
    }

    @Test func csvRowsAreTypedByTheDeclaredFacts() throws {
        let input = """
        applicant,as_of,hnte,district,premium,insurance.premium,insurance.start,increases[0].amount,increases[1].amount
        "甲, Ltd",2025-06-30,true,xicheng,3,,,,
        "乙 ""quoted""
        on two lines",2025-06-30,1,,3,20,2024-01-01,,500
        丙,2025-06-30,yes,xicheng,3,,,,
        丁,2025-06-30,false
        """
        let records = try run(input) { $0.input = .csv }.records
        #expect(records.map { text($0["line"]) } == ["2", "3", "5", "6"], "a record is numbered by its first line")
        #expect(text(records[0]["applicant"]) == "甲, Ltd")
        #expect(text(records[0]["clauses"]?["t:1"]?["granted"]) == "1.50")
        #expect(text(records[1]["applicant"]) == "乙 \"quoted\"\non two lines")
        #expect(text(records[1]["clauses"]?["t:1"]?["status"]) == "undetermined", "an empty cell is an absent fact")
        #expect(text(records[1]["clauses"]?["t:2"]?["granted"]) == "2.00")
        #expect(text(records[1]["clauses"]?["t:3"]?["granted"]) == "5.00", "a list holds the positions given, closed up")
        guard case .array(let errors)? = records[2]["errors"]?.value, let first = errors.first else {
            Issue.record("`yes` is not a boolean")
            return
        }
        #expect(text(first["field"]) == "hnte")
        #expect(text(first["column"]) == "3")
        #expect(text(records[3]["errors"].flatMap { node -> JSONNode? in if case .array(let items) = node.value { return items.first } else { return nil } }?["message"])?.contains("the header has 9") == true)
    }

    /// A spreadsheet's 是 and 否 are a yes and a no; anything else in a yes-or-no column is an error
    /// that says what such a cell may hold.
    @Test func csvYesAndNoCellsAndWhatElseTheyMayHold() throws {
        let input = """
        applicant,as_of,hnte,district,premium
        甲,2025-06-30,true,xicheng,3
        乙,2025-06-30,是,xicheng,3
        丙,2025-06-30,否,xicheng,3
        丁,2025-06-30,对,xicheng,3
        """
        let records = try run(input) { $0.input = .csv }.records
        #expect(text(records[1]["clauses"]?["t:1"]?["granted"]) == "1.50")
        #expect(text(records[1]["clauses"]?["t:1"]?["granted"]) == text(records[0]["clauses"]?["t:1"]?["granted"]))
        #expect(records[2]["clauses"]?["t:1"] == nil, "否 is a no: the clause is refused, and a record lists no refused clause")
        #expect(records[2]["errors"] == nil)
        guard case .array(let errors)? = records[3]["errors"]?.value, let first = errors.first else {
            Issue.record("`对` is not a yes or a no")
            return
        }
        #expect(text(first["field"]) == "hnte")
        #expect(text(first["message"])?.hasSuffix("a yes-or-no cell holds true or false, 1 or 0, 是 or 否") == true)
    }

    @Test func csvHeadersAreCheckedAgainstTheFacts() {
        let cases: [(String, String)] = [
            ("premum", "did you mean `premium`?"),
            ("insurance", "names a record"),
            ("increases", "names a list"),
            ("premium[0]", "not a list"),
            ("insurance.premum", "did you mean `premium`?"),
            ("premium,premium", "appears twice"),
            ("insurance..start", "not a fact path"),
            // A spreadsheet's Chinese headings are the labels: the fact or field they label is named.
            ("注册地", "did you mean `district` (labelled 注册地)?"),
            ("保费", "did you mean `premium` (labelled 保费)?"),
            ("insurance.起保日", "did you mean `start` (labelled 起保日)?"),
            // A heading that shortens a label names the facts whose labels hold it, in order.
            ("注册", "did you mean `district` (labelled 注册地)?"),
            // Cells kept apart by something other than the ASCII comma (a Chinese keyboard's
            // full-width comma or semicolon, a spreadsheet's tabs or semicolons) are read as one
            // column: the message names the character instead of an unknown fact.
            ("applicant，as_of，hnte", "column 1 `applicant，as_of，hnte`: the name holds a full-width comma `，`; separate the cells with the ASCII comma `,`"),
            ("applicant,as_of；hnte", "column 2 `as_of；hnte`: the name holds a full-width semicolon `；`"),
            ("applicant\tas_of\thnte", "the name holds a tab; the file seems tab-separated"),
            ("applicant;as_of;hnte", "the name holds `;`; the file seems separated by semicolons"),
        ]
        for (header, expected) in cases {
            #expect {
                _ = try run(header + "\n", { $0.input = .csv })
            } throws: { error in
                (error as? BatchInputError)?.message.contains(expected) == true
            }
        }
    }

    /// One character is too little to name a label by: nothing is suggested for it.
    @Test func aOneCharacterHeadingGetsNoLabelSuggestion() {
        #expect {
            _ = try run("保\n", { $0.input = .csv })
        } throws: { error in
            (error as? BatchInputError)?.message == "CSV header, column 1 `保`: no loaded policy declares a fact `保`"
        }
    }

    /// A row with too few fields, one of which holds a full-width comma or a tab, says so; a `;`
    /// in a row is a set's separator and is not named.
    @Test func aShortRowNamesTheFieldThatHoldsAnotherSeparator() throws {
        let input = """
        applicant,as_of,hnte,district
        甲,2025-06-30，true,xicheng
        乙,2025-06-30\ttrue,xicheng
        丙,2025-06-30;true,xicheng
        """
        let records = try run(input) { $0.input = .csv }.records
        let messages = records.map { record -> String in
            guard case .array(let errors)? = record["errors"]?.value else { return "" }
            return errors.compactMap { text($0["message"]) }.joined()
        }
        #expect(messages == [
            "the row has 3 fields; the header has 4; field 2 holds a full-width comma `，`: separate the cells with the ASCII comma `,`",
            "the row has 3 fields; the header has 4; field 2 holds a tab: the file seems tab-separated, as cells copied from a spreadsheet are; save it as CSV, which separates cells with `,`",
            "the row has 3 fields; the header has 4",
        ])
    }

    /// A CSV saved in a Windows Chinese encoding is told how to be saved as UTF-8.
    @Test func aCSVFieldThatIsNotUTF8SaysHowToConvertIt() {
        // `公司` in GBK.
        guard case .failure(let error) = CSVRecords.fields([0xB9, 0xAB, 0xCB, 0xBE, 0x2C, 0x31][...]) else {
            Issue.record("GBK bytes were read as text")
            return
        }
        #expect(error.message.hasPrefix("field 1 is not UTF-8 text; save the file as UTF-8"))
        #expect(error.message.contains("iconv -f GB18030 -t UTF-8"))
    }

    @Test func csvOutputHasOneColumnPerClause() throws {
        let input = """
        {"facts": {"hnte": true, "district": "xicheng", "premium": "3"}}
        {"facts": {"hnte": true, "premium": "3"}}
        {"facts": 1}
        """
        let rows = try run(input) { $0.output = .csv }.out.split(separator: "\n").map(String.init)
        #expect(rows[0] == "line,applicant,as_of,error,total,t,t:1,t:2,t:3")
        #expect(rows[1] == "1,,2025-06-30,,1.50,1.50,1.50,0.00,0.00")
        #expect(rows[2] == "2,,2025-06-30,,0.00,0.00,,0.00,0.00", "undetermined is an empty cell")
        #expect(rows[3].hasPrefix("3,,,") && rows[3].hasSuffix(",,,,,"))
    }

    @Test func amountsIn万元MoveTheDecimalPointExactly() throws {
        let expected = ["0": "0.00", "1": "0.0001", "5": "0.0005", "12345.67": "1.234567", "-9876543.21": "-987.654321",
                        "0.000001": "0.0000000001", "100000000": "10000.00",
                        "1.0000000000000000000001": "0.00010000000000000000000001"]
        for (text, wan) in expected {
            #expect(EvaluationReport.wan(decimal(text)) == wan, "\(text)")
        }
    }

    // MARK: Threads and the summary

    @Test func jobsKeepInputOrderByteForByte() throws {
        var population = Population(program: Self.fixture, trees: Self.loaded.trees, seed: 7)
        var lines = (0..<300).map { _ in population.nextLine() }
        lines.insert("{broken", at: 17)
        lines.insert("", at: 150)
        let input = lines.joined(separator: "\n")
        let one = try run(input) { $0.chunkLines = 5 }
        for jobs in [2, 3] {
            let many = try run(input) { $0.jobs = jobs; $0.chunkLines = 5 }
            #expect(many.out == one.out)
            #expect(many.summary == one.summary)
        }
        var options = Batch.Options(today: Day(iso: "2025-06-30")!)
        options.jobs = 2
        options.chunkLines = 5
        let loaded = try #require(Zhengce.load([SourceFile(path: "t.policy", text: header + Self.body)]).program)
        let replica = Self.fixture.replica()
        // A replica's compiled form is its own, not the original's objects.
        let originalClause = try #require(Self.fixture.compiled?.clauses.first), replicaClause = try #require(replica.compiled?.clauses.first)
        #expect(originalClause !== replicaClause)
        for copy in [loaded, replica] {
            var reader = ByteLines.bytes(Array(input.utf8))
            var out: [UInt8] = []
            _ = try Batch(program: Self.fixture, options: options, replicas: [copy]).run(&reader, write: { out += $0 })
            #expect(String(decoding: out, as: UTF8.self) == one.out, "a thread with its own copy of the policies writes the same")
        }
        #expect(one.records.map { text($0["line"]) } == (1...302).map(String.init))
        #expect(one.summary.failed == 2)
    }

    @Test func summaryAddsExactly() throws {
        let input = """
        {"facts": {"hnte": true, "district": "xicheng", "premium": "3"}}
        {"facts": {"hnte": true, "district": "xicheng", "premium": "4.5"}}
        {"facts": {"hnte": true, "premium": "4.5", "insurance": {"premium": 100, "start": "2024-01-01"}}}
        {"facts": {"increases": [{"amount": "0.01"}]}}
        {"facts": {"hnte": 2}}
        """
        let summary = try run(input).summary
        #expect(summary.lines == 5 && summary.failed == 1 && summary.granted == 3)
        let first = try #require(summary.clauses["t:1"])
        #expect((first.granted, first.undetermined, first.refused) == (2, 1, 1))
        #expect(EvaluationReport.wan(first.amount) == "3.75")
        #expect(summary.clauses["t:2"]?.granted == 1 && summary.clauses["t:2"]?.notApplicable == 3)
        #expect(EvaluationReport.wan(summary.clauses["t:3"]?.amount ?? .zero) == "0.00", "1% of 0.01万 rounds to nothing")
        #expect(EvaluationReport.wan(summary.total) == "8.75")
        #expect(EvaluationReport.wan(summary.documents["t"]?.amount ?? .zero) == "8.75")
        // A document's verdicts count each evaluated applicant once.
        let document = try #require(summary.documents["t"])
        #expect(document.eligible + document.notEligible + document.undecided + document.notInForce == summary.lines - summary.failed)
        #expect(document.granted <= document.eligible + document.notInForce)
        #expect(summary.text(Self.fixture).contains("document  eligible  not eligible  undecided  not in force  granted"))
        #expect(summary.topBlockers().map(\.path) == ["district"])
        #expect(BatchSummary.general("increases[12].amount") == "increases[].amount")
        var halves = try run(input.split(separator: "\n").prefix(2).joined(separator: "\n")).summary
        halves.merge(try run(input.split(separator: "\n").dropFirst(2).joined(separator: "\n")).summary)
        #expect(halves == summary)
        #expect(summary.text(Self.fixture).contains("missing facts that blocked the most applicants"))
    }

    @Test func theSameSeedGivesTheSamePopulationAndEveryLineReads() throws {
        let (shipped, shippedTrees) = try shippedPolicies()
        var a = Population(program: shipped, trees: shippedTrees, seed: 3)
        var b = Population(program: shipped, trees: shippedTrees, seed: 3)
        let lines = (0..<200).map { _ in a.nextLine() }
        #expect(lines == (0..<200).map { _ in b.nextLine() })
        let result = try run(lines.joined(separator: "\n"), program: shipped)
        #expect(result.summary.lines == 200 && result.summary.failed == 0)
    }

    // MARK: Agreement with eval

    /// Every example kept beside the shipped policies, run through batch (two threads) and through
    /// `eval --format json`: the totals and every clause's status and amounts agree.
    @Test func batchAmountsEqualEvalOnEveryShippedExample() throws {
        let shipped = try shippedPolicies().program
        let lines = try Self.exampleLines(packageRoot + "/policies")
        // Only that examples were found: how many there are is the analysts' to change.
        #expect(!lines.isEmpty)
        try expectAgreementWithEval(lines, program: shipped)
    }

    /// Every example kept beside the policies in `folder`, as batch input lines.
    static func exampleLines(_ folder: String) throws -> [String] {
        var lines: [String] = []
        for path in try Zhengce.inputs([folder]).examples {
            let file = try Zhengce.readSource(path)
            guard case .array(let examples)? = try JSONReader.parse(file)["examples"]?.value else { continue }
            for example in examples {
                guard let facts = example["facts"], case .string(let asOf)? = example["as_of"]?.value else { continue }
                let factsText = file.slice(facts.span).replacingOccurrences(of: "\n", with: " ")
                lines.append(#"{"as_of": "\#(asOf)", "facts": \#(factsText)}"#)
            }
        }
        return lines
    }

    /// Batch records of `lines` (two threads) against `eval --format json` of each line.
    func expectAgreementWithEval(_ lines: [String], program: Program) throws {
        var expected: [JSONNode] = []
        for line in lines {
            let file = SourceFile(path: "<line>", text: line)
            let applicant = try ApplicantReader.read(file, program: program)
            guard case .string(let asOf)? = try JSONReader.parse(file)["as_of"]?.value else { continue }
            let report = EvaluationReport.json(Zhengce.evaluate(program, applicant, asOf: Day(iso: asOf)), program: program)
            expected.append(try JSONReader.parse(SourceFile(path: "eval", text: report)))
        }
        let records = try run(lines.joined(separator: "\n"), program: program) { $0.jobs = 2; $0.chunkLines = 16 }.records
        try #require(records.count == expected.count)
        for (record, eval) in zip(records, expected) {
            let line = text(record["line"]) ?? "?"
            #expect(text(record["total"]) == text(eval["total"]), "line \(line)")
            guard case .array(let documents)? = eval["documents"]?.value, case .object(let clauses)? = eval["clauses"]?.value else {
                Issue.record("eval JSON without documents or clauses")
                continue
            }
            // The record's missing facts: those of the undetermined clauses and of the documents
            // in force, sorted, each once.
            var missing = Set<String>()
            for document in documents {
                let id = text(document["id"]) ?? ""
                #expect(text(record["documents"]?[id]?["total"]) == text(document["total"]), "line \(line) \(id)")
                if case .bool(true)? = document["in_force"]?.value { missing.formUnion(strings(document["missing_facts"])) }
            }
            for (_, clause) in clauses where text(clause["status"]) == "undetermined" { missing.formUnion(strings(clause["missing_facts"])) }
            #expect(strings(record["missing_facts"]) == missing.sorted(), "line \(line)")
            for (id, clause) in clauses {
                guard let listed = record["clauses"]?[id] else {
                    #expect(["refused", "not_applicable"].contains(text(clause["status"])), "line \(line) \(id) missing from the batch record")
                    #expect(text(clause["granted"]) == "0.00")
                    continue
                }
                for field in ["status", "amount", "granted", "excluded_by", "reduced_by"] {
                    #expect(text(listed[field]) == text(clause[field]), "line \(line) \(id) \(field)")
                }
                #expect(validityStated(listed) == validityStated(clause), "line \(line) \(id)")
                #expect(strings(listed["missing_facts"]) == strings(clause["missing_facts"]), "line \(line) \(id)")
            }
        }
    }

    /// `validity_stated` of a clause: a batch record leaves it out when it is true.
    func validityStated(_ clause: JSONNode) -> Bool {
        if case .bool(let stated)? = clause["validity_stated"]?.value { return stated }
        return true
    }
}

/// Records write amounts straight into their buffer; the text must stay that of the reports.
@Suite struct BatchAmountTextTests {
    @Test func writtenAmountsMatchTheReportText() throws {
        var samples: [ExactDecimal] = [.zero, .one, ExactDecimal(-1), ExactDecimal(10_000), ExactDecimal(5_000_000), ExactDecimal(-123_456_789), .greatest, .least]
        for text in ["0.5", "0.01", "0.0001", "12.345", "-0.00007", "99999.99", "123456789012.1", "18446744073709551615", "18446744073709551616",
                     "1844674407370955161.5", "0.000000000000000000000001", "-170141183460469231731687303715884105727"] {
            samples.append(try #require(ExactDecimal(parsing: text)))
        }
        var seed: UInt64 = 7
        for _ in 0..<500 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            let mantissa = Int128(Int64(bitPattern: seed) >> Int(seed % 50))
            samples.append(try ExactDecimal(mantissa: mantissa, scale: Int(seed >> 58) % 12))
        }
        for amount in samples {
            var writer = ByteWriter()
            writer.wan(amount)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == EvaluationReport.wan(amount), "\(amount)")
        }
    }

    /// The record writes a day as `Day.description` does, digit by digit: years of fewer than four
    /// digits with zeros in front, and years outside 0...9999 as the description writes them.
    @Test func writtenDaysAreTheDaysDescriptions() throws {
        var days = [try #require(Day(iso: "2025-06-30")), try #require(Day(iso: "2024-02-29")), try #require(Day(iso: "1999-12-31"))]
        for (year, month, day) in [(1, 1, 1), (7, 3, 9), (99, 10, 10), (999, 12, 31), (1000, 1, 1), (9999, 12, 31), (10000, 1, 1), (0, 1, 1), (-1, 6, 15)] {
            if let made = Day(year: year, month: month, day: day) { days.append(made) }
        }
        for ordinal in stride(from: -800_000, through: 3_000_000, by: 37_813) { days.append(Day(ordinal: ordinal)) }
        #expect(days.count > 100)
        for day in days {
            var writer = ByteWriter()
            writer.day(day)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == day.description, "\(day.components)")
        }
    }

    /// A list of missing facts equal to the one written before it is copied from where it was
    /// written: each clause's list and the record's own must still read back as the outcome's,
    /// whether the lists share storage, are equal copies, differ, or need escapes, and when the
    /// copy makes the buffer grow.
    @Test func repeatedListsOfMissingFactsReadBackAsTheirOutcomes() throws {
        let program = try #require(BatchTests.entryKinds.program), trees = BatchTests.entryKinds.trees
        var population = Population(program: program, trees: trees, seed: 3)
        var evaluator = PopulationEvaluator(program: program, explain: false)
        let day = try #require(Day(iso: "2025-06-30"))
        let shared = ["a_fact", "b_fact"]
        let lists: [[String]] = [shared, shared, ["a_fact", "b_fact"], ["c\"quoted\"", "d"], ["c\"quoted\"", "d"], [String(repeating: "long_", count: 200)], shared]
        var checked = 0
        for line in 1...40 {
            let text = population.nextLine()
            guard case .applicant(let applicant) = JSONLinesInput.decode(Array(text.utf8)[...], line: line, facts: program.facts, clauses: Set(program.clauses.keys)) else { continue }
            var evaluation = evaluator.evaluate(program.bind(applicant), asOf: applicant.asOf ?? day)
            for index in evaluation.clauses.indices where index % 2 == line % 2 {
                evaluation.clauses[index].status = .undetermined
                evaluation.clauses[index].missingFacts = lists[(index / 2 + line) % lists.count]
            }
            // A small buffer, so that copies are made while it grows.
            var out = ByteWriter(capacity: 16)
            BatchRecord.jsonLine(evaluation, line: line, explain: false, keys: BatchRecord.Keys(program), into: &out)
            let record = try #require(try JSONSerialization.jsonObject(with: Data(out.bytes)) as? [String: Any])
            let clauses = try #require(record["clauses"] as? [String: [String: Any]])
            for outcome in evaluation.clauses where outcome.status == .undetermined {
                #expect(clauses[outcome.id]?["missing_facts"] as? [String] == outcome.missingFacts, "line \(line), \(outcome.id)")
                checked += 1
            }
            #expect(record["missing_facts"] as? [String] == BatchRecord.missingFacts(evaluation), "line \(line)")
        }
        #expect(checked > 100)
    }

    @Test func bytesWrittenAreRepeatedAcrossTheBuffersGrowth() {
        var out = ByteWriter(capacity: 16)
        out.literal("0123456789abcdef")
        let first = out.repeatWritten(4..<16), second = out.repeatWritten(0..<28)
        #expect(first && second)
        #expect(String(decoding: out.bytes, as: UTF8.self) == "0123456789abcdef456789abcdef" + "0123456789abcdef456789abcdef")
        // Bytes not written are not repeated, and nothing is appended.
        let beyond = out.repeatWritten(50..<60), past = out.repeatWritten(0..<57)
        #expect(!beyond && !past)
        #expect(out.count == 56)
    }

    /// The record writes a clause's status from its own table: it must spell what the JSON report does.
    @Test func writtenStatusesAreTheReportsStatuses() {
        for status in ClauseOutcome.Status.allCases {
            #expect("\(BatchRecord.statusText(status))" == status.rawValue)
        }
    }
}

/// The byte-level readers of amounts accept and reject what the character-level rules do.
@Suite struct AmountTextReadingTests {
    @Test func plainDecimalsAreRecognisedByTheirBytes() {
        for text in ["0", "12", "-12", "12.5", "-0.05", "007.10"] { #expect(ApplicantReader.isPlainDecimal(Substring(text)), "\(text)") }
        for text in ["", "-", ".", ".5", "5.", "1.2.3", "--1", "1-2", "+1", "1e5", "１２", "1 2", "12万"] {
            #expect(!ApplicantReader.isPlainDecimal(Substring(text)), "\(text)")
        }
    }

    /// The check-only reading of a quoted amount passes nothing the reading that makes its value
    /// declines, and ends where it ends; it passes the usual amounts.
    @Test func plainDecimalEndPassesOnlyWhatPlainDecimalReads() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0000123456789-.-.9".utf8)
        var texts = ["1234.56", "0.34", "-3", "-0", "007.10", "5.", ".5", "1.2.3", "123456789012345678", "1234567890123456789",
                     "0.000000000000000001", "99999999999999999.9", "40", "12.50", "-12.5", "1e5"]
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...21, using: &generator)
            texts.append(String(decoding: (0..<count).map { _ in alphabet.randomElement(using: &generator) ?? 48 }, as: UTF8.self))
        }
        var passed = 0
        for text in texts {
            let bytes = Array((text + "\"").utf8)
            bytes.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                for shift in [-2, 0, 4, 8, 23, 30] {
                    for range in [ApplicantReader.Range.nonNegative, .signed, .whole] {
                        guard let end = BoundLineReader.plainDecimalEnd(base, 0, buffer.count, shift: shift, range: range) else { continue }
                        passed += 1
                        let read = BoundLineReader.plainDecimal(base, 0, buffer.count, shift: shift, range: range)
                        #expect(read?.end == end, "\(text) shift \(shift) \(range)")
                    }
                }
            }
        }
        #expect(passed > 10_000)
        for text in ["1234.56", "0.34", "150.01", "3000"] {
            let bytes = Array(text.utf8)
            let end = bytes.withUnsafeBufferPointer { BoundLineReader.plainDecimalEnd($0.baseAddress!, 0, $0.count, shift: 4, range: .nonNegative) }
            #expect(end == bytes.count, "\(text)")
        }
    }

    /// The run of digits found eight bytes at a time ends where a byte-by-byte reading ends it,
    /// whatever byte stops it, at whatever place, and whatever bytes follow that one.
    @Test func digitsEndAtTheFirstByteThatIsNotADigit() {
        var generator = SystemRandomNumberGenerator()
        func byByte(_ bytes: [UInt8], _ start: Int) -> Int {
            var index = start
            while index < bytes.count && bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9") { index += 1 }
            return index
        }
        var mismatches = 0
        for stop in 0...255 {
            for place in 0..<20 {
                for length in [place, place + 1, place + 3, 20] where length > 0 {
                    var bytes = (0..<length).map { _ in UInt8.random(in: 0x30...0x39, using: &generator) }
                    if place < length { bytes[place] = UInt8(stop) }
                    // Anything after the stopping byte, including bytes whose additions would carry.
                    for after in bytes.indices where after > place { bytes[after] = UInt8.random(in: 0...255, using: &generator) }
                    for start in [0, 1] where start <= length {
                        let found = bytes.withUnsafeBufferPointer { BoundLineReader.digitsEnd($0.baseAddress!, start, $0.count) }
                        if found != byByte(bytes, start) { mismatches += 1 }
                    }
                }
            }
        }
        #expect(mismatches == 0)
        for _ in 0..<100_000 {
            let word = UInt64.random(in: 0...UInt64.max, using: &generator)
            var expected: UInt64 = 0
            for byte in 0..<8 where !(0x30...0x39).contains((word >> (8 * UInt64(byte))) & 0xFF) { expected |= 0x80 << (8 * UInt64(byte)) }
            if ByteWords.notDigits(word) != expected { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    /// A day read a word at a time is the day a reading byte by byte finds: every byte value at
    /// every place of a day, and texts of digits and dashes of every length around ten.
    @Test func daysReadAsWordsAreTheDaysTheirBytesSay() {
        func byByte(_ bytes: [UInt8]) -> Day? {
            guard bytes.count == 10 else { return nil }
            var parts = [0, 0, 0]
            for (position, byte) in bytes.enumerated() {
                if position == 4 || position == 7 {
                    guard byte == UInt8(ascii: "-") else { return nil }
                    continue
                }
                guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
                let part = position < 4 ? 0 : position < 7 ? 1 : 2
                parts[part] = parts[part] * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return Day(year: parts[0], month: parts[1], day: parts[2])
        }
        func read(_ bytes: [UInt8]) -> Day? {
            // After other bytes, as in a line.
            let line = Array("x\"".utf8) + bytes + Array("\"}".utf8)
            return line.withUnsafeBufferPointer { BoundLineReader.day($0[2..<(2 + bytes.count)]) }
        }
        var generator = SystemRandomNumberGenerator()
        var mismatches = 0, days = 0
        for text in ["2025-06-30", "2024-02-29", "2023-02-29", "2025-12-31", "2025-13-01", "0000-01-01", "9999-12-31", "2025-00-10", "2025-01-32"] {
            let bytes = Array(text.utf8)
            if read(bytes) != byByte(bytes) { mismatches += 1 }
            for place in 0..<10 {
                for value in 0...255 {
                    var changed = bytes
                    changed[place] = UInt8(value)
                    if read(changed) != byByte(changed) { mismatches += 1 }
                    if byByte(changed) != nil { days += 1 }
                }
            }
        }
        let alphabet = Array("0123456789-0123456789/ ".utf8)
        for _ in 0..<50_000 {
            let bytes = (0..<Int.random(in: 8...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? 48 }
            if read(bytes) != byByte(bytes) { mismatches += 1 }
        }
        #expect(mismatches == 0)
        #expect(days > 100)
    }

    /// A text is written as it is exactly when no byte of it needs an escape, wherever that byte
    /// is, and every byte that needs one is escaped.
    @Test func textsNeedAnEscapeForAQuoteABackslashOrAControlCharacter() {
        var generator = SystemRandomNumberGenerator()
        var mismatches = 0
        for special in Array(0..<0x20) + [0x22, 0x5C, 0x7F, 0xE4, 0x21, 0x23, 0x5B, 0x5D] {
            for place in 0..<19 {
                for length in [place + 1, place + 2, 19] where length > place {
                    var bytes = (0..<length).map { _ in UInt8.random(in: 0x23...0x5B, using: &generator) }
                    bytes[place] = UInt8(special)
                    let expected = bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
                    if bytes.withUnsafeBufferPointer(ByteWriter.needsEscape) != expected { mismatches += 1 }
                }
            }
        }
        #expect(mismatches == 0)
        for text in ["plain_fact.path", "引号\"在中", "back\\slash", "line\nbreak", "tab\t", "", "ok"] {
            var writer = ByteWriter()
            writer.string(text)
            let decoded = try? JSONDecoder().decode(String.self, from: Data(writer.bytes))
            #expect(decoded == text, "\(text)")
        }
    }

    @Test func digitsEndWhereTheCharactersSay() {
        let cases: [(String, String)] = [("1234.56", "1234.56"), ("8亿", "8"), ("1500元", "1500"), ("12 万", "12"), ("-3.5%", "-3.5"),
                                         ("12\u{301}", "1"), ("", ""), ("万", "")]
        for (text, digits) in cases { #expect(String(text[..<ApplicantReader.endOfDigits(text)]) == digits, "\(text)") }
    }

    @Test func trimmingKeepsInnerSpaceAndDropsOuterSpace() {
        #expect("a b".trimmingWhitespace() == "a b")
        #expect(" a b\t".trimmingWhitespace() == "a b")
        #expect("\u{3000}万\u{3000}".trimmingWhitespace() == "万")
        #expect("".trimmingWhitespace() == "")
        #expect("   ".trimmingWhitespace() == "")
    }
}

/// The fast line parser declines a repeated name, whether the names' bytes are equal or only the
/// strings are (a name that is canonically equivalent to an earlier one).
@Suite struct FastLineParserNameTests {
    @Test func repeatedNamesAreDeclined() {
        #expect(JSONLineParser.parse(Array(#"{"a":1,"bb":2,"a":3}"#.utf8)[...]) == nil)
        #expect(JSONLineParser.parse(Array("{\"K\":1,\"\u{212A}\":2}".utf8)[...]) == nil)
        #expect(JSONLineParser.parse(Array("{\"\u{212A}\":1,\"K\":2}".utf8)[...]) == nil)
        #expect(JSONLineParser.parse(Array("{\"caf\u{E9}\":1,\"cafe\u{301}\":2}".utf8)[...]) == nil)
        #expect(JSONLineParser.parse(Array(#"{"a":1,"ab":2,"b":{"a":3}}"#.utf8)[...]) != nil)
    }
}
