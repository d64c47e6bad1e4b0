import Testing
@testable import ZhengceKit

@Suite struct ExactDecimalTests {
    @Test func parsesAndFormatsExactly() {
        #expect(decimal("1234.560").formatted() == "1234.56")
        #expect(decimal("0.1").formatted(minimumPlaces: 2) == "0.10")
        #expect(decimal("50").formatted(minimumPlaces: 2) == "50.00")
        #expect(decimal("-0.05").formatted(minimumPlaces: 2) == "-0.05")
        #expect(decimal("1234567.5").grouped(places: 2) == "1,234,567.50")
        #expect(ExactDecimal(parsing: "1e5") == nil)
        #expect(ExactDecimal(parsing: "12.3.4") == nil)
        #expect(ExactDecimal(parsing: "") == nil)
    }

    @Test func addsWithoutBinaryFloatingPoint() throws {
        // 0.1 + 0.2 is exactly 0.3 in decimal.
        #expect(try decimal("0.1").adding(decimal("0.2")) == decimal("0.3"))
        #expect(try decimal("100.02").multiplied(by: decimal("0.5")) == decimal("50.01"))
    }

    @Test func roundsHalfUpAwayFromZero() throws {
        #expect(try decimal("5.005").rounded(toPlaces: 2, .halfUp) == decimal("5.01"))
        #expect(try decimal("5.0049").rounded(toPlaces: 2, .halfUp) == decimal("5.00"))
        #expect(try decimal("-5.005").rounded(toPlaces: 2, .halfUp) == decimal("-5.01"))
        #expect(try decimal("0.125").rounded(toPlaces: 2, .halfEven) == decimal("0.12"))
    }

    @Test func overflowAndDivisionByZeroThrowInsteadOfTrapping() {
        let huge = decimal("99999999999999999999999999999999999")
        #expect(throws: ArithmeticError.overflow) { try huge.multiplied(by: huge) }
        let largest = decimal("99999999999999999999999999999999999999")
        #expect(throws: ArithmeticError.overflow) { try largest.adding(largest) }
        #expect(throws: ArithmeticError.divisionByZero) { try decimal("1").divided(by: .zero) }
    }

    @Test func dividesExactlyWhenTheQuotientTerminates() throws {
        #expect(try decimal("1").divided(by: decimal("8")) == decimal("0.125"))
        #expect(try decimal("236").divided(by: decimal("200")) == decimal("1.18"))
    }

    @Test func datesAddYearsWithLeapDayFallback() {
        #expect(Day(iso: "2024-02-29")!.addingYears(2).description == "2026-02-28")
        #expect(Day(iso: "2018-12-08")!.addingYears(3).addingDays(-1).description == "2021-12-07")
        #expect(Day(iso: "2025-02-30") == nil)
    }
}
