import Testing
@testable import ZhengceKit

/// The fast JSON Lines reader: what it reads binds exactly as the slow path (`JSONLinesInput`,
/// then `Program.bind`) binds it, and it leaves every line with a problem to the slow path.
@Suite struct BoundLineReaderTests {
    static let body = """
    fact district: choice {"xicheng", "bda"} "注册地"
    fact name_text: text "名称"
    fact hnte: bool implied by certificate "高新"
    fact certificate: choice {"first", "second"} "证书"
    fact qualified: bool implied by hnte "资格"
    fact premium: money in 万元 "保费"
    fact usd: money in 百万美元 "美元规模"
    fact profit: signed money in 万元 "利润"
    fact staff: count "人数"
    fact rate: percent "比例"
    fact area: number in "m²" "面积"
    fact since: date "成立日"
    fact tags: set of choice {"a", "b", "c"} "标签"
    fact insurance: record {
      premium: money in 万元 "保费",
      start: date "起保日",
      share: percent = 50 "比例"
    } "科技保险"
    fact increases: list of record {
      amount: money in 万元 "增资额",
      late: bool "逾期"
    } "增资"
    fact yearly: list of money in 万元 "各年"
    fact monthly_rent: money in "万元/月" "月租金"
    fact lease_term: number in "个月" "租期"

    clause 1 "a" (第一条) {
      when hnte and qualified and district == "xicheng" and name_text != "" "条件"
      when staff >= 1 and rate > 1% and area > 0 and since < as_of and "a" in tags "更多"
      when usd >= 1万美元 or profit > 0万 "规模"
      amount premium * 50%
      cap 50万 cumulative
    }

    clause 2 "b" (第二条) {
      applies when insurance is present
      when as_of >= add_years(insurance.start, 1) "满1年"
      amount insurance.premium * insurance.share
    }

    clause 3 "c" (第三条) {
      applies when increases is not empty
      amount sum(i in increases where not i.late: i.amount * 1%) + sum(y in yearly: y) * 0%
    }

    clause 4 "d" (第四条) {
      amount monthly_rent * lease_term * 0%
    }
    """

    static let program = checkedProgram(header + body)

    /// The line as the slow path binds it, or nil when it makes an error record.
    func slow(_ line: String, _ program: Program) -> BoundApplicant? {
        guard case .applicant(let applicant) = JSONLinesInput.decode(Array(line.utf8)[...], line: 1, facts: program.facts, clauses: Set(program.clauses.keys)) else { return nil }
        return program.bind(applicant)
    }

    func fast(_ line: String, _ program: Program) throws -> BoundApplicant? {
        let reader = try #require(BoundLineReader(program: program))
        var scratch = reader.scratch()
        return reader.read(Array(line.utf8)[...], &scratch)
    }

    func same(_ a: BoundApplicant, _ b: BoundApplicant) -> Bool {
        a.name == b.name && a.asOf == b.asOf && a.facts == b.facts && a.prior == b.prior && a.warnings == b.warnings
    }

    @Test func readsEveryKindOfValueAsTheSlowPathBindsIt() throws {
        let lines = [
            #"{"facts": {}}"#,
            #" { "applicant" : "甲 公司", "as_of": "2025-06-30", "facts": { "district": "xicheng", "name_text": "名 称", "premium": "90", "usd": 1.5 } } "#,
            #"{"facts": {"premium": "8亿", "usd": "2000万美元", "profit": -12.5, "staff": "007", "rate": "5.1", "area": 120.25, "since": "2020-02-29"}}"#,
            #"{"facts": {"premium": "1500元", "rate": "5%", "profit": "-0", "staff": 0, "tags": ["a", "c", "a"]}}"#,
            #"{"facts": {"certificate": "first", "insurance": {"premium": "30", "start": "2024-01-01"}}}"#,
            #"{"facts": {"hnte": true, "insurance": {"premium": 30, "start": "2024-01-01", "share": null}}}"#,
            #"{"facts": {"increases": [{"amount": 1000}, {"amount": "2.5", "late": true}, {}], "yearly": [1, "2", 3.75]}}"#,
            #"{"facts": {"district": null, "insurance": null, "increases": [], "prior_received": {"t:1": "12.5", "t:3": 0}}}"#,
            #"{"as_of": "2026-01-01", "facts": {"premium": "0.000000000000000000000001"}}"#,
            #"{"facts": {"premium": "12345678901234567890123456789012.25"}}"#,
            // A price is given in its declared unit: 1.5 means 1.5万元 a month, 15,000元.
            #"{"facts": {"monthly_rent": "1.5", "lease_term": 18}}"#,
            #"{"facts": {"monthly_rent": 2, "lease_term": "24"}}"#,
        ]
        for line in lines {
            let expected = try #require(slow(line, Self.program), "the slow path reads \(line)")
            let read = try #require(try fast(line, Self.program), "the fast path reads \(line)")
            #expect(same(read, expected), "\(line)")
        }
    }

    /// Compact JSON is read by shortcuts that look for no white space; the same lines with white
    /// space after every comma, colon and opening bracket, and before every closing one (empty
    /// objects and arrays included), bind as the compact ones do, and so do lines where only some
    /// places have it. Every line cut short is left to the slow path.
    @Test func whiteSpaceAnywhereBindsAsTheCompactLine() throws {
        let lines = [
            #"{"facts":{}}"#,
            #"{"applicant":"甲","as_of":"2025-06-30","facts":{"district":"xicheng","premium":"90","tags":[],"insurance":{"premium":"30","start":"2024-01-01"}}}"#,
            #"{"facts":{"increases":[{"amount":1000},{},{"amount":"2.5","late":true}],"yearly":[1,"2"],"tags":["a","c"],"prior_received":{"t:1":"12.5"}}}"#,
            #"{"facts":{"hnte":false,"increases":[],"insurance":{},"staff":3,"since":"2020-02-29"}}"#,
        ]
        /// The line with `space` after each comma, colon, `{` and `[` and before each `}` and `]`
        /// outside strings, at the places `at` picks.
        func spaced(_ line: String, _ space: String, at place: (Int) -> Bool) -> String {
            var out = "", inString = false, escaped = false, count = 0
            for character in line {
                if inString {
                    out.append(character)
                    if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
                    continue
                }
                if character == "\"" { inString = true }
                if character == "}" || character == "]" {
                    count += 1
                    if place(count) { out += space }
                }
                out.append(character)
                if character == "," || character == ":" || character == "{" || character == "[" {
                    count += 1
                    if place(count) { out += space }
                }
            }
            return out
        }
        var read = 0
        for line in lines {
            let expected = try #require(slow(line, Self.program), "the slow path reads \(line)")
            let variants = [spaced(line, " ", at: { _ in true }), spaced(line, "\t \r", at: { _ in true }),
                            spaced(line, " ", at: { $0 % 2 == 0 }), spaced(line, " ", at: { $0 % 3 == 1 })]
            for variant in variants {
                #expect(slow(variant, Self.program).map { same($0, expected) } == true, "\(variant)")
                if let fast = try fast(variant, Self.program) {
                    #expect(same(fast, expected), "\(variant)")
                    read += 1
                }
                for cut in stride(from: 1, to: variant.utf8.count, by: 3) {
                    let short = String(decoding: variant.utf8.prefix(cut), as: UTF8.self)
                    #expect(try fast(short, Self.program) == nil, "\(short)")
                }
            }
        }
        #expect(read == 4 * lines.count)
    }

    /// Records in records, lists in records and lists in list items: each record's path (which
    /// messages about its missing fields name) is the slow path's, whether made in advance or
    /// written out.
    @Test func nestedRecordsKeepTheSlowPathsPaths() throws {
        let source = """
        policy n {
          title "n"
          valid from 2025-01-01 until 2028-12-31
        }
        fact fund: record {
          detail: record { size: money in 万元 "规模" } "明细",
          funds: list of record {
            size: money in 万元 "规模",
            parts: list of record { size: money in 万元 "规模" } "份额"
          } "基金"
        } "基金管理人"
        clause 1 "a" (第一条) {
          amount fund.detail.size + sum(f in fund.funds: f.size + sum(p in f.parts: p.size))
        }
        """
        let program = try #require(Zhengce.load([SourceFile(path: "n.policy", text: source)]).program)
        let items = (1...10).map { #"{"size": "\#($0)", "parts": [{"size": 1}, {}]}"# }.joined(separator: ", ")
        let lines = [
            #"{"facts": {"fund": {"detail": {"size": 2}, "funds": [{"size": 1}, {"parts": [{"size": 3}]}]}}}"#,
            #"{"facts": {"fund": {"funds": [\#(items)], "detail": {}}}}"#,
            #"{"facts": {"fund": {}}}"#,
        ]
        for line in lines {
            let expected = try #require(slow(line, program), "the slow path reads \(line)")
            let read = try #require(try fast(line, program), "the fast path reads \(line)")
            #expect(same(read, expected), "\(line)")
        }
        // Read over one another, in every order: the storage of the records and lists one line
        // leaves is used for the next line's, whatever their shapes.
        let reader = try #require(BoundLineReader(program: program))
        var scratch = reader.scratch()
        for first in lines {
            for second in lines {
                for third in lines {
                    for line in [first, second, third] {
                        let read = try #require(reader.read(Array(line.utf8)[...], &scratch))
                        #expect(same(read, try #require(slow(line, program))), "\(line) after \(first), \(second)")
                        reader.recycle(read.facts, &scratch)
                    }
                }
            }
        }
    }

    /// A line read over the facts of the line before (handed back with `recycle`, as `batch` does)
    /// binds as the same line read afresh: nothing of one line is left in the next, whichever
    /// facts, fields, items and choices the two give, leave out or give as null.
    @Test func aLineReadOverTheLineBeforeBindsAsALineReadAfresh() throws {
        let lines = [
            #"{"facts": {"district": "bda", "certificate": "first", "premium": 5, "tags": ["a", "b", "c"], "insurance": {"premium": 30, "start": "2024-01-01", "share": 20}, "increases": [{"amount": 1, "late": true}, {"amount": 2}, {"late": false}], "yearly": [1, 2, 3], "prior_received": {"t:1": 2}}}"#,
            #"{"facts": {"hnte": true, "tags": ["b"], "insurance": {"premium": 10}, "increases": [{"amount": 7}], "yearly": []}}"#,
            #"{"facts": {"insurance": null, "increases": [{"late": true}, {"amount": 3, "late": false}, {}, {"amount": 4}], "tags": []}}"#,
            #"{"facts": {"insurance": {"start": "2023-05-05", "share": null}, "increases": [], "district": null, "qualified": true}}"#,
            #"{"facts": {}}"#,
            #"{"applicant": "甲", "as_of": "2025-06-30", "facts": {"name_text": "名称", "since": "2020-02-29", "staff": 3, "rate": "5%"}}"#,
        ]
        // Lines the fast path declines in the middle of their facts (an escape, which the slow path
        // reads), or before them.
        let declined = [#"{"facts": {"premium": 5, "insurance": {"premium": 1}, "name_text": "a\u0062"}}"#, #"{"extra": 1, "facts": {}}"#]
        let reader = try #require(BoundLineReader(program: Self.program))
        var scratch = reader.scratch()
        func readOver(_ before: String, _ line: String) throws {
            if let first = reader.read(Array(before.utf8)[...], &scratch) { reader.recycle(first.facts, &scratch) }
            let read = try #require(reader.read(Array(line.utf8)[...], &scratch), "\(line)")
            let expected = try #require(slow(line, Self.program))
            #expect(same(read, expected), "\(line) read over \(before)")
        }
        for before in lines + declined {
            for line in lines { try readOver(before, line) }
        }
        // A hand-back after a declined line (whose applicant the slow path made) is let go.
        _ = reader.read(Array(lines[0].utf8)[...], &scratch)
        #expect(reader.read(Array(declined[0].utf8)[...], &scratch) == nil)
        let slowApplicant = try #require(slow(declined[0], Self.program))
        reader.recycle(slowApplicant.facts, &scratch)
        let read = try #require(reader.read(Array(lines[4].utf8)[...], &scratch))
        #expect(same(read, try #require(slow(lines[4], Self.program))))
    }

    /// A record's fields are written over spare storage of their own number when there is some,
    /// rather than over storage of another size emptied first; else over the nearest larger.
    @Test func spareStorageOfTheRecordsSizeIsTakenFirst() {
        var scratch = BoundLineReader.Scratch.empty
        #expect(scratch.takeSpareFields(count: 3).isEmpty)
        for fields: [Cell?] in [[nil, nil, nil], [.bool(true), nil], [nil, nil, nil, nil], [.bool(false), nil]] { scratch.keepSpareFields(fields) }
        #expect(scratch.spareFieldsKept == 4)
        // The last kept of the size.
        #expect(scratch.takeSpareFields(count: 2) == [.bool(false), nil])
        #expect(scratch.takeSpareFields(count: 2) == [.bool(true), nil])
        // None of the size left: the nearest larger.
        #expect(scratch.takeSpareFields(count: 2).count == 3)
        #expect(scratch.takeSpareFields(count: 1).count == 4)
        #expect(scratch.spareFieldsKept == 0)
        // None larger: no storage.
        scratch.keepSpareFields([nil])
        #expect(scratch.takeSpareFields(count: 2).isEmpty)
        #expect(scratch.spareFieldsKept == 1)
    }

    /// Spare storage is kept up to a limit, however many records a line leaves behind.
    @Test func spareStorageIsKeptUpToItsLimit() {
        var scratch = BoundLineReader.Scratch.empty
        for _ in 0..<(BoundLineReader.Scratch.spareLimit + 10) { scratch.keepSpareFields([nil, nil]) }
        #expect(scratch.spareFieldsKept == BoundLineReader.Scratch.spareLimit)
        #expect(scratch.spareFields.reduce(0) { $0 + $1.count } == BoundLineReader.Scratch.spareLimit)
    }

    /// The storage handed back is the storage the next line is written in: a record's fields and
    /// a list's items are not made again.
    @Test func theNextLineIsWrittenInTheStorageHandedBack() throws {
        let line = Array(#"{"facts": {"insurance": {"premium": 30}, "increases": [{"amount": 1}, {"amount": 2}]}}"#.utf8)
        let reader = try #require(BoundLineReader(program: Self.program))
        var scratch = reader.scratch()
        let slot = try #require(Self.program.compiled?.slotsByName["increases"]?.first)
        func itemsAddress(_ facts: [Cell]) -> UnsafeRawPointer? {
            guard case .list(let items) = facts[slot] else { return nil }
            return items.withUnsafeBufferPointer { $0.baseAddress.map(UnsafeRawPointer.init) }
        }
        var facts = try #require(reader.read(line[...], &scratch)).facts
        let first = itemsAddress(facts)
        #expect(first != nil)
        reader.recycle(facts, &scratch)
        facts = []
        facts = try #require(reader.read(line[...], &scratch)).facts
        #expect(itemsAddress(facts) == first)
    }

    /// A record, list or set of a fact that a line leaves out is set aside whole, and written over
    /// when a later line gives the fact again: a set (which spare storage does not keep) is not made
    /// again, and the lines bind as when read afresh.
    @Test func aFactLeftOutIsWrittenOverWhenGivenAgain() throws {
        let given = #"{"facts": {"tags": ["a", "c"], "insurance": {"premium": 30}, "increases": [{"amount": 1}, {"amount": 2}]}}"#
        let givenAgain = #"{"facts": {"tags": ["b"], "insurance": {"start": "2024-01-01"}, "increases": [{"late": true}]}}"#
        let reader = try #require(BoundLineReader(program: Self.program))
        var scratch = reader.scratch()
        let slot = try #require(Self.program.compiled?.slotsByName["tags"]?.first)
        // A set's storage, by the reference it holds.
        func setStorage(_ facts: [Cell]) -> UInt? {
            guard case .set(let values) = facts[slot] else { return nil }
            return withUnsafeBytes(of: values) { $0.load(as: UInt.self) }
        }
        var read = try #require(reader.read(Array(given.utf8)[...], &scratch))
        let first = try #require(setStorage(read.facts))
        reader.recycle(read.takeFacts(), &scratch)
        // Sets of the same size made while the fact is left out: storage freed when it was left out
        // would be taken by one of them.
        var held: [Set<String>] = []
        for line in [#"{"facts": {}}"#, #"{"facts": {"tags": null}}"#, givenAgain] {
            read = try #require(reader.read(Array(line.utf8)[...], &scratch))
            if line != givenAgain { held += (0..<4).map { _ in Set(["a", "c"]).union(["b"]) } }
            #expect(same(read, try #require(slow(line, Self.program))), "\(line)")
            if line == givenAgain { #expect(setStorage(read.facts) == first) }
            reader.recycle(read.takeFacts(), &scratch)
        }
        withExtendedLifetime(held) {}
    }

    @Test func leavesEveryLineWithAProblemToTheSlowPath() throws {
        let lines = [
            "", "   ", "\u{FEFF}{\"facts\": {}}", #"{"facts": {}} x"#, #"{"facts": {"premium": 1,}}"#, "[]",
            #"{"applicant": "a"}"#, #"{"facts": {}, "extra": 1}"#, #"{"facts": {}, "facts": {}}"#, #"{"applicant": 5, "facts": {}}"#,
            #"{"as_of": "2025-6-30", "facts": {}}"#, #"{"as_of": "2025-02-30", "facts": {}}"#,
            #"{"facts": {"premum": 5}}"#, #"{"facts": {"premium": 5, "premium": 6}}"#, #"{"facts": {"premium": -5}}"#,
            #"{"facts": {"premium": "1e3"}}"#, #"{"facts": {"premium": 1e3}}"#, #"{"facts": {"premium": " 5"}}"#, #"{"facts": {"premium": "5 万"}}"#,
            #"{"facts": {"premium": "5美元"}}"#, #"{"facts": {"premium": "5.5.5"}}"#, #"{"facts": {"premium": "+5"}}"#, #"{"facts": {"premium": "5."}}"#,
            #"{"facts": {"premium": 05}}"#, #"{"facts": {"premium": true}}"#, #"{"facts": {"premium": "1234567890123456789012345678901234567890"}}"#,
            #"{"facts": {"staff": 1.5}}"#, #"{"facts": {"staff": -1}}"#, #"{"facts": {"rate": "5‰"}}"#, #"{"facts": {"area": "5万"}}"#,
            #"{"facts": {"district": "Xicheng"}}"#, #"{"facts": {"district": "xi\u0063heng"}}"#, #"{"facts": {"since": "2020-1-01"}}"#,
            #"{"facts": {"tags": ["d"]}}"#, #"{"facts": {"tags": "a"}}"#, #"{"facts": {"hnte": "true"}}"#,
            #"{"facts": {"certificate": "first", "hnte": false}}"#, #"{"facts": {"hnte": true, "qualified": false}}"#,
            #"{"facts": {"insurance": {"premium": 1, "premium": 2}}}"#, #"{"facts": {"insurance": {"premum": 1}}}"#,
            #"{"facts": {"increases": [{"amount": 1}, null]}}"#, #"{"facts": {"yearly": [1, "x"]}}"#,
            #"{"facts": {"prior_received": {"t:9": 1}}}"#, #"{"facts": {"prior_received": {"t:1": -1}}}"#,
            #"{"facts": {"prior_received": {"t:1": 1, "t:1": 2}}}"#, #"{"facts": {"prior_received": {"t:1": null}}}"#,
            "{\"facts\": {\"name_text\": \"a\u{01}\"}}",
        ]
        for line in lines {
            #expect(try fast(line, Self.program) == nil, "\(line)")
        }
        #expect(try fast("{\"facts\": {\"name_text\": \"\u{212A}\"}}", Self.program) != nil, "free text is any UTF-8 text")
        let invalid: [UInt8] = Array(#"{"facts": {"name_text": ""#.utf8) + [0xFF] + Array(#""}}"#.utf8)
        let reader = try #require(BoundLineReader(program: Self.program))
        var scratch = reader.scratch()
        #expect(reader.read(invalid[...], &scratch) == nil, "invalid UTF-8 in a text")
    }

    @Test func aRepeatedNameIsFoundOnEveryLineWithTheSameScratch() throws {
        let reader = try #require(BoundLineReader(program: Self.program))
        var scratch = reader.scratch()
        let good = Array(#"{"facts": {"premium": 5, "prior_received": {"t:1": 1}}}"#.utf8)
        let repeated = Array(#"{"facts": {"premium": 5, "premium": 5}}"#.utf8)
        for _ in 0..<3 {
            #expect(reader.read(good[...], &scratch) != nil)
            #expect(reader.read(repeated[...], &scratch) == nil)
        }
    }

    /// A generated population over the shipped policies: every line the fast path reads binds as
    /// the slow path binds it, and batch writes the same bytes as with the slow path alone.
    @Test func aGeneratedPopulationBindsAsTheSlowPathBindsIt() throws {
        let (shipped, shippedTrees) = try shippedPolicies()
        var population = Population(program: shipped, trees: shippedTrees, seed: 5)
        let reader = try #require(BoundLineReader(program: shipped))
        var scratch = reader.scratch()
        var read = 0
        for _ in 0..<300 {
            let line = population.nextLine()
            guard let bound = reader.read(Array(line.utf8)[...], &scratch) else { continue }
            read += 1
            let expected = try #require(slow(line, shipped))
            #expect(same(bound, expected), "\(line)")
            // The next line is read over this one's facts, as `batch` reads it.
            reader.recycle(bound.facts, &scratch)
        }
        #expect(read > 0)
    }

    /// The benchmark's reading row reads every line `batch` reads, the slow path's included, and
    /// leaves out a line with problems (on the fixture document).
    @Test func readingEachLineCountsTheLinesBatchReads() throws {
        let loaded = try Zhengce.load(paths: [fixturePolicies])
        var population = Population(program: fixture, trees: loaded.trees, seed: 17)
        var lines = (0..<60).map { _ in population.nextLine() }
        lines.insert(#"{"facts": {"org_type": 12}}"#, at: 20)
        lines.insert(#"{"facts": {"#, at: 40)
        // An escape in a string, which the fast path leaves to the slow one.
        lines.insert(#"{"applicant": "sl\u006fw", "facts": {"org_type": "vc"}}"#, at: 50)
        let bytes = Array(lines.joined(separator: "\n").utf8)
        let kept = Batch.boundApplicants(jsonLines: bytes, program: fixture).count
        #expect(Batch.readEach(jsonLines: bytes, program: fixture) == kept)
        #expect(kept == 61)
    }

    @Test func tallyingByPositionGivesTheSummaryOfTallyingById() throws {
        let (shipped, shippedTrees) = try shippedPolicies()
        var population = Population(program: shipped, trees: shippedTrees, seed: 13)
        let bound = Batch.boundApplicants(jsonLines: Array((0..<100).map { _ in population.nextLine() }.joined(separator: "\n").utf8), program: shipped)
        #expect(bound.count == 100)
        var byID = BatchSummary()
        var byPosition = SummaryTally()
        for (index, applicant) in bound.enumerated() {
            let evaluation = Zhengce.evaluate(shipped, applicant, asOf: Day(iso: "2025-06-30")!)
            byID.add(evaluation)
            byPosition.add(evaluation)
            if index % 10 == 0 {
                byID.addFailure()
                byPosition.addFailure()
            }
        }
        #expect(byPosition.summary == byID)
        #expect(!byID.clauses.isEmpty && byID.failed == 10)
    }

    @Test func batchWritesTheSameBytesWithAndWithoutTheFastPath() throws {
        let (shipped, shippedTrees) = try shippedPolicies()
        var population = Population(program: shipped, trees: shippedTrees, seed: 9)
        let lines = (0..<200).map { _ in population.nextLine() } + [#"{"facts": {"unknown_fact": 1}}"#, "", #"{"facts": {"#]
        let input = Array(lines.joined(separator: "\n").utf8)
        func run(fast: Bool, jobs: Int) throws -> ([UInt8], BatchSummary) {
            var options = Batch.Options(today: Day(iso: "2025-06-30")!)
            options.readsLinesDirectly = fast
            options.jobs = jobs
            options.chunkLines = 16
            var lines = ByteLines.bytes(input)
            var out: [UInt8] = []
            let summary = try Batch(program: shipped, options: options).run(&lines, write: { out += $0 })
            return (out, summary)
        }
        let (slowBytes, slowSummary) = try run(fast: false, jobs: 1)
        let (fastBytes, fastSummary) = try run(fast: true, jobs: 2)
        #expect(fastBytes == slowBytes)
        #expect(fastSummary == slowSummary)
        #expect(slowSummary.failed == 3)
    }
}

/// The record writer's number and string forms, written straight into bytes.
@Suite struct ByteWriterTests {
    @Test func integersAreWrittenInDecimal() {
        for value in [0, 7, 9, 10, 99, 100, 1_234_567, 1_000_000_000, Int.max, -5] {
            var writer = ByteWriter()
            writer.integer(value)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == String(value))
        }
    }

    @Test func theBufferGrowsWithoutLosingWhatWasWritten() {
        var writer = ByteWriter(capacity: 1)
        var expected: [UInt8] = []
        for index in 0..<5_000 {
            switch index % 4 {
            case 0: writer.literal("{\"k\":"); expected += Array("{\"k\":".utf8)
            case 1: writer.integer(index); expected += Array(String(index).utf8)
            case 2: writer.raw(String(repeating: "长", count: index % 50)); expected += Array(String(repeating: "长", count: index % 50).utf8)
            default: writer.raw(UInt8(ascii: "}")); expected.append(UInt8(ascii: "}"))
            }
        }
        #expect(writer.count == expected.count)
        #expect(writer.bytes == expected)
        // Handed over in the buffer it was written in (grown many times), not copied: the same bytes.
        let written = writer.finish()
        #expect(written.count == expected.count)
        #expect(Array(written.buffer) == expected)
    }

    @Test func stringsAreEscapedOnlyWhereJSONNeedsIt() {
        let cases = [("plain 文本", #""plain 文本""#), ("a\"b\\c", #""a\"b\\c""#), ("t\tn\n\u{01}", #""t\tn\n\u0001""#), ("", #""""#)]
        for (text, expected) in cases {
            var writer = ByteWriter()
            writer.string(text)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == expected)
        }
    }
}
