import Foundation
import Testing
@testable import ZhengceKit

/// `zhengce eval` on arithmetic it cannot do, and on generated files far larger than any policy.
@Suite(.serialized) struct EvalFailureCommandTests {
    let cli = CommandLineTests()

    func write(_ files: [String: String]) throws -> String {
        let folder = try cli.temporaryFolder()
        for (name, text) in files { try text.write(toFile: folder + "/" + name, atomically: false, encoding: .utf8) }
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

    @Test func yearsAddedPastTheCalendarAreAFailureNotACrash() throws {
        // `add_years(start, 9223372036854775807)` used to stop `eval` and `batch` with a signal.
        let policy = header + "fact start: date \"s\"\nfact n: number \"n\"\nclause 1 \"a\" (第一条) {\n  when as_of >= add_years(start, n) \"满\"\n  amount 1万元\n}\n"
        let line = #"{"as_of": "2025-06-30", "facts": {"start": "2021-01-01", "n": 9223372036854775807}}"#
        let folder = try write(["t.policy": policy, "big.json": line, "big.jsonl": line + "\n" + #"{"as_of": "2025-06-30", "facts": {"start": "2021-01-01", "n": 4}}"# + "\n"])
        let run = try cli.zhengce(["eval", "--policies", folder, "--format", "json", folder + "/big.json"])
        #expect(run.status == 3)
        #expect(run.err.contains("error: t:1: `add_years` moves 2021-01-01 by 9223372036854775807 years, past the calendar's years 1–9999"), "\(run.err)")
        #expect(run.out.contains("\"undetermined\""))
        let batch = try cli.zhengce(["batch", "--policies", folder, folder + "/big.jsonl"])
        #expect(batch.status == 3, "\(batch.err)")
        let records = batch.out.split(separator: "\n")
        #expect(records.count == 2)
        #expect(records.first?.contains("past the calendar's years 1–9999") == true, "\(batch.out)")
        #expect(records.last?.contains("\"granted\"") == true && records.last?.contains("failures") == false, "\(batch.out)")
        let summarized = try cli.zhengce(["batch", "--summary", "--format", "csv", "--policies", folder, folder + "/big.jsonl"])
        #expect(summarized.status == 3)
        #expect(summarized.err.contains("summary: 2 lines, 2 evaluated (1 of them with an evaluation failure), 0 failed"), "\(summarized.err)")
        let rows = summarized.out.split(separator: "\n")
        #expect(rows.count == 3)
        #expect(rows.dropFirst().first?.contains(",2025-06-30,\"t:1: `add_years` moves 2021-01-01") == true, "\(summarized.out)")
        #expect(rows.last?.hasPrefix("2,,2025-06-30,,1.00,") == true, "\(summarized.out)")
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
