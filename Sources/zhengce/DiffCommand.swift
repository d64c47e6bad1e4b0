import Foundation
import ZhengceKit

enum DiffCommand {
    static let help = """
    usage: zhengce diff OLD NEW [options]
           zhengce diff --git REV [PATH]... [options]

    Shows what changed between two versions of policy files (each a `.policy` file or a folder),
    clause by clause in the document's own terms: constants, bracket bounds and their inclusion,
    rates, caps and their scope, floors, conditions, clauses, validity, eligibility, exclusion
    rules and shared caps, each with the article and the line on both sides. The syntax trees are compared, not
    the text, so reformatting shows no change. For a changed bound, rate, cap or threshold it gives
    the range of the fact in which results change, a witness value in it worked out from the
    policy, and whether the change is more or less generous there.

      --git REV          compare the files at PATH (default: policies/) with git revision REV
      --examples         evaluate the examples beside the new policies under both versions
      --applicants FILE  evaluate the applicants of FILE under both versions: JSON Lines (one
                         applicant per line, as `eval` reads) or, for a `.csv` file, CSV as
                         `batch --input csv` reads it (a header row of fact paths)
      --as-of DATE       the date for applicants that give none (default: today)
      --format FORMAT    text (default) or json (zhengce.diff, version 1)
      --fail-on-change   exit 1 when anything changed

    exit codes: 0 compared (changes or none) · 1 something changed and --fail-on-change was given ·
    2 usage error, unreadable file, a version with errors, or a bad applicant
    """

    static func run(_ raw: [String]) throws -> ExitCode {
        let arguments = try Arguments(raw, valued: ["--git", "--applicants", "--as-of", "--format"], flags: ["--examples", "--fail-on-change", "--help"])
        if arguments.has("--help") {
            print(help)
            return .ok
        }
        let format = try Common.format(arguments, allowed: ["text", "json"])
        let asOf = try Common.asOf(arguments) ?? Zhengce.today()
        let oldSources: [SourceFile], newPaths: [String]
        if let revision = arguments.value("--git") {
            newPaths = try Common.policyPaths(arguments.positionals)
            oldSources = try GitRevision.sources(revision, paths: newPaths)
        } else {
            guard arguments.positionals.count == 2 else {
                throw Arguments.UsageError(message: "give the old and the new version (two files or two folders), or `--git REV`")
            }
            oldSources = try policies(arguments.positionals[0]).map(Zhengce.readSource)
            newPaths = [arguments.positionals[1]]
        }
        let inputs = try Zhengce.inputs(newPaths)
        if inputs.policies.isEmpty { throw Zhengce.LoadError.noPolicies(newPaths.joined(separator: ", ")) }
        let old = Zhengce.load(oldSources), new = Zhengce.load(try inputs.policies.map(Zhengce.readSource))
        guard let oldProgram = checked(old, "old"), let newProgram = checked(new, "new") else { return .usage }

        let exampleFiles = try inputs.examples.map(Zhengce.readSource)
        var applicantsFile: SourceFile?
        if let path = arguments.value("--applicants") { applicantsFile = try Common.readInput(path) }
        do {
            let beside = try exampleFiles.flatMap { file throws(PopulationDiff.Failure) in try PopulationDiff.examples(file) }
            var members: [PopulationDiff.Member]?
            var source: String?
            if arguments.has("--examples") {
                members = beside
                source = "the examples"
            }
            if let applicantsFile {
                members = (members ?? []) + (try applicants(applicantsFile, old: oldProgram, new: newProgram))
                source = source.map { "\($0) and \(applicantsFile.path)" } ?? applicantsFile.path
            }
            let comparison = try PolicyComparison.compare(old: old, new: new, oldProgram: oldProgram, newProgram: newProgram,
                                                          members: members, populationSource: source, witnesses: members == nil ? beside : [], asOf: asOf)
            if comparison.population?.overflowed == true {
                standardError("error: the payout totals of these applicants exceed the exact range of amounts; nothing was reported")
                return .usage
            }
            print(format == "json" ? DiffReport.json(comparison) : DiffReport.text(comparison))
            return comparison.hasChanges && arguments.has("--fail-on-change") ? .wanting : .ok
        } catch let error as PopulationDiff.Failure {
            for diagnostic in error.diagnostics { standardError(DiagnosticRenderer.text(diagnostic) + "\n") }
            standardError("error: an applicant could not be read; nothing was compared")
            return .usage
        }
    }

    /// The applicants of a JSON Lines file, or of a CSV file (by its `.csv` name) as `batch` reads
    /// it, with a header naming facts of either version.
    static func applicants(_ file: SourceFile, old: Program, new: Program) throws -> [PopulationDiff.Member] {
        guard file.path.lowercased().hasSuffix(".csv") else { return try PopulationDiff.jsonLines(file) }
        do {
            return try PopulationDiff.csv(file, facts: old.facts.merging(new.facts) { _, newer in newer }, clauses: Set(old.clauses.keys).union(new.clauses.keys))
        } catch {
            throw Arguments.UsageError(message: error.message)
        }
    }

    static func policies(_ path: String) throws -> [String] {
        let files = try Zhengce.policyPaths([path])
        if files.isEmpty { throw Zhengce.LoadError.noPolicies(path) }
        return files
    }

    /// The program of one version, or nil after printing its errors.
    static func checked(_ loaded: Zhengce.Loaded, _ side: String) -> Program? {
        if let program = loaded.program { return program }
        for diagnostic in loaded.diagnostics where diagnostic.severity == .error { standardError(DiagnosticRenderer.text(diagnostic) + "\n") }
        standardError("error: the \(side) version has \(DiagnosticRenderer.summary(loaded.diagnostics)); it cannot be compared")
        return nil
    }
}

/// Policy files as a git revision holds them, read with `git show REV:./PATH`.
enum GitRevision {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func sources(_ revision: String, paths: [String]) throws -> [SourceFile] {
        var files: [String] = []
        for path in paths {
            if path.hasSuffix(".policy") {
                files.append(path)
            } else {
                let listed = try git(["ls-tree", "--name-only", revision, "--", path.hasSuffix("/") ? path : path + "/"])
                files += listed.split(separator: "\n").map(String.init).filter { $0.hasSuffix(".policy") }.sorted()
            }
        }
        if files.isEmpty { throw Failure(description: "no `.policy` files in \(paths.joined(separator: ", ")) at revision `\(revision)`") }
        return try files.map { file in
            let relative = file.hasPrefix("/") ? file : "./" + file
            return SourceFile(path: "\(revision):\(file)", text: try git(["show", "\(revision):\(relative)"]))
        }
    }

    static func git(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot run git: \(error.localizedDescription)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let reason = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure(description: "`git \(arguments.joined(separator: " "))` failed: \(reason)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
