import Foundation
import Testing
@testable import ZhengceKit

/// End-to-end: runs the built `zhengce` binary and checks exit codes and every output format.
@Suite(.serialized) struct CommandLineTests {
    struct Run {
        var status: Int32
        var out: String
        var err: String
    }

    static let binary = packageRoot + "/.build/debug/zhengce"

    /// `environment` replaces the inherited one when given (by default the inherited one without
    /// `ZHENGCE_POLICIES`, so runs find `./policies`); `executable` runs another binary (an installed copy);
    /// `standardOutput` takes the output instead of the run's `out` (a file such as `/dev/full`).
    func zhengce(_ arguments: [String], input: String? = nil, in directory: String = packageRoot,
                 environment: [String: String]? = nil, executable: String = binary, standardOutput: FileHandle? = nil) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment ?? ProcessInfo.processInfo.environment.filter { $0.key != PolicySearch.environmentVariable }
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe(), err = Pipe(), stdin = Pipe()
        process.standardOutput = standardOutput ?? out
        process.standardError = err
        process.standardInput = stdin
        try process.run()
        let data = exchange(input.map { Data($0.utf8) }, to: stdin.fileHandleForWriting,
                            output: standardOutput == nil ? out.fileHandleForReading : nil, errors: err.fileHandleForReading)
        process.waitUntilExit()
        return Run(status: process.terminationStatus, out: String(decoding: data.out, as: UTF8.self), err: String(decoding: data.err, as: UTF8.self))
    }

    /// A new empty folder under the test process's scratch folder, which goes when the process ends.
    func temporaryFolder() throws -> String {
        let path = scratchRoot + "/" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func theBinaryExists() {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "build first: swift build")
    }

    @Test func evalTheSampleApplicantAsJSON() throws {
        // The sample against the shipped policies: the shape of the output, no amounts.
        var run = try zhengce(["eval", "--format", "json", "docs/samples/applicant.json"])
        #expect(run.status == 0)
        var json = try JSONReader.parse(SourceFile(path: "out", text: run.out))
        guard case .string("zhengce.evaluation")? = json["format"]?.value, case .number("1")? = json["version"]?.value else {
            Issue.record("missing format and version")
            return
        }
        guard case .object(let clauses)? = json["clauses"]?.value else {
            Issue.record("missing clauses")
            return
        }
        #expect(!clauses.isEmpty)
        #expect(json["total"] != nil && json["excluded"] != nil)
        // Amounts on the fixture policy: 50% × 20 = 10.
        let applicant = #"{"as_of": "2025-06-30", "facts": {"operates_in_zone": true, "srdi": true, "insurance": {"premium": "20", "coverage_start": "2024-01-01"}}}"#
        run = try zhengce(["eval", "--format", "json", "--policies", fixturePolicies, "-"], input: applicant)
        #expect(run.status == 0)
        json = try JSONReader.parse(SourceFile(path: "out", text: run.out))
        #expect(json["clauses"]?["fx:2"]?["granted"].map { if case .string(let s) = $0.value { return s } else { return "" } } == "10.00")
    }

    @Test func evalTextReadsFromStandardInputAndHonoursAsOf() throws {
        let applicant = #"{"facts": {"operates_in_zone": true, "branch_type": "bank_tier1"}}"#
        let run = try zhengce(["eval", "--as-of", "2026-03-01", "--policies", fixturePolicies, "-"], input: applicant)
        #expect(run.status == 0)
        #expect(run.out.contains("评估日期 2026-03-01"))
        #expect(run.out.contains("fx:9") && run.out.contains("400.00万元"))
    }

    @Test func contradictoryFactsExitTwoNamingBoth() throws {
        let applicant = "{\"as_of\": \"2025-06-30\", \"facts\": {\n\"hnte_certificate\": \"first\",\n\"hnte\": false}}"
        let run = try zhengce(["eval", "--policies", fixturePolicies, "-"], input: applicant)
        #expect(run.status == 2)
        #expect(run.err.contains("3:9: error[Z502]: `hnte` is false, but `hnte_certificate` is given at line 2, column 21"))
    }

    @Test func badInputsExitTwoWithALocatedMessage() throws {
        let folder = try temporaryFolder()
        try "{\"facts\": {\"paid_in_capital\": tru}}".write(toFile: folder + "/bad.json", atomically: false, encoding: .utf8)
        var run = try zhengce(["eval", "--policies", fixturePolicies, folder + "/bad.json"])
        #expect(run.status == 2)
        #expect(run.err.contains("bad.json:1:"))
        try "{\"facts\": {\"paid_in_capital\": true}}".write(toFile: folder + "/type.json", atomically: false, encoding: .utf8)
        run = try zhengce(["eval", "--policies", fixturePolicies, folder + "/type.json"])
        #expect(run.status == 2)
        #expect(run.err.contains("`paid_in_capital` must be an amount"))
        run = try zhengce(["eval", folder + "/missing.json"])
        #expect(run.status == 2)
        run = try zhengce(["eval", "--as-off", "2025-01-01", "x.json"])
        #expect(run.status == 2)
        #expect(run.err.contains("did you mean `--as-of`?"))
        // Options are long only; a short one names the long one it stands for, when only one fits.
        run = try zhengce(["fmt", "-w", "x.policy"])
        #expect(run.status == 2)
        #expect(run.err.contains("unknown option `-w`; did you mean `--write`?"))
        run = try zhengce(["batch", "-j", "2", "x.jsonl"])
        #expect(run.err.contains("unknown option `-j`; did you mean `--jobs`?"))
        run = try zhengce(["fmt", "-h"])
        #expect(run.status == 0 && run.out.contains("usage: zhengce fmt"))
        run = try zhengce(["batch", "--format", "yaml", "x.jsonl"])
        #expect(run.status == 2 && run.err.contains("error: unknown format `yaml`; use one of jsonl, csv"))
        run = try zhengce(["batch", "--input", "xml", "x.jsonl"])
        #expect(run.status == 2 && run.err.contains("error: unknown input format `xml`; use one of jsonl, csv"))
        run = try zhengce(["eval", "-x", "x.json"])
        #expect(run.status == 2)
        #expect(run.err.contains("unknown option `-x`") && !run.err.contains("did you mean"))
        run = try zhengce(["evl", "x.json"])
        #expect(run.status == 2 && run.err.hasPrefix("error: unknown command `evl`; did you mean `eval`?"))
        run = try zhengce(["help", "chek"])
        #expect(run.status == 2 && run.err.hasPrefix("error: unknown command `chek`; did you mean `check`?"))
        run = try zhengce(["frobnicate"])
        #expect(run.status == 2)
        run = try zhengce(["eval", "--as-of", "2025-13-01", "docs/samples/applicant.json"])
        #expect(run.status == 2)
        #expect(run.err.contains("`--as-of` `2025-13-01` is not a day of the calendar"))
    }

    /// A population given to `eval` (JSON Lines, or a CSV) is pointed to `batch`; a single bad
    /// applicant file is not.
    @Test func evalGivenAPopulationPointsToBatch() throws {
        let folder = try temporaryFolder()
        try "{\"facts\": {}}\n{\"facts\": {}}\n".write(toFile: folder + "/people.json", atomically: false, encoding: .utf8)
        try "applicant,hnte\n甲,true\n".write(toFile: folder + "/people.csv", atomically: false, encoding: .utf8)
        try "{\"facts\": {\"hnte\": tru}}".write(toFile: folder + "/one.json", atomically: false, encoding: .utf8)
        for (file, pointed) in [("people.json", true), ("people.csv", true), ("one.json", false)] {
            let run = try zhengce(["eval", "--policies", fixturePolicies, folder + "/" + file])
            #expect(run.status == 2)
            #expect(run.err.contains("is read by `zhengce batch \(folder)/\(file)`") == pointed, "\(file): \(run.err)")
        }
        let piped = try zhengce(["eval", "--policies", fixturePolicies, "-"], input: "{\"facts\": {}}\n{\"facts\": {}}\n")
        #expect(piped.err.contains("is read by `zhengce batch -`"))
    }

    @Test func hugeNumbersAndDeepNestingAreErrorsNotCrashes() throws {
        let folder = try temporaryFolder()
        try "{\"facts\": {\"paid_in_capital\": \"99999999999999999999999999999999999999999\"}}".write(toFile: folder + "/huge.json", atomically: false, encoding: .utf8)
        var run = try zhengce(["eval", "--policies", fixturePolicies, folder + "/huge.json"])
        #expect(run.status == 2)
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        run = try zhengce(["eval", "--policies", fixturePolicies, "-"], input: "{\"facts\": {\"capital_increases\": \(deep)}}")
        #expect(run.status == 2)
        #expect(run.err.contains("nested more than"))
    }

    @Test func checkIsCleanOnAFolderAndFailsOnAMistake() throws {
        var run = try zhengce(["check", fixturePolicies + "/units"])
        #expect(run.status == 0)
        #expect(run.out.contains("no problems"))
        // A mistake put into a copy of the fixture policy.
        let folder = try temporaryFolder()
        let path = folder + "/fx.policy"
        let text = try String(contentsOfFile: fixturePolicies + "/fx.policy", encoding: .utf8)
        #expect(text.contains("cap 50万 per year"))
        try text.replacingOccurrences(of: "cap 50万 per year", with: "cap 50 per year").write(toFile: path, atomically: false, encoding: .utf8)
        run = try zhengce(["check", folder])
        #expect(run.status == 1)
        #expect(run.out.contains("fx.policy:"))
        #expect(run.out.contains("error[Z201]"))
    }

    @Test func checkOutputFormats() throws {
        let fixture = "Tests/ZhengceKitTests/Fixtures/diagnostics/Z303/input.policy"
        var run = try zhengce(["check", "--format", "json", fixture])
        #expect(run.status == 0)
        #expect(run.out.contains("\"format\": \"zhengce.diagnostics\""))
        run = try zhengce(["check", "--deny-warnings", fixture])
        #expect(run.status == 1)
        run = try zhengce(["check", "--format", "github", fixture])
        #expect(run.out.hasPrefix("::warning file=\(fixture),line=10,col=5,title=gap between bracket arms::Z303"))
        run = try zhengce(["check", "--format", "sarif", "Tests/ZhengceKitTests/Fixtures/diagnostics/Z101/input.policy"])
        #expect(run.status == 1)
        let sarif = try JSONReader.parse(SourceFile(path: "sarif", text: run.out))
        guard case .string("2.1.0")? = sarif["version"]?.value, case .array(let runs)? = sarif["runs"]?.value,
              case .array(let rules)? = runs.first?["tool"]?["driver"]?["rules"]?.value,
              case .array(let results)? = runs.first?["results"]?.value else {
            Issue.record("SARIF lacks version, runs, rules or results")
            return
        }
        #expect(rules.count == DiagnosticCode.allCases.count)
        #expect(results.contains { if case .string("Z101")? = $0["ruleId"]?.value { return $0["locations"] != nil } else { return false } })
        // The fix a diagnostic's help names travels with it: `premum` (line 8, columns 10 to 15)
        // becomes `premium`, in SARIF and in JSON alike.
        func first(_ node: JSONNode?) -> JSONNode? { if case .array(let items)? = node?.value { items.first } else { nil } }
        func text(_ node: JSONNode?) -> String? {
            switch node?.value { case .number(let digits)?: digits; case .string(let text)?: text; default: nil }
        }
        let z101 = results.first { if case .string("Z101")? = $0["ruleId"]?.value { true } else { false } }
        let region = first(z101?["locations"])?["physicalLocation"]?["region"]
        #expect(["startLine", "startColumn", "endLine", "endColumn"].map { text(region?[$0]) } == ["8", "10", "8", "16"])
        let change = first(first(first(z101?["fixes"])?["artifactChanges"])?["replacements"])
        #expect(text(change?["insertedContent"]?["text"]) == "premium")
        #expect(["startLine", "startColumn", "endLine", "endColumn"].map { text(change?["deletedRegion"]?[$0]) } == ["8", "10", "8", "16"])
        run = try zhengce(["check", "--format", "json", "Tests/ZhengceKitTests/Fixtures/diagnostics/Z101/input.policy"])
        let json = try JSONReader.parse(SourceFile(path: "json", text: run.out))
        guard case .array(let items)? = json["diagnostics"]?.value else {
            Issue.record("JSON diagnostics lack their list")
            return
        }
        #expect(items.map { text($0["fix"]?["text"]) } == [nil, "premium"])
        #expect(["line", "column", "end_line", "end_column"].map { text(items.last?["fix"]?[$0]) } == ["8", "10", "8", "16"])
        run = try zhengce(["check", "--max-errors", "1", "Tests/ZhengceKitTests/Fixtures/diagnostics/Z002/input.policy"])
        #expect(run.out.contains("more not shown"))
    }

    /// `--max-errors` shortens the list, never the counts: every format says how many were left out.
    @Test func maxErrorsKeepsTheCountsOfEveryFormat() throws {
        let path = "Tests/ZhengceKitTests/Fixtures/diagnostics/Z002/input.policy"
        func count(_ node: JSONNode?) -> Int? { if case .number(let text)? = node?.value { return Int(text) } else { return nil } }
        func items(_ node: JSONNode?) -> [JSONNode] { if case .array(let items)? = node?.value { return items } else { return [] } }
        let all = try JSONReader.parse(SourceFile(path: "all", text: try zhengce(["check", "--format", "json", path]).out))
        let total = items(all["diagnostics"]).count
        #expect(total >= 2)
        let limited = try zhengce(["check", "--format", "json", "--max-errors", "1", path])
        #expect(limited.status == 1)
        let json = try JSONReader.parse(SourceFile(path: "limited", text: limited.out))
        #expect(items(json["diagnostics"]).count == 1)
        for key in ["errors", "warnings", "notes"] { #expect(count(json[key]) == count(all[key]), "\(key)") }
        let github = try zhengce(["check", "--format", "github", "--max-errors", "1", path])
        #expect(github.out.components(separatedBy: "\n").filter { $0.hasPrefix("::error") || $0.hasPrefix("::warning") }.count == 1)
        #expect(github.out.hasSuffix("::notice::\(total - 1) more not shown (--max-errors 1)\n"))
        let sarif = try JSONReader.parse(SourceFile(path: "sarif", text: try zhengce(["check", "--format", "sarif", "--max-errors", "1", path]).out))
        let run = items(sarif["runs"]).first
        #expect(items(run?["results"]).count == 1)
        let notification = items(items(run?["invocations"]).first?["toolExecutionNotifications"]).first
        #expect(notification?["message"]?["text"].flatMap { if case .string(let text) = $0.value { text } else { nil } } == "\(total - 1) more not shown (--max-errors 1)")
        // Not limited, SARIF says nothing of its run.
        let whole = try JSONReader.parse(SourceFile(path: "whole", text: try zhengce(["check", "--format", "sarif", path]).out))
        #expect(items(whole["runs"]).first?["invocations"] == nil)
    }

    @Test func testRunsTheExamplesAndAnEmptyRunIsNotGreen() throws {
        var run = try zhengce(["test", "--min-coverage", "100", fixturePolicies + "/units"])
        #expect(run.status == 0)
        #expect(run.out.hasSuffix("0 failed\n"))
        let empty = try temporaryFolder()
        try FileManager.default.copyItem(atPath: fixturePolicies + "/fx.policy", toPath: empty + "/fx.policy")
        run = try zhengce(["test", empty])
        #expect(run.status == 1)
        #expect(run.out.contains("0 passed, 0 failed"))
        try """
        {"format": "zhengce.examples", "version": 1, "examples": [{"name": "wrong", "as_of": "2025-06-30", "facts": {"operates_in_zone": true, "branch_type": "bank_tier1"},
          "expect": {"clauses": {"fx:9": {"amount": "300.00"}}}}]}
        """.write(toFile: empty + "/x.examples.json", atomically: false, encoding: .utf8)
        run = try zhengce(["test", empty])
        #expect(run.status == 1)
        #expect(run.out.contains("expected \"300.00\", actual \"400.00\""))
        #expect(run.out.hasSuffix("0 passed, 1 failed\n"))
    }

    /// `check --fix` applies the fixes that have one meaning, never a "did you mean" guess,
    /// reports what is left, and leaves a read-only file as it is.
    @Test func checkFixAppliesCertainFixesOnly() throws {
        let folder = try temporaryFolder()
        let path = folder + "/t.policy"
        let text = """
        policy t {
          title "t"
          valid from 2025-01-01 to 2026-12-31
        }
        fact revenue: money in 万元 "r"
        fact kind: choice {"a", "b"} "k"
        clause 1 "a" (第一条) {
          when revenue ＞= 1000万 且 kind == "c"
          amount revenu * 1%
          cap 50万 每年
        }

        """
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        var run = try zhengce(["check", "--fix", path])
        #expect(run.status == 1)
        #expect(run.out.hasPrefix("fixed 4 problems in \(path)\n"))
        let fixed = try String(contentsOfFile: path, encoding: .utf8)
        #expect(fixed == text.replacingOccurrences(of: " to ", with: " until ").replacingOccurrences(of: "＞=", with: ">=")
            .replacingOccurrences(of: " 且 ", with: " and ").replacingOccurrences(of: "每年", with: "per year"))
        // The guesses are left for the analyst: the choice and the misspelt name.
        #expect(run.out.contains("error[Z107]") && run.out.contains("did you mean `a`?"))
        #expect(run.out.contains("did you mean `revenue`?"))
        // Nothing more to fix: the file is not touched again.
        run = try zhengce(["check", "--fix", path])
        #expect(!run.out.contains("fixed"))
        // A read-only file is named and left as it is.
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        run = try zhengce(["check", "--fix", path])
        #expect(run.status == 2)
        #expect(run.err.contains("is read-only"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
    }

    @Test func fmtChecksWritesAtomicallyAndNeverTouchesABrokenFile() throws {
        let folder = try temporaryFolder()
        let path = folder + "/t.policy"
        try "policy t {\nvalid from 2025-01-01\n}\n".write(toFile: path, atomically: false, encoding: .utf8)
        var run = try zhengce(["fmt", "--check", path])
        #expect(run.status == 1)
        #expect(run.out.contains("+   valid from 2025-01-01"))
        run = try zhengce(["fmt", "--write", path])
        #expect(run.status == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "policy t {\n  valid from 2025-01-01\n}\n")
        run = try zhengce(["fmt", "--check", path])
        #expect(run.status == 0)
        let broken = "policy t {\nvalid from\n}\n"
        try broken.write(toFile: path, atomically: false, encoding: .utf8)
        run = try zhengce(["fmt", "--write", path])
        #expect(run.status == 1)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == broken)
    }
}

/// The folder every test's scratch folders go in, one per test process, removed at exit.
let scratchRoot: String = {
    let path = scratchRootPath()
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(atPath: scratchRootPath()) }
    return path
}()

func scratchRootPath() -> String {
    NSTemporaryDirectory() + "zhengce-tests-\(ProcessInfo.processInfo.processIdentifier)"
}
