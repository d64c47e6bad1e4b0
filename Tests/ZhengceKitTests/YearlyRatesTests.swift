import Testing
@testable import ZhengceKit

/// Rates by year of the applicant's history (`yearly t in list: … { years 1 to 2 => 100% … }`)
/// on the fixture document `Fixtures/policies/units/yearly.policy` and on inline policies.
@Suite struct YearlyRatesTests {
    static let program = mechanicsProgram("yearly")

    func run(_ settled: String, _ years: [(Int, String)]) throws -> Evaluation {
        let list = years.map { "{\"year\": \($0.0), \"amount\": \"\($0.1)\"}" }.joined(separator: ", ")
        return try evaluate("{\"settled_on\": \"\(settled)\", \"district_tax\": [\(list)]}", asOf: "2026-06-30", program: Self.program)
    }

    @Test func eachYearTakesTheRateOfItsBand() throws {
        // Settled 2021: 2021 and 2022 at 100%, 2023 and 2025 at 50%, 2026 (year 6) nothing:
        // 100 + 100 + 50 + 50 = 300.
        let result = try run("2021-03-01", [(2021, "100"), (2022, "100"), (2023, "100"), (2025, "100"), (2026, "100")])
        #expect(result.granted("yearly:1") == "300.00")
    }

    @Test func theYearsCountFromTheFirstYearOfTheHistory() throws {
        // The same figures, settled a year later: 2021 is before year 1.
        let result = try run("2022-01-01", [(2021, "100"), (2022, "100"), (2023, "100"), (2024, "100")])
        #expect(result.granted("yearly:1") == "250.00")
    }

    @Test func capsApplyPerYearAndInTotal() throws {
        // 400 at 100% is held to 300 a year.
        #expect(try run("2021-01-01", [(2021, "400")]).granted("yearly:1") == "300.00")
        // 300 + 300 + 3 × 300 = 1500 → 1000 in all.
        let total = try run("2020-01-01", (2020...2024).map { ($0, "600") })
        #expect(total.granted("yearly:1") == "1000.00")
    }

    @Test func theTraceExplainsEachYear() throws {
        let trace = try run("2021-03-01", [(2020, "50"), (2022, "400"), (2023, "300")]).clause("yearly:1")!.trace.map(\.text)
        #expect(trace.contains("2020 is before year 1 (2021): no rate for it"))
        #expect(trace.contains("2022 is year 2 from 2021 (years 1–2): 100% × 400.00万元 = 400.00万元, held to 300.00万元 a year"))
        #expect(trace.contains("2023 is year 3 from 2021 (years 3–5): 50% × 300.00万元 = 150.00万元"))
    }

    @Test func yearsOutOfOrderAreAFailureNotAGuess() throws {
        let result = try run("2021-01-01", [(2022, "100"), (2021, "100")])
        #expect(result.status("yearly:1") == .undetermined)
        #expect(result.failures.contains { $0.contains("gives year 2021 after 2022") })
    }

    @Test func yearsFarFromTheStartNeverOverflow() throws {
        // The largest year there is: no band, nothing granted.
        #expect(try run("2021-01-01", [(Int.max, "1")]).status("yearly:1") == .refused)
        // Counted from a year before 0 it cannot be counted at all: a failure, not a crash.
        let text = header + "fact xs: list of record { year: count \"年\", amount: money in 万元 \"额\" } \"逐年\"\nclause 1 \"a\" (第一条) {\n  amount yearly t in xs: t.amount at t.year from -10 {\n    years 1 to 2 => 100%\n  }\n}\n"
        let program = try #require(Zhengce.load([SourceFile(path: "t.policy", text: text)]).program)
        let result = try evaluate("{\"xs\": [{\"year\": \(Int.max), \"amount\": \"1\"}]}", asOf: "2026-06-30", program: program)
        #expect(result.status("t:1") == .undetermined)
        #expect(result.failures.contains { $0.contains("too far from the first year") })
    }

    @Test func aMissingStartLeavesTheAmountUndetermined() throws {
        let result = try evaluate("{\"district_tax\": [{\"year\": 2021, \"amount\": \"1\"}]}", asOf: "2026-06-30", program: Self.program)
        #expect(result.status("yearly:1") == .undetermined)
        #expect(result.clause("yearly:1")?.missingFacts == ["settled_on"])
    }

    @Test func coverageCountsEachBandOfYears() throws {
        let bands = CoverageItem.all(in: Self.program).filter { $0.kind == .years }
        #expect(bands.count == 2)
        let exercised = try run("2021-01-01", [(2021, "1")]).exercised
        #expect(exercised.contains(bands[0].key) && !exercised.contains(bands[1].key))
    }

    func codes(_ bands: String, value: String = "t.amount") -> [String] {
        diagnose(header + """
        fact district_tax: list of record { year: count "年度", amount: money in 万元 "贡献" } "逐年贡献"
        fact settled_on: date "落户日期"
        clause 1 "a" (第一条) {
          amount yearly t in district_tax: \(value) at t.year from year(settled_on) {
            \(bands)
          }
        }
        """).map(\.code.rawValue)
    }

    @Test func theBandsAreContiguousFromYearOneWithSharesAsRates() {
        #expect(codes("years 1 to 2 => 100%\n years 3 to 5 => 50%\n cap 300万 per year").isEmpty)
        #expect(codes("year 1 => 100%\n years 2 to 3 => 50%").isEmpty)
        #expect(codes("years 2 to 3 => 100%").contains("Z320"))
        #expect(codes("years 1 to 3 => 100%\n years 3 to 5 => 50%").contains("Z320"))
        #expect(codes("years 1 to 2 => 100%\n years 4 to 5 => 50%").contains("Z320"))
        #expect(codes("years 3 to 1 => 100%").contains("Z320"))
        #expect(codes("years 1 to 2.5 => 100%").contains("Z320"))
        #expect(codes("years 1 to 9223372036854775807 => 100%").contains("Z320"))
        #expect(codes("years 1 to 2 => 101%").contains("Z321"))
        #expect(codes("years 1 to 2 => t.amount").contains("Z321"))
        #expect(codes("years 1 to 2 => 100%", value: "t.year").contains("Z201"))
        #expect(codes("years 1 to 2 => 100%\n cap 3 per year").contains("Z201"))
    }

    @Test func theFormatterKeepsTheForm() throws {
        let text = header + "fact xs: list of record { year: count \"年\", amount: money in 万元 \"额\" } \"逐年\"\nclause 1 \"a\" (第一条) {\n  amount yearly t in xs:t.amount at t.year from 2020 {\n  years 1 to 2=>100%\n      cap 5万 per year\n  }\n}\n"
        let formatted = try Formatter.format(SourceFile(path: "t.policy", text: text))
        #expect(formatted.contains("  amount yearly t in xs: t.amount at t.year from 2020 {\n    years 1 to 2 => 100%\n    cap 5万 per year\n  }\n"))
    }

    @Test func mutantsMoveRatesYearsAndCaps() {
        let text = header + "fact xs: list of record { year: count \"年\", amount: money in 万元 \"额\" } \"逐年\"\nclause 1 \"a\" (第一条) {\n  amount yearly t in xs: t.amount at t.year from 2020 {\n    years 1 to 2 => 100%\n    cap 5万 per year\n  }\n}\n"
        let changes = Mutants.all(of: Zhengce.load([SourceFile(path: "t.policy", text: text)])).map { "\($0.old) → \($0.new)" }
        #expect(changes.contains("100% → 99%"))
        #expect(changes.contains("2 → 3"))
        #expect(changes.contains("5万 → 6万"))
    }
}
