/// A seeded synthetic population of applicants, one JSON Lines line each, for benchmarks and for
/// trying a revision on many companies. Its shape follows the loaded policies: every declared fact
/// (with its type, choices and input unit) may appear, and a share of the numbers, dates and texts
/// are taken from the literals the policies compare against (bracket bounds, thresholds, caps),
/// exactly and one cent either side. Lists hold several items; some facts a clause needs are left
/// out, so some outcomes are undetermined. The same seed gives the same population.
public struct Population: Sendable {
    private var random: SplitMix64
    private let facts: [FactInfo]
    private var constants = Constants()
    private var count = 0

    struct Constants: Sendable {
        var money: [ExactDecimal] = []
        var dollars: [ExactDecimal] = []
        var numbers: [ExactDecimal] = []
        var texts: [String] = []
        var dates: [Day] = []
        /// Validity windows of the documents, for dates on which they are in force.
        var windows: [(first: Day, last: Day)] = []
        /// Facts the documents' eligibility conditions read, and whether a condition wants them
        /// true (`eligible when x`) or false (`eligible when not x`): most applicants pass.
        var gates: [String: Bool] = [:]
        /// The texts those conditions compare against (`registered_district == "xicheng"`).
        var gateTexts: [String] = []
    }

    public init(program: Program, trees: [PolicyFile], seed: UInt64) {
        random = SplitMix64(seed: seed)
        // Implied bools come last, after the facts that imply them, in the order implications are
        // applied (see `next`).
        let implied = Implications(program.facts).order.map(\.implied)
        facts = program.facts.values.filter { $0.impliedBy == nil }.sorted { $0.name < $1.name } + implied.compactMap { program.facts[$0] }
        for tree in trees { collect(tree) }
        constants.money = Array(Set(constants.money)).sorted()
        constants.dollars = Array(Set(constants.dollars)).sorted()
        constants.numbers = Array(Set(constants.numbers)).sorted()
        constants.texts = Array(Set(constants.texts)).sorted()
        constants.dates = Array(Set(constants.dates)).sorted()
        constants.gateTexts = Array(Set(constants.gateTexts)).sorted()
    }

    private mutating func collect(_ tree: PolicyFile) {
        var expressions: [ExprNode] = tree.definitions.map(\.expression) + (tree.header?.eligibility.map(\.expression) ?? [])
        for clause in tree.clauses {
            for statement in clause.statements { SyntaxWalk.expressions(in: statement) { expressions.append($0) } }
        }
        for expression in expressions {
            SyntaxWalk.visit(expression) { node in
                switch node.value {
                case .number(let value, .money(.cny), _): constants.money.append((try? value.divided(by: MoneyUnit.wan.factor)) ?? value)
                case .number(let value, .money(.usd), _): constants.dollars.append((try? value.divided(by: MoneyUnit.millionUSD.factor)) ?? value)
                case .number(let value, .number, _): constants.numbers.append(value)
                case .text(let text): constants.texts.append(text)
                case .date(let day): constants.dates.append(day)
                default: break
                }
            }
        }
        if let validity = tree.header?.validity?.value {
            if let start = validity.start { constants.dates.append(start) }
            if let last = validity.lastDay { constants.dates.append(last) }
            if let start = validity.start { constants.windows.append((start, validity.lastDay ?? start.addingYears(5) ?? start)) }
        }
        for condition in tree.header?.eligibility ?? [] { gates(condition.expression, wanted: true) }
    }

    private mutating func gates(_ node: ExprNode, wanted: Bool) {
        switch node.value {
        case .name(let name): constants.gates[name] = wanted
        case .text(let text): constants.gateTexts.append(text)
        case .setLiteral(let items): items.forEach { gates($0, wanted: wanted) }
        case .not(let inner): gates(inner, wanted: !wanted)
        case .binary(_, let left, let right), .membership(let left, let right, _):
            gates(left, wanted: wanted)
            gates(right, wanted: wanted)
        default: break
        }
    }

    /// The next applicant as one line of JSON (no newline).
    public mutating func nextLine() -> String {
        var out = ByteWriter()
        next(into: &out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// Appends the next applicant and a newline.
    public mutating func appendLine(to bytes: inout [UInt8]) {
        var out = ByteWriter()
        next(into: &out)
        out.raw(UInt8(ascii: "\n"))
        bytes.append(contentsOf: out.bytes)
    }

    mutating func next(into out: inout ByteWriter) {
        count += 1
        out.raw("{\"applicant\":\"synthetic-\(count)\",\"as_of\":\"\(asOf())\",\"facts\":{")
        var first = true
        var written: Set<String> = []
        // The bools written as false: an implying bool that is false implies nothing.
        var no: Set<String> = []
        for fact in facts {
            let gate = constants.gates[fact.name]
            guard chance(gate == nil ? 0.45 : 0.93) || fact.type == .bool else { continue }
            if !first { out.raw(UInt8(ascii: ",")) }
            first = false
            out.key(fact.name)
            written.insert(fact.name)
            if let implying = fact.impliedBy, written.contains(implying), !no.contains(implying) {
                // The implying fact was given, so the bool is true: `false` would contradict it.
                out.raw("true")
            } else if fact.type == .bool {
                let yes = gate.map { chance(0.85) == $0 } ?? chance(0.4)
                out.raw(yes ? "true" : "false")
                if !yes { no.insert(fact.name) }
            } else if fact.type == .text(choices: nil), gate != nil, chance(0.8), let text = pick(constants.gateTexts) {
                out.string(text)
            } else {
                value(fact.type, fact.input, into: &out)
            }
        }
        out.raw("}}")
    }

    /// Mostly a day on which one of the documents is in force, sometimes a validity bound or the
    /// day either side of it, sometimes any day from 2018 to 2027.
    private mutating func asOf() -> Day {
        if chance(0.75), let window = pick(constants.windows) {
            return window.first.addingDays(Int(below(UInt64(max(1, window.last.ordinal - window.first.ordinal + 1)))))
        }
        if chance(0.6), let day = pick(constants.dates) { return day.addingDays(Int(below(3)) - 1) }
        return Day(ordinal: (Day(year: 2018, month: 1, day: 1)?.ordinal ?? 0) + Int(below(3650)))
    }

    private mutating func value(_ type: ValueType, _ input: InputUnit, into out: inout ByteWriter) {
        switch type {
        case .bool: out.raw(chance(0.4) ? "true" : "false")
        case .quantity(let dimension): out.string(quantity(dimension, input).formatted())
        case .date:
            let day = chance(0.4) ? pick(constants.dates)?.addingDays(Int(below(3)) - 1) : nil
            out.string((day ?? Day(ordinal: 16_000 + Int(below(4_000)))).description)
        case .text(let choices?): out.string(pick(choices) ?? "")
        case .text(nil): out.string(pick(constants.texts) ?? "text")
        case .set(let choices):
            out.strings(choices.filter { _ in chance(0.3) })
        case .list(let element):
            out.raw(UInt8(ascii: "["))
            for index in 0..<Int(below(5)) {
                if index > 0 { out.raw(UInt8(ascii: ",")) }
                value(element, input, into: &out)
            }
            out.raw(UInt8(ascii: "]"))
        case .record(let fields):
            out.raw(UInt8(ascii: "{"))
            var first = true
            // A field is sometimes left out, so a clause that needs it is undetermined.
            for field in fields where chance(field.type == .bool ? 0.5 : 0.9) {
                if !first { out.raw(UInt8(ascii: ",")) }
                first = false
                out.key(field.name)
                value(field.type, field.input, into: &out)
            }
            out.raw(UInt8(ascii: "}"))
        case .unknown: out.raw("null")
        }
    }

    private static let cent = (try? ExactDecimal(mantissa: 1, scale: 2)) ?? .zero

    /// A number in the fact's input unit: often a literal of the policies (exactly, or a cent
    /// either side), otherwise spread over several orders of magnitude.
    private mutating func quantity(_ dimension: Dimension, _ input: InputUnit) -> ExactDecimal {
        let pool: [ExactDecimal]
        // Counts stay whole; amounts and percentages also land a cent either side of a literal.
        var nudges: [ExactDecimal] = [Self.cent.negated(), .zero, Self.cent]
        switch (dimension, input) {
        case (.money(.usd), _): pool = constants.dollars
        case (.money, _): pool = constants.money
        case (_, .percent): pool = constants.numbers.compactMap { try? $0.multiplied(by: ExactDecimal(100)) }
        default:
            pool = constants.numbers.filter { $0.scale == 0 }
            nudges = [.zero]
        }
        if chance(0.35), let bound = pick(pool), let nudge = pick(nudges) {
            let value = (try? bound.adding(nudge)) ?? bound
            return value.isNegative ? .zero : value
        }
        if case .money = dimension {
            let magnitude = Int128(1) << Int128(below(27))
            return (try? ExactDecimal(mantissa: Int128(below(UInt64(magnitude))) + 1, scale: 2)) ?? .zero
        }
        if input == .percent { return (try? ExactDecimal(mantissa: Int128(below(1_000)), scale: 1)) ?? .zero }
        return ExactDecimal(Int(below(12)))
    }

    private mutating func chance(_ probability: Double) -> Bool {
        Double(random.next() >> 11) / Double(1 << 53) < probability
    }

    private mutating func below(_ bound: UInt64) -> UInt64 {
        bound == 0 ? 0 : random.next() % bound
    }

    private mutating func pick<T>(_ items: [T]) -> T? {
        items.isEmpty ? nil : items[Int(below(UInt64(items.count)))]
    }
}

/// A small, fast, seedable generator (Steele, Lea and Flood's SplitMix64), so a population is the
/// same on every machine.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
