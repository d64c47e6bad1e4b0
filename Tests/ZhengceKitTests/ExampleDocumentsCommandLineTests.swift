import Foundation
import Testing
@testable import ZhengceKit

/// `zhengce test FILE` when the examples beside FILE also expect outcomes of another document:
/// the failure says how to load it.
@Suite(.serialized) struct ExampleDocumentsCommandLineTests {
    let cli = CommandLineTests()

    /// Writes `ID.policy` into the folder: a document in force 2025–2028 with `body`.
    func write(_ id: String, in folder: String, _ body: String) throws {
        try """
        policy \(id) {
          title "测试\(id)"
          valid from 2025-01-01 until 2028-12-31
          money in 万元 rounded to 0.01 half-up
        }

        \(body)

        """.write(toFile: "\(folder)/\(id).policy", atomically: false, encoding: .utf8)
    }

    /// `yz.policy` and `kc.policy` side by side; `yz.examples.json` also expects `kc:1` and `kc`'s total.
    func folder() throws -> String {
        let folder = try cli.temporaryFolder()
        for (id, amount) in [("yz", "10万"), ("kc", "20万")] {
            try write(id, in: folder, """
            clause 1 "补助" (第一条) {
              amount \(amount)
            }
            """)
        }
        try #"""
        {"format": "zhengce.examples", "version": 1, "document": "yz", "examples": [
          {"name": "both", "as_of": "2025-06-30", "facts": {},
           "expect": {"clauses": {"yz:1": {"granted": "10.00"}, "kc:1": {"granted": "20.00"}}, "documents": {"kc": {"total": "20.00"}}}}]}
        """#.write(toFile: folder + "/yz.examples.json", atomically: false, encoding: .utf8)
        try #"{"format": "zhengce.examples", "version": 1, "document": "kc", "examples": []}"#
            .write(toFile: folder + "/kc.examples.json", atomically: false, encoding: .utf8)
        return folder
    }

    @Test func aPolicyNamedAloneSaysWhereTheOtherDocumentIs() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let alone = try cli.zhengce(["test", folder + "/yz.policy"])
        #expect(alone.status == 1)
        #expect(alone.out.contains("no clause `kc:1` in the loaded policies"), "\(alone.out)")
        #expect(alone.out.contains("no document `kc` loaded"))
        let help = "help: `kc` is declared in `\(folder)/kc.policy`, which was not loaded: name that file too, or `zhengce test \(folder)/` runs the examples with every policy in the folder"
        #expect(alone.out.components(separatedBy: help).count == 3, "both messages carry the help:\n\(alone.out)")
        // Run from inside the folder, the paths are the ones typed.
        let relative = try cli.zhengce(["test", "yz.policy"], in: folder)
        #expect(relative.out.contains("help: `kc` is declared in `kc.policy`, which was not loaded: name that file too, or `zhengce test .` runs"), "\(relative.out)")
        // Either way the help offers, the examples pass.
        let both = try cli.zhengce(["test", "yz.policy", "kc.policy"], in: folder)
        #expect(both.status == 0, "\(both.out)\(both.err)")
        let whole = try cli.zhengce(["test", folder + "/"])
        #expect(whole.status == 0 && whole.out.contains("1 passed, 0 failed"), "\(whole.out)\(whole.err)")
    }

    @Test func aDocumentDeclaredNowhereBesideGetsTheGeneralHelp() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.removeItem(atPath: folder + "/kc.policy")
        try FileManager.default.removeItem(atPath: folder + "/kc.examples.json")
        let run = try cli.zhengce(["test", "yz.policy"], in: folder)
        #expect(run.status == 1)
        #expect(run.out.contains("help: load the policy that declares `kc` too: name its file, or `zhengce test .` runs the examples with every policy in the folder"), "\(run.out)")
    }

    /// `a.policy` alone, its examples giving a fact only `b.policy` beside it declares, and a
    /// misspelt fact of its own.
    @Test func aFactDeclaredBesideSaysWhichFileDeclaresIt() throws {
        let folder = try cli.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (id, fact) in [("a", "own_fact"), ("b", "other_fact")] {
            try write(id, in: folder, """
            fact \(fact): bool "事实"

            clause 1 "补助" (第一条) {
              when \(fact)
              amount 10万
            }
            """)
        }
        try #"""
        {"format": "zhengce.examples", "version": 1, "document": "a", "examples": [
          {"name": "other", "as_of": "2025-06-30", "facts": {"own_fact": true, "other_fact": true}, "expect": {"total": "10.00"}},
          {"name": "typo", "as_of": "2025-06-30", "facts": {"own_fakt": true}, "expect": {"total": "0.00"}}]}
        """#.write(toFile: folder + "/a.examples.json", atomically: false, encoding: .utf8)
        let alone = try cli.zhengce(["test", "a.policy"], in: folder)
        #expect(alone.status == 1)
        let help = "help: `other_fact` is declared in `b.policy`, which was not loaded: name that file too, or `zhengce test .` runs the examples with every policy in the folder"
        #expect(alone.out.contains(help), "\(alone.out)")
        #expect(alone.out.contains("help: did you mean `own_fact`?"), "\(alone.out)")
        // With the file the help names, the fact is known; the misspelt one is still reported.
        let both = try cli.zhengce(["test", "a.policy", "b.policy"], in: folder)
        #expect(!both.out.contains("`other_fact` is not declared"), "\(both.out)")
        #expect(both.out.contains("fact `own_fakt` is not declared by any loaded policy"), "\(both.out)")
    }
}
