/// One policy (or JSON) text, with its path and a line index for turning offsets into positions.
public final class SourceFile: Sendable {
    public let path: String
    public let text: String
    /// The text as Unicode scalars; offsets everywhere in the pipeline index this array.
    public let scalars: [Unicode.Scalar]
    private let lineStarts: [Int]
    /// Where each scalar starts in the text's UTF-8, and the UTF-8 length last: a slice of the
    /// text is then copied from its bytes, not encoded again scalar by scalar.
    private let byteOffsets: [UInt32]

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        (scalars, byteOffsets) = SourceFile.decode(text)
        let all = scalars
        // A line ends at LF, CRLF or a lone CR (old Mac files), so every ending gives true line numbers.
        var starts = [0]
        for index in all.indices {
            let scalar = all[index]
            if scalar == "\n" || (scalar == "\r" && (index + 1 == all.count || all[index + 1] != "\n")) {
                starts.append(index + 1)
            }
        }
        self.lineStarts = starts
    }

    /// The scalars of `text`, decoded from its UTF-8 in one pass (a string's UTF-8 is valid), and
    /// where each starts in it (none for a text too long for 32-bit offsets: slices are then
    /// encoded from the scalars). Both are written straight into their storage, sized for the
    /// worst case (a scalar per byte) and cut to what was written.
    private static func decode(_ text: String) -> ([Unicode.Scalar], [UInt32]) {
        var text = text
        return text.withUTF8 { bytes in
            let count = bytes.count
            let offsets = count < Int(UInt32.max)
            var starts: [UInt32] = []
            let scalars = [Unicode.Scalar](unsafeUninitializedCapacity: count) { scalars, initialized in
                starts = [UInt32](unsafeUninitializedCapacity: offsets ? count + 1 : 0) { starts, initializedStarts in
                    // (Scalars and offsets are plain values: their storage is written without being
                    // initialised first.)
                    var written = 0, index = 0
                    while index < count {
                        let lead = UInt32(bytes[index])
                        var value = lead
                        var length = 1
                        if lead < 0x80 {
                            // ASCII, most of a policy.
                        } else if lead >= 0xF0, index + 3 < count {
                            value = (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12 | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F)
                            length = 4
                        } else if lead >= 0xE0, index + 2 < count {
                            value = (lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                            length = 3
                        } else if lead >= 0xC0, index + 1 < count {
                            value = (lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
                            length = 2
                        }
                        scalars[written] = Unicode.Scalar(value) ?? "\u{FFFD}"
                        if offsets { starts[written] = UInt32(truncatingIfNeeded: index) }
                        written += 1
                        index += length
                    }
                    initialized = written
                    if offsets {
                        starts[written] = UInt32(truncatingIfNeeded: count)
                        initializedStarts = written + 1
                    }
                }
            }
            return (scalars, starts)
        }
    }

    /// The number of lines; a text that ends with a line ending has an empty last line.
    public var lineCount: Int { lineStarts.count }

    /// The scalar offsets of a 1-based line, without its line ending (empty past the end).
    public func lineRange(_ number: Int) -> Range<Int> {
        guard number >= 1, number <= lineStarts.count else { return scalars.count..<scalars.count }
        let start = lineStarts[number - 1]
        var end = number < lineStarts.count ? lineStarts[number] : scalars.count
        if end > start, scalars[end - 1] == "\n" { end -= 1 }
        if end > start, scalars[end - 1] == "\r" { end -= 1 }
        return start..<end
    }

    /// 1-based line and column (columns count characters, not bytes).
    public func position(of offset: Int) -> (line: Int, column: Int) {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return (low + 1, offset - lineStarts[low] + 1)
    }

    /// The text of a 1-based line, without its line ending.
    public func line(_ number: Int) -> String {
        text(lineRange(number))
    }

    public func slice(_ span: Span) -> String {
        let start = min(max(0, span.start), scalars.count)
        return text(start..<max(start, min(scalars.count, span.end)))
    }

    /// The text of the scalars in `range` (which lies within `scalars`), copied from the text's
    /// UTF-8.
    func text(_ range: Range<Int>) -> String {
        guard !range.isEmpty else { return "" }
        guard byteOffsets.count == scalars.count + 1 else { return ScalarText.string(scalars[range]) }
        let lower = Int(byteOffsets[range.lowerBound]), upper = Int(byteOffsets[range.upperBound])
        return text.utf8.withContiguousStorageIfAvailable { bytes in
            String(decoding: UnsafeBufferPointer(rebasing: bytes[lower..<upper]), as: UTF8.self)
        } ?? ScalarText.string(scalars[range])
    }
}

/// A half-open range of scalar offsets in one source file.
public struct Span: Sendable, Hashable {
    public let file: SourceFile?
    public let start: Int
    public let end: Int

    public init(file: SourceFile?, start: Int, end: Int) {
        self.file = file
        self.start = start
        self.end = max(start, end)
    }

    public static let none = Span(file: nil, start: 0, end: 0)

    public func to(_ other: Span) -> Span { Span(file: file, start: start, end: max(end, other.end)) }

    /// The text the span covers; nil for a span in no file.
    public var text: String? { file?.slice(self) }

    public var line: Int { file?.position(of: start).line ?? 0 }
    public var column: Int { file?.position(of: start).column ?? 0 }
    /// The 1-based line and column of the first character and of the one just after the span.
    public var positions: (start: (line: Int, column: Int), end: (line: Int, column: Int)) {
        guard let file else { return ((0, 0), (0, 0)) }
        return (file.position(of: start), file.position(of: end))
    }
    /// `path:line` for traces.
    public var location: String {
        guard let file else { return "<builtin>" }
        return file.path + ":" + String(line)
    }

    public static func == (lhs: Span, rhs: Span) -> Bool {
        lhs.file === rhs.file && lhs.start == rhs.start && lhs.end == rhs.end
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(start)
        hasher.combine(end)
    }
}

/// Wraps a syntax node with its span; equality and hashing ignore the span so tests compare trees.
public struct Located<Value: Hashable & Sendable>: Hashable, Sendable {
    public var value: Value
    public var span: Span

    public init(_ value: Value, _ span: Span) {
        self.value = value
        self.span = span
    }

    public static func == (lhs: Located, rhs: Located) -> Bool { lhs.value == rhs.value }
    public func hash(into hasher: inout Hasher) { hasher.combine(value) }
}
