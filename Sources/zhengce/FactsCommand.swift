import ZhengceKit

enum FactsCommand {
    static let help = """
    usage: zhengce facts [PATH]...

    Prints the reference of the applicant's facts as Markdown: per document, a table of the facts
    it declares (type, unit, default, Chinese label, English reading of the name, the clauses that
    read it), and one of the facts several documents share. `docs/facts.md` is this output for the
    shipped policies (`zhengce facts policies > docs/facts.md`). Without PATH: $ZHENGCE_POLICIES,
    else ./policies, else the installed policies.

    exit codes: 0 printed · 1 the policies have errors · 2 usage error or unreadable file
    """

    static func run(_ raw: [String]) throws -> ExitCode {
        let arguments = try Arguments(raw, valued: [], flags: ["--help"])
        if arguments.has("--help") {
            print(help)
            return .ok
        }
        guard let loaded = try Common.load(arguments.positionals) else { return .wanting }
        let command = (["zhengce", "facts"] + arguments.positionals).joined(separator: " ")
        print(FactsMarkdown.render(FactsReference(trees: loaded.trees), command: command), terminator: "")
        return .ok
    }
}
