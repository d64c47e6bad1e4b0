/// `zhengce test --update`: states the actual values in the failing examples, after the analyst
/// has looked at them. Only the expected values that differ are rewritten, each in place where the
/// file writes it, so the rest of the file keeps its layout; passing examples are never touched.
public enum ExampleUpdate {
    /// One expected value to rewrite.
    public struct Edit: Sendable {
        public var file: String
        public var line: Int
        public var example: String
        public var what: String
        public var old: String
        public var new: String
        var span: Span
    }

    /// The edits the failing examples of `results` call for. An example that failed for another
    /// reason (an unknown fact or clause, a malformed date) is left for the analyst: its
    /// expectations are not rewritten.
    public static func edits(_ results: [ExampleRunner.Result]) -> [Edit] {
        var edits: [Edit] = []
        for result in results where !result.passed && result.errors.isEmpty {
            for mismatch in result.mismatches {
                guard let span = mismatch.expectedSpan, let replacement = mismatch.replacement, span.file != nil else { continue }
                edits.append(Edit(file: result.file, line: span.line, example: result.name, what: mismatch.what,
                                  old: oneLine(span.text ?? ""), new: replacement, span: span))
            }
        }
        return edits
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.drop { $0 == " " || $0 == "\t" } }.joined(separator: " ")
    }

    /// The examples that failed for reasons an update cannot fix.
    public static func notUpdatable(_ results: [ExampleRunner.Result]) -> [ExampleRunner.Result] {
        results.filter { !$0.passed && (!$0.errors.isEmpty || $0.mismatches.contains { $0.expectedSpan == nil || $0.replacement == nil }) }
    }

    /// The text of `file` with the edits that belong to it applied (each replaces exactly the
    /// characters of the value it corrects).
    public static func apply(_ edits: [Edit], to file: SourceFile) -> String {
        var scalars = file.scalars
        let mine = edits.filter { $0.span.file === file }.sorted { $0.span.start > $1.span.start }
        var lastStart = Int.max
        for edit in mine where edit.span.end <= lastStart {
            scalars.replaceSubrange(edit.span.start..<edit.span.end, with: Array(edit.new.unicodeScalars))
            lastStart = edit.span.start
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars)
        return String(text)
    }
}
