import Foundation
import Synchronization
@testable import ZhengceKit

/// The package root, found from this file's path, so tests find the fixtures and the shipped policies.
let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

func decimal(_ text: String) -> ExactDecimal { ExactDecimal(parsing: text)! }

/// Parses and checks one policy text; returns the diagnostics.
func diagnose(_ text: String, path: String = "test.policy", others: [(String, String)] = []) -> [Diagnostic] {
    let sources = [SourceFile(path: path, text: text)] + others.map { SourceFile(path: $0.0, text: $0.1) }
    return Zhengce.load(sources).diagnostics
}

/// A minimal document header for fixtures.
let header = """
policy t {
  title "测试"
  valid from 2025-01-01 until 2028-12-31
  money in 万元 rounded to 0.01 half-up
}

"""

/// The shipped policies, loaded once. Tests use them only through their own examples and as
/// realistic input for properties that compare two paths (batch and eval, the fast and the slow line
/// reader, with and without a trace, installed and in the repository), never for an amount, a
/// status, a count or a text a revision may change; the engine's amounts are tested on
/// `fixturePolicies`.
private let shippedLoad = Result { try Zhengce.load(paths: [packageRoot + "/policies"]) }

/// The shipped policies do not check clean: the message carries their diagnostics.
struct ShippedPoliciesDoNotCheck: Error, CustomStringConvertible {
    var description: String
}

/// The shipped program and its syntax trees. A revision that does not check clean fails each test
/// that reads them, naming its diagnostics (as CI's `check` does); the other tests run.
func shippedPolicies() throws -> (program: Program, trees: [PolicyFile]) {
    let loaded = try shippedLoad.get()
    guard let program = loaded.program else {
        throw ShippedPoliciesDoNotCheck(description: "the shipped policies must check clean: \(loaded.diagnostics.map { DiagnosticRenderer.text($0) })")
    }
    return (program, loaded.trees)
}

/// A test's own policy text, which must check clean (the run stops with its diagnostics otherwise).
func checkedProgram(_ text: String, path: String = "t.policy") -> Program {
    checkedProgram([SourceFile(path: path, text: text)])
}

/// A test's own policy files, which must check clean together.
func checkedProgram(_ sources: [SourceFile]) -> Program {
    let loaded = Zhengce.load(sources)
    precondition(loaded.program != nil, "the fixture must check clean: \(loaded.diagnostics.map { DiagnosticRenderer.text($0) })")
    return loaded.program!
}

/// The fixture document of the unit tests (`Fixtures/policies/fx.policy`): amounts frozen there, so
/// that a revision of a shipped policy never changes what a test expects.
let fixturePolicies = packageRoot + "/Tests/ZhengceKitTests/Fixtures/policies"
let fixture: Program = {
    let loaded = try! Zhengce.load(paths: [fixturePolicies])
    precondition(loaded.program != nil, "the fixture policy must check clean: \(loaded.diagnostics.map { DiagnosticRenderer.text($0) })")
    return loaded.program!
}()

/// Evaluates facts (a JSON object text) against a program on a date.
func evaluate(_ factsJSON: String, asOf: String, program: Program = fixture) throws -> Evaluation {
    let file = SourceFile(path: "<test>", text: "{\"facts\": \(factsJSON)}")
    let applicant = try ApplicantReader.read(file, program: program)
    return Zhengce.evaluate(program, applicant, asOf: Day(iso: asOf)!)
}

extension Evaluation {
    /// The amount granted to a clause, in 万元 with two decimals.
    func granted(_ id: String) -> String? { clause(id).map { EvaluationReport.wan($0.granted) } }
    func amount(_ id: String) -> String? { clause(id).flatMap { $0.amount.map(EvaluationReport.wan) } }
    func status(_ id: String) -> ClauseOutcome.Status? { clause(id)?.status }
}

/// A JSON Lines line that the slow path does not read into an applicant.
struct LineNotRead: Error {
    var line: String
}

/// `line` as the slow path binds it to `program`, with the slots of the `unread` facts holding
/// their absent values: what the fast readers keep of it when they leave those facts out.
func slowBinding(_ line: String, program: Program, unread: [String]) throws -> BoundApplicant {
    let decoded = JSONLinesInput.decode(Array(line.utf8)[...], line: 1, facts: program.facts, clauses: Set(program.clauses.keys))
    guard case .applicant(let applicant) = decoded else { throw LineNotRead(line: line) }
    var bound = program.bind(applicant)
    guard let compiled = program.compiled else { throw LineNotRead(line: line) }
    for name in unread {
        guard let slots = compiled.slotsByName[name] else { throw LineNotRead(line: "no fact `\(name)` to leave unread in \(line)") }
        for slot in slots { bound.facts[slot] = compiled.facts[slot].absent }
    }
    return bound
}

/// `batch` over `input` with `options`, its lines read by the fast readers (`fast`) or by the slow
/// path alone: the bytes written and the summary.
func runBatch(_ input: [UInt8], program: Program, options: Batch.Options, fast: Bool) throws -> ([UInt8], BatchSummary) {
    var options = options
    options.readsLinesDirectly = fast
    var lines = ByteLines.bytes(input)
    var out: [UInt8] = []
    let summary = try Batch(program: program, options: options).run(&lines, write: { out += $0 })
    return (out, summary)
}

/// Writes `data` to a child process's standard input. A child that exits before reading it all
/// (bad usage, a closed pipe) leaves the pipe without a reader; the write then fails with EPIPE
/// instead of ending the whole test process by SIGPIPE, and the test judges the child by its exit
/// status and output as usual.
func feed(_ data: Data, to input: FileHandle) {
    _ = ignoringBrokenPipes
    try? input.write(contentsOf: data)
}

/// SIGPIPE ignored once for the test process, which writes to its children's pipes.
private let ignoringBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

/// Feeds a started child its input and reads its standard error on other threads while this one
/// reads its standard output (when `output` is given), all to the end; so a child that fills one
/// pipe while the test waits on another cannot leave both waiting. The two are threads of their
/// own, not a shared pool's, which tests running at once could fill with blocked reads.
func exchange(_ input: Data?, to standardInput: FileHandle, output: FileHandle?, errors: FileHandle) -> (out: Data, err: Data) {
    let done = DispatchGroup()
    done.enter()
    Thread.detachNewThread {
        if let input { feed(input, to: standardInput) }
        try? standardInput.close()
        done.leave()
    }
    let errorData = Mutex(Data())
    done.enter()
    Thread.detachNewThread {
        let data = errors.readDataToEndOfFile()
        errorData.withLock { $0 = data }
        done.leave()
    }
    let outData = output?.readDataToEndOfFile() ?? Data()
    done.wait()
    return (outData, errorData.withLock { $0 })
}
