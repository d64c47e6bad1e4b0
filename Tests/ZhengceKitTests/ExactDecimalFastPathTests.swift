import Testing
@testable import ZhengceKit

/// The machine-word paths of `ExactDecimal` against its general path, on seeded random values
/// drawn around the edges: Int64.max/min neighbourhoods, every scale 0…24, values that leave
/// Int64 only once aligned, zero, results with trailing zeros, exact halves for every mode.
/// Every comparison is of representations (mantissa and scale) or of the error thrown.
@Suite struct ExactDecimalFastPathTests {
    /// The population's seeded generator, for the standard library's random draws.
    struct Generator: RandomNumberGenerator {
        var source: SplitMix64
        init(state: UInt64) { source = SplitMix64(seed: state) }
        mutating func next() -> UInt64 { source.next() }
    }

    static let modes: [ExactDecimal.Rounding] = [.halfUp, .halfEven, .down, .up]

    static func mantissa(_ random: inout Generator) -> Int128 {
        let sign: Int128 = Bool.random(using: &random) ? -1 : 1
        let near = Int128(Int.random(in: 0..<1_000, using: &random))
        switch Int.random(in: 0..<10, using: &random) {
        case 0: return sign * Int128(Int.random(in: 0..<1_000, using: &random))
        case 1, 2:
            let digits = Int.random(in: 1...18, using: &random)
            return sign * Int128(Int64.random(in: 0..<Int64(ExactDecimal.wordPowers[digits]), using: &random))
        case 3: return [Int128(Int64.max) - near, Int128(Int64.min) + near, Int128(Int64.max) + 1 + near,
                        Int128(Int64.min) - 1 - near][Int.random(in: 0..<4, using: &random)]
        case 4:
            let factor: Int128 = [1, 2, 5, 25, 125, 3][Int.random(in: 0..<6, using: &random)]
            return sign * factor * Int128(ExactDecimal.wordPowers[Int.random(in: 0...18, using: &random)])
        case 5: return 0
        case 6: return sign * (Int128.max - near)
        case 7: return sign * Int128(Int64.random(in: 0...Int64.max, using: &random)) * Int128(Int.random(in: 1...1_000_000, using: &random))
        default:
            let bits = UInt128(random.next()) << 64 | UInt128(random.next())
            return sign * Int128(bits >> (1 + Int.random(in: 0..<126, using: &random)))
        }
    }

    static func scale(_ random: inout Generator) -> Int {
        Bool.random(using: &random) ? Int.random(in: 0...6, using: &random) : Int.random(in: 0...24, using: &random)
    }

    static func value(_ random: inout Generator) -> ExactDecimal {
        ExactDecimal.generalNarrow(mantissa(&random), scale: scale(&random)) ?? .zero
    }

    /// A value that is exactly half a unit of its `places`-th fractional digit past a multiple.
    static func halfway(_ random: inout Generator) -> (ExactDecimal, Int) {
        let scale = Int.random(in: 1...18, using: &random)
        let places = Int.random(in: 0..<scale, using: &random)
        let whole = Int128(Int.random(in: 0..<100_000, using: &random))
        let mantissa = whole * Int128(ExactDecimal.wordPowers[scale - places]) + 5 * Int128(ExactDecimal.wordPowers[scale - places - 1])
        let value = ExactDecimal.generalNarrow(Bool.random(using: &random) ? -mantissa : mantissa, scale: scale) ?? .zero
        return (value, places)
    }

    /// Divisors as documents use them: small whole numbers, units, percentages.
    static func divisor(_ random: inout Generator) -> ExactDecimal {
        let choices = ["2", "3", "4", "7", "8", "10", "100", "10000", "-10000", "0.01", "0.2", "12", "365", "1", "-1", "0.1"]
        return Int.random(in: 0..<3, using: &random) == 0 ? value(&random)
            : ExactDecimal.generalParsing(choices[Int.random(in: 0..<choices.count, using: &random)]) ?? .one
    }

    struct Tally {
        var failures: [String] = []
        var cases = 0
        mutating func same<T: Equatable>(_ fast: T, _ general: T, _ what: @autoclosure () -> String) {
            cases += 1
            if fast != general && failures.count < 20 { failures.append("\(what()): \(fast) ≠ \(general)") }
        }
    }

    static func result(_ body: () throws(ArithmeticError) -> ExactDecimal) -> Result<ExactDecimal, ArithmeticError> {
        Result(catching: body)
    }

    @Test func arithmeticMatchesTheGeneralPath() {
        var random = Generator(state: 20_251_130)
        var tally = Tally()
        var took = (sum: 0, product: 0, quotient: 0, less: 0)
        for _ in 0..<8_000 {
            let a = Self.value(&random)
            let b = Self.value(&random)
            tally.same(Self.result { () throws(ArithmeticError) in try a.adding(b) },
                       Self.result { () throws(ArithmeticError) in try a.generalAdding(b) }, "\(a) + \(b)")
            tally.same(Self.result { () throws(ArithmeticError) in try a.subtracting(b) },
                       Self.result { () throws(ArithmeticError) in try a.generalAdding(b.negated()) }, "\(a) - \(b)")
            tally.same(Self.result { () throws(ArithmeticError) in try a.multiplied(by: b) },
                       Self.result { () throws(ArithmeticError) in try a.generalMultiplied(by: b) }, "\(a) × \(b)")
            let d = Self.divisor(&random)
            tally.same(Self.result { () throws(ArithmeticError) in try a.divided(by: d) },
                       Self.result { () throws(ArithmeticError) in try a.generalDivided(by: d) }, "\(a) ÷ \(d)")
            tally.same(Self.result { () throws(ArithmeticError) in try a.divided(by: b) },
                       Self.result { () throws(ArithmeticError) in try a.generalDivided(by: b) }, "\(a) ÷ \(b)")
            tally.same(a < b, ExactDecimal.generalLess(a, b), "\(a) < \(b)")
            tally.same(b < a, ExactDecimal.generalLess(b, a), "\(b) < \(a)")
            tally.same(a == b, !ExactDecimal.generalLess(a, b) && !ExactDecimal.generalLess(b, a), "\(a) == \(b)")
            if a.smallSum(b, subtracting: false) != nil { took.sum += 1 }
            if a.smallProduct(b) != nil { took.product += 1 }
            if a.smallQuotient(d) != nil || a.quotientByPowerOfTen(d) != nil { took.quotient += 1 }
            if ExactDecimal.smallLess(a, b) != nil { took.less += 1 }
        }
        #expect(tally.failures.isEmpty, "\(tally.failures.joined(separator: "\n"))")
        #expect(tally.cases == 64_000)
        // The draw exercises both paths of each operation.
        for count in [took.sum, took.product, took.quotient, took.less] { #expect(count > 1_600 && count < 7_200, "\(took)") }
    }

    @Test func equalValuesHashAlike() {
        var random = Generator(state: 7)
        for _ in 0..<2_000 {
            let a = Self.value(&random)
            let again = ExactDecimal.generalParsing(a.generalFormatted(shiftedLeft: 0, minimumPlaces: 3, maximumPlaces: nil, rounding: .down, grouped: false))
            #expect(again == a)
            #expect(again?.hashValue == a.hashValue)
        }
        #expect(Set([ExactDecimal(parsing: "1.50"), ExactDecimal(parsing: "1.5"), ExactDecimal(parsing: "+01.500")]).count == 1)
    }

    @Test func roundingMatchesTheGeneralPathIncludingExactHalves() throws {
        var random = Generator(state: 99)
        var tally = Tally()
        for _ in 0..<8_000 {
            let a = Self.value(&random)
            // Below zero as far as past a word's powers of ten (an amount in 元 rounded to
            // 0.01万元 is rounded to places −2).
            let places = Int.random(in: -22...26, using: &random)
            let (half, halfPlaces) = Self.halfway(&random)
            for mode in Self.modes {
                tally.same(Self.result { () throws(ArithmeticError) in try a.rounded(toPlaces: places, mode) },
                           Self.result { () throws(ArithmeticError) in try a.generalRounded(toPlaces: places, mode) }, "\(a) \(mode) \(places)")
                tally.same(Self.result { () throws(ArithmeticError) in try half.rounded(toPlaces: halfPlaces, mode) },
                           Self.result { () throws(ArithmeticError) in try half.generalRounded(toPlaces: halfPlaces, mode) }, "\(half) \(mode) \(halfPlaces)")
            }
        }
        #expect(tally.failures.isEmpty, "\(tally.failures.joined(separator: "\n"))")
        // Exact halves in both directions, and a quotient that is exactly half its last place.
        #expect(try ExactDecimal(parsing: "2.5")?.rounded(toPlaces: 0, .halfEven) == ExactDecimal(2))
        #expect(try ExactDecimal(parsing: "-3.5")?.rounded(toPlaces: 0, .halfEven) == ExactDecimal(-4))
        #expect(try ExactDecimal(parsing: "-2.5")?.rounded(toPlaces: 0, .halfUp) == ExactDecimal(-3))
        let tiny = ExactDecimal(parsing: "0.000000000000000000000003")
        #expect(try tiny?.divided(by: ExactDecimal(2)) == ExactDecimal(parsing: "0.000000000000000000000002"))
        #expect(try ExactDecimal.one.divided(by: ExactDecimal(3)) == ExactDecimal(parsing: "0.333333333333333333333333"))
    }

    /// A document's rounding, its point moved where the amount in the unit is exact, against
    /// dividing into the unit, rounding and multiplying back: every money unit, places from 0 to 4,
    /// every mode, exact halves of the unit's last place, values up to 24 places and at the
    /// edges of the range (whose division is not exact, or overflows).
    @Test func roundingInAUnitMatchesDividingRoundingAndMultiplying() throws {
        var random = Generator(state: 1_202)
        var tally = Tally()
        let units = MoneyUnit.all
        for _ in 0..<4_000 {
            let unit = units[Int.random(in: 0..<units.count, using: &random)]
            let (half, halfPlaces) = Self.halfway(&random)
            let places = halfPlaces <= 4 ? halfPlaces : Int.random(in: 0...4, using: &random)
            let rule = RoundingRule(unit: unit, places: places, mode: Self.modes[Int.random(in: 0..<4, using: &random)])
            // `half` read as an amount in the unit, in 元: a tie at the rule's places when they match.
            let tie = (try? half.multiplied(by: unit.factor)) ?? half
            for amount in [Self.value(&random), tie] {
                for mode in [nil, ExactDecimal.Rounding.down] {
                    tally.same(Self.result { () throws(ArithmeticError) in try rule.round(amount, mode) },
                               Self.result { () throws(ArithmeticError) in
                                   try amount.divided(by: unit.factor).rounded(toPlaces: rule.places, mode ?? rule.mode).multiplied(by: unit.factor)
                               }, "\(amount) in \(unit.name) at \(rule.places) \(mode ?? rule.mode)")
                }
            }
        }
        #expect(tally.failures.isEmpty, "\(tally.failures.joined(separator: "\n"))")
        #expect(tally.cases == 16_000)
        // 12345.5 元 is 1.2346 万元: 1.23 万元 at 0.01 half-up.
        let amount = try #require(ExactDecimal(parsing: "12345.5"))
        #expect(try RoundingRule.standard.round(amount) == ExactDecimal(12_300))
    }

    @Test func normalisingMatchesTheGeneralPath() {
        var random = Generator(state: 3)
        var tally = Tally()
        for _ in 0..<40_000 {
            var mantissa = Self.mantissa(&random)
            if Bool.random(using: &random) {
                let (times, overflow) = mantissa.multipliedReportingOverflow(by: Int128(ExactDecimal.wordPowers[Int.random(in: 0...19, using: &random)]))
                if !overflow { mantissa = times }
            }
            let scale = Int.random(in: -1...30, using: &random)
            tally.same(ExactDecimal.narrow(mantissa, scale: scale), ExactDecimal.generalNarrow(mantissa, scale: scale), "\(mantissa)e-\(scale)")
        }
        tally.same(ExactDecimal.narrow(.min, scale: 0), nil, "Int128.min")
        #expect(tally.failures.isEmpty, "\(tally.failures.joined(separator: "\n"))")
    }

    @Test func textMatchesTheGeneralPath() {
        var random = Generator(state: 11)
        var tally = Tally()
        for _ in 0..<15_000 {
            let a = Self.value(&random)
            let shift = [-1, 0, 0, 4, 8, 38, 40][Int.random(in: 0..<7, using: &random)]
            let minimum = [-1, 0, 0, 2, 2, 6, 64, 70][Int.random(in: 0..<8, using: &random)]
            let maximum = [nil, nil, -1, 0, 2, 6, 19, 30][Int.random(in: 0..<8, using: &random)]
            let mode = Self.modes[Int.random(in: 0..<4, using: &random)]
            let grouped = Bool.random(using: &random)
            tally.same(a.formatted(shiftedLeft: shift, minimumPlaces: minimum, maximumPlaces: maximum, rounding: mode, grouped: grouped),
                       a.generalFormatted(shiftedLeft: shift, minimumPlaces: minimum, maximumPlaces: maximum, rounding: mode, grouped: grouped),
                       "\(a.mantissa)e-\(a.scale) \(shift) \(minimum) \(String(describing: maximum)) \(mode) \(grouped)")
        }
        #expect(tally.failures.isEmpty, "\(tally.failures.joined(separator: "\n"))")
        #expect(ExactDecimal(-5).formatted(minimumPlaces: 2, maximumPlaces: 0, grouped: true) == "-5.00")
        #expect(ExactDecimal(parsing: "-0.004")?.formatted(shiftedLeft: 0, minimumPlaces: 2, maximumPlaces: 2) == "0.00")
    }

    static func parsedGenerically<Text: StringProtocol>(_ text: Text) -> ExactDecimal? { ExactDecimal(parsing: text) }

    @Test func parsingMatchesTheGeneralPath() {
        var random = Generator(state: 5)
        var tally = Tally()
        let fixed = ["", "-", "+", ".", "-.", "+.", "5.", ".5", "-0", "-0.000", "+0", "00012.3400", "1e5", "12.3.4", "1,000",
                     " 1", "1 ", "--1", "+-1", "٣", "１", "0." + String(repeating: "0", count: 23) + "1",
                     "0." + String(repeating: "0", count: 24) + "1", "1." + String(repeating: "0", count: 40),
                     "170141183460469231731687303715884105727", "170141183460469231731687303715884105728",
                     "-170141183460469231731687303715884105727.000", "340282366920938463463374607431768211456",
                     "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
                     "18446744073709551616", "999999999999999999", "1000000000000000000", "10000000000000000000"]
        for text in fixed { tally.same(ExactDecimal(parsing: text), ExactDecimal.generalParsing(text), text) }
        for _ in 0..<20_000 {
            var text = Self.value(&random).generalFormatted(shiftedLeft: 0, minimumPlaces: 0, maximumPlaces: nil, rounding: .down, grouped: false)
            switch Int.random(in: 0..<8, using: &random) {
            case 0: text = "+" + text
            case 1: text = text.hasPrefix("-") ? "-000" + text.dropFirst() : "00" + text
            case 2: text += text.contains(".") ? "000" : ".000"
            case 3: text += text.contains(".") ? "7" : "."
            case 4: text.insert(["x", ".", "-", "0"][Int.random(in: 0..<4, using: &random)], at: text.index(text.startIndex, offsetBy: Int.random(in: 0...text.count, using: &random)))
            default: break
            }
            tally.same(ExactDecimal(parsing: text), ExactDecimal.generalParsing(text), text)
            tally.same(ExactDecimal(parsing: text[...]), ExactDecimal.generalParsing(text[...]), text)
            tally.same(ExactDecimal.parsed(utf8: Array(text.utf8)), ExactDecimal.generalParsing(text), text)
            // The generic reading, which the `String` and `Substring` ones stand in for.
            tally.same(Self.parsedGenerically(text), ExactDecimal.generalParsing(text), text)
        }
        #expect(tally.failures.isEmpty, "\(tally.failures.joined(separator: "\n"))")
    }
}
