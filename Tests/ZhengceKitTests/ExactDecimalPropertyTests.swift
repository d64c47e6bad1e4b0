import Testing
@testable import ZhengceKit

/// A plain unsigned big integer (base 2³² limbs, least significant first), written only as an
/// independent reference for `ExactDecimal`: slow and simple on purpose.
struct BigNat: Comparable, CustomStringConvertible {
    var limbs: [UInt32]  // no leading (most significant) zero limbs; zero is []

    init(_ value: UInt128) {
        var rest = value
        limbs = []
        while rest != 0 {
            limbs.append(UInt32(truncatingIfNeeded: rest))
            rest >>= 32
        }
    }

    init(limbs: [UInt32]) {
        var trimmed = limbs
        while trimmed.last == 0 { trimmed.removeLast() }
        self.limbs = trimmed
    }

    var isZero: Bool { limbs.isEmpty }

    static func < (a: BigNat, b: BigNat) -> Bool {
        if a.limbs.count != b.limbs.count { return a.limbs.count < b.limbs.count }
        for index in stride(from: a.limbs.count - 1, through: 0, by: -1) where a.limbs[index] != b.limbs[index] {
            return a.limbs[index] < b.limbs[index]
        }
        return false
    }

    static func + (a: BigNat, b: BigNat) -> BigNat {
        var result: [UInt32] = []
        var carry: UInt64 = 0
        for index in 0..<max(a.limbs.count, b.limbs.count) {
            let sum = UInt64(index < a.limbs.count ? a.limbs[index] : 0) + UInt64(index < b.limbs.count ? b.limbs[index] : 0) + carry
            result.append(UInt32(truncatingIfNeeded: sum))
            carry = sum >> 32
        }
        result.append(UInt32(carry))
        return BigNat(limbs: result)
    }

    /// `a - b` for `a ≥ b`.
    static func - (a: BigNat, b: BigNat) -> BigNat {
        var result: [UInt32] = []
        var borrow: Int64 = 0
        for index in 0..<a.limbs.count {
            var difference = Int64(a.limbs[index]) - Int64(index < b.limbs.count ? b.limbs[index] : 0) - borrow
            borrow = difference < 0 ? 1 : 0
            if difference < 0 { difference += 1 << 32 }
            result.append(UInt32(difference))
        }
        return BigNat(limbs: result)
    }

    static func * (a: BigNat, b: BigNat) -> BigNat {
        if a.isZero || b.isZero { return BigNat(0) }
        var result = [UInt32](repeating: 0, count: a.limbs.count + b.limbs.count + 1)
        for i in 0..<a.limbs.count {
            var carry: UInt64 = 0
            for j in 0..<b.limbs.count {
                let product = UInt64(a.limbs[i]) * UInt64(b.limbs[j]) + UInt64(result[i + j]) + carry
                result[i + j] = UInt32(truncatingIfNeeded: product)
                carry = product >> 32
            }
            var k = i + b.limbs.count
            while carry != 0 {
                let sum = UInt64(result[k]) + carry
                result[k] = UInt32(truncatingIfNeeded: sum)
                carry = sum >> 32
                k += 1
            }
        }
        return BigNat(limbs: result)
    }

    var bitWidth: Int { limbs.isEmpty ? 0 : limbs.count * 32 - limbs[limbs.count - 1].leadingZeroBitCount }

    func bit(_ index: Int) -> Bool { (limbs[index / 32] >> UInt32(index % 32)) & 1 == 1 }

    /// Bit-by-bit long division.
    func divided(by divisor: BigNat) -> (quotient: BigNat, remainder: BigNat) {
        precondition(!divisor.isZero)
        var quotient = [UInt32](repeating: 0, count: limbs.count)
        var remainder = BigNat(0)
        for index in stride(from: bitWidth - 1, through: 0, by: -1) {
            remainder = remainder + remainder
            if bit(index) { remainder = remainder + BigNat(1) }
            if !(remainder < divisor) {
                remainder = remainder - divisor
                quotient[index / 32] |= 1 << UInt32(index % 32)
            }
        }
        return (BigNat(limbs: quotient), remainder)
    }

    static let tens: [BigNat] = {
        var result = [BigNat(1)]
        for _ in 0..<120 { result.append(result[result.count - 1] * BigNat(10)) }
        return result
    }()

    static func ten(_ exponent: Int) -> BigNat { tens[exponent] }

    /// Short division by one limb.
    func divided(bySmall divisor: UInt32) -> (quotient: BigNat, remainder: UInt32) {
        var quotient = [UInt32](repeating: 0, count: limbs.count)
        var remainder: UInt64 = 0
        for index in stride(from: limbs.count - 1, through: 0, by: -1) {
            let current = remainder << 32 | UInt64(limbs[index])
            quotient[index] = UInt32(current / UInt64(divisor))
            remainder = current % UInt64(divisor)
        }
        return (BigNat(limbs: quotient), UInt32(remainder))
    }

    var description: String {
        if isZero { return "0" }
        var digits: [Character] = []
        var rest = self
        while !rest.isZero {
            let (quotient, remainder) = rest.divided(bySmall: 10)
            digits.append(Character(String(remainder)))
            rest = quotient
        }
        return String(digits.reversed())
    }
}

/// A reference decimal: `±magnitude × 10^-scale`, any size.
struct RefDecimal: Equatable {
    var negative: Bool
    var magnitude: BigNat
    var scale: Int

    init(negative: Bool, _ magnitude: BigNat, scale: Int) {
        self.negative = negative && !magnitude.isZero
        self.magnitude = magnitude
        self.scale = scale
    }

    init(_ value: ExactDecimal) {
        self.init(negative: value.isNegative, BigNat(value.mantissa.magnitude), scale: value.scale)
    }

    /// The magnitude at `target ≥ scale`.
    func at(_ target: Int) -> BigNat { magnitude * BigNat.ten(target - scale) }

    static let limit = BigNat(UInt128(Int128.max))

    /// What `ExactDecimal` must hold for this value: nil when it is not representable.
    var representable: (mantissa: Int128, scale: Int)? {
        var digits = magnitude
        var places = scale
        while places > 0 {
            let (quotient, remainder) = digits.divided(bySmall: 10)
            if remainder != 0 { break }
            digits = quotient
            places -= 1
        }
        guard places <= ExactDecimal.maxScale, !(RefDecimal.limit < digits) else { return nil }
        var value: Int128 = 0
        for limb in digits.limbs.reversed() { value = value << 32 | Int128(limb) }
        return (negative ? -value : value, digits.isZero ? 0 : places)
    }

    /// `numerator / denominator` (magnitudes) rounded half-even to `places` digits, with sign.
    static func quotient(_ numerator: BigNat, _ denominator: BigNat, negative: Bool, places: Int, _ mode: ExactDecimal.Rounding) -> RefDecimal {
        let (quotient, remainder) = (numerator * BigNat.ten(places)).divided(by: denominator)
        let twice = remainder + remainder
        let away: Bool
        switch mode {
        case .down: away = false
        case .up: away = !remainder.isZero
        case .halfUp: away = !(twice < denominator)
        case .halfEven: away = denominator < twice || (twice == denominator && quotient.limbs.first.map { $0 & 1 == 1 } == true)
        }
        return RefDecimal(negative: negative, away ? quotient + BigNat(1) : quotient, scale: places)
    }
}

extension BigNat: Equatable {}

/// The result the documented rule gives for a product or quotient: the exact value
/// `numerator / (denominator × 10^scale)` when representable, else that value rounded half-even
/// to the most places (at most 24) that fit, else overflow (nil).
func expectedFitted(_ numerator: BigNat, _ denominator: BigNat, scale: Int, negative: Bool) -> (Int128, Int)? {
    let divisor = denominator * BigNat.ten(scale)
    // Not even the integer part fits: overflow at any number of places.
    if RefDecimal.limit < numerator.divided(by: divisor).quotient { return nil }
    let (quotient, remainder) = (numerator * BigNat.ten(ExactDecimal.maxScale)).divided(by: divisor)
    if remainder.isZero, let value = RefDecimal(negative: negative, quotient, scale: ExactDecimal.maxScale).representable { return value }
    for places in stride(from: ExactDecimal.maxScale, through: 0, by: -1) {
        if let value = RefDecimal.quotient(numerator, divisor, negative: negative, places: places, .halfEven).representable { return value }
    }
    return nil
}

@Suite struct ExactDecimalPropertyTests {
    /// Mantissas at the edges of the range and in between.
    static let mantissas: [Int128] = [
        0, 1, 5, 7, 123_456_789,
        Int128(UInt64.max) + 1, Int128(10).power(19), Int128(10).power(24) + 1,
        Int128.max / 10, Int128.max / 3, Int128(10).power(38) - 1, Int128(10).power(38) + 7,
        Int128.max - 1, Int128.max,
    ]
    static let scales = [0, 1, 2, 13, 23, 24]

    static let values: [ExactDecimal] = {
        var result: [ExactDecimal] = []
        for mantissa in mantissas {
            for scale in scales {
                for negative in [false, true] {
                    if let value = try? ExactDecimal.exact(negative: negative, WideUInt(UInt128(mantissa)), scale: scale), !result.contains(value) {
                        result.append(value)
                    }
                }
            }
        }
        return result
    }()

    /// A smaller set for the slower reference operations (division, products).
    static let fewer: [ExactDecimal] = values.enumerated().filter { $0.offset % 3 == 0 }.map(\.element)
        + [.greatest, .least, .one, ExactDecimal.one.negated()]

    static func check(_ result: Result<ExactDecimal, ArithmeticError>, _ expected: (Int128, Int)?, _ what: String) {
        switch (result, expected) {
        case (.success(let value), let (mantissa, scale)?):
            #expect(value.mantissa == mantissa && value.scale == scale, "\(what): got \(value), expected \(RefDecimal(negative: mantissa < 0, BigNat(mantissa.magnitude), scale: scale))")
        case (.success(let value), nil):
            Issue.record("\(what): got \(value), expected overflow")
        case (.failure(let error), let expected?):
            Issue.record("\(what): threw \(error), expected \(expected)")
        case (.failure(let error), nil):
            #expect(error == .overflow, "\(what)")
        }
    }

    @Test func valuesCoverTheWholeRange() {
        #expect(Self.values.count > 120)
        #expect(Self.values.contains(.greatest) && Self.values.contains(.least))
        #expect(ExactDecimal.least == ExactDecimal.greatest.negated())
        #expect(ExactDecimal.least.negated() == .greatest)
    }

    @Test func comparisonIsExactForEveryPair() {
        for a in Self.values {
            for b in Self.values {
                let target = max(a.scale, b.scale)
                let (x, y) = (RefDecimal(a), RefDecimal(b))
                let expectedLess: Bool
                switch (x.negative, y.negative) {
                case (true, false): expectedLess = true
                case (false, true): expectedLess = false
                case (false, false): expectedLess = x.at(target) < y.at(target)
                case (true, true): expectedLess = y.at(target) < x.at(target)
                }
                let expectedEqual = x.negative == y.negative && x.at(target) == y.at(target)
                #expect((a < b) == expectedLess, "\(a) < \(b)")
                #expect((a == b) == expectedEqual, "\(a) == \(b)")
            }
        }
    }

    static func referenceSum(_ a: ExactDecimal, _ b: ExactDecimal, subtract: Bool) -> (Int128, Int)? {
        let target = max(a.scale, b.scale)
        let x = RefDecimal(a)
        var y = RefDecimal(b)
        if subtract { y.negative = !y.negative && !y.magnitude.isZero }
        let (p, q) = (x.at(target), y.at(target))
        if x.negative == y.negative { return RefDecimal(negative: x.negative, p + q, scale: target).representable }
        if q < p { return RefDecimal(negative: x.negative, p - q, scale: target).representable }
        return RefDecimal(negative: y.negative, q - p, scale: target).representable
    }

    @Test func additionAndSubtractionAreExactOrOverflow() {
        for a in Self.values {
            for b in Self.values {
                Self.check(Result { () throws(ArithmeticError) in try a.adding(b) }, Self.referenceSum(a, b, subtract: false), "\(a) + \(b)")
                Self.check(Result { () throws(ArithmeticError) in try a.subtracting(b) }, Self.referenceSum(a, b, subtract: true), "\(a) - \(b)")
            }
        }
    }

    @Test func multiplicationMatchesTheReference() {
        for a in Self.fewer {
            for b in Self.fewer {
                let (x, y) = (RefDecimal(a), RefDecimal(b))
                let expected = expectedFitted(x.magnitude * y.magnitude, BigNat(1), scale: a.scale + b.scale,
                                              negative: x.negative != y.negative)
                Self.check(Result { () throws(ArithmeticError) in try a.multiplied(by: b) }, expected, "\(a) × \(b)")
            }
        }
    }

    @Test func divisionMatchesTheReference() {
        for a in Self.fewer {
            for b in Self.fewer where !b.isZero {
                let (x, y) = (RefDecimal(a), RefDecimal(b))
                // a / b = (x.m × 10^b.scale) / (y.m × 10^a.scale)
                let expected = expectedFitted(x.magnitude * BigNat.ten(b.scale), y.magnitude, scale: a.scale,
                                              negative: x.negative != y.negative)
                Self.check(Result { () throws(ArithmeticError) in try a.divided(by: b) }, expected, "\(a) ÷ \(b)")
            }
            #expect(throws: ArithmeticError.divisionByZero) { try a.divided(by: .zero) }
        }
    }

    @Test func roundingMatchesTheReference() {
        let modes: [ExactDecimal.Rounding] = [.halfUp, .halfEven, .down, .up]
        for a in Self.values {
            for places in [-40, -39, -3, -1, 0, 1, 2, 6, 23, 24, 30] {
                for mode in modes {
                    let expected: (Int128, Int)?
                    let x = RefDecimal(a)
                    if a.scale <= places {
                        expected = (a.mantissa, a.scale)
                    } else if places >= 0 {
                        expected = RefDecimal.quotient(x.magnitude, BigNat.ten(a.scale), negative: x.negative, places: places, mode).representable
                    } else {
                        let whole = RefDecimal.quotient(x.magnitude, BigNat.ten(a.scale - places), negative: x.negative, places: 0, mode)
                        expected = RefDecimal(negative: whole.negative, whole.magnitude * BigNat.ten(-places), scale: 0).representable
                    }
                    Self.check(Result { () throws(ArithmeticError) in try a.rounded(toPlaces: places, mode) }, expected, "\(a) rounded \(mode) to \(places)")
                }
            }
        }
    }

    @Test func negationIsExactAndTextRoundTrips() throws {
        for a in Self.values {
            #expect(a.negated().negated() == a)
            #expect(try a.adding(a.negated()) == .zero)
            let text = a.formatted()
            #expect(ExactDecimal(parsing: text) == a, "\(text)")
            #expect(text == (a.isNegative ? "-" : "") + RefDecimal(a).plain(places: a.scale))
        }
    }

    @Test func textInTenThousandsIsRightForEveryValue() {
        for a in Self.values {
            let x = RefDecimal(a)
            // Exactly, point moved four places: the JSON report's figure.
            let shifted = RefDecimal(negative: x.negative, x.magnitude, scale: a.scale + 4)
            var exact = shifted.plain(places: a.scale + 4)
            while exact.hasSuffix("0"), exact.split(separator: ".")[1].count > 2 { exact.removeLast() }
            #expect(EvaluationReport.wan(a) == (a.isNegative ? "-" : "") + exact, "\(a)")
            // The person's text: half-up to at most six places, at least two, grouped.
            let rounded = RefDecimal.quotient(x.magnitude, BigNat.ten(a.scale + 4), negative: x.negative, places: 6, .halfUp)
            var plain = rounded.plain(places: 6)
            while plain.hasSuffix("0"), plain.split(separator: ".")[1].count > 2 { plain.removeLast() }
            let parts = plain.split(separator: ".")
            let grouped = String(parts[0]).reversed().enumerated()
                .map { $0.offset > 0 && $0.offset % 3 == 0 ? ",\($0.element)" : "\($0.element)" }.joined().reversed()
            let expected = (rounded.negative ? "-" : "") + String(grouped) + "." + parts[1] + "万元"
            #expect(Value.displayMoney(a, .cny) == expected, "\(a)")
            #expect(Value.money(a).display == expected)
        }
    }
}

extension RefDecimal {
    /// The digits with the point `places ≥ scale` from the right, unsigned.
    func plain(places: Int) -> String {
        var digits = Array((magnitude * BigNat.ten(places - scale)).description)
        if digits.count <= places { digits = Array(repeating: "0", count: places + 1 - digits.count) + digits }
        let integer = String(digits[..<(digits.count - places)])
        return places == 0 ? integer : integer + "." + String(digits[(digits.count - places)...])
    }
}

extension Int128 {
    func power(_ exponent: Int) -> Int128 {
        var result: Int128 = 1
        for _ in 0..<exponent { result *= self }
        return result
    }
}
