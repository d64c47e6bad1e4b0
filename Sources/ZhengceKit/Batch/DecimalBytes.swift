/// A plain decimal number, `-? digits (. digits)?`, read straight from the bytes of a line: where it
/// ends (a unit may be written after it) and its value, read by `ExactDecimal`'s own byte reader,
/// with no string and no array of digits. Scaling by a unit that is a power of ten (万, 亿, a
/// percent) moves the decimal point instead of multiplying 128-bit numbers. The exact decimal it
/// gives is the one that a multiplication by the unit's factor gives.
struct DecimalBytes {
    let value: ExactDecimal
    /// The index just after the number: where a unit written after it starts.
    let end: Int

    /// A minus sign before a magnitude that is not zero (`-0` is zero).
    var isNegative: Bool { value.isNegative }
    /// Decimal places, trailing fractional zeros dropped.
    var places: Int { value.scale }

    /// The number at the start of `text`; nil when the run of digits, points and signs goes on
    /// past it (the slow path reports such text), when a point has no digit on either side, or
    /// when the number does not fit an exact decimal.
    init?(_ text: UnsafeBufferPointer<UInt8>.SubSequence) {
        var index = text.startIndex
        let limit = text.endIndex
        let negative = index < limit && text[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        // Up to 18 digits read straight into a word; a longer number is read again by
        // `ExactDecimal`. The whole part, then the fraction after a point.
        var word: UInt64 = 0
        var count = 0
        let wholeStart = index
        Self.digits(text, &index, into: &word, counting: &count)
        // A point needs a digit on either side.
        guard index > wholeStart else { return nil }
        var places = 0
        if index < limit && text[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            Self.digits(text, &index, into: &word, counting: &count)
            places = index - fractionStart
            guard places > 0 else { return nil }
        }
        // A second point, a sign or a control character after the number: the run goes on past it.
        if index < limit {
            let byte = text[index]
            if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte < 0x20 || byte == 0x7F { return nil }
        }
        if count <= 18 {
            value = Self.normalised(word, places: places, negative: negative)
        } else {
            guard let value = ExactDecimal.parsed(utf8: text[text.startIndex..<index]) else { return nil }
            self.value = value
        }
        end = index
    }

    /// Reads the run of ASCII digits at `index` in a plain loop, moving `index` past it: the
    /// first 18 digits of the number (`count` so far) go into `word`, and `count` counts them all.
    @inline(__always)
    static func digits(_ text: UnsafeBufferPointer<UInt8>.SubSequence, _ index: inout Int, into word: inout UInt64, counting count: inout Int) {
        let limit = text.endIndex
        while index < limit {
            let digit = text[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return }
            if count < 18 { word = word &* 10 &+ UInt64(digit) }
            count += 1
            index += 1
        }
    }

    /// `word × 10^-places`, its sign and its trailing fractional zeros dropped as `ExactDecimal`
    /// keeps them (`-0` is zero).
    static func normalised(_ word: UInt64, places: Int, negative: Bool) -> ExactDecimal {
        if word == 0 { return .zero }
        var mantissa = word, scale = places
        while scale > 0 && mantissa % 10 == 0 {
            mantissa /= 10
            scale -= 1
        }
        return ExactDecimal(normalised: negative ? -Int128(mantissa) : Int128(mantissa), scale: scale)
    }

    /// The number × 10^`exponent`; nil when that does not fit an exact decimal.
    func shifted(by exponent: Int) -> ExactDecimal? {
        if value.isZero { return .zero }
        var mantissa = value.mantissa
        var scale = value.scale - exponent
        // Moving the point left of a normalised number leaves it normalised.
        if exponent >= 0 && scale >= 0 { return ExactDecimal(normalised: mantissa, scale: scale) }
        // Moved right past the last digit (`7258.21` 万): the digits times a power of ten, in one
        // machine multiplication when they fit a word. A whole number is normalised as it is.
        if scale < 0, let small = ExactDecimal.small(mantissa), let whole = ExactDecimal.scaledUp(small, by: -scale) {
            return ExactDecimal(normalised: Int128(whole), scale: 0)
        }
        while scale < 0 {
            let (times, overflow) = mantissa.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            mantissa = times
            scale += 1
        }
        return try? ExactDecimal(mantissa: mantissa, scale: scale)
    }

    /// A unit's factor, as the power of ten it is when it is one, worked out once per unit.
    enum Scale: Sendable {
        case exponent(Int)
        case factor(ExactDecimal)

        init(_ factor: ExactDecimal) {
            self = factor.powerOfTen.map { .exponent($0) } ?? .factor(factor)
        }
    }

    /// The number × a unit's factor; nil when the product does not fit.
    func scaled(by scale: Scale) -> ExactDecimal? {
        switch scale {
        case .exponent(let exponent): return shifted(by: exponent)
        case .factor(let factor): return try? value.multiplied(by: factor)
        }
    }

    /// The number × `factor` (a unit's factor); nil when the product does not fit.
    func times(_ factor: ExactDecimal) -> ExactDecimal? {
        scaled(by: Scale(factor))
    }
}
