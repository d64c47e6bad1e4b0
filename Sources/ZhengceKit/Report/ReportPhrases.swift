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
    /// A clause excluded by one-way precedence, and one a shared cap left nothing: its status and
    /// the closing line that lists such clauses.
    var precedenceExcluded: String
    var precedenceNote: String
    var capUsedUp: String
    var capUsedUpNote: String
    /// A granted amount a shared cap cut, after the amount it was cut from.
    var cutFrom: @Sendable (_ entitlement: String) -> String
    /// A clause, and a document, whose document states no validity.
    var validityNotStated: String
    var validityNotStatedNote: String
    var pleaseProvide: String
    var missingQuestion: @Sendable (_ fact: String, _ label: String?) -> String
    var yes: String
    var no: String
    var about: String
    var listSeparator: String
    var colon: String
    var quoted: @Sendable (_ text: String) -> String
    var aside: @Sendable (_ text: String) -> String
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
        guard !full else { return "`\(source)`" }
        let brief = Self.withoutBracketTables(source)
        let limit = 64
        guard brief.count > limit else { return "`\(brief)`" }
        return "`\(brief.prefix(limit - 1))…`"
    }

    /// `by x { [a, b) => 1 … }` as `by x { … }`: the arm chosen is a step of its own.
    static func withoutBracketTables(_ source: String) -> String {
        var result = "", depth = 0, table = ""
        for character in source {
            if depth > 0 {
                table.append(character)
                if character == "{" { depth += 1 }
                if character == "}" { depth -= 1 }
                if depth == 0 { result += table.contains("=>") ? "{ … }" : table }
            } else if character == "{" {
                depth = 1
                table = "{"
            } else {
                result.append(character)
            }
        }
        return depth > 0 ? result + table : result
    }

    func readings(_ readings: [Reading]) -> String {
        readings.isEmpty ? "" : phrases.aside(readings.map { "\($0.name) = \(cell($0.value))" }.joined(separator: phrases.listSeparator))
    }
}
