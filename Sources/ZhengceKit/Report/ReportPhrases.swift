/// The language of a report for people.
public enum ReportLanguage: String, Sendable, CaseIterable {
    case chinese = "zh"
    case english = "en"

    var phrases: ReportPhrases {
        switch self {
        case .chinese: return .chinese
        case .english: return .english
        }
    }
}

/// Every word a report for people prints, one table per language (`ReportPhrases+Chinese.swift`,
/// `ReportPhrases+English.swift`); the renderers only arrange them.
struct ReportPhrases: Sendable {
    var applicant: @Sendable (_ name: String?, _ asOf: Day) -> String
    var summary: String
    /// Column headings of the summary table: document, clause, title, status, amount.
    var columns: [String]
    var statuses: [ClauseOutcome.Status: String]
    var notInForce: String
    var notEligible: String
    var eligibilityUndecided: String
    var documentTotal: String
    var total: String
    var explanations: String
    var benefits: String
    var replacedBy: @Sendable (_ clause: String) -> String
    var installments: String
    var year: @Sendable (_ year: Int) -> String
    var excludedNote: String
    var pleaseProvide: String
    var missingQuestion: @Sendable (_ fact: String, _ label: String?) -> String
    var yes: String
    var no: String
    var about: String
    var listSeparator: String
    var colon: String
    var quoted: @Sendable (_ text: String) -> String
    var aside: @Sendable (_ text: String) -> String
    var unknown: @Sendable (_ facts: [String]) -> String
    var step: @Sendable (_ detail: TraceDetail, _ values: ReportValues) -> String
    /// The HTML page: its language tag, title and the caption of each part.
    var htmlLanguage: String
    var htmlTitle: String
    var htmlDetails: String
}

extension ReportValues {
    /// Source text of the policy, shortened in the brief report so a bracket table or a long
    /// formula is not repeated on one line (the trace names the arm chosen instead).
    func code(_ source: String) -> String {
        let limit = 48
        guard !full, source.count > limit else { return "`\(source)`" }
        return "`\(source.prefix(limit - 1))…`"
    }

    func readings(_ readings: [Reading]) -> String {
        readings.isEmpty ? "" : phrases.aside(readings.map { "\($0.name) = \(cell($0.value))" }.joined(separator: phrases.listSeparator))
    }
}
