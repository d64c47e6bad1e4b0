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

    /// The mantissa is kept as two machine words: every value, on either side of each word's
    /// bounds and of either sign, reads back as it was made, and the value is word-aligned.
    @Test func mantissasAcrossTheWordBoundaryReadBackExactly() throws {
        let two64 = Int128(1) << 64
        let bounds: [Int128] = [0, 1, -1, Int128(Int64.max), Int128(Int64.min), Int128(UInt64.max), two64, -two64, two64 + 1, -two64 - 1,
                                two64 - 1, -(two64 - 1), Int128.max, -Int128.max, Int128.max >> 1, (-Int128.max) >> 1]
        for mantissa in bounds {
            let value = try ExactDecimal(mantissa: mantissa, scale: 0)
            #expect(value.mantissa == mantissa, "\(mantissa)")
            #expect(value.description == "\(mantissa)")
            #expect(value.isNegative == (mantissa < 0) && value.isZero == (mantissa == 0))
        }
        #expect(MemoryLayout<ExactDecimal>.alignment == MemoryLayout<UInt64>.alignment)
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
        #expect(Day(iso: "2024-02-29")!.addingYears(2)?.description == "2026-02-28")
        #expect(Day(iso: "2018-12-08")!.addingYears(3)?.addingDays(-1).description == "2021-12-07")
        #expect(Day(iso: "2025-02-30") == nil)
    }

    @Test func yearsAddedPastTheCalendarGiveNoDay() {
        // Adding `Int.max` years used to trap on the overflow of the year or of `365 * count`.
        let day = Day(iso: "2024-02-29")!
        #expect(day.addingYears(Int.max) == nil)
        #expect(day.addingYears(Int.min) == nil)
        #expect(day.addingYears(7976) == nil)
        #expect(day.addingYears(7975)?.description == "9999-02-28")
        #expect(day.addingYears(-2024) == nil)
        #expect(day.addingYears(-2023)?.description == "0001-02-28")
    }
}

/// Amounts at the edges of the range: each of these printed a wrong figure, compared wrongly or
/// trapped before.
@Suite struct ExactDecimalEdgeTests {
    @Test func largeAmountsAreShownInTenThousandsWithTheRightFigure() {
        // 2×10¹³ 元 is 2×10⁹ 万元; it used to print the 元 figure with the 万元 label.
        #expect(Value.displayMoney(decimal("20000000000000"), .cny) == "2,000,000,000.00万元")
        #expect(Value.displayMoney(decimal("17014118346046923173168730371588410572.7"), .cny)
            == "1,701,411,834,604,692,317,316,873,037,158,841.05727万元")
        #expect(Value.displayMoney(.least, .usd) == "-17,014,118,346,046,923,173,168,730,371,588,410.5727万美元")
        #expect(EvaluationReport.wan(decimal("123456789012345678901234.5")) == "12345678901234567890.12345")
        #expect(Value.displayMoney(decimal("0.000000000000000000000001"), .cny) == "0.00万元")
        #expect(Value.displayMoney(decimal("-0.004"), .cny) == "0.00万元")
        #expect(Value.displayMoney(decimal("-123.45"), .cny) == "-0.012345万元")
        #expect(Value.displayMoney(decimal("1.005"), .cny) == "0.000101万元")
    }

    @Test func comparisonIsExactWhenTheDifferenceDoesNotFit() {
        // The difference of these needs more than 39 digits; the comparison used to look at the scales.
        let large = decimal("100000000000000000000")
        let fine = decimal("99999999999999.999999999999999999999999")
        #expect(fine < large)
        #expect(!(large < fine))
        #expect(decimal("-100000000000000000000") < fine.negated())
        #expect(ExactDecimal.least < decimal("0.000000000000000000000001").negated())
        #expect(decimal("0.000000000000000000000001") < .greatest)
    }

    @Test func negatingTheLeastValueIsExact() throws {
        #expect(ExactDecimal.least.negated() == .greatest)
        #expect(ExactDecimal(parsing: "-170141183460469231731687303715884105727") == .least)
        // One beyond the symmetric range is not a number the type holds.
        #expect(ExactDecimal(parsing: "-170141183460469231731687303715884105728") == nil)
        #expect(throws: ArithmeticError.overflow) { try ExactDecimal.least.subtracting(.one) }
        #expect(throws: ArithmeticError.overflow) { try ExactDecimal.least.multiplied(by: ExactDecimal(-1)).adding(.one) }
        #expect(try ExactDecimal.least.divided(by: ExactDecimal(-1)) == .greatest)
    }

    @Test func parsingAcceptsEveryWayOfWritingARepresentableNumber() {
        #expect(ExactDecimal(parsing: "1." + String(repeating: "0", count: 200)) == .one)
        #expect(ExactDecimal(parsing: String(repeating: "0", count: 200) + "7") == ExactDecimal(7))
        #expect(ExactDecimal(parsing: "0." + String(repeating: "0", count: 23) + "1")?.scale == 24)
        #expect(ExactDecimal(parsing: "0." + String(repeating: "0", count: 24) + "1") == nil)
        #expect(ExactDecimal(parsing: String(repeating: "9", count: 10_000)) == nil)
        #expect(ExactDecimal(parsing: "-") == nil)
        #expect(ExactDecimal(parsing: ".") == nil)
        #expect(ExactDecimal(parsing: "١٢") == nil)
        #expect(ExactDecimal(parsing: "-0") == .zero)
    }

    @Test func largeQuotientsAndProductsAreRoundedNotRefused() throws {
        // 2×10¹⁴ / 3 used to overflow while scaling the dividend.
        #expect(try decimal("200000000000000").divided(by: ExactDecimal(3))
            == decimal("66666666666666.666666666666666666666667"))
        #expect(try decimal("1000000000000000000000").divided(by: ExactDecimal(10_000)) == decimal("100000000000000000"))
        // 4×10³⁷ × 0.5: the product of the mantissas does not fit, the value does.
        #expect(try decimal("40000000000000000000000000000000000000").multiplied(by: decimal("0.5"))
            == decimal("20000000000000000000000000000000000000"))
        #expect(try decimal("0.000000000000000000000001").multiplied(by: decimal("0.5")) == .zero)
        #expect(try decimal("0.000000000000000000000003").multiplied(by: decimal("0.5")) == decimal("0.000000000000000000000002"))
    }

    @Test func roundingToAnyNumberOfPlacesNeverTraps() throws {
        #expect(try decimal("12345.678").rounded(toPlaces: -2, .halfUp) == ExactDecimal(12_300))
        #expect(try decimal("12345.678").rounded(toPlaces: Int.min, .down) == .zero)
        #expect(throws: ArithmeticError.overflow) { try decimal("0.5").rounded(toPlaces: Int.min, .up) }
        #expect(try decimal("1.5").rounded(toPlaces: Int.max, .up) == decimal("1.5"))
        #expect(throws: ArithmeticError.overflow) { try ExactDecimal.greatest.rounded(toPlaces: -1, .up) }
        #expect(decimal("1.5").formatted(minimumPlaces: Int.max).count == 2 + ExactDecimal.maxShownPlaces)
    }
}
