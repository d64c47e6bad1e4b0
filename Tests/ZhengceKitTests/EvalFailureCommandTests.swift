import Foundation
import Testing
@testable import ZhengceKit

/// `zhengce eval` on arithmetic it cannot do, and on generated files far larger than any policy.
@Suite(.serialized) struct EvalFailureCommandTests {
    let cli = CommandLineTests()

    func write(_ files: [String: String]) throws -> String {
        let folder = try cli.temporaryFolder()
        for (name, text) in files { try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8) }
        return folder
    }

    @Test func anOverflowExitsThreeAndNamesTheClauseAndTheFacts() throws {
        let folder = try write(["t.policy": header + "fact a: money in 万元 \"a\"\nclause 1 \"a\" (第一条) {\n  amount a * 1000\n}\n",
                                "big.json": #"{"as_of": "2025-06-30", "facts": {"a": "9999999999999999999999999999999999"}}"#,
                                "small.json": #"{"as_of": "2025-06-30", "facts": {"a": "1"}}"#])
        let run = try cli.zhengce(["eval", "--policies", folder, "--format", "json", folder + "/big.json"])
        #expect(run.status == 3)
        #expect(run.err.contains("error: t:1: arithmetic overflow"))
        #expect(run.err.contains("a = "))
        #expect(run.out.contains("\"undetermined\""))
        let fine = try cli.zhengce(["eval", "--policies", folder, folder + "/small.json"])
        #expect(fine.status == 0)
    }

    @Test func generatedChainsAreHandledByCheckEvalAndFmt() throws {
        var lets = header + "fact x: money in 万元 \"x\"\nlet a0 = x\n"
        for index in 1...5_000 { lets += "let a\(index) = a\(index - 1) + 1元\n" }
        lets += "clause 1 \"a\" (第一条) {\n  amount a5000\n}\n"
        let terms = Array(repeating: "x", count: 5_000).joined(separator: " + ")
        let flat = header + "fact x: money in 万元 \"x\"\nclause 1 \"a\" (第一条) {\n  amount \(terms)\n}\n"
        let folder = try write(["lets.policy": lets, "flat.policy": flat,
                                "facts.json": #"{"as_of": "2025-06-30", "facts": {"x": "1"}}"#])
        let checked = try cli.zhengce(["check", folder + "/lets.policy"])
        #expect(checked.status == 0)
        let evaluated = try cli.zhengce(["eval", "--policies", folder + "/lets.policy", "--format", "json", folder + "/facts.json"])
        #expect(evaluated.status == 0)
        #expect(evaluated.out.contains("\"granted\": \"1.50\""))
        #expect(try cli.zhengce(["fmt", "--check", folder + "/lets.policy"]).status == 0)
        let rejected = try cli.zhengce(["check", folder + "/flat.policy"])
        #expect(rejected.status == 1)
        #expect(rejected.out.contains("error[Z007]") || rejected.err.contains("error[Z007]"))
        #expect(try cli.zhengce(["eval", "--policies", folder + "/flat.policy", folder + "/facts.json"]).status == 1)
        #expect(try cli.zhengce(["fmt", "--check", folder + "/flat.policy"]).status == 1)
    }
}
