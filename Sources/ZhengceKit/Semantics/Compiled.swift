/// A clause's full id: the document and the clause's label (`yz2025:4a`).
public struct ClauseID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var document: String
    public var label: String

    public init(document: String, label: String) {
        self.document = document
        self.label = label
    }

    /// Reads `doc:label`; a bare label belongs to `document`.
    public init(_ reference: ClauseRef, in document: String) {
        self.init(document: reference.document ?? document, label: reference.label)
    }

    public var description: String { document + ":" + label }

    public static func < (lhs: ClauseID, rhs: ClauseID) -> Bool { lhs.description < rhs.description }
}

/// What an evaluation exercised, for coverage: a clause granted or reported, a bracket arm chosen,
/// a cap or floor that bound, an exclusion rule that excluded. `place` is the clause id or the
/// source position (`path:offset`) of the construct.
public struct CoverageKey: Hashable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case clause, arm = "bracket arm", step = "step increment", years = "year band", cap, floor, exclusion = "exclusion rule", sharedCap = "shared cap"
    }

    public var kind: Kind
    public var place: String

    public init(_ kind: Kind, _ span: Span) {
        self.kind = kind
        place = (span.file?.path ?? "") + ":" + String(span.start)
    }

    public init(clause: ClauseID) {
        kind = .clause
        place = clause.description
    }
}

/// The compiled form of a checked program: every name resolved to a slot or an index, every
/// source location and trace label computed once. Built by `Compiler` when the checker finds no
/// errors; evaluated many times by `Evaluator`.
public struct CompiledProgram: Sendable {
    /// One slot per fact per document that declares it (each document has its own defaults).
    var facts: [FactSlot] = []
    var definitions: [CompiledDefinition] = []
    var documents: [CompiledDocument] = []
    var clauses: [CompiledClause] = []
    /// What deciding a clause by its document alone reads, by clause index: plain values, read
    /// without touching the clause's object.
    var gates: [ClauseGate] = []
    /// Clause indices, every clause after the clauses its amount refers to.
    var order: [Int] = []
    /// `order` cut into runs of consecutive clauses of one document, so that a document whose
    /// clauses were all settled is passed over in one step.
    var orderRuns: [OrderRun] = []
    /// Per document, whether any of its clauses may be cashed after expiry.
    var survivingClauses: [Bool] = []
    var exclusions: [CompiledExclusion] = []
    var sharedCaps: [CompiledSharedCap] = []
    /// One per exclusion rule, then one per shared cap, in that order: what the rule weighs and
    /// where its members are in `ruleMembers`.
    var rules: [RuleGate] = []
    /// What the exclusion rules weigh (`RuleWeighs`), each kind once: whether any of them may act
    /// for an applicant is told from these before a rule is read.
    var exclusionsWeigh: [RuleWeighs] = []
    /// The rules' members as plain clause indices, so that whether a rule has anything to weigh is
    /// read without touching its object: per rule, the number of members, then per member the
    /// number of its clauses and the clauses.
    var ruleMembers: [Int] = []
    var sites: [Site] = []
    /// Definitions whose value depends on the clause that reads them (`prior_received`, amounts of
    /// clauses): recomputed for each clause instead of once per applicant.
    var volatileDefinitions: [Int] = []
    var clauseIndex: [String: Int] = [:]
    /// Input fact name → the slots it fills.
    var slotsByName: [String: [Int]] = [:]
    /// The paths of the facts and record fields an evaluation can find missing.
    var factPaths = FactPaths([])
}

extension CompiledProgram {
    /// Whether the applicant's facts may decide anything of document `d` on `day`: it is in force,
    /// or one of its clauses may be cashed after expiry and the day is not before its start.
    /// Otherwise every clause of it is refused whatever the facts (`Evaluator.refusesAll` reads
    /// it so), so a population run need neither read the facts only it declares nor assess its
    /// eligibility (see `BoundApplicant.unreadClosedOn`).
    func readsFacts(of d: Int, on day: Day) -> Bool {
        readsFacts(of: d, inForce: documents[d].inForce(on: day), on: day)
    }

    /// The same, for a caller that knows whether the document is in force on `day`.
    func readsFacts(of d: Int, inForce: Bool, on day: Day) -> Bool {
        inForce || (survivingClauses[d] && documents[d].started(by: day))
    }
}

/// Consecutive positions of `CompiledProgram.order` whose clauses belong to one document.
struct OrderRun: Sendable {
    var document: Int
    var positions: Range<Int>
}

/// When a rule between clauses has anything to do: a take-the-highest or choose-one rule when
/// two members are granted, a precedence rule when its first member and another are taken, a
/// shared cap when a member is granted.
enum RuleWeighs: Sendable {
    case twoGranted, precedence, anyGranted

    /// Whether a rule that weighs so may have anything to do for an applicant with `granted`
    /// granted and `taken` taken clauses in all: told from the counts, before any rule's members
    /// are read (a rule needs as many among its own members).
    func mayAct(granted: Int, taken: Int) -> Bool {
        switch self {
        case .twoGranted: return granted >= 2
        case .precedence: return taken >= 2
        case .anyGranted: return granted >= 1
        }
    }
}

struct RuleGate: Sendable {
    var weighs: RuleWeighs
    /// Where the rule's members start in `CompiledProgram.ruleMembers`.
    var members: Int
    /// The document all its members belong to; nil when they belong to several (or to none).
    var document: Int?
}

/// A clause's facts that its document's verdict (not in force, not eligible, undecided) needs.
struct ClauseGate: Sendable {
    var document: Int
    /// Whether a refused clause still reports an amount (0): monetary and assessed clauses do,
    /// benefits and clauses without an amount do not.
    var reportsAmount: Bool
    var survivesExpiry: Bool
    /// False when the document states no validity (`valid not stated`).
    var validityStated: Bool
    /// A benefit, or a clause without an amount, that has no condition: taken whenever its
    /// document is in force and the applicant eligible, with nothing of it to evaluate.
    var takenWhenOpen: ClauseKind?
}

/// A clause whose first condition reads one fact alone (`x is present`, `record.field is
/// present`, `list is not empty`, a truth-valued fact or its `not`, a choice compared with quoted
/// values): when that fact makes the condition false, the clause is settled without being
/// evaluated, as `decide` settles it at its first condition (`Evaluator.settleOpenDocument`).
/// Plain values, read without reference counting. The one test is kept in place, not as a range
/// of `gateTests` as `EligibilityGate` keeps its tests: every gated clause is read for every open
/// applicant, and that wider layout (to allow `or` and `and` of several facts) measured dearer
/// than what it settled.
struct GatedClause: Sendable {
    var clause: Int
    var test: OneFactTest
    /// `applies when`: the clause is then not applicable; `when`: refused.
    var applies: Bool
}

/// A document's eligibility condition made of one-fact tests: one test, or an `or` or an `and` of
/// several (of any facts). A population run decides it in place when the facts decide it
/// (`Evaluator.assess`); otherwise the condition is evaluated. Plain values.
struct EligibilityGate: Sendable {
    /// A range of the document's `gateTests`.
    var tests: Range<Int>
    /// Whether the condition is an `or` of the tests; otherwise an `and` (one test is either).
    var either: Bool

    /// How many tests an `or` or `and` may chain.
    static let maxTests = 8

    /// The gate of an eligibility condition `code`, its tests appended to `tests` and their
    /// quoted values to `texts`; nil (with nothing appended) when the condition is not one
    /// test nor an `or` or `and` of them.
    init?(_ code: Code, definitions: [CompiledDefinition], tests: inout [OneFactTest], texts: inout [String]) {
        let (testCount, textCount) = (tests.count, texts.count)
        if let test = OneFactTest(code, definitions: definitions, texts: &texts) {
            tests.append(test)
            self.tests = testCount..<tests.count
            either = true
            return
        }
        switch code {
        case .or: either = true
        case .and: either = false
        default: return nil
        }
        // The chain's operands, left to right, taken apart without recursion.
        var pending = [code]
        var operands: [Code] = []
        while let next = pending.popLast() {
            switch next {
            case .or(let left, let right, _) where either, .and(let left, let right, _) where !either:
                pending.append(right)
                pending.append(left)
            default:
                operands.append(next)
            }
            guard operands.count + pending.count <= Self.maxTests else { return nil }
        }
        for operand in operands {
            guard let test = OneFactTest(operand, definitions: definitions, texts: &texts) else {
                tests.removeSubrange(testCount...)
                texts.removeSubrange(textCount...)
                return nil
            }
            tests.append(test)
        }
        self.tests = testCount..<tests.count
    }

    /// Whether the condition holds for an applicant with `facts`, as `Evaluator.decided` decides
    /// it, when the facts decide it; nil otherwise (the condition is then evaluated, which names
    /// the facts it misses). A three-valued `or` holds when any part does and fails when every
    /// part does; an `and` the other way round. `tests` and `texts` are the document's.
    @inline(__always)
    func decide(_ facts: UnsafeBufferPointer<Cell>, _ tests: UnsafeBufferPointer<OneFactTest>, _ texts: UnsafeBufferPointer<String>) -> Bool? {
        var decided = true
        for index in self.tests {
            switch tests[index].decide(facts, texts) {
            case either?: return either
            case nil: decided = false
            default: break
            }
        }
        return decided ? !either : nil
    }
}

/// A condition that reads one fact alone, as the compiler compiles it.
enum OneFactTest: Sendable {
    case presence(slot: Int, PresenceTest)
    case fieldPresence(slot: Int, field: Int, PresenceTest)
    case truth(slot: Int)
    /// `not` of a truth-valued fact.
    case falsehood(slot: Int)
    /// A fact's text among quoted values (`kind == "a"`, `kind != "a"`, `kind in {…}`, `kind not
    /// in {…}`, `not`, `and` and `or` of such tests of the same fact, a definition that is one):
    /// the condition holds when the text is among `texts` (a range of the document's
    /// `gateTexts`) and `among` is true, or is not among them and `among` is false. `byLength`:
    /// every one of the texts `String.comparesByLength`, so a text of another length is passed
    /// over without being compared.
    case text(slot: Int, texts: Range<Int>, among: Bool, byLength: Bool)

    /// The fact slot the test reads, and nothing else.
    var slot: Int {
        switch self {
        case .presence(let slot, _), .fieldPresence(let slot, _, _), .truth(let slot), .falsehood(let slot), .text(let slot, _, _, _): return slot
        }
    }

    /// The test `code` makes, when it is one of these; the quoted values of a text test are
    /// appended to `texts`. `definitions` are the program's, compiled before its clauses.
    init?(_ code: Code, definitions: [CompiledDefinition], texts: inout [String]) {
        switch code {
        case .presence(.fact(let slot), let test): self = .presence(slot: slot, test)
        case .presence(.field(.fact(let slot), let field, _, _, _), let test): self = .fieldPresence(slot: slot, field: field, test)
        case .fact(let slot): self = .truth(slot: slot)
        case .not(.fact(let slot), _): self = .falsehood(slot: slot)
        default:
            guard let test = OneFactTest.textTest(code, definitions, depth: 0) else { return nil }
            let start = texts.count
            texts += test.texts.sorted()
            self = .text(slot: test.slot, texts: start..<texts.count, among: test.among, byLength: test.texts.allSatisfy(\.comparesByLength))
        }
    }

    /// How deep `textTest` reads into a condition (its `not`, `and`, `or` and the definitions it
    /// reads) before it leaves the condition to be evaluated.
    static let textTestDepth = 8

    /// The fact a condition tests against quoted values and the values: the condition holds when
    /// the fact's text is among them and `among` is true, or not among them and `among` is false.
    /// Nil for any other condition. Once the fact's text is known every part of such a condition
    /// is true or false, so `not`, `and` and `or` are those of plain truth values.
    static func textTest(_ code: Code, _ definitions: [CompiledDefinition], depth: Int) -> (slot: Int, texts: Set<String>, among: Bool)? {
        guard depth <= textTestDepth else { return nil }
        switch code {
        case .binary(let op, .fact(let slot), .constant(.text(let text)), _) where op == .equal || op == .notEqual:
            return (slot, [text], op == .equal)
        case .membership(.fact(let slot), .constant(.set(let values)), let negated, _):
            return (slot, values, !negated)
        case .not(let operand, _):
            guard let test = textTest(operand, definitions, depth: depth + 1) else { return nil }
            return (test.slot, test.texts, !test.among)
        case .definition(let index):
            guard index < definitions.count, !definitions[index].volatile else { return nil }
            return textTest(definitions[index].code, definitions, depth: depth + 1)
        case .and(let left, let right, _), .or(let left, let right, _):
            guard let a = textTest(left, definitions, depth: depth + 1), let b = textTest(right, definitions, depth: depth + 1),
                  a.slot == b.slot else { return nil }
            var isAnd = false
            if case .and = code { isAnd = true }
            switch (a.among, b.among, isAnd) {
            case (true, true, true): return (a.slot, a.texts.intersection(b.texts), true)
            case (true, true, false): return (a.slot, a.texts.union(b.texts), true)
            case (false, false, true): return (a.slot, a.texts.union(b.texts), false)
            case (false, false, false): return (a.slot, a.texts.intersection(b.texts), false)
            // Among the one and not among the other: the first less the second, or (for `or`) not
            // among the second less the first.
            case (true, false, true): return (a.slot, a.texts.subtracting(b.texts), true)
            case (false, true, true): return (a.slot, b.texts.subtracting(a.texts), true)
            case (true, false, false): return (a.slot, b.texts.subtracting(a.texts), false)
            case (false, true, false): return (a.slot, a.texts.subtracting(b.texts), false)
            }
        default: return nil
        }
    }

    /// Whether the condition holds for an applicant with `facts`, as `Evaluator.decided` decides
    /// it; nil when it is unknown or would be evaluated further (a value of another kind than the
    /// test reads). `texts` are the document's `gateTexts`.
    @inline(__always)
    func decide(_ facts: UnsafeBufferPointer<Cell>, _ texts: UnsafeBufferPointer<String>) -> Bool? {
        switch self {
        case .presence(let slot, let test): return test.holds(unknown: facts[slot].isUnknown, emptyOrUnknown: facts[slot].isEmptyOrUnknown)
        case .fieldPresence(let slot, let field, let test):
            if let value = facts[slot].recordField(field) { return test.holds(unknown: value.isUnknown, emptyOrUnknown: value.isEmptyOrUnknown) }
            // A field the input left out is unknown, as is every field of a record not given.
            switch facts[slot] {
            case .record, .unknown: return test.holds(unknown: true, emptyOrUnknown: true)
            default: return nil
            }
        case .truth(let slot):
            if case .bool(let value) = facts[slot] { return value }
            return nil
        case .falsehood(let slot):
            if case .bool(let value) = facts[slot] { return !value }
            return nil
        case .text(let slot, let range, let among, let byLength):
            guard case .text(let text) = facts[slot] else { return nil }
            // A quoted value of another length is passed over without comparing the texts.
            let length = byLength ? text.utf8.count : nil
            var found = false
            for index in range where length.map({ texts[index].utf8.count == $0 }) ?? true && texts[index] == text {
                found = true
                break
            }
            return found == among
        }
    }

    /// Whether the condition is false for an applicant with `facts`, as `Evaluator.decided`
    /// decides it; false when it holds, is unknown, or would be evaluated further (a value of
    /// another kind than the test reads). `texts` are the document's `gateTexts`.
    @inline(__always)
    func fails(_ facts: UnsafeBufferPointer<Cell>, _ texts: UnsafeBufferPointer<String>) -> Bool {
        decide(facts, texts) == false
    }
}

extension PresenceTest {
    /// Whether the test holds of a value that is unknown or not, and empty (or unknown) or not:
    /// the one rule `is present`, `is absent`, `is empty` and `is not empty` follow wherever
    /// they are decided.
    @inline(__always)
    func holds(unknown: Bool, emptyOrUnknown: Bool) -> Bool {
        switch self {
        case .present: return !unknown
        case .absent: return unknown
        case .empty: return emptyOrUnknown
        case .notEmpty: return !emptyOrUnknown
        }
    }
}

struct FactSlot: Sendable {
    var name: String
    var type: ValueType
    /// The value when the input does not give the fact: the declared default, the type's natural
    /// default, or unknown.
    var absent: Cell
    /// The document that declares it, by index.
    var document: Int
}

// The parts of a compiled program are classes so that evaluation reads them in place instead of
// copying them; they are built by `Compiler` and never changed afterwards, which is what makes
// sharing them across threads safe.

/// A place in a policy file that a trace step or a message points at, with its text.
final class Site: @unchecked Sendable {
    let span: Span
    /// Computed at check time for the sites a trace shows; the others (only ever named in a
    /// failure message) are rendered from the span when needed.
    private var labelledLocation: String?
    private var labelledSource: String?
    var location: String {
        get { labelledLocation ?? span.location }
        set { labelledLocation = newValue }
    }
    /// The expression as written, on one line.
    var source: String { labelledSource ?? Compiler.source(span) }
    var key: CoverageKey?
    /// The facts the expression reads, for ` (premium = 12.00万元)` notes: the path as written and
    /// the code that reads it.
    var notes: [(String, Code)] = []

    init(span: Span, labelled: Bool, key: CoverageKey?) {
        self.span = span
        self.key = key
        if labelled {
            labelledLocation = span.location
            labelledSource = Compiler.source(span)
        }
    }
}

final class CompiledDefinition: Sendable {
    let document: Int
    let name: String
    let code: Code
    let type: ValueType
    /// For a truth-valued definition, the site of its expression: it is then decided as a
    /// condition is when a condition reads it.
    let conditionSite: Int?
    /// Definitions this one reads directly.
    let dependencies: [Int]
    let volatile: Bool

    init(document: Int, name: String, code: Code, type: ValueType, conditionSite: Int?, dependencies: [Int], volatile: Bool) {
        self.document = document
        self.name = name
        self.code = code
        self.type = type
        self.conditionSite = conditionSite
        self.dependencies = dependencies
        self.volatile = volatile
    }
}

final class CompiledCondition: Sendable {
    let code: Code
    let site: Int
    let label: String?
    /// The reason given when the condition fails and no explanation is asked for.
    let plainReason: String
    /// The parts of `a and b and …`, each with its site, to name the one that failed.
    let conjuncts: [(Code, Int)]

    init(code: Code, site: Int, label: String?, plainReason: String, conjuncts: [(Code, Int)]) {
        self.code = code
        self.site = site
        self.label = label
        self.plainReason = plainReason
        self.conjuncts = conjuncts
    }
}

// Read for every applicant: a class is shared by one reference instead of copied with each of its
// arrays and strings.
final class CompiledLocal: Sendable {
    let name: String
    let code: Code
    let site: Int
    let label: String?
    let dependencies: [Int]

    init(name: String, code: Code, site: Int, label: String?, dependencies: [Int]) {
        self.name = name
        self.code = code
        self.site = site
        self.label = label
        self.dependencies = dependencies
    }
}

enum CompiledSchedule: Sendable {
    case equal(Int)
    case shares([Code])
}

enum AmountStep: Sendable {
    case local(Int)
    case amount(Code, site: Int)
    case cap(Code, CapScope, label: String?, site: Int)
    case floor(Code, label: String?, site: Int)
    case schedule(CompiledSchedule, condition: Code?, portion: Code?, site: Int)
}

// Their properties are constants: a `var` of a class is checked for exclusive access at every
// reading, which evaluation does for every clause of every applicant.
final class CompiledClause: Sendable {
    let id: ClauseID
    let idText: String
    let document: Int
    let kind: ClauseKind
    let article: String?
    let survivesExpiry: Bool
    let location: String
    /// `applies when` (true) and `when` (false) conditions, in order.
    let conditions: [(applies: Bool, condition: CompiledCondition)]
    let locals: [CompiledLocal]
    let steps: [AmountStep]
    let coverage: CoverageKey
    /// Whether a shared cap may cut the amount, so its schedule is kept to split it again.
    let sharesACap: Bool

    init(id: ClauseID, idText: String, document: Int, kind: ClauseKind, article: String?, survivesExpiry: Bool, location: String,
         conditions: [(applies: Bool, condition: CompiledCondition)], locals: [CompiledLocal], steps: [AmountStep], coverage: CoverageKey,
         sharesACap: Bool) {
        self.id = id
        self.idText = idText
        self.document = document
        self.kind = kind
        self.article = article
        self.survivesExpiry = survivesExpiry
        self.location = location
        self.conditions = conditions
        self.locals = locals
        self.steps = steps
        self.coverage = coverage
        self.sharesACap = sharesACap
    }
}

final class CompiledDocument: Sendable {
    let id: String
    let number: String?
    let title: String?
    let validity: Validity
    let validityText: String
    let rounding: RoundingRule
    let validityLocation: String?
    let headerLocation: String
    let eligibility: [CompiledCondition]
    let clauses: [Int]
    /// Its clauses with nothing to evaluate once it is open (`ClauseGate.takenWhenOpen`).
    let takenWhenOpen: [Int]
    /// Its clauses whose first condition reads one fact alone.
    let gatedByOneFact: [GatedClause]
    /// The quoted values the text tests of `gatedByOneFact` and `eligibilityGates` compare with
    /// (`OneFactTest.text`).
    let gateTexts: [String]
    /// By eligibility condition: the tests that decide it in place, if it is made of such tests.
    let eligibilityGates: [EligibilityGate?]
    /// The tests of `eligibilityGates`.
    let gateTests: [OneFactTest]
    /// The validity's last day, worked out once: a validity given in years would otherwise be
    /// counted out again for every applicant.
    private let lastDay: Day?

    init(id: String, number: String?, title: String?, validity: Validity, validityText: String, rounding: RoundingRule,
         validityLocation: String?, headerLocation: String, eligibility: [CompiledCondition], clauses: [Int], takenWhenOpen: [Int], gatedByOneFact: [GatedClause], gateTexts: [String],
         eligibilityGates: [EligibilityGate?], gateTests: [OneFactTest]) {
        self.id = id
        self.number = number
        self.title = title
        self.validity = validity
        lastDay = validity.lastDay
        self.validityText = validityText
        self.rounding = rounding
        self.validityLocation = validityLocation
        self.headerLocation = headerLocation
        self.eligibility = eligibility
        self.clauses = clauses
        self.takenWhenOpen = takenWhenOpen
        self.gatedByOneFact = gatedByOneFact
        self.gateTexts = gateTexts
        self.eligibilityGates = eligibilityGates
        self.gateTests = gateTests
    }

    /// Eligibility condition `position` decided in place for an applicant with `facts`
    /// (`EligibilityGate.decide`); nil when it is not made of one-fact tests or the facts do not
    /// decide it.
    @inline(__always)
    func decideEligibility(_ position: Int, _ facts: UnsafeBufferPointer<Cell>) -> Bool? {
        guard let gate = eligibilityGates[position] else { return nil }
        return gateTests.withUnsafeBufferPointer { tests in gateTexts.withUnsafeBufferPointer { gate.decide(facts, tests, $0) } }
    }

    /// The fact slots the document's eligibility reads, when every condition of it is made of
    /// one-fact tests (`eligibilityGates`): evaluated or decided in place, it then reads these
    /// slots and nothing else. Nil when the document has no eligibility condition or one that is
    /// not so made.
    var eligibilitySlots: [Int]? {
        guard !eligibilityGates.isEmpty else { return nil }
        var slots: [Int] = []
        for gate in eligibilityGates {
            guard let gate else { return nil }
            slots += gateTests[gate.tests].map(\.slot)
        }
        return slots
    }

    /// Whether the document is in force on `day`: `validity.contains(day)`.
    func inForce(on day: Day) -> Bool { validity.contains(day, lastDay: lastDay) }

    /// Whether a clause of it that may be cashed after expiry can be on `day`: the day is not
    /// before the validity's start.
    func started(by day: Day) -> Bool { validity.start.map { day >= $0 } ?? true }
}

final class CompiledExclusion: Sendable {
    let members: [[Int]]
    let mode: ExclusionDecl.Mode
    let tie: ExclusionDecl.Tie
    let article: String?
    let location: String
    let key: CoverageKey

    init(members: [[Int]], mode: ExclusionDecl.Mode, tie: ExclusionDecl.Tie, article: String?, location: String, key: CoverageKey) {
        self.members = members
        self.mode = mode
        self.tie = tie
        self.article = article
        self.location = location
        self.key = key
    }
}

final class CompiledSharedCap: Sendable {
    /// Clause indices, in the order written.
    let members: [Int]
    /// In yuan.
    let limit: ExactDecimal
    let reduction: SharedCapDecl.Reduction
    let article: String?
    let location: String
    /// `5000.00万元 over yz:8a + yz:9`, for the trace.
    let text: String
    let key: CoverageKey

    init(members: [Int], limit: ExactDecimal, reduction: SharedCapDecl.Reduction, article: String?, location: String, text: String, key: CoverageKey) {
        self.members = members
        self.limit = limit
        self.reduction = reduction
        self.article = article
        self.location = location
        self.text = text
        self.key = key
    }
}

struct CompiledAggregate: Sendable {
    var kind: AggregateKind
    /// The variable's position among the aggregates around it.
    var variable: Int
    var source: Code
    var filter: Code?
    var body: Code?
    var site: Int
    var zeroDimension: Dimension
}

struct CompiledArm: Sendable {
    var lower: Code?
    var lowerInclusive: Bool
    var upper: Code?
    var upperInclusive: Bool
    var result: Code
    var site: Int
    /// The arm's bounds as written (`[1亿, 5亿)`).
    var text: String
}

/// Rates by year over a per-year list; the bands are constants the checker verified.
struct CompiledYearly: Sendable {
    /// The item variable's position among the aggregates around it.
    var variable: Int
    var source: Code
    var value: Code
    var year: Code
    var start: Code
    var bands: [CompiledYearBand]
    var yearCap: Code?
    /// The list's site, located at the whole form.
    var site: Int
}

struct CompiledYearBand: Sendable {
    var first: Int
    var last: Int
    var rate: ExactDecimal
    /// Its coverage key: exercised when a year falls in the band.
    var site: Int
}

/// A resolved expression. Names are gone: facts are slots, definitions and clauses indices,
/// clause `let`s and aggregate variables positions.
indirect enum Code: Sendable {
    case constant(Cell)
    /// Constants made as they are read, not copied from a `Cell` (which goes through the copy of
    /// every kind of value): amounts in yuan, plain numbers, truth values.
    case money(ExactDecimal)
    case plainNumber(ExactDecimal)
    case truth(Bool)
    case fact(Int)
    case local(Int)
    case variable(Int)
    case definition(Int)
    case asOf
    case priorReceived
    /// `missing` is the field's fact when the base is a fact read from the input, else nil (the
    /// path is then made from the record's own).
    case field(Code, index: Int, name: String, site: Int, missing: MissingFacts?)
    case index(Code, Code, site: Int)
    case negate(Code, site: Int)
    case not(Code, site: Int)
    case and(Code, Code, site: Int)
    case or(Code, Code, site: Int)
    case coalesce(Code, Code)
    case binary(BinaryOperator, Code, Code, site: Int)
    case conditional(then: Code, condition: Code, otherwise: Code, site: Int)
    case call(Builtin.ID, [Code], site: Int)
    case clauseAmount(Int, site: Int)
    case aggregate(CompiledAggregate)
    case brackets(subject: Code, arms: [CompiledArm], otherwise: Code?, site: Int)
    /// `increment per full step of quantity above threshold`; the site is the whole form's.
    case steps(increment: Code, step: Code, quantity: Code, threshold: Code, site: Int)
    case yearly(CompiledYearly)
    case setLiteral([Code])
    case membership(Code, Code, negated: Bool, site: Int)
    case presence(Code, PresenceTest)
    case failure(String, site: Int)
    /// A product or quotient whose unit the checker worked out (`price × area × months` is
    /// money), so evaluation does no arithmetic on units.
    case dimension(Code, Dimension)
}
