/// The header row of a CSV file `batch --input csv` reads, for every fact the loaded policies
/// declare (`zhengce schema --format csv`): an analyst's spreadsheet starts from it. `applicant`
/// and `as_of` first; then each fact by name, a record's fields as `fact.field`, a list's items by
/// position from 0 (`fact[0].field`, `items` positions each); a set of choices is one column
/// (choices separated by `;`); then `prior_received.<clause id>` for each clause whose outcome
/// depends on what the applicant already received under it.
public enum CSVTemplate {
    public static func header(_ reference: FactsReference, items: Int) -> String {
        var columns = ["applicant", "as_of"]
        for name in reference.order.sorted() {
            guard let fact = reference.facts[name] else { continue }
            paths(name, fact.type, items: items, into: &columns)
        }
        columns += reference.documents.flatMap(\.readingPrior).map { "prior_received." + $0 }
        // Names, fields and clause ids hold no comma, quote or line break: no cell needs quotes.
        return columns.joined(separator: ",")
    }

    /// The columns under `path`, a value of `type`.
    static func paths(_ path: String, _ type: TypeSyntax, items: Int, into columns: inout [String]) {
        switch type {
        case .record(let fields):
            for field in fields { paths(path + "." + field.name, field.type, items: items, into: &columns) }
        case .listOf(let element):
            for position in 0..<items { paths("\(path)[\(position)]", element, items: items, into: &columns) }
        case .signed(let inner):
            paths(path, inner, items: items, into: &columns)
        case .bool, .money, .number, .percent, .count, .date, .text, .choice, .setOf:
            columns.append(path)
        }
    }
}
