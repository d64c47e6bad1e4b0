/// Lays text out in terminal columns, where CJK and full-width characters take two: tables that
/// stay aligned under Chinese titles, and long lines wrapped with a hanging indent.
enum TextLayout {
    static func width(_ text: String) -> Int {
        DiagnosticRenderer.displayWidth(text.unicodeScalars)
    }

    /// `text` with the characters a terminal would act on rather than show (control characters
    /// such as a line break or the escape that starts a colour sequence, and the bidirectional
    /// controls that reorder what follows) written as `\u{1B}`: a report line shows what the
    /// input holds, and text from an applicant file cannot redraw the terminal.
    static func visible(_ text: String) -> String {
        func hidden(_ scalar: Unicode.Scalar) -> Bool {
            scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || Characters.bidiControls.contains(scalar.value)
        }
        guard text.unicodeScalars.contains(where: hidden) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if hidden(scalar) {
                result.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
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

    /// Punctuation that must not start a line (it closes what came before).
    static func closes(_ scalar: Unicode.Scalar) -> Bool {
        // A switch rather than a search of a string's scalars, which decodes the string each time.
        switch scalar {
        case "，", "。", "、", "；", "：", "）", "》", "」", "”", ")", "]", ",", ".", ";", ":", "…": return true
        default: return false
        }
    }

    /// Punctuation that must not end a line (it opens what follows).
    static func opens(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "（", "《", "「", "“", "(", "[": return true
        default: return false
        }
    }

    /// Whether `scalar` is a character of its own whatever surrounds it: printable ASCII and Latin,
    /// general and CJK punctuation, CJK ideographs and full-width forms, none of which joins a
    /// neighbour into one character (no combining mark, joiner, control, Hangul jamo or emoji part).
    static func standsAlone(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0x7E, 0xA0...0x2FF, 0x2010...0x2027, 0x2030...0x205E, 0x3000...0x3029, 0x3030...0x303F, 0x4E00...0x9FFF, 0xFF01...0xFF60:
            return true
        default:
            return false
        }
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
            let gap = piece.spaceBefore && !empty ? 1 : 0
            if !empty && used + gap + piece.width > columns {
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
            used += piece.width
            empty = false
        }
        lines.append(current)
        return lines
    }

    struct Piece {
        var text: String
        var spaceBefore: Bool
        /// Its display columns.
        var width: Int
    }

    /// The unbreakable pieces of `text`: words between spaces, split further before and after
    /// each wide character (keeping punctuation with its neighbour).
    ///
    /// Characters are walked as scalar ranges. When every scalar stands alone (`standsAlone`, the
    /// report's usual text) each scalar is a character and the text is not segmented into
    /// graphemes, which costs far more than the layout itself; otherwise (or when
    /// `segmentingGraphemes`) the string's own characters are used.
    static func pieces(_ text: String, segmentingGraphemes: Bool? = nil) -> [Piece] {
        let scalars = text.unicodeScalars
        let graphemes = segmentingGraphemes ?? !scalars.allSatisfy(standsAlone)
        var pieces: [Piece] = []
        var start = scalars.startIndex, position = scalars.startIndex, width = 0
        // What the character before `position` in the same word was; nil at a word's start.
        var previous: (wide: Bool, opens: Bool, digit: Bool)?
        var spaceSeen = false
        func cut(upTo end: String.Index) {
            guard start < end else { return }
            pieces.append(Piece(text: String(scalars[start..<end]), spaceBefore: spaceSeen && !pieces.isEmpty, width: width))
            spaceSeen = false
            width = 0
        }
        while position < scalars.endIndex {
            let scalar = scalars[position], afterScalar = scalars.index(after: position)
            let next = graphemes ? text.index(after: position) : afterScalar
            // A character of one scalar is what the punctuation, digit and space tests match.
            let single: Unicode.Scalar? = afterScalar == next ? scalar : nil
            if single == " " {
                cut(upTo: position)
                spaceSeen = true
                previous = nil
                position = next
                start = next
                continue
            }
            let columns = single.map(DiagnosticRenderer.width(of:)) ?? DiagnosticRenderer.displayWidth(scalars[position..<next])
            let wide = columns == 2
            if let previous, start < position, wide || previous.wide,
               !(single.map(closes) ?? false), !previous.opens, !previous.digit {
                cut(upTo: position)
                start = position
            }
            width += columns
            previous = (wide, single.map(opens) ?? false, single.map { $0.value >= 0x30 && $0.value <= 0x39 } ?? false)
            position = next
        }
        cut(upTo: scalars.endIndex)
        return pieces
    }
}
