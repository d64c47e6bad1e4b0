import Dispatch
import Synchronization

/// Evaluates a stream of applicants (JSON Lines or CSV) and writes one record per input line, in
/// input order (JSON Lines or CSV). `jobs` threads each take the next chunk of lines, evaluate it
/// and hand its records back to be written in input order (`BatchPipeline`); memory is bounded by a
/// few chunks per thread whatever the length of the stream, and the output is the same byte for
/// byte whatever their number.
public struct Batch: Sendable {
    public enum InputFormat: String, Sendable, CaseIterable { case jsonl, csv }
    public enum OutputFormat: String, Sendable, CaseIterable { case jsonl, csv }

    public struct Options: Sendable {
        public var input: InputFormat = .jsonl
        public var output: OutputFormat = .jsonl
        /// Worker threads.
        public var jobs = 1
        /// Add each clause's trace to JSON Lines records (and list every clause).
        public var explain = false
        /// Overrides every applicant's `as_of`.
        public var asOf: Day?
        /// The date for applicants that give no `as_of` when `asOf` is nil.
        public var today: Day
        /// Tally every clause and document for the summary; without, the summary counts only the
        /// lines, the failed lines, the applicants granted something and the total.
        public var tallies = true
        /// Lines a worker takes at a time.
        public var chunkLines = 64
        /// Read JSON lines straight into the program's slots where the line allows it (the same
        /// result as reading them into an applicant first, only faster); off to compare the two.
        var readsLinesDirectly = true

        public init(today: Day) { self.today = today }
    }

    public let program: Program
    public let options: Options
    /// The programs the threads evaluate with: `program` and its replicas.
    let programs: [Program]
    /// The fast JSON Lines readers of `programs`, by the same index.
    let readers: [BoundLineReader?]
    let clauseColumns: [String: Int]
    /// The JSON record's document and clause keys, escaped once.
    let recordKeys: BatchRecord.Keys
    /// The clause ids `prior_received` may name, built once for all lines.
    let clauseIDs: Set<String>

    /// `replicas` are the same policies with compiled forms of their own (`Program.replica()`, or
    /// loaded again), one per extra thread. Threads that share one
    /// program contend for its reference counts, which can make two threads slower than one; a
    /// thread with its own copy does not.
    public init(program: Program, options: Options, replicas: [Program] = []) {
        self.program = program
        self.options = options
        programs = [program] + replicas
        readers = programs.map { options.readsLinesDirectly ? BoundLineReader(program: $0) : nil }
        var columns: [String: Int] = [:]
        for (index, id) in BatchRecord.clauseIDs(program).enumerated() { columns[id] = index }
        clauseColumns = columns
        recordKeys = BatchRecord.Keys(program)
        clauseIDs = Set(program.clauses.keys)
    }

    /// An applicant evaluated as batch evaluates it: bound to the program's slots, then evaluated.
    /// `explain` says whether the caller will read the trace.
    public static func evaluate(_ program: Program, _ applicant: Applicant, asOf: Day, explain: Bool) -> Evaluation {
        Zhengce.evaluate(program, program.bind(applicant), asOf: asOf, explain: explain)
    }

    /// One JSON Lines line read into an applicant, or the problems an error record would show.
    public static func applicant(jsonLine bytes: ArraySlice<UInt8>, line: Int, program: Program) -> Result<Applicant, BatchLineErrors> {
        switch JSONLinesInput.decode(bytes, line: line, facts: program.facts, clauses: Set(program.clauses.keys)) {
        case .applicant(let applicant): return .success(applicant)
        case .failed(_, let errors): return .failure(BatchLineErrors(errors: errors))
        }
    }

    /// JSON Lines read as `batch` reads them: straight into the program's slots where a line
    /// allows it, else into an applicant that is then bound. Lines with problems are left out.
    public static func boundApplicants(jsonLines bytes: [UInt8], program: Program) -> [BoundApplicant] {
        var reader = BatchFastReader(BoundLineReader(program: program), header: nil)
        var lines = ByteLines.bytes(bytes)
        var result: [BoundApplicant] = []
        while let line = try? lines.next() {
            if let bound = bound(line, number: lines.lineNumber, reader: &reader, program: program) { result.append(bound) }
        }
        return result
    }

    /// Reads JSON Lines exactly as `batch` without `--explain` or `--as-of` reads them, without
    /// evaluating: each line written over the facts of the line before, which are handed back once
    /// read, as `batch` hands them back once evaluated, and keeping only the facts of the documents
    /// open on the line's day that may admit the applicant. The number of lines read (lines with
    /// problems are not counted). What the benchmark's reading row times.
    public static func readEach(jsonLines bytes: [UInt8], program: Program) -> Int {
        var reader = BatchFastReader(BoundLineReader(program: program), header: nil, keeping: .open(runDay: nil))
        var lines = ByteLines.bytes(bytes)
        var count = 0
        while let line = try? lines.next() {
            guard var bound = bound(line, number: lines.lineNumber, reader: &reader, program: program) else { continue }
            count += 1
            reader.recycle(bound.takeFacts())
        }
        return count
    }

    /// One JSON Lines line bound to the program: by `reader`, straight into the slots, where the
    /// line allows it, else read into an applicant and bound; nil for a line with problems.
    static func bound(_ line: ArraySlice<UInt8>, number: Int, reader: inout BatchFastReader, program: Program) -> BoundApplicant? {
        if let read = reader.read(line) { return read }
        guard case .success(let applicant) = applicant(jsonLine: line, line: number, program: program) else { return nil }
        return program.bind(applicant)
    }

    /// The JSON Lines record of one evaluation, newline included.
    public static func record(_ evaluation: Evaluation, line: Int, explain: Bool) -> [UInt8] {
        var writer = ByteWriter()
        BatchRecord.jsonLine(evaluation, line: line, explain: explain, into: &writer)
        return writer.bytes
    }

    /// Reads every line, writes the records through `write` in input order, and returns the exact
    /// aggregate. `write` is lent the bytes where they are, for the call only (copy what must
    /// outlive it). `progress` is told the number of lines written after each chunk. Throws when
    /// the input cannot be read or a CSV header is wrong; a bad line only makes an error record.
    public func run(_ lines: inout ByteLines, write: (UnsafeRawBufferPointer) throws -> Void, progress: ((Int) -> Void)? = nil) throws -> BatchSummary {
        var summary = BatchSummary()
        var header: CSVHeader?
        if options.input == .csv {
            guard let first = try Self.nextRecord(&lines, csv: true) else {
                if options.output == .csv { try BatchRecord.csvHeader(program).withUnsafeBytes(write) }
                return summary
            }
            switch CSVRecords.fields(first.bytes[...]) {
            case .success(let names): header = try CSVHeader(names, facts: program.facts, clauses: clauseIDs)
            case .failure(let error): throw BatchInputError(message: "CSV header: \(error.message)")
            }
        }
        if options.output == .csv { try BatchRecord.csvHeader(program).withUnsafeBytes(write) }
        let jobs = max(1, options.jobs)
        let tallies = try withUnsafeMutablePointer(to: &lines) { lines in
            try withoutActuallyEscaping(write) { write in
                let pipeline = BatchPipeline(lines: lines, csv: options.input == .csv, chunkLines: max(1, options.chunkLines),
                                             window: 4 * jobs, write: write, progress: progress)
                let tallies = Self.parallel(jobs, jobs: jobs) { worker, _ in work(pipeline, worker: worker, header: header) }
                if let error = pipeline.error { throw error }
                return tallies
            }
        }
        for tally in tallies { summary.merge(tally.summary) }
        return summary
    }

    /// One worker's share of a run: chunks taken from the pipeline until the input ends, each
    /// evaluated and handed back; the tally of what it evaluated.
    func work(_ pipeline: BatchPipeline, worker: Int, header: CSVHeader?) -> SummaryTally {
        let program = programs[worker % programs.count]
        // Facts that only documents closed on the applicant's day declare are not kept: nothing a
        // record or the summary shows depends on them (an explained record shows every step).
        var reader = BatchFastReader(readers[worker % readers.count], header: header, keeping: options.explain ? .all : .open(runDay: options.asOf))
        var tally = SummaryTally(tallies: options.tallies)
        var evaluator = PopulationEvaluator(program: program, explain: options.explain)
        var chunk = BatchChunk()
        // The records of a chunk go to the pipeline, so each chunk starts a new buffer, as large
        // as the largest so far, so that it does not grow by copying.
        var capacity = 0
        while pipeline.take(&chunk) {
            var writer = ByteWriter(capacity: capacity)
            process(chunk, header: header, program: program, reader: &reader, evaluator: &evaluator, summary: &tally, into: &writer)
            capacity = max(capacity, writer.count)
            pipeline.deliver(writer.finish(), records: chunk.records.count, sequence: chunk.sequence)
        }
        return tally
    }

    struct Item: Sendable {
        var line: Int
        var bytes: ArraySlice<UInt8>
    }

    /// The next record: a line, or for CSV the lines up to the end of a quoted field that spans
    /// line breaks. Its number is that of its first line.
    static func nextRecord(_ lines: inout ByteLines, csv: Bool) throws -> Item? {
        var bytes: [UInt8] = []
        guard let line = try appendRecord(&lines, csv: csv, to: &bytes) else { return nil }
        return Item(line: line, bytes: bytes[...])
    }

    /// Appends the next record's bytes (CSV records that span lines joined by `\n`, or by the CR
    /// that ended a line alone) and returns the number of its first line; nil at the end of the
    /// input.
    static func appendRecord(_ lines: inout ByteLines, csv: Bool, to bytes: inout [UInt8]) throws -> Int? {
        guard let first = try lines.next() else { return nil }
        let line = lines.lineNumber
        bytes.append(contentsOf: first)
        guard csv else { return line }
        var open = CSVRecords.opensQuote(first, alreadyOpen: false)
        while open, let more = try lines.next() {
            // The line break is data in the quoted field: a lone CR stays what it was.
            bytes.append(lines.previousEndedAtReturn ? UInt8(ascii: "\r") : UInt8(ascii: "\n"))
            bytes.append(contentsOf: more)
            open = CSVRecords.opensQuote(more, alreadyOpen: true)
        }
        return line
    }

    /// Evaluates a chunk's records into `writer` and `summary`, in order.
    func process(_ chunk: BatchChunk, header: CSVHeader?, program: Program, reader: inout BatchFastReader,
                 evaluator: inout PopulationEvaluator, summary: inout SummaryTally, into writer: inout ByteWriter) {
        for record in chunk.records {
            let item = Item(line: record.line, bytes: chunk.bytes[record.range])
            var bound: BoundApplicant
            if let read = reader.read(item.bytes) {
                bound = read
            } else {
                switch decode(item, header: header, program: program) {
                case .applicant(let applicant): bound = program.bind(applicant)
                case .failed(let name, let errors):
                    summary.addFailure()
                    if options.output == .csv {
                        BatchRecord.csvError(line: item.line, name: name, errors: errors, program: program, into: &writer)
                    } else {
                        BatchRecord.jsonError(line: item.line, name: name, errors: errors, into: &writer)
                    }
                    continue
                }
            }
            let asOf = options.asOf ?? bound.asOf ?? options.today
            let evaluation = evaluator.evaluate(bound, asOf: asOf, justRead: true)
            summary.add(evaluation)
            if options.output == .csv {
                BatchRecord.csvRow(evaluation, line: item.line, columns: clauseColumns, program: program, into: &writer)
            } else {
                BatchRecord.jsonLine(evaluation, line: item.line, explain: options.explain, keys: recordKeys, into: &writer)
            }
            // The next line is read over this one's facts.
            evaluator.letGoOfFacts()
            reader.recycle(bound.takeFacts())
        }
    }

    /// One input record read as `eval` reads an applicant file, or the messages of its error record.
    func decode(_ item: Item, header: CSVHeader?, program: Program) -> BatchDecoded {
        guard let header else { return JSONLinesInput.decode(item.bytes, line: item.line, facts: program.facts, clauses: clauseIDs) }
        if let stray = CSVRecords.strayByteOrderMark(item.bytes) { return .failed(name: nil, [stray]) }
        switch CSVRecords.fields(item.bytes) {
        case .success(let cells):
            return cells == [""] ? .failed(name: nil, [BatchLineError(message: "empty line; expected a row of \(header.names.count) fields")])
                : header.decode(cells, facts: program.facts, clauses: clauseIDs)
        case .failure(let error): return .failed(name: nil, [error])
        }
    }

    /// Runs `work(worker, index)` for `0..<count` on `jobs` threads (workers), each taking the
    /// next index when free; results are returned by index, so their order does not depend on the
    /// threads.
    static func parallel<T: Sendable>(_ count: Int, jobs: Int, _ work: (Int, Int) -> T) -> [T] {
        if jobs == 1 || count == 1 { return (0..<count).map { work(0, $0) } }
        let slots = Slots<T>(count)
        let next = Atomic<Int>(0)
        withoutActuallyEscaping(work) { work in
            let shared = UncheckedSendable(work)
            DispatchQueue.concurrentPerform(iterations: min(jobs, count)) { worker in
                while true {
                    let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard index < count else { return }
                    slots.store(shared.value(worker, index), at: index)
                }
            }
        }
        return slots.values()
    }
}

/// Result slots written by several threads.
/// INVARIANT: each slot is written by exactly one thread, and read only after all have finished.
private final class Slots<T>: @unchecked Sendable {
    private let items: UnsafeMutableBufferPointer<T?>

    init(_ count: Int) {
        items = .allocate(capacity: count)
        items.initialize(repeating: nil)
    }

    deinit {
        items.deinitialize()
        items.deallocate()
    }

    func store(_ value: T, at index: Int) { items[index] = value }

    func values() -> [T] { items.compactMap { $0 } }
}

/// The work closure only reads shared state (the programs, the pipeline, which locks its own).
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
