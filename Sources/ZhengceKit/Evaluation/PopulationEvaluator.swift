/// Evaluates applicants of one program one after another, keeping its working memory (outcomes,
/// definition values, buffers) from one applicant to the next instead of building it for each:
/// what a population run uses, one per thread. Without `explain` the documents' reasons are not
/// written as text (statuses, amounts and missing facts are); otherwise the result is that of
/// `Zhengce.evaluate` on the same bound applicant.
///
/// The evaluation returned shares storage with the evaluator: let it go before the next call and
/// nothing is copied; keep it and the next call copies what it changes.
public struct PopulationEvaluator {
    private let program: Program
    /// Made once, over the program's compiled form (an empty one when the policies have errors,
    /// which no bound applicant fits), and reset for each applicant: it is run in place, with no
    /// optional to unwrap and no evaluation copied on the way out.
    private var evaluator: Evaluator
    /// Whether the policies compiled (an applicant bound without a compiled program has no slots,
    /// and would fit the empty one).
    private let compiles: Bool
    public let explain: Bool
    /// What `bringIntoCache` read, kept so that its reads are not optimised away.
    private var cacheReads: UInt8 = 0

    public init(program: Program, explain: Bool = false) {
        self.program = program
        self.explain = explain
        compiles = program.compiled != nil
        evaluator = Evaluator(program: program.compiled ?? CompiledProgram(), explain: false, reasons: false)
    }

    public mutating func evaluate(_ applicant: borrowing BoundApplicant, asOf: Day) -> Evaluation {
        evaluate(applicant, asOf: asOf, justRead: false)
    }

    /// Evaluates a population held in memory, in order, handing each applicant's index and
    /// evaluation to `each`, which borrows it: the evaluation is the evaluator's own, written over
    /// by the next applicant's (copy it to keep it). `asOf` gives the day of each applicant from
    /// the day it gives, if any. While one applicant is evaluated, the facts of the next are
    /// prefetched (`Prefetch`), so that a population larger than the cache does not wait on
    /// memory for each applicant's facts as evaluating them one call at a time does. The
    /// applicants are read where they are, never copied.
    public mutating func evaluate(_ applicants: [BoundApplicant], asOf: (Day?) -> Day,
                                  _ each: (Int, borrowing Evaluation) throws -> Void) rethrows {
        let count = evaluator.program.facts.count
        try applicants.withUnsafeBufferPointer { all in
            guard let base = all.baseAddress else { return }
            Self.prefetch(base, factCount: count)
            for index in all.indices {
                if index + 1 < all.count { Self.prefetch(base + index + 1, factCount: count) }
                // Read in place: passed as a value to a call the compiler cannot see through,
                // the applicant would be copied (its arrays retained, then released) to keep it
                // alive across the call.
                let applicant = base + index
                let day = asOf(applicant.pointee.asOf)
                if evaluatesInPlace(applicant.pointee) {
                    evaluator.evaluate(at: applicant, asOf: day)
                    try each(index, evaluator.result)
                } else {
                    try each(index, Zhengce.evaluate(program, applicant.pointee, asOf: day, explain: explain))
                }
            }
        }
    }

    /// Where an applicant keeps its facts' storage and its amounts received, from the start of
    /// a `BoundApplicant`.
    static let factsOffset = MemoryLayout<BoundApplicant>.offset(of: \.facts)
    static let priorOffset = MemoryLayout<BoundApplicant>.offset(of: \.prior)

    /// Prefetches the applicant at `applicant`, which has `count` facts: its cells, and the first
    /// line of its amounts received (the evaluation holds the array while it reads it, which
    /// writes its count of references). Nothing is read through the storage (its header is not in
    /// the cache yet either: reading the count there would wait for it), and nothing is retained:
    /// the storage's address is the array's one word, and its elements follow a header of four
    /// words. An address so read that is not the storage's costs a few useless prefetches, nothing
    /// more: a prefetch never faults.
    @inline(__always)
    static func prefetch(_ applicant: UnsafePointer<BoundApplicant>, factCount count: Int) {
        guard MemoryLayout<[Cell]>.size == MemoryLayout<UnsafeRawPointer>.size, let cells = storage(factsOffset, of: applicant) else { return }
        Prefetch.lines(UnsafeRawBufferPointer(start: cells, count: 4 * MemoryLayout<Int>.size + count * MemoryLayout<Cell>.stride))
        if let prior = storage(priorOffset, of: applicant) { Prefetch.lines(UnsafeRawBufferPointer(start: prior, count: 1)) }
    }

    /// The address an array at `offset` in the applicant holds (its one word), read as a word.
    @inline(__always)
    static func storage(_ offset: Int?, of applicant: UnsafePointer<BoundApplicant>) -> UnsafeRawPointer? {
        offset.flatMap { UnsafeRawPointer(applicant).load(fromByteOffset: $0, as: UnsafeRawPointer?.self) }
    }

    /// Whether the reused evaluator evaluates `applicant`. An explained evaluation keeps its trace
    /// in the outcomes: it starts afresh each time (`Zhengce.evaluate`), as does an applicant bound
    /// to other policies, which gets the message `Zhengce.evaluate` gives.
    @inline(__always)
    func evaluatesInPlace(_ applicant: borrowing BoundApplicant) -> Bool {
        !explain && compiles && evaluator.program.fits(applicant)
    }

    /// `justRead`: the applicant's facts were written just now (a line read) or prefetched, so
    /// they are in the cache already and `bringIntoCache` is passed over.
    mutating func evaluate(_ applicant: borrowing BoundApplicant, asOf: Day, justRead: Bool) -> Evaluation {
        guard evaluatesInPlace(applicant) else {
            return Zhengce.evaluate(program, copy applicant, asOf: asOf, explain: explain)
        }
        if !justRead { cacheReads &+= Self.bringIntoCache(applicant.facts) }
        return evaluator.run(applicant, asOf: asOf)
    }

    /// Reads one byte of every cache line of the applicant's facts, before evaluating them. The
    /// evaluation reads the facts one after another, each read waiting on the work the one before
    /// decided; when a population held in memory is larger than the cache, each such read waits
    /// for memory in turn. These reads depend on nothing, so the processor fetches all the lines
    /// at once. (Facts a reader has just written are in the cache already: the reads then cost a
    /// few instructions a line, and `batch` passes them over.)
    @inline(never)
    static func bringIntoCache(_ facts: [Cell]) -> UInt8 {
        facts.withUnsafeBytes { bytes in
            var sum: UInt8 = 0
            var offset = 0
            while offset < bytes.count {
                sum &+= bytes.load(fromByteOffset: offset, as: UInt8.self)
                offset += 64
            }
            return sum
        }
    }

    /// Lets go of what working memory still holds of the last applicant's records and lists, so
    /// that a reader may write the next applicant over its facts in place.
    mutating func letGoOfFacts() {
        evaluator.letGoOfFacts()
    }
}
