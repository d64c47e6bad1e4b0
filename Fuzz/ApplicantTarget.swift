import Foundation

// Fuzz target `applicant`: applicant text through the JSON reader and the applicant reader against
// the facts the shipped policies declare, then an evaluation and both reports when the input is
// accepted; the same text is also linted as an examples file. Properties: nothing traps; every
// rejection is located inside the input; `batch`'s fast line reader binds what the general path
// binds, or declines; an evaluation without a trace (conditions decided without building values)
// decides what the explained evaluation decides.
//
// The policies are read once from the folder in ZHENGCE_FUZZ_POLICIES (default `policies`).

let fuzzProgram: Program = {
    let folder = ProcessInfo.processInfo.environment["ZHENGCE_FUZZ_POLICIES"] ?? "policies"
    guard let loaded = try? Zhengce.load(paths: [folder]), let program = loaded.program else {
        fatalError("cannot load the policies in `\(folder)`; run from the repository root or set ZHENGCE_FUZZ_POLICIES")
    }
    return program
}()

let fuzzDay = Day(iso: "2025-06-30") ?? Day(ordinal: 0)
let fuzzLineReader = BoundLineReader(program: fuzzProgram)

/// The scratch of a reader that reads every input over the facts of the input it read before, as
/// `batch` reads a line over the line before (the fuzzer calls the target on one thread).
nonisolated(unsafe) var fuzzRecyclingScratch = fuzzLineReader?.scratch() ?? .empty

/// `batch`'s fast JSON Lines reader either declines a line or binds exactly what the general path
/// (`JSONLinesInput` and `Program.bind`) binds, whether it reads the line afresh or over the facts
/// of the line before.
func checkFastLineReader(_ data: UnsafePointer<UInt8>, _ size: Int) {
    guard let reader = fuzzLineReader else { return }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))[...]
    var scratch = reader.scratch()
    let fresh = reader.read(bytes, &scratch)
    var recycling = BoundLineReader.Scratch.empty
    swap(&recycling, &fuzzRecyclingScratch)
    defer { swap(&recycling, &fuzzRecyclingScratch) }
    let over = reader.read(bytes, &recycling)
    guard (fresh == nil) == (over == nil) else { violation("fast line reader: declines a line over the line before and not afresh, or the reverse") }
    guard let fast = fresh, let over else { return }
    guard over.name == fast.name, over.asOf == fast.asOf, over.facts == fast.facts, over.prior == fast.prior else {
        violation("fast line reader: binds a line read over the line before differently from the line read afresh")
    }
    reader.recycle(over.facts, &recycling)
    let program = fuzzProgram
    guard case .applicant(let applicant) = JSONLinesInput.decode(bytes, line: 1, facts: program.facts, clauses: Set(program.clauses.keys)) else {
        violation("fast line reader: reads a line the general path rejects")
    }
    let general = program.bind(applicant)
    guard fast.name == general.name, fast.asOf == general.asOf, fast.facts == general.facts, fast.prior == general.prior,
          fast.warnings == general.warnings else {
        violation("fast line reader: binds the line differently from the general path")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzApplicant(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    checkFastLineReader(data, size)
    guard let input = text(data, size) else { return 0 }
    let program = fuzzProgram
    let source = SourceFile(path: "fuzz.json", text: input)

    let root: JSONNode
    do {
        root = try JSONReader.parse(source)
    } catch {
        requireLocated([error.diagnostic], in: source, stage: "json")
        return 0
    }
    requireLocated(ExampleLint.check(source, program: program), in: source, stage: "examples lint")
    let applicant: Applicant
    do {
        applicant = try ApplicantReader.read(root, program: program)
    } catch {
        if error.diagnostics.isEmpty { violation("applicant: rejected without a diagnostic") }
        requireLocated(error.diagnostics, in: source, stage: "applicant")
        return 0
    }
    requireLocated(applicant.notices, in: source, stage: "applicant warnings")
    let evaluation = Zhengce.evaluate(program, applicant, asOf: fuzzDay)
    if Zhengce.evaluate(program, program.bind(applicant), asOf: fuzzDay, explain: false).decisions != evaluation.decisions {
        violation("evaluation: without a trace it decides differently from the explained evaluation")
    }
    _ = EvaluationReport.text(evaluation, program: program, verbose: true)
    _ = EvaluationReport.html(evaluation, program: program, verbose: true, language: .english)
    _ = EvaluationReport.json(evaluation, program: program)
    return 0
}
