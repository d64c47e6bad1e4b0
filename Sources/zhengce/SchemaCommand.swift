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
        let arguments = try Arguments(raw, valued: [], flags: ["--help"])
        if arguments.has("--help") {
            print(help)
            return .ok
        }
        guard let loaded = try Common.load(arguments.positionals) else { return .wanting }
        print(FactsSchema.json(FactsReference(trees: loaded.trees)))
        return .ok
    }
}
