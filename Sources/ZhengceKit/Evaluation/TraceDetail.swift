/// A value an expression read, by the name it was read under (`premium`, `f.paid_in_usd_m`).
public struct Reading: Sendable {
    public var name: String
    public var value: Cell
}

/// A condition that failed, with the part that failed and the values it read.
public struct FailedCondition: Sendable {
    /// The condition's label as the policy writes it (`"银行机构"`), if any.
    public var label: String?
    /// The source text of the failing part.
    public var expression: String
    public var readings: [Reading]
}

/// What one trace step found, as values rather than words: the reports render it in the reader's
/// language, the JSON trace carries it for tools. Recorded only when an evaluation explains.
public enum TraceDetail: Sendable {
    case notInForce(document: String, asOf: Day, validity: Validity)
    case survivesExpiry(document: String)
    case notEligible(FailedCondition)
    case eligibilityNeeds([String])
    case doesNotApply(expression: String, readings: [Reading])
    case holds(expression: String, readings: [Reading])
    case undecided(expression: String, needs: [String])
    case fails(FailedCondition)
    case benefit
    case eligibleWithoutAmount
    case amountNeeds([String])
    case amountIsZero
    case failed(message: String, at: String)
    /// A `let` computed: its name, source, value and label.
    case local(name: String, expression: String, value: Cell, label: String?)
    case clauseAmount(clause: String, amount: ExactDecimal, status: ClauseOutcome.Status)
    case amount(expression: String, value: ExactDecimal, readings: [Reading])
    /// `min` or `max` of several values.
    case extremum(function: String, inputs: [Cell], result: Cell)
    case clamp(value: Cell, low: Cell, high: Cell, result: Cell)
    case aggregate(function: String, counted: Int, items: Int, expression: String, values: [Cell], result: Cell)
    /// The bracket arm a value falls in, as written (`[5000万, 1亿)`).
    case bracket(expression: String, value: Cell, arm: String)
    case noBracket(expression: String, value: Cell)
    /// Whole steps of a quantity above a threshold (`100万 per full 1亿 above 10亿`): `count`
    /// full steps of `step` above `threshold`, each paying `increment`.
    case steps(expression: String, quantity: Cell, count: ExactDecimal, step: Cell, threshold: Cell, increment: Cell, result: Cell)
    /// A year of a `yearly` list that no band of years has a rate for (`relative` counts from
    /// year 1, the year `start`).
    case yearWithoutRate(year: Int, relative: Int, start: Int)
    /// A year of a `yearly` list: its band of years, rate, value and share, and what is paid
    /// after the cap per year.
    case yearShare(year: Int, relative: Int, start: Int, band: ClosedRange<Int>, rate: ExactDecimal, value: Cell, share: Cell, paid: Cell)
    /// The sum of a `yearly` list over its years.
    case yearlyTotal(expression: String, total: Cell)
    /// A cap: its scope (or label), its limit after subtracting `prior` (cumulative caps), and
    /// the amount before it; `applied` when it bound.
    case cap(scope: CapScope, label: String?, limit: ExactDecimal, prior: ExactDecimal?, before: ExactDecimal, applied: Bool)
    case floor(label: String?, floor: ExactDecimal, before: ExactDecimal)
    case rounding(mode: ExactDecimal.Rounding, places: Int, unit: MoneyUnit, from: ExactDecimal, to: ExactDecimal)
    /// Installments by year; `atOnce` is the part paid in the first year outside the schedule.
    case schedule(installments: [Installment], atOnce: ExactDecimal?)
    case excluded(by: [String], winning: ExactDecimal, own: ExactDecimal, choice: Bool)
    case kept(over: [[String]], choice: Bool)
    /// Excluded by one-way precedence: whoever takes `by` does not also get this clause.
    case precedenceExcluded(by: String)
    /// The clause that took precedence, and the clauses it ruled out.
    case precedenceKept(over: [String])
    /// A cap shared by `members` that their granted amounts, `together`, do not exceed.
    case sharedCapNotReached(limit: ExactDecimal, members: [String], together: ExactDecimal)
    /// A shared cap that bound: this clause's granted amount `before` → `after` (equal when the
    /// clause kept it in full).
    case sharedCap(limit: ExactDecimal, members: [String], reduction: SharedCapDecl.Reduction, together: ExactDecimal,
                   before: ExactDecimal, after: ExactDecimal)
    /// Members of a shared cap still undetermined: once decided they may take part of it.
    case sharedCapPending(limit: ExactDecimal, members: [String], pending: [String])
    /// The installments paid by year, recomputed from the amount a shared cap left.
    case reducedSchedule(installments: [Installment])
    /// The document states no validity: it is taken as in force on `asOf`.
    case validityNotStated(document: String, asOf: Day)
}
