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
        try run(raw, help: help) { arguments in
            let command = (["zhengce", "facts"] + arguments.positionals).joined(separator: " ")
            return { FactsMarkdown.render($0, command: command) }
        }
    }

    /// What `facts` and `schema` share: the arguments (policy paths and `valued` options),
    /// loading, printing. `renderer` reads the options before the policies are loaded (a usage
    /// error comes first) and returns what prints the reference.
    static func run(_ raw: [String], help: String, valued: Set<String> = [],
                    renderer: (Arguments) throws -> (FactsReference) -> String) throws -> ExitCode {
        let arguments = try Arguments(raw, valued: valued, flags: ["--help"])
        if arguments.has("--help") {
            print(help)
            return .ok
        }
        let render = try renderer(arguments)
        guard let loaded = try Common.load(arguments.positionals) else { return .wanting }
        print(render(FactsReference(trees: loaded.trees)), terminator: "")
        return .ok
    }
}
