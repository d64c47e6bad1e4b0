/// What a report for people shows, in the reader's language, arranged once for both the text and
/// the HTML renderers: the summary table, a section per document with each clause's explanation,
/// and the facts to ask for. Built from the structured outcome and its trace, never by evaluating.
struct ReportModel {
    struct Row {
        var document: String
        var clause: String
        var title: String
        var status: String
        var amount: String
    }

    struct Step {
        var text: String
        var location: String?
    }

    struct Entry {
        var id: String
        /// Title and article: `科技保险保费补贴（第二条）`.
        var title: String
        var status: ClauseOutcome.Status
        /// Status and amount: `给予 50.00万元`.
        var result: String
        var steps: [Step]
    }

    struct Section {
        var id: String
        var heading: String
        /// Why nothing in the document applies (not in force, out of scope), if so.
        var notes: [String]
        var entries: [Entry]
        var benefits: [String]
        var total: String
    }

    var phrases: ReportPhrases
    var heading: String
    var rows: [Row]
    var total: String
    var sections: [Section]
    /// The closing lines on excluded clauses: take-the-highest, precedence, shared caps used up,
    /// each with its caption; kinds with no clause are left out.
    var exclusions: [(caption: String, clauses: [String])]
    var questions: [String]

    init(_ evaluation: Evaluation, program: Program, language: ReportLanguage, verbose: Bool) {
        let phrases = language.phrases
        self.phrases = phrases
        heading = phrases.applicant(evaluation.applicant, evaluation.asOf)
        let overall = ReportValues(unit: .wan, phrases: phrases)
        total = overall.money(evaluation.total)
        exclusions = Self.exclusions(evaluation, phrases)
        rows = []
        sections = []
        for document in evaluation.documents {
            let values = ReportValues(unit: program.document(document.id)?.rounding.unit ?? .wan, phrases: phrases, full: verbose)
            let section = Self.section(document, evaluation, program, values, verbose: verbose)
            sections.append(section)
            rows += Self.rows(document, section, evaluation, program, values)
        }
        questions = Self.questions(evaluation, program, phrases)
    }

    static func rows(_ document: DocumentOutcome, _ section: Section, _ evaluation: Evaluation, _ program: Program, _ values: ReportValues) -> [Row] {
        let phrases = values.phrases
        let title = [document.number, document.title].compactMap { $0 }.joined(separator: " ")
        if !document.inForce || document.eligible != true {
            let status = !document.inForce ? phrases.notInForce : document.eligible == false ? phrases.notEligible : phrases.eligibilityUndecided
            return [Row(document: document.id, clause: "—", title: title, status: status, amount: values.money(document.total))]
        }
        var rows: [Row] = []
        for outcome in evaluation.clauses where outcome.document == document.id {
            guard [.granted, .excluded, .undetermined, .eligible].contains(outcome.status), let clause = program.clauses[outcome.id] else { continue }
            var status = Self.status(outcome, phrases)
            if outcome.status == .excluded, let by = outcome.excludedBy { status += phrases.aside(phrases.replacedBy(by)) }
            if outcome.status == .granted, outcome.reducedBy != nil, let amount = outcome.amount { status += phrases.aside(phrases.cutFrom(values.money(amount))) }
            let amount = outcome.status == .granted || (outcome.status == .excluded && outcome.amount != nil) ? values.money(outcome.granted) : "—"
            rows.append(Row(document: document.id, clause: clause.label, title: clause.title, status: status, amount: amount))
        }
        if !section.benefits.isEmpty {
            rows.append(Row(document: document.id, clause: "—", title: "\(phrases.benefits) × \(section.benefits.count)",
                            status: phrases.statuses[.benefit] ?? "", amount: "—"))
        }
        return rows
    }

    static func section(_ document: DocumentOutcome, _ evaluation: Evaluation, _ program: Program, _ values: ReportValues, verbose: Bool) -> Section {
        let phrases = values.phrases
        let heading = [document.id, document.number, document.title].compactMap { $0 }.joined(separator: " ")
        var section = Section(id: document.id, heading: heading, notes: [], entries: [], benefits: [],
                              total: "\(phrases.documentTotal) \(values.money(document.total))")
        section.notes = document.details.map { phrases.step($0, values) }
        if program.document(document.id)?.header.validity?.value.notStated == true { section.notes.insert(phrases.validityNotStatedNote, at: 0) }
        if !document.inForce { return section }
        let ineligible = document.eligible != true
        for outcome in evaluation.clauses where outcome.document == document.id {
            guard let clause = program.clauses[outcome.id] else { continue }
            if (ineligible || outcome.status == .notApplicable) && !verbose { continue }
            let title = phrases.titled(clause.title, article: clause.article)
            if outcome.status == .benefit && !verbose {
                section.benefits.append("\(outcome.id) \(title)")
                continue
            }
            section.entries.append(entry(outcome, title: title, values, verbose: verbose))
        }
        return section
    }

    static func entry(_ outcome: ClauseOutcome, title: String, _ values: ReportValues, verbose: Bool) -> Entry {
        let phrases = values.phrases
        var result = status(outcome, phrases)
        switch outcome.status {
        case .granted:
            result += " " + values.money(outcome.granted)
            if outcome.reducedBy != nil, let amount = outcome.amount { result += phrases.aside(phrases.cutFrom(values.money(amount))) }
        case .excluded where outcome.amount == nil: result += phrases.aside(phrases.replacedBy(outcome.excludedBy ?? "?"))
        case .excluded: result += " " + values.money(outcome.amount ?? .zero) + " → " + values.money(.zero) + phrases.aside(phrases.replacedBy(outcome.excludedBy ?? "?"))
        case .undetermined where !outcome.missingFacts.isEmpty: result += phrases.aside(outcome.missingFacts.joined(separator: phrases.listSeparator))
        default: break
        }
        var steps: [Step] = []
        let explained: Set<ClauseOutcome.Status> = [.granted, .excluded, .refused]
        if explained.contains(outcome.status) || verbose {
            for step in outcome.trace where verbose || shownBriefly(step, outcome) {
                steps.append(Step(text: step.detail.map { phrases.step($0, values) } ?? step.text, location: step.location))
            }
        }
        if !outcome.installments.isEmpty {
            let years = outcome.installments.map { "\(phrases.year($0.year)) \(values.money($0.amount))" }.joined(separator: phrases.listSeparator)
            steps.append(Step(text: phrases.installments + phrases.colon + years, location: nil))
        }
        if !outcome.validityStated { result += " · " + phrases.validityNotStated }
        return Entry(id: outcome.id, title: title, status: outcome.status, result: result, steps: steps)
    }

    /// How a clause was excluded, when it was.
    enum Exclusion: CaseIterable {
        case highest, precedence, sharedCap

        /// Take-the-highest and choose-one read the same in the reports; the trace says which.
        init?(_ outcome: ClauseOutcome) {
            switch outcome.exclusion {
            case .precedence?: self = .precedence
            case .sharedCap?: self = .sharedCap
            case .highest?, .choice?: self = .highest
            case nil: return nil
            }
        }
    }

    /// A clause's status in words, naming precedence and a used-up shared cap apart from take-the-highest.
    static func status(_ outcome: ClauseOutcome, _ phrases: ReportPhrases) -> String {
        switch Exclusion(outcome) {
        case .precedence?: return phrases.precedenceExcluded
        case .sharedCap?: return phrases.capUsedUp
        case .highest?, nil: return phrases.statuses[outcome.status] ?? outcome.status.rawValue
        }
    }

    static func exclusions(_ evaluation: Evaluation, _ phrases: ReportPhrases) -> [(caption: String, clauses: [String])] {
        let captions: [Exclusion: String] = [.highest: phrases.excludedNote, .precedence: phrases.precedenceNote, .sharedCap: phrases.capUsedUpNote]
        return Exclusion.allCases.compactMap { kind in
            let clauses = evaluation.clauses.filter { Exclusion($0) == kind }.map(\.id)
            return clauses.isEmpty ? nil : (captions[kind] ?? "", clauses)
        }
    }

    /// The steps the brief report keeps: what decided the outcome, not caps that did not bind or
    /// intermediate values of a clause that was not granted.
    static func shownBriefly(_ step: TraceStep, _ outcome: ClauseOutcome) -> Bool {
        if case .cap(_, _, _, _, _, false)? = step.detail { return false }
        if case .schedule? = step.detail { return false }
        if case .reducedSchedule? = step.detail { return false }
        if case .sharedCapNotReached? = step.detail { return false }
        return step.kind != .value || outcome.status == .granted
    }

    /// The facts that would decide undetermined clauses or documents, as questions.
    static func questions(_ evaluation: Evaluation, _ program: Program, _ phrases: ReportPhrases) -> [String] {
        let missing = Set(evaluation.clauses.filter { $0.status == .undetermined }.flatMap(\.missingFacts))
            .union(evaluation.documents.filter(\.inForce).flatMap(\.missingFacts))
        return missing.sorted().map { path in
            phrases.missingQuestion(path, label(of: path, program))
        }
    }

    /// The label the policies give a fact or a record field (`sci_tech_insurance.premium`).
    static func label(of path: String, _ program: Program) -> String? {
        let parts = path.split(separator: ".").map(String.init)
        guard let fact = parts.first.flatMap({ program.facts[$0] }) else { return nil }
        guard parts.count == 2, case .record(let fields) = fact.type else { return fact.label }
        return fields.first { $0.name == parts[1] }?.label ?? fact.label
    }
}
