import Dispatch
import Foundation
import Synchronization

/// Input records read a chunk at a time into one buffer that a worker reuses, so reading a line
/// allocates nothing once the buffers have grown to the size of a chunk.
struct BatchChunk {
    /// The chunk's place in the input, from 0.
    var sequence = 0
    var bytes: [UInt8] = []
    /// Each record's (first) line number and where its bytes are in `bytes`.
    var records: [(line: Int, range: Range<Int>)] = []

    /// Reads up to `limit` records; false when the input has no more.
    mutating func fill(_ lines: inout ByteLines, csv: Bool, limit: Int) throws -> Bool {
        bytes.removeAll(keepingCapacity: true)
        records.removeAll(keepingCapacity: true)
        while records.count < limit {
            let start = bytes.count
            guard let line = try Batch.appendRecord(&lines, csv: csv, to: &bytes) else { break }
            records.append((line, start..<bytes.count))
        }
        return !records.isEmpty
    }
}

/// What the workers of one run share: the input, which they take a chunk at a time in turn, and
/// the output, where each hands its chunk's records back and whichever worker completes the next
/// chunk in input order writes it (with any that were waiting for it). Reading and writing thus
/// overlap other workers' evaluation and no worker waits for a round to finish. At most `window`
/// chunks are read and not yet written, so memory does not grow with the input.
/// INVARIANT: `lines`, `nextSequence` and `readFailure` are touched only under `inputLock`;
/// `pending`, `nextToWrite`, `written` and `failure` only under `outputLock`. `write` and
/// `progress` are called only under `outputLock`.
final class BatchPipeline: @unchecked Sendable {
    private let inputLock = NSLock()
    private let outputLock = NSLock()
    private let lines: UnsafeMutablePointer<ByteLines>
    private let csv: Bool
    private let chunkLines: Int
    private let write: (UnsafeRawBufferPointer) throws -> Void
    private let progress: ((Int) -> Void)?
    /// A permit per chunk that may be read and not yet written.
    private let window: DispatchSemaphore
    private let stopped = Atomic<Bool>(false)
    private var nextSequence = 0
    private var pending: [Int: (bytes: WrittenBytes, records: Int)] = [:]
    private var nextToWrite = 0
    private var written = 0
    private var failure: (any Error)?
    private var readFailure: (any Error)?

    /// `lines`, `write` and `progress` must outlive the pipeline's use (the run that makes it).
    init(lines: UnsafeMutablePointer<ByteLines>, csv: Bool, chunkLines: Int, window: Int,
         write: @escaping (UnsafeRawBufferPointer) throws -> Void, progress: ((Int) -> Void)?) {
        self.lines = lines
        self.csv = csv
        self.chunkLines = chunkLines
        self.write = write
        self.progress = progress
        self.window = DispatchSemaphore(value: window)
    }

    /// Fills `chunk` with the next records; false when the input is done or the run has failed.
    func take(_ chunk: inout BatchChunk) -> Bool {
        window.wait()
        inputLock.lock()
        defer { inputLock.unlock() }
        do {
            if readFailure == nil, !stopped.load(ordering: .acquiring), try chunk.fill(&lines.pointee, csv: csv, limit: chunkLines) {
                chunk.sequence = nextSequence
                nextSequence += 1
                return true
            }
        } catch {
            // The chunks read before are still written; no more are read.
            readFailure = error
        }
        window.signal()
        return false
    }

    /// Hands back the records of a chunk `take` gave; writes every chunk that is now next in order.
    func deliver(_ bytes: WrittenBytes, records: Int, sequence: Int) {
        outputLock.lock()
        defer { outputLock.unlock() }
        guard failure == nil else {
            // The run has stopped: the chunk is dropped and its permit goes back.
            window.signal()
            return
        }
        pending[sequence] = (bytes, records)
        while let next = pending.removeValue(forKey: nextToWrite) {
            do {
                try write(next.bytes.buffer)
            } catch {
                window.signal()
                stopLocked(error)
                return
            }
            nextToWrite += 1
            written += next.records
            window.signal()
            progress?(written)
        }
    }

    /// The error that stopped the run, if any: writing's, else reading's. Asked once the workers
    /// are done.
    var error: (any Error)? {
        outputLock.lock()
        defer { outputLock.unlock() }
        inputLock.lock()
        defer { inputLock.unlock() }
        return failure ?? readFailure
    }

    /// Records the error of writing and drops the chunks waiting to be written, whose permits go back.
    /// Called under `outputLock`.
    private func stopLocked(_ error: any Error) {
        failure = error
        stopped.store(true, ordering: .releasing)
        for _ in pending { window.signal() }
        pending.removeAll()
    }
}
