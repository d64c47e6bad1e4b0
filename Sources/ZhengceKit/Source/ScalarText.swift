/// Text made from a run of scalars, encoded straight into the string's storage: one pass to size
/// it, one to write it, no growing buffer and no per-scalar append.
enum ScalarText {
    static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var count = 0
        for scalar in scalars { count += UTF8.width(scalar) }
        guard count > 0 else { return "" }
        return String(unsafeUninitializedCapacity: count) { buffer in
            var index = 0
            for scalar in scalars { index = write(scalar, to: buffer, at: index) }
            return index
        }
    }

    /// Writes `scalar`'s UTF-8 at `index` in `buffer` (room for it is the caller's); the index after it.
    @inline(__always)
    static func write(_ scalar: Unicode.Scalar, to buffer: UnsafeMutableBufferPointer<UInt8>, at index: Int) -> Int {
        let value = scalar.value
        switch value {
        case 0..<0x80:
            buffer[index] = UInt8(truncatingIfNeeded: value)
            return index + 1
        case 0x80..<0x800:
            buffer[index] = UInt8(truncatingIfNeeded: 0xC0 | (value >> 6))
            buffer[index + 1] = UInt8(truncatingIfNeeded: 0x80 | (value & 0x3F))
            return index + 2
        case 0x800..<0x10000:
            buffer[index] = UInt8(truncatingIfNeeded: 0xE0 | (value >> 12))
            buffer[index + 1] = UInt8(truncatingIfNeeded: 0x80 | ((value >> 6) & 0x3F))
            buffer[index + 2] = UInt8(truncatingIfNeeded: 0x80 | (value & 0x3F))
            return index + 3
        default:
            buffer[index] = UInt8(truncatingIfNeeded: 0xF0 | (value >> 18))
            buffer[index + 1] = UInt8(truncatingIfNeeded: 0x80 | ((value >> 12) & 0x3F))
            buffer[index + 2] = UInt8(truncatingIfNeeded: 0x80 | ((value >> 6) & 0x3F))
            buffer[index + 3] = UInt8(truncatingIfNeeded: 0x80 | (value & 0x3F))
            return index + 4
        }
    }
}
