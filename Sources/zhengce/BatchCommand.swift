import Foundation
import ZhengceKit

enum BatchCommand {
    static let help = """
    usage: zhengce batch [--policies PATH]... [--as-of YYYY-MM-DD] [--input jsonl|csv] [--format jsonl|csv]
                         [--jobs N] [--explain] [--summary] [INPUT]

    Evaluates a stream of applicants against the policies and writes one record per input line to
    standard output, in input order. INPUT is a file or a named pipe; `-` or nothing reads standard
    input. A stream is answered as it arrives: each 64 lines' records are written once they have come.

      --policies PATH   a .policy file or a folder of them (repeatable; default: policies/)
      --as-of DATE      evaluation date for every applicant; overrides their `as_of` (default: today)
      --input FORMAT    `jsonl`: one applicant object per line, as in `eval`'s file (default);
                        `csv`: a header row of fact paths (`sci_tech_insurance.premium`,
                        `capital_increases[0].amount`), then one applicant per row (default for *.csv)
      --format FORMAT   `jsonl`: one compact JSON record per line (default); `csv`: one row per
                        applicant, one column per document total and per clause amount
      --jobs N          evaluate on N threads, at most one per core; the output is the same
                        byte for byte whatever N (default: the number of cores)
      --explain         add each clause's trace to the JSON records, and list every clause
      --summary         print the exact aggregate to standard error at the end

    A line that cannot be read gives an error record naming the line and the field; the run goes on.
    An evaluation that runs into arithmetic it cannot do (an overflow, a division by zero) leaves its
    clause undetermined and says why in the record's `failures` (CSV: its `error` column).
    Lines end at LF, CRLF or a lone CR; a byte-order mark is taken only at the very start of INPUT.
    A progress line is shown on standard error when it is a terminal.

    exit codes: 0 every line evaluated · 1 some lines gave error records, or the policies have
    errors · 2 usage error, unreadable input, a wrong CSV header or output that cannot be written ·
    3 every line was read, and some evaluations ran into arithmetic they could not do
    """

    static func run(_ raw: [String]) throws -> ExitCode {
        let arguments = try Arguments(raw, valued: ["--policies", "--as-of", "--input", "--format", "--jobs"],
                                      flags: ["--explain", "--summary", "--help"])
        if arguments.has("--help") {
            print(help)
            return .ok
        }
        guard arguments.positionals.count <= 1 else { throw Arguments.UsageError(message: "give one input file (or `-` for standard input)") }
        let path = arguments.positionals.first ?? "-"
        var options = Batch.Options(today: Zhengce.today())
        options.asOf = try Common.asOf(arguments)
        options.output = try choice(arguments, "--format", default: .jsonl)
        options.input = try choice(arguments, "--input", default: path.lowercased().hasSuffix(".csv") ? .csv : .jsonl)
        options.explain = arguments.has("--explain")
        // The per-clause tallies are only printed with --summary.
        options.tallies = arguments.has("--summary")
        options.jobs = try arguments.wholeNumber("--jobs", in: 1...256) ?? Common.cores
        if options.explain && options.output == .csv { throw Arguments.UsageError(message: "`--explain` needs `--format jsonl`; a CSV row has no room for a trace") }
        guard let program = try Common.loadProgram(arguments.values("--policies")) else { return .wanting }
        // Each extra thread gets its own compiled copy of the policies (see `Batch.init`).
        let replicas = (1..<options.jobs).map { _ in program.replica() }
        var lines = try Zhengce.lines(path)
        let progress = isatty(STDERR_FILENO) == 1 ? Progress() : nil
        let summary: BatchSummary
        do {
            summary = try Batch(program: program, options: options, replicas: replicas).run(&lines, write: Output.write, progress: progress?.update)
        } catch let error as BatchInputError {
            progress?.clear()
            standardError("error: \(path == "-" ? "<stdin>" : path): \(error.message)")
            return .usage
        }
        progress?.clear()
        if arguments.has("--summary") { standardError(summary.text(program)) }
        // A line that could not be read weighs more than an evaluation that could not finish.
        return summary.failed > 0 ? .wanting : summary.evaluationFailed > 0 ? .failed : .ok
    }

    static func choice<T: RawRepresentable & CaseIterable>(_ arguments: Arguments, _ name: String, default fallback: T) throws -> T where T.RawValue == String {
        guard let text = arguments.value(name) else { return fallback }
        guard let value = T(rawValue: text) else {
            // `--input xml` is an unknown input format; `--format yaml` an unknown format.
            let what = name == "--format" ? "format" : "\(name.dropFirst(2)) format"
            throw Arguments.UsageError(message: "unknown \(what) `\(text)`; use one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    /// `zhengce batch: 12345 lines, 2345/s`, redrawn at most twice a second.
    final class Progress {
        let start = Date()
        var shown = Date.distantPast

        func update(_ done: Int) {
            let now = Date()
            guard now.timeIntervalSince(shown) >= 0.5 else { return }
            shown = now
            let rate = Double(done) / max(now.timeIntervalSince(start), 0.001)
            Output.error(Array("\rzhengce batch: \(done) lines, \(Int(rate))/s\u{1B}[K".utf8))
        }

        func clear() {
            Output.error(Array("\r\u{1B}[K".utf8))
        }
    }
}
