import ZhengceKit

enum TestCommand {
    static let help = """
    usage: zhengce test [PATH]... [--format text|json]

    Runs every example in the `*.examples.json` files of the given folders or files (default:
    policies/) against the `.policy` files found there, all loaded together. Each failure shows
    the expected and actual values and the clause's trace. Ends with `N passed, M failed`.

      --format FORMAT   text (default) or json (zhengce.test, version 1)

    exit codes: 0 all examples pass · 1 an example fails, the policies have errors, or no example
    was found · 2 usage error or unreadable file
    """

    static func run(_ raw: [String]) throws -> ExitCode {
        let arguments = try Arguments(raw, valued: ["--format"], flags: ["--help"])
        if arguments.has("--help") {
            print(help)
            return .ok
        }
        let format = try Common.format(arguments, allowed: ["text", "json"])
        let paths = arguments.positionals.isEmpty ? [Common.defaultPolicies] : arguments.positionals
        let folders = paths.filter { !$0.hasSuffix(".json") && !$0.hasSuffix(".policy") }
        let policyPaths = try Zhengce.policyPaths(folders) + paths.filter { $0.hasSuffix(".policy") }
        let exampleFiles = try Zhengce.policyPaths(folders, extension: "examples.json") + paths.filter { $0.hasSuffix(".json") }
        if exampleFiles.isEmpty {
            print("no examples found in \(paths.joined(separator: ", ")) (looked for *.examples.json)")
            print("0 passed, 0 failed")
            return .wanting
        }
        guard let program = try Common.loadProgram(policyPaths.isEmpty ? [Common.defaultPolicies] : policyPaths) else { return .wanting }
        var results: [ExampleRunner.Result] = []
        for path in exampleFiles {
            results += ExampleRunner.run(try Zhengce.readSource(path), program: program)
        }
        print(format == "json" ? ExampleRunner.json(results) : ExampleRunner.text(results))
        if results.isEmpty { return .wanting }
        return results.allSatisfy(\.passed) ? .ok : .wanting
    }
}
