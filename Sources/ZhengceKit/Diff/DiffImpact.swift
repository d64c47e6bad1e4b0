/// Where a changed bound, rate, cap or threshold changes results: the range of the value it acts
/// on, one witness value in that range worked out from the policy's own numbers (never sampled),
/// and whether the change is more or less generous there.
public struct Impact: Sendable {
    public enum Verdict: String, Sendable {
        case moreGenerous = "more_generous"
        case lessGenerous = "less_generous"
        case mixed
        case unknown
    }

    /// What the range is of: a fact (`sci_tech_insurance.premium`) or, when the change acts on a
    /// derived value, that expression as written (`growth`).
    public var subject: String
    /// The fact's path when the subject is a single fact.
    public var fact: String?
    /// The range in interval notation, in the subject's unit (`[5,000万元, 6,000万元)`).
    public var range: String
    public var witness: String?
    /// Whether the range is one value (a bound whose inclusion alone changed).
    public var isPoint: Bool { range.hasPrefix("[") && witness.map { range == "[\($0), \($0)]" } == true }
    public var verdict: Verdict
    /// How the verdict was reached: the clause evaluated under both versions at the witness (with
    /// which applicant and what it gave), or the direction of the change when no applicant
    /// reaches the clause.
    public var basis: String
}

/// A value range with optional ends.
struct ValueRange {
    var lower: ExactDecimal?
    var lowerInclusive = false
    var upper: ExactDecimal?
    var upperInclusive = false

    /// The values that move from one side of a point to the other when the point moves.
    static func between(_ old: (ExactDecimal, above: Bool), _ new: (ExactDecimal, above: Bool)) -> ValueRange {
        if old.0 == new.0 { return ValueRange(lower: old.0, lowerInclusive: true, upper: old.0, upperInclusive: true) }
        let (low, high) = old.0 < new.0 ? (old, new) : (new, old)
        return ValueRange(lower: low.0, lowerInclusive: low.above, upper: high.0, upperInclusive: !high.above)
    }

    func contains(_ value: ExactDecimal) -> Bool {
        if let lower, value < lower || (value == lower && !lowerInclusive) { return false }
        if let upper, value > upper || (value == upper && !upperInclusive) { return false }
        return true
    }

    /// A value inside, preferring a written end; `step` is one unit of the subject's scale.
    func inside(step: ExactDecimal) -> ExactDecimal? {
        let candidates: [ExactDecimal?] = [
            lowerInclusive ? lower : nil,
            upperInclusive ? upper : nil,
            lower.flatMap { low in upper.flatMap { high in try? low.adding(high).divided(by: ExactDecimal(2)) } },
            lower.flatMap { try? $0.adding(step) },
            upper.flatMap { try? $0.subtracting(step) },
            ExactDecimal.zero,
        ]
        return candidates.compactMap { $0 }.first(where: contains)
    }
}

/// How the subject's numbers are shown and written in an applicant file.
struct DiffScale {
    var unit: MoneyUnit?
    var percent = false

    static func of(_ info: InputUnit) -> DiffScale {
        switch info {
        case .money(let unit): return DiffScale(unit: unit)
        case .percent: return DiffScale(percent: true)
        case .none: return DiffScale()
        }
    }

    /// The scale a literal is written in (`5000万` in 万元, `18%` as a percentage).
    static func of(written: String, dimension: Dimension) -> DiffScale {
        if written.hasSuffix("%") { return DiffScale(percent: true) }
        if dimension.isMoney { return DiffScale(unit: MoneyUnit.longestPrefix(of: Substring(written.drop { $0.isNumber || $0 == "." || $0 == "," })) ?? .wan) }
        return DiffScale()
    }

    var factor: ExactDecimal { unit?.factor ?? (percent ? ExactDecimal(parsing: "0.01") ?? .one : .one) }

    /// The number as the applicant file writes it.
    func input(_ value: ExactDecimal) -> String {
        ((try? value.divided(by: factor)) ?? value).formatted()
    }

    func display(_ value: ExactDecimal) -> String {
        let scaled = (try? value.divided(by: factor)) ?? value
        let shown = (try? scaled.rounded(toPlaces: 4, .halfUp)) ?? scaled
        let places = min(shown.scale, 4)
        return shown.grouped(places: places) + (unit?.name ?? (percent ? "%" : ""))
    }

    /// One unit of the scale (1万元, 1%, 1).
    var step: ExactDecimal { factor }

    func text(_ interval: ValueRange) -> String {
        let low = interval.lower.map(display) ?? "-∞"
        let high = interval.upper.map(display) ?? "∞"
        return (interval.lowerInclusive ? "[" : "(") + low + ", " + high + (interval.upperInclusive ? "]" : ")")
    }
}

/// An applicant whose facts can be varied to evaluate a clause at a witness value.
public struct DiffBase: Sendable {
    public var name: String
    /// The applicant as `eval` reads it (`facts`, `prior_received`, …).
    public var root: JSONNode
    public var asOf: Day?

    public init(name: String, root: JSONNode, asOf: Day?) {
        self.name = name
        self.root = root
        self.asOf = asOf
    }

    /// The applicant read against a program's facts.
    func applicant(_ program: Program) throws(ApplicantReader.Failure) -> Applicant {
        try ApplicantReader.read(root, program: program)
    }

    /// The same applicant with one fact (a path into `facts`) set to `value`; records on the way
    /// are created when absent.
    func setting(_ path: [String], to value: JSONNode) -> DiffBase {
        func set(_ node: JSONNode?, _ path: ArraySlice<String>) -> JSONNode {
            guard let key = path.first else { return value }
            var members: [(key: String, value: JSONNode)] = []
            if case .object(let existing)? = node?.value { members = existing }
            let child = set(members.last { $0.key == key }?.value, path.dropFirst())
            if let index = members.lastIndex(where: { $0.key == key }) { members[index].value = child } else { members.append((key, child)) }
            return JSONNode(value: .object(members), span: node?.span ?? root.span)
        }
        return DiffBase(name: name, root: set(root, ArraySlice(["facts"] + path)), asOf: asOf)
    }
}

enum DiffImpact {
    struct Context {
        var old: Program
        var new: Program
        var bases: [Reach]
        var asOf: Day
        /// At most this many applicants are tried per change.
        var attempts = 40
    }

    /// An applicant with the clauses it reaches under the new version.
    struct Reach {
        var base: DiffBase
        var granted: Set<String>
        var applicable: Set<String>

        init(_ base: DiffBase, program: Program, asOf: Day) {
            let clauses = (try? base.applicant(program)).map { Zhengce.evaluate(program, $0, asOf: base.asOf ?? asOf).clauses } ?? []
            self.init(base, clauses: clauses)
        }

        init(_ base: DiffBase, clauses: [ClauseOutcome]) {
            self.base = base
            granted = Set(clauses.filter { $0.status == .granted || $0.status == .excluded }.map(\.id))
            applicable = Set(clauses.filter { $0.status != .notApplicable }.map(\.id))
        }
    }

    /// The applicants to try for a clause: those it grants first, then those it applies to.
    static func candidates(_ clause: String, _ context: Context) -> [DiffBase] {
        let granted = context.bases.filter { $0.granted.contains(clause) }
        let applicable = context.bases.filter { !$0.granted.contains(clause) && $0.applicable.contains(clause) }
        return (granted + applicable).prefix(context.attempts).map(\.base)
    }

    static func assess(_ changes: [PolicyChange], _ context: Context) -> [PolicyChange] {
        changes.map { change in
            var change = change
            if let probe = change.probe { change.impact = impact(probe, clause: change.clause, context) }
            return change
        }
    }

    static func impact(_ probe: Probe, clause: String?, _ context: Context) -> Impact? {
        switch probe {
        case .boundary(let subject, let old, let new, let test, let hint):
            let (scale, fact, text) = describe(subject, context, hint: hint)
            let region = ValueRange.between(old, new)
            guard let witness = region.inside(step: scale.step) else { return nil }
            var statically: Impact.Verdict = .unknown
            switch test {
            case .condition(let passesAbove):
                let passesOld = above(witness, old) == passesAbove, passesNew = above(witness, new) == passesAbove
                statically = passesNew && !passesOld ? .moreGenerous : (!passesNew && passesOld ? .lessGenerous : .unknown)
            case .opaque: break
            case .brackets(let before, let after):
                if let a = armResult(before, at: witness), let b = armResult(after, at: witness) {
                    statically = b > a ? .moreGenerous : (b < a ? .lessGenerous : .unknown)
                }
            }
            let basis = statically == .unknown ? "" : "at the witness the \(test.isCondition ? "condition" : "bracket") gives this by itself"
            let points = [witness] + [midpoint(region)].compactMap { $0 }.filter { $0 != witness }
            return decide(Impact(subject: text, fact: fact?.path, range: scale.text(region), witness: scale.display(witness), verdict: statically, basis: basis),
                          fact: fact, points: points, scale: scale, clause: clause, context)
        case .arm(let subject, let arm, let old, let new):
            let (scale, fact, text) = describe(subject, context, hint: hint(arm.lower ?? arm.upper))
            let region = armInterval(arm)
            guard let witness = region.inside(step: scale.step) else { return nil }
            let verdict: Impact.Verdict = new > old ? .moreGenerous : .lessGenerous
            return decide(Impact(subject: text, fact: fact?.path, range: scale.text(region), witness: scale.display(witness), verdict: verdict, basis: "by the direction of the change"),
                          fact: fact, points: [witness], scale: scale, clause: clause, context)
        case .factor(let amount, let old, let new):
            guard let (subject, factors) = product(amount) else { return nil }
            let (scale, fact, text) = describe(subject, context)
            let cap = clause.flatMap { capValue(of: $0, context.new) }
            var region = ValueRange(lower: .zero, lowerInclusive: false)
            var witness = (try? scale.step.multiplied(by: ExactDecimal(100))) ?? scale.step
            if let cap, let smallest = [old, new].min(), let largest = [old, new].max(), !smallest.isZero, !largest.isZero {
                region.upper = try? cap.divided(by: smallest)
                if let point = try? cap.divided(by: largest), let rounded = roundedDown(point, scale), rounded > .zero { witness = rounded }
            }
            _ = factors
            let verdict: Impact.Verdict = new > old ? .moreGenerous : .lessGenerous
            return decide(Impact(subject: text, fact: fact?.path, range: scale.text(region), witness: scale.display(witness), verdict: verdict, basis: "by the direction of the change"),
                          fact: fact, points: [witness], scale: scale, clause: clause, context)
        case .limit(let isCap, let amount, let old, let new):
            let verdict: Impact.Verdict = new > old ? .moreGenerous : .lessGenerous
            let money = DiffScale(unit: .wan)
            guard let amount, let (subject, factors) = product(amount), let kMin = factors.min(), let kMax = factors.max(), !kMin.isZero else {
                let region = isCap ? ValueRange(lower: min(old, new)) : ValueRange(lower: .zero, lowerInclusive: true, upper: max(old, new))
                return Impact(subject: "the amount before the \(isCap ? "cap" : "floor")", fact: nil, range: money.text(region), witness: nil, verdict: verdict,
                              basis: "by the direction of the change")
            }
            let (scale, fact, text) = describe(subject, context)
            var region = ValueRange()
            var witness: ExactDecimal?
            if isCap {
                region.lower = try? min(old, new).divided(by: kMax)
                witness = (try? max(old, new).divided(by: kMin)).flatMap { roundedUp($0, scale) }
            } else {
                region.lower = .zero
                region.upper = try? max(old, new).divided(by: kMin)
                witness = (try? min(old, new).divided(by: kMax).divided(by: ExactDecimal(2))).flatMap { roundedDown($0, scale) }
            }
            return decide(Impact(subject: text, fact: fact?.path, range: scale.text(region), witness: witness.map(scale.display), verdict: verdict, basis: "by the direction of the change"),
                          fact: fact, points: witness.map { [$0] } ?? [], scale: scale, clause: clause, context)
        }
    }

    /// Evaluates the clause under both versions at the points, for the first applicant whose
    /// result there differs; keeps the static verdict when none does.
    static func decide(_ impact: Impact, fact: FactPath?, points: [ExactDecimal], scale: DiffScale, clause: String?, _ context: Context) -> Impact {
        var impact = impact
        guard let fact, let clause, !points.isEmpty else {
            if impact.verdict == .unknown { impact.basis = "no single fact to vary" }
            return impact
        }
        for base in candidates(clause, context) {
            var signs: Set<Int> = []
            var shown: String?
            for point in points {
                guard let (old, new) = amounts(base, fact: fact, value: scale.input(point), clause: clause, context) else { continue }
                if old != new {
                    signs.insert(new > old ? 1 : -1)
                    if shown == nil {
                        shown = "evaluated at \(scale.display(point)) for `\(base.name)`: \(EvaluationReport.wan(old)) → \(EvaluationReport.wan(new))万元"
                    }
                }
            }
            guard let shown else { continue }
            impact.verdict = signs.count > 1 ? .mixed : (signs.contains(1) ? .moreGenerous : .lessGenerous)
            impact.basis = shown
            return impact
        }
        let tried = candidates(clause, context).count
        let note = tried == 0 ? "no applicant given reaches this clause" : "none of the \(tried) applicant\(tried == 1 ? "" : "s") tried changes at the witness"
        impact.basis = impact.verdict == .unknown ? note : "\(impact.basis) (\(note))"
        return impact
    }

    /// The clause's result for one applicant with one fact set to `value`, under both versions.
    static func amounts(_ base: DiffBase, fact: FactPath, value: String, clause: String, _ context: Context) -> (ExactDecimal, ExactDecimal)? {
        let varied = base.setting(fact.components, to: JSONNode(value: .string(value), span: base.root.span))
        guard let oldApplicant = try? varied.applicant(context.old), let newApplicant = try? varied.applicant(context.new) else { return nil }
        let asOf = base.asOf ?? context.asOf
        let old = PopulationDiff.paid(Zhengce.evaluate(context.old, oldApplicant, asOf: asOf).clause(clause))
        let new = PopulationDiff.paid(Zhengce.evaluate(context.new, newApplicant, asOf: asOf).clause(clause))
        return (old, new)
    }

    struct FactPath {
        var components: [String]
        var path: String { components.joined(separator: ".") }
    }

    /// The subject's scale, its fact path when it is one fact (or a field of one), and its text.
    static func describe(_ subject: ExprNode, _ context: Context, hint: DiffScale = DiffScale()) -> (DiffScale, FactPath?, String) {
        let text = PolicyDiff.written(subject.span)
        switch subject.value {
        case .name(let name):
            if let info = context.new.facts[name] { return (DiffScale.of(info.input), FactPath(components: [name]), text) }
        case .field(let base, let field):
            if case .name(let name) = base.value, let info = context.new.facts[name], let record = info.type.field(field) {
                return (DiffScale.of(record.input), FactPath(components: [name, field]), text)
            }
        default: break
        }
        return (hint, nil, text)
    }

    /// The scale a bound is written in, for a subject that is not one fact.
    static func hint(_ node: ExprNode?) -> DiffScale {
        guard case .number(_, let dimension, let written)? = node?.value else { return DiffScale() }
        return DiffScale.of(written: written, dimension: dimension)
    }

    /// `fact × k` or `k × fact` (k a number or a choice of numbers), or the fact alone.
    static func product(_ amount: ExprNode) -> (ExprNode, [ExactDecimal])? {
        switch amount.value {
        case .name, .field: return (amount, [.one])
        case .binary(.multiply, let left, let right):
            if let factors = numbers(right), isFact(left) { return (left, factors) }
            if let factors = numbers(left), isFact(right) { return (right, factors) }
        default: break
        }
        return nil
    }

    static func isFact(_ node: ExprNode) -> Bool {
        switch node.value {
        case .name: return true
        case .field(let base, _): if case .name = base.value { return true } else { return false }
        default: return false
        }
    }

    static func numbers(_ node: ExprNode) -> [ExactDecimal]? {
        switch node.value {
        case .number(let value, _, _): return [value]
        case .conditional(let then, _, let otherwise):
            guard let a = numbers(then), let b = numbers(otherwise) else { return nil }
            return a + b
        default: return nil
        }
    }

    static func capValue(of clause: String, _ program: Program) -> ExactDecimal? {
        guard let declaration = program.clauses[clause]?.declaration else { return nil }
        for case .cap(let value, _, _) in declaration.statements {
            if case .number(let amount, _, _) = value.value { return amount }
        }
        return nil
    }

    static func above(_ value: ExactDecimal, _ point: (ExactDecimal, above: Bool)) -> Bool {
        value > point.0 || (value == point.0 && point.above)
    }

    static func armInterval(_ arm: BracketArm) -> ValueRange {
        var interval = ValueRange()
        if case .number(let value, _, _)? = arm.lower?.value { interval.lower = value; interval.lowerInclusive = arm.lowerInclusive }
        if case .number(let value, _, _)? = arm.upper?.value { interval.upper = value; interval.upperInclusive = arm.upperInclusive }
        return interval
    }

    /// The constant result of the bracket arm a value falls in (0 when none does and there is no
    /// `else`), when the arms' results are numbers.
    static func armResult(_ brackets: Expr, at value: ExactDecimal) -> ExactDecimal? {
        guard case .brackets(_, let arms, let otherwise) = brackets else { return nil }
        for arm in arms where armInterval(arm).contains(value) {
            if case .number(let result, _, _) = arm.result.value { return result }
            return nil
        }
        guard let otherwise else { return .zero }
        if case .number(let result, _, _) = otherwise.value { return result }
        return nil
    }

    static func midpoint(_ region: ValueRange) -> ExactDecimal? {
        guard let low = region.lower, let high = region.upper, low != high else { return nil }
        return try? low.adding(high).divided(by: ExactDecimal(2))
    }

    static func roundedUp(_ value: ExactDecimal, _ scale: DiffScale) -> ExactDecimal? {
        (try? value.divided(by: scale.factor).rounded(toPlaces: 2, .up)).flatMap { try? $0.multiplied(by: scale.factor) }
    }

    static func roundedDown(_ value: ExactDecimal, _ scale: DiffScale) -> ExactDecimal? {
        (try? value.divided(by: scale.factor).rounded(toPlaces: 2, .down)).flatMap { try? $0.multiplied(by: scale.factor) }
    }
}

extension Probe.BoundaryTest {
    var isCondition: Bool { if case .condition = self { return true } else { return false } }
}
