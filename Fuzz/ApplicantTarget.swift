import Foundation

// Fuzz target `applicant`: applicant text through the JSON reader and the applicant reader against
// the facts the shipped policies declare, then an evaluation and both reports when the input is
// accepted; the same text is also linted as an examples file. Properties: nothing traps; every
// rejection is located inside the input; `batch`'s fast line reader binds what the general path
// binds, or declines, and keeping only the facts of the documents open on the day declines the
// same lines and keeps those facts as they are read whole; an evaluation without a trace
// (conditions decided without building values) decides what the explained evaluation decides.
//
// The policies are read once (`fuzzProgram`, in Support.swift).

let fuzzLineReader = BoundLineReader(program: fuzzProgram)

/// The scratch of a reader that reads every input over the facts of the input it read before, as
/// `batch` reads a line over the line before (the fuzzer calls the target on one thread).
nonisolated(unsafe) var fuzzRecyclingScratch = fuzzLineReader?.scratch() ?? .empty
/// The same, for the reader that keeps only the facts of the documents open on the line's day.
nonisolated(unsafe) var fuzzKeepingScratch = fuzzLineReader?.scratch() ?? .empty

/// `batch`'s fast JSON Lines reader either declines a line or binds exactly what the general path
/// (`JSONLinesInput` and `Program.bind`) binds, whether it reads the line afresh or over the facts
/// of the line before.
func checkFastLineReader(_ data: UnsafePointer<UInt8>, _ size: Int) {
    guard let reader = fuzzLineReader else { return }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))[...]
    var scratch = reader.scratch()
    let fresh = reader.read(bytes, &scratch)
    checkClosedDocumentFacts(reader, bytes, fresh)
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

/// Read keeping only the facts of the documents open on the day (as `batch` reads), by the line's
/// own day and by a day of the run's, a line is declined exactly when it is declined read whole;
/// otherwise each fact is kept as read whole, or, when only closed documents declare it, its
/// slots hold their absent values. Read over the facts of the line before, it is read the same.
func checkClosedDocumentFacts(_ reader: BoundLineReader, _ bytes: ArraySlice<UInt8>, _ whole: BoundApplicant?) {
    for runDay in [nil, fuzzDay] {
        var scratch = reader.scratch()
        let read = reader.read(bytes, &scratch, keeping: .open(runDay: runDay))
        guard (read == nil) == (whole == nil) else { violation("fast line reader: keeping the open documents' facts declines a line read whole, or the reverse") }
        if runDay == nil {
            var recycling = BoundLineReader.Scratch.empty
            swap(&recycling, &fuzzKeepingScratch)
            defer { swap(&recycling, &fuzzKeepingScratch) }
            let over = reader.read(bytes, &recycling, keeping: .open(runDay: nil))
            guard over?.facts == read?.facts, over?.unreadClosedOn == read?.unreadClosedOn else {
                violation("fast line reader: keeping the open documents' facts, reads a line over the line before differently from afresh")
            }
            if let over { reader.recycle(over.facts, &recycling) }
        }
        guard let read, let whole else { continue }
        guard read.name == whole.name, read.asOf == whole.asOf, read.prior == whole.prior else {
            violation("fast line reader: keeping the open documents' facts binds the name, day or amounts received differently")
        }
        checkKeptFacts(reader, read, whole, "fast line reader")
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
