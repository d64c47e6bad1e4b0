import Testing
@testable import ZhengceKit

/// Names resolve lexically, once, in the checker; the evaluator follows what the checker resolved.
@Suite struct ScopeTests {
    func load(_ texts: [(String, String)]) throws -> Program {
        let loaded = Zhengce.load(texts.map { SourceFile(path: $0.0, text: $0.1) })
        guard let program = loaded.program else {
            throw CheckFailure(messages: loaded.diagnostics.map(DiagnosticRenderer.text))
        }
        return program
    }

    struct CheckFailure: Error { var messages: [String] }

    func run(_ program: Program, _ facts: String = "{}") throws -> Evaluation {
        let file = SourceFile(path: "<facts>", text: "{\"facts\": \(facts)}")
        return Zhengce.evaluate(program, try ApplicantReader.read(file, program: program), asOf: Day(iso: "2025-06-30")!)
    }

    @Test func aDocumentDefinitionSeesTheDocumentNotTheCallingClause() throws {
        // d is y + 1万 with the document's y (1万), whatever the clause calls its own lets.
        let program = try load([("t.policy", header + """
        let y = 1万
        let d = y + 1万
        clause 1 "a" (第一条) {
          let y = 100万
          amount d
        }
        clause 2 "b" (第二条) {
          let y = 100万
          amount y + d
        }
        """)])
        let result = try run(program)
        #expect(result.granted("t:1") == "2.00")
        #expect(result.granted("t:2") == "102.00")
    }

    @Test func aFactOfAnotherDocumentDoesNotHideADefinition() throws {
        let other = """
        policy o {
          valid from 2025-01-01 until 2028-12-31
        }
        fact z: money in 万元 "z"
        clause 1 "o" (第一条) {
          amount z
        }
        """
        let program = try load([("t.policy", header + """
        let z = 5万
        clause 1 "a" (第一条) {
          amount z
        }
        """), ("o.policy", other)])
        let result = try run(program, #"{"z": "100"}"#)
        #expect(result.granted("t:1") == "5.00")
        #expect(result.granted("o:1") == "100.00")
    }

    @Test func eachDocumentReadsItsOwnDefaultForASharedFact() throws {
        let other = """
        policy o {
          valid from 2025-01-01 until 2028-12-31
        }
        fact n: count = 3 "n"
        clause 1 "o" (第一条) {
          amount n * 1万
        }
        """
        let program = try load([("t.policy", header + """
        fact n: count = 2 "n"
        clause 1 "a" (第一条) {
          amount n * 1万
        }
        """), ("o.policy", other)])
        let absent = try run(program)
        #expect(absent.granted("t:1") == "2.00")
        #expect(absent.granted("o:1") == "3.00")
        let given = try run(program, #"{"n": 5}"#)
        #expect(given.granted("t:1") == "5.00")
        #expect(given.granted("o:1") == "5.00")
    }

    @Test func aClauseLetSeesOnlyTheLetsWrittenBeforeIt() throws {
        // `a` reads the document's `b`: the clause's `b` comes after it.
        let program = try load([("t.policy", header + """
        let b = 1万
        clause 1 "a" (第一条) {
          let a = b + 1万
          let b = 10万
          amount a + b
        }
        """)])
        #expect(try run(program).granted("t:1") == "12.00")
        let later = diagnose(header + """
        clause 1 "a" (第一条) {
          let a = c
          let c = 1万
          amount a
        }
        """)
        #expect(later.contains { $0.code == .unknownFact && $0.message.contains("`c`") })
    }

    @Test func anAggregateVariableIsInnermost() throws {
        let program = try load([("t.policy", header + """
        fact items: list of record { x: money in 万元 "x" } "items"
        let x = 100万
        clause 1 "a" (第一条) {
          amount sum(x in items: x.x) + x
        }
        """)])
        #expect(try run(program, #"{"items": [{"x": "1"}, {"x": "2"}]}"#).granted("t:1") == "103.00")
    }

    @Test func builtInNamesCannotBeRedeclared() {
        for declaration in ["let as_of = 1万", "fact prior_received: money in 万元 \"p\"",
                            "clause 9 \"z\" (第九条) {\n  let as_of = 1万\n  amount 1万\n}"] {
            let diagnostics = diagnose(header + declaration + "\nclause 1 \"a\" (第一条) {\n  amount 1万\n}\n")
            #expect(diagnostics.contains { $0.code == .duplicateName && $0.message.contains("built-in name") && $0.line > 5 }, "\(declaration)")
        }
    }

    @Test func definitionsAreComputedOncePerApplicant() throws {
        // Each definition doubles the one before, reading it twice: 2^60 readings if re-evaluated.
        var text = header + "let a0 = 1元\n"
        for index in 1...60 { text += "let a\(index) = a\(index - 1) + a\(index - 1)\n" }
        text += "clause 1 \"a\" (第一条) {\n  amount a60 - a60 + 1万\n}\n"
        let program = try load([("t.policy", text)])
        #expect(try run(program).granted("t:1") == "1.00")
    }

    @Test func aLongChainOfDefinitionsChecksAndEvaluates() throws {
        var text = header + "fact x: money in 万元 \"x\"\nlet a0 = x\n"
        for index in 1...5_000 { text += "let a\(index) = a\(index - 1) + 1元\n" }
        text += "clause 1 \"a\" (第一条) {\n  amount a5000\n}\n"
        let program = try load([("t.policy", text)])
        let result = try run(program, #"{"x": "1"}"#)
        #expect(result.granted("t:1") == "1.50")
        #expect(try run(program).status("t:1") == .undetermined)
        #expect(try Formatter.format(SourceFile(path: "t.policy", text: text)) == text)
    }

    @Test func aLongChainOfClauseLetsEvaluates() throws {
        var text = header + "fact x: money in 万元 \"x\"\nclause 1 \"a\" (第一条) {\n  let a0 = x\n"
        for index in 1...2_000 { text += "  let a\(index) = a\(index - 1) + 1元\n" }
        text += "  when a2000 > 0万\n  amount 1万\n}\n"
        let program = try load([("t.policy", text)])
        let result = try run(program, #"{"x": "1"}"#)
        #expect(result.granted("t:1") == "1.00")
    }

    @Test func aLongFlatChainIsALocatedErrorNotACrash() throws {
        let terms = Array(repeating: "x", count: 5_000).joined(separator: " + ")
        let text = header + "fact x: money in 万元 \"x\"\nlet s = \(terms)\nclause 1 \"a\" (第一条) {\n  amount s\n}\n"
        let diagnostics = diagnose(text)
        #expect(diagnostics.contains { $0.code == .nestingTooDeep && $0.line == 7 })
        #expect(throws: Formatter.FormatError.self) { try Formatter.format(SourceFile(path: "t.policy", text: text)) }
        // A chain within the limit works all the way through.
        let short = Array(repeating: "x", count: 200).joined(separator: " + ")
        let program = try load([("t.policy", header + "fact x: money in 万元 \"x\"\nclause 1 \"a\" (第一条) {\n  amount \(short)\n}\n")])
        #expect(try run(program, #"{"x": "1"}"#).granted("t:1") == "200.00")
    }

    @Test func anAmountTooLargeToComputeIsAFailureNotANumber() throws {
        let program = try load([("t.policy", header + """
        fact x: money in 万元 "x"
        clause 1 "a" (第一条) {
          amount x * 1000
        }
        clause 2 "b" (第二条) {
          amount x * 1000
        }
        """)])
        let huge = "9" + String(repeating: "0", count: 33)
        let result = try run(program, "{\"x\": \"\(huge)\"}")
        #expect(result.status("t:1") == .undetermined)
        #expect(result.failures.count == 2)
        #expect(result.failures.allSatisfy { $0.contains("arithmetic overflow") && $0.contains("x = ") })
        #expect(result.total == .zero)
        let fine = try run(program, #"{"x": "1"}"#)
        #expect(fine.failures.isEmpty)
        #expect(fine.granted("t:2") == "1000.00")
    }

    @Test func anOverflowingAmountNamesTheClauseAndItsFacts() throws {
        let program = try load([("t.policy", header + """
        fact a: money in 万元 "a"
        clause 1 "a" (第一条) {
          amount a * 1000000000000000000000
        }
        """)])
        let result = try run(program, #"{"a": "99999999999999999999999999"}"#)
        #expect(result.status("t:1") == .undetermined)
        #expect(result.failures.count == 1)
        #expect(result.failures.first?.hasPrefix("t:1: arithmetic overflow") == true)
        #expect(result.failures.first?.contains("a = ") == true)
    }

    @Test func withoutExplanationTheOutcomesAreTheSameAndNoTraceIsKept() throws {
        let shipped = try shippedPolicies().program
        let inputs = try Zhengce.inputs([packageRoot + "/policies"])
        for path in inputs.examples {
            for example in ExampleRunner.run(try Zhengce.readSource(path), program: shipped) {
                guard let explained = example.evaluation else { continue }
                let applicant = try #require(example.applicant)
                let bound = shipped.bind(applicant)
                let quick = Zhengce.evaluate(shipped, bound, asOf: explained.asOf)
                #expect(quick.clauses.map(\.status) == explained.clauses.map(\.status))
                #expect(quick.clauses.map(\.amount) == explained.clauses.map(\.amount))
                #expect(quick.clauses.map(\.granted) == explained.clauses.map(\.granted))
                #expect(quick.clauses.map(\.missingFacts) == explained.clauses.map(\.missingFacts))
                #expect(quick.clauses.map(\.installments) == explained.clauses.map(\.installments))
                #expect(quick.clauses.map(\.excludedBy) == explained.clauses.map(\.excludedBy))
                #expect(quick.total == explained.total)
                #expect(quick.clauses.allSatisfy { $0.trace.isEmpty })
                #expect(quick.exercised.isEmpty)
            }
        }
    }

    @Test func theBuiltInTableIsWhatTheLanguageReferenceLists() throws {
        let reference = try Zhengce.readSource(packageRoot + "/docs/language.md").text
        for builtin in Builtin.table {
            #expect(reference.contains("`\(builtin.signature)`"), "docs/language.md does not list `\(builtin.signature)`")
        }
        let unknown = diagnose(header + "clause 1 \"a\" (第一条) {\n  amount maxx(1万, 2万)\n}\n")
        #expect(unknown.contains { $0.code == .unknownFunction && $0.help?.contains("`max`") == true })
    }
}

extension ScopeTests {
    @Test func aBoundApplicantIsEvaluatedOnAnyDateAndOnlyByItsProgram() throws {
        let program = try load([("t.policy", header + "fact x: money in 万元 \"x\"\nclause 1 \"a\" (第一条) {\n  amount x\n}\n")])
        let other = try load([("t.policy", header + "fact x: money in 万元 \"x\"\nfact y: bool \"y\"\nclause 1 \"a\" (第一条) {\n  when y\n  amount x\n}\n")])
        let file = SourceFile(path: "<facts>", text: #"{"facts": {"x": "3"}}"#)
        let bound = program.bind(try ApplicantReader.read(file, program: program))
        #expect(Zhengce.evaluate(program, bound, asOf: Day(iso: "2025-06-30")).granted("t:1") == "3.00")
        #expect(Zhengce.evaluate(program, bound, asOf: Day(iso: "2029-06-30")).status("t:1") == .refused)
        let mismatched = Zhengce.evaluate(other, bound, asOf: Day(iso: "2025-06-30"))
        #expect(mismatched.clauses.isEmpty)
        #expect(mismatched.failures.first?.contains("bound to another") == true)
    }
}
