import Foundation
import ZhengceKit

enum TestCommand {
    static let help = """
    usage: zhengce test [PATH]... [--format text|json] [--coverage] [--min-coverage P] [--update]
                        [--mutants [--jobs N] [--every N] [--min-mutation-score P]]

    Runs every example in the `*.examples.json` files of the given folders or files against the
    `.policy` files found there, all loaded together. Each failure shows the expected and actual
    values and the clause's trace, under `FAIL file:line: name`. Ends with `N passed, M failed`. A
    `.policy` file named alone brings its `NAME.examples.json` along; a policy with no examples
    beside it is a warning; examples that need another document fail (Z505) until its policy is
    named too or the whole folder is tested. Without PATH: $ZHENGCE_POLICIES, else ./policies,
    else the installed policies.

      --format FORMAT   text (default) or json (zhengce.test, version 1)
      --coverage        report per file which clauses were granted, which bracket arms were chosen,
                        which caps, floors and shared caps bound and which exclusion rules fired
      --min-coverage P  exit 1 when less than P percent of those items were exercised
                        (compared exactly, never rounded up); implies --coverage
      --update          after you have checked the failures: write the actual values into the
                        failing examples (amount, granted, status, totals, whatever each states),
                        only those values, in place, atomically; prints every value it changed
      --mutants         once every example passes: change the policies in small ways, one at a
                        time (each constant ±1 in its last digit, each bracket bound's inclusion,
                        each comparison, and/or, a dropped condition, cap, floor, min/max limit
                        exclusion rule or shared cap), run the examples against each change and list the
                        changes no example notices (survivors) with file:line, article, clause
                        and old → new; a change the checker rejects is skipped. Ends with the
                        score killed / (killed + survived)
      --jobs N          mutants checked at the same time (default: the number of cores)
      --every N         only every N-th mutant in file order, starting with the first
      --min-mutation-score P
                        exit 1 when the score is below P percent (compared exactly);
                        implies --mutants

    exit codes: 0 all examples pass · 1 an example fails, the policies have errors, no example
    was found, or the mutation score is below --min-mutation-score · 2 usage error or unreadable
    file
    """

    static func run(_ raw: [String]) throws -> ExitCode {
        let arguments = try Arguments(raw, valued: ["--format", "--min-coverage", "--jobs", "--every", "--min-mutation-score"],
                                      flags: ["--help", "--coverage", "--update", "--mutants"])
        var minimum: ExactDecimal?
        if let text = arguments.value("--min-coverage") {
            guard let value = ExactDecimal(parsing: text), value >= .zero, value <= ExactDecimal(100) else {
                throw Arguments.UsageError(message: "`--min-coverage` needs a percentage between 0 and 100, not `\(text)`")
            }
            minimum = value
        }
        let mutation = try MutationOptions(arguments)
        if arguments.has("--help") {
            print(help)
            return .ok
        }
        let format = try Common.format(arguments, allowed: ["text", "json"])
        let paths = try Common.policyPaths(arguments.positionals)
        var inputs = try Zhengce.inputs(paths)
        let beside = ExampleFiles.find(besides: inputs.policies, known: inputs.examples)
        inputs.examples += beside.found
        for policy in beside.missing {
            standardError("warning: `\(policy)` has no examples beside it (looked for `\(ExampleFiles.beside(policy) ?? "")`); its clauses are not tested")
        }
        if inputs.examples.isEmpty {
            print("no examples found in \(paths.joined(separator: ", ")) (looked for *.examples.json)")
            print("0 passed, 0 failed")
            return .wanting
        }
        // Example files named alone are run against the policies found as without a path.
        guard let loaded = try Common.load(inputs.policies), let program = loaded.program else { return .wanting }
        var results: [ExampleRunner.Result] = []
        var files: [SourceFile] = []
        for path in inputs.examples {
            let file = try Zhengce.readSource(path)
            files.append(file)
            results += ExampleRunner.run(file, program: program)
        }
        if arguments.has("--update") {
            // With JSON output the changes are told on standard error, so the JSON stays whole.
            let say: (String) -> Void = format == "json" ? { standardError($0) } : { print($0) }
            guard let updated = try update(results, files: files, program: program, say: say) else { return .usage }
            results = updated
        }
        var coverage: CoverageReport?
        if arguments.has("--coverage") || minimum != nil {
            coverage = CoverageReport(program: program, evaluations: results.compactMap(\.evaluation))
        }
        if format == "json" {
            // With mutants, standard output holds one JSON document: the mutants' when every example passes.
            if mutation == nil || results.isEmpty || !results.allSatisfy(\.passed) { print(ExampleRunner.json(results, coverage: coverage)) }
        } else {
            if let coverage { print(coverage.text + "\n") }
            print(ExampleRunner.text(results))
        }
        if results.isEmpty || !results.allSatisfy(\.passed) {
            if mutation != nil { standardError("error: mutants are tried only once every example passes") }
            return .wanting
        }
        if let minimum, let coverage, !coverage.reaches(minimum) {
            standardError("error: coverage \(coverage.covered)/\(coverage.items.count) is below the minimum of \(minimum)%")
            return .wanting
        }
        if let mutation { return mutants(mutation, loaded: loaded, examples: files, format: format) }
        return .ok
    }

    /// Writes the actual values into the failing examples, then runs the rewritten files again;
    /// nil (after saying why) when a file could not be rewritten.
    static func update(_ results: [ExampleRunner.Result], files: [SourceFile], program: Program, say: (String) -> Void) throws -> [ExampleRunner.Result]? {
        let edits = ExampleUpdate.edits(results)
        var failed = false
        for file in files {
            let mine = edits.filter { $0.file == file.path }
            if mine.isEmpty { continue }
            do {
                try SafeRewrite.replace(file.path, original: file.text, with: ExampleUpdate.apply(mine, to: file))
            } catch {
                standardError("error: \(error)")
                failed = true
                continue
            }
            for edit in mine { say("updated \(edit.file):\(edit.line): \(edit.example): \(edit.what): \(edit.old) → \(edit.new)") }
        }
        for result in ExampleUpdate.notUpdatable(results) {
            standardError("warning: \(result.file):\(result.line): \(result.name) was not updated: it fails for a reason other than its expected values")
        }
        if failed { return nil }
        if edits.isEmpty { return results }
        say("updated \(edits.count) value\(edits.count == 1 ? "" : "s") in \(Set(edits.map(\.file)).count) file\(Set(edits.map(\.file)).count == 1 ? "" : "s"); the examples now run again:\n")
        return try files.flatMap { ExampleRunner.run(try Zhengce.readSource($0.path), program: program) }
    }

    struct MutationOptions {
        var jobs: Int
        var every: Int
        var minimum: ExactDecimal?

        /// nil when mutants are not asked for.
        init?(_ arguments: Arguments) throws {
            let minimumText = arguments.value("--min-mutation-score")
            guard arguments.has("--mutants") || minimumText != nil else {
                for option in ["--jobs", "--every"] where arguments.value(option) != nil {
                    throw Arguments.UsageError(message: "`\(option)` works with `--mutants` only")
                }
                return nil
            }
            if arguments.has("--update") { throw Arguments.UsageError(message: "`--mutants` and `--update` cannot be combined; update the examples first") }
            jobs = try arguments.wholeNumber("--jobs", in: 1...Int.max) ?? Common.cores
            every = try arguments.wholeNumber("--every", in: 1...Int.max) ?? 1
            if let minimumText {
                guard let value = ExactDecimal(parsing: minimumText), value >= .zero, value <= ExactDecimal(100) else {
                    throw Arguments.UsageError(message: "`--min-mutation-score` needs a percentage between 0 and 100, not `\(minimumText)`")
                }
                minimum = value
            }
        }
    }

    /// Runs the examples against every mutant and prints the survivors and the score.
    static func mutants(_ options: MutationOptions, loaded: Zhengce.Loaded, examples: [SourceFile], format: String) -> ExitCode {
        let chosen = Mutants.every(options.every, of: Mutants.all(of: loaded))
        let report = Mutants.run(chosen, loaded: loaded, examples: examples, jobs: options.jobs)
        if format == "json" {
            print(report.json)
        } else {
            print("")
            print(report.text)
        }
        if let minimum = options.minimum, !report.reaches(minimum) {
            standardError("error: mutation score \(report.score.formatted(minimumPlaces: 2))% is below the minimum of \(minimum)%")
            return .wanting
        }
        return .ok
    }
}
