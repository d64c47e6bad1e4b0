import Foundation
import Testing
@testable import ZhengceKit

/// `zhengce batch` end to end: standard input, exit codes, the summary on standard error.
extension CommandLineTests {
    @Test func batchReadsStandardInputAndExitsOneWhenALineFails() throws {
        let input = """
        {"as_of": "2026-03-01", "facts": {"operates_in_yizhuang_225": true, "branch_type": "bank_tier1"}}
        {"facts": {"paid_in_capital": true}}
        """
        let run = try zhengce(["batch", "--summary", "-"], input: input)
        #expect(run.status == 1)
        let records = run.out.split(separator: "\n")
        #expect(records.count == 2)
        #expect(records[0].hasPrefix(#"{"line":1,"#) && records[0].contains(#""clauses":{"#))
        #expect(records[1].hasPrefix(#"{"line":2,"#) && records[1].contains(#""field":"paid_in_capital""#))
        #expect(run.err.contains("summary: 2 lines, 1 evaluated, 1 failed"))
        #expect(!run.err.contains("zhengce batch: "), "no progress line when standard error is not a terminal")
    }

    @Test func batchExitsZeroWhenEveryLineIsEvaluatedAndTwoOnBadUsage() throws {
        let good = #"{"as_of": "2026-03-01", "facts": {"operates_in_yizhuang_225": true}}"#
        #expect(try zhengce(["batch", "--jobs", "2"], input: good + "\n" + good).status == 0)
        let csv = try zhengce(["batch", "--input", "csv", "--format", "csv"], input: "operates_in_yizhuang_225,as_of\ntrue,2026-03-01\n")
        #expect(csv.status == 0)
        #expect(csv.out.hasPrefix("line,applicant,as_of,error,total,"))
        let header = try zhengce(["batch", "--input", "csv"], input: "operates_in_yizhuang,as_of\n")
        #expect(header.status == 2)
        #expect(header.err.contains("did you mean `operates_in_yizhuang_225`?"))
        #expect(try zhengce(["batch", "--jobs", "0"], input: good).status == 2)
        #expect(try zhengce(["batch", "--explain", "--format", "csv"], input: good).status == 2)
        #expect(try zhengce(["batch", "no-such-file.jsonl"]).status == 2)
    }
}
