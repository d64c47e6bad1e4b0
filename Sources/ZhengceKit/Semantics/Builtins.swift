/// The built-in functions, in one table: the checker reads the names and arities, the evaluator
/// dispatches on `Builtin.ID`, and `docs/language.md` lists every `signature` (a test keeps the
/// two in step). Adding a function means one row here, its typing rule in `Checker.inferCall` and
/// its evaluation in `Evaluator.call`.
public struct Builtin: Sendable {
    public enum ID: Int, Sendable, CaseIterable {
        case min, max, clamp, addYears, year, count, sum, take, prior
    }

    public let id: ID
    public let name: String
    public let arity: ClosedRange<Int>
    /// How it is written, with its argument types (`clamp(x, low, high)`).
    public let signature: String
    /// What it gives, in one line.
    public let summary: String

    public static let table: [Builtin] = [
        Builtin(id: .min, name: "min", arity: 1...99, signature: "min(a, b, …)` or `min(list)",
                summary: "the smallest of numbers of one dimension, or of a list of numbers (0 for an empty list)"),
        Builtin(id: .max, name: "max", arity: 1...99, signature: "max(a, b, …)` or `max(list)",
                summary: "the largest of numbers of one dimension, or of a list of numbers (0 for an empty list)"),
        Builtin(id: .clamp, name: "clamp", arity: 3...3, signature: "clamp(x, low, high)",
                summary: "`x` held between `low` and `high`"),
        Builtin(id: .addYears, name: "add_years", arity: 2...2, signature: "add_years(date, n)",
                summary: "the date `n` whole years later (29 February becomes 28 February)"),
        Builtin(id: .year, name: "year", arity: 1...1, signature: "year(date)",
                summary: "the calendar year of a date, as a number"),
        Builtin(id: .count, name: "count", arity: 1...1, signature: "count(list)",
                summary: "the number of items of a list or set"),
        Builtin(id: .sum, name: "sum", arity: 1...1, signature: "sum(list)",
                summary: "the sum of a list of numbers"),
        Builtin(id: .take, name: "take", arity: 2...2, signature: "take(list, n)",
                summary: "the first `n` items of a list"),
        Builtin(id: .prior, name: "prior", arity: 0...0, signature: "prior()",
                summary: "what the applicant already received under this clause (`prior_received`)"),
    ]

    public static func named(_ name: String) -> Builtin? { table.first { $0.name == name } }
    public static var names: [String] { table.map(\.name) }
}

/// The names every scope sees after its own: the evaluation date and, in a clause, what the
/// applicant already received under it.
public enum BuiltinName: String, Sendable, CaseIterable {
    case asOf = "as_of"
    case priorReceived = "prior_received"
}
