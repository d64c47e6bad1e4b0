/// The fast path for reading a JSON Lines line: builds the same `JSONNode` tree as `JSONReader`,
/// straight from the line's bytes, without decoding it into scalars or keeping a source file;
/// spans are byte offsets with no file. It declines (returns nil) on anything unusual — an escape
/// in a string, a byte-order mark, invalid UTF-8, any syntax error, a number outside RFC 8259's
/// form, a name repeated in one object, nesting deeper than `JSONReader`'s limit — and the line is
/// then read by `JSONReader`, which gives the same tree or a located message. It accepts nothing
/// that `JSONReader` rejects.
struct JSONLineParser {
    private let bytes: ArraySlice<UInt8>
    private var offset: Int
    private var depth = 0

    static func parse(_ bytes: ArraySlice<UInt8>) -> JSONNode? {
        var parser = JSONLineParser(bytes: bytes, offset: bytes.startIndex)
        parser.skipWhitespace()
        guard let root = parser.value() else { return nil }
        parser.skipWhitespace()
        return parser.offset == bytes.endIndex ? root : nil
    }

    private init(bytes: ArraySlice<UInt8>, offset: Int) {
        self.bytes = bytes
        self.offset = offset
    }

    private mutating func value() -> JSONNode? {
        guard offset < bytes.endIndex else { return nil }
        let start = offset
        let json: JSON
        switch bytes[offset] {
        case UInt8(ascii: "{"): return object()
        case UInt8(ascii: "["): return array()
        case UInt8(ascii: "\""):
            guard let text = string() else { return nil }
            json = .string(text)
        case UInt8(ascii: "t"):
            guard literal("true") else { return nil }
            json = .bool(true)
        case UInt8(ascii: "f"):
            guard literal("false") else { return nil }
            json = .bool(false)
        case UInt8(ascii: "n"):
            guard literal("null") else { return nil }
            json = .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            guard let text = number() else { return nil }
            json = .number(text)
        default: return nil
        }
        return JSONNode(value: json, span: span(start))
    }

    private mutating func object() -> JSONNode? {
        let start = offset
        depth += 1
        guard depth <= JSONReader.maxDepth else { return nil }
        offset += 1
        var members: [(key: String, value: JSONNode)] = []
        // The names' bytes, for finding a repeated name without comparing strings. Two different
        // byte sequences can be equal strings only when one has a byte above ASCII, so then
        // strings are compared.
        var keyRanges: [Range<Int>] = []
        var keysAreASCII = true
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            offset += 1
        } else {
            while true {
                skipWhitespace()
                let keyStart = offset + 1
                guard peek() == UInt8(ascii: "\""), let key = string() else { return nil }
                let keyRange = keyStart..<(offset - 1)
                if keysAreASCII && !bytes[keyRange].allSatisfy({ $0 < 0x80 }) { keysAreASCII = false }
                skipWhitespace()
                guard peek() == UInt8(ascii: ":") else { return nil }
                offset += 1
                skipWhitespace()
                guard let member = value() else { return nil }
                // INVARIANT: a repeated name is an error for `JSONReader`, so it is declined here.
                if keysAreASCII {
                    if keyRanges.contains(where: { $0.count == keyRange.count && bytes[$0].elementsEqual(bytes[keyRange]) }) { return nil }
                } else if members.contains(where: { $0.key == key }) {
                    return nil
                }
                keyRanges.append(keyRange)
                members.append((key, member))
                skipWhitespace()
                guard let next = peek() else { return nil }
                offset += 1
                if next == UInt8(ascii: ",") { continue }
                if next == UInt8(ascii: "}") { break }
                return nil
            }
        }
        depth -= 1
        return JSONNode(value: .object(members), span: span(start))
    }

    private mutating func array() -> JSONNode? {
        let start = offset
        depth += 1
        guard depth <= JSONReader.maxDepth else { return nil }
        offset += 1
        var items: [JSONNode] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            offset += 1
        } else {
            while true {
                skipWhitespace()
                guard let item = value() else { return nil }
                items.append(item)
                skipWhitespace()
                guard let next = peek() else { return nil }
                offset += 1
                if next == UInt8(ascii: ",") { continue }
                if next == UInt8(ascii: "]") { break }
                return nil
            }
        }
        depth -= 1
        return JSONNode(value: .array(items), span: span(start))
    }

    /// A string without escapes or control characters, validated as UTF-8.
    private mutating func string() -> String? {
        offset += 1
        let start = offset
        while offset < bytes.endIndex {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                // ASCII is valid UTF-8 as it stands; only other bytes need validating.
                let slice = bytes[start..<offset]
                let text = slice.allSatisfy({ $0 < 0x80 }) ? String(decoding: slice, as: UTF8.self) : String(validating: slice, as: UTF8.self)
                offset += 1
                return text
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            offset += 1
        }
        return nil
    }

    /// A number in RFC 8259's form, as `JSONReader` takes it; the applicant reader checks what the
    /// fact allows.
    private mutating func number() -> String? {
        guard let end = Self.endOfNumber(bytes, from: offset) else { return nil }
        let text = String(decoding: bytes[offset..<end], as: UTF8.self)
        offset = end
        return text
    }

    /// Where the number in RFC 8259's form, `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`,
    /// that starts at `start` ends; nil when the bytes there are not such a number.
    static func endOfNumber<Bytes: RandomAccessCollection>(_ bytes: Bytes, from start: Int) -> Int? where Bytes.Element == UInt8, Bytes.Index == Int {
        var offset = start
        func peek() -> UInt8? { offset < bytes.endIndex ? bytes[offset] : nil }
        func isDigit(_ byte: UInt8?) -> Bool { byte.map { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } ?? false }
        func skipDigits() { while isDigit(peek()) { offset += 1 } }
        if peek() == UInt8(ascii: "-") { offset += 1 }
        guard let first = peek(), isDigit(first) else { return nil }
        offset += 1
        if first == UInt8(ascii: "0") {
            if isDigit(peek()) { return nil }
        } else {
            skipDigits()
        }
        if peek() == UInt8(ascii: ".") {
            offset += 1
            guard isDigit(peek()) else { return nil }
            skipDigits()
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            offset += 1
            if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { offset += 1 }
            guard isDigit(peek()) else { return nil }
            skipDigits()
        }
        return offset
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard offset + count <= bytes.endIndex else { return false }
        let matches = word.withUTF8Buffer { expected in bytes[offset..<(offset + count)].elementsEqual(expected) }
        if matches { offset += count }
        return matches
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\t") {
            offset += 1
        }
    }

    private func peek() -> UInt8? { offset < bytes.endIndex ? bytes[offset] : nil }

    private func span(_ start: Int) -> Span { Span(file: nil, start: start, end: max(start + 1, offset)) }
}
