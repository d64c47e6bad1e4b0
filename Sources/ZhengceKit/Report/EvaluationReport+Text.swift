extension EvaluationReport {
    /// Display columns a line of the text report may take before it wraps.
    public static let textWidth = 100

    /// The report for a person: a summary table and the total, then the explanation of each clause.
    /// `verbose` keeps the whole trace of every clause; `language` chooses the words.
    public static func text(_ evaluation: Evaluation, program: Program, verbose: Bool = false, language: ReportLanguage = .chinese) -> String {
        let model = ReportModel(evaluation, program: program, language: language, verbose: verbose)
        let phrases = model.phrases
        var lines = [model.heading, "", phrases.summary]
        let rows = model.rows.map { [$0.document, $0.clause, TextLayout.truncate($0.title, 36), $0.status, $0.amount] }
        lines += TextLayout.table(phrases.columns, rows, rightAligned: [4])
        lines.append("\(phrases.total) \(model.total)")
        lines += ["", phrases.explanations]
        func wrapped(_ text: String, lead: Int, indent: Int = 2) -> [String] {
            TextLayout.wrap(text, columns: textWidth, lead: lead, indent: indent)
        }
        for section in model.sections {
            lines.append("")
            lines += wrapped("== " + section.heading, lead: 0, indent: 3)
            for note in section.notes { lines += wrapped(note, lead: 3) }
            for entry in section.entries {
                lines += wrapped("-- \(entry.id) \(entry.title) · \(entry.result)", lead: 0, indent: 3)
                for step in entry.steps {
                    lines += wrapped(step.text + (step.location.map { "  [\($0)]" } ?? ""), lead: 5)
                }
            }
            if !section.benefits.isEmpty {
                lines += wrapped(phrases.benefits + phrases.colon + section.benefits.joined(separator: phrases.listSeparator), lead: 3)
            }
            lines.append("   " + section.total)
        }
        lines.append("")
        for exclusion in model.exclusions {
            lines += wrapped(exclusion.caption + phrases.colon + exclusion.clauses.joined(separator: phrases.listSeparator), lead: 0)
        }
        if !model.questions.isEmpty {
            lines.append(phrases.pleaseProvide + phrases.colon)
            for question in model.questions { lines += wrapped("  - " + question, lead: 0, indent: 4) }
        }
        lines.append("\(phrases.total) \(model.total)")
        // Each line is laid out already: what is left of a control character is applicant text.
        return lines.map(TextLayout.visible).joined(separator: "\n")
    }
}
