/// A minimal JSON writer with ordered keys, so output is deterministic and diffable.
public indirect enum JSONOut {
    case null
    case bool(Bool)
    case int(Int)
    /// A number written as given (exact decimals).
    case raw(String)
    case string(String)
    case array([JSONOut])
    case object([(String, JSONOut)])

    public static func decimal(_ value: ExactDecimal?, places: Int = 2) -> JSONOut {
        value.map { .string($0.formatted(minimumPlaces: places)) } ?? .null
    }

    public func rendered(indent: Int = 0, pretty: Bool = true) -> String {
        var out = ""
        write(into: &out, indent: indent, pretty: pretty)
        return out
    }

    /// Appends the value to `out`: one buffer for the whole document, runs of text that need no
    /// escape copied whole.
    func write(into out: inout String, indent: Int, pretty: Bool) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .raw(let text): out += text
        case .string(let text): JSONOut.quote(text, into: &out)
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "["
            for (position, item) in items.enumerated() {
                if position > 0 { out += "," }
                JSONOut.breakLine(&out, level: indent + 1, pretty: pretty)
                item.write(into: &out, indent: indent + 1, pretty: pretty)
            }
            JSONOut.breakLine(&out, level: indent, pretty: pretty)
            out += "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{"
            for (position, (key, value)) in members.enumerated() {
                if position > 0 { out += "," }
                JSONOut.breakLine(&out, level: indent + 1, pretty: pretty)
                JSONOut.quote(key, into: &out)
                out += pretty ? ": " : ":"
                value.write(into: &out, indent: indent + 1, pretty: pretty)
            }
            JSONOut.breakLine(&out, level: indent, pretty: pretty)
            out += "}"
        }
    }

    /// A new line indented to `level`, in pretty output only.
    static func breakLine(_ out: inout String, level: Int, pretty: Bool) {
        guard pretty else { return }
        out += "\n"
        for _ in 0..<level { out += "  " }
    }

    static func quote(_ text: String) -> String {
        var result = ""
        quote(text, into: &result)
        return result
    }

    /// `text` as a JSON string: `"`, `\\` and control characters escaped, everything else as is.
    static func quote(_ text: String, into out: inout String) {
        out += "\""
        let bytes = text.utf8
        var runStart = bytes.startIndex
        var index = runStart
        while index != bytes.endIndex {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 else {
                index = bytes.index(after: index)
                continue
            }
            // Sliced by scalars: an ASCII byte starts a scalar, though not always a character
            // (`\r\n`, or a quote followed by a combining mark).
            out += Substring(text.unicodeScalars[runStart..<index])
            switch byte {
            case UInt8(ascii: "\""): out += "\\\""
            case UInt8(ascii: "\\"): out += "\\\\"
            case UInt8(ascii: "\n"): out += "\\n"
            case UInt8(ascii: "\r"): out += "\\r"
            case UInt8(ascii: "\t"): out += "\\t"
            default:
                let hex = String(byte, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
            index = bytes.index(after: index)
            runStart = index
        }
        out += Substring(text.unicodeScalars[runStart..<index])
        out += "\""
    }
}
