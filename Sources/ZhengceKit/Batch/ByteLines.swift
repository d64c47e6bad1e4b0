import Foundation

/// Splits a byte stream into lines (LF or CRLF), reading it in blocks, so memory stays bounded by
/// the longest line whatever the length of the stream.
public struct ByteLines {
    private let readBlock: () throws -> [UInt8]?
    private var buffer: [UInt8] = []
    private var start = 0
    private var finished = false
    /// The 1-based number of the last line returned.
    public private(set) var lineNumber = 0

    /// `readBlock` returns the next block of bytes, or nil (or an empty block) at the end.
    public init(readBlock: @escaping () throws -> [UInt8]?) {
        self.readBlock = readBlock
    }

    /// Reads a file or standard input in blocks of 1 MiB.
    public static func reading(_ handle: FileHandle) -> ByteLines {
        ByteLines { try handle.read(upToCount: 1 << 20).map { [UInt8]($0) } }
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
        while true {
            if let newline = lineFeed(from: start) {
                var end = newline
                if end > start, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = buffer[start..<end]
                start = newline + 1
                return deliver(line)
            }
            if finished {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                return deliver(line)
            }
            try refill()
        }
    }

    /// The index of the first line feed at or after `from` (found by `memchr`, which reads
    /// several bytes at a time).
    private func lineFeed(from: Int) -> Int? {
        buffer.withUnsafeBufferPointer { bytes in
            guard from < bytes.count, let base = bytes.baseAddress,
                  let found = memchr(base + from, Int32(UInt8(ascii: "\n")), bytes.count - from) else { return nil }
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
        if start > 0 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        guard let block = try readBlock(), !block.isEmpty else {
            finished = true
            return
        }
        buffer.append(contentsOf: block)
    }
}
