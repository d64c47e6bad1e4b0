import Foundation
import Testing
@testable import ZhengceKit

/// Finding the policies from any folder (`PolicySearch`), and the install: the binary installed
/// into a temporary prefix by `scripts/install.sh` and run from another folder.
@Suite(.serialized) struct InstallTests {
    let cli = CommandLineTests()

    func folder() throws -> String { try cli.temporaryFolder() }

    /// A folder holding one policy file.
    func policyFolder(_ path: String) throws -> String {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: path + "/a.policy", contents: Data())
        return path
    }

    /// The environment of the runs: the inherited one without the variable, plus `extra`.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        ProcessInfo.processInfo.environment.filter { $0.key != PolicySearch.environmentVariable }.merging(extra) { $1 }
    }

    // MARK: The lookup

    @Test func pathsGivenComeFirst() throws {
        let base = try folder()
        let search = PolicySearch(environment: [PolicySearch.environmentVariable: base], executable: nil, workingDirectory: base)
        #expect(try search.resolve(["x.policy"]) == ["x.policy"])
    }

    @Test func theEnvironmentVariableComesBeforeTheWorkingFolder() throws {
        let base = try folder()
        _ = try policyFolder(base + "/policies")
        let elsewhere = try policyFolder(base + "/elsewhere")
        let search = PolicySearch(environment: [PolicySearch.environmentVariable: elsewhere], executable: nil, workingDirectory: base)
        #expect(try search.resolve([]) == [elsewhere])
    }

    @Test func theWorkingFolderComesBeforeTheInstalledPoliciesAndStaysRelative() throws {
        let base = try folder()
        _ = try policyFolder(base + "/policies")
        _ = try policyFolder(base + "/prefix/share/zhengce/policies")
        let search = PolicySearch(environment: [:], executable: base + "/prefix/bin/zhengce", workingDirectory: base)
        #expect(try search.resolve([]) == ["policies"])
    }

    @Test func theInstalledPoliciesAreFoundFromTheExecutablesPath() throws {
        let base = try folder()
        let installed = try policyFolder(base + "/prefix/share/zhengce/policies")
        // A `policies` folder without policy files is passed over.
        try FileManager.default.createDirectory(atPath: base + "/work/policies", withIntermediateDirectories: true)
        let search = PolicySearch(environment: [:], executable: base + "/prefix/bin/zhengce", workingDirectory: base + "/work")
        #expect(try search.resolve([]) == [installed])
        // Through a symbolic link to the executable, too.
        try FileManager.default.createDirectory(atPath: base + "/bin", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: base + "/prefix/bin", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: base + "/prefix/bin/zhengce", contents: Data())
        try FileManager.default.createSymbolicLink(atPath: base + "/bin/zhengce", withDestinationPath: base + "/prefix/bin/zhengce")
        let linked = PolicySearch(environment: [:], executable: base + "/bin/zhengce", workingDirectory: base + "/work")
        #expect(try linked.resolve([]) == [installed])
    }

    @Test func whenNothingIsFoundTheErrorListsEachPlaceAndHowToPoint() throws {
        let base = try folder()
        try FileManager.default.createDirectory(atPath: base + "/policies", withIntermediateDirectories: true)
        let search = PolicySearch(environment: [:], executable: base + "/prefix/bin/zhengce", workingDirectory: base)
        let error = try #require(throws: PolicySearch.NotFound.self) { try search.resolve([]) }
        #expect(error.places.map(\.name) == ["command line", PolicySearch.environmentVariable, "working folder", "installed"])
        #expect(error.places.map(\.finding) == ["no policy path given", "not set", "holds no `.policy` file", "does not exist"])
        #expect(error.places[3].path == base + "/prefix/share/zhengce/policies")
        let text = error.description
        #expect(text.contains("--policies PATH") && text.contains("ZHENGCE_POLICIES=PATH") && text.contains("scripts/install.sh"))
    }

    @Test func aVariableThatNamesNothingIsAnErrorNotSkipped() throws {
        let base = try folder()
        _ = try policyFolder(base + "/policies")
        let search = PolicySearch(environment: [PolicySearch.environmentVariable: base + "/gone"], executable: nil, workingDirectory: base)
        let error = try #require(throws: PolicySearch.NotFound.self) { try search.resolve([]) }
        #expect(error.description.contains("`\(base)/gone`: does not exist; correct or unset the variable"))
    }

    // MARK: Every command uses it

    @Test func everyCommandThatTakesPoliciesUsesTheLookup() throws {
        let variable = environment([PolicySearch.environmentVariable: fixturePolicies])
        // Run from the package root, which has its own `policies/`: the variable wins.
        var run = try cli.zhengce(["check"], environment: variable)
        #expect(run.status == 0 && run.out.contains("checked 1 file"), "\(run.out)\(run.err)")
        run = try cli.zhengce(["fmt", "--check"], environment: variable)
        #expect(run.status == 0 && run.out.contains("1 file already formatted"), "\(run.out)\(run.err)")
        run = try cli.zhengce(["facts"], environment: variable)
        #expect(run.status == 0 && run.out.contains("## fx · "), "\(run.err)")
        run = try cli.zhengce(["schema"], environment: variable)
        #expect(run.status == 0 && run.out.contains("\"operates_in_zone\""), "\(run.err)")
        run = try cli.zhengce(["test"], environment: variable)
        #expect(run.status == 1 && run.out.contains("no examples found in \(fixturePolicies)"), "\(run.out)")
        run = try cli.zhengce(["eval", "--as-of", "2025-06-30", "-"], input: #"{"facts": {"operates_in_zone": true, "branch_type": "bank_tier1"}}"#, environment: variable)
        #expect(run.status == 0 && run.out.contains("fx:9"), "\(run.out)\(run.err)")
    }

    @Test func fromAnotherFolderWithoutPoliciesTheErrorSaysWhereItLooked() throws {
        let elsewhere = try folder()
        let run = try cli.zhengce(["eval", packageRoot + "/docs/samples/applicant.json"], in: elsewhere, environment: environment())
        #expect(run.status == 2)
        #expect(run.err.contains("no policies found"))
        #expect(run.err.contains("`\(elsewhere)/policies`: does not exist"), "\(run.err)")
        #expect(run.err.contains("installed") && run.err.contains("share/zhengce/policies"), "\(run.err)")
        #expect(run.err.contains("--policies PATH") && run.err.contains("ZHENGCE_POLICIES"))
    }

    // MARK: The install

    @Test func theInstalledBinaryEvaluatesTheSampleFromAnotherFolder() throws {
        let base = try folder()
        let prefix = base + "/prefix"
        let elsewhere = base + "/elsewhere"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        // The debug build stands in for the release build, which a test cannot start while the
        // test run holds the build folder.
        let install = try cli.zhengce([packageRoot + "/scripts/install.sh", prefix], in: elsewhere,
                                      environment: environment(["ZHENGCE_BINARY": CommandLineTests.binary]), executable: "/bin/bash")
        #expect(install.status == 0, "\(install.out)\(install.err)")
        let binary = prefix + "/bin/zhengce"
        #expect(FileManager.default.isExecutableFile(atPath: binary))
        let shipped = try FileManager.default.contentsOfDirectory(atPath: packageRoot + "/policies").filter { $0.hasSuffix(".policy") || $0.hasSuffix(".examples.json") }
        let installed = try FileManager.default.contentsOfDirectory(atPath: prefix + "/share/zhengce/policies")
        #expect(Set(installed) == Set(shipped))

        // No policy path anywhere: the installed ones are found beside the binary. The shipped
        // policies are compared with themselves (installed against the repository), no amount or
        // text of theirs is asserted, so a revision of `policies/` cannot fail this test.
        let sample = packageRoot + "/docs/samples/applicant.json"
        let run = try cli.zhengce(["eval", "--format", "json", sample], in: elsewhere, environment: environment(), executable: binary)
        let reference = try cli.zhengce(["eval", "--format", "json", "--policies", packageRoot + "/policies", sample], environment: environment())
        #expect(!run.err.contains("no policies found"), "\(run.err)")
        #expect(run.status == reference.status, "\(run.err)")
        // Compared as reports without positions when the repository's policies give one; when a
        // revision makes the sample unreadable to them, the installed ones must say the same.
        if let expected = try? JSONReader.parse(SourceFile(path: "repository", text: reference.out)) {
            let found = try JSONReader.parse(SourceFile(path: "installed", text: run.out))
            #expect(found["total"].map(describe) == expected["total"].map(describe))
            #expect(found["clauses"].map(describe) == expected["clauses"].map(describe))
        } else {
            #expect(run.out == reference.out, "\(run.err)")
        }

        // The examples are installed too, so the installed policies can be tested where they are,
        // with the result the repository's policies give (whatever their revision).
        let tested = try cli.zhengce(["test"], in: elsewhere, environment: environment(), executable: binary)
        let repository = try cli.zhengce(["test", packageRoot + "/policies"], environment: environment())
        #expect(tested.status == repository.status, "\(tested.out.suffix(300))")
        #expect(tested.out.split(separator: "\n").last == repository.out.split(separator: "\n").last)

        // Installing again replaces the policies as a whole.
        _ = FileManager.default.createFile(atPath: prefix + "/share/zhengce/policies/stale.policy", contents: Data())
        let again = try cli.zhengce([packageRoot + "/scripts/install.sh", prefix], in: elsewhere,
                                    environment: environment(["ZHENGCE_BINARY": CommandLineTests.binary]), executable: "/bin/bash")
        #expect(again.status == 0)
        #expect(!FileManager.default.fileExists(atPath: prefix + "/share/zhengce/policies/stale.policy"))
    }

    /// A JSON value as text without positions, to compare two outputs.
    func describe(_ node: JSONNode) -> String {
        switch node.value {
        case .null: return "null"
        case .bool(let value): return "\(value)"
        case .number(let text): return text
        case .string(let text):
            // Trace steps name the policy files by path, which differs between the two runs.
            return "\"" + (text.contains(".policy") ? String(text.split(separator: "/").last ?? "") : text) + "\""
        case .array(let items): return "[" + items.map(describe).joined(separator: ",") + "]"
        case .object(let members):
            return "{" + members.map { "\($0.key):\(describe($0.value))" }.joined(separator: ",") + "}"
        }
    }
}
