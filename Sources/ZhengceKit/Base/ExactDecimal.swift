/// An exact decimal number: `mantissa × 10^-scale`.
///
/// Every operation either gives the exact result (or, for multiplication and division, the result
/// rounded as documented) or throws `ArithmeticError`; nothing traps and nothing goes through
/// binary floating point.
///
/// Range: `|mantissa| ≤ Int128.max` (about 1.7×10³⁸; the range is symmetric, so negation is
/// always exact) and `0 ≤ scale ≤ maxScale`.
///
/// INVARIANT: values are normalised (no trailing zero digits in the mantissa while `scale > 0`),
/// so two equal numbers have equal representations.
///
/// Most values in practice (amounts in 元 with a few decimals, rates, counts) have mantissas that
/// fit an `Int64`; every operation first tries that case with machine arithmetic
/// (ExactDecimal+Small.swift) and otherwise takes the general path below, with the same result.
public struct ExactDecimal: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The mantissa as two machine words, its low bits and its high bits with the sign: stored as
    /// an `Int128` it would align the value, and every cell, outcome and array holding one, to 16
    /// bytes (larger cells, and arrays the allocator must align specially).
    private var low: UInt64
    private var high: Int64
    /// The scale in one byte (it is at most `maxScale`): with it the value takes 17 bytes, so that
    /// a unit fits beside it in the 24 bytes of a `Cell`'s number.
    private var storedScale: UInt8

    public var scale: Int {
        @inline(__always) get { Int(storedScale) }
    }

    public var mantissa: Int128 {
        @inline(__always) get { Int128(high) << 64 | Int128(low) }
    }

    /// The largest number of fractional digits a value carries; products and quotients with more
    /// digits are rounded half-even.
    public static let maxScale = 24

    /// The largest representable value, `Int128.max` (39 digits) with no fractional digits.
    public static var greatest: ExactDecimal { ExactDecimal(normalised: Int128.max, scale: 0) }
    /// The smallest representable value, `-greatest` (the range is symmetric).
    public static var least: ExactDecimal { ExactDecimal(normalised: -Int128.max, scale: 0) }

    // Computed rather than stored: a stored static is initialised lazily, so every reading would
    // first check that it was (evaluation reads `zero` for every clause).
    public static var zero: ExactDecimal { ExactDecimal(normalised: 0, scale: 0) }
    public static var one: ExactDecimal { ExactDecimal(normalised: 1, scale: 0) }

    public init(_ integer: Int) {
        self.init(normalised: Int128(integer), scale: 0)
    }

    /// Trusts its caller: `mantissa != Int128.min`, `0 ≤ scale ≤ maxScale`, already normalised.
    @inline(__always)
    init(normalised mantissa: Int128, scale: Int) {
        low = UInt64(truncatingIfNeeded: mantissa)
        high = Int64(truncatingIfNeeded: mantissa >> 64)
        storedScale = UInt8(truncatingIfNeeded: scale)
    }

    /// `mantissa × 10^-scale`, normalised; throws `overflow` when it is not representable
    /// (`Int128.min`, or a scale outside `0...maxScale` after trailing zeros are dropped).
    public init(mantissa: Int128, scale: Int) throws(ArithmeticError) {
        guard let value = ExactDecimal.narrow(mantissa, scale: scale) else { throw .overflow }
        self = value
    }

    /// Parses plain decimal notation: optional sign, digits, optional fraction (`-12.50`, `.5`,
    /// `5.`). Leading zeros and trailing fractional zeros are allowed in any number. nil when the
    /// text is not such a number, when it has more than `maxScale` significant fractional
    /// digits, or when it is too large.
    public init?(parsing text: some StringProtocol) {
        guard let value = ExactDecimal.parsedWithoutArrays(text) else { return nil }
        self = value
    }

    /// `init(parsing:)` for a `String`: not generic, so a caller in another module runs the reading
    /// compiled for its type, not the generic one.
    public init?(parsing text: String) {
        guard let value = ExactDecimal.parsedWithoutArrays(text) else { return nil }
        self = value
    }

    /// `init(parsing:)` for a `Substring`, compiled for its type as the `String` one is.
    public init?(parsing text: Substring) {
        guard let value = ExactDecimal.parsedWithoutArrays(text) else { return nil }
        self = value
    }

    /// The general reading of `init(parsing:)`, digit by digit into arrays.
    static func generalParsing(_ text: some StringProtocol) -> ExactDecimal? {
        var scalars = Substring(text).unicodeScalars[...]
        var negative = false
        if let sign = scalars.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            scalars = scalars.dropFirst()
        }
        var integerDigits: [UInt8] = []
        var fractionDigits: [UInt8] = []
        var seenPoint = false
        for scalar in scalars {
            if scalar == "." {
                if seenPoint { return nil }
                seenPoint = true
            } else if scalar.value >= 0x30 && scalar.value <= 0x39 {
                let digit = UInt8(scalar.value - 0x30)
                if seenPoint { fractionDigits.append(digit) } else { integerDigits.append(digit) }
            } else {
                return nil
            }
        }
        guard !integerDigits.isEmpty || !fractionDigits.isEmpty else { return nil }
        while fractionDigits.last == 0 { fractionDigits.removeLast() }
        guard fractionDigits.count <= ExactDecimal.maxScale else { return nil }
        var magnitude: UInt128 = 0
        for digit in integerDigits.drop(while: { $0 == 0 }) + fractionDigits {
            let (times, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(UInt128(digit))
            if o1 || o2 { return nil }
            magnitude = plus
        }
        return try? ExactDecimal.exact(negative: negative, WideUInt(magnitude), scale: fractionDigits.count)
    }

    public var isZero: Bool { mantissa == 0 }
    public var isNegative: Bool { mantissa < 0 }

    /// `|mantissa|` (never more than `Int128.max`).
    var magnitude: UInt128 { mantissa.magnitude }

    // MARK: Building results

    /// `±magnitude × 10^-scale` exactly, normalised; throws `overflow` when it is not
    /// representable. `scale` may be anything from 0 up; trailing zeros are dropped first.
    static func exact(negative: Bool, _ magnitude: WideUInt, scale: Int) throws(ArithmeticError) -> ExactDecimal {
        var value = magnitude
        var places = scale
        if value.isZero { return .zero }
        while places > 0 {
            let (quotient, remainder) = value.quotientAndRemainder(dividingBy: 10)
            if remainder != 0 { break }
            value = quotient
            places -= 1
        }
        guard places <= maxScale, value.high == 0, value.low <= UInt128(Int128.max) else { throw .overflow }
        let mantissa = Int128(value.low)
        return ExactDecimal(normalised: negative ? -mantissa : mantissa, scale: places)
    }

    /// The common case without wide arithmetic: `mantissa × 10^-scale` when it is in range.
    static func narrow(_ mantissa: Int128, scale: Int) -> ExactDecimal? {
        guard mantissa != Int128.min, scale >= 0, scale <= maxScale else { return nil }
        if let small = Self.small(mantissa) { return normalised(small: small, scale: scale) }
        return normalised(wide: mantissa.magnitude, negative: mantissa < 0, scale: scale)
    }

    /// The general `narrow`, trailing zeros dropped one `Int128` division at a time.
    static func generalNarrow(_ mantissa: Int128, scale: Int) -> ExactDecimal? {
        guard mantissa != Int128.min, scale >= 0, scale <= maxScale else { return nil }
        var value = mantissa
        var places = scale
        while places > 0 && value % 10 == 0 {
            value /= 10
            places -= 1
        }
        return ExactDecimal(normalised: value, scale: value == 0 ? 0 : places)
    }

    /// `±(magnitude + a fraction strictly between 0 and 1 when inexact) × 10^-scale`: exact when
    /// that is representable, else rounded (`mode`) to the most fractional digits, at most
    /// `maxScale`, at which the result fits. Throws `overflow` when not even the integer fits.
    static func fitted(negative: Bool, _ magnitude: WideUInt, scale: Int, inexact: Bool, _ mode: Rounding) throws(ArithmeticError) -> ExactDecimal {
        if !inexact, let value = try? exact(negative: negative, magnitude, scale: scale) { return value }
        var places = min(scale, maxScale)
        if inexact && places == scale { places -= 1 }  // the caller keeps a digit beyond maxScale
        while places >= 0 {
            let rounded = round(magnitude, scale: scale, inexact: inexact, toPlaces: places, mode)
            if let value = try? exact(negative: negative, rounded, scale: places) { return value }
            places -= 1
        }
        throw .overflow
    }

    /// `magnitude × 10^-scale` (plus a fraction of the last digit when `inexact`) rounded to
    /// `places < scale` digits, or `places == scale` when exact; the result is at scale `places`.
    /// Every mode is symmetric (it acts on the magnitude), so the sign is not needed.
    static func round(_ magnitude: WideUInt, scale: Int, inexact: Bool, toPlaces places: Int, _ mode: Rounding) -> WideUInt {
        let dropped = scale - places
        guard dropped > 0 else { return magnitude }
        var value = magnitude
        var sticky = inexact
        var rest = dropped - 1
        while rest > 0 {
            let chunk = min(rest, WideUInt.maxPowerOfTen)
            let (quotient, remainder) = value.quotientAndRemainder(dividingBy: WideUInt.powerOfTen(chunk))
            if remainder != 0 { sticky = true }
            value = quotient
            rest -= chunk
        }
        let (quotient, digit) = value.quotientAndRemainder(dividingBy: 10)
        let away: Bool
        switch mode {
        case .down: away = false
        case .up: away = digit != 0 || sticky
        case .halfUp: away = digit >= 5
        case .halfEven: away = digit > 5 || (digit == 5 && (sticky || quotient.low & 1 == 1))
        }
        // The quotient is at most 2^256 / 10, so adding one cannot overflow.
        return away ? (quotient.adding(WideUInt(1)) ?? quotient) : quotient
    }

    /// The magnitude at `target ≥ scale` fractional digits (`target ≤ maxScale`): always fits.
    private func wideMagnitude(atScale target: Int) -> WideUInt {
        WideUInt(magnitude).multiplied(by: WideUInt.powerOfTen(target - scale)) ?? WideUInt(magnitude)
    }

    // MARK: Arithmetic

    /// The exact sum; throws `overflow` when it is not representable (too large, or more
    /// significant digits than 39 at the larger scale of the two).
    public func adding(_ other: ExactDecimal) throws(ArithmeticError) -> ExactDecimal {
        if let value = smallSum(other, subtracting: false) { return value }
        return try generalAdding(other)
    }

    func generalAdding(_ other: ExactDecimal) throws(ArithmeticError) -> ExactDecimal {
        if scale == other.scale {
            let (sum, overflow) = mantissa.addingReportingOverflow(other.mantissa)
            if !overflow, let value = Self.generalNarrow(sum, scale: scale) { return value }
        }
        let target = max(scale, other.scale)
        let left = wideMagnitude(atScale: target)
        let right = other.wideMagnitude(atScale: target)
        if isNegative == other.isNegative {
            guard let sum = left.adding(right) else { throw .overflow }
            return try Self.exact(negative: isNegative, sum, scale: target)
        }
        if left >= right {
            return try Self.exact(negative: isNegative, left.subtracting(right), scale: target)
        }
        return try Self.exact(negative: other.isNegative, right.subtracting(left), scale: target)
    }

    public func subtracting(_ other: ExactDecimal) throws(ArithmeticError) -> ExactDecimal {
        if let value = smallSum(other, subtracting: true) { return value }
        return try generalAdding(other.negated())
    }

    /// Always exact: the range is symmetric.
    public func negated() -> ExactDecimal {
        ExactDecimal(normalised: -mantissa, scale: scale)
    }

    /// The exact product when representable; else rounded half-even to the most fractional
    /// digits (at most `maxScale`) that fit. Throws `overflow` when the integer part does not fit.
    public func multiplied(by other: ExactDecimal) throws(ArithmeticError) -> ExactDecimal {
        if let value = smallProduct(other) { return value }
        return try generalMultiplied(by: other)
    }

    func generalMultiplied(by other: ExactDecimal) throws(ArithmeticError) -> ExactDecimal {
        let (narrowProduct, overflow) = mantissa.multipliedReportingOverflow(by: other.mantissa)
        if !overflow, let value = Self.generalNarrow(narrowProduct, scale: scale + other.scale) { return value }
        let product = magnitude.multipliedFullWidth(by: other.magnitude)
        let wide = WideUInt(high: product.high, low: product.low)
        return try Self.fitted(negative: isNegative != other.isNegative, wide, scale: scale + other.scale, inexact: false, .halfEven)
    }

    /// Division, exact when the quotient terminates within `maxScale` digits and fits, else
    /// rounded half-even to the most fractional digits (at most `maxScale`) that fit.
    public func divided(by other: ExactDecimal) throws(ArithmeticError) -> ExactDecimal {
        if other.isZero { throw .divisionByZero }
        if let value = quotientByPowerOfTen(other) ?? smallQuotient(other) { return value }
        return try generalDivided(by: other)
    }

    func generalDivided(by other: ExactDecimal) throws(ArithmeticError) -> ExactDecimal {
        if other.isZero { throw .divisionByZero }
        if isZero { return .zero }
        // The quotient at maxScale + 1 digits, truncated, and whether anything was cut off:
        // |self| × 10^(maxScale + 1 + other.scale - scale) / |other|, by long division in chunks.
        let divisor = other.magnitude
        var exponent = Self.maxScale + 1 + other.scale - scale  // 1...49
        let (whole, firstRemainder) = magnitude.quotientAndRemainder(dividingBy: divisor)
        var quotient = WideUInt(whole)
        var remainder = firstRemainder
        while exponent > 0 {
            let chunk = min(exponent, WideUInt.maxPowerOfTen)
            let power = WideUInt.powerOfTen(chunk)
            // remainder < divisor, so remainder × 10^chunk / divisor fits in 128 bits.
            let widened = remainder.multipliedFullWidth(by: power)
            let (digits, rest) = divisor.dividingFullWidth((high: widened.high, low: widened.low))
            guard let shifted = quotient.multiplied(by: power), let sum = shifted.adding(WideUInt(digits)) else { throw .overflow }
            quotient = sum
            remainder = rest
            exponent -= chunk
        }
        return try Self.fitted(negative: isNegative != other.isNegative, quotient, scale: Self.maxScale + 1,
                               inexact: remainder != 0, .halfEven)
    }

    public enum Rounding: String, Sendable {
        case halfUp = "half-up"
        case halfEven = "half-even"
        case down = "down"
        case up = "up"
    }

    /// Rounds to `places` fractional digits. Half-up rounds ties away from zero (四舍五入); down
    /// and up round toward and away from zero. A negative `places` rounds to a multiple of
    /// `10^-places`. Throws `overflow` when the result is too large (rounding up).
    public func rounded(toPlaces places: Int, _ mode: Rounding) throws(ArithmeticError) -> ExactDecimal {
        guard scale > places else { return self }
        if let value = smallRounded(toPlaces: places, mode) { return value }
        return try generalRounded(toPlaces: places, mode)
    }

    func generalRounded(toPlaces places: Int, _ mode: Rounding) throws(ArithmeticError) -> ExactDecimal {
        guard scale > places else { return self }
        if isZero { return self }
        // Every representable magnitude is below 10^39 / 2, so beyond that only `up` moves away from 0.
        guard places >= -WideUInt.maxPowerOfTen else {
            if mode == .up { throw .overflow }
            return .zero
        }
        let rounded = Self.round(WideUInt(magnitude), scale: scale, inexact: false, toPlaces: places, mode)
        if places >= 0 { return try Self.exact(negative: isNegative, rounded, scale: places) }
        guard let scaled = rounded.multiplied(by: WideUInt.powerOfTen(-places)) else { throw .overflow }
        return try Self.exact(negative: isNegative, scaled, scale: 0)
    }

    /// The integer part, if the number is whole and fits an `Int`.
    public var exactInt: Int? {
        guard scale == 0, let value = Int(exactly: mantissa) else { return nil }
        return value
    }

    // MARK: Comparison and text

    /// Exact for every pair of values: signs first, then the magnitudes at a common scale.
    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        if let less = smallLess(lhs, rhs) { return less }
        return generalLess(lhs, rhs)
    }

    static func generalLess(_ lhs: ExactDecimal, _ rhs: ExactDecimal) -> Bool {
        let left = lhs.mantissa.signum()
        let right = rhs.mantissa.signum()
        if left != right { return left < right }
        if left == 0 { return false }
        if lhs.scale == rhs.scale { return lhs.mantissa < rhs.mantissa }
        let target = max(lhs.scale, rhs.scale)
        let a = lhs.wideMagnitude(atScale: target)
        let b = rhs.wideMagnitude(atScale: target)
        return left > 0 ? a < b : b < a
    }

    /// The most fractional digits any text shows; a larger `minimumPlaces` counts as this.
    public static let maxShownPlaces = 64

    /// Plain notation of `self ÷ 10^shift` (the point moved `shift` places left, exactly: 元 → 万元
    /// is a shift of 4), rounded (`mode`) to at most `maximumPlaces` fractional digits when
    /// given, with at least `minimumPlaces` fractional digits, and with thousands separators in
    /// the integer part when `grouped`. `shift` counts from 0 to 38 (clamped); the text is right
    /// for every representable value.
    public func formatted(shiftedLeft shift: Int = 0, minimumPlaces: Int = 0, maximumPlaces: Int? = nil,
                          rounding mode: Rounding = .halfUp, grouped: Bool = false) -> String {
        if let text = smallFormatted(shiftedLeft: shift, minimumPlaces: minimumPlaces, maximumPlaces: maximumPlaces,
                                     rounding: mode, grouped: grouped) { return text }
        return generalFormatted(shiftedLeft: shift, minimumPlaces: minimumPlaces, maximumPlaces: maximumPlaces,
                                rounding: mode, grouped: grouped)
    }

    func generalFormatted(shiftedLeft shift: Int, minimumPlaces: Int, maximumPlaces: Int?,
                          rounding mode: Rounding, grouped: Bool) -> String {
        var digits = WideUInt(magnitude)
        var places = scale + min(max(shift, 0), WideUInt.maxPowerOfTen)
        if let maximum = maximumPlaces.map({ max($0, 0) }), places > maximum {
            digits = Self.round(digits, scale: places, inexact: false, toPlaces: maximum, mode)
            places = maximum
        }
        // Drop trailing fractional zeros that rounding produced, down to what must be shown.
        let shown = min(max(minimumPlaces, 0), Self.maxShownPlaces)
        while places > shown {
            let (quotient, remainder) = digits.quotientAndRemainder(dividingBy: 10)
            if remainder != 0 { break }
            digits = quotient
            places -= 1
        }
        var text = Array(digits.description) + Array(repeating: Character("0"), count: max(0, shown - places))
        places = max(places, shown)
        if text.count <= places { text = Array(repeating: "0", count: places + 1 - text.count) + text }
        var integer = String(text[..<(text.count - places)])
        let fraction = String(text[(text.count - places)...])
        if grouped {
            var groups: [Substring] = []
            while integer.count > 3 {
                groups.insert(Substring(integer.suffix(3)), at: 0)
                integer.removeLast(3)
            }
            groups.insert(Substring(integer), at: 0)
            integer = groups.joined(separator: ",")
        }
        let body = places > 0 ? integer + "." + fraction : integer
        return isNegative && !digits.isZero ? "-" + body : body
    }

    /// Plain notation with at least `minimumPlaces` fractional digits (`formatted(minimumPlaces: 2)` → `12.50`).
    public func formatted(minimumPlaces: Int = 0) -> String {
        formatted(shiftedLeft: 0, minimumPlaces: minimumPlaces)
    }

    /// Like `formatted` but with thousands separators in the integer part (`1,234.56`).
    public func grouped(places: Int) -> String {
        formatted(shiftedLeft: 0, minimumPlaces: places, grouped: true)
    }

    public var description: String { formatted() }

    public static func == (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        lhs.scale == rhs.scale && lhs.mantissa == rhs.mantissa
    }

    /// Normalised values are equal exactly when their representations are; most mantissas hash
    /// as one machine word.
    public func hash(into hasher: inout Hasher) {
        if let small = Self.small(mantissa) { hasher.combine(small) } else { hasher.combine(mantissa) }
        hasher.combine(UInt8(truncatingIfNeeded: scale))
    }
}

public enum ArithmeticError: Error, Equatable, Sendable {
    case overflow
    case divisionByZero
}

/// An unsigned 256-bit integer, for the exact intermediate results of decimal arithmetic (a
/// product of two mantissas, a mantissa at another scale). Operations that could overflow return nil.
struct WideUInt: Comparable, Sendable, CustomStringConvertible {
    var high: UInt128
    var low: UInt128

    init(high: UInt128, low: UInt128) {
        self.high = high
        self.low = low
    }

    init(_ value: UInt128) {
        high = 0
        low = value
    }

    var isZero: Bool { high == 0 && low == 0 }

    /// The largest power of ten that fits a `UInt128`.
    static let maxPowerOfTen = 38

    /// `10^exponent`, for `0 ≤ exponent ≤ maxPowerOfTen` (clamped): the product of two powers
    /// that fit a word, so that no table built at run time is shared (and its reference count
    /// contended for) by the threads that evaluate.
    static func powerOfTen(_ exponent: Int) -> UInt128 {
        let clamped = min(max(exponent, 0), maxPowerOfTen)
        let first = min(clamped, 19)
        // 10^19 × 10^19 = 10^38 < UInt128.max: the product never overflows.
        return UInt128(ExactDecimal.wordPowers[first]) * UInt128(ExactDecimal.wordPowers[clamped - first])
    }

    static func < (lhs: WideUInt, rhs: WideUInt) -> Bool {
        lhs.high != rhs.high ? lhs.high < rhs.high : lhs.low < rhs.low
    }

    func adding(_ other: WideUInt) -> WideUInt? {
        let (low, carry) = low.addingReportingOverflow(other.low)
        let (high, overflow1) = high.addingReportingOverflow(other.high)
        let (withCarry, overflow2) = high.addingReportingOverflow(carry ? 1 : 0)
        return overflow1 || overflow2 ? nil : WideUInt(high: withCarry, low: low)
    }

    /// `self - other` for `self ≥ other` (wraps otherwise, never traps).
    func subtracting(_ other: WideUInt) -> WideUInt {
        let (low, borrow) = low.subtractingReportingOverflow(other.low)
        return WideUInt(high: high &- other.high &- (borrow ? 1 : 0), low: low)
    }

    func multiplied(by factor: UInt128) -> WideUInt? {
        let lowProduct = low.multipliedFullWidth(by: factor)
        let highProduct = high.multipliedFullWidth(by: factor)
        guard highProduct.high == 0 else { return nil }
        let (high, overflow) = highProduct.low.addingReportingOverflow(lowProduct.high)
        return overflow ? nil : WideUInt(high: high, low: lowProduct.low)
    }

    /// Long division by a 128-bit divisor (`divisor > 0`).
    func quotientAndRemainder(dividingBy divisor: UInt128) -> (quotient: WideUInt, remainder: UInt128) {
        let (highQuotient, highRemainder) = high.quotientAndRemainder(dividingBy: divisor)
        // highRemainder < divisor, so this quotient fits in 128 bits.
        let (lowQuotient, remainder) = divisor.dividingFullWidth((high: highRemainder, low: low))
        return (WideUInt(high: highQuotient, low: lowQuotient), remainder)
    }

    var description: String {
        if high == 0 { return String(low) }
        var chunks: [String] = []
        var value = self
        let base = WideUInt.powerOfTen(19)
        while !value.isZero {
            let (quotient, remainder) = value.quotientAndRemainder(dividingBy: base)
            chunks.append(String(remainder))
            value = quotient
        }
        var text = chunks.last ?? "0"
        for chunk in chunks.dropLast().reversed() {
            text += String(repeating: "0", count: 19 - chunk.count) + chunk
        }
        return text
    }
}
