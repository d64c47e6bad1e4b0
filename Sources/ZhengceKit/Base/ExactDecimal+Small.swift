/// The common case of `ExactDecimal` with machine arithmetic: mantissas that fit an `Int64`
/// (amounts in 元 with a few decimals, rates, counts). Each function gives exactly the value the
/// general path gives, or nil when its case does not apply (a result that might not fit, more than
/// `maxScale` places, rounding beyond them), and the caller then takes the general path, which
/// also throws the errors. Nothing here traps: every operation that could overflow reports it.
extension ExactDecimal {
    /// `10^n` for `0 ≤ n ≤ 19`, the powers of ten that fit a `UInt64`.
    static let wordPowers: [UInt64] = [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
        10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000,
        1_000_000_000_000_000, 10_000_000_000_000_000, 100_000_000_000_000_000,
        1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
    ]

    /// `k` when the value is 10^k (k may be negative), else nil: a unit whose factor this is
    /// scales a number by moving its decimal point.
    var powerOfTen: Int? {
        // The factors of the money units, answered without dividing.
        if scale == 0 {
            switch mantissa {
            case 1: return 0
            case 10_000: return 4
            case 1_000_000: return 6
            case 10_000_000: return 7
            case 100_000_000: return 8
            default: break
            }
        }
        guard mantissa > 0, mantissa <= Int128(UInt64.max) else { return nil }
        var digits = UInt64(mantissa)
        var exponent = 0
        while digits % 10 == 0 {
            digits /= 10
            exponent += 1
        }
        return digits == 1 ? exponent - scale : nil
    }

    /// The value when it fits an `Int64`.
    @inline(__always)
    static func small(_ value: Int128) -> Int64? {
        let low = Int64(truncatingIfNeeded: value)
        return Int128(low) == value ? low : nil
    }

    /// `value × 10^places` when it fits an `Int64` (`places ≥ 0`).
    @inline(__always)
    static func scaledUp(_ value: Int64, by places: Int) -> Int64? {
        guard places < 19 else { return value == 0 ? 0 : nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: Int64(bitPattern: wordPowers[places]))
        return overflow ? nil : product
    }

    // MARK: Normalising

    /// `value × 10^-scale` with its trailing zeros dropped (`scale ≥ 0`); nil when more than
    /// `maxScale` places remain.
    @inline(__always)
    static func normalised(small value: Int64, scale: Int) -> ExactDecimal? {
        if value == 0 { return .zero }
        var digits = value
        var places = scale
        // An odd number ends in a digit other than zero.
        if digits & 1 == 0 {
            while places > 0 {
                let (quotient, remainder) = digits.quotientAndRemainder(dividingBy: 10)
                if remainder != 0 { break }
                digits = quotient
                places -= 1
            }
        }
        guard places <= maxScale else { return nil }
        return ExactDecimal(normalised: Int128(digits), scale: places)
    }

    /// `±magnitude × 10^-scale` with its trailing zeros dropped, a power of ten at a time, each by
    /// two machine divisions; nil when it does not fit or more than `maxScale` places remain.
    static func normalised(wide magnitude: UInt128, negative: Bool, scale: Int) -> ExactDecimal? {
        guard magnitude <= UInt128(Int128.max) else { return nil }
        if magnitude == 0 { return .zero }
        var digits = magnitude
        var places = scale
        var step = 16
        while digits & 1 == 0 && places > 0 && step > 0 {
            if step <= places, let quotient = exactQuotient(digits, by: wordPowers[step]) {
                digits = quotient
                places -= step
            } else {
                step /= 2
            }
        }
        guard places <= maxScale else { return nil }
        let mantissa = Int128(digits)
        return ExactDecimal(normalised: negative ? -mantissa : mantissa, scale: places)
    }

    /// `value / divisor` when the division leaves nothing (`divisor > 0`), with two word divisions.
    @inline(__always)
    static func exactQuotient(_ value: UInt128, by divisor: UInt64) -> UInt128? {
        let (highQuotient, highRemainder) = UInt64(truncatingIfNeeded: value >> 64).quotientAndRemainder(dividingBy: divisor)
        // highRemainder < divisor, so this quotient fits a word.
        let (lowQuotient, remainder) = divisor.dividingFullWidth((high: highRemainder, low: UInt64(truncatingIfNeeded: value)))
        return remainder == 0 ? UInt128(highQuotient) << 64 | UInt128(lowQuotient) : nil
    }

    // MARK: Arithmetic

    /// `self ± other` when both mantissas fit an `Int64` and so does the sum at the larger scale.
    @inline(__always)
    func smallSum(_ other: ExactDecimal, subtracting: Bool) -> ExactDecimal? {
        guard var left = Self.small(mantissa), var right = Self.small(other.mantissa) else { return nil }
        if scale < other.scale {
            guard let scaled = Self.scaledUp(left, by: other.scale - scale) else { return nil }
            left = scaled
        } else if other.scale < scale {
            guard let scaled = Self.scaledUp(right, by: scale - other.scale) else { return nil }
            right = scaled
        }
        let (sum, overflow) = subtracting ? left.subtractingReportingOverflow(right) : left.addingReportingOverflow(right)
        return overflow ? nil : Self.normalised(small: sum, scale: max(scale, other.scale))
    }

    /// `self × other` when both mantissas fit an `Int64`, so does the product, and it has at
    /// most `maxScale` places once normalised.
    @inline(__always)
    func smallProduct(_ other: ExactDecimal) -> ExactDecimal? {
        guard let left = Self.small(mantissa), let right = Self.small(other.mantissa) else { return nil }
        let (product, overflow) = left.multipliedReportingOverflow(by: right)
        return overflow ? nil : Self.normalised(small: product, scale: scale + other.scale)
    }

    /// `self ÷ ±10^n` (`other` nonzero, as to a document's unit or from a percentage): the point
    /// moves, nothing is rounded; nil when the result would need more than `maxScale` places or
    /// might not fit.
    func quotientByPowerOfTen(_ other: ExactDecimal) -> ExactDecimal? {
        guard let divisor = Self.small(other.mantissa), divisor != 0 else { return nil }
        var rest = divisor.magnitude
        var exponent = 0
        while rest % 10 == 0 {
            rest /= 10
            exponent += 1
        }
        guard rest == 1 else { return nil }
        // mantissa ≠ Int128.min, so the negation is exact.
        let signed = divisor < 0 ? -mantissa : mantissa
        let places = scale + exponent - other.scale
        if places >= 0 { return places <= Self.maxScale ? Self.narrow(signed, scale: places) : nil }
        guard -places < 19 else { return nil }
        let (product, overflow) = signed.multipliedReportingOverflow(by: Int128(Self.wordPowers[-places]))
        return overflow ? nil : Self.narrow(product, scale: 0)
    }

    /// `self ÷ other` (`other` nonzero) when both mantissas fit an `Int64`: long division by the
    /// divisor's magnitude in word steps up to `maxScale` places, rounded half-even at the last
    /// one (the general path's rule when the quotient does not terminate). nil when the quotient
    /// at `maxScale` places does not fit; the general path then rounds to fewer places or throws.
    func smallQuotient(_ other: ExactDecimal) -> ExactDecimal? {
        guard let dividend = Self.small(mantissa), let divisor = Self.small(other.mantissa), divisor != 0 else { return nil }
        let word = divisor.magnitude
        let (whole, firstRemainder) = dividend.magnitude.quotientAndRemainder(dividingBy: word)
        var quotient = UInt128(whole)
        var remainder = firstRemainder
        // Digits still to produce; the quotient so far is at `maxScale - rest` places.
        var rest = Self.maxScale + other.scale - scale  // 0...48
        while rest > 0 && (remainder != 0 || rest > Self.maxScale) {
            let chunk = min(rest, 19)
            let power = Self.wordPowers[chunk]
            // remainder < word, so remainder × 10^chunk / word fits a word.
            let (digits, next) = word.dividingFullWidth(remainder.multipliedFullWidth(by: power))
            let (shifted, overflow1) = quotient.multipliedReportingOverflow(by: UInt128(power))
            let (sum, overflow2) = shifted.addingReportingOverflow(UInt128(digits))
            guard !overflow1, !overflow2 else { return nil }
            quotient = sum
            remainder = next
            rest -= chunk
        }
        // remainder < word ≤ 2^63, so twice it fits a word. Only rounds when digits are left over.
        let twice = remainder << 1
        if twice > word || (twice == word && quotient & 1 == 1) {
            let (up, overflow) = quotient.addingReportingOverflow(1)
            guard !overflow else { return nil }
            quotient = up
        }
        return Self.normalised(wide: quotient, negative: (dividend < 0) != (divisor < 0), scale: Self.maxScale - rest)
    }

    /// `magnitude × 10^-dropped` rounded to a whole number (`dropped ≥ 1`): every mode acts on
    /// the magnitude, as in the general `round`.
    @inline(__always)
    static func rounded(_ magnitude: UInt64, dropping dropped: Int, _ mode: Rounding) -> UInt64 {
        guard dropped < wordPowers.count else {
            // Every word is below half of 10^20: only `up` moves away from zero.
            return mode == .up && magnitude != 0 ? 1 : 0
        }
        let power = wordPowers[dropped]
        let (quotient, remainder) = magnitude.quotientAndRemainder(dividingBy: power)
        let half = power / 2
        let away: Bool
        switch mode {
        case .down: away = false
        case .up: away = remainder != 0
        case .halfUp: away = remainder >= half
        case .halfEven: away = remainder > half || (remainder == half && quotient & 1 == 1)
        }
        // quotient ≤ UInt64.max / 10, so one more cannot overflow.
        return away ? quotient.addingReportingOverflow(1).partialValue : quotient
    }

    /// `rounded(toPlaces:_:)` (`places` below `scale`) when the mantissa fits an `Int64`, and for
    /// `places < 0` (a multiple of ten to round to: an amount in 元 rounded to 0.01万元 is rounded
    /// to places −2) when the rounded value does too.
    @inline(__always)
    func smallRounded(toPlaces places: Int, _ mode: Rounding) -> ExactDecimal? {
        // A multiple beyond a word's powers of ten is left to the general path (and `scale -
        // places` is then within bounds, whatever `places` is).
        guard places > -Self.wordPowers.count, let value = Self.small(mantissa) else { return nil }
        let digits = Self.rounded(value.magnitude, dropping: scale - places, mode)
        guard places < 0 else {
            // digits ≤ 2^63 / 10 + 1, so it fits an Int64 with either sign.
            return Self.normalised(small: value < 0 ? -Int64(digits) : Int64(digits), scale: places)
        }
        // The digits kept, times the multiple they count: whole, at scale 0.
        let (whole, overflow) = digits.multipliedReportingOverflow(by: Self.wordPowers[-places])
        guard !overflow, whole <= UInt64(Int64.max) else { return nil }
        return Self.normalised(small: value < 0 ? -Int64(whole) : Int64(whole), scale: 0)
    }

    // MARK: Comparison

    /// `lhs < rhs` when both mantissas fit an `Int64` and scales differ by at most 18.
    @inline(__always)
    static func smallLess(_ lhs: ExactDecimal, _ rhs: ExactDecimal) -> Bool? {
        if lhs.scale == rhs.scale { return lhs.mantissa < rhs.mantissa }
        guard let left = small(lhs.mantissa), let right = small(rhs.mantissa) else { return nil }
        let difference = lhs.scale - rhs.scale
        guard difference.magnitude < 19 else { return nil }
        // |word| ≤ 2^63 and 10^18 < 2^60: the product is exact in 128 bits.
        let power = Int64(bitPattern: wordPowers[Int(difference.magnitude)])
        return difference < 0 ? wide(left, power) < Int128(right) : Int128(left) < wide(right, power)
    }

    /// `value × factor` exactly.
    @inline(__always)
    static func wide(_ value: Int64, _ factor: Int64) -> Int128 {
        let (high, low) = value.multipliedFullWidth(by: factor)
        return Int128(high) << 64 | Int128(low)
    }

    // MARK: Text

    /// `formatted(shiftedLeft:minimumPlaces:maximumPlaces:rounding:grouped:)` when the mantissa
    /// fits an `Int64`, written byte by byte into one buffer.
    func smallFormatted(shiftedLeft shift: Int, minimumPlaces: Int, maximumPlaces: Int?,
                        rounding mode: Rounding, grouped: Bool) -> String? {
        guard let value = Self.small(mantissa) else { return nil }
        var digits = value.magnitude
        var places = scale + min(max(shift, 0), WideUInt.maxPowerOfTen)
        if let maximum = maximumPlaces.map({ max($0, 0) }), places > maximum {
            digits = Self.rounded(digits, dropping: places - maximum, mode)
            places = maximum
        }
        let shown = min(max(minimumPlaces, 0), Self.maxShownPlaces)
        while places > shown && digits % 10 == 0 {
            digits /= 10
            places -= 1
        }
        return Self.plainText(negative: value < 0 && digits != 0, digits, places: places, shown: shown, grouped: grouped)
    }

    /// `digits × 10^-places` in plain notation with at least `shown` fractional digits
    /// (`places ≤ 62`, `shown ≤ maxShownPlaces`).
    static func plainText(negative: Bool, _ digits: UInt64, places: Int, shown: Int, grouped: Bool) -> String {
        // At most: a sign, 20 integer digits and 6 separators, a point, 64 fractional digits;
        // the digits of the word are kept at the end of the buffer.
        let capacity = 128
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            var count = 0
            var rest = digits
            repeat {
                count += 1
                buffer[capacity - count] = 0x30 + UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            } while rest > 0
            let fractionDigits = max(places, shown)
            let written = count + max(0, shown - places)  // the word's digits, then zeros
            let leading = written <= fractionDigits ? fractionDigits + 1 - written : 0
            let total = leading + written
            let integerDigits = total - fractionDigits
            func digit(_ index: Int) -> UInt8 {
                let position = index - leading
                return position >= 0 && position < count ? buffer[capacity - count + position] : 0x30
            }
            var length = 0
            func put(_ byte: UInt8) {
                buffer[length] = byte
                length += 1
            }
            if negative { put(0x2D) }
            for index in 0..<integerDigits {
                if grouped && index > 0 && (integerDigits - index) % 3 == 0 { put(0x2C) }
                put(digit(index))
            }
            if fractionDigits > 0 {
                put(0x2E)
                for index in integerDigits..<total { put(digit(index)) }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<length]), as: UTF8.self)
        }
    }

    /// `init(parsing:)` in one pass over the UTF-8 bytes, read in place when the text is stored
    /// contiguously (a native `String` or `Substring`), else copied once.
    static func parsedWithoutArrays(_ text: some StringProtocol) -> ExactDecimal? {
        if let value = text.utf8.withContiguousStorageIfAvailable({ parsed(utf8: $0) }) { return value }
        return parsed(utf8: Array(text.utf8))
    }

    /// The digits go into a word while they fit, then into 128 bits; zeros after the point wait
    /// until a nonzero digit follows them.
    static func parsed(utf8 text: some Sequence<UInt8>) -> ExactDecimal? {
        var negative = false
        var word: UInt64 = 0
        var wide: UInt128 = 0
        var isWide = false
        var places = 0  // fractional digits up to the last nonzero one
        var waitingZeros = 0
        var seenPoint = false
        var seenDigit = false
        var first = true
        func append(_ digit: UInt8) -> Bool {
            if !isWide {
                // Below 10^18, ten times plus a digit stays below 10^19.
                if word < 1_000_000_000_000_000_000 {
                    word = word * 10 + UInt64(digit)
                    return true
                }
                isWide = true
                wide = UInt128(word)
            }
            let (times, overflow1) = wide.multipliedReportingOverflow(by: 10)
            let (plus, overflow2) = times.addingReportingOverflow(UInt128(digit))
            wide = plus
            return !overflow1 && !overflow2
        }
        for byte in text {
            defer { first = false }
            if first && (byte == 0x2D || byte == 0x2B) {
                negative = byte == 0x2D
            } else if byte == 0x2E {
                if seenPoint { return nil }
                seenPoint = true
            } else if byte >= 0x30 && byte <= 0x39 {
                seenDigit = true
                let digit = byte - 0x30
                if !seenPoint {
                    guard append(digit) else { return nil }
                } else if digit == 0 {
                    waitingZeros += 1
                } else {
                    places += waitingZeros + 1
                    guard places <= maxScale else { return nil }
                    for _ in 0..<waitingZeros { guard append(0) else { return nil } }
                    waitingZeros = 0
                    guard append(digit) else { return nil }
                }
            } else {
                return nil
            }
        }
        guard seenDigit else { return nil }
        let magnitude = isWide ? wide : UInt128(word)
        guard magnitude <= UInt128(Int128.max) else { return nil }
        if magnitude == 0 { return .zero }
        let mantissa = Int128(magnitude)
        // The last fractional digit kept is nonzero: already normalised.
        return ExactDecimal(normalised: negative ? -mantissa : mantissa, scale: places)
    }
}
