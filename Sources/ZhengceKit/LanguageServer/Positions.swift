/// Converts between the pipeline's scalar offsets and the protocol's positions: a 0-based line
/// and a character counted in UTF-16 code units, so a Chinese character counts 1 and a
/// character outside the Basic Multilingual Plane (`𠀀`, an emoji) counts 2.
public struct LSPPosition: Hashable, Sendable {
    public var line: Int
    public var character: Int

    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }

    public init(offset: Int, in file: SourceFile) {
        let clamped = min(max(offset, 0), file.scalars.count)
        let (line, _) = file.position(of: clamped)
        let start = file.lineRange(line).lowerBound
        self.line = line - 1
        character = file.scalars[start..<max(start, min(clamped, file.lineRange(line).upperBound))].reduce(0) { $0 + $1.utf16.count }
    }

    /// The scalar offset this position names; past the end of a line it clamps to the line's end,
    /// and a position inside a surrogate pair falls to the scalar's start.
    public func offset(in file: SourceFile) -> Int {
        let range = file.lineRange(line + 1)
        if line < 0 { return 0 }
        var units = 0
        var offset = range.lowerBound
        while offset < range.upperBound {
            let width = file.scalars[offset].utf16.count
            if units + width > character { break }
            units += width
            offset += 1
        }
        return offset
    }

    var json: JSONOut { .object([("line", .int(line)), ("character", .int(character))]) }
}

extension Span {
    /// The span as a protocol range (`{start, end}`).
    var lspRange: JSONOut {
        guard let file else { return LSPPosition.zeroRange }
        return .object([("start", LSPPosition(offset: start, in: file).json), ("end", LSPPosition(offset: end, in: file).json)])
    }
}

extension LSPPosition {
    static var zeroRange: JSONOut { .object([("start", LSPPosition(line: 0, character: 0).json), ("end", LSPPosition(line: 0, character: 0).json)]) }
}
