import ZhengceKit

enum SchemaCommand {
    static let help = """
    usage: zhengce schema [--format json|csv] [--items N] [PATH]...

    Prints the JSON Schema (draft 2020-12) of the applicant file as the policies declare it: each
    fact's type, unit, allowed values, sign and default, its Chinese label as `title`, and which
    clauses read it (`x-zhengce-used-by`); `prior_received` keyed by the clause ids; `as_of`.
    Without PATH: $ZHENGCE_POLICIES, else ./policies, else the installed policies.

      --format json     the JSON Schema (default)
      --format csv      the header row of a CSV file `batch --input csv` reads, for a spreadsheet
                        to start from: `applicant`, `as_of`, every fact by path (a record's fields
                        as `fact.field`, a list's items as `fact[0].field`, …), then
                        `prior_received.<clause id>` for each clause that reads what was already
                        received under it
      --items N         with `--format csv`: the positions written for each list (default 3,
                        1–100)

    exit codes: 0 printed · 1 the policies have errors · 2 usage error or unreadable file
    """

    static func run(_ raw: [String]) throws -> ExitCode {
        let arguments = try Arguments(raw, valued: ["--format", "--items"], flags: ["--help"])
        if arguments.has("--help") {
            print(help)
            return .ok
        }
        let format = arguments.value("--format") ?? "json"
        guard ["json", "csv"].contains(format) else { throw Arguments.UsageError(message: "unknown format `\(format)`; use one of json, csv") }
        var items = 3
        if let text = arguments.value("--items") {
            guard format == "csv" else { throw Arguments.UsageError(message: "`--items` goes with `--format csv`") }
            guard let count = Int(text), (1...100).contains(count) else { throw Arguments.UsageError(message: "`--items` needs a whole number from 1 to 100, not `\(text)`") }
            items = count
        }
        guard let loaded = try Common.load(arguments.positionals) else { return .wanting }
        let reference = FactsReference(trees: loaded.trees)
        print(format == "csv" ? CSVTemplate.header(reference, items: items) : FactsSchema.json(reference))
        return .ok
    }
}
