import Testing
@testable import ZhengceKit

/// `batch` reads a line's facts that only documents closed on the applicant's day declare as
/// strictly as the others, but does not keep them: the records and the summary are those of a run
/// that keeps every fact.
@Suite struct ClosedDocumentFactsTests {
    /// `old` is in force in 2021 only; `late` in 2025 only, with a clause that may be cashed after
    /// it; `now` from 2024 on. `flag` is declared by `old` and `now`; `hnte` is implied by `cert`.
    static let sources = [
        SourceFile(path: "old.policy", text: """
        policy old {
          title "旧"
          valid from 2021-01-01 until 2021-12-31
          money in 万元 rounded to 0.01 half-up
          eligible when old_rate > 0% "比例"
        }

        fact old_rate: percent "比例"
        fact flag: bool "标志"
        fact cert: choice {"first", "second"} "证书"
        fact hnte: bool implied by cert "高新"
        fact old_items: list of record {
          amount: money in 万元 "金额",
          late: bool "逾期"
        } "事项"

        clause 1 "旧补助" (第一条) {
          when flag and hnte "条件"
          amount sum(i in old_items where not i.late: i.amount) * 10%
        }
        """),
        SourceFile(path: "late.policy", text: """
        policy late {
          title "到期"
          valid from 2025-01-01 until 2025-12-31
          money in 万元 rounded to 0.01 half-up
          eligible when late_ok "资格"
        }

        fact late_ok: bool "资格"
        fact late_amount: money in 万元 "金额"

        clause 1 "到期后兑现" (第一条) {
          survives expiry
          amount late_amount * 50%
        }
        """),
        SourceFile(path: "now.policy", text: """
        policy now {
          title "现行"
          valid from 2024-01-01
          money in 万元 rounded to 0.01 half-up
        }

        fact flag: bool "标志"
        fact now_amount: money in 万元 "金额"

        clause 1 "现行补助" (第一条) {
          when flag "标志"
          amount now_amount * 20%
        }
        """),
    ]

    static let program = checkedProgram(sources)

    static let facts = #""old_rate": "5", "flag": true, "cert": "first", "old_items": [{"amount": "30"}, {"amount": "7.5", "late": true}], "late_ok": true, "late_amount": "12", "now_amount": "40""#

    func line(asOf: String?, facts: String = Self.facts) -> String {
        asOf.map { #"{"as_of": "\#($0)", "facts": {\#(facts)}}"# } ?? #"{"facts": {\#(facts)}}"#
    }

    /// The line as the slow path binds it, with the slots of `unread` facts holding their absent
    /// values.
    func expected(_ line: String, unread: [String]) throws -> BoundApplicant {
        try slowBinding(line, program: Self.program, unread: unread)
    }

    @Test func keepsOnlyTheFactsOfTheDocumentsOpenOnTheDay() throws {
        let reader = try #require(BoundLineReader(program: Self.program))
        var scratch = reader.scratch()
        // (day, the facts not kept): in 2021 `late` is not yet in force and its clause cannot be
        // cashed; in 2026 `old` is closed and `late`'s clause still can be; the implication's
        // facts and a fact an open document shares are always kept.
        let days: [(String, [String])] = [
            ("2021-06-30", ["late_ok", "late_amount", "now_amount"]),
            ("2026-06-30", ["old_rate", "old_items"]),
            ("2024-06-30", ["old_rate", "old_items", "late_ok", "late_amount"]),
            ("2021-06-30", ["late_ok", "late_amount", "now_amount"]),
            ("2026-06-30", ["old_rate", "old_items"]),
        ]
        // Read one after another over the facts handed back, as `batch` reads them: a fact kept
        // on one line and not on the next is absent again, and kept again after.
        for (day, unread) in days {
            let text = line(asOf: day)
            let bound = try #require(reader.read(Array(text.utf8)[...], &scratch, keeping: .open(runDay: nil)))
            let want = try expected(text, unread: unread)
            #expect(bound.facts == want.facts, "\(day)")
            #expect(bound.unreadClosedOn == Day(iso: day))
            reader.recycle(bound.facts, &scratch)
        }
        // Keeping every fact reads the line as the slow path binds it.
        let text = line(asOf: "2026-06-30")
        let all = try #require(reader.read(Array(text.utf8)[...], &scratch))
        #expect(all.facts == (try expected(text, unread: [])).facts)
        #expect(all.unreadClosedOn == nil)
    }

    @Test func theRunsDayDecidesWhenItGivesOneAndTheLinesOnlyWhenItComesFirst() throws {
        let reader = try #require(BoundLineReader(program: Self.program))
        var scratch = reader.scratch()
        let after = #"{"facts": {\#(Self.facts)}, "as_of": "2026-06-30"}"#
        // The line's day comes after its facts: every fact is kept.
        let late = try #require(reader.read(Array(after.utf8)[...], &scratch, keeping: .open(runDay: nil)))
        #expect(late.facts == (try expected(after, unread: [])).facts)
        #expect(late.unreadClosedOn == nil)
        // The run's day holds for every line, wherever the line's own day is.
        let fixed = try #require(reader.read(Array(after.utf8)[...], &scratch, keeping: .open(runDay: Day(iso: "2021-06-30"))))
        #expect(fixed.facts == (try expected(after, unread: ["late_ok", "late_amount", "now_amount"])).facts)
        #expect(fixed.unreadClosedOn == Day(iso: "2021-06-30"))
    }

    /// A fact left unread is read as strictly: a value the fast path would decline is declined.
    @Test func aBadValueOfAFactNotKeptIsStillDeclined() throws {
        let reader = try #require(BoundLineReader(program: Self.program))
        var scratch = reader.scratch()
        let bad = [
            #""old_rate": "abc""#, #""old_rate": true"#, #""old_items": [{"amount": true}]"#, #""old_items": [{"amount": "1", "amount": "2"}]"#,
            #""old_items": [{"other": "1"}]"#, #""old_items": {"amount": "1"}"#, #""old_items": [{"amount": "1"},]"#, #""old_rate": "-5""#,
        ]
        for facts in bad {
            let text = line(asOf: "2026-06-30", facts: facts)
            #expect(reader.read(Array(text.utf8)[...], &scratch, keeping: .open(runDay: nil)) == nil, "\(facts)")
        }
        // Facts an implication joins are kept whatever the day, even when every document is
        // closed: a contradiction between them sends the line to the slow path.
        #expect(reader.openDocuments(on: Day(iso: "2019-01-01")!) & reader.factDocuments[try #require(reader.factNames.strings.firstIndex(of: "hnte"))] != 0)
        for day in ["2019-01-01", "2026-06-30"] {
            let contradiction = line(asOf: day, facts: #""cert": "first", "hnte": false"#)
            #expect(reader.read(Array(contradiction.utf8)[...], &scratch, keeping: .open(runDay: nil)) == nil, "\(day)")
        }
        // The same facts, well formed, are read (and not kept).
        let good = line(asOf: "2026-06-30", facts: #""old_rate": "5", "old_items": [{"amount": "1"}, {"late": null}]"#)
        #expect(reader.read(Array(good.utf8)[...], &scratch, keeping: .open(runDay: nil)) != nil)
    }

    /// The CSV fast path keeps the same facts as the JSON Lines one: a row's `as_of` is known
    /// before its facts, and rows read one after another over the facts handed back are read as
    /// they are read afresh.
    @Test func aCSVRowKeepsOnlyTheFactsOfTheDocumentsOpenOnTheDay() throws {
        let columns = ["as_of", "old_rate", "flag", "cert", "old_items[0].amount", "old_items[1].amount", "old_items[1].late",
                       "late_ok", "late_amount", "now_amount", "hnte"]
        let header = try CSVHeader(columns, facts: Self.program.facts, clauses: Set(Self.program.clauses.keys))
        let lines = try #require(BoundLineReader(program: Self.program))
        let reader = try #require(BoundCSVReader(header: header, lines: lines))
        var scratch = reader.scratch()
        let values = "5,true,first,30,7.5,true,true,12,40,"
        let days: [(String, [String])] = [
            ("2021-06-30", ["late_ok", "late_amount", "now_amount"]),
            ("2026-06-30", ["old_rate", "old_items"]),
            ("2024-06-30", ["old_rate", "old_items", "late_ok", "late_amount"]),
            ("2026-06-30", ["old_rate", "old_items"]),
            ("2021-06-30", ["late_ok", "late_amount", "now_amount"]),
        ]
        for (day, unread) in days {
            let bound = try #require(reader.read(Array("\(day),\(values)".utf8)[...], &scratch, keeping: .open(runDay: nil)))
            #expect(bound.facts == (try expected(line(asOf: day), unread: unread)).facts, "\(day)")
            #expect(bound.unreadClosedOn == Day(iso: day))
            reader.recycle(bound.facts, &scratch)
        }
        // A row that gives fewer facts, read over one that gave them all: the others are absent.
        let few = try #require(reader.read(Array("2021-06-30,,true,second,,,,,,,".utf8)[...], &scratch, keeping: .open(runDay: nil)))
        #expect(few.facts == (try expected(line(asOf: "2021-06-30", facts: #""flag": true, "cert": "second""#), unread: [])).facts)
        reader.recycle(few.facts, &scratch)
        // The run's day holds for every row; a row with no day and none for the run keeps all.
        let fixed = try #require(reader.read(Array(",\(values)".utf8)[...], &scratch, keeping: .open(runDay: Day(iso: "2026-06-30"))))
        #expect(fixed.facts == (try expected(line(asOf: nil), unread: ["old_rate", "old_items"])).facts)
        #expect(fixed.unreadClosedOn == Day(iso: "2026-06-30"))
        let whole = try #require(reader.read(Array(",\(values)".utf8)[...], &scratch, keeping: .open(runDay: nil)))
        #expect(whole.facts == (try expected(line(asOf: nil), unread: [])).facts)
        #expect(whole.unreadClosedOn == nil)
        // A bad value of a fact not kept still sends the row to the slow path, and so does a
        // contradiction between facts an implication joins, on any day.
        for bad in ["2026-06-30,oops,true,first,30,,,,,,", "2026-06-30,5,true,first,thirty,,,,,,", "2026-06-30,5,true,first,,,maybe,,,,",
                    "2019-01-01,,,first,,,,,,,false", "2026-06-30,5,true,first,30,,,,,,false"] {
            #expect(reader.read(Array(bad.utf8)[...], &scratch, keeping: .open(runDay: nil)) == nil, "\(bad)")
        }
    }

    /// `batch` writes the same records and summary as the slow path, which keeps every fact, on
    /// lines of every kind of day, with and without a day for the run.
    @Test func batchWritesWhatKeepingEveryFactWrites() throws {
        let days = ["2021-06-30", "2024-06-30", "2025-06-30", "2026-06-30", "2019-01-01", nil]
        var lines: [String] = []
        for (index, day) in days.enumerated() {
            lines.append(line(asOf: day))
            // A fact implied false beside the fact that implies it is an error on every day, even
            // one on which every document is closed.
            lines.append(line(asOf: day, facts: #""cert": "first", "hnte": false"#))
            lines.append(line(asOf: day, facts: #""flag": \#(index % 2 == 0), "cert": "second", "old_items": [{"amount": "\#(index)"}], "late_ok": false"#))
            lines.append(line(asOf: day, facts: #""old_rate": "oops""#))
        }
        let input = Array(lines.joined(separator: "\n").utf8)
        for runDay in [nil, "2021-06-30", "2026-06-30"] {
            func run(fast: Bool) throws -> ([UInt8], BatchSummary) {
                var options = Batch.Options(today: Day(iso: "2025-06-30")!)
                options.asOf = runDay.flatMap { Day(iso: $0) }
                return try runBatch(input, program: Self.program, options: options, fast: fast)
            }
            let (slowBytes, slowSummary) = try run(fast: false)
            let (fastBytes, fastSummary) = try run(fast: true)
            #expect(fastBytes == slowBytes, "run day \(runDay ?? "none")")
            #expect(fastSummary == slowSummary)
            #expect(slowSummary.failed == days.count * 2)
            #expect(slowSummary.total > .zero)
        }
    }
}
