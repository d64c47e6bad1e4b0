import Testing
@testable import ZhengceKit

/// The fast CSV reader: a row it reads binds exactly as the slow path (`CSVHeader.decode`, then
/// `Program.bind`) binds it, and it leaves every row with a problem, or one it might read
/// differently, to the slow path.
@Suite struct BoundCSVReaderTests {
    let reading = BoundLineReaderTests()
    static var program: Program { BoundLineReaderTests.program }

    static let columns = [
        "applicant", "as_of", "district", "name_text", "hnte", "certificate", "qualified", "premium", "usd", "profit", "staff",
        "rate", "area", "since", "tags", "insurance.premium", "insurance.start", "insurance.share", "increases[0].amount",
        "increases[0].late", "increases[2].amount", "increases[2].late", "yearly[0]", "yearly[3]", "monthly_rent", "lease_term",
    ]

    /// A row with `values` in their columns (written as they stand: quote them yourself), the
    /// other cells empty.
    static func row(_ values: [String: String], columns: [String] = columns) -> String {
        precondition(Set(values.keys).isSubset(of: columns), "\(values.keys)")
        return columns.map { values[$0] ?? "" }.joined(separator: ",")
    }

    func header(_ columns: [String] = columns) throws -> CSVHeader {
        try CSVHeader(columns, facts: Self.program.facts, clauses: Set(Self.program.clauses.keys))
    }

    func slow(_ row: [UInt8], _ header: CSVHeader) -> BoundApplicant? {
        guard case .success(let cells) = CSVRecords.fields(row[...]), cells != [""],
              case .applicant(let applicant) = header.decode(cells, facts: Self.program.facts, clauses: Set(Self.program.clauses.keys)) else { return nil }
        return Self.program.bind(applicant)
    }

    func fast(_ row: [UInt8], _ header: CSVHeader) throws -> BoundApplicant? {
        let lines = try #require(BoundLineReader(program: Self.program))
        let reader = try #require(BoundCSVReader(header: header, lines: lines))
        var scratch = reader.scratch()
        return reader.read(row[...], &scratch)
    }

    /// Reads `row` both ways: the fast path either declines or binds exactly what the slow path
    /// binds; true when the fast path read it.
    @discardableResult
    func agrees(_ row: String, columns: [String] = columns, sourceLocation: SourceLocation = #_sourceLocation) throws -> Bool {
        try agrees(Array(row.utf8), columns: columns, sourceLocation: sourceLocation)
    }

    @discardableResult
    func agrees(_ row: [UInt8], columns: [String] = columns, sourceLocation: SourceLocation = #_sourceLocation) throws -> Bool {
        let header = try header(columns)
        let slow = slow(row, header)
        guard let fast = try fast(row, header) else { return false }
        guard let slow else {
            Issue.record("the fast path reads what the slow path rejects: \(String(decoding: row, as: UTF8.self))", sourceLocation: sourceLocation)
            return true
        }
        #expect(reading.same(fast, slow), "\(String(decoding: row, as: UTF8.self))", sourceLocation: sourceLocation)
        return true
    }

    @Test func readsEveryKindOfValueAsTheSlowPathBindsIt() throws {
        let rows: [[String: String]] = [
            [:],
            ["applicant": "北京某某科技有限公司", "as_of": "2025-06-30", "district": "xicheng", "name_text": "中关村🚀"],
            ["hnte": "true", "qualified": "TRUE", "certificate": "first", "premium": "12.5", "usd": "3", "profit": "-7.25"],
            ["staff": "12", "rate": "5.1", "area": "1500", "since": "2020-02-29", "tags": "a;b;c"],
            ["insurance.premium": "1.5", "insurance.start": "2024-02-29"],
            ["insurance.share": "12.5"],
            ["increases[0].amount": "100", "increases[2].late": "1"],
            ["increases[2].amount": "0.01", "increases[2].late": "0"],
            ["yearly[0]": "1", "yearly[3]": "3万"],
            ["yearly[3]": "-0"],
            ["monthly_rent": "3.5", "lease_term": "24", "premium": "1万", "usd": "2000万美元"],
            ["tags": "b; a ;c;;", "hnte": "True"],
            ["tags": ";"],
            ["certificate": "second", "hnte": "1"],
        ]
        for values in rows { #expect(try agrees(Self.row(values)), "\(values)") }
    }

    /// A spreadsheet's 是 and 否 are a yes and a no, on both paths: read as `true` and `false` are.
    @Test func aSpreadsheetsYesAndNoAreBooleans() throws {
        let columns = try header()
        // (`qualified` is implied by `hnte` given, so `hnte` goes with a yes for it, and a no for
        // `qualified` goes alone.)
        for (written, meant) in [(["hnte": "是", "qualified": "是"], ["hnte": "true", "qualified": "true"]),
                                 (["hnte": "否", "qualified": "是"], ["hnte": "false", "qualified": "true"]),
                                 (["qualified": "否"], ["qualified": "false"])] {
            let row = Array(Self.row(written).utf8), same = Array(Self.row(meant).utf8)
            // The fast path reads them as the slow path does, or leaves the row to it as it leaves
            // the row written with `true` and `false`.
            #expect(try agrees(row) == (try fast(same, columns) != nil), "\(written)")
            let careful = try #require(slow(row, columns))
            let expected = try #require(slow(same, columns))
            #expect(reading.same(careful, expected), "\(written)")
        }
        // Anything else in Chinese is still not a yes or a no.
        #expect(try !agrees(Self.row(["hnte": "对"])))
        #expect(slow(Array(Self.row(["hnte": "对"]).utf8), columns) == nil)
    }

    /// The words a yes-or-no cell takes, whole and in any case of their ASCII letters, from bytes
    /// and from text alike; a word cut short, run on, padded or of another script is neither.
    @Test func aYesOrNoCellIsOneOfItsWordsWhole() {
        for (cell, meant) in [("true", true), ("TRUE", true), ("tRuE", true), ("1", true), ("是", true),
                              ("false", false), ("False", false), ("0", false), ("否", false)] {
            #expect(CSVHeader.yesOrNo(Array(cell.utf8)) == meant, "\(cell)")
            #expect(CSVHeader.yesOrNo(cell.utf8) == meant, "\(cell)")
        }
        for cell in ["", "t", "tru", "truee", "true ", " true", "yes", "2", "01", "是的", "否否", "ｔｒｕｅ", "\u{0}rue", "fals"] {
            #expect(CSVHeader.yesOrNo(Array(cell.utf8)) == nil, "\(cell)")
            #expect(CSVHeader.yesOrNo(cell.utf8) == nil, "\(cell)")
        }
    }

    @Test func quotedFieldsAreReadWithoutTheirQuotes() throws {
        #expect(try agrees(Self.row(["applicant": #""A, B 公司""#, "premium": #""12""#])))
        #expect(try agrees(#""A, B 公司","line1"# + "\n" + #"line2""#, columns: ["applicant", "name_text"]))
        #expect(try agrees(Self.row(["applicant": #""""#, "tags": #""a;b""#])))
        // A doubled quote and a quote out of place are for the slow path.
        #expect(try !agrees(Self.row(["applicant": #""say ""hi""""#])))
        #expect(try !agrees(Self.row(["applicant": #"a"b"#])))
        #expect(try !agrees(Self.row(["applicant": #""a"b"#])))
        #expect(try !agrees(Self.row(["applicant": #""open"#])))
    }

    /// The row splitter finds the fields the RFC 4180 reader finds, whenever none of them holds a
    /// quote and there are as many as the header's; it declines every other row. Rows of every
    /// length up to three words, so that commas and quotes fall at every place of a word and of
    /// the bytes after the last whole word.
    @Test func rowsSplitIntoTheFieldsTheGeneralReaderFinds() {
        let pieces: [UInt8] = Array(#",,,,""ab 1"#.utf8)
        var random = SplitMix64(seed: 5)
        var split = 0
        for round in 0..<40_000 {
            let row = (0..<(round % 26)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }
            // As many fields as the row's commas make, or any number.
            let header = random.next() % 2 == 0 ? 1 + row.count { $0 == UInt8(ascii: ",") } : 1 + Int(random.next() % 12)
            var starts = Array(repeating: -1, count: header), ends = Array(repeating: -1, count: header)
            let found = row.withUnsafeBufferPointer { bytes in
                starts.withUnsafeMutableBufferPointer { starts in
                    ends.withUnsafeMutableBufferPointer { ends in BoundCSVReader.split(bytes, starts: starts, ends: ends) }
                }
            }
            var expected: [String]?
            if case .success(let fields) = CSVRecords.fields(row[...]), fields.count == header, !fields.contains(where: { $0.contains("\"") }) {
                expected = fields
            }
            let text = String(decoding: row, as: UTF8.self)
            #expect(found == (expected != nil), "\(text) in \(header) fields")
            guard found, let expected else { continue }
            split += 1
            let fields = (0..<header).map { String(decoding: row[starts[$0]..<ends[$0]], as: UTF8.self) }
            #expect(fields == expected, "\(text)")
        }
        #expect(split > 3_000, "rows of the header's width split")
    }

    @Test func rowsWithProblemsGoToTheSlowPath() throws {
        let rows: [[String: String]] = [
            ["as_of": "2025-6-30"], ["as_of": "2025-02-30"], ["since": "２０２５-01-01"], ["district": "Xicheng"], ["district": " bda"],
            ["certificate": "third"], ["hnte": "yes"], ["hnte": " true"], ["staff": "1.5"], ["staff": "-1"], ["premium": "-1"],
            ["premium": " 1"], ["premium": "1 "], ["premium": "1 万"], ["premium": "1e3"], ["premium": "5%"], ["usd": "1万"],
            ["rate": "5%%"], ["tags": "a;d"], ["tags": "a;\u{3000}b"], ["monthly_rent": "3.5万元/月"],
            ["premium": "170141183460469231731687303715884105728"],
            // `hnte` false beside the certificate that implies it.
            ["hnte": "false", "certificate": "first"],
        ]
        for values in rows { try agrees(Self.row(values)) }
        #expect(try !agrees(Self.row(["as_of": "2025-02-30"])))
        #expect(try !agrees(Self.row(["hnte": "false", "certificate": "first"])))
        #expect(try !agrees(Self.row(["tags": "a;d"])))
        // The wrong number of fields, an empty row, bytes that are not UTF-8.
        #expect(try !agrees(Self.row([:]) + ","))
        #expect(try !agrees(""))
        #expect(try !agrees("", columns: ["applicant"]))
        // One empty quoted field under a header of one column: an empty line to the slow path
        // (found by the csv fuzz target).
        #expect(try !agrees(#""""#, columns: ["applicant"]))
        #expect(try !agrees(#""""#, columns: ["premium"]))
        #expect(try agrees(#""a""#, columns: ["applicant"]))
        #expect(try !agrees(Array("x,".utf8) + [0xFF] + Array(Self.row([:]).utf8.dropFirst(1))))
        var row = Array(Self.row([:]).utf8)
        row.insert(contentsOf: [0xC3], at: 0)
        #expect(try !agrees(row))
    }

    @Test func randomCellsReadAsTheSlowPathReadsThem() throws {
        let pieces = ["0", "1", "5", "12", ".", "-", "+", "e", "万", "亿", "美元", "%", " ", "\t", ";", "a", "b", "c", "\u{3000}",
                      "\u{301}", "true", "T", "2024-02-29", "xicheng", "first", "\""]
        var random = SplitMix64(seed: 11)
        var fastReads = 0
        for _ in 0..<3_000 {
            var values: [String: String] = [:]
            for _ in 0..<(1 + Int(random.next() % 3)) {
                var text = ""
                for _ in 0..<(1 + Int(random.next() % 5)) { text += pieces[Int(random.next() % UInt64(pieces.count))] }
                values[Self.columns[Int(random.next() % UInt64(Self.columns.count))]] = text
            }
            if try agrees(Self.row(values)) { fastReads += 1 }
        }
        #expect(fastReads > 100, "the fast path reads the ordinary cells itself")
    }

    @Test func listsCloseUpTheirGapsAndNameEachItemByItsPosition() throws {
        let columns = (0..<12).map { "increases[\($0)].amount" } + ["insurance.premium"]
        var values = Dictionary(uniqueKeysWithValues: (0..<12).map { ("increases[\($0)].amount", "\($0 + 1)") })
        values["increases[3].amount"] = ""
        values["insurance.premium"] = "2"
        let row = Self.row(values, columns: columns)
        let bound = try #require(try fast(Array(row.utf8), header(columns)))
        #expect(try agrees(row, columns: columns))
        let paths = bound.facts.flatMap { cell -> [String] in
            switch cell {
            case .record(let record): return [record.path]
            case .list(let items): return items.compactMap { if case .record(let record) = $0 { record.path } else { nil } }
            default: return []
            }
        }
        #expect(Set(paths) == Set(["insurance"] + (1...11).map { "increases[\($0)]" }))
    }

    /// Rows read one after another over the facts handed back (as `batch` reads them) bind as the
    /// slow path binds each: a record or list a row leaves is written over by the next row's,
    /// whatever moves between positions when lists close up their gaps (the paths then written
    /// out), with records inside lists inside records, and for a fact two documents declare (one
    /// value in two slots).
    @Test func rowsReadOverTheRowBeforeBindAsTheSlowPathBindsThem() throws {
        let fund = """
        fact fund: record {
          detail: record { size: money in 万元 "规模" } "明细",
          funds: list of record {
            size: money in 万元 "规模",
            parts: list of record { size: money in 万元 "规模", late: bool "逾期" } "份额"
          } "基金"
        } "基金管理人"
        fact staff: count "人数"
        """
        func policy(_ id: String) -> String {
            """
            policy \(id) {
              title "\(id)"
              valid from 2025-01-01 until 2028-12-31
            }
            \(fund)
            clause 1 "a" (第一条) {
              amount fund.detail.size + sum(f in fund.funds: f.size + sum(p in f.parts: p.size))
            }
            """
        }
        let program = try #require(Zhengce.load([SourceFile(path: "m.policy", text: policy("m")), SourceFile(path: "n.policy", text: policy("n"))]).program)
        var columns = ["staff", "fund.detail.size"]
        // (The third item has no `parts` columns: a record read there over an item that had some
        // leaves them out.)
        for item in 0..<3 {
            columns.append("fund.funds[\(item)].size")
            for part in 0..<(item < 2 ? 3 : 0) { columns += ["fund.funds[\(item)].parts[\(part)].size", "fund.funds[\(item)].parts[\(part)].late"] }
        }
        let header = try CSVHeader(columns, facts: program.facts, clauses: Set(program.clauses.keys))
        let lines = try #require(BoundLineReader(program: program))
        let reader = try #require(BoundCSVReader(header: header, lines: lines))
        let clauses = Set(program.clauses.keys)
        var scratch = reader.scratch()
        var random = SplitMix64(seed: 17)
        var gaps = 0
        for _ in 0..<400 {
            let cells = columns.map { column -> String in
                guard random.next() % 3 == 0 else { return "" }
                return column.hasSuffix("late") ? (random.next() % 2 == 0 ? "true" : "0") : String(random.next() % 50)
            }
            let row = Array(cells.joined(separator: ",").utf8)
            guard case .success(let fields) = CSVRecords.fields(row[...]), case .applicant(let applicant) = header.decode(fields, facts: program.facts, clauses: clauses) else {
                Issue.record("the slow path reads \(cells)")
                continue
            }
            let read = try #require(reader.read(row[...], &scratch), "the fast path reads \(cells)")
            #expect(reading.same(read, program.bind(applicant)), "\(cells)")
            // A gap closed up before a list's last item: the items after it take other paths.
            let firstItem = columns.indices.filter { columns[$0].hasPrefix("fund.funds[0]") }
            if firstItem.allSatisfy({ cells[$0].isEmpty }) && columns.indices.contains(where: { columns[$0].hasPrefix("fund.funds[2]") && !cells[$0].isEmpty }) {
                gaps += 1
            }
            reader.recycle(read.facts, &scratch)
        }
        #expect(gaps > 5, "rows whose lists close up a gap: \(gaps)")
    }

    @Test func batchWritesTheSameBytesWithAndWithoutTheFastPath() throws {
        let palette: [String: [String]] = [
            "applicant": ["a", #""b, c""#, "公司"], "as_of": ["2025-06-30", "2024-02-29", "2025-02-30"], "district": ["xicheng", "bda", "x"],
            "hnte": ["true", "0", "yes"], "certificate": ["first", "second"], "premium": ["1", "2.5万", "-1"], "staff": ["3", "1.5"],
            "rate": ["5.1", "5%"], "since": ["2020-01-01"], "tags": ["a;b", "c", "d"], "insurance.premium": ["1.5"],
            "insurance.start": ["2024-01-01"], "increases[0].amount": ["100"], "increases[2].late": ["1", "false"], "yearly[3]": ["3万"],
        ]
        var random = SplitMix64(seed: 3)
        var rows = [Self.columns.joined(separator: ",")]
        for _ in 0..<300 {
            var values: [String: String] = [:]
            for (column, choices) in palette where random.next() % 3 == 0 { values[column] = choices[Int(random.next() % UInt64(choices.count))] }
            rows.append(Self.row(values))
        }
        rows += ["", Self.row([:]) + ",", #""open"#]
        let input = Array(rows.joined(separator: "\n").utf8)
        func run(fast: Bool, jobs: Int) throws -> ([UInt8], BatchSummary) {
            var options = Batch.Options(today: Day(iso: "2025-06-30")!)
            options.input = .csv
            options.readsLinesDirectly = fast
            options.jobs = jobs
            options.chunkLines = 16
            var lines = ByteLines.bytes(input)
            var out: [UInt8] = []
            let summary = try Batch(program: Self.program, options: options).run(&lines, write: { out += $0 })
            return (out, summary)
        }
        let (slowBytes, slowSummary) = try run(fast: false, jobs: 1)
        let (fastBytes, fastSummary) = try run(fast: true, jobs: 2)
        #expect(fastBytes == slowBytes)
        #expect(fastSummary == slowSummary)
        #expect(slowSummary.failed >= 3 && slowSummary.failed < 300, "\(slowSummary.failed)")
    }

    @Test func choicesNextToWhichCharactersMightMergeAreReadAsText() throws {
        #expect(BoundCSVReader.isPlainChoice("高新") && BoundCSVReader.isPlainChoice("a"))
        #expect(!BoundCSVReader.isPlainChoice(" a") && !BoundCSVReader.isPlainChoice("\u{301}a") && !BoundCSVReader.isPlainChoice(""))
        #expect(try agrees(Self.row(["tags": "a ; b"])))
    }
}
