/// Renders diagnostics the way compilers do:
///
///     policies/yz2025.policy:12:8: error[Z101]: unknown fact `premum`
///        |
///     12 |   when premum > 10万
///        |        ^^^^^^
///        = help: did you mean `premium`?
public enum DiagnosticRenderer {
    public static func text(_ diagnostic: Diagnostic) -> String {
        var lines = ["\(diagnostic.path):\(diagnostic.line):\(diagnostic.column): \(diagnostic.severity.rawValue)[\(diagnostic.code.rawValue)]: \(diagnostic.message)"]
        if let file = diagnostic.span.file {
            let line = file.position(of: diagnostic.span.start).line
            let excerpt = window(file, line: line, start: diagnostic.span.start, end: diagnostic.span.end)
            let gutter = String(repeating: " ", count: String(line).count)
            lines.append("\(gutter) |")
            lines.append("\(line) | \(excerpt.text)")
            lines.append("\(gutter) | \(String(repeating: " ", count: excerpt.caretColumn))\(String(repeating: "^", count: excerpt.caretWidth))")
            if let help = diagnostic.help { lines.append("\(gutter) = help: \(help)") }
        } else if let help = diagnostic.help {
            lines.append("  = help: \(help)")
        }
        return lines.joined(separator: "\n")
    }

    /// The widest source excerpt shown, in terminal columns, and how much of it comes before the span.
    static let maxExcerptWidth = 120
    static let contextBefore = 40

    /// The part of a source line to show for a span, and where its carets go. A line wider than
    /// `maxExcerptWidth` is cut to a window around the span, with `…` where text was left out, so a
    /// one-line file of any size prints a short excerpt; only the window is ever copied.
    static func window(_ file: SourceFile, line: Int, start: Int, end: Int) -> (text: String, caretColumn: Int, caretWidth: Int) {
        let range = file.lineRange(line)
        let scalars = file.scalars
        let spanStart = min(max(start, range.lowerBound), range.upperBound)
        let spanEnd = min(max(end, spanStart + 1), range.upperBound)
        // Keep the start of the line when the span is near it; else walk left from the span for
        // the context. Then walk right until the window is full. Both walks are bounded.
        var from = range.lowerBound
        var lead = 0
        while from < spanStart, lead <= maxExcerptWidth - contextBefore {
            lead += width(of: scalars[from])
            from += 1
        }
        if lead <= maxExcerptWidth - contextBefore {
            from = range.lowerBound
        } else {
            from = spanStart
            var before = 0
            while from > range.lowerBound, before + width(of: scalars[from - 1]) <= contextBefore {
                from -= 1
                before += width(of: scalars[from])
            }
        }
        var to = from
        var shown = 0
        while to < range.upperBound, shown + width(of: scalars[to]) <= maxExcerptWidth || to <= spanStart {
            shown += width(of: scalars[to])
            to += 1
        }
        let cutBefore = from > range.lowerBound
        let cutAfter = to < range.upperBound
        var text = String.UnicodeScalarView()
        if cutBefore { text.append("…") }
        text.append(contentsOf: scalars[from..<to])
        if cutAfter { text.append("…") }
        let caretColumn = (cutBefore ? 1 : 0) + displayWidth(scalars[from..<spanStart])
        let underlinedEnd = min(spanEnd, to)
        let caretWidth = max(1, underlinedEnd > spanStart ? displayWidth(scalars[spanStart..<underlinedEnd]) : 1)
        return (String(text), caretColumn, caretWidth)
    }

    /// Terminal columns: CJK and full-width characters take two, so carets line up under Chinese text.
    public static func displayWidth<S: Sequence>(_ scalars: S) -> Int where S.Element == Unicode.Scalar {
        scalars.reduce(0) { $0 + width(of: $1) }
    }

    static func width(of scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    public static func summary(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let notes = diagnostics.filter { $0.severity == .note }.count
        let warnings = diagnostics.count - errors - notes
        return "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")" + (notes > 0 ? ", \(notes) note\(notes == 1 ? "" : "s")" : "")
    }
}
