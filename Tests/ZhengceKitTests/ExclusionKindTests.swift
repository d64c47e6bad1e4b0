import Foundation
import Testing
@testable import ZhengceKit

/// `excluded_how` in `eval --format json` and in batch records: which kind of rule excluded a
/// clause, told apart without reading the trace.
@Suite struct ExclusionKindTests {
    /// 1 loses take-the-highest to 2, 3 is not the one recommended under choose-one, 6 is ruled out
    /// by 5's precedence, 8 is left nothing by the shared cap that 7 fills.
    static let program: Program = {
        let body = """
        clause 1 "a" (第一条) {
          amount 10万
        }
        clause 2 "b" (第二条) {
          amount 12万
        }
        clause 3 "c" (第三条) {
          amount 5万
        }
        clause 4 "d" (第四条) {
          amount 6万
        }
        clause 5 "e" (第五条) {
          amount 1万
        }
        clause 6 "f" (第六条) {
          amount 2万
        }
        clause 7 "g" (第七条) {
          amount 30万
        }
        clause 8 "h" (第八条) {
          amount 20万
        }
        exclusive highest {1, 2} tie first (第九条)
        exclusive choice {3, 4} (第十条)
        exclusive 5 over {6} (第十一条)
        shared cap 30万 {7, 8} reduce in order (第十二条)
        """
        return checkedProgram(header + body)
    }()

    static let expected: [String: String?] = ["t:1": "highest", "t:2": nil, "t:3": "choice", "t:4": nil,
                                              "t:5": nil, "t:6": "precedence", "t:7": nil, "t:8": "shared_cap"]

    func string(_ node: JSONNode?) -> String? { if case .string(let text)? = node?.value { return text } else { return nil } }

    @Test(arguments: [false, true]) func theOutcomeNamesTheKindWithOrWithoutATrace(explain: Bool) throws {
        let applicant = try ApplicantReader.read(SourceFile(path: "<facts>", text: #"{"facts": {}}"#), program: Self.program)
        let evaluation = Zhengce.evaluate(Self.program, applicant, asOf: Day(iso: "2025-06-30")!, explain: explain)
        for (id, how) in Self.expected {
            #expect(evaluation.clause(id)?.exclusion?.rawValue == how, "\(id)")
        }
    }

    @Test func evalJSONCarriesExcludedHowOnEveryClause() throws {
        let evaluation = try evaluate("{}", asOf: "2025-06-30", program: Self.program)
        let json = try JSONReader.parse(SourceFile(path: "eval", text: EvaluationReport.json(evaluation, program: Self.program)))
        for (id, how) in Self.expected {
            let member = try #require(json["clauses"]?[id]?["excluded_how"], "\(id) has the member, null when not excluded")
            if case .null = member.value { #expect(how == nil, "\(id)") } else { #expect(string(member) == how, "\(id)") }
        }
    }

    @Test func batchRecordsCarryExcludedHowOnlyWhenExcluded() throws {
        var lines = ByteLines.bytes(Array(#"{"facts": {}}"#.utf8))
        var out: [UInt8] = []
        _ = try Batch(program: Self.program, options: Batch.Options(today: Day(iso: "2025-06-30")!)).run(&lines, write: { out += $0 })
        let record = try JSONReader.parse(SourceFile(path: "out", text: String(decoding: out, as: UTF8.self)))
        for (id, how) in Self.expected {
            #expect(string(record["clauses"]?[id]?["excluded_how"]) == how, "\(id)")
            if how == nil { #expect(record["clauses"]?[id]?["excluded_how"] == nil, "\(id): written only when set") }
        }
        #expect(String(decoding: out, as: UTF8.self).contains(#""excluded_by":"t:2","excluded_how":"highest""#))
    }

    /// A citation right after the word that ends a rule (`tie first(第九条)`), as the grammar
    /// allows, is read as the citation: it used to be taken for a call and rejected.
    @Test func aCitationAgainstTheRulesLastWordIsRead() throws {
        let body = "clause 1 \"a\" (第一条) {\n  amount 10万\n}\nclause 2 \"b\" (第二条) {\n  amount 12万\n}\n"
        for rule in ["exclusive highest {1, 2} tie first(第九条)", "exclusive highest {1, 2} tie last(第九条)",
                     "shared cap 20万 {1, 2} reduce proportionally(第九条)", "shared cap 20万 {1, 2} reduce in order(第九条)"] {
            #expect(diagnose(header + body + rule + "\n").isEmpty, "\(rule)")
        }
        // Against any other name, a parenthesis still opens a call.
        #expect(!diagnose(header + "let x = min(第一条)\n").isEmpty)
    }
}
