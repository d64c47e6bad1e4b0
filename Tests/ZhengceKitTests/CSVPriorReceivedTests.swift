import Foundation
import Testing
@testable import ZhengceKit

/// `prior_received.<clause id>` columns of a CSV input: what the JSON input's `prior_received`
/// gives, read alike on the fast and the slow path, with a located error for a bad amount and a
/// stop at a header that names no clause.
extension BoundCSVReaderTests {
    static var priorColumns: [String] { Self.program.clauses.keys.sorted().prefix(2).map { CSVHeader.priorPrefix + $0 } }

    @Test func readsPriorReceivedColumnsAsTheSlowPathBindsThem() throws {
        let columns = Self.columns + Self.priorColumns
        let first = Self.priorColumns[0], second = Self.priorColumns[1]
        let rows: [[String: String]] = [
            [first: "5"], [first: "5万", second: "30000元"], [second: "0"], [first: "1.25", "premium": "12"], [:],
        ]
        for values in rows { #expect(try agrees(Self.row(values, columns: columns), columns: columns), "\(values)") }
        // The amount reaches the clause it names (held in 元, as every amount of money).
        let header = try header(columns)
        let read = try #require(try fast(Array(Self.row([first: "5万", second: "30000元"], columns: columns).utf8), header))
        let index = try #require(Self.program.compiled?.clauseIndex[String(first.dropFirst(CSVHeader.priorPrefix.count))])
        let other = try #require(Self.program.compiled?.clauseIndex[String(second.dropFirst(CSVHeader.priorPrefix.count))])
        #expect(read.prior[index] == ExactDecimal(50_000) && read.prior[other] == ExactDecimal(30_000), "\(read.prior)")
        #expect(read.prior.compactMap { $0 }.count == 2)
        // Amounts the slow path refuses are left to it, which makes an error record naming the column.
        for bad in ["-1", "abc", "5%", " 5"] {
            #expect(try !agrees(Self.row([first: bad], columns: columns), columns: columns), "\(bad)")
        }
        guard case .success(let cells) = CSVRecords.fields(Array(Self.row([first: "-1"], columns: columns).utf8)[...]),
              case .failed(_, let errors) = header.decode(cells, facts: Self.program.facts, clauses: Set(Self.program.clauses.keys)) else {
            Issue.record("a negative amount received is read")
            return
        }
        #expect(errors.first?.field == first && errors.first?.column == columns.count - 1, "\(errors)")
    }

    /// The message a header stops with, or nil when it is read.
    func headerError(_ columns: [String]) -> String? {
        do {
            _ = try CSVHeader(columns, facts: Self.program.facts, clauses: Set(Self.program.clauses.keys))
            return nil
        } catch {
            return error.message
        }
    }

    @Test func aPriorReceivedColumnMustNameALoadedClause() throws {
        let ids = Self.program.clauses.keys.sorted()
        let near = CSVHeader.priorPrefix + ids[0] + "x"
        let message = try #require(headerError(["applicant", near]))
        #expect(message.contains("column 2 `\(near)`: `prior_received` names no clause `\(ids[0])x` of the loaded policies"), "\(message)")
        #expect(message.contains("did you mean `\(CSVHeader.priorPrefix + ids[0])`?"), "\(message)")
        #expect(headerError(["prior_received"])?.contains("give one column per clause") == true)
        #expect(headerError([CSVHeader.priorPrefix])?.contains("the clause id is missing after `prior_received.`") == true)
        let shouted = CSVHeader.priorPrefix + ids[1].uppercased()
        #expect(headerError([shouted])?.contains("did you mean `\(CSVHeader.priorPrefix + ids[1])`?") == true, "\(headerError([shouted]) ?? "")")
        #expect(headerError([Self.priorColumns[0], Self.priorColumns[0]])?.contains("appears twice") == true)
        #expect(headerError(["applicant"] + Self.priorColumns) == nil)
    }
}

extension CommandLineTests {
    /// A CSV row with a `prior_received` column is evaluated as the JSON line with the same
    /// `prior_received`: a cumulative cap takes the amount received off.
    @Test func batchReadsPriorReceivedFromCSVColumns() throws {
        let folder = try temporaryFolder()
        let policy = header + "fact revenue: money in 万元 \"营收\"\nclause 1 \"a\" (第一条) {\n  amount revenue * 10%\n  cap 10万 cumulative\n}\n"
            + "clause 2a \"b\" (第二条) {\n  amount 1万\n}\nclause 2b \"c\" (第二条) {\n  amount 2万\n}\n"
        try policy.write(toFile: folder + "/t.policy", atomically: false, encoding: .utf8)
        let csv = "applicant,as_of,revenue,prior_received.t:1\na,2025-06-30,200,4\nb,2025-06-30,200,\nc,2025-06-30,200,2万元\nd,2025-06-30,200,many\n"
        let jsonl = """
        {"applicant": "a", "as_of": "2025-06-30", "facts": {"revenue": "200", "prior_received": {"t:1": "4"}}}
        {"applicant": "b", "as_of": "2025-06-30", "facts": {"revenue": "200"}}
        {"applicant": "c", "as_of": "2025-06-30", "facts": {"revenue": "200", "prior_received": {"t:1": "2万元"}}}

        """
        let fromCSV = try zhengce(["batch", "--input", "csv", "--policies", folder, "-"], input: csv)
        let fromJSON = try zhengce(["batch", "--policies", folder, "-"], input: jsonl)
        #expect(fromCSV.status == 1, "\(fromCSV.err)")
        #expect(fromJSON.status == 0, "\(fromJSON.err)")
        func results(_ out: String) -> [String] { out.split(separator: "\n").map { String($0.drop { $0 != "," }) } }
        #expect(Array(results(fromCSV.out).prefix(3)) == results(fromJSON.out), "\(fromCSV.out)\n\(fromJSON.out)")
        #expect(fromJSON.out.contains(#""granted":"6.00""#) && fromJSON.out.contains(#""granted":"10.00""#) && fromJSON.out.contains(#""granted":"8.00""#), "\(fromJSON.out)")
        let bad = try #require(fromCSV.out.split(separator: "\n").last)
        #expect(bad.hasPrefix(#"{"line":5,"#) && bad.contains(#""field":"prior_received.t:1","column":4"#), "\(bad)")
        let unknown = try zhengce(["batch", "--input", "csv", "--policies", folder, "-"], input: "revenue,prior_received.t:2\n1,1\n")
        #expect(unknown.status == 2)
        #expect(unknown.err.contains("`prior_received` names no clause `t:2` of the loaded policies; did you mean `prior_received.t:1`?"), "\(unknown.err)")
        // A clause id in other letter case is pointed to the id it spells; so is a fact.
        let shouted = try zhengce(["batch", "--input", "csv", "--policies", folder, "-"], input: "revenue,prior_received.T:2B\n1,1\n")
        #expect(shouted.status == 2)
        #expect(shouted.err.contains("did you mean `prior_received.t:2b`?"), "\(shouted.err)")
        let upper = try zhengce(["batch", "--input", "csv", "--policies", folder, "-"], input: "REVENUE\n1\n")
        #expect(upper.status == 2)
        #expect(upper.err.contains("no loaded policy declares a fact `REVENUE`; did you mean `revenue`?"), "\(upper.err)")
    }
}
