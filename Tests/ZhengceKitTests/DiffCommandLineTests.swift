import Foundation
import Testing
@testable import ZhengceKit

/// End-to-end runs of `zhengce diff` and `zhengce test --update` on fixture policies.
extension CommandLineTests {
    /// Two folders holding the two versions of the diff fixture; `new` has a raised cap.
    func twoVersions(_ edits: [(String, String)] = [("cap 50万 per year", "cap 60万 per year")]) throws -> (old: String, new: String) {
        let root = try temporaryFolder()
        for side in ["old", "new"] { try FileManager.default.createDirectory(atPath: root + "/" + side, withIntermediateDirectories: true) }
        try DiffTests.version1.write(toFile: root + "/old/d.policy", atomically: false, encoding: .utf8)
        try DiffTests.version2(edits).write(toFile: root + "/new/d.policy", atomically: false, encoding: .utf8)
        return (root + "/old", root + "/new")
    }

    @Test func diffExitCodesAndFormats() throws {
        let (old, new) = try twoVersions()
        var run = try zhengce(["diff", old, new])
        #expect(run.status == 0)
        #expect(run.out.contains("d 第一条 clause d:1\n  cap per year: cap 50万 per year → cap 60万 per year"))
        #expect(run.out.contains("old \(old)/d.policy:16 · new \(new)/d.policy:16"))
        run = try zhengce(["diff", "--fail-on-change", old + "/d.policy", new + "/d.policy"])
        #expect(run.status == 1)
        run = try zhengce(["diff", "--fail-on-change", old, old])
        #expect(run.status == 0)
        #expect(run.out.contains("no changes to the policies"))
        // The same policy in another folder, with examples: results are compared, not traces, so
        // the different file paths change nothing.
        let copy = new + "/../copy"
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: old + "/d.policy", toPath: copy + "/d.policy")
        try """
        {"format": "zhengce.examples", "version": 1, "examples": [
          {"name": "paid", "as_of": "2025-06-30", "facts": {"registered": true, "premium": "20"}, "expect": {"total": "10.00"}}
        ]}
        """.write(toFile: copy + "/d.examples.json", atomically: false, encoding: .utf8)
        run = try zhengce(["diff", "--examples", "--fail-on-change", old, copy])
        #expect(run.status == 0)
        #expect(run.out.contains("no change 1"))
        run = try zhengce(["diff", "--format", "json", old, new])
        let json = try JSONReader.parse(SourceFile(path: "out", text: run.out))
        guard case .string("zhengce.diff")? = json["format"]?.value, case .bool(true)? = json["changed"]?.value else {
            Issue.record("not a zhengce.diff report: \(run.out)")
            return
        }
        try "policy d {\n".write(toFile: new + "/d.policy", atomically: false, encoding: .utf8)
        run = try zhengce(["diff", old, new])
        #expect(run.status == 2)
        #expect(run.err.contains("the new version has"))
        run = try zhengce(["diff", old])
        #expect(run.status == 2)
    }

    @Test func diffEvaluatesExamplesAndApplicantsUnderBothVersions() throws {
        let (old, new) = try twoVersions()
        try """
        {"format": "zhengce.examples", "version": 1, "examples": [
          {"name": "big premium", "as_of": "2025-06-30", "facts": {"registered": true, "premium": "200"}, "expect": {"total": "60.00"}}
        ]}
        """.write(toFile: new + "/d.examples.json", atomically: false, encoding: .utf8)
        let people = new + "/../people.jsonl"
        try """
        {"applicant": "small", "as_of": "2025-06-30", "facts": {"registered": true, "premium": "20"}}

        {"applicant": "capped", "as_of": "2025-06-30", "facts": {"registered": true, "premium": "150"}}
        """.write(toFile: people, atomically: false, encoding: .utf8)
        var run = try zhengce(["diff", "--examples", "--applicants", people, "--fail-on-change", old, new])
        #expect(run.status == 1)
        #expect(run.out.contains("3 applicants from the examples and \(people):"))
        #expect(run.out.contains("\(new)/d.examples.json:2: big premium [gaining ≥5%]: total 50.00 → 60.00万元 (+10.00)"))
        #expect(run.out.contains("\(people):3: capped [gaining ≥5%]"))
        #expect(run.out.contains("total payout: 110.00 → 130.00万元 (+20.00)"))
        run = try zhengce(["diff", "--applicants", new + "/people.csv", old, new])
        #expect(run.status == 2)
        try "{\"facts\": {\"registered\": \"yes\"}}\n".write(toFile: people, atomically: false, encoding: .utf8)
        run = try zhengce(["diff", "--applicants", people, old, new])
        #expect(run.status == 2)
        #expect(run.err.contains("people.jsonl:1:"))
    }

    /// `--applicants` reads a CSV file as `batch --input csv` does: a header of fact paths.
    @Test func diffReadsApplicantsFromCSV() throws {
        let (old, new) = try twoVersions()
        let people = packageRoot + "/Tests/ZhengceKitTests/Fixtures/diff/people.csv"
        var run = try zhengce(["diff", "--applicants", people, "--fail-on-change", old, new])
        #expect(run.status == 1, "\(run.err)")
        #expect(run.out.contains("2 applicants from \(people):"), "\(run.out)")
        #expect(run.out.contains("\(people):3: capped, with a comma [gaining ≥5%]: total 50.00 → 60.00万元 (+10.00)"))
        #expect(run.out.contains("total payout: 60.00 → 70.00万元 (+10.00)"))
        // The same people as JSON Lines give the same totals.
        let lines = new + "/../people.jsonl"
        try """
        {"applicant": "small", "as_of": "2025-06-30", "facts": {"registered": true, "premium": "20"}}
        {"applicant": "capped, with a comma", "as_of": "2025-06-30", "facts": {"registered": true, "premium": "150"}}
        """.write(toFile: lines, atomically: false, encoding: .utf8)
        #expect(try zhengce(["diff", "--applicants", lines, old, new]).out.contains("total payout: 60.00 → 70.00万元 (+10.00)"))
        // A wrong header and a wrong cell are located.
        let bad = new + "/../bad.csv"
        try "applicant,premum\nx,20\n".write(toFile: bad, atomically: false, encoding: .utf8)
        run = try zhengce(["diff", "--applicants", bad, old, new])
        #expect(run.status == 2)
        #expect(run.err.contains("bad.csv:1:") && run.err.contains("did you mean `premium`?"), "\(run.err)")
        try "applicant,registered,premium\nx,yes,20\n".write(toFile: bad, atomically: false, encoding: .utf8)
        run = try zhengce(["diff", "--applicants", bad, old, new])
        #expect(run.status == 2)
        #expect(run.err.contains("bad.csv:2, column 2:"), "\(run.err)")
    }

    @Test func diffAgainstAGitRevision() throws {
        let folder = try temporaryFolder()
        func git(_ arguments: [String]) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"] + arguments
            process.currentDirectoryURL = URL(fileURLWithPath: folder)
            process.standardOutput = Pipe()
            process.standardError = Pipe()
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "git \(arguments)")
        }
        // A repository of its own in a temporary folder, whose `policies/` (the default path of
        // `diff --git`) holds the fixture document only: the shipped policies are never read here.
        try FileManager.default.createDirectory(atPath: folder + "/policies", withIntermediateDirectories: true)
        try DiffTests.version1.write(toFile: folder + "/policies/d.policy", atomically: false, encoding: .utf8)
        try git(["init", "-q"])
        try git(["add", "-A"])
        try git(["commit", "-q", "-m", "first"])
        try DiffTests.version2([("revenue >= 1000万", "revenue >= 800万")]).write(toFile: folder + "/policies/d.policy", atomically: false, encoding: .utf8)
        var run = try zhengce(["diff", "--git", "HEAD"], in: folder)
        #expect(run.status == 0)
        #expect(run.out.contains("revenue >= 1000万 → revenue >= 800万"))
        #expect(run.out.contains("old HEAD:policies/d.policy:27 · new policies/d.policy:27"))
        run = try zhengce(["diff", "--git", "HEAD", "policies/d.policy"], in: folder)
        #expect(run.out.contains("results change for revenue in [800万元, 1,000万元)"))
        run = try zhengce(["diff", "--git", "no-such-revision"], in: folder)
        #expect(run.status == 2)
    }

    @Test func testUpdateRewritesFailingExamplesAndFindsExamplesBesideAPolicy() throws {
        let folder = try temporaryFolder()
        try FileManager.default.copyItem(atPath: fixturePolicies + "/fx.policy", toPath: folder + "/fx.policy")
        let examples = """
        {"format": "zhengce.examples", "version": 1, "examples": [
          {"name": "stale", "as_of": "2025-06-30", "facts": {"operates_in_zone": true, "branch_type": "bank_tier1"},
           "expect": {"clauses": {"fx:9": {"amount": "300.00"}}}}
        ]}
        """
        try examples.write(toFile: folder + "/fx.examples.json", atomically: false, encoding: .utf8)
        var run = try zhengce(["test", folder + "/fx.policy"])
        #expect(run.status == 1)
        #expect(run.out.contains("FAIL \(folder)/fx.examples.json:2: stale"))
        run = try zhengce(["test", "--update", folder])
        #expect(run.status == 0)
        #expect(run.out.contains("updated \(folder)/fx.examples.json:3: stale: fx:9 amount: \"300.00\" → \"400.00\""))
        #expect(run.out.hasSuffix("1 passed, 0 failed\n"))
        let rewritten = try String(contentsOfFile: folder + "/fx.examples.json", encoding: .utf8)
        #expect(rewritten == examples.replacingOccurrences(of: "\"300.00\"", with: "\"400.00\""))
        run = try zhengce(["test", "--update", folder])
        #expect(run.status == 0 && !run.out.contains("updated"))
        // With JSON output, what was updated goes to standard error and the JSON stays whole.
        try examples.write(toFile: folder + "/fx.examples.json", atomically: false, encoding: .utf8)
        run = try zhengce(["test", "--update", "--format", "json", folder])
        #expect(run.status == 0)
        #expect(run.err.contains("updated \(folder)/fx.examples.json:3"))
        let json = try JSONReader.parse(SourceFile(path: "out", text: run.out))
        guard case .number("1")? = json["passed"]?.value else {
            Issue.record("not one passed example: \(run.out)")
            return
        }
        // A read-only examples file is left as it is.
        try examples.write(toFile: folder + "/fx.examples.json", atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: folder + "/fx.examples.json")
        run = try zhengce(["test", "--update", folder])
        #expect(run.status == 2)
        #expect(run.err.contains("is read-only; it was left unchanged"))
        #expect(try String(contentsOfFile: folder + "/fx.examples.json", encoding: .utf8) == examples)
        try FileManager.default.copyItem(atPath: fixturePolicies + "/fx.policy", toPath: folder + "/lonely.policy")
        run = try zhengce(["test", folder + "/lonely.policy", folder + "/fx.examples.json"])
        #expect(run.err.contains("warning: `\(folder)/lonely.policy` has no examples beside it"))
    }
}
