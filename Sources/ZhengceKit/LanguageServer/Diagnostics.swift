/// Diagnostics as the protocol publishes them, with the places they relate to and their fixes.
enum Diagnostics {
    static func json(_ diagnostic: Diagnostic, _ analysis: Analysis, uri: (String) -> String) -> JSONOut {
        var members: [(String, JSONOut)] = [
            ("range", diagnostic.span.lspRange),
            ("severity", .int(diagnostic.severity == .error ? 1 : 2)),
            ("code", .string(diagnostic.code.rawValue)),
            ("source", .string("zhengce")),
            ("message", .string(diagnostic.message + (diagnostic.help.map { "\nhelp: \($0)" } ?? ""))),
        ]
        let related = relatedLocations(diagnostic, analysis.program)
        if !related.isEmpty {
            members.append(("relatedInformation", .array(related.map { .object([("location", RPC.location($0.span, uri: uri)), ("message", .string($0.message))]) })))
        }
        return .object(members)
    }

    /// The other declaration a diagnostic about a duplicate or a conflict is about.
    static func relatedLocations(_ diagnostic: Diagnostic, _ program: Program) -> [(span: Span, message: String)] {
        guard let name = quotedNames(diagnostic.message).first else { return [] }
        let other: Span?
        switch diagnostic.code {
        case .conflictingFactTypes: other = program.facts[name]?.span
        case .duplicateDocument: other = program.document(name)?.header.id.span
        case .duplicateClause: other = program.clauses[name]?.declaration.label.span
        default: other = nil
        }
        guard let other, other != diagnostic.span else { return [] }
        return [(other, "`\(name)` is first declared here")]
    }

    /// The names a message quotes in backticks, in order.
    static func quotedNames(_ text: String) -> [String] {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }

    /// The edit that fixes a diagnostic, when its help names one: ASCII for full-width
    /// punctuation and confusable letters, the text a syntax error's help writes, or the name a
    /// "did you mean" suggests.
    static func fix(_ diagnostic: Diagnostic) -> (title: String, span: Span, text: String)? {
        guard let file = diagnostic.span.file else { return nil }
        let quoted = quotedNames(diagnostic.message)
        switch diagnostic.code {
        case .fullWidthPunctuation, .confusableCharacter:
            guard quoted.count >= 2 else { return nil }
            let wrong = quoted[0], right = quoted[1]
            let span = Span(file: file, start: diagnostic.span.start, end: diagnostic.span.start + wrong.unicodeScalars.count)
            guard file.slice(span) == wrong else { return nil }
            return ("Replace `\(wrong)` with `\(right)`", span, right)
        case .syntax, .unexpectedCharacter:
            return written(diagnostic, file, quoted) ?? suggested(diagnostic, file)
        default:
            return suggested(diagnostic, file)
        }
    }

    /// When the help is exactly `write `…`` and the message quotes first the text of its span
    /// (`1,000万`, `=`): that text replaced by the help's.
    static func written(_ diagnostic: Diagnostic, _ file: SourceFile, _ quoted: [String]) -> (title: String, span: Span, text: String)? {
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
        return ("Replace `\(wrong)` with `\(right)`", diagnostic.span, text)
    }

    /// The name a "did you mean" suggests, in place of the name written.
    static func suggested(_ diagnostic: Diagnostic, _ file: SourceFile) -> (title: String, span: Span, text: String)? {
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
        return ("Change to `\(suggestion)`", Span(file: file, start: start, end: max(start, stop)), suggestion)
    }
}
