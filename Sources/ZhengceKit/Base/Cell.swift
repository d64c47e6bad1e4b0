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
    /// Facts needed and not given (`sci_tech_insurance.premium`), named by the compiled program's
    /// `FactPaths`: `MissingFacts.paths(in:)` lists them.
    case unknown(MissingFacts)

    public static func money(_ amount: ExactDecimal) -> Cell { .number(amount, .money(.cny)) }

    public var isUnknown: Bool { if case .unknown = self { return true } else { return false } }

    /// Whether this is a record or a list: a value with storage of its own, which a line reader
    /// writes over in place and an evaluator lets go of after an applicant.
    var holdsStorage: Bool {
        switch self {
        case .record, .list: return true
        default: return false
        }
    }

    /// Whether `is empty` holds: an empty list or set, or a value not known (read in place,
    /// without copying a list).
    var isEmptyOrUnknown: Bool {
        switch self {
        case .list(let items): return items.isEmpty
        case .set(let values): return values.isEmpty
        case .unknown: return true
        default: return false
        }
    }

    /// A record's field at `index`, read without copying the record; nil when this is not a
    /// record or the input did not give the field.
    func recordField(_ index: Int) -> Cell? {
        guard case .record(let record) = self else { return nil }
        return record.field(index)
    }
}

/// A record read from the input (or made by `group`): where it was read from, for messages about
/// its missing fields, and its fields by position; nil is a field the input did not give.
public struct RecordCell: Hashable, Sendable {
    public var path: String
    public var fields: [Cell?]

    /// Field `index`; nil when the record has no such field or the input did not give it.
    func field(_ index: Int) -> Cell? {
        index < fields.count ? fields[index] : nil
    }
}

extension Cell {
    /// Shows a value as a person reads it, exactly as `Value.display` does. An unknown value shows
    /// as `unknown`: the facts it misses are named with the program's `FactPaths`.
    public var display: String {
        switch self {
        // Plain values are shown by `Value.display`, the one place that formats them.
        case .bool(let value): return Value.bool(value).display
        case .number(let amount, let dimension): return Value.number(amount, dimension).display
        case .date(let day): return Value.date(day).display
        case .text(let text): return Value.text(text).display
        case .set(let values): return Value.set(values).display
        case .record(let record): return "{\(record.fields.count { $0 != nil }) fields}"
        case .list(let items): return "[\(items.count) items]"
        case .unknown: return "unknown"
        }
    }
}

extension String {
    /// Whether every text equal to this one, as `==` compares texts (by canonical equivalence), is
    /// this one byte for byte, so that a text of another length differs from it without being
    /// compared: true for an ASCII text without `;`, `` ` `` or `K`. Those three are the only
    /// characters another one stands for canonically (U+037E, U+1FEF and U+212A), and every other
    /// character beyond ASCII stays beyond it when normalised.
    var comparesByLength: Bool {
        utf8.allSatisfy { $0 < 0x80 && $0 != UInt8(ascii: ";") && $0 != UInt8(ascii: "`") && $0 != UInt8(ascii: "K") }
    }
}
