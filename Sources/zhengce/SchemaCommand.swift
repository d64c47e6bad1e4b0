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
        try FactsCommand.run(raw, help: help, valued: ["--format", "--items"]) { arguments in
            let format = try Common.format(arguments, allowed: ["json", "csv"], default: "json")
            guard format == "csv" else {
                if arguments.value("--items") != nil { throw Arguments.UsageError(message: "`--items` goes with `--format csv`") }
                return { FactsSchema.json($0) + "\n" }
            }
            let items = try arguments.wholeNumber("--items", in: 1...100) ?? 3
            return { CSVTemplate.header($0, items: items) + "\n" }
        }
    }
}
