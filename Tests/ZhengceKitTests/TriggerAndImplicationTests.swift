import Testing
@testable import ZhengceKit

/// `check` on clause triggers (Z309) and on `implied by` fact declarations.
@Suite struct TriggerAndImplicationTests {
    let facts = """
    fact licensed: bool "持牌机构"
    fact kind: choice {"a", "b"} "类型"
    fact capital: money in 万元 "实收资本"
    fact start: date "起始日"
    fact rate: percent "比例"
    fact event: record { size: money in 万元 "规模", day: date "日期" } "事项"
    fact items: list of money in 万元 "各项"

    """

    func codes(_ body: String) -> [DiagnosticCode] { diagnose(header + facts + body).map(\.code) }

    func clause(_ trigger: String) -> String {
        """
        clause 1 "a" (第一条) {
          applies when \(trigger)
          when licensed or kind == "a" or capital > 0万 or start >= 2025-01-01 or rate > 0% or event.size > 0万 or event.day >= 2025-01-01 or items is not empty "用到全部事实"
          amount 1万
        }
        """
    }

    @Test func aTriggerOnlyOnFiguresIsReported() {
        for trigger in ["capital is present", "start is present", "rate is present", "event.size is present",
                        "event.day is present", "capital is not empty", "capital is present or start is present"] {
            let found = diagnose(header + facts + clause(trigger)).filter { $0.code == .presenceTrigger }
            #expect(found.count == 1, "`applies when \(trigger)` should be reported")
            #expect(found.first?.severity == .warning)
            #expect(found.first?.line == 14)
        }
        let message = diagnose(header + facts + clause("capital is present")).first { $0.code == .presenceTrigger }?.message ?? ""
        #expect(message.contains("`t:1` applies only when `capital` is given"))
    }

    @Test func aTriggerOnAKindOrAnEventIsNot() {
        for trigger in ["licensed", "kind == \"a\"", "kind is present", "event is present", "items is not empty",
                        "licensed or capital is present", "event is present or capital is present", "capital is absent",
                        "capital > 0万"] {
            #expect(!codes(clause(trigger)).contains(.presenceTrigger), "`applies when \(trigger)` should not be reported")
        }
    }

    @Test func impliedByParsesFormatsAndChecks() throws {
        let text = header + """
        fact certificate: choice {"first", "second"} "证书"
        fact status: bool   implied by   certificate "资格"
        clause 1 "a" (第一条) {
          when status "资格"
          amount 1万
        }
        """
        #expect(diagnose(text).isEmpty, "\(diagnose(text).map(DiagnosticRenderer.text))")
        let formatted = try Formatter.format(SourceFile(path: "t.policy", text: text))
        #expect(formatted.contains("fact status: bool implied by certificate \"资格\"\n"))
        #expect(try Formatter.format(SourceFile(path: "t.policy", text: formatted)) == formatted)
        let loaded = Zhengce.load([SourceFile(path: "t.policy", text: text)])
        #expect(loaded.program?.facts["status"]?.impliedBy == "certificate")
    }

    @Test func impliedByNeedsABoolAndAFactOfTheFile() {
        let body = """
        clause 1 "a" (第一条) {
          when flag and amount_fact > 0万 and other "x"
          amount 1万
        }
        """
        var found = diagnose(header + "fact other: bool \"o\"\nfact amount_fact: money in 万元 implied by other \"m\"\nfact flag: bool \"f\"\n" + body)
        #expect(found.contains { $0.code == .typeMismatch && $0.message.contains("only a bool fact can be `implied by`") })
        found = diagnose(header + "fact other: bool \"o\"\nfact amount_fact: money in 万元 \"m\"\nfact flag: bool implied by othr \"f\"\n" + body)
        #expect(found.contains { $0.code == .unknownFact && $0.help == "did you mean `other`?" })
        found = diagnose(header + "fact other: bool \"o\"\nfact amount_fact: money in 万元 \"m\"\nfact flag: bool implied by flag \"f\"\n" + body)
        #expect(found.contains { $0.code == .syntax && $0.message.contains("cannot imply itself") })
        found = diagnose(header + "fact other: bool \"o\"\nfact amount_fact: money in 万元 \"m\"\nfact flag: bool implied other \"f\"\n" + body)
        #expect(found.contains { $0.code == .syntax && $0.message.contains("expected `by` after `implied`") })
    }

    @Test func theImplicationHoldsAcrossFiles() throws {
        // One file declares the implication; another reads the same bool: the certificate counts there too.
        let first = header + """
        fact certificate: choice {"first"} "证书"
        fact status: bool implied by certificate "资格"
        clause 1 "a" (第一条) {
          when status "资格"
          amount 1万
        }
        """
        let second = """
        policy u {
          title "测试二"
          valid from 2025-01-01 until 2028-12-31
          money in 万元 rounded to 0.01 half-up
        }
        fact status: bool "资格"
        clause 1 "b" (第一条) {
          when status "资格"
          amount 2万
        }
        """
        // The file without the implication is loaded first.
        let loaded = Zhengce.load([SourceFile(path: "u.policy", text: second), SourceFile(path: "t.policy", text: first)])
        let program = try #require(loaded.program)
        let result = try evaluate("{\"certificate\": \"first\"}", asOf: "2025-06-30", program: program)
        #expect(result.granted("t:1") == "1.00")
        #expect(result.granted("u:1") == "2.00")
        #expect(try evaluate("{}", asOf: "2025-06-30", program: program).status("u:1") == .refused)
    }
}
