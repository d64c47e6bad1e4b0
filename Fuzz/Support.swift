import Foundation

// Shared checks for the fuzz targets. This folder is not a package target: `Fuzz/run` compiles
// these files together with every file of Sources/ZhengceKit into one module, so the harness
// sees the library's internal API.

/// Stops the run with a message libFuzzer records next to the crashing input.
func violation(_ message: String) -> Never {
    fatalError("property violated: \(message)")
}

/// The input as text, or nil when it is not UTF-8 (the command-line reader rejects such files
/// before any of the library runs).
func text(_ data: UnsafePointer<UInt8>, _ size: Int) -> String? {
    String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
}

/// Every diagnostic about `source` must point inside it: a span within the text and a line and
/// column that exist.
func requireLocated(_ diagnostics: [Diagnostic], in source: SourceFile, stage: String) {
    for diagnostic in diagnostics {
        let span = diagnostic.span
        guard let file = span.file else { violation("\(stage): \(diagnostic.code) `\(diagnostic.message)` has no place") }
        guard file === source else { continue }  // about another file (a policy, for an applicant)
        // A span may reach one past the end: a caret after the last character (an empty file).
        guard span.start >= 0, span.start <= span.end, span.start <= source.scalars.count, span.end <= source.scalars.count + 1 else {
            violation("\(stage): \(diagnostic.code) span \(span.start)..<\(span.end) outside a text of \(source.scalars.count) scalars")
        }
        let (line, column) = source.position(of: span.start)
        let lineLength = source.line(line).unicodeScalars.count
        guard line >= 1, column >= 1, column <= lineLength + 2 else {
            violation("\(stage): \(diagnostic.code) at \(line):\(column), the line has \(lineLength) scalars")
        }
    }
}

/// The ways of evaluating agree on a policy that checks clean: applicants generated from it
/// (`Population`, seeded) are decided the same without a trace, with one, by the evaluator a
/// population run reuses from one applicant to the next, and when read as `batch` reads them,
/// keeping only the facts an evaluation may read.
func checkEvaluationPaths(_ program: Program, _ trees: [PolicyFile]) {
    var population = Population(program: program, trees: trees, seed: 1)
    var reused = PopulationEvaluator(program: program)
    var keeping = PopulationEvaluator(program: program)
    let reader = BoundLineReader(program: program)
    var scratch = reader?.scratch() ?? .empty
    for _ in 0..<3 {
        let line = Array(population.nextLine().utf8)
        guard let applicant = Batch.boundApplicants(jsonLines: line, program: program).first else { continue }
        let day = applicant.asOf ?? Day(iso: "2025-06-30") ?? Day(ordinal: 0)
        let plain = Zhengce.evaluate(program, applicant, asOf: day, explain: false).decisions
        if Zhengce.evaluate(program, applicant, asOf: day, explain: true).decisions != plain {
            violation("evaluation: with a trace it decides differently from without")
        }
        // A population run does not assess the eligibility of documents not in force.
        let decided = Zhengce.evaluate(program, applicant, asOf: day, explain: false).populationDecisions
        if reused.evaluate(applicant, asOf: day).populationDecisions != decided {
            violation("evaluation: the reused evaluator of a population run decides differently")
        }
        // Read as `batch` reads it, leaving out the facts of documents closed on the day and of
        // documents the line's facts find the applicant not eligible for: decided the same.
        if let reader, let read = reader.read(line[...], &scratch, keeping: .open(runDay: nil)) {
            if keeping.evaluate(read, asOf: day).populationDecisions != decided {
                violation("evaluation: an applicant read keeping only the facts an evaluation may read is decided differently")
            }
        }
    }
}

/// The shipped policies, for the targets that read applicants: read once from the folder in
/// ZHENGCE_FUZZ_POLICIES (default `policies`).
let fuzzProgram: Program = {
    let folder = ProcessInfo.processInfo.environment["ZHENGCE_FUZZ_POLICIES"] ?? "policies"
    guard let loaded = try? Zhengce.load(paths: [folder]), let program = loaded.program else {
        fatalError("cannot load the policies in `\(folder)`; run from the repository root or set ZHENGCE_FUZZ_POLICIES")
    }
    return program
}()

/// The run's day where a target evaluates, or reads as `batch --as-of` does.
let fuzzDay = Day(iso: "2025-06-30") ?? Day(ordinal: 0)

/// An applicant read keeping only the facts of the documents open on its day (`read`) against the
/// same input read whole: each fact's slots hold what the whole reading gives them when one of its
/// documents is open on the day (or an implication joins it), else their absent values; and a fact
/// that waits for the eligibility verdicts (`BoundLineReader.defers`) is kept only when an open
/// document the whole reading does not find the applicant ineligible for reads it.
func checkKeptFacts(_ reader: BoundLineReader, _ read: BoundApplicant, _ whole: BoundApplicant, _ path: String) {
    let open = read.unreadClosedOn.map { reader.openDocuments(on: $0) } ?? ~0
    let ineligible = whole.facts.withUnsafeBufferPointer { reader.ineligibleDocuments($0, open: open) }
    for (index, fact) in reader.facts.enumerated() {
        var kept = reader.factDocuments[index] & open != 0
        if reader.defers(index, open: open) && !reader.keepsWaiting(index, open: open, ineligible: ineligible) { kept = false }
        for slot in fact.slots where read.facts[slot] != (kept ? whole.facts[slot] : reader.absent[slot]) {
            violation("\(path): `\(fact.name)` is \(kept ? "kept" : "left unread") on the day, and its slot holds something else")
        }
    }
}
