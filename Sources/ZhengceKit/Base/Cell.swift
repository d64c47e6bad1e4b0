/// A value as the compiled evaluator holds it: records are positional (fields in declaration
/// order, so a field is read by index, never by name), and a value that could not be known because
/// facts are missing is a value too (`unknown`), which is how three-valued logic flows through
/// every operation without throwing.
public enum Cell: Hashable, Sendable {
    case bool(Bool)
    case number(ExactDecimal, Dimension)
    case date(Day)
    case text(String)
    case set(Set<String>)
    case record(RecordCell)
    case list([Cell])
    /// Facts needed and not given, by path (`sci_tech_insurance.premium`).
    case unknown(Set<String>)

    public static func money(_ amount: ExactDecimal) -> Cell { .number(amount, .money(.cny)) }

    public var isUnknown: Bool { if case .unknown = self { return true } else { return false } }
}

/// A record read from the input (or made by `group`): where it was read from, for messages about
/// its missing fields, and its fields by position; nil is a field the input did not give.
public struct RecordCell: Hashable, Sendable {
    public var path: String
    public var fields: [Cell?]
}

extension Cell {
    /// Shows a value as a person reads it, exactly as `Value.display` does.
    public var display: String {
        switch self {
        case .bool(let value): return value ? "true" : "false"
        case .number(let amount, .money(let currency)): return Value.displayMoney(amount, currency)
        case .number(let amount, .number(let unit)): return amount.formatted() + (unit.map { " \($0)" } ?? "")
        case .date(let day): return day.description
        case .text(let text): return "\"\(text)\""
        case .set(let values): return "{" + values.sorted().map { "\"\($0)\"" }.joined(separator: ", ") + "}"
        case .record(let record): return "{\(record.fields.count { $0 != nil }) fields}"
        case .list(let items): return "[\(items.count) items]"
        case .unknown(let paths): return "unknown (missing \(paths.sorted().joined(separator: ", ")))"
        }
    }
}
