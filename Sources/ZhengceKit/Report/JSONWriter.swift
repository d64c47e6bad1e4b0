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
        let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
        let closePad = pretty ? String(repeating: "  ", count: indent) : ""
        let newline = pretty ? "\n" : ""
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .raw(let text): return text
        case .string(let text): return JSONOut.quote(text)
        case .array(let items):
            if items.isEmpty { return "[]" }
            return "[" + newline + items.map { pad + $0.rendered(indent: indent + 1, pretty: pretty) }.joined(separator: "," + newline) + newline + closePad + "]"
        case .object(let members):
            if members.isEmpty { return "{}" }
            let separator = pretty ? ": " : ":"
            return "{" + newline + members.map { pad + JSONOut.quote($0.0) + separator + $0.1.rendered(indent: indent + 1, pretty: pretty) }.joined(separator: "," + newline) + newline + closePad + "}"
        }
    }

    static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
