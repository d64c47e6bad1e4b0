import Foundation

/// One small change to one policy: a constant nudged by one in its last written digit, a bracket
/// bound's inclusion flipped, a comparison or `and`/`or` swapped, a condition, cap, floor, limit
/// or exclusion rule dropped. The change is made on the syntax tree, never on the text; the
/// tree keeps the original spans, so the change is located where it was written.
public struct Mutant: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case constant
        case bound
        case comparison
        case logic
        case condition = "dropped condition"
        case cap = "dropped cap"
        case floor = "dropped floor"
        /// A constant argument of `min` or `max` left out (a limit written inside the amount).
        case limit = "dropped limit"
        case exclusion = "dropped exclusion"
        case sharedCap = "dropped shared cap"
    }

    public var kind: Kind
    public var path: String
    public var line: Int
    public var column: Int
    /// The document id (`yz2025`).
    public var document: String
    /// The full clause id (`yz2025:11b`); nil for document-level conditions, shared definitions
    /// and exclusion rules.
    public var clause: String?
    /// The article the clause or exclusion rule cites (`第十一条`).
    public var article: String?
    /// What was written, and what the mutant has instead.
    public var old: String
    public var new: String

    /// Which policy file changed, and its changed tree.
    var fileIndex: Int
    var tree: PolicyFile

    /// `path:line`, the way a person finds it.
    public var location: String { "\(path):\(line)" }

    /// A one-line description: `第十一条 yz2025:11b: constant 100万 → 101万`.
    public var summary: String {
        let place = [article, clause].compactMap { $0 }.joined(separator: " ")
        return (place.isEmpty ? document : place) + ": \(kind.rawValue) \(old) → \(new)"
    }
}

/// What the examples made of one mutant.
public struct MutantResult: Sendable {
    public enum Outcome: String, Sendable {
        /// An example fails on the mutant.
        case killed
        /// Every example still passes: nothing pins what the mutant changed.
        case survived
        /// The checker rejects the mutated program, so it is no policy anyone could ship.
        case skipped
    }

    public var mutant: Mutant
    public var outcome: Outcome
    /// The first example that failed (`file:line: name`), for a killed mutant; the checker's
    /// first error, for a skipped one.
    public var reason: String?
}

/// The mutants of a set of policies and what their examples made of each.
public struct MutationReport: Sendable {
    public var results: [MutantResult]

    public var killed: Int { results.filter { $0.outcome == .killed }.count }
    public var survived: Int { results.filter { $0.outcome == .survived }.count }
    public var skipped: Int { results.filter { $0.outcome == .skipped }.count }
    public var survivors: [MutantResult] { results.filter { $0.outcome == .survived } }

    /// killed / (killed + survived) as a percentage truncated (never rounded up) to two places;
    /// 100 when no mutant counted.
    public var score: ExactDecimal {
        let counted = killed + survived
        guard counted > 0 else { return ExactDecimal(100) }
        return (try? ExactDecimal(killed * 100).divided(by: ExactDecimal(counted)).rounded(toPlaces: 2, .down)) ?? .zero
    }

    /// Whether the score reaches `percent`, compared exactly (killed × 100 ≥ percent × counted).
    public func reaches(_ percent: ExactDecimal) -> Bool {
        let counted = killed + survived
        guard counted > 0 else { return true }
        let left = (try? ExactDecimal(killed).multiplied(by: ExactDecimal(100))) ?? .zero
        let right = (try? percent.multiplied(by: ExactDecimal(counted))) ?? .zero
        return left >= right
    }

    public var text: String {
        var lines: [String] = []
        let survivors = self.survivors
        if !survivors.isEmpty {
            lines.append("survivors (no example notices these changes):")
            for result in survivors { lines.append("  \(result.mutant.location): \(result.mutant.summary)") }
            lines.append("")
        }
        lines.append("mutants: \(results.count) made, \(killed) killed, \(survived) survived, \(skipped) skipped (rejected by the checker)")
        lines.append("mutation score: \(killed)/\(killed + survived) (\(score.formatted(minimumPlaces: 2))%)")
        return lines.joined(separator: "\n")
    }

    public var json: String {
        JSONOut.object([
            ("format", .string("zhengce.mutants")),
            ("version", .int(1)),
            ("mutants", .int(results.count)),
            ("killed", .int(killed)),
            ("survived", .int(survived)),
            ("skipped", .int(skipped)),
            ("score", .string(score.formatted(minimumPlaces: 2))),
            ("results", .array(results.map { result in
                let mutant = result.mutant
                return .object([
                    ("outcome", .string(result.outcome.rawValue)),
                    ("file", .string(mutant.path)),
                    ("line", .int(mutant.line)),
                    ("column", .int(mutant.column)),
                    ("document", .string(mutant.document)),
                    ("clause", mutant.clause.map(JSONOut.string) ?? .null),
                    ("article", mutant.article.map(JSONOut.string) ?? .null),
                    ("kind", .string(mutant.kind.rawValue)),
                    ("old", .string(mutant.old)),
                    ("new", .string(mutant.new)),
                    ("reason", result.reason.map(JSONOut.string) ?? .null),
                ])
            })),
        ]).rendered()
    }
}

/// Mutation testing of policies by their examples: `zhengce test --mutants`.
public enum Mutants {
    /// Every mutant of the loaded policies, in file order.
    public static func all(of loaded: Zhengce.Loaded) -> [Mutant] {
        var mutants: [Mutant] = []
        for (index, (file, tree)) in zip(loaded.files, loaded.trees).enumerated() {
            mutants += MutantMaker(file: file, tree: tree, fileIndex: index).all()
        }
        return mutants
    }

    /// Every `step`-th mutant, starting with the first: a deterministic selection for runs that
    /// must stay short. A step of 1 keeps them all.
    public static func every(_ step: Int, of mutants: [Mutant]) -> [Mutant] {
        guard step > 1 else { return mutants }
        return mutants.enumerated().filter { $0.offset % step == 0 }.map(\.element)
    }

    /// Checks each mutated program and runs the examples against it, `jobs` mutants at a time.
    /// The examples of the changed document run first; the first failing example kills the mutant.
    public static func run(_ mutants: [Mutant], loaded: Zhengce.Loaded, examples: [SourceFile], jobs: Int) -> MutationReport {
        let box = ResultBox(count: mutants.count)
        let workers = max(1, min(jobs, mutants.count))
        let base = Array(zip(loaded.files, loaded.trees))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = box.next() {
                box.store(evaluate(mutants[index], base: base, examples: examples), at: index)
            }
        }
        return MutationReport(results: box.results.compactMap { $0 })
    }

    static func evaluate(_ mutant: Mutant, base: [(SourceFile, PolicyFile)], examples: [SourceFile]) -> MutantResult {
        var parsed = base
        parsed[mutant.fileIndex].1 = mutant.tree
        // Checked as `zhengce check` would: the checker, then the deeper analyses.
        let (program, checked) = Checker.check(parsed)
        let problems = checked.hasErrors ? checked.items : Analyses.run(program).items
        if let first = problems.first(where: { $0.severity == .error }) {
            return MutantResult(mutant: mutant, outcome: .skipped, reason: "\(first.code.rawValue): \(first.message)")
        }
        let own = ExampleFiles.beside(mutant.path)
        let ordered = examples.filter { $0.path == own } + examples.filter { $0.path != own }
        for file in ordered {
            if let failed = ExampleRunner.run(file, program: program).first(where: { !$0.passed }) {
                return MutantResult(mutant: mutant, outcome: .killed, reason: "\(failed.file):\(failed.line): \(failed.name)")
            }
        }
        return MutantResult(mutant: mutant, outcome: .survived)
    }

    /// A constant's written text with its last digit moved by `delta` (`50万` → `51万`, `0.5%` →
    /// `0.4%`, `1:1` → `1:2`); nil when the result would be negative.
    static func nudged(_ written: String, by delta: Int) -> String? {
        let characters = Array(written)
        guard let last = characters.lastIndex(where: { $0.isASCII && $0.isNumber }) else { return nil }
        var first = last
        while first > 0, characters[first - 1].isASCII, characters[first - 1].isNumber || characters[first - 1] == "." { first -= 1 }
        let run = String(characters[first...last])
        guard let value = ExactDecimal(parsing: run) else { return nil }
        let places = run.firstIndex(of: ".").map { run.distance(from: $0, to: run.endIndex) - 1 } ?? 0
        guard let unit = try? ExactDecimal(1).divided(by: ExactDecimal(parsing: "1" + String(repeating: "0", count: places)) ?? .one),
              let step = try? unit.multiplied(by: ExactDecimal(delta)),
              let moved = try? value.adding(step), moved >= .zero else { return nil }
        return String(characters[..<first]) + moved.formatted(minimumPlaces: places) + String(characters[(last + 1)...])
    }
}

/// The shared state of the workers: the next mutant to take and the results so far.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private(set) var results: [MutantResult?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard nextIndex < results.count else { return nil }
        nextIndex += 1
        return nextIndex - 1
    }

    func store(_ result: MutantResult, at index: Int) {
        lock.lock()
        results[index] = result
        lock.unlock()
    }
}

/// Walks one policy tree and makes its mutants.
private struct MutantMaker {
    let file: SourceFile
    let tree: PolicyFile
    let fileIndex: Int

    struct Change {
        var kind: Mutant.Kind
        var span: Span
        var old: String
        var new: String
    }

    var document: String { tree.header?.id.value ?? "" }

    func all() -> [Mutant] {
        var mutants: [Mutant] = []
        func add(_ change: Change, clause: String?, article: String?, _ changed: PolicyFile) {
            mutants.append(Mutant(kind: change.kind, path: file.path, line: change.span.line, column: change.span.column, document: document,
                                  clause: clause, article: article, old: change.old, new: change.new, fileIndex: fileIndex, tree: changed))
        }
        if let header = tree.header {
            for (index, condition) in header.eligibility.enumerated() {
                for (change, changed) in conditionVariants(condition) {
                    var copy = tree
                    if let new = changed { copy.header?.eligibility[index] = new } else { copy.header?.eligibility.remove(at: index) }
                    add(change, clause: nil, article: nil, copy)
                }
            }
        }
        for (index, definition) in tree.definitions.enumerated() {
            for (change, node) in variants(definition.expression) {
                var copy = tree
                copy.definitions[index].expression = node
                add(change, clause: nil, article: nil, copy)
            }
        }
        for (index, clause) in tree.clauses.enumerated() {
            let id = "\(document):\(clause.label.value)"
            for (position, statement) in clause.statements.enumerated() {
                for (change, changed) in statementVariants(statement) {
                    var copy = tree
                    if let new = changed { copy.clauses[index].statements[position] = new } else { copy.clauses[index].statements.remove(at: position) }
                    add(change, clause: id, article: clause.citation?.value, copy)
                }
            }
        }
        for (index, exclusion) in tree.exclusions.enumerated() {
            var copy = tree
            copy.exclusions.remove(at: index)
            add(Change(kind: .exclusion, span: exclusion.span, old: text(exclusion.span), new: "(none)"), clause: nil, article: exclusion.citation?.value, copy)
        }
        for (index, cap) in tree.sharedCaps.enumerated() {
            var copy = tree
            copy.sharedCaps.remove(at: index)
            add(Change(kind: .sharedCap, span: cap.span, old: text(cap.span), new: "(none)"), clause: nil, article: cap.citation?.value, copy)
            for (change, node) in variants(cap.limit) {
                var changed = tree
                changed.sharedCaps[index].limit = node
                add(change, clause: nil, article: cap.citation?.value, changed)
            }
        }
        return mutants
    }

    /// The source text of a span on one line (runs of white space become one space).
    func text(_ span: Span) -> String {
        file.slice(span).split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }).joined(separator: " ")
    }

    /// The variants of a clause's amount or cap, but one that cannot differ: a clause whose amount
    /// comes to zero or less is refused with nothing, so `max(0, x)` making the whole amount or
    /// cap (or scaled by a positive constant: `max(0, x) * 10%`) is the same clause as `x`. A cap
    /// only lowers and a floor lifts only a positive amount, and rounding keeps the sign, so an
    /// amount at or below zero stays there.
    func amountVariants(_ amount: ExprNode) -> [(Change, ExprNode)] {
        let zeroFloor = Self.zeroFloor(of: amount)
        return variants(amount).filter { change, _ in !(change.kind == .limit && change.span == zeroFloor) }
    }

    /// The `0` of a `max(0, x)` whose sign is the sign of `expression`.
    static func zeroFloor(of expression: ExprNode) -> Span? {
        func positive(_ node: ExprNode) -> Bool { if case .number(let value, _, _) = node.value { value > .zero } else { false } }
        switch expression.value {
        case .call(let name, let arguments) where name.value == "max" && arguments.count == 2:
            return arguments.first { if case .number(let value, _, _) = $0.value { value.isZero } else { false } }?.span
        case .binary(.multiply, let a, let b):
            return positive(b) ? zeroFloor(of: a) : positive(a) ? zeroFloor(of: b) : nil
        case .binary(.divide, let a, let b):
            return positive(b) ? zeroFloor(of: a) : nil
        default:
            return nil
        }
    }

    /// A condition dropped (nil) or changed inside.
    func conditionVariants(_ condition: Condition) -> [(Change, Condition?)] {
        let dropped = Change(kind: .condition, span: condition.expression.span, old: "when " + text(condition.expression.span), new: "(none)")
        return [(dropped, nil)] + variants(condition.expression).map { change, node in
            var copy = condition
            copy.expression = node
            return (change, copy)
        }
    }

    /// A statement dropped (nil) or changed inside.
    func statementVariants(_ statement: ClauseStatement) -> [(Change, ClauseStatement?)] {
        switch statement {
        case .when(let condition):
            return conditionVariants(condition).map { ($0.0, $0.1.map(ClauseStatement.when)) }
        case .applies(let e):
            return variants(e).map { ($0.0, .applies($0.1)) }
        case .local(let definition):
            return variants(definition.expression).map { change, node in
                var copy = definition
                copy.expression = node
                return (change, .local(copy))
            }
        case .amount(let e):
            return amountVariants(e).map { ($0.0, .amount($0.1)) }
        case .assessed(let e):
            return amountVariants(e).map { ($0.0, .assessed($0.1)) }
        case .cap(let e, let scope, let label):
            let dropped = Change(kind: .cap, span: e.span, old: "cap \(text(e.span))" + (scope == .clause ? "" : " \(scope.rawValue)"), new: "(none)")
            return [(dropped, nil)] + amountVariants(e).map { ($0.0, .cap($0.1, scope, label: label)) }
        case .floor(let e, let label):
            let dropped = Change(kind: .floor, span: e.span, old: "floor \(text(e.span))", new: "(none)")
            return [(dropped, nil)] + variants(e).map { ($0.0, .floor($0.1, label: label)) }
        case .schedule(let schedule, let condition, let portion):
            var out: [(Change, ClauseStatement?)] = []
            if let condition { out += variants(condition).map { ($0.0, .schedule(schedule, condition: $0.1, portion: portion)) } }
            if let portion { out += variants(portion).map { ($0.0, .schedule(schedule, condition: condition, portion: $0.1)) } }
            return out
        case .agency, .unspecified, .survivesExpiry:
            return []
        }
    }

    static let swapped: [BinaryOperator: BinaryOperator] = [
        .greater: .greaterEqual, .greaterEqual: .greater, .less: .lessEqual, .lessEqual: .less,
        .equal: .notEqual, .notEqual: .equal, .and: .or, .or: .and,
    ]

    /// Every single change inside an expression, each with the changed expression.
    func variants(_ node: ExprNode) -> [(Change, ExprNode)] {
        var out: [(Change, ExprNode)] = []
        func rebuild(_ child: ExprNode, _ make: (ExprNode) -> Expr) {
            out += variants(child).map { ($0.0, Located(make($0.1), node.span)) }
        }
        /// The changes of one part of a form (`\.step`), the form rebuilt around each.
        func rebuildPart<Form>(_ form: Form, _ part: WritableKeyPath<Form, ExprNode>, _ wrap: (Form) -> Expr) {
            rebuild(form[keyPath: part]) { changed in
                var copy = form
                copy[keyPath: part] = changed
                return wrap(copy)
            }
        }
        switch node.value {
        case .number(_, _, let written):
            for delta in [1, -1] {
                guard let new = Mutants.nudged(written, by: delta), let (value, dimension) = Parser.numberValue(new) else { continue }
                out.append((Change(kind: .constant, span: node.span, old: written, new: new), Located(.number(value, dimension, written: new), node.span)))
            }
        case .field(let a, let name):
            rebuild(a) { .field($0, name) }
        case .index(let a, let b):
            rebuild(a) { .index($0, b) }
            rebuild(b) { .index(a, $0) }
        case .negate(let a):
            rebuild(a) { .negate($0) }
        case .not(let a):
            rebuild(a) { .not($0) }
        case .binary(let op, let a, let b):
            if let other = MutantMaker.swapped[op] {
                let kind: Mutant.Kind = op == .and || op == .or ? .logic : .comparison
                // Located at the operator: between the two sides.
                let at = Span(file: node.span.file, start: a.span.end, end: b.span.start)
                out.append((Change(kind: kind, span: at, old: "\(text(a.span)) \(op.rawValue) \(text(b.span))", new: "\(text(a.span)) \(other.rawValue) \(text(b.span))"),
                            Located(.binary(other, a, b), node.span)))
            }
            rebuild(a) { .binary(op, $0, b) }
            rebuild(b) { .binary(op, a, $0) }
        case .conditional(let then, let condition, let otherwise):
            rebuild(then) { .conditional(then: $0, condition: condition, otherwise: otherwise) }
            rebuild(condition) { .conditional(then: then, condition: $0, otherwise: otherwise) }
            rebuild(otherwise) { .conditional(then: then, condition: condition, otherwise: $0) }
        case .call(let name, let arguments):
            if name.value == "min" || name.value == "max", arguments.count == 2 {
                for (index, argument) in arguments.enumerated() {
                    guard case .number = argument.value else { continue }
                    let kept = arguments[1 - index]
                    out.append((Change(kind: .limit, span: argument.span, old: text(node.span), new: text(kept.span)), kept))
                }
            }
            for (index, argument) in arguments.enumerated() {
                rebuild(argument) { changed in
                    var copy = arguments
                    copy[index] = changed
                    return .call(name, copy)
                }
            }
        case .aggregate(let kind, let variable, let source, let filter, let body):
            rebuild(source) { .aggregate(kind, variable: variable, source: $0, filter: filter, body: body) }
            if let filter { rebuild(filter) { .aggregate(kind, variable: variable, source: source, filter: $0, body: body) } }
            if let body { rebuild(body) { .aggregate(kind, variable: variable, source: source, filter: filter, body: $0) } }
        case .brackets(let subject, let arms, let otherwise):
            rebuild(subject) { .brackets(subject: $0, arms: arms, otherwise: otherwise) }
            for (index, arm) in arms.enumerated() {
                func withArm(_ change: (inout BracketArm) -> Void) -> Expr {
                    var copy = arms
                    change(&copy[index])
                    return .brackets(subject: subject, arms: copy, otherwise: otherwise)
                }
                if let lower = arm.lower {
                    let written = text(lower.span)
                    let old = (arm.lowerInclusive ? "[" : "(") + written, new = (arm.lowerInclusive ? "(" : "[") + written
                    out.append((Change(kind: .bound, span: arm.span, old: old, new: new), Located(withArm { $0.lowerInclusive.toggle() }, node.span)))
                    rebuild(lower) { changed in withArm { $0.lower = changed } }
                }
                if let upper = arm.upper {
                    let written = text(upper.span)
                    let old = written + (arm.upperInclusive ? "]" : ")"), new = written + (arm.upperInclusive ? ")" : "]")
                    out.append((Change(kind: .bound, span: upper.span, old: old, new: new), Located(withArm { $0.upperInclusive.toggle() }, node.span)))
                    rebuild(upper) { changed in withArm { $0.upper = changed } }
                }
                rebuild(arm.result) { changed in withArm { $0.result = changed } }
            }
            if let otherwise { rebuild(otherwise) { .brackets(subject: subject, arms: arms, otherwise: $0) } }
        case .steps(let form):
            for part in [\StepIncrement.increment, \.step, \.threshold] + (form.quantityWritten ? [\.quantity] : []) {
                rebuildPart(form, part, Expr.steps)
            }
        case .yearly(let form):
            for part in [\YearlyRates.value, \.start] + form.bands.indices.flatMap({ [\YearlyRates.bands[$0].last, \.bands[$0].rate] }) {
                rebuildPart(form, part, Expr.yearly)
            }
            if form.yearCap != nil { rebuildPart(form, \.yearCap!, Expr.yearly) }
        case .setLiteral(let items):
            for (index, item) in items.enumerated() {
                rebuild(item) { changed in
                    var copy = items
                    copy[index] = changed
                    return .setLiteral(copy)
                }
            }
        case .membership(let a, let b, let negated):
            rebuild(a) { .membership($0, b, negated: negated) }
            rebuild(b) { .membership(a, $0, negated: negated) }
        case .presence(let a, let test):
            rebuild(a) { .presence($0, test) }
        case .bool, .date, .text, .name, .clauseAmount, .error:
            break
        }
        return out
    }
}
