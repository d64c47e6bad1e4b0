/// The static type of a fact, a field or an expression.
public indirect enum ValueType: Hashable, Sendable, CustomStringConvertible {
    case bool
    case quantity(Dimension)
    case date
    /// Free text, or one of a closed list of values.
    case text(choices: [String]?)
    case set(choices: [String])
    case record([RecordField])
    case list(ValueType)
    /// The type of an expression that already has an error; it matches everything so one mistake
    /// is reported once.
    case unknown

    public static let money = ValueType.quantity(.money(.cny))
    public static let plain = ValueType.quantity(.plain)

    public var description: String {
        switch self {
        case .bool: return "bool"
        case .quantity(let dimension): return dimension.description
        case .date: return "date"
        case .text(nil): return "text"
        case .text(let choices?): return "choice {\(choices.map { "\"\($0)\"" }.joined(separator: ", "))}"
        case .set: return "set of choices"
        case .record: return "record"
        case .list(let element): return "list of \(element)"
        case .unknown: return "unknown"
        }
    }

    public var dimension: Dimension? {
        if case .quantity(let dimension) = self { return dimension }
        return nil
    }

    public func field(_ name: String) -> RecordField? {
        if case .record(let fields) = self { return fields.first { $0.name == name } }
        return nil
    }

    /// Whether an absent value of this type has a natural default (false, an empty list or set).
    public var absentDefault: Value? {
        switch self {
        case .bool: return .bool(false)
        case .list: return .list([])
        case .set: return .set([])
        default: return nil
        }
    }
}

public struct RecordField: Hashable, Sendable {
    public var name: String
    public var type: ValueType
    /// How the input writes this field's money or quantity (`万元`, `百万美元`, `%`).
    public var input: InputUnit
    public var defaultValue: Value? = nil
    public var label: String? = nil
}

/// How an input number is read into the engine's base units.
public enum InputUnit: Hashable, Sendable {
    case none
    case money(MoneyUnit)
    /// Input written as a percentage (`"5.1"` means 5.1%).
    case percent
}

/// A declared fact, resolved.
public struct FactInfo: Sendable {
    public var name: String
    public var type: ValueType
    public var input: InputUnit
    public var defaultValue: Value?
    public var label: String?
    public var span: Span
    /// The type as written, for comparing declarations across files.
    public var syntax: TypeSyntax
    /// A fact whose presence in the input makes this bool true (`implied by`).
    public var impliedBy: String? = nil
}

/// "Did you mean" for a name given where a fact or a record field is meant: the one whose label
/// it is (an analyst's spreadsheet heads its columns with `营业收入`, the label of `revenue`), else
/// the nearest name.
public enum NameSuggestion {
    /// The hint, `did you mean `revenue` (labelled 营业收入)?`, or nil.
    public static func hint(for written: String, names: [(name: String, label: String?)], others: [String] = []) -> String? {
        let trimmed = written.trimmingCharacters(in: .whitespaces)
        let labelled = names.filter { $0.label == trimmed }.map(\.name).sorted()
        if !labelled.isEmpty {
            let list = labelled.map { "`\($0)`" }.joined(separator: " or ")
            return "did you mean \(list) (labelled \(trimmed))? the input names facts and fields by name, not by label"
        }
        if let near = Suggest.closest(to: written, among: names.map(\.name) + others) { return "did you mean `\(near)`?" }
        // A shortened label (`实收资本` for `实收（实缴）资本`): the labels that hold its characters
        // in order, the shortest first.
        let scalars = Array(trimmed.unicodeScalars)
        guard scalars.count >= 2, scalars.contains(where: { $0.properties.isIdeographic }) else { return nil }
        let shortened = names.compactMap { name -> (name: String, label: String)? in
            guard let label = name.label, label != trimmed, holdsInOrder(scalars, label) else { return nil }
            return (name.name, label)
        }.sorted { ($0.label.count, $0.name) < ($1.label.count, $1.name) }.prefix(3)
        guard !shortened.isEmpty else { return nil }
        let list = shortened.map { "`\($0.name)` (labelled \($0.label))" }.joined(separator: " or ")
        return "did you mean \(list)? the input names facts and fields by name, not by label"
    }

    /// Whether `label` holds every character of `scalars`, in order.
    static func holdsInOrder(_ scalars: [Unicode.Scalar], _ label: String) -> Bool {
        var next = 0
        for scalar in label.unicodeScalars where next < scalars.count && scalar == scalars[next] { next += 1 }
        return next == scalars.count
    }

    public static func hint(for written: String, facts: [String: FactInfo], others: [String] = []) -> String? {
        hint(for: written, names: facts.values.map { ($0.name, $0.label) }, others: others)
    }

    public static func hint(for written: String, fields: [RecordField]) -> String? {
        hint(for: written, names: fields.map { ($0.name, $0.label) })
    }
}
