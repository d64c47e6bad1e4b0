/// An exact decimal number: `mantissa × 10^-scale`.
///
/// Every operation either gives the exact result or throws `ArithmeticError`; nothing traps and
/// nothing goes through binary floating point.
///
/// INVARIANT: values are normalised (no trailing zero digits in the mantissa while `scale > 0`),
/// so two equal numbers have equal representations.
public struct ExactDecimal: Hashable, Comparable, Sendable, CustomStringConvertible {
    public private(set) var mantissa: Int128
    public private(set) var scale: Int

    /// The largest number of fractional digits kept after multiplication or division.
    public static let maxScale = 24

    public static let zero = ExactDecimal(0)
    public static let one = ExactDecimal(1)

    public init(_ integer: Int) {
        mantissa = Int128(integer)
        scale = 0
    }

    init(mantissa: Int128, scale: Int) {
        self.mantissa = mantissa
        self.scale = scale
        normalise()
    }

    /// Parses plain decimal notation: optional sign, digits, optional fraction (`-12.50`).
    public init?(parsing text: some StringProtocol) {
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty else { return nil }
        var value: Int128 = 0
        var scale = 0
        var seenPoint = false
        var seenDigit = false
        for character in digits {
            if character == "." {
                if seenPoint { return nil }
                seenPoint = true
                continue
            }
            guard let digit = character.wholeNumberValue, character.isASCII else { return nil }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(Int128(digit))
            if o1 || o2 { return nil }
            value = plus
            seenDigit = true
            if seenPoint { scale += 1 }
        }
        guard seenDigit, scale <= ExactDecimal.maxScale else { return nil }
        self.init(mantissa: negative ? -value : value, scale: scale)
    }

    private mutating func normalise() {
        while scale > 0 && mantissa % 10 == 0 {
            mantissa /= 10
            scale -= 1
        }
    }

    public var isZero: Bool { mantissa == 0 }
    public var isNegative: Bool { mantissa < 0 }

    // MARK: Arithmetic

    private static func power(_ exponent: Int) throws -> Int128 {
        var result: Int128 = 1
        for _ in 0..<exponent {
            let (next, overflow) = result.multipliedReportingOverflow(by: 10)
            if overflow { throw ArithmeticError.overflow }
            result = next
        }
        return result
    }

    /// The mantissa rescaled to `target` fractional digits (`target >= scale`).
    private func mantissa(atScale target: Int) throws -> Int128 {
        let (value, overflow) = mantissa.multipliedReportingOverflow(by: try Self.power(target - scale))
        if overflow { throw ArithmeticError.overflow }
        return value
    }

    public func adding(_ other: ExactDecimal) throws -> ExactDecimal {
        let target = max(scale, other.scale)
        let (sum, overflow) = try mantissa(atScale: target).addingReportingOverflow(other.mantissa(atScale: target))
        if overflow { throw ArithmeticError.overflow }
        return ExactDecimal(mantissa: sum, scale: target)
    }

    public func subtracting(_ other: ExactDecimal) throws -> ExactDecimal {
        try adding(other.negated())
    }

    public func negated() -> ExactDecimal {
        ExactDecimal(mantissa: -mantissa, scale: scale)
    }

    public func multiplied(by other: ExactDecimal) throws -> ExactDecimal {
        let (product, overflow) = mantissa.multipliedReportingOverflow(by: other.mantissa)
        if overflow { throw ArithmeticError.overflow }
        let result = ExactDecimal(mantissa: product, scale: scale + other.scale)
        return result.scale > Self.maxScale ? try result.rounded(toPlaces: Self.maxScale, .halfEven) : result
    }

    /// Division, exact when the quotient terminates within `maxScale` digits, else rounded half-even.
    public func divided(by other: ExactDecimal) throws -> ExactDecimal {
        if other.isZero { throw ArithmeticError.divisionByZero }
        // Scale the dividend so the quotient carries maxScale + 1 digits, then round once.
        let extra = Self.maxScale + 1 + other.scale - scale
        var dividend = mantissa
        if extra > 0 {
            let (scaled, overflow) = mantissa.multipliedReportingOverflow(by: try Self.power(extra))
            if overflow { throw ArithmeticError.overflow }
            dividend = scaled
        }
        let quotient = dividend / other.mantissa
        let exact = quotient * other.mantissa == dividend
        let raw = ExactDecimal(mantissa: quotient, scale: Self.maxScale + 1 + (extra < 0 ? -extra : 0))
        if exact && raw.scale <= Self.maxScale { return raw }
        return try raw.rounded(toPlaces: Self.maxScale, .halfEven)
    }

    public enum Rounding: String, Sendable {
        case halfUp = "half-up"
        case halfEven = "half-even"
        case down = "down"
        case up = "up"
    }

    /// Rounds to `places` fractional digits. Half-up rounds ties away from zero (四舍五入).
    public func rounded(toPlaces places: Int, _ mode: Rounding) throws -> ExactDecimal {
        guard scale > places else { return self }
        let divisor = try Self.power(scale - places)
        var quotient = mantissa / divisor
        let remainder = mantissa % divisor
        if remainder != 0 {
            let twice = remainder.magnitude * 2
            let away: Bool
            switch mode {
            case .down: away = false
            case .up: away = true
            case .halfUp: away = twice >= divisor.magnitude
            case .halfEven: away = twice > divisor.magnitude || (twice == divisor.magnitude && quotient % 2 != 0)
            }
            if away { quotient += mantissa < 0 ? -1 : 1 }
        }
        return ExactDecimal(mantissa: quotient, scale: places)
    }

    /// The integer part, if the number is whole and fits an `Int`.
    public var exactInt: Int? {
        guard scale == 0, let value = Int(exactly: mantissa) else { return nil }
        return value
    }

    // MARK: Comparison and text

    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        // Compare by subtraction when possible; fall back to the sign of the difference of magnitudes.
        if let difference = try? lhs.subtracting(rhs) { return difference.isNegative }
        return lhs.mantissa.signum() < rhs.mantissa.signum() || (lhs.mantissa.signum() == rhs.mantissa.signum() && lhs.scale < rhs.scale)
    }

    /// Plain notation with at least `minimumPlaces` fractional digits (`formatted(places: 2)` → `12.50`).
    public func formatted(minimumPlaces: Int = 0) -> String {
        let places = max(scale, minimumPlaces)
        // The digits of the mantissa at `places` fractional digits.
        let digits = String(mantissa.magnitude) + String(repeating: "0", count: places - scale)
        let padded = String(repeating: "0", count: max(0, places + 1 - digits.count)) + digits
        let cut = padded.index(padded.endIndex, offsetBy: -places)
        let body = places > 0 ? "\(padded[..<cut]).\(padded[cut...])" : padded
        return mantissa < 0 ? "-" + body : body
    }

    /// Like `formatted` but with thousands separators in the integer part (`1,234.56`).
    public func grouped(places: Int) -> String {
        let plain = formatted(minimumPlaces: places)
        let negative = plain.hasPrefix("-")
        let unsigned = negative ? String(plain.dropFirst()) : plain
        let parts = unsigned.split(separator: ".", maxSplits: 1)
        var integer = String(parts[0])
        var groups: [String] = []
        while integer.count > 3 {
            groups.insert(String(integer.suffix(3)), at: 0)
            integer.removeLast(3)
        }
        groups.insert(integer, at: 0)
        let joined = groups.joined(separator: ",") + (parts.count > 1 ? "." + parts[1] : "")
        return negative ? "-" + joined : joined
    }

    public var description: String { formatted() }
}

public enum ArithmeticError: Error, Equatable, Sendable {
    case overflow
    case divisionByZero
}
