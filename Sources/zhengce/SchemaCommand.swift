import ZhengceKit

enum SchemaCommand {
    static let help = """
    usage: zhengce schema [PATH]...

    Prints the JSON Schema (draft 2020-12) of the applicant file as the policies declare it: each
    fact's type, unit, allowed values, sign and default, its Chinese label as `title`, and which
    clauses read it (`x-zhengce-used-by`); `prior_received` keyed by the clause ids; `as_of`.
    Without PATH: $ZHENGCE_POLICIES, else ./policies, else the installed policies.

    exit codes: 0 printed · 1 the policies have errors · 2 usage error or unreadable file
    """

    static func run(_ raw: [String]) throws -> ExitCode {
        try FactsCommand.run(raw, help: help) { reference, _ in FactsSchema.json(reference) + "\n" }
    }
}
