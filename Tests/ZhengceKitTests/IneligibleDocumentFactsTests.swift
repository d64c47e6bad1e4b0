import Testing
@testable import ZhengceKit

/// `batch` decides, from a line's facts, the documents whose eligibility reads facts alone, and
/// does not keep the other facts of a document the applicant is not eligible for (they are read
/// as strictly): the records and the summary are those of a run that keeps every fact.
@Suite struct IneligibleDocumentFactsTests {
    /// `a` and `c` decide eligibility on one-fact tests (`c` on an `or` of two facts); `b` on a
    /// comparison, which the reader does not decide. `shared` is read by `a` and `b`; `a_items`
    /// holds records.
    static let sources = [
        SourceFile(path: "a.policy", text: """
        policy a {
          title "甲"
          valid from 2024-01-01
          money in 万元 rounded to 0.01 half-up
          eligible when district == "x" "注册地"
          eligible when not banned "失信"
        }

        fact district: choice {"x", "y"} "注册地"
        fact banned: bool "失信"
        fact a_amount: money in 万元 "金额"
        fact shared: money in 万元 "共用"
        fact a_items: list of record {
          amount: money in 万元 "金额",
          late: bool = false "逾期"
        } "事项"

        clause 1 "甲补助" (第一条) {
          amount a_amount * 10% + shared * 1%
        }

        clause 2 "甲事项" (第二条) {
          when a_items is not empty "有事项"
          amount sum(i in a_items where not i.late: i.amount) * 20%
        }
        """),
        SourceFile(path: "b.policy", text: """
        policy b {
          title "乙"
          valid from 2024-01-01
          money in 万元 rounded to 0.01 half-up
          eligible when b_rate > 0% "比例"
        }

        fact b_rate: percent "比例"
        fact shared: money in 万元 "共用"

        clause 1 "乙补助" (第一条) {
          amount shared * b_rate
        }
        """),
        SourceFile(path: "c.policy", text: """
        policy c {
          title "丙"
          valid from 2024-01-01
          money in 万元 rounded to 0.01 half-up
          eligible when c_ok or c_kind in {"p", "q"} "资格"
        }

        fact c_ok: bool "资格"
        fact c_kind: choice {"p", "q", "r"} "类别"
        fact c_amount: money in 万元 "金额"

        clause 1 "丙补助" (第一条) {
          amount c_amount * 50%
        }
        """),
    ]

    static let program = checkedProgram(sources)

    static let rest = #""a_amount": "100", "shared": "50", "a_items": [{"amount": "30"}, {"amount": "7.5", "late": true}], "b_rate": "5", "c_amount": "8""#

    func line(_ facts: String, asOf: String? = "2025-06-30") -> String {
        asOf.map { #"{"as_of": "\#($0)", "facts": {\#(facts)}}"# } ?? #"{"facts": {\#(facts)}}"#
    }

    /// The line as the slow path binds it, with the slots of `unread` facts holding their absent
    /// values.
    func expected(_ line: String, unread: [String]) throws -> BoundApplicant {
        try slowBinding(line, program: Self.program, unread: unread)
    }

    @Test func theDocumentsWhoseEligibilityReadsFactsAloneAreTheOnesDecided() throws {
        let reader = try #require(BoundLineReader(program: Self.program))
        let compiled = try #require(Self.program.compiled)
        let index = Dictionary(uniqueKeysWithValues: compiled.documents.enumerated().map { ($1.id, $0) })
        let bits = try ["a", "c"].map { 1 << UInt64(try #require(index[$0])) }.reduce(0, |)
        #expect(reader.gatedDocuments == bits)
        // The facts those eligibilities read are never left to wait; the others may be.
        let deferrable = Dictionary(uniqueKeysWithValues: zip(reader.factNames.strings, reader.deferrable))
        #expect(deferrable == ["district": false, "banned": false, "c_ok": false, "c_kind": false,
                               "a_amount": true, "shared": true, "a_items": true, "b_rate": true, "c_amount": true])
    }

    @Test func keepsOnlyTheFactsOfTheDocumentsTheApplicantMayBeEligibleFor() throws {
        let reader = try #require(BoundLineReader(program: Self.program))
        var scratch = reader.scratch()
        // (the gate facts, the facts not kept), read one after another over the facts handed
        // back, as `batch` reads them: a fact left unread on one line is kept on the next, and
        // the other way round. `shared` is kept whenever `b` is open, whatever `a` decides.
        let cases: [(String, [String])] = [
            (#""district": "y", "c_ok": true"#, ["a_amount", "a_items"]),
            (#""district": "x", "c_ok": false, "c_kind": "r""#, ["c_amount"]),
            (#""district": "x", "banned": true, "c_kind": "p""#, ["a_amount", "a_items"]),
            (#""district": "x", "banned": false, "c_ok": false"#, []),
            (#""banned": true, "c_ok": false, "c_kind": "q""#, ["a_amount", "a_items"]),
            (#""c_ok": false"#, []),
            (#""district": "y", "c_ok": false, "c_kind": "r""#, ["a_amount", "a_items", "c_amount"]),
            (#""district": "x""#, []),
        ]
        // Line after line, then each followed by a line that gives none of the other facts.
        for bare in [false, true] {
            for (gates, unread) in cases {
                let text = line("\(gates), \(Self.rest)")
                let bound = try #require(reader.read(Array(text.utf8)[...], &scratch, keeping: .open(runDay: nil)))
                let want = try expected(text, unread: unread)
                #expect(bound.facts == want.facts, "\(gates)")
                reader.recycle(bound.facts, &scratch)
                guard bare else { continue }
                let none = line(gates)
                let next = try #require(reader.read(Array(none.utf8)[...], &scratch, keeping: .open(runDay: nil)))
                #expect(next.facts == (try expected(none, unread: [])).facts, "\(gates) then none")
                reader.recycle(next.facts, &scratch)
            }
        }
        // Keeping every fact reads the line as the slow path binds it.
        let text = line(#""district": "y", "c_ok": false, \#(Self.rest)"#)
        let all = try #require(reader.read(Array(text.utf8)[...], &scratch))
        #expect(all.facts == (try expected(text, unread: [])).facts)
    }

    /// A fact left unread is read as strictly: a value the fast path would decline is declined.
    @Test func aBadValueOfAFactNotKeptIsStillDeclined() throws {
        let reader = try #require(BoundLineReader(program: Self.program))
        var scratch = reader.scratch()
        let bad = [
            #""a_amount": "abc""#, #""a_amount": true"#, #""a_items": [{"amount": true}]"#, #""a_items": [{"amount": "1", "amount": "2"}]"#,
            #""a_items": [{"other": "1"}]"#, #""a_items": {"amount": "1"}"#, #""a_items": [{"amount": "1"},]"#, #""a_amount": "-5""#,
            #""a_amount": "1", "a_amount": "2""#,
        ]
        for facts in bad {
            let text = line(#""district": "y", \#(facts)"#)
            #expect(reader.read(Array(text.utf8)[...], &scratch, keeping: .open(runDay: nil)) == nil, "\(facts)")
        }
        // The same facts, well formed, are read (and not kept).
        let good = line(#""district": "y", "a_amount": "1", "a_items": [{"amount": "1"}, {"late": null}]"#)
        let bound = try #require(reader.read(Array(good.utf8)[...], &scratch, keeping: .open(runDay: nil)))
        #expect(bound.facts == (try expected(good, unread: ["a_amount", "a_items"])).facts)
    }

    /// The CSV fast path leaves out the same facts, row after row over the facts handed back.
    @Test func aCSVRowKeepsOnlyTheFactsOfTheDocumentsTheApplicantMayBeEligibleFor() throws {
        let columns = ["as_of", "district", "banned", "c_ok", "c_kind", "a_amount", "shared", "a_items[0].amount", "a_items[1].amount",
                       "a_items[1].late", "b_rate", "c_amount"]
        let header = try CSVHeader(columns, facts: Self.program.facts, clauses: Set(Self.program.clauses.keys))
        let lines = try #require(BoundLineReader(program: Self.program))
        let reader = try #require(BoundCSVReader(header: header, lines: lines))
        var scratch = reader.scratch()
        let rest = "100,50,30,7.5,true,5,8"
        let json = #""a_amount": "100", "shared": "50", "a_items": [{"amount": "30"}, {"amount": "7.5", "late": true}], "b_rate": "5", "c_amount": "8""#
        // (the gate cells, the same as JSON members, the facts not kept)
        let cases: [(String, String, [String])] = [
            ("y,,true,", #""district": "y", "c_ok": true"#, ["a_amount", "a_items"]),
            ("x,,false,r", #""district": "x", "c_ok": false, "c_kind": "r""#, ["c_amount"]),
            ("x,false,false,", #""district": "x", "banned": false, "c_ok": false"#, []),
            ("y,,false,r", #""district": "y", "c_ok": false, "c_kind": "r""#, ["a_amount", "a_items", "c_amount"]),
            (",true,,q", #""banned": true, "c_kind": "q""#, ["a_amount", "a_items"]),
            (",,,", "", []),
        ]
        for bare in [false, true] {
            for (cells, members, unread) in cases {
                let bound = try #require(reader.read(Array("2025-06-30,\(cells),\(rest)".utf8)[...], &scratch, keeping: .open(runDay: nil)))
                let facts = members.isEmpty ? json : "\(members), \(json)"
                #expect(bound.facts == (try expected(line(facts), unread: unread)).facts, "\(cells)")
                reader.recycle(bound.facts, &scratch)
                guard bare else { continue }
                let none = try #require(reader.read(Array("2025-06-30,\(cells),,,,,,,".utf8)[...], &scratch, keeping: .open(runDay: nil)))
                #expect(none.facts == (try expected(line(members), unread: [])).facts, "\(cells) then none")
                reader.recycle(none.facts, &scratch)
            }
        }
        // A bad value of a fact not kept still sends the row to the slow path.
        let bad = ["2025-06-30,y,,,,oops,50,,,,,", "2025-06-30,y,,,,,,thirty,,,,", "2025-06-30,y,,,,,,,,maybe,,"]
        for row in bad {
            #expect(reader.read(Array(row.utf8)[...], &scratch, keeping: .open(runDay: nil)) == nil, "\(row)")
        }
        // `batch --input csv` writes what the slow path writes.
        var rows = [columns.joined(separator: ",")] + bad
        for (cells, _, _) in cases {
            rows += ["2025-06-30,\(cells),\(rest)", "2023-06-30,\(cells),\(rest)", ",\(cells),3,,,,,,", "2025-06-30,\(cells),,,,,,,"]
        }
        let input = Array(rows.joined(separator: "\n").utf8)
        func run(fast: Bool) throws -> ([UInt8], BatchSummary) {
            var options = Batch.Options(today: Day(iso: "2025-06-30")!)
            options.input = .csv
            return try runBatch(input, program: Self.program, options: options, fast: fast)
        }
        let (slowBytes, slowSummary) = try run(fast: false)
        let (fastBytes, fastSummary) = try run(fast: true)
        #expect(fastBytes == slowBytes)
        #expect(fastSummary == slowSummary)
        #expect(slowSummary.failed == bad.count)
        #expect(slowSummary.granted > 0)
    }

    /// `batch` writes the same records and summary as the slow path, which keeps every fact, for
    /// every combination of verdicts, with and without a day for the run.
    @Test func batchWritesWhatKeepingEveryFactWrites() throws {
        var lines: [String] = []
        let districts = [#""district": "x""#, #""district": "y""#, nil]
        let banned = [#""banned": true"#, #""banned": false"#, nil]
        let oks = [#""c_ok": true"#, #""c_ok": false"#, nil]
        let kinds = [#""c_kind": "p""#, #""c_kind": "r""#, nil]
        let rests = [Self.rest, #""a_amount": "3", "a_items": [], "c_amount": "2""#, #""shared": "oops""#, ""]
        var count = 0
        for district in districts {
            for ban in banned {
                for ok in oks {
                    for kind in kinds {
                        let rest = rests[count % rests.count]
                        count += 1
                        let facts = ([district, ban, ok, kind] + [rest.isEmpty ? nil : rest]).compactMap { $0 }.joined(separator: ", ")
                        // Some lines give their day after their facts, which are then read before
                        // the day is known.
                        if count % 7 == 3 {
                            lines.append(#"{"facts": {\#(facts)}, "as_of": "2025-06-30"}"#)
                        } else {
                            lines.append(line(facts, asOf: count % 5 == 0 ? "2023-06-30" : "2025-06-30"))
                        }
                    }
                }
            }
        }
        let input = Array(lines.joined(separator: "\n").utf8)
        var granted = 0
        for runDay in [nil, "2025-06-30", "2023-06-30"] {
            func run(fast: Bool) throws -> ([UInt8], BatchSummary) {
                var options = Batch.Options(today: Day(iso: "2025-06-30")!)
                options.asOf = runDay.flatMap { Day(iso: $0) }
                return try runBatch(input, program: Self.program, options: options, fast: fast)
            }
            let (slowBytes, slowSummary) = try run(fast: false)
            let (fastBytes, fastSummary) = try run(fast: true)
            #expect(fastBytes == slowBytes, "run day \(runDay ?? "none")")
            #expect(fastSummary == slowSummary)
            #expect(slowSummary.failed > 0)
            granted += slowSummary.granted
        }
        #expect(granted > 0)
    }
}
