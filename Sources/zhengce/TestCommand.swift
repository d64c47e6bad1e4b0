import ZhengceKit

enum TestCommand {
    static let help = """
    usage: zhengce test [PATH]... [--format text|json] [--coverage] [--min-coverage P]

    Runs every example in the `*.examples.json` files of the given folders or files against the
    `.policy` files found there, all loaded together. Each failure shows the expected and actual
    values and the clause's trace. Ends with `N passed, M failed`. Without PATH: $ZHENGCE_POLICIES,
    else ./policies, else the installed policies.

      --format FORMAT   text (default) or json (zhengce.test, version 1)
      --coverage        report per file which clauses were granted, which bracket arms were chosen,
                        which caps and floors bound and which exclusion rules fired
      --min-coverage P  exit 1 when less than P percent of those items were exercised
                        (compared exactly, never rounded up); implies --coverage

    exit codes: 0 all examples pass · 1 an example fails, the policies have errors, or no example
    was found · 2 usage error or unreadable file
    """

    static func run(_ raw: [String]) throws -> ExitCode {
        let arguments = try Arguments(raw, valued: ["--format", "--min-coverage"], flags: ["--help", "--coverage"])
        var minimum: ExactDecimal?
        if let text = arguments.value("--min-coverage") {
            guard let value = ExactDecimal(parsing: text), value >= .zero, value <= ExactDecimal(100) else {
                throw Arguments.UsageError(message: "`--min-coverage` needs a percentage between 0 and 100, not `\(text)`")
            }
            minimum = value
        }
        if arguments.has("--help") {
            print(help)
            return .ok
        }
        let format = try Common.format(arguments, allowed: ["text", "json"])
        let paths = try Common.policyPaths(arguments.positionals)
        let inputs = try Zhengce.inputs(paths)
        if inputs.examples.isEmpty {
            print("no examples found in \(paths.joined(separator: ", ")) (looked for *.examples.json)")
            print("0 passed, 0 failed")
            return .wanting
        }
        // Example files named alone are run against the policies found as without a path.
        guard let program = try Common.loadProgram(inputs.policies) else { return .wanting }
        var results: [ExampleRunner.Result] = []
        for path in inputs.examples {
            results += ExampleRunner.run(try Zhengce.readSource(path), program: program)
        }
        var coverage: CoverageReport?
        if arguments.has("--coverage") || minimum != nil {
            coverage = CoverageReport(program: program, evaluations: results.compactMap(\.evaluation))
        }
        if format == "json" {
            print(ExampleRunner.json(results, coverage: coverage))
        } else {
            if let coverage { print(coverage.text + "\n") }
            print(ExampleRunner.text(results))
        }
        if results.isEmpty || !results.allSatisfy(\.passed) { return .wanting }
        if let minimum, let coverage, !coverage.reaches(minimum) {
            standardError("error: coverage \(coverage.covered)/\(coverage.items.count) is below the minimum of \(minimum)%")
            return .wanting
        }
        return .ok
    }
}
