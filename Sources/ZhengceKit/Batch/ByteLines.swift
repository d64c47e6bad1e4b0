import Foundation

/// Splits a byte stream into lines, reading it in blocks, so memory stays bounded by the longest
/// line whatever the length of the stream. A line ends at LF, CRLF or a lone CR (old Mac files),
/// and lines are numbered as `SourceFile` numbers them, so `batch` and `eval` agree.
public struct ByteLines {
    /// Where the bytes come from: blocks handed over by a function, or a file descriptor read
    /// straight into the buffer.
    private enum Source {
        case blocks(() throws -> [UInt8]?)
        /// The handle is kept so that the descriptor stays open while lines are read.
        case descriptor(Int32, FileHandle, blockSize: Int)
    }

    private let source: Source
    /// The unread bytes are `buffer[start..<end]`; a descriptor is read into `buffer[end...]`, so
    /// the buffer is allocated once (a block and the longest partial line) and reused.
    private var buffer: [UInt8] = []
    private var start = 0
    private var end = 0
    private var finished = false
    /// Where the first CR at or after `start` is, `end` when there is none; nil when not yet
    /// searched, so input without CRs is searched for them once per read, not once per line.
    /// INVARIANT: when set, `start <= nextReturn <= end` and no CR is in `start..<nextReturn`
    /// (`refill`, which moves the bytes, and a line ending at the CR reset it).
    private var nextReturn: Int?
    /// The last line returned ended at a CR that was the last byte read: an LF that comes next
    /// belongs to that line's ending. A line is returned without waiting for the byte after it,
    /// so a pipe that pauses there still gets its records.
    private var awaitsLineFeed = false
    /// Whether the last line returned ended at a lone CR (as far as was known when it was returned).
    private var endedAtReturn = false
    /// The 1-based number of the last line returned.
    public private(set) var lineNumber = 0
    /// Whether the line before the last one returned ended at a lone CR, not at LF or CRLF: a CSV
    /// field that spans the two keeps the CR as written.
    public private(set) var previousEndedAtReturn = false

    /// `readBlock` returns the next block of bytes, or nil (or an empty block) at the end.
    public init(readBlock: @escaping () throws -> [UInt8]?) {
        source = .blocks(readBlock)
    }

    /// Reads a file or standard input up to a block at a time (1 MiB by default; from a pipe, what
    /// has arrived), each read straight into the one buffer the lines are cut from (no copy but
    /// that of a partial line moved to the front before the next read). Throws `BatchInputError`
    /// when the input cannot be read.
    public static func reading(_ handle: FileHandle, blockSize: Int = 1 << 20) -> ByteLines {
        ByteLines(source: .descriptor(handle.fileDescriptor, handle, blockSize: max(1, blockSize)))
    }

    private init(source: Source) {
        self.source = source
    }

    /// Lines of bytes already in memory.
    public static func bytes(_ bytes: [UInt8]) -> ByteLines {
        var pending: [UInt8]? = bytes
        return ByteLines {
            defer { pending = nil }
            return pending
        }
    }

    /// The next line without its terminator, or nil at the end. A final line without a newline
    /// counts; the newline ending the last line does not start another.
    public mutating func next() throws -> ArraySlice<UInt8>? {
        while awaitsLineFeed {
            if start == end && !finished {
                try refill()
                continue
            }
            awaitsLineFeed = false
            if start < end, buffer[start] == Self.lineFeed {
                start += 1
                endedAtReturn = false
            }
        }
        previousEndedAtReturn = endedAtReturn
        endedAtReturn = false
        while true {
            let cr: Int
            if let known = nextReturn { cr = known } else {
                cr = first(Self.carriageReturn, in: start..<end) ?? end
                nextReturn = cr
            }
            if cr == end {
                // No CR ahead, the common case: the line ends at the next LF.
                if let newline = first(Self.lineFeed, in: start..<end) {
                    let line = buffer[start..<newline]
                    start = newline + 1
                    return deliver(line)
                }
            } else if let newline = first(Self.lineFeed, in: start..<cr) {
                let line = buffer[start..<newline]
                start = newline + 1
                return deliver(line)
            } else {
                let line = buffer[start..<cr]
                nextReturn = nil
                if cr + 1 < end {
                    let crlf = buffer[cr + 1] == Self.lineFeed
                    start = cr + (crlf ? 2 : 1)
                    endedAtReturn = !crlf
                } else {
                    start = end
                    endedAtReturn = true
                    awaitsLineFeed = !finished
                }
                return deliver(line)
            }
            if finished {
                guard start < end else { return nil }
                let line = buffer[start..<end]
                start = end
                return deliver(line)
            }
            try refill()
        }
    }

    private static let lineFeed = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")

    /// The index of the first `byte` in `range` (found by `memchr`, which reads several bytes at a
    /// time).
    private func first(_ byte: UInt8, in range: Range<Int>) -> Int? {
        buffer.withUnsafeBufferPointer { bytes in
            guard !range.isEmpty, let base = bytes.baseAddress,
                  let found = memchr(base + range.lowerBound, Int32(byte), range.count) else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    private mutating func deliver(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        lineNumber += 1
        // A byte-order mark at the start of the stream is not part of the first line.
        if lineNumber == 1, line.starts(with: [0xEF, 0xBB, 0xBF]) { return line.dropFirst(3) }
        return line
    }

    private mutating func refill() throws {
        // The bytes move and more come: where the next CR is must be found again.
        nextReturn = nil
        switch source {
        case .blocks(let readBlock):
            if start > 0 {
                buffer.removeSubrange(0..<start)
                start = 0
                end = buffer.count
            }
            guard let block = try readBlock(), !block.isEmpty else {
                finished = true
                return
            }
            buffer.append(contentsOf: block)
            end = buffer.count
        case .descriptor(let descriptor, _, let blockSize):
            // The partial line left moves to the front; the buffer grows only when that line and
            // a block do not fit (a line longer than any before).
            let carried = end - start
            let needed = carried + blockSize
            if buffer.count < needed { buffer.append(contentsOf: repeatElement(0, count: needed - buffer.count)) }
            let (read, failure) = buffer.withUnsafeMutableBufferPointer { bytes -> (Int, Int32) in
                guard let base = bytes.baseAddress else { return (0, 0) }
                if carried > 0 && start > 0 { memmove(base, base + start, carried) }
                let read = Self.read(descriptor, into: base + carried, upTo: bytes.count - carried)
                return (read, read < 0 ? errno : 0)
            }
            start = 0
            end = carried
            guard read >= 0 else { throw BatchInputError(message: "cannot read the input: \(String(cString: strerror(failure)))") }
            if read == 0 { finished = true }
            end += read
        }
    }

    /// One read of up to `limit` bytes into `base` (retried when a signal interrupts it): a file
    /// gives a full block, a pipe what has arrived, so a stream is read as it comes instead of
    /// waiting for a full block. The count read (0 at the end), or -1 on an error (in `errno`).
    private static func read(_ descriptor: Int32, into base: UnsafeMutablePointer<UInt8>, upTo limit: Int) -> Int {
        while true {
            let count = Foundation.read(descriptor, base, limit)
            if count >= 0 || errno != EINTR { return count }
        }
    }
}
