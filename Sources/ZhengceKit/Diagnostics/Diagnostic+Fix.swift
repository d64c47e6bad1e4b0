/// An edit that fixes a diagnostic: `text` in place of `span`.
public struct DiagnosticFix: Sendable {
    /// What the edit does, as an editor offers it (`Replace `1,000万` with `1000万``).
    public var title: String
    public var span: Span
    public var text: String
    /// The edit says what the text means, with nothing to choose (ASCII for a full-width mark,
    /// `and` for `且`, `until` for `to`), as opposed to a "did you mean" guess: only such edits are
    /// applied without asking (`zhengce check --fix`).
    public var isCertain = true
}

extension DiagnosticFix {
    /// `text` with every certain fix among `diagnostics` that lies in `file` applied, each once;
    /// of two fixes that overlap, the first is applied. Also the number applied.
    public static func applying(_ diagnostics: [Diagnostic], to file: SourceFile) -> (text: String, applied: Int) {
        let fixes = diagnostics.compactMap(\.fix).filter { $0.isCertain && $0.span.file === file }.sorted { $0.span.start < $1.span.start }
        var scalars = String.UnicodeScalarView()
        var position = 0, applied = 0
        for fix in fixes where fix.span.start >= position && fix.span.end <= file.scalars.count {
            scalars.append(contentsOf: file.scalars[position..<fix.span.start])
            scalars.append(contentsOf: fix.text.unicodeScalars)
            position = fix.span.end
            applied += 1
        }
        scalars.append(contentsOf: file.scalars[position...])
        return (String(scalars), applied)
    }
}

extension Diagnostic {
    /// The names a message quotes in backticks, in order.
    static func quotedNames(_ text: String) -> [String] {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }

    /// The edit that fixes this diagnostic, when its help names one: ASCII for full-width
    /// punctuation and confusable letters, the text a syntax error's help writes, or the name a
    /// "did you mean" suggests. Read by the language server's quick fixes and by the SARIF and
    /// JSON reports.
    public var fix: DiagnosticFix? {
        guard let file = span.file else { return nil }
        let diagnostic = self
        let quoted = Diagnostic.quotedNames(message)
        switch code {
        case .fullWidthPunctuation, .confusableCharacter:
            guard quoted.count >= 2 else { return nil }
            let wrong = quoted[0], right = quoted[1]
            let span = Span(file: file, start: diagnostic.span.start, end: diagnostic.span.start + wrong.unicodeScalars.count)
            guard file.slice(span) == wrong else { return nil }
            return DiagnosticFix(title: "Replace `\(wrong)` with `\(right)`", span: span, text: right)
        case .syntax, .unexpectedCharacter:
            return Diagnostic.written(diagnostic, file, quoted) ?? Diagnostic.suggested(diagnostic, file)
        default:
            return Diagnostic.suggested(diagnostic, file)
        }
    }

    /// When the help is exactly `write `…`` and the message quotes first the text of its span
    /// (`1,000万`, `=`): that text replaced by the help's.
    static func written(_ diagnostic: Diagnostic, _ file: SourceFile, _ quoted: [String]) -> DiagnosticFix? {
        guard let help = diagnostic.help, help.hasPrefix("write `"), help.hasSuffix("`"), help.count > 8,
              let wrong = quoted.first, file.slice(diagnostic.span) == wrong else { return nil }
        let right = String(help.dropFirst(7).dropLast())
        guard !right.contains("`"), !right.contains("…") else { return nil }
        // A word put in for a sign (`&&` → `and`) is kept apart from the names beside it.
        let scalars = file.scalars
        func joins(_ index: Int) -> Bool {
            scalars.indices.contains(index) && (scalars[index].properties.isAlphabetic || scalars[index].properties.numericType != nil || scalars[index] == "_")
        }
        let isWord = right.unicodeScalars.first?.properties.isAlphabetic == true
        let text = (isWord && joins(diagnostic.span.start - 1) ? " " : "") + right + (isWord && joins(diagnostic.span.end) ? " " : "")
        return DiagnosticFix(title: "Replace `\(wrong)` with `\(right)`", span: diagnostic.span, text: text)
    }

    /// The name a "did you mean" suggests, in place of the name written.
    static func suggested(_ diagnostic: Diagnostic, _ file: SourceFile) -> DiagnosticFix? {
        guard let help = diagnostic.help, let range = help.range(of: "did you mean `"),
              let end = help[range.upperBound...].firstIndex(of: "`") else { return nil }
        let suggestion = String(help[range.upperBound..<end])
        let text = file.slice(diagnostic.span)
        // Keep what qualifies the name (`doc:` of a clause id, `record.` of a field) and
        // replace the name itself; a clause label may hold a `.` (`3.2`).
        let qualifier: Unicode.Scalar? = diagnostic.code == .unknownField ? "." : [.unknownClause, .exclusionMissingClause].contains(diagnostic.code) ? ":" : nil
        let scalars = text.unicodeScalars
        let kept = qualifier.flatMap { mark in scalars.lastIndex(of: mark) }.map { scalars.distance(from: scalars.startIndex, to: $0) + 1 } ?? 0
        var start = diagnostic.span.start + kept
        var stop = diagnostic.span.end
        if text.hasPrefix("\"") && text.hasSuffix("\"") && text.count >= 2 { start += 1; stop -= 1 }
        return DiagnosticFix(title: "Change to `\(suggestion)`", span: Span(file: file, start: start, end: max(start, stop)), text: suggestion, isCertain: false)
    }
}
