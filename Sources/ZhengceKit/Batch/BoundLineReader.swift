/// The fast path for reading a JSON Lines line: reads the line's bytes straight into the slots of
/// the compiled program (`BoundApplicant`), with no JSON tree, no dictionary of facts and no
/// strings for names, choices, dates or amounts. Names are found by their bytes in tables built
/// once per program.
///
/// It declines (returns nil) on anything it does not read exactly as the slow path does — any
/// problem that would make an error record, an escape in a string, white space inside a value, a
/// name or choice whose bytes differ from the declared one, a number it cannot hold — and the line
/// is then read by `JSONLinesInput`, which gives the same applicant or the located messages. So
/// what it accepts binds to exactly what `JSONLinesInput.decode` followed by `Program.bind` gives.
final class BoundLineReader: Sendable {
    /// How a declared value is read, built once from its type.
    indirect enum Shape: Sendable {
        case bool
        case quantity(Dimension, InputUnit, ApplicantReader.Range)
        case date
        /// Free text (nil) or one of the choices.
        case text(Names?)
        /// Any texts (empty choices) or the choices.
        case set(Names)
        case list(Shape)
        case record(RecordShape)
        /// A type the fast path does not read: the line goes to the slow path.
        case unsupported

        /// A record or a list: a value that may hold records, whose paths go through it.
        var isNested: Bool {
            switch self {
            case .list, .record: return true
            default: return false
            }
        }
    }

    final class RecordShape: Sendable {
        let fields: Names
        let shapes: [Shape]
        /// The cell of a field the input leaves out: its default, or nil.
        let absent: [Cell?]

        init(fields: Names, shapes: [Shape], absent: [Cell?]) {
            self.fields = fields
            self.shapes = shapes
            self.absent = absent
        }
    }

    struct Fact: Sendable {
        var name: String
        var shape: Shape
        var slots: [Int]
        /// For a list of records, the paths of its first items (`increases[1]`, …), made once.
        var itemPaths: [String] = []
    }

    /// Scratch space one thread reuses from line to line.
    struct Scratch {
        /// The line number at which each fact was last seen, to find a name given twice.
        var seenFacts: [Int]
        /// The line number at which each fact was last given a value (not null).
        var givenFacts: [Int]
        var seenClauses: [Int]
        var line = 0
        /// The fact being read, by index, and the path within it to the record or list being read
        /// (only records and lists, the values whose path a record keeps, are entered in it).
        var fact = 0
        var path: [PathPart] = []

        static let empty = Scratch(seenFacts: [], givenFacts: [], seenClauses: [])
    }

    enum PathPart {
        case name(String)
        case position(Int)
    }

    let facts: [Fact]
    let factNames: Names
    let absent: [Cell]
    let noPrior: [ExactDecimal?]
    /// Clause ids `prior_received` may name, and the clause index each fills (nil: none).
    let clauseNames: Names
    let clauseIndices: [Int?]
    /// `implied by`, sorted by the implied fact's name: (implied, implying), as fact indices.
    let implications: [(implied: Int, implying: Int)]
    static let units = Names(MoneyUnit.all.map(\.name))
    static let percentSign = Array("%".utf8)
    /// How many item paths each list of records has made in advance.
    static let itemPathCount = 8

    init?(program: Program) {
        guard let compiled = program.compiled else { return nil }
        var facts: [Fact] = []
        var index: [String: Int] = [:]
        for (name, info) in program.facts.sorted(by: { $0.key < $1.key }) {
            let slots = compiled.slotsByName[name] ?? []
            // Bind writes each slot in its own layout; the fast path writes one, so they must agree.
            let shape = slots.allSatisfy({ compiled.facts[$0].type == info.type }) ? Self.shape(info.type, info.input, info.syntax) : .unsupported
            index[name] = facts.count
            var fact = Fact(name: name, shape: shape, slots: slots)
            if case .list(.record) = shape { fact.itemPaths = (1...Self.itemPathCount).map { "\(name)[\($0)]" } }
            facts.append(fact)
        }
        self.facts = facts
        factNames = Names(facts.map(\.name))
        absent = compiled.facts.map(\.absent)
        noPrior = Array(repeating: nil, count: compiled.clauses.count)
        let ids = program.clauses.keys.sorted()
        clauseNames = Names(ids)
        clauseIndices = ids.map { compiled.clauseIndex[$0] }
        var implications: [(implied: Int, implying: Int)] = []
        for (name, info) in program.facts.sorted(by: { $0.key < $1.key }) {
            if let implying = info.impliedBy {
                guard let implied = index[name], let by = index[implying] else { return nil }
                implications.append((implied, by))
            }
        }
        self.implications = implications
    }

    static func shape(_ type: ValueType, _ input: InputUnit, _ syntax: TypeSyntax?) -> Shape {
        switch type {
        case .bool: return .bool
        case .quantity(let dimension): return .quantity(dimension, input, ApplicantReader.Range(syntax))
        case .date: return .date
        case .text(let choices): return .text(choices.map { Names($0) })
        case .set(let choices): return .set(Names(choices))
        case .list(let element):
            var elementSyntax: TypeSyntax?
            if case .listOf(let written)? = syntax { elementSyntax = written }
            return .list(shape(element, input, elementSyntax))
        case .record(let fields):
            var written: [FieldDecl] = []
            if case .record(let declared)? = syntax { written = declared }
            let shapes = fields.map { field in shape(field.type, field.input, written.first { $0.name == field.name }?.type) }
            let absent = fields.map { field in (field.defaultValue ?? field.type.absentDefault).map { Compiler.cell($0, field.type) } }
            return .record(RecordShape(fields: Names(fields.map(\.name)), shapes: shapes, absent: absent))
        case .unknown: return .unsupported
        }
    }

    func scratch() -> Scratch {
        Scratch(seenFacts: Array(repeating: 0, count: facts.count), givenFacts: Array(repeating: 0, count: facts.count),
                seenClauses: Array(repeating: 0, count: clauseIndices.count))
    }

    /// The line bound to the program, or nil when the slow path must read it.
    func read(_ line: ArraySlice<UInt8>, _ scratch: inout Scratch) -> BoundApplicant? {
        scratch.line += 1
        // A line declined halfway leaves its path behind.
        if !scratch.path.isEmpty { scratch.path.removeAll(keepingCapacity: true) }
        return line.withUnsafeBufferPointer { buffer in
            // The scratch arrays move into the reading and back, so they are never copied.
            var reading = LineScan(reader: self, bytes: buffer, scratch: .empty)
            swap(&reading.scratch, &scratch)
            defer { swap(&reading.scratch, &scratch) }
            return reading.applicant()
        }
    }
}

/// Readings of a value's bytes that the JSON Lines and the CSV fast paths share.
extension BoundLineReader {
    typealias Bytes = UnsafeBufferPointer<UInt8>.SubSequence

    /// An amount's text (`1234.56`, `8亿`, `5%`, without quotes or white space around it) read as
    /// `ApplicantReader` reads it; nil for anything it would report or read differently.
    static func quantity(_ text: Bytes, _ dimension: Dimension, _ input: InputUnit, _ range: ApplicantReader.Range) -> ExactDecimal? {
        guard let number = DecimalBytes(text) else { return nil }
        let suffix = text[number.end...]
        if range == .whole, number.isNegative || number.places != 0 { return nil }
        if number.isNegative && range != .signed { return nil }
        switch (dimension, input) {
        case (.money(let currency), .money(let declared)):
            var unit = declared
            if !suffix.isEmpty {
                guard let index = units.index(of: suffix) else { return nil }
                unit = MoneyUnit.all[index]
            }
            guard unit.currency == currency else { return nil }
            return number.times(unit.factor)
        case (.price, .money(let declared)):
            // A price in its declared unit (`"3.5"` for 3.5万元/m²/月); a written unit is left to the slow path.
            guard suffix.isEmpty else { return nil }
            return number.times(declared.factor)
        case (_, .percent):
            guard suffix.isEmpty || suffix.elementsEqual(percentSign) else { return nil }
            return number.shifted(by: -2)
        default:
            return suffix.isEmpty ? number.shifted(by: 0) : nil
        }
    }

    /// `YYYY-MM-DD` of ASCII digits, a day that exists.
    static func day(_ text: Bytes) -> Day? {
        guard text.count == 10 else { return nil }
        var year = 0, month = 0, day = 0
        for (position, byte) in zip(0..., text) {
            if position == 4 || position == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            let digit = Int(byte - UInt8(ascii: "0"))
            if position < 4 {
                year = year * 10 + digit
            } else if position < 7 {
                month = month * 10 + digit
            } else {
                day = day * 10 + digit
            }
        }
        return Day(year: year, month: month, day: day)
    }

    /// Bytes as text, validated as UTF-8.
    static func text(_ bytes: Bytes) -> String? {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Applies `implied by` to the cells of line `line`, whose given facts are those with
    /// `given[fact] == line`: the implied fact becomes true (and given). False when an implied fact
    /// is given as false beside its implying fact, an error the slow path reports.
    func applyImplications(_ cells: inout [Cell], given: inout [Int], line: Int) -> Bool {
        for (implied, implying) in implications where given[implying] == line {
            if given[implied] == line {
                guard let slot = facts[implied].slots.first else { return false }
                if case .bool(false) = cells[slot] { return false }
            }
            for slot in facts[implied].slots { cells[slot] = .bool(true) }
            given[implied] = line
        }
        return true
    }
}

/// Byte strings looked up by their bytes: a hash table for the many fact names and clause ids,
/// the same for a record's few fields and a choice list's few values.
struct Names: Sendable {
    let strings: [String]
    private let bytes: [[UInt8]]
    /// Open addressing: index + 1, 0 for an empty place.
    private let table: [Int]
    private let mask: Int

    init(_ strings: [String]) {
        self.strings = strings
        bytes = strings.map { Array($0.utf8) }
        var size = 8
        while size < strings.count * 4 { size *= 2 }
        mask = size - 1
        var table = Array(repeating: 0, count: size)
        for (index, name) in bytes.enumerated() {
            var place = Names.hash(name[...]) & mask
            while table[place] != 0 { place = (place + 1) & mask }
            table[place] = index + 1
        }
        self.table = table
    }

    static func hash<C: Collection>(_ bytes: C) -> Int where C.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: hash >> 1)
    }

    /// The index of the name whose bytes are exactly `key`.
    func index(of key: UnsafeBufferPointer<UInt8>.SubSequence) -> Int? {
        var place = Names.hash(key) & mask
        while true {
            let entry = table[place]
            if entry == 0 { return nil }
            let name = bytes[entry - 1]
            if name.count == key.count && name.elementsEqual(key) { return entry - 1 }
            place = (place + 1) & mask
        }
    }

    var isEmpty: Bool { strings.isEmpty }
}

/// One line being scanned. Every function returns nil (or false) to decline.
private struct LineScan {
    let reader: BoundLineReader
    let bytes: UnsafeBufferPointer<UInt8>
    var scratch: BoundLineReader.Scratch
    var offset = 0

    init(reader: BoundLineReader, bytes: UnsafeBufferPointer<UInt8>, scratch: BoundLineReader.Scratch) {
        self.reader = reader
        self.bytes = bytes
        self.scratch = scratch
    }

    // MARK: The applicant

    mutating func applicant() -> BoundApplicant? {
        var name: String?
        var asOf: Day?
        var facts: [Cell]?
        var prior = reader.noPrior
        var seenName = false, seenAsOf = false
        guard open(UInt8(ascii: "{")) else { return nil }
        let done = members { reading, key in
            switch key.count {
            case 9 where key.elementsEqual("applicant".utf8):
                guard !seenName, let text = reading.text() else { return false }
                seenName = true
                name = text
            case 5 where key.elementsEqual("as_of".utf8):
                guard !seenAsOf, let day = reading.day() else { return false }
                seenAsOf = true
                asOf = day
            case 5 where key.elementsEqual("facts".utf8):
                guard facts == nil, let read = reading.facts(&prior) else { return false }
                facts = read
            default: return false
            }
            return true
        }
        skipWhitespace()
        guard done, offset == bytes.count, let facts else { return nil }
        return BoundApplicant(name: name, asOf: asOf, facts: facts, prior: prior)
    }

    mutating func facts(_ prior: inout [ExactDecimal?]) -> [Cell]? {
        var cells = reader.absent
        var seenPrior = false
        let line = scratch.line
        guard open(UInt8(ascii: "{")) else { return nil }
        let done = members { reading, key in
            if key.count == 14 && key.elementsEqual("prior_received".utf8) {
                guard !seenPrior else { return false }
                seenPrior = true
                return reading.priorReceived(&prior)
            }
            guard let index = reading.reader.factNames.index(of: key), reading.scratch.seenFacts[index] != line else { return false }
            reading.scratch.seenFacts[index] = line
            if reading.literal("null") { return true }
            reading.scratch.fact = index
            guard let cell = reading.cell(reading.reader.facts[index].shape) else { return false }
            for slot in reading.reader.facts[index].slots { cells[slot] = cell }
            reading.scratch.givenFacts[index] = line
            return true
        }
        guard done, reader.applyImplications(&cells, given: &scratch.givenFacts, line: line) else { return nil }
        return cells
    }

    mutating func priorReceived(_ prior: inout [ExactDecimal?]) -> Bool {
        let line = scratch.line
        guard open(UInt8(ascii: "{")) else { return false }
        return members { reading, key in
            guard let index = reading.reader.clauseNames.index(of: key), reading.scratch.seenClauses[index] != line,
                  let amount = reading.quantity(.money(.cny), .money(.wan), .nonNegative) else { return false }
            reading.scratch.seenClauses[index] = line
            if let clause = reading.reader.clauseIndices[index] { prior[clause] = amount }
            return true
        }
    }

    // MARK: Values

    mutating func cell(_ shape: BoundLineReader.Shape) -> Cell? {
        switch shape {
        case .bool:
            if literal("true") { return .bool(true) }
            if literal("false") { return .bool(false) }
            return nil
        case .quantity(let dimension, let input, let range):
            return quantity(dimension, input, range).map { .number($0, dimension) }
        case .date:
            return day().map { .date($0) }
        case .text(let choices):
            guard let choices else { return text().map { .text($0) } }
            guard let key = string(), let index = choices.index(of: key) else { return nil }
            return .text(choices.strings[index])
        case .set(let choices):
            var values: Set<String> = []
            guard open(UInt8(ascii: "[")) else { return nil }
            let done = items { reading, _ in
                if choices.isEmpty {
                    guard let text = reading.text() else { return false }
                    values.insert(text)
                } else {
                    guard let key = reading.string(), let index = choices.index(of: key) else { return false }
                    // Room for every choice at once, so the set grows no more.
                    if values.isEmpty { values.reserveCapacity(choices.strings.count) }
                    values.insert(choices.strings[index])
                }
                return true
            }
            return done ? .set(values) : nil
        case .list(let element):
            var values: [Cell] = []
            guard open(UInt8(ascii: "[")) else { return nil }
            let nested = element.isNested
            let done = items { reading, position in
                if nested { reading.scratch.path.append(.position(position + 1)) }
                defer { if nested { reading.scratch.path.removeLast() } }
                guard let value = reading.cell(element) else { return false }
                if values.isEmpty { values.reserveCapacity(4) }
                values.append(value)
                return true
            }
            return done ? .list(values) : nil
        case .record(let record):
            return self.record(record)
        case .unsupported:
            return nil
        }
    }

    mutating func record(_ record: BoundLineReader.RecordShape) -> Cell? {
        guard record.shapes.count <= 64, open(UInt8(ascii: "{")) else { return nil }
        var fields = record.absent
        var seen: UInt64 = 0
        let done = members { reading, key in
            guard let index = record.fields.index(of: key), seen & (1 << index) == 0 else { return false }
            seen |= 1 << index
            if reading.literal("null") {
                fields[index] = record.absent[index]
                return true
            }
            let nested = record.shapes[index].isNested
            if nested { reading.scratch.path.append(.name(record.fields.strings[index])) }
            defer { if nested { reading.scratch.path.removeLast() } }
            guard let value = reading.cell(record.shapes[index]) else { return false }
            fields[index] = value
            return true
        }
        return done ? .record(RecordCell(path: recordPath(), fields: fields)) : nil
    }

    /// The path of the record being read: made in advance for a record fact and the first items
    /// of a list of records, else written out.
    func recordPath() -> String {
        let fact = reader.facts[scratch.fact]
        if scratch.path.isEmpty { return fact.name }
        if scratch.path.count == 1, case .position(let position) = scratch.path[0], position <= fact.itemPaths.count {
            return fact.itemPaths[position - 1]
        }
        return pathText()
    }

    /// The path as the slow path writes it: `capital_increases[2]`, `listing.offering`.
    func pathText() -> String {
        var text = reader.facts[scratch.fact].name
        for part in scratch.path {
            switch part {
            case .name(let name): text += ".\(name)"
            case .position(let position): text += "[\(position)]"
            }
        }
        return text
    }

    /// An amount, written as a JSON number or a string (`"1234.56"`, `"8亿"`, `"5%"`), read as
    /// `ApplicantReader` reads it; nil for anything it would report.
    mutating func quantity(_ dimension: Dimension, _ input: InputUnit, _ range: ApplicantReader.Range) -> ExactDecimal? {
        let text: BoundLineReader.Bytes
        if peek() == UInt8(ascii: "\"") {
            guard let string = string() else { return nil }
            text = string
        } else {
            guard let number = jsonNumber() else { return nil }
            text = number
        }
        return BoundLineReader.quantity(text, dimension, input, range)
    }

    /// `YYYY-MM-DD` of ASCII digits, a day that exists.
    mutating func day() -> Day? {
        guard let text = string() else { return nil }
        return BoundLineReader.day(text)
    }

    /// A string as text, validated as UTF-8.
    mutating func text() -> String? {
        guard let bytes = string() else { return nil }
        return BoundLineReader.text(bytes)
    }

    // MARK: JSON

    /// Reads `{`, then each member's name (its bytes) to `member`, which reads the value; true when
    /// the object closes properly and every member was read.
    mutating func members(_ member: (inout LineScan, UnsafeBufferPointer<UInt8>.SubSequence) -> Bool) -> Bool {
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            offset += 1
            return true
        }
        while true {
            skipWhitespace()
            guard let key = string() else { return false }
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { return false }
            offset += 1
            skipWhitespace()
            guard member(&self, key) else { return false }
            skipWhitespace()
            guard let next = peek() else { return false }
            offset += 1
            if next == UInt8(ascii: "}") { return true }
            guard next == UInt8(ascii: ",") else { return false }
        }
    }

    /// Like `members`, for the items of an array after its `[`, with their positions from 0.
    mutating func items(_ item: (inout LineScan, Int) -> Bool) -> Bool {
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            offset += 1
            return true
        }
        var position = 0
        while true {
            skipWhitespace()
            guard item(&self, position) else { return false }
            position += 1
            skipWhitespace()
            guard let next = peek() else { return false }
            offset += 1
            if next == UInt8(ascii: "]") { return true }
            guard next == UInt8(ascii: ",") else { return false }
        }
    }

    mutating func open(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard peek() == byte else { return false }
        offset += 1
        return true
    }

    /// The bytes of a string without escapes or control characters.
    mutating func string() -> UnsafeBufferPointer<UInt8>.SubSequence? {
        guard peek() == UInt8(ascii: "\"") else { return nil }
        offset += 1
        let start = offset
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                offset += 1
                return bytes[start..<(offset - 1)]
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            offset += 1
        }
        return nil
    }

    /// A JSON number in RFC 8259's form (an exponent is then no unit the amount may have).
    mutating func jsonNumber() -> UnsafeBufferPointer<UInt8>.SubSequence? {
        guard let end = JSONLineParser.endOfNumber(bytes, from: offset) else { return nil }
        defer { offset = end }
        return bytes[offset..<end]
    }

    mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard offset + count <= bytes.count else { return false }
        let matches = word.withUTF8Buffer { expected in bytes[offset..<(offset + count)].elementsEqual(expected) }
        if matches { offset += count }
        return matches
    }

    mutating func skipWhitespace() {
        while offset < bytes.count {
            let byte = bytes[offset]
            guard byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\t") else { return }
            offset += 1
        }
    }

    func peek() -> UInt8? { offset < bytes.count ? bytes[offset] : nil }
}
