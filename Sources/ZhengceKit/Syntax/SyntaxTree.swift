/// The syntax tree of one policy file, as the parser builds it. Every node carries its span;
/// equality ignores spans (see `Located`).
public struct PolicyFile: Hashable, Sendable {
    public var header: DocumentHeader?
    public var facts: [FactDecl] = []
    public var definitions: [Definition] = []
    public var clauses: [ClauseDecl] = []
    public var exclusions: [ExclusionDecl] = []
    public var sharedCaps: [SharedCapDecl] = []
    /// Comments, kept in source order so the formatter can put every one back.
    public var comments: [Located<String>] = []

    public init() {}
}

public typealias Name = Located<String>
public typealias ExprNode = Located<Expr>

public struct DocumentHeader: Hashable, Sendable {
    public var id: Name
    public var number: Located<String>?
    public var title: Located<String>?
    public var issuers: [Located<String>] = []
    public var validity: Located<Validity>?
    public var replaces: [Located<String>] = []
    public var rounding: Located<RoundingRule>?
    public var eligibility: [Condition] = []
    public var span: Span
    /// An entry of the header could not be parsed (and was reported): what the header lacks may
    /// be in it.
    public var recovered = false

    public init(id: Name, span: Span) {
        self.id = id
        self.span = span
    }

    public static func == (lhs: DocumentHeader, rhs: DocumentHeader) -> Bool {
        (lhs.id, lhs.number, lhs.title, lhs.issuers) == (rhs.id, rhs.number, rhs.title, rhs.issuers)
            && (lhs.validity, lhs.replaces, lhs.rounding, lhs.eligibility) == (rhs.validity, rhs.replaces, rhs.rounding, rhs.eligibility)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

public struct Validity: Hashable, Sendable {
    public var start: Day?
    public var end: End
    /// `valid not stated`: the source gives no dates. The document is taken as in force on any
    /// day, and every result says that its validity is not stated.
    public var notStated = false

    public init(start: Day?, end: End) {
        self.start = start
        self.end = end
    }

    public static var unstated: Validity {
        var validity = Validity(start: nil, end: .open)
        validity.notStated = true
        return validity
    }

    public enum End: Hashable, Sendable {
        case open
        case until(Day)
        /// `for N years`: the last day is the day before the anniversary (reading G2).
        case years(Int)
    }

    /// The last day in force, if any.
    public var lastDay: Day? {
        switch end {
        case .open: return nil
        case .until(let day): return day
        // Past the year 9999 (`for 999 years` from 9500) no day of the calendar ends it.
        case .years(let count): return start.flatMap { $0.addingYears(count)?.addingDays(-1) }
        }
    }

    public func contains(_ day: Day) -> Bool { contains(day, lastDay: lastDay) }

    /// `contains(day)` with the last day worked out beforehand (`lastDay`), for a caller that
    /// asks for many days.
    func contains(_ day: Day, lastDay: Day?) -> Bool {
        if let start, day < start { return false }
        if let lastDay, day > lastDay { return false }
        return true
    }
}

public struct RoundingRule: Hashable, Sendable {
    public var unit: MoneyUnit
    public var places: Int
    public var mode: ExactDecimal.Rounding

    public static let standard = RoundingRule(unit: .wan, places: 2, mode: .halfUp)

    /// `amount` (in 元) rounded to the rule's places of its unit, by `mode` (the rule's own when
    /// nil), in 元 again. Every unit is a power of ten of 元, so when the amount in the unit is
    /// exact (within `ExactDecimal.maxScale` places) it is rounded where the unit's places fall,
    /// its point moved rather than divided into the unit and multiplied back; else it is divided,
    /// rounded and multiplied. Both give the same value wherever both apply.
    func round(_ amount: ExactDecimal, _ mode: ExactDecimal.Rounding? = nil) throws(ArithmeticError) -> ExactDecimal {
        if let shift = unit.factor.powerOfTen, amount.scale + shift <= ExactDecimal.maxScale {
            return try amount.rounded(toPlaces: places - shift, mode ?? self.mode)
        }
        return try amount.divided(by: unit.factor).rounded(toPlaces: places, mode ?? self.mode).multiplied(by: unit.factor)
    }
}

/// A named, labelled condition (`when x > 1 "label"`); each one is traced on its own.
public struct Condition: Hashable, Sendable {
    public var expression: ExprNode
    public var label: String?
}

// MARK: Facts

public struct FactDecl: Hashable, Sendable {
    public var name: Name
    public var type: Located<TypeSyntax>
    public var defaultValue: ExprNode?
    /// `implied by OTHER`: the applicant giving OTHER makes this bool true.
    public var impliedBy: Name? = nil
    public var label: String?
}

public indirect enum TypeSyntax: Hashable, Sendable {
    case bool
    case money(unit: String)
    case number(unit: String?)
    case percent
    case count
    case date
    case text
    case choice([String])
    case setOf([String])
    case listOf(TypeSyntax)
    case record([FieldDecl])
    /// `signed money`, `signed number`, `signed percent`: the input may be negative.
    case signed(TypeSyntax)
}

public struct FieldDecl: Hashable, Sendable {
    public var name: String
    public var type: TypeSyntax
    public var defaultValue: ExprNode?
    public var label: String?
}

/// `let name = expression "label"` at document level: a named value or predicate clauses share.
public struct Definition: Hashable, Sendable {
    public var name: Name
    public var expression: ExprNode
    public var label: String?
}

// MARK: Clauses

public enum ClauseKind: String, Hashable, Sendable {
    case monetary
    case assessed
    case noAmount = "no_amount"
    case benefit
}

public struct ClauseDecl: Hashable, Sendable {
    public var label: Name
    public var title: String
    public var citation: Located<String>?
    public var isBenefit: Bool
    public var statements: [ClauseStatement] = []
    public var span: Span
    /// A statement of the clause could not be parsed (and was reported): what the clause lacks
    /// may be in it.
    public var recovered = false

    public static func == (lhs: ClauseDecl, rhs: ClauseDecl) -> Bool {
        (lhs.label, lhs.title, lhs.citation, lhs.isBenefit, lhs.statements) == (rhs.label, rhs.title, rhs.citation, rhs.isBenefit, rhs.statements)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(label) }
}

public enum CapScope: String, Hashable, Sendable, CaseIterable {
    case item = "per item"
    case time = "per time"
    case project = "per project"
    case year = "per year"
    case enterprise = "per enterprise"
    case clause = "total"
    /// Over several years or the whole policy: subtracts the amount already received.
    case cumulative = "cumulative"
}

public enum ScheduleSyntax: Hashable, Sendable {
    case shares([ExprNode])
    case equal(Int)
}

public enum ClauseStatement: Hashable, Sendable {
    case agency(Located<String>)
    case applies(ExprNode)
    case when(Condition)
    case local(Definition)
    case amount(ExprNode)
    case assessed(ExprNode)
    case unspecified(Located<String>)
    case cap(ExprNode, CapScope, label: String?)
    case floor(ExprNode, label: String?)
    /// `portion`: the part of the amount paid by the schedule; the rest is paid in the first year.
    case schedule(Located<ScheduleSyntax>, condition: ExprNode?, portion: ExprNode?)
    /// The clause may be cashed after the document expires (deferred cashing).
    case survivesExpiry(Located<String>)
}

// MARK: Exclusions

public struct ClauseRef: Hashable, Sendable, CustomStringConvertible {
    /// nil for a clause of the same document.
    public var document: String?
    public var label: String

    public var description: String { document.map { "\($0):\(label)" } ?? label }
}

public struct ExclusionDecl: Hashable, Sendable {
    public enum Mode: String, Hashable, Sendable {
        /// 就高不重复: the highest member is granted.
        case highest
        /// 只能选择适用其中之一: the applicant chooses; the engine recommends the highest.
        case choice
        /// `exclusive A over { B, C }`: whoever takes A does not also get B or C (one-way). The
        /// first member is A; the others follow.
        case over
    }

    public enum Tie: String, Hashable, Sendable { case first, last }

    /// Each member is one clause or the sum of several (`3 + 13`).
    public var members: [Located<[Located<ClauseRef>]>]
    public var mode: Mode
    public var tie: Tie
    public var citation: Located<String>?
    public var span: Span

    public static func == (lhs: ExclusionDecl, rhs: ExclusionDecl) -> Bool {
        (lhs.members, lhs.mode, lhs.tie, lhs.citation) == (rhs.members, rhs.mode, rhs.tie, rhs.citation)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(members) }
}

/// `shared cap LIMIT { a, b, doc:c } reduce in order | reduce proportionally (article)`: the
/// granted amounts of the members together at most LIMIT.
public struct SharedCapDecl: Hashable, Sendable {
    public enum Reduction: String, Hashable, Sendable {
        /// Members are paid in the order listed, each from what the ones before it left.
        case inOrder = "in order"
        /// Every member is cut by the same fraction.
        case proportionally
    }

    public var limit: ExprNode
    public var members: [Located<ClauseRef>]
    public var reduction: Reduction
    public var citation: Located<String>?
    public var span: Span

    public static func == (lhs: SharedCapDecl, rhs: SharedCapDecl) -> Bool {
        (lhs.limit, lhs.members, lhs.reduction, lhs.citation) == (rhs.limit, rhs.members, rhs.reduction, rhs.citation)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(members) }
}

// MARK: Expressions

public enum BinaryOperator: String, Hashable, Sendable {
    case add = "+", subtract = "-", multiply = "×", divide = "÷"
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">=", equal = "==", notEqual = "!="
    case and, or
    case coalesce = "??"
}

public enum AggregateKind: String, Hashable, Sendable {
    case sum, max, min, count, any, all
    /// `group(x in list by key)`: the items by key, as records `{key, items}` in order of first appearance.
    case group
}

public enum PresenceTest: String, Hashable, Sendable {
    case present, absent, empty, notEmpty = "not empty"
}

public struct BracketArm: Hashable, Sendable {
    public var lower: ExprNode?
    public var lowerInclusive: Bool
    /// nil means no upper bound (`∞`).
    public var upper: ExprNode?
    public var upperInclusive: Bool
    public var result: ExprNode
    public var span: Span

    public static func == (lhs: BracketArm, rhs: BracketArm) -> Bool {
        (lhs.lower, lhs.lowerInclusive, lhs.upper, lhs.upperInclusive, lhs.result) == (rhs.lower, rhs.lowerInclusive, rhs.upper, rhs.upperInclusive, rhs.result)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(result) }
}

/// `INCREMENT per full STEP [of QUANTITY] above THRESHOLD`: INCREMENT times the number of whole
/// STEPs by which QUANTITY exceeds THRESHOLD (0 at or below it). Inside a bracket arm the quantity
/// may be left out: it is the bracket's subject.
public struct StepIncrement: Hashable, Sendable {
    public var increment: ExprNode
    public var step: ExprNode
    public var quantity: ExprNode
    /// Whether `of QUANTITY` is written; when not, `quantity` is the enclosing bracket's subject.
    public var quantityWritten: Bool
    public var threshold: ExprNode
}

/// Rates by year of the applicant's history, over a per-year list: each item's `value` times the
/// rate of the band its year falls in, counted from `start` (year 1), with an optional cap on
/// each year's result.
public struct YearlyRates: Hashable, Sendable {
    public var variable: Name
    public var source: ExprNode
    public var value: ExprNode
    /// The calendar year of an item.
    public var year: ExprNode
    /// The first year of the history: a calendar year or a date.
    public var start: ExprNode
    public var bands: [YearBand]
    public var yearCap: ExprNode?
}

/// `years 1 to 2 => 100%` (or `year 3 => 50%`).
public struct YearBand: Hashable, Sendable {
    public var first: ExprNode
    public var last: ExprNode
    public var rate: ExprNode
    public var span: Span

    public static func == (lhs: YearBand, rhs: YearBand) -> Bool {
        (lhs.first, lhs.last, lhs.rate) == (rhs.first, rhs.last, rhs.rate)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(rate) }
}

public indirect enum Expr: Hashable, Sendable {
    /// A numeric literal in base units (元 or US dollars for money; a fraction for percentages).
    case number(ExactDecimal, Dimension, written: String)
    case bool(Bool)
    case date(Day)
    case text(String)
    case name(String)
    case field(ExprNode, String)
    case index(ExprNode, ExprNode)
    case negate(ExprNode)
    case not(ExprNode)
    case binary(BinaryOperator, ExprNode, ExprNode)
    case conditional(then: ExprNode, condition: ExprNode, otherwise: ExprNode)
    case call(Name, [ExprNode])
    case clauseAmount(Located<ClauseRef>)
    case aggregate(AggregateKind, variable: Name, source: ExprNode, filter: ExprNode?, body: ExprNode?)
    case brackets(subject: ExprNode, arms: [BracketArm], otherwise: ExprNode?)
    /// `100万 per full 1亿 above 10亿`: a sum for each whole step of a quantity above a threshold.
    case steps(StepIncrement)
    /// `yearly t in list: value at year from start { years 1 to 2 => 100% … }`: rates that change
    /// over the years of the applicant's history.
    case yearly(YearlyRates)
    case setLiteral([ExprNode])
    case membership(ExprNode, ExprNode, negated: Bool)
    case presence(ExprNode, PresenceTest)
    case error
}
