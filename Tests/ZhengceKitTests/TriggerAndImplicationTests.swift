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

/// What an implication does to an applicant, on the slow path (`ApplicantReader`) and the fast one
/// (`BoundLineReader`) alike: a chain is followed to its end whatever the facts' names, and a bool
/// given as `false` implies nothing.
extension TriggerAndImplicationTests {
    static let chain = header + """
    fact certificate: choice {"first"} "证书"
    fact b_status: bool implied by certificate "资格"
    fact a_status: bool implied by b_status "资格二"
    fact flag: bool "标志"
    fact c_status: bool implied by flag "资格三"
    clause 1 "a" (第一条) {
      when a_status "资格二"
      amount 1万
    }
    clause 2 "c" (第二条) {
      when c_status "资格三"
      amount 2万
    }
    """

    static let chainProgram = checkedProgram(chain)

    @Test func aChainOfImplicationsIsFollowedWhateverTheNames() throws {
        // `a_status` sorts before `b_status`, which the certificate implies first.
        let result = try evaluate(#"{"certificate": "first"}"#, asOf: "2025-06-30", program: Self.chainProgram)
        #expect(result.granted("t:1") == "1.00")
        #expect(Implications(Self.chainProgram.facts).order.map(\.implied) == ["b_status", "c_status", "a_status"])
        #expect(!Implications(Self.chainProgram.facts).circular)
    }

    @Test func theFactsReferenceSaysWhenABoolImplies() throws {
        let trees = Zhengce.load([SourceFile(path: "t.policy", text: Self.chain)]).trees
        let reference = FactsReference(trees: trees)
        #expect(reference.implication(by: "flag") == "true when `flag` is true")
        #expect(reference.implication(by: "certificate") == "true when `certificate` is given")
        let text = FactsMarkdown.render(reference, command: "zhengce facts t.policy")
        #expect(text.contains("true when `flag` is true, t:2"))
        #expect(text.contains("true when `b_status` is true, t:1"))
        let schema = FactsSchema.json(reference)
        #expect(schema.contains("true when `flag` is true"))
    }

    @Test func aContradictionThroughAChainNamesTheFactThatStartsIt() {
        let file = SourceFile(path: "<test>", text: #"{"facts": {"certificate": "first", "a_status": false}}"#)
        #expect {
            _ = try ApplicantReader.read(file, program: Self.chainProgram)
        } throws: { error in
            let message = (error as? ApplicantReader.Failure)?.diagnostics.first?.message ?? ""
            return message.contains("`a_status` is false, but `certificate` is given at line 1, column 27")
                && message.contains("(through `b_status`)")
        }
    }

    @Test func aBoolGivenFalseImpliesNothing() throws {
        #expect(try evaluate(#"{"flag": false}"#, asOf: "2025-06-30", program: Self.chainProgram).status("t:2") == .refused)
        #expect(try evaluate(#"{"flag": false, "c_status": false}"#, asOf: "2025-06-30", program: Self.chainProgram).status("t:2") == .refused)
        #expect(try evaluate(#"{"flag": false, "c_status": true}"#, asOf: "2025-06-30", program: Self.chainProgram).granted("t:2") == "2.00")
        #expect(try evaluate(#"{"flag": true}"#, asOf: "2025-06-30", program: Self.chainProgram).granted("t:2") == "2.00")
        // A yes still contradicts a no.
        #expect(throws: ApplicantReader.Failure.self) {
            _ = try ApplicantReader.read(SourceFile(path: "<test>", text: #"{"facts": {"flag": true, "c_status": false}}"#), program: Self.chainProgram)
        }
    }

    @Test func theFastReaderImpliesAsTheSlowOneDoes() throws {
        let reading = BoundLineReaderTests()
        let read = [
            #"{"facts": {"certificate": "first"}}"#, #"{"facts": {"certificate": "first", "b_status": true}}"#,
            #"{"facts": {"flag": false}}"#, #"{"facts": {"flag": false, "c_status": false}}"#, #"{"facts": {"flag": true}}"#,
            #"{"facts": {"b_status": false, "a_status": false}}"#, #"{"facts": {"b_status": true}}"#,
        ]
        for line in read {
            let expected = try #require(reading.slow(line, Self.chainProgram), "the slow path reads \(line)")
            let fast = try #require(try reading.fast(line, Self.chainProgram), "the fast path reads \(line)")
            #expect(reading.same(fast, expected), "\(line)")
        }
        // Contradictions are the slow path's to report, and it does.
        for line in [#"{"facts": {"certificate": "first", "a_status": false}}"#, #"{"facts": {"flag": true, "c_status": false}}"#] {
            #expect(try reading.fast(line, Self.chainProgram) == nil, "\(line)")
            #expect(reading.slow(line, Self.chainProgram) == nil, "\(line)")
        }
    }

    /// Every way of giving, or not, the facts of the chain: the fast reader binds what the slow one
    /// binds or leaves the line to it, and the slow one implies what the declarations say.
    @Test func everyCombinationOfTheChainReadsAlikeOnBothPaths() throws {
        let reading = BoundLineReaderTests()
        let choices = ["", "true", "false"]
        var read = 0, valid = 0
        for certificate in [false, true] {
            for b in choices { for a in choices { for flag in choices { for c in choices {
                var members = certificate ? [#""certificate": "first""#] : []
                for (name, value) in [("b_status", b), ("a_status", a), ("flag", flag), ("c_status", c)] where !value.isEmpty {
                    members.append("\"\(name)\": \(value)")
                }
                let line = "{\"facts\": {\(members.joined(separator: ", "))}}"
                let slow = reading.slow(line, Self.chainProgram)
                // What the declarations say: each implied bool is true when its implying fact holds,
                // and a no given against a yes is an error.
                let bHolds = certificate || b == "true", aHolds = bHolds || a == "true", cHolds = flag == "true" || c == "true"
                let contradiction = (certificate && b == "false") || (bHolds && a == "false") || (flag == "true" && c == "false")
                #expect((slow == nil) == contradiction, "\(line)")
                if let fast = try reading.fast(line, Self.chainProgram) {
                    read += 1
                    let expected = try #require(slow, "the fast path reads what the slow path rejects: \(line)")
                    #expect(reading.same(fast, expected), "\(line)")
                }
                guard !contradiction else { continue }
                valid += 1
                let result = try evaluate("{\(members.joined(separator: ", "))}", asOf: "2025-06-30", program: Self.chainProgram)
                #expect((result.status("t:1") == .granted) == aHolds, "\(line)")
                #expect((result.status("t:2") == .granted) == cHolds, "\(line)")
            } } } }
        }
        #expect(read == valid, "the fast path reads every combination that is not contradictory")
    }

    @Test func implicationsInACircleAreAppliedUntilNothingChanges() throws {
        let source = header + """
        fact x: bool implied by z "x"
        fact y: bool implied by x "y"
        fact z: bool implied by y "z"
        clause 1 "a" (第一条) {
          when x and y and z "全部"
          amount 1万
        }
        """
        let program = try #require(Zhengce.load([SourceFile(path: "t.policy", text: source)]).program)
        #expect(Implications(program.facts).circular)
        let reading = BoundLineReaderTests()
        for given in ["x", "y", "z"] {
            let line = #"{"facts": {"\#(given)": true}}"#
            #expect(try evaluate(#"{"\#(given)": true}"#, asOf: "2025-06-30", program: program).granted("t:1") == "1.00", "\(given)")
            let expected = try #require(reading.slow(line, program))
            let fast = try #require(try reading.fast(line, program))
            #expect(reading.same(fast, expected), "\(line)")
        }
    }
}
