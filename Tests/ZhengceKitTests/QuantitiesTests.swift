import Testing
@testable import ZhengceKit

/// Areas, durations and prices, on the fixture document
/// `Fixtures/policies/units/quantities.policy` and on inline policies.
@Suite struct QuantitiesTests {
    static let program = mechanicsProgram("quantities")

    func run(_ facts: String) throws -> Evaluation {
        try evaluate(facts, asOf: "2025-06-30", program: Self.program)
    }

    @Test(arguments: [
        ("18个月", "18", Dimension.number(unit: "月")),
        ("3年", "3", .number(unit: "年")),
        ("30天", "30", .number(unit: "天")),
        ("500平方米", "500", .number(unit: "m²")),
        ("500m²", "500", .number(unit: "m²")),
        ("50元/m²/月", "50", .price(.cny, per: "m²/月")),
        ("1.5万/平方米", "15000", .price(.cny, per: "m²")),
        ("0.5%/年", "0.005", .number(unit: "/年")),
        ("30天/月", "30", .number(unit: "天/月")),
    ])
    func literalsCarryTheirUnits(written: String, value: String, dimension: Dimension) throws {
        let (tokens, diagnostics) = Lexer.tokenize(SourceFile(path: "t", text: written))
        #expect(diagnostics.items.isEmpty)
        #expect(tokens.first?.kind == .number && tokens.first?.text == written)
        let parsed = try #require(Parser.numberValue(written))
        #expect(parsed.0 == decimal(value))
        #expect(parsed.1 == dimension)
    }

    /// A unit's name stands for its text: equal texts make equal names (hashed alike), whether
    /// written as a literal or made from a string, from any number of threads at once; the text
    /// reads back as written; and the dimension that holds one stays small enough for a `Cell`.
    @Test func unitNamesAreTheirTexts() async {
        let texts = (0..<200).map { "单位\($0)/m²" }
        let made: [[UnitName]] = await withTaskGroup(of: [UnitName].self) { group in
            for round in 0..<8 {
                let order = round % 2 == 0 ? texts : texts.reversed()
                group.addTask { () -> [UnitName] in order.map { UnitName($0) }.sorted { $0.text < $1.text } }
            }
            var all: [[UnitName]] = []
            for await names in group { all.append(names) }
            return all
        }
        let sorted = texts.sorted()
        #expect(made.count == 8)
        for names in made {
            #expect(names.map { $0.text } == sorted)
            #expect(names == made[0])
            #expect(names.map { $0.hashValue } == made[0].map { $0.hashValue })
        }
        let month: UnitName = "月"
        #expect(month == UnitName(String("个月".dropFirst())))
        #expect(month != UnitName("年") && month.text == "月" && "\(Dimension.price(.cny, per: "m²/月"))" == "price (CNY per m²/月)")
        #expect(Dimension.number(unit: UnitName("m²")) == .number(unit: "m²"))
        #expect(MemoryLayout<Dimension>.size <= 12)
    }

    /// Every kind of value the evaluator holds fits in four words (a number with its dimension,
    /// missing facts, a record), so that a population's facts take 32 bytes each.
    @Test func aCellIsFourWords() {
        #expect(MemoryLayout<ExactDecimal>.size <= 17)
        #expect(MemoryLayout<MissingFacts>.size <= 24)
        #expect(MemoryLayout<Cell>.stride <= 32)
        #expect(MemoryLayout<Cell?>.stride <= 32)
    }

    @Test func aPriceTimesAnAreaAndADurationIsMoney() throws {
        // 1000 m² × min(50% × 5元, 3元)/m²/天 × 30天/月 × 18个月 = 1,350,000元.
        let result = try run("{\"office_area\": \"1000\", \"rent_price\": \"5\"}")
        #expect(result.granted("quantities:1") == "135.00")
        #expect(result.clause("quantities:1")!.trace.contains { $0.text.contains("price = ") && $0.text.contains("2.5元/m²/天") })
        // The price held at its ceiling, given with its unit.
        #expect(try run("{\"office_area\": \"200\", \"rent_price\": \"8元/m²/天\"}").granted("quantities:1") == "32.40")
    }

    @Test func aMonthlyPriceForTheMonthsOfALease() throws {
        let result = try run("{\"monthly_rent\": \"3\", \"lease_term\": 30}")
        #expect(result.granted("quantities:2") == "21.60")
        #expect(result.clause("quantities:2")!.trace.contains { $0.text == "min(30个月, 24个月) = 24个月" })
        #expect(try run("{\"monthly_rent\": \"3\", \"lease_term\": 10}").granted("quantities:2") == "9.00")
    }

    @Test func aYearlyRateOverThreeYearsIsPaidByYear() throws {
        let outcome = try #require(try run("{\"purchase_value\": \"2000\"}").clause("quantities:3"))
        #expect(EvaluationReport.wan(outcome.granted) == "30.00")
        #expect(outcome.installments.map { EvaluationReport.wan($0.amount) } == ["10.00", "10.00", "10.00"])
    }

    @Test func aPriceGivenInAnotherUnitIsRejected() throws {
        let file = SourceFile(path: "<test>", text: "{\"facts\": {\"office_area\": \"10\", \"rent_price\": \"5元/m²/月\"}}")
        #expect(throws: (any Error).self) { try ApplicantReader.read(file, program: Self.program) }
    }

    func codes(_ body: String) -> [String] {
        diagnose(header + body).map(\.code.rawValue)
    }

    let facts = """
    fact area: number in "m²" "面积"
    fact value: money in 万元 "价款"
    fact rent: money in "元/m²/月" "租金单价"
    fact months: number in "个月" "月数"

    """

    @Test func unitsThatDoNotMakeMoneyAreLocatedErrors() {
        let clause = { (amount: String) in self.facts + "clause 1 \"a\" (第一条) {\n  amount \(amount)\n}\n" }
        #expect(codes(clause("area * 500元")).contains("Z214"))
        #expect(codes(clause("value * months")).contains("Z214"))
        #expect(codes(clause("area * rent * 3年")).contains("Z215"))
        #expect(codes(clause("value * 0.5%/年 * 36个月")).contains("Z215"))
        #expect(codes(clause("area * rent * (months + 1年)")).contains("Z215"))
        #expect(codes(clause("area * rent")).contains("Z201"))
        #expect(codes(clause("rent * rent")).contains("Z204"))
        // Correct combinations, in any order, and a stated conversion.
        // Money times a count with a label of its own stays money.
        #expect(diagnose(header + "fact staff: number in \"人\" \"人数\"\nclause 1 \"a\" (第一条) {\n  amount staff * 1万 + 100万 / staff\n}\n").isEmpty)
        for amount in ["area * rent * months", "months * area * rent", "rent * 18个月 * area", "value * 0.5%/年 * (36个月 * 1年 / 12个月)", "area * 500元/m²"] {
            #expect(codes(clause(amount)).filter { $0 != "Z408" }.isEmpty, "\(amount)")
        }
    }

    @Test func literalDurationsAreNotMistypedRates() {
        let clause = { (amount: String) in self.facts + "clause 1 \"a\" (第一条) {\n  amount \(amount)\n}\n" }
        #expect(!codes(clause("value * 0.5%/年 * 3年")).contains("Z308"))
        #expect(!codes(clause("area * rent * 18个月")).contains("Z308"))
        #expect(codes(clause("value * 18")).contains("Z308"))
    }

    @Test func theFormatterKeepsUnitsOnTheirNumbers() throws {
        let text = header + facts + "clause 1 \"a\" (第一条) {\n  amount   area*rent*18个月 + value*0.5%/年*3年\n}\n"
        let formatted = try Formatter.format(SourceFile(path: "t.policy", text: text))
        #expect(formatted.contains("amount area * rent * 18个月 + value * 0.5%/年 * 3年\n"))
    }
}
