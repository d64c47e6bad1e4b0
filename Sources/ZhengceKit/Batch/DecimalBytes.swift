/// A plain decimal number, `-? digits (. digits)?`, read straight from the bytes of a line: its
/// magnitude and its decimal places (trailing fractional zeros dropped), with no string and no
/// array of digits. Scaling by a unit that is a power of ten (万, 亿, a percent) moves the decimal
/// point instead of multiplying 128-bit numbers. The exact decimal it gives is the one that
/// `ExactDecimal(mantissa:scale:)` and a multiplication by the unit's factor give.
struct DecimalBytes {
    /// A minus sign before a magnitude that is not zero (`-0` is zero).
    let isNegative: Bool
    let magnitude: UInt128
    let places: Int
    /// The index just after the number: where a unit written after it starts.
    let end: Int

    /// The number at the start of `text`; nil when the run of digits, points and signs goes on
    /// past it (the slow path reports such text), when a point has no digit on either side, or
    /// when the number does not fit an exact decimal.
    init?(_ text: UnsafeBufferPointer<UInt8>.SubSequence) {
        var index = text.startIndex
        let negative = index < text.endIndex && text[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        // Up to 19 digits always fit 64 bits; past them the sum goes on in 128 bits.
        var small: UInt64 = 0
        var large: UInt128 = 0
        var digitCount = 0
        var places = 0
        var digits = 0
        var seenPoint = false
        while index < text.endIndex {
            let byte = text[index]
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                let digit = byte - UInt8(ascii: "0")
                if digitCount < 19 {
                    small = small &* 10 &+ UInt64(digit)
                } else {
                    if digitCount == 19 { large = UInt128(small) }
                    let (times, o1) = large.multipliedReportingOverflow(by: 10)
                    let (plus, o2) = times.addingReportingOverflow(UInt128(digit))
                    if o1 || o2 { return nil }
                    large = plus
                }
                digitCount += 1
                digits += 1
                if seenPoint { places += 1 }
            } else if byte == UInt8(ascii: ".") {
                guard !seenPoint, digits > 0 else { return nil }
                seenPoint = true
                digits = 0
            } else if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte < 0x20 || byte == 0x7F {
                return nil
            } else {
                break
            }
            index += 1
        }
        // As many places as an exact decimal holds, counted before trailing zeros are dropped.
        guard digits > 0, places <= ExactDecimal.maxScale else { return nil }
        if digitCount > 19 {
            guard large <= UInt128(Int128.max) else { return nil }
            while places > 0 && large % 10 == 0 {
                large /= 10
                places -= 1
            }
            magnitude = large
        } else {
            while places > 0 && small % 10 == 0 {
                small /= 10
                places -= 1
            }
            magnitude = UInt128(small)
        }
        if magnitude == 0 { places = 0 }
        isNegative = negative && magnitude != 0
        self.places = places
        end = index
    }

    /// The number × 10^`exponent`; nil when that does not fit an exact decimal.
    func shifted(by exponent: Int) -> ExactDecimal? {
        if magnitude == 0 { return .zero }
        var magnitude = magnitude
        var scale = places - exponent
        while scale < 0 {
            let (times, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            magnitude = times
            scale += 1
        }
        guard scale <= ExactDecimal.maxScale, magnitude <= UInt128(Int128.max) else { return nil }
        let mantissa = Int128(magnitude)
        return try? ExactDecimal(mantissa: isNegative ? -mantissa : mantissa, scale: scale)
    }

    /// The number × `factor` (a unit's factor); nil when the product does not fit.
    func times(_ factor: ExactDecimal) -> ExactDecimal? {
        if let exponent = Self.powerOfTen(factor) { return shifted(by: exponent) }
        return try? shifted(by: 0)?.multiplied(by: factor)
    }

    /// `k` when `value` is 10^k (k may be negative), else nil.
    static func powerOfTen(_ value: ExactDecimal) -> Int? {
        guard value.mantissa > 0, value.mantissa <= Int128(UInt64.max) else { return nil }
        var mantissa = UInt64(value.mantissa)
        var exponent = 0
        while mantissa % 10 == 0 {
            mantissa /= 10
            exponent += 1
        }
        return mantissa == 1 ? exponent - value.scale : nil
    }
}
