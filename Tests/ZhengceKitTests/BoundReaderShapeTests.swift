import Testing
@testable import ZhengceKit

/// The value shapes the fast readers share: built once per program, one object per declared
/// value, and each amount's unit worked out as a power of ten before any line is read.
@Suite struct BoundReaderShapeTests {
    let reader = BoundLineReader(program: BoundLineReaderTests.program)

    func shape(_ fact: String) throws -> BoundLineReader.Shape {
        let reader = try #require(reader)
        return reader.factShapes[try #require(reader.factNames.strings.firstIndex(of: fact))].takeUnretainedValue()
    }

    func amount(_ text: String, _ shape: BoundLineReader.AmountShape) -> ExactDecimal? {
        Array(text.utf8).withUnsafeBufferPointer { BoundLineReader.quantity($0[...], shape) }
    }

    @Test func shapesAreSharedObjectsOfTheirKind() throws {
        let increases = try shape("increases")
        #expect(increases.kind == .list && increases.isNested)
        let item = try #require(increases.element)
        #expect(item.kind == .record && item.isNested)
        let fields = try #require(item.record)
        #expect(fields.fields.strings == ["amount", "late"])
        #expect(fields.shapes[0].kind == .quantity && !fields.shapes[0].isNested)
        #expect(try shape("tags").kind == .set && shape("tags").choices?.strings == ["a", "b", "c"])
        #expect(try shape("name_text").kind == .text && shape("name_text").choices == nil)
        // The CSV reader reads a column by the very shape object of its fact.
        let reader = try #require(self.reader)
        let header = try CSVHeader(["applicant", "premium"], facts: BoundLineReaderTests.program.facts, clauses: Set(BoundLineReaderTests.program.clauses.keys))
        let csv = try #require(BoundCSVReader(header: header, lines: reader))
        let node = try #require(csv.facts.first.map { csv.nodes[$0.node] })
        #expect(node.kind == .cell, "a money column is read as one cell")
        let premium = try #require(node.shape?.takeUnretainedValue())
        #expect(try premium === shape("premium"))
    }

    @Test func amountsKnowTheirUnitsPowerOfTenBeforeReading() throws {
        guard case .money(.cny, .exponent(4)?)? = try shape("premium").amount?.reading else {
            Issue.record("万元 is read as a shift by four places")
            return
        }
        guard case .money(.usd, .exponent(6)?)? = try shape("usd").amount?.reading else {
            Issue.record("百万美元 is read as a shift by six places")
            return
        }
        guard case .price(.exponent(4))? = try shape("monthly_rent").amount?.reading, case .percent? = try shape("rate").amount?.reading,
              case .plain? = try shape("area").amount?.reading else {
            Issue.record("prices, percentages and plain numbers are told apart once")
            return
        }
        guard case .factor(let three) = DecimalBytes.Scale(ExactDecimal(3)) else {
            Issue.record("a factor that is no power of ten is kept to multiply by")
            return
        }
        #expect(three == ExactDecimal(3))
    }

    @Test func amountsReadByTheirPrecomputedUnit() throws {
        let premium = try #require(try shape("premium").amount)
        #expect(amount("1.5", premium) == ExactDecimal(15_000))
        #expect(amount("2亿", premium) == ExactDecimal(200_000_000))
        #expect(amount("3美元", premium) == nil, "a unit in another currency goes to the slow path")
        #expect(amount("-1", premium) == nil)
        // A declared unit in a currency other than the amount's: only a written unit can be read.
        let mixed = BoundLineReader.AmountShape(.money(.usd), .money(.wan), .nonNegative)
        #expect(amount("5", mixed) == nil)
        #expect(amount("5万美元", mixed) == ExactDecimal(50_000))
        let odd = BoundLineReader.AmountShape(.money(.cny), .money(MoneyUnit(name: "三元", currency: .cny, factor: ExactDecimal(3))), .signed)
        #expect(amount("-0.5", odd) == (try ExactDecimal(mantissa: -15, scale: 1)))
        #expect(amount("2%", try #require(try shape("rate").amount)) == (try ExactDecimal(mantissa: 2, scale: 2)))
        #expect(amount("2", try #require(try shape("area").amount)) == ExactDecimal(2))
        #expect(amount("2m²", try #require(try shape("area").amount)) == nil)
    }
}
