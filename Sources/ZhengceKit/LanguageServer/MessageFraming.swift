import Foundation

/// Splits a byte stream into JSON-RPC messages framed by `Content-Length` headers (the Language
/// Server Protocol's base protocol). It never trusts the peer: a header block that cannot be read
/// or a body larger than `maxBody` becomes a `.malformed` frame, and reading goes on after it.
/// After a header without a valid `Content-Length` the length of its body is unknown, so reading
/// resumes at the next `Content-Length:` header rather than at the body's first byte.
public struct MessageFraming: Sendable {
    public enum Frame: Equatable, Sendable {
        case message([UInt8])
        case malformed(String)
    }

    /// The largest body accepted; bigger ones are skipped unread.
    public static let defaultMaxBody = 16 << 20
    /// A header block longer than this without its blank line is not a header.
    static let maxHeader = 8 << 10

    let maxBody: Int
    private var buffer: [UInt8] = []
    private var position = 0
    /// Bytes of an oversized body still to be thrown away.
    private var skipping = 0
    /// Whether the bytes up to the next `Content-Length:` are the body of a header that could not
    /// be read, to be thrown away.
    private var resynchronising = false

    public init(maxBody: Int = MessageFraming.defaultMaxBody) {
        self.maxBody = maxBody
    }

    public mutating func push(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// The next complete frame, or nil until more bytes arrive.
    public mutating func next() -> Frame? {
        if skipping > 0 {
            let dropped = min(skipping, buffer.count - position)
            position += dropped
            skipping -= dropped
            compact()
            if skipping > 0 { return nil }
        }
        if resynchronising {
            guard let start = nextContentLength() else { return nil }
            position = start
            resynchronising = false
        }
        guard let end = headerEnd() else {
            if buffer.count - position > MessageFraming.maxHeader {
                position = buffer.count
                compact()
                resynchronising = true
                return .malformed("a message header is longer than \(MessageFraming.maxHeader) bytes")
            }
            return nil
        }
        let header = String(decoding: buffer[position..<end], as: UTF8.self)
        let bodyStart = end + 4
        guard let length = MessageFraming.contentLength(header) else {
            position = bodyStart
            compact()
            resynchronising = true
            return .malformed("the message header has no valid `Content-Length`")
        }
        guard length <= maxBody else {
            position = bodyStart
            skipping = length
            return .malformed("a message of \(length) bytes is larger than the \(maxBody)-byte limit")
        }
        guard buffer.count - bodyStart >= length else { return nil }
        let body = Array(buffer[bodyStart..<(bodyStart + length)])
        position = bodyStart + length
        compact()
        return .message(body)
    }

    /// Frames a message body for sending.
    public static func frame(_ body: String) -> [UInt8] {
        let bytes = Array(body.utf8)
        return Array("Content-Length: \(bytes.count)\r\n\r\n".utf8) + bytes
    }

    static func contentLength(_ header: String) -> Int? {
        var length: Int?
        for line in header.split(separator: "\r\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if name == "content-length" {
                guard let number = Int(value), number >= 0 else { return nil }
                length = number
            }
        }
        return length
    }

    /// Where the next `Content-Length:` (in any case) starts, or nil after dropping what was
    /// searched, keeping a tail that may be the start of one still arriving.
    private mutating func nextContentLength() -> Int? {
        let name = Array("content-length:".utf8)
        var index = position
        while index + name.count <= buffer.count {
            if (0..<name.count).allSatisfy({ MessageFraming.lowercased(buffer[index + $0]) == name[$0] }) { return index }
            index += 1
        }
        position = max(position, buffer.count - (name.count - 1))
        compact()
        return nil
    }

    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 65 && byte <= 90 ? byte + 32 : byte
    }

    private func headerEnd() -> Int? {
        var index = position
        while index + 3 < buffer.count {
            if buffer[index] == 13, buffer[index + 1] == 10, buffer[index + 2] == 13, buffer[index + 3] == 10 { return index }
            index += 1
        }
        return nil
    }

    private mutating func compact() {
        if position > 0 && position * 2 >= buffer.count {
            buffer.removeFirst(position)
            position = 0
        }
    }
}
