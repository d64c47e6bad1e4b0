/// Lays text out in terminal columns, where CJK and full-width characters take two: tables that
/// stay aligned under Chinese titles, and long lines wrapped with a hanging indent.
enum TextLayout {
    static func width(_ text: String) -> Int {
        DiagnosticRenderer.displayWidth(text.unicodeScalars)
    }

    /// `text` padded with spaces to `columns`, on the right (or on the left when `right`).
    static func pad(_ text: String, _ columns: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, columns - width(text)))
        return right ? fill + text : text + fill
    }

    /// `text` cut to at most `columns` display columns, ending with `…` when cut.
    static func truncate(_ text: String, _ columns: Int) -> String {
        guard width(text) > columns else { return text }
        var result = "", used = 0
        for character in text {
            let w = width(String(character))
            if used + w > columns - 1 { break }
            result.append(character)
            used += w
        }
        return result + "…"
    }

    /// A table: a heading row, a rule and the rows, each column as wide as its widest cell;
    /// the columns in `rightAligned` are aligned on the right (amounts).
    static func table(_ heading: [String], _ rows: [[String]], rightAligned: Set<Int>) -> [String] {
        let all = [heading] + rows
        let widths = heading.indices.map { column in all.map { width($0[column]) }.max() ?? 0 }
        func line(_ row: [String]) -> String {
            var text = row.indices.map { pad(row[$0], widths[$0], right: rightAligned.contains($0)) }.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        return [line(heading), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + rows.map(line)
    }

    /// Punctuation that must not start a line (it closes what came before). Read from the
    /// character's one scalar rather than looked up in a set of characters: the first use of a set
    /// type is looked up at run time, which costs an `eval` process more than all its wrapping.
    static func closes(_ character: Character) -> Bool {
        guard let scalar = single(character) else { return false }
        return "，。、；：）》」”)],.;:…".unicodeScalars.contains(scalar)
    }

    /// Punctuation that must not end a line (it opens what follows).
    static func opens(_ character: Character) -> Bool {
        guard let scalar = single(character) else { return false }
        return "（《「“([".unicodeScalars.contains(scalar)
    }

    /// The character's scalar when it has only one.
    static func single(_ character: Character) -> Unicode.Scalar? {
        let scalars = character.unicodeScalars
        guard let first = scalars.first, scalars.index(after: scalars.startIndex) == scalars.endIndex else { return nil }
        return first
    }

    /// `text` wrapped to `columns`, continuation lines indented by `indent` spaces more than the
    /// first line's `lead`. Breaks at spaces and between Chinese characters, never inside a run of
    /// other characters, so a `file:line`, a number or an identifier stays whole.
    static func wrap(_ text: String, columns: Int, lead: Int, indent: Int) -> [String] {
        let pieces = self.pieces(text)
        var lines: [String] = []
        var current = String(repeating: " ", count: lead), used = lead, empty = true
        let hanging = lead + indent
        for piece in pieces {
            let w = width(piece.text)
            let gap = piece.spaceBefore && !empty ? 1 : 0
            if !empty && used + gap + w > columns {
                lines.append(current)
                current = String(repeating: " ", count: hanging)
                used = hanging
                empty = true
            }
            if piece.spaceBefore && !empty {
                current += " "
                used += 1
            }
            current += piece.text
            used += w
            empty = false
        }
        lines.append(current)
        return lines
    }

    struct Piece {
        var text: String
        var spaceBefore: Bool
    }

    /// The unbreakable pieces of `text`: words between spaces, split further before and after
    /// each wide character (keeping punctuation with its neighbour).
    static func pieces(_ text: String) -> [Piece] {
        var pieces: [Piece] = []
        for (index, word) in text.split(separator: " ", omittingEmptySubsequences: true).enumerated() {
            // Each piece is cut from the word once; each character's width is worked out once,
            // from its scalars.
            var start = word.startIndex, position = word.startIndex, first = true
            var previous: Character?, previousWide = false
            while position < word.endIndex {
                let character = word[position]
                let wide = DiagnosticRenderer.displayWidth(character.unicodeScalars) == 2
                if let previous, start < position, wide || previousWide,
                   !closes(character), !opens(previous), !(previous.isASCII && previous.isNumber) {
                    pieces.append(Piece(text: String(word[start..<position]), spaceBefore: first && index > 0))
                    start = position
                    first = false
                }
                previous = character
                previousWide = wide
                position = word.index(after: position)
            }
            if start < word.endIndex { pieces.append(Piece(text: String(word[start...]), spaceBefore: first && index > 0)) }
        }
        return pieces
    }
}
