/// A population of applicants evaluated under two versions of the policies: per applicant the
/// amounts that change, a summary in bands, and the exact change of the payout per clause and
/// document. Results are compared, never traces, so file paths do not make everything differ.
public struct PopulationDiff: Sendable {
    public enum Band: String, Sendable, CaseIterable {
        case newlyEligible = "newly_eligible"
        case noLongerEligible = "no_longer_eligible"
        case gainingSmall = "gaining_under_5_percent"
        case gainingLarge = "gaining_5_percent_or_more"
        case losingSmall = "losing_under_5_percent"
        case losingLarge = "losing_5_percent_or_more"
        case unchanged = "no_change"

        public var label: String {
            switch self {
            case .newlyEligible: return "newly eligible"
            case .noLongerEligible: return "no longer eligible"
            case .gainingSmall: return "gaining <5%"
            case .gainingLarge: return "gaining ≥5%"
            case .losingSmall: return "losing <5%"
            case .losingLarge: return "losing ≥5%"
            case .unchanged: return "no change"
            }
        }
    }

    public struct Amounts: Sendable, Equatable {
        public var id: String
        public var old: ExactDecimal
        public var new: ExactDecimal
    }

    public struct Row: Sendable {
        public var name: String
        /// `path:line` of the applicant in its file.
        public var location: String
        public var band: Band
        public var old: ExactDecimal
        public var new: ExactDecimal
        /// Only the clauses whose amount changed.
        public var clauses: [Amounts]
    }

    /// One applicant, as read from an examples file or a JSON Lines file.
    public struct Member: Sendable {
        public var name: String
        public var location: String
        public var base: DiffBase
    }

    public var rows: [Row] = []
    public var clauses: [Amounts] = []
    public var documents: [Amounts] = []
    public var total = Amounts(id: "total", old: .zero, new: .zero)
    /// The clauses each applicant reaches under the new version, for trying witness values.
    var reach: [DiffImpact.Reach] = []

    /// Set when a total left the exact range; the totals are then not to be shown.
    public private(set) var overflowed = false

    mutating func sum(_ a: ExactDecimal, _ b: ExactDecimal) -> ExactDecimal {
        do {
            return try a.adding(b)
        } catch {
            overflowed = true
            return a
        }
    }

    public func count(_ band: Band) -> Int { rows.filter { $0.band == band }.count }
    public var changed: Bool { rows.contains { $0.band != .unchanged || !$0.clauses.isEmpty } }

    public struct Failure: Error, Sendable {
        public var diagnostics: [Diagnostic]

        public init(diagnostics: [Diagnostic]) {
            self.diagnostics = diagnostics
        }
    }

    /// What a clause pays an applicant: its amount after exclusions.
    static func paid(_ outcome: ClauseOutcome?) -> ExactDecimal {
        guard let outcome, outcome.status == .granted else { return .zero }
        return outcome.granted
    }

    public static func run(old: Program, new: Program, members: [Member], asOf: Day) throws(Failure) -> PopulationDiff {
        var result = PopulationDiff()
        var clauseTotals: [String: (ExactDecimal, ExactDecimal)] = [:]
        var documentTotals: [String: (ExactDecimal, ExactDecimal)] = [:]
        var problems: [Diagnostic] = []
        for member in members {
            let before: Evaluation, after: Evaluation
            do {
                let date = member.base.asOf ?? asOf
                before = Zhengce.evaluate(old, try member.base.applicant(old), asOf: date)
                after = Zhengce.evaluate(new, try member.base.applicant(new), asOf: date)
            } catch {
                // A CSV row's cells have no file to point into: the message names the row and column.
                problems += error.diagnostics.map { diagnostic in
                    guard diagnostic.span.file == nil else { return diagnostic }
                    let column = diagnostic.span.end > diagnostic.span.start ? ", column \(diagnostic.span.start + 1)" : ""
                    return Diagnostic(diagnostic.code, "\(member.location)\(column): \(diagnostic.message)", at: diagnostic.span, help: diagnostic.help, severity: diagnostic.severity)
                }
                continue
            }
            var changed: [Amounts] = []
            let oldPaid = Dictionary(before.clauses.map { ($0.id, paid($0)) }, uniquingKeysWith: { first, _ in first })
            let newPaid = Dictionary(after.clauses.map { ($0.id, paid($0)) }, uniquingKeysWith: { first, _ in first })
            let ids = after.clauses.map(\.id) + before.clauses.map(\.id).filter { newPaid[$0] == nil }
            for id in ids {
                let a = oldPaid[id] ?? .zero, b = newPaid[id] ?? .zero
                let sum = clauseTotals[id] ?? (.zero, .zero)
                clauseTotals[id] = (result.sum(sum.0, a), result.sum(sum.1, b))
                if a != b { changed.append(Amounts(id: id, old: a, new: b)) }
            }
            let documentIDs = after.documents.map(\.id) + before.documents.map(\.id).filter { id in !after.documents.contains { $0.id == id } }
            for id in documentIDs {
                let a = before.documents.first { $0.id == id }?.total ?? .zero
                let b = after.documents.first { $0.id == id }?.total ?? .zero
                let sum = documentTotals[id] ?? (.zero, .zero)
                documentTotals[id] = (result.sum(sum.0, a), result.sum(sum.1, b))
            }
            result.total.old = result.sum(result.total.old, before.total)
            result.total.new = result.sum(result.total.new, after.total)
            result.reach.append(DiffImpact.Reach(member.base, clauses: after.clauses))
            result.rows.append(Row(name: member.name, location: member.location, band: band(before.total, after.total), old: before.total, new: after.total, clauses: changed))
        }
        if !problems.isEmpty { throw Failure(diagnostics: problems) }
        result.clauses = order(clauseTotals, first: new.evaluationOrderByFile + old.evaluationOrderByFile)
        result.documents = order(documentTotals, first: new.documents.map(\.id) + old.documents.map(\.id))
        return result
    }

    static func order(_ totals: [String: (ExactDecimal, ExactDecimal)], first: [String]) -> [Amounts] {
        var seen: Set<String> = []
        return (first + totals.keys.sorted()).compactMap { id in
            guard seen.insert(id).inserted, let (a, b) = totals[id] else { return nil }
            return Amounts(id: id, old: a, new: b)
        }
    }

    /// The band of a change: 5% of the old total, compared exactly (|Δ| × 20 against the old total).
    static func band(_ old: ExactDecimal, _ new: ExactDecimal) -> Band {
        if old == new { return .unchanged }
        if old.isZero { return .newlyEligible }
        if new.isZero { return .noLongerEligible }
        let delta = (try? new.subtracting(old)) ?? .zero
        let magnitude = delta.isNegative ? delta.negated() : delta
        let large = ((try? magnitude.multiplied(by: ExactDecimal(20))).map { $0 >= old }) ?? true
        return delta.isNegative ? (large ? .losingLarge : .losingSmall) : (large ? .gainingLarge : .gainingSmall)
    }

    // MARK: Reading populations

    /// The examples of an examples file, each with its name, line, facts and date.
    public static func examples(_ file: SourceFile) throws(Failure) -> [Member] {
        let root: JSONNode
        do { root = try JSONReader.parse(file) } catch { throw Failure(diagnostics: [error.diagnostic]) }
        guard case .array(let items)? = root["examples"]?.value else {
            throw Failure(diagnostics: [Diagnostic(.malformedJSON, "`\(file.path)` has no `examples` array", at: root.span)])
        }
        return items.enumerated().map { index, item in
            var name = "example \(index + 1)"
            if case .string(let text)? = item["name"]?.value { name = text }
            var asOf: Day?
            if case .string(let text)? = item["as_of"]?.value { asOf = Day(iso: text) }
            // An example's facts, read as `eval` reads an applicant file that gives only `facts`.
            let facts = item["facts"] ?? JSONNode(value: .object([]), span: item.span)
            let root = JSONNode(value: .object([("facts", facts)]), span: item.span)
            return Member(name: name, location: item.span.location, base: DiffBase(name: name, root: root, asOf: asOf))
        }
    }

    /// A JSON Lines file: one applicant object per line (as `eval` reads), blank lines skipped.
    public static func jsonLines(_ file: SourceFile) throws(Failure) -> [Member] {
        var members: [Member] = []
        var problems: [Diagnostic] = []
        // Lines as `batch` numbers them (LF, CRLF or a lone CR), each read in place, so a problem
        // is located at its line and column of the file; a byte-order mark only at its start.
        for number in 1...file.lineCount {
            let range = file.lineRange(number)
            guard file.scalars[range].contains(where: { !$0.properties.isWhitespace }) else { continue }
            let root: JSONNode
            do { root = try JSONReader.parse(file, range: range) } catch {
                problems.append(error.diagnostic)
                continue
            }
            var name = "line \(number)"
            if case .string(let text)? = root["applicant"]?.value { name = text }
            var asOf: Day?
            if case .string(let text)? = root["as_of"]?.value { asOf = Day(iso: text) }
            members.append(Member(name: name, location: "\(file.path):\(number)", base: DiffBase(name: name, root: root, asOf: asOf)))
        }
        if !problems.isEmpty { throw Failure(diagnostics: problems) }
        return members
    }
}

extension Program {
    /// Clause ids by document, in file order.
    var evaluationOrderByFile: [String] { documents.flatMap(\.clauseIDs) }
}
