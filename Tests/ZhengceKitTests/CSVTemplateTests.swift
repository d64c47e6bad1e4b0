import Foundation
import Testing
@testable import ZhengceKit

/// `zhengce schema --format csv`: the header row of a CSV input, on a fixture of its own. The row
/// it prints is one `batch --input csv` reads, and it names exactly the clauses that read what
/// was already received.
@Suite struct CSVTemplateTests {
    static let policy = header + """
    fact zone: bool "在区内"
    fact profit: signed money in 万元 "利润"
    fact certs: set of choice {"iso", "cmmi"} "认证"
    fact yearly: list of money in 万元 "各年投入"
    fact grants: list of record {
      amount: money in 万元 "资助金额",
      day: date "资助日期"
    } "获得资助"
    fact office: record {
      area: number in "m²" "面积",
      kind: choice {"rent", "buy"} "方式"
    } "办公用房"

    let left = 100万 - prior() "剩余额度"

    clause 1 "累计上限" (第一条) {
      amount max(0万, profit) * 10%
      cap 50万 cumulative
    }

    clause 2 "共享定义" (第二条) {
      when zone "在区内"
      amount left
    }

    clause 3 "一次性" (第三条) {
      when prior_received == 0万 "此前未获得"
      amount 5万
    }

    clause 4 "其他" (第四条) {
      when "iso" in certs "认证"
      amount sum(g in grants: g.amount) + sum(y in yearly: y) * 0% + (0万 if office.area > 0 else 0万)
    }

    """

    static let loaded = Zhengce.load([SourceFile(path: "t.policy", text: policy)])

    @Test func theHeaderNamesEveryFactPathAndTheClausesThatReadWhatWasReceived() throws {
        let program = try #require(Self.loaded.program, "\(Self.loaded.diagnostics.map { DiagnosticRenderer.text($0) })")
        let text = CSVTemplate.header(FactsReference(trees: Self.loaded.trees), items: 2)
        #expect(text == "applicant,as_of,certs,grants[0].amount,grants[0].day,grants[1].amount,grants[1].day,office.area,office.kind,"
            + "profit,yearly[0],yearly[1],zone,prior_received.t:1,prior_received.t:2,prior_received.t:3")
        // What it prints is a header `batch --input csv` reads, at any number of items.
        for items in [1, 3, 100] {
            let columns = CSVTemplate.header(FactsReference(trees: Self.loaded.trees), items: items).split(separator: ",").map(String.init)
            #expect(columns.count == 7 + 3 * items + 3)
            #expect(throws: Never.self) { try CSVHeader(columns, facts: program.facts, clauses: Set(program.clauses.keys)) }
        }
    }

    @Test func theShippedPoliciesHeaderIsOneBatchReads() throws {
        let loaded = try shippedPolicies()
        let program = loaded.program
        let columns = CSVTemplate.header(FactsReference(trees: loaded.trees), items: 3).split(separator: ",").map(String.init)
        #expect(throws: Never.self) { try CSVHeader(columns, facts: program.facts, clauses: Set(program.clauses.keys)) }
        #expect(Set(columns).count == columns.count)
    }
}

extension CommandLineTests {
    @Test func schemaPrintsACSVHeaderAndRefusesBadOptions() throws {
        let folder = try temporaryFolder()
        try CSVTemplateTests.policy.write(toFile: folder + "/t.policy", atomically: false, encoding: .utf8)
        let csv = try zhengce(["schema", "--format", "csv", "--items", "1", folder])
        #expect(csv.status == 0, "\(csv.err)")
        #expect(csv.out == "applicant,as_of,certs,grants[0].amount,grants[0].day,office.area,office.kind,profit,yearly[0],zone,"
            + "prior_received.t:1,prior_received.t:2,prior_received.t:3\n")
        let json = try zhengce(["schema", folder])
        #expect(json.status == 0 && json.out.hasPrefix("{"))
        for bad in [["--format", "xml"], ["--items", "2"], ["--format", "csv", "--items", "0"], ["--format", "csv", "--items", "101"]] {
            let run = try zhengce(["schema"] + bad + [folder])
            #expect(run.status == 2, "\(bad)")
            #expect(run.err.hasPrefix("error: "), "\(bad): \(run.err)")
        }
    }
}
