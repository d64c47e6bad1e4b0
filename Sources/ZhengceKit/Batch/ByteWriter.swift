/// Appends compact JSON and CSV to a byte buffer, without building an intermediate tree.
///
/// The buffer is its own (not an array's): an append is a capacity check and a copy, without the
/// array's uniqueness check and generic copying, which a record of a few hundred short pieces
/// pays for each piece. The writer cannot be copied, so no two writers share the buffer.
///
/// The count of bytes written never passes the capacity, which `grow` works out with checked
/// arithmetic, so sums of counts within it use the wrapping operators (`&+`): no overflow check
/// on each append.
struct ByteWriter: ~Copyable {
    private var storage: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 256) {
        self.capacity = max(16, capacity)
        storage = .allocate(capacity: self.capacity)
    }

    deinit { storage.deallocate() }

    /// What has been written.
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: storage, count: count)) }

    /// What has been written, handed over with the buffer it is in rather than copied out.
    consuming func finish() -> WrittenBytes {
        let written = WrittenBytes(storage, count: count)
        discard self
        return written
    }

    /// Room for `more` bytes after the written ones, doubling the buffer when it is short.
    @inline(__always)
    private mutating func reserve(_ more: Int) {
        guard capacity &- count < more else { return }
        grow(more)
    }

    private mutating func grow(_ more: Int) {
        let larger = max(capacity * 2, count + more)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.update(from: storage, count: count)
        storage.deallocate()
        storage = moved
        capacity = larger
    }

    /// Appends bytes written elsewhere. Most pieces (punctuation, keys, statuses) are a few bytes,
    /// copied by a loop rather than a call to the C library's copy.
    @inline(__always)
    mutating func append(_ source: UnsafeBufferPointer<UInt8>) {
        guard let base = source.baseAddress, !source.isEmpty else { return }
        reserve(source.count)
        let to = storage + count
        if source.count <= 16 {
            for offset in 0..<source.count { to[offset] = base[offset] }
        } else {
            to.update(from: base, count: source.count)
        }
        count &+= source.count
    }

    /// Appends a copy of bytes this writer has written already; false, with nothing appended,
    /// when `range` is not within what it has written.
    mutating func repeatWritten(_ range: Range<Int>) -> Bool {
        guard range.lowerBound >= 0 && range.upperBound <= count else { return false }
        reserve(range.count)
        // After `reserve`, which may move the buffer: the copy is read from where the bytes are now.
        (storage + count).update(from: storage + range.lowerBound, count: range.count)
        count &+= range.count
        return true
    }

    mutating func append(_ source: [UInt8]) {
        source.withUnsafeBufferPointer { append($0) }
    }

    mutating func raw(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// Text known when the program is built (JSON punctuation, keys): its bytes copied at once.
    /// Inlined, so the text's address and length are constants where it is written.
    @inline(__always)
    mutating func literal(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inline(__always)
    mutating func raw(_ byte: UInt8) {
        reserve(1)
        storage[count] = byte
        count &+= 1
    }

    /// A JSON string literal (RFC 8259): quotes, backslashes and control characters escaped.
    mutating func string(_ text: String) {
        raw(UInt8(ascii: "\""))
        // Most texts (ids, fact paths, names) need no escape: their bytes are copied at once, read
        // in place (a native string's bytes are contiguous; any other is written byte by byte).
        let plain = text.utf8.withContiguousStorageIfAvailable { bytes in
            if Self.needsEscape(bytes) { return false }
            append(bytes)
            return true
        } ?? false
        if plain {
            raw(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case UInt8(ascii: "\n"): raw("\\n")
            case UInt8(ascii: "\r"): raw("\\r")
            case UInt8(ascii: "\t"): raw("\\t")
            case 0..<0x20:
                raw("\\u00")
                raw(Self.hex[Int(byte >> 4)])
                raw(Self.hex[Int(byte & 0xF)])
            default: raw(byte)
            }
        }
        raw(UInt8(ascii: "\""))
    }

    /// Whether `bytes` hold a quote, a backslash or a control character: eight bytes at a time.
    static func needsEscape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset &+ 8 <= bytes.count {
            if ByteWords.stops(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))) != 0 { return true }
            offset &+= 8
        }
        while offset < bytes.count {
            let byte = base[offset]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return true }
            offset &+= 1
        }
        return false
    }

    mutating func optionalString(_ text: String?) {
        if let text { string(text) } else { raw("null") }
    }

    /// `"key":`
    mutating func key(_ name: String) {
        string(name)
        raw(UInt8(ascii: ":"))
    }

    mutating func strings(_ items: [String]) {
        raw(UInt8(ascii: "["))
        for (index, item) in items.enumerated() {
            if index > 0 { raw(UInt8(ascii: ",")) }
            string(item)
        }
        raw(UInt8(ascii: "]"))
    }

    /// A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
    mutating func csvField(_ text: String) {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) else {
            raw(text)
            return
        }
        raw(UInt8(ascii: "\""))
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\"") { raw(UInt8(ascii: "\"")) }
            raw(byte)
        }
        raw(UInt8(ascii: "\""))
    }

    /// An amount in 万元 with at least two decimals, the same text as `EvaluationReport.wan`,
    /// written straight into the buffer when the digits fit in 64 bits (every realistic amount).
    mutating func wan(_ amount: ExactDecimal) {
        guard amount.magnitude <= UInt128(UInt64.max) else {
            raw(EvaluationReport.wan(amount))
            return
        }
        var digits = UInt64(amount.magnitude)
        var places = amount.scale + MoneyUnit.displayShift
        // Most amounts in a record are nothing granted.
        if digits == 0 && places >= 2 {
            literal("0.00")
            return
        }
        while places > 2, digits % 10 == 0 {
            digits /= 10
            places -= 1
        }
        // At most 20 digits, a point, leading zeros and a sign: 24 + places bytes suffice. They
        // are written from the end of a buffer on the stack.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24 + places) { buffer in
            var start = buffer.count
            func put(_ byte: UInt8) {
                start -= 1
                buffer[start] = byte
            }
            var written = 0
            repeat {
                put(UInt8(ascii: "0") + UInt8(digits % 10))
                digits /= 10
                written += 1
                if written == places { put(UInt8(ascii: ".")) }
            } while digits > 0
            while written < places {
                put(UInt8(ascii: "0"))
                written += 1
                if written == places { put(UInt8(ascii: ".")) }
            }
            if written == places { put(UInt8(ascii: "0")) }
            if amount.isNegative { put(UInt8(ascii: "-")) }
            append(UnsafeBufferPointer(rebasing: buffer[start...]))
        }
    }

    /// A day as `YYYY-MM-DD`, the same text as `Day.description`, without building a string.
    mutating func day(_ day: Day) {
        let (year, month, date) = day.components
        guard (0...9999).contains(year) else {
            raw(day.description)
            return
        }
        // Ten bytes at once, each digit divided out by a constant.
        reserve(10)
        let to = storage + count
        let zero = UInt8(ascii: "0")
        to[0] = zero + UInt8(year / 1000)
        to[1] = zero + UInt8(year / 100 % 10)
        to[2] = zero + UInt8(year / 10 % 10)
        to[3] = zero + UInt8(year % 10)
        to[4] = UInt8(ascii: "-")
        to[5] = zero + UInt8(month / 10)
        to[6] = zero + UInt8(month % 10)
        to[7] = UInt8(ascii: "-")
        to[8] = zero + UInt8(date / 10)
        to[9] = zero + UInt8(date % 10)
        count &+= 10
    }

    /// A whole number in decimal, without building a string.
    mutating func integer(_ value: Int) {
        guard value >= 0 else {
            raw(String(value))
            return
        }
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            raw(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)
}

/// Bytes a `ByteWriter` wrote, in the buffer it wrote them in, which this owns and frees.
final class WrittenBytes: @unchecked Sendable {
    // @unchecked: the buffer is written before it is handed over, and only read after.
    private let start: UnsafeMutablePointer<UInt8>
    let count: Int

    fileprivate init(_ start: UnsafeMutablePointer<UInt8>, count: Int) {
        self.start = start
        self.count = count
    }

    deinit { start.deallocate() }

    var buffer: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: start, count: count) }
}
