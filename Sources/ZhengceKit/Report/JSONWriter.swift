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
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(into: &out, indent: indent, pretty: pretty)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the value to `out` as UTF-8: one byte buffer for the whole document, runs of text
    /// that need no escape copied whole.
    func write(into out: inout [UInt8], indent: Int, pretty: Bool) {
        switch self {
        case .null: JSONOut.append("null", to: &out)
        case .bool(let value): JSONOut.append(value ? "true" : "false", to: &out)
        case .int(let value): JSONOut.append(String(value), to: &out)
        case .raw(let text): JSONOut.append(text, to: &out)
        case .string(let text): JSONOut.quote(text, into: &out)
        case .array(let items):
            guard !items.isEmpty else { JSONOut.append("[]", to: &out); return }
            out.append(UInt8(ascii: "["))
            for (position, item) in items.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                JSONOut.breakLine(&out, level: indent + 1, pretty: pretty)
                item.write(into: &out, indent: indent + 1, pretty: pretty)
            }
            JSONOut.breakLine(&out, level: indent, pretty: pretty)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else { JSONOut.append("{}", to: &out); return }
            out.append(UInt8(ascii: "{"))
            for (position, (key, value)) in members.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                JSONOut.breakLine(&out, level: indent + 1, pretty: pretty)
                JSONOut.quote(key, into: &out)
                JSONOut.append(pretty ? ": " : ":", to: &out)
                value.write(into: &out, indent: indent + 1, pretty: pretty)
            }
            JSONOut.breakLine(&out, level: indent, pretty: pretty)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// The UTF-8 of `text`, copied whole.
    static func append(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { out.append(contentsOf: $0) }
    }

    /// A new line indented to `level`, in pretty output only.
    static func breakLine(_ out: inout [UInt8], level: Int, pretty: Bool) {
        guard pretty else { return }
        out.append(UInt8(ascii: "\n"))
        var spaces = 2 * level
        while spaces > 0 {
            let run = min(spaces, indentation.count)
            out.append(contentsOf: indentation[..<run])
            spaces -= run
        }
    }

    private static let indentation = [UInt8](repeating: UInt8(ascii: " "), count: 64)

    static func quote(_ text: String) -> String {
        var result: [UInt8] = []
        quote(text, into: &result)
        return String(decoding: result, as: UTF8.self)
    }

    /// `text` as a JSON string: `"`, `\\` and control characters escaped, everything else as is.
    static func quote(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                switch byte {
                case UInt8(ascii: "\""): JSONOut.append("\\\"", to: &out)
                case UInt8(ascii: "\\"): JSONOut.append("\\\\", to: &out)
                case UInt8(ascii: "\n"): JSONOut.append("\\n", to: &out)
                case UInt8(ascii: "\r"): JSONOut.append("\\r", to: &out)
                case UInt8(ascii: "\t"): JSONOut.append("\\t", to: &out)
                default:
                    let hex = String(byte, radix: 16)
                    JSONOut.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex, to: &out)
                }
                runStart = index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
        out.append(UInt8(ascii: "\""))
    }
}
