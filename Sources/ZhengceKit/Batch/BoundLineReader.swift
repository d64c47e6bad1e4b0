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
    /// How a declared value is read, built once from its type and shared: reading a value reads
    /// its shape's `let`s where they are instead of copying a nested description.
    final class Shape: Sendable {
        enum Kind: Sendable {
            case bool, quantity, date
            /// Free text (`choices` nil) or one of the choices.
            case text
            /// Any texts (empty choices) or the choices.
            case set
            case list, record
            /// A type the fast path does not read: the line goes to the slow path.
            case unsupported
        }

        let kind: Kind
        /// For a quantity: how its text becomes an amount.
        let amount: AmountShape?
        /// For a text, its choices (nil: free text); for a set, its choices (empty: any texts).
        let choices: Names?
        /// For a list, its items' shape.
        let element: Shape?
        let record: RecordShape?
        /// A record or a list: a value that may hold records, whose paths go through it.
        let isNested: Bool
        /// A record, a list or a set: a value read over the storage of the value it replaces.
        let readsInPlace: Bool
        /// `choices`, `element` and `record` for the line scan, which reads them as guaranteed
        /// references (no retain and release per value read); the properties above keep them.
        let choicesReference: Unmanaged<Names>?
        let elementReference: Unmanaged<Shape>?
        let recordReference: Unmanaged<RecordShape>?
        /// For a quantity, `amount`'s point shift, range and dimension, read without copying
        /// `amount`.
        let pointShift: Int?
        let range: ApplicantReader.Range
        let dimension: Dimension

        init(_ kind: Kind, amount: AmountShape? = nil, choices: Names? = nil, element: Shape? = nil, record: RecordShape? = nil) {
            self.kind = kind
            self.amount = amount
            self.choices = choices
            self.element = element
            self.record = record
            isNested = kind == .list || kind == .record
            readsInPlace = isNested || kind == .set
            choicesReference = choices.map { Unmanaged.passUnretained($0) }
            elementReference = element.map { Unmanaged.passUnretained($0) }
            recordReference = record.map { Unmanaged.passUnretained($0) }
            pointShift = amount?.pointShift
            range = amount?.range ?? .nonNegative
            dimension = amount?.dimension ?? .plain
        }

        static let unsupported = Shape(.unsupported)
    }

    /// A quantity's dimension and range, with what its declared unit needs worked out once.
    struct AmountShape: Sendable {
        /// How the number written is scaled.
        enum Reading: Sendable {
            /// Money in `currency`: by the declared unit (nil when that unit is in another
            /// currency), or by a unit written after the number.
            case money(Currency, declared: DecimalBytes.Scale?)
            /// A price in its declared unit; a written unit is left to the slow path.
            case price(DecimalBytes.Scale)
            /// `5` or `5%` for 5%.
            case percent
            /// The number as written, with no unit after it.
            case plain
        }

        let dimension: Dimension
        let reading: Reading
        let range: ApplicantReader.Range
        /// How far a number written with no unit after it moves its decimal point to the right
        /// (4 for 万元, -2 for a percent); nil when its unit is not a power of ten, or it is read
        /// in no unit of its own.
        let pointShift: Int?

        init(_ dimension: Dimension, _ input: InputUnit, _ range: ApplicantReader.Range) {
            self.dimension = dimension
            self.range = range
            switch (dimension, input) {
            case (.money(let currency), .money(let declared)):
                reading = .money(currency, declared: declared.currency == currency ? DecimalBytes.Scale(declared.factor) : nil)
            case (.price, .money(let declared)):
                reading = .price(DecimalBytes.Scale(declared.factor))
            case (_, .percent):
                reading = .percent
            default:
                reading = .plain
            }
            switch reading {
            case .money(_, .exponent(let exponent)?), .price(.exponent(let exponent)): pointShift = exponent
            case .percent: pointShift = -2
            case .plain: pointShift = 0
            default: pointShift = nil
            }
        }
    }

    final class RecordShape: Sendable {
        let fields: Names
        let shapes: [Shape]
        /// The cell of a field the input leaves out: its default, or nil.
        let absent: [Cell?]
        /// `shapes` for the line scan, read without a retain and a release (`shapes` keeps them).
        let shapeReferences: [Unmanaged<Shape>]
        /// The record's path when it is reached from its fact by field names alone
        /// (`listing.domestic_ipo`), made once; nil when a list position is on the way.
        let path: String?
        /// When the record is an item of a list reached by field names alone, its paths as the
        /// list's first items (`qflp.funds[1]`, …), made once.
        let itemPaths: [String]

        init(fields: Names, shapes: [Shape], absent: [Cell?], path: String?, itemPaths: [String]) {
            self.fields = fields
            self.shapes = shapes
            self.path = path
            self.itemPaths = itemPaths
            shapeReferences = shapes.map { Unmanaged.passUnretained($0) }
            self.absent = absent
        }
    }

    struct Fact: Sendable {
        var name: String
        var shape: Shape
        var slots: [Int]

        /// For a list of records, the paths of its first items (`increases[1]`, …), made once (by
        /// the items' record shape).
        var itemPaths: [String] { shape.element?.record?.itemPaths ?? [] }
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
        /// How many list positions `path` holds.
        var positions = 0
        /// The facts of the applicant a `read` returned, handed back by `recycle` once evaluated:
        /// the next line is written over them in place, so that the records, lists and sets of one
        /// line are not freed only for the next line to make them again. Empty when there are none.
        var spare: [Cell] = []
        /// The line whose facts `spare` holds: the facts `givenFacts` stamps with it are the only
        /// ones whose slots are not as `absent` has them.
        var spareLine = 0
        /// The line whose applicant the last `read` returned; 0 when it declined (the applicant
        /// evaluated then is the slow path's, which is not handed back).
        var returnedLine = 0
        /// The documents open on the day of the line before (`kept`).
        var openDocuments = BoundLineReader.OpenDocuments()
        /// The facts of the line being read whose reading waits for its eligibility verdicts.
        var deferred: [DeferredFact] = []
        /// The storage of records and lists that a line read over `spare` no longer needs (a fact
        /// or a field left out, a shorter list), kept for the records and lists of the lines after.
        /// The records' storage is kept by number of fields (`spareFields[n]` holds storage of
        /// `n` fields), so that a record takes storage of its own size in one step.
        var spareFields: [[[Cell?]]] = []
        var spareFieldsKept = 0
        var spareItems: [[Cell]] = []
        /// How many records' storage `spareFields` keeps in all, and how many lists' `spareItems`.
        static let spareLimit = 64
        /// By fact index: the record, list or set a fact held on the last line that gave it, when a
        /// line after it left the fact out. Set aside whole (not taken apart into the spare
        /// storage), it is written over in place when a line gives the fact again.
        var parked: [Cell]

        static let empty = Scratch(seenFacts: [], givenFacts: [], seenClauses: [], parked: [])

        /// Spare storage for a record of `count` fields: storage of that many fields when some is
        /// kept (written over as it is, not emptied and filled again), else the storage kept last
        /// of the nearest larger size, else none.
        mutating func takeSpareFields(count: Int) -> [Cell?] {
            var size = count
            while size < spareFields.count {
                if let fields = spareFields[size].popLast() {
                    spareFieldsKept -= 1
                    return fields
                }
                size += 1
            }
            return []
        }

        /// Keeps a record's storage for the records read after it, up to `spareLimit`.
        mutating func keepSpareFields(_ fields: consuming [Cell?]) {
            guard spareFieldsKept < Self.spareLimit else { return }
            let count = fields.count
            while spareFields.count <= count { spareFields.append([]) }
            spareFields[count].append(fields)
            spareFieldsKept += 1
        }
    }

    enum PathPart {
        case name(String)
        case position(Int)
    }

    let facts: [Fact]
    let factNames: Names
    /// Each fact's shape and slots, by fact index, read without copying its `Fact`.
    let factShapes: [Unmanaged<Shape>]
    let factSlots: [[Int]]
    /// Each fact's first slot (-1: none), and whether it has others, read without the array of
    /// its slots.
    let firstSlots: [Int]
    let moreSlots: [Bool]
    /// By fact index: the documents whose slots it fills, a bit per document index; every bit for
    /// a fact an implication reads or writes or when there are more than 63 documents, including
    /// `keptAlways`, which every day's `openDocuments` holds, so that such a fact is kept whatever
    /// the day (even one on which every document is closed). Zero for a fact no document declares.
    let factDocuments: [UInt64]
    /// The bit no document takes: set in every mask of open documents.
    static let keptAlways: UInt64 = 1 << 63
    /// The documents (a bit per index, as `factDocuments`) whose eligibility reads only facts
    /// (every condition made of one-fact tests: `CompiledDocument.eligibilitySlots`): once those
    /// facts are read, the line tells whether the applicant is eligible, and when not, none of
    /// the document's other facts is read by any evaluation.
    let gatedDocuments: UInt64
    /// By fact index: whether the fact may be read after the others, and then only when an open
    /// document the applicant may be eligible for reads it (see `LineScan.readDeferred`). False
    /// for the facts any of `gatedDocuments` decides its eligibility on.
    let deferrable: [Bool]
    /// Which documents' facts a line keeps on a day (`CompiledProgram.readsFacts`).
    let compiled: CompiledProgram
    let absent: [Cell]
    /// Each clause's amount already received, none given: the table a line that gives some
    /// starts from (a line that gives none has an empty one, `BoundApplicant.prior`).
    let noPrior: [ExactDecimal?]
    /// Clause ids `prior_received` may name, and the clause index each fills (nil: none).
    let clauseNames: Names
    let clauseIndices: [Int?]
    /// `implied by` in the order `Implications` applies it: (implied, implying), as fact indices,
    /// and for an implying bool its first slot, to see whether it was given as `false` (-1 when it
    /// has none: such a line is left to the slow path).
    let implications: [(implied: Int, implying: Int, slot: Int?)]
    /// Whether implications form a circle, so that they are applied until nothing changes.
    let circularImplications: Bool
    static let units = Names(MoneyUnit.all.map(\.name))
    /// Each of `units`' currency and scale, by its index there.
    static let unitScales = MoneyUnit.all.map { (currency: $0.currency, scale: DecimalBytes.Scale($0.factor)) }
    static let percentSign = Array("%".utf8)
    /// A `prior_received` amount: CNY, written in 万元 unless a unit follows.
    static let priorAmount = AmountShape(.money(.cny), .money(.wan), .nonNegative)
    /// How many item paths each list of records has made in advance.
    static let itemPathCount = 8

    /// Where a value's shape sits in its fact, for the paths of the records in it: reached by
    /// field names alone (the path as text), an item of a list so reached (the list's path), or
    /// below a list position.
    enum Place {
        case named(String)
        case item(of: String)
        case positioned
    }

    init?(program: Program) {
        // (`prior_received` is a built-in name no fact may take: the line's member of that name is
        // always the amounts received.)
        guard let compiled = program.compiled, program.facts[BuiltinName.priorReceived.rawValue] == nil else { return nil }
        var facts: [Fact] = []
        var index: [String: Int] = [:]
        for (name, info) in program.facts.sorted(by: { $0.key < $1.key }) {
            let slots = compiled.slotsByName[name] ?? []
            // Bind writes each slot in its own layout; the fast path writes one, so they must agree.
            let shape = slots.allSatisfy({ compiled.facts[$0].type == info.type }) ? Self.shape(info.type, info.input, info.syntax, at: .named(name)) : Shape.unsupported
            index[name] = facts.count
            facts.append(Fact(name: name, shape: shape, slots: slots))
        }
        self.facts = facts
        factNames = Names(facts.map(\.name))
        // Read without a retain and a release: `facts` keeps the shapes.
        factShapes = facts.map { Unmanaged.passUnretained($0.shape) }
        factSlots = facts.map(\.slots)
        firstSlots = facts.map { $0.slots.first ?? -1 }
        moreSlots = facts.map { $0.slots.count > 1 }
        absent = compiled.facts.map(\.absent)
        noPrior = Array(repeating: nil, count: compiled.clauses.count)
        let ids = program.clauses.keys.sorted()
        clauseNames = Names(ids)
        clauseIndices = ids.map { compiled.clauseIndex[$0] }
        let order = Implications(program.facts)
        var implications: [(implied: Int, implying: Int, slot: Int?)] = []
        for (name, implying) in order.order {
            guard let implied = index[name], let by = index[implying] else { return nil }
            let slot = program.facts[implying]?.type == .bool ? facts[by].slots.first ?? -1 : nil
            implications.append((implied, by, slot))
        }
        self.implications = implications
        circularImplications = order.circular
        self.compiled = compiled
        let involved = Set(implications.flatMap { [$0.implied, $0.implying] })
        factDocuments = facts.indices.map { fact in
            if involved.contains(fact) || compiled.documents.count > 63 { return ~0 }
            return facts[fact].slots.reduce(0) { $0 | 1 << UInt64(compiled.facts[$1].document) }
        }
        var factOfSlot = Array(repeating: -1, count: compiled.facts.count)
        for (fact, slots) in factSlots.enumerated() { for slot in slots { factOfSlot[slot] = fact } }
        var gated: UInt64 = 0
        var eligibilityFacts = Set<Int>()
        if compiled.documents.count <= 63 {
            for (d, document) in compiled.documents.enumerated() {
                guard let slots = document.eligibilitySlots else { continue }
                let read = slots.map { factOfSlot[$0] }
                guard !read.contains(-1) else { continue }
                gated |= 1 << UInt64(d)
                eligibilityFacts.formUnion(read)
            }
        }
        gatedDocuments = gated
        deferrable = facts.indices.map { !eligibilityFacts.contains($0) }
    }

    /// Which of a line's facts `read` keeps.
    enum Keeping: Sendable {
        /// Every fact given.
        case all
        /// The facts of the documents that may decide anything on the applicant's day
        /// (`CompiledProgram.readsFacts`): the day the run gives every applicant (`runDay`), else
        /// the line's `as_of` when it comes before `facts`; every fact when neither is known by
        /// then. The others are read as strictly (a line declined for a bad value is declined
        /// all the same) but not kept: their slots hold their absent values, and the applicant
        /// says so (`BoundApplicant.unreadClosedOn`). Nor are the facts that only open documents
        /// the line's own facts find the applicant not eligible for read (`LineScan.readDeferred`):
        /// no evaluation reads them.
        case open(runDay: Day?)
    }

    /// Of the documents in `open` whose eligibility reads facts alone (`gatedDocuments`), those
    /// that `facts` make the applicant not eligible for, as an evaluation decides them
    /// (`CompiledDocument.decideEligibility`); a bit per document index.
    func ineligibleDocuments(_ facts: UnsafeBufferPointer<Cell>, open: UInt64) -> UInt64 {
        var ineligible: UInt64 = 0
        var documents = gatedDocuments & open
        while documents != 0 {
            let d = documents.trailingZeroBitCount
            documents &= documents - 1
            Unmanaged.passUnretained(compiled.documents[d])._withUnsafeGuaranteedRef { document in
                for position in document.eligibilityGates.indices where document.decideEligibility(position, facts) == false {
                    ineligible |= 1 << UInt64(d)
                    break
                }
            }
        }
        return ineligible
    }

    /// Whether fact `index`, given on a line whose open documents are `open`, waits for the
    /// line's eligibility verdicts: every open document that reads it decides its eligibility
    /// on facts alone, and none of them on this one.
    @inline(__always)
    func defers(_ index: Int, open: UInt64) -> Bool {
        deferrable[index] && factDocuments[index] & open & ~gatedDocuments == 0
    }

    /// Whether a fact that waited (`defers`) is kept once the verdicts are known: an open document
    /// the applicant is not found ineligible for (`ineligibleDocuments`) reads it.
    @inline(__always)
    func keepsWaiting(_ index: Int, open: UInt64, ineligible: UInt64) -> Bool {
        factDocuments[index] & open & ~ineligible != 0
    }

    /// Whether a reading that keeps `keeping` lets facts wait for the verdicts: when only the open
    /// documents' facts are kept, and some document decides its eligibility on facts alone.
    func waits(_ keeping: Keeping) -> Bool {
        guard case .open = keeping else { return false }
        return gatedDocuments != 0
    }

    /// A fact whose reading waits for the line's eligibility verdicts (`LineScan.readDeferred`):
    /// where its value starts and ends, and the line that gave it last before this one.
    struct DeferredFact {
        var fact: Int
        var start: Int
        var end: Int
        var stamp: Int
    }

    /// The last day `kept` worked out, with the documents open on it: lines or rows of one day (or
    /// a run's day) work it out once.
    struct OpenDocuments {
        var day: Day?
        var open: UInt64 = ~0
    }

    /// The documents whose facts a line or a CSV row keeps (a bit per document index, as
    /// `factDocuments`) and the day that decides them (`BoundApplicant.unreadClosedOn`): the run's
    /// day, else the line's own; every document, and no day, when `keeping` is `.all` or neither
    /// day is known.
    func kept(_ keeping: Keeping, lineDay: Day?, _ last: inout OpenDocuments) -> (open: UInt64, day: Day?) {
        guard case .open(let runDay) = keeping, let day = runDay ?? lineDay else { return (~0, nil) }
        if last.day != day { last = OpenDocuments(day: day, open: openDocuments(on: day)) }
        return (last.open, day)
    }

    /// The documents whose facts a line of `day` keeps, a bit per document index (as
    /// `factDocuments`), and `keptAlways`.
    func openDocuments(on day: Day) -> UInt64 {
        guard compiled.documents.count <= 63 else { return ~0 }
        var open = Self.keptAlways
        for d in compiled.documents.indices where compiled.readsFacts(of: d, on: day) { open |= 1 << UInt64(d) }
        return open
    }

    static func shape(_ type: ValueType, _ input: InputUnit, _ syntax: TypeSyntax?, at place: Place = .positioned) -> Shape {
        switch type {
        case .bool: return Shape(.bool)
        case .quantity(let dimension): return Shape(.quantity, amount: AmountShape(dimension, input, ApplicantReader.Range(syntax)))
        case .date: return Shape(.date)
        case .text(let choices): return Shape(.text, choices: choices.map { Names($0) })
        case .set(let choices): return Shape(.set, choices: Names(choices))
        case .list(let element):
            var elementSyntax: TypeSyntax?
            if case .listOf(let written)? = syntax { elementSyntax = written }
            var itemPlace = Place.positioned
            if case .named(let path) = place { itemPlace = .item(of: path) }
            return Shape(.list, element: shape(element, input, elementSyntax, at: itemPlace))
        case .record(let fields):
            var written: [FieldDecl] = []
            if case .record(let declared)? = syntax { written = declared }
            var path: String?, itemPaths: [String] = []
            switch place {
            case .named(let named): path = named
            case .item(let list): itemPaths = (1...itemPathCount).map { "\(list)[\($0)]" }
            case .positioned: break
            }
            let shapes = fields.map { field in
                shape(field.type, field.input, written.first { $0.name == field.name }?.type, at: path.map { .named("\($0).\(field.name)") } ?? .positioned)
            }
            let absent = fields.map { field in (field.defaultValue ?? field.type.absentDefault).map { Compiler.cell($0, field.type) } }
            return Shape(.record, record: RecordShape(fields: Names(fields.map(\.name)), shapes: shapes, absent: absent, path: path, itemPaths: itemPaths))
        case .unknown: return Shape.unsupported
        }
    }

    func scratch() -> Scratch {
        Scratch(seenFacts: Array(repeating: 0, count: facts.count), givenFacts: Array(repeating: 0, count: facts.count),
                seenClauses: Array(repeating: 0, count: clauseIndices.count), parked: Array(repeating: .bool(false), count: facts.count))
    }

    /// The line bound to the program, or nil when the slow path must read it.
    func read(_ line: ArraySlice<UInt8>, _ scratch: inout Scratch, keeping: Keeping = .all) -> BoundApplicant? {
        scratch.line += 1
        // A line declined halfway leaves its path behind.
        if !scratch.path.isEmpty {
            scratch.path.removeAll(keepingCapacity: true)
            scratch.positions = 0
        }
        let applicant = line.withUnsafeBufferPointer { buffer in
            // The reading works on the caller's scratch where it is: its arrays are neither copied
            // nor moved.
            withUnsafeMutablePointer(to: &scratch) { scratch in
                var reading = LineScan(reader: self, bytes: buffer, scratch: scratch, keeping: keeping)
                return reading.applicant()
            }
        }
        scratch.returnedLine = applicant == nil ? 0 : scratch.line
        return applicant
    }

    /// Hands back the facts of the applicant the last `read` returned, once it is evaluated and
    /// nothing else holds them: the next line is written over them in place. Facts of any other
    /// applicant (the slow path's, one read before) are let go instead.
    func recycle(_ facts: consuming [Cell], _ scratch: inout Scratch) {
        guard scratch.returnedLine != 0, facts.count == absent.count else { return }
        scratch.spare = facts
        scratch.spareLine = scratch.returnedLine
        scratch.returnedLine = 0
    }
}

/// Readings of a value's bytes that the JSON Lines and the CSV fast paths share.
extension BoundLineReader {
    typealias Bytes = UnsafeBufferPointer<UInt8>.SubSequence

    /// An amount's text (`1234.56`, `8亿`, `5%`, without quotes or white space around it) read as
    /// `ApplicantReader` reads it; nil for anything it would report or read differently.
    static func quantity(_ text: Bytes, _ amount: AmountShape) -> ExactDecimal? {
        guard let number = DecimalBytes(text) else { return nil }
        return quantity(number, suffix: text[number.end...], amount)
    }

    /// A number read from an amount's text, and the unit written after it (`suffix`, empty for
    /// none), as `quantity(_:_:)` reads them.
    static func quantity(_ number: DecimalBytes, suffix: Bytes, _ amount: AmountShape) -> ExactDecimal? {
        let range = amount.range
        if range == .whole, number.isNegative || number.places != 0 { return nil }
        if number.isNegative && range != .signed { return nil }
        switch amount.reading {
        case .money(let currency, let declared):
            if suffix.isEmpty { return declared.flatMap { number.scaled(by: $0) } }
            guard let index = units.index(of: suffix) else { return nil }
            let unit = unitScales[index]
            guard unit.currency == currency else { return nil }
            return number.scaled(by: unit.scale)
        case .price(let declared):
            guard suffix.isEmpty else { return nil }
            return number.scaled(by: declared)
        case .percent:
            guard suffix.isEmpty || suffix.elementsEqual(percentSign) else { return nil }
            return number.shifted(by: -2)
        case .plain:
            return suffix.isEmpty ? number.shifted(by: 0) : nil
        }
    }

    /// A plain decimal of at most 18 digits (`1234.56`, `-3`) at `start` of the bytes before
    /// `limit`, in a unit that moves the decimal point by `shift`, within `range`, as the general
    /// reading of an amount reads it; and where its last digit ends. Nil for anything else.
    static func plainDecimal(_ base: UnsafePointer<UInt8>, _ start: Int, _ limit: Int, shift: Int, range: ApplicantReader.Range) -> (ExactDecimal, end: Int)? {
        var index = start
        let negative = index < limit && base[index] == UInt8(ascii: "-")
        if negative { index &+= 1 }
        // The digits go into a word; past 18 of them it may wrap, and the number is declined below.
        var word: UInt64 = 0
        var digits = Self.digitRun(base, limit, &index, into: &word)
        guard digits > 0 else { return nil }
        var places = 0
        if index < limit && base[index] == UInt8(ascii: ".") {
            index &+= 1
            places = Self.digitRun(base, limit, &index, into: &word)
            guard places > 0 else { return nil }
            digits &+= places
        }
        guard digits <= 18 else { return nil }
        if word == 0 { return (.zero, index) }
        guard !negative || range == .signed else { return nil }
        // Trailing fractional zeros dropped, as an exact decimal keeps its digits.
        while places > 0 && word % 10 == 0 {
            word /= 10
            places -= 1
        }
        if range == .whole && places != 0 { return nil }
        var scale = places - shift
        // A point moved left past a whole number's trailing zeros (`"40"` percent is 0.4).
        while scale > 0 && word % 10 == 0 {
            word /= 10
            scale -= 1
        }
        if scale >= 0 {
            guard scale <= ExactDecimal.maxScale else { return nil }
            return (ExactDecimal(normalised: negative ? -Int128(word) : Int128(word), scale: scale), index)
        }
        // Below 10^18 × 10^19, far inside 128 bits.
        guard -scale < ExactDecimal.wordPowers.count else { return nil }
        let whole = Int128(word) * Int128(ExactDecimal.wordPowers[-scale])
        return (ExactDecimal(normalised: negative ? -whole : whole, scale: 0), index)
    }

    /// Where the plain decimal at `start` ends, when `plainDecimal` reads it, told without making
    /// its value, for the common case only: at most 18 digits, not negative unless the range is
    /// signed, no fractional digits for a whole number, and places that stay within what an exact
    /// decimal holds whatever trailing zeros it drops. Nil when it is not sure: `plainDecimal`
    /// reads more than this passes, never less.
    static func plainDecimalEnd(_ base: UnsafePointer<UInt8>, _ start: Int, _ limit: Int, shift: Int, range: ApplicantReader.Range) -> Int? {
        var index = start
        if index < limit && base[index] == UInt8(ascii: "-") {
            guard range == .signed else { return nil }
            index &+= 1
        }
        let whole = index
        index = digitsEnd(base, index, limit)
        var digits = index &- whole
        guard digits > 0 else { return nil }
        var places = 0
        if index < limit && base[index] == UInt8(ascii: ".") {
            guard range != .whole else { return nil }
            index &+= 1
            let fraction = index
            index = digitsEnd(base, index, limit)
            places = index &- fraction
            guard places > 0 else { return nil }
            digits &+= places
        }
        // Dropping trailing zeros only lowers the scale, which stays at or above `-shift`.
        guard digits <= 18, places - shift <= ExactDecimal.maxScale, shift < ExactDecimal.wordPowers.count else { return nil }
        return index
    }

    /// Where the run of ASCII digits at `index` ends, before `limit`: eight bytes at a time, the
    /// first that is not a digit found from the word's bits.
    @inline(__always)
    static func digitsEnd(_ base: UnsafePointer<UInt8>, _ start: Int, _ limit: Int) -> Int {
        var index = start
        let raw = UnsafeRawPointer(base)
        while index &+ 8 <= limit {
            let others = ByteWords.notDigits(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)))
            if others != 0 { return index &+ others.trailingZeroBitCount / 8 }
            index &+= 8
        }
        while index < limit && base[index] &- UInt8(ascii: "0") < 10 { index &+= 1 }
        return index
    }

    /// Reads the run of ASCII digits at `index` before `limit` into `word` (which wraps past 18
    /// of them), moving `index` past it; how many digits it holds.
    @inline(__always)
    static func digitRun(_ base: UnsafePointer<UInt8>, _ limit: Int, _ index: inout Int, into word: inout UInt64) -> Int {
        let start = index
        while index < limit {
            let digit = base[index] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            word = word &* 10 &+ UInt64(digit)
            index &+= 1
        }
        return index &- start
    }

    /// `YYYY-MM-DD` of ASCII digits, a day that exists. The first eight bytes are read as one
    /// word: the dashes checked in their places and the digits around them at once.
    static func day(_ text: Bytes) -> Day? {
        guard text.count == 10, let base = text.base.baseAddress else { return nil }
        let start = UnsafeRawPointer(base + text.startIndex)
        let word = UInt64(littleEndian: start.loadUnaligned(as: UInt64.self))
        // Bytes 4 and 7 of `YYYY-MM-` (the first byte in the lowest bits).
        let dashPlaces: UInt64 = 0xFF << 32 | 0xFF << 56, dashes: UInt64 = 0x2D << 32 | 0x2D << 56
        let zeros: UInt64 = 0x3030_3030_3030_3030
        let tens = start.load(fromByteOffset: 8, as: UInt8.self) &- UInt8(ascii: "0")
        let units = start.load(fromByteOffset: 9, as: UInt8.self) &- UInt8(ascii: "0")
        // The dashes' places read as zeros: every byte of the word must then be a digit.
        guard word & dashPlaces == dashes, ByteWords.notDigits(word & ~dashPlaces | zeros & dashPlaces) == 0, tens < 10, units < 10 else { return nil }
        // Each digit's value, byte by byte (an exclusive or borrows nothing from the next byte).
        let digits = word ^ zeros
        func digit(_ place: UInt64) -> Int { Int(truncatingIfNeeded: (digits >> (8 * place)) & 0xFF) }
        return Day(year: digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3),
                   month: digit(5) * 10 + digit(6), day: Int(tens) * 10 + Int(units))
    }

    /// Bytes as text, validated as UTF-8.
    static func text(_ bytes: Bytes) -> String? {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Applies `implied by` to the cells of line `line`, whose given facts are those with
    /// `given[fact] == line`, as `ApplicantReader` does: the implied fact becomes true (and given)
    /// unless the implying fact is a bool given as false. False when an implied fact is given as
    /// false beside a true implication, an error the slow path reports.
    func applyImplications(_ cells: inout [Cell], given: inout [Int], line: Int) -> Bool {
        var changed = true
        while changed {
            changed = false
            for (implied, implying, implyingSlot) in implications where given[implying] == line {
                if let implyingSlot {
                    guard implyingSlot >= 0 else { return false }
                    if case .bool(false) = cells[implyingSlot] { continue }
                }
                if given[implied] == line {
                    guard let slot = facts[implied].slots.first else { return false }
                    if case .bool(false) = cells[slot] { return false }
                    if case .bool(true) = cells[slot] { continue }
                }
                for slot in facts[implied].slots { cells[slot] = .bool(true) }
                given[implied] = line
                changed = true
            }
            if !circularImplications { break }
        }
        return true
    }
}

/// Byte strings looked up by their bytes: a hash table for the many fact names and clause ids,
/// the same for a record's few fields and a choice list's few values. The names' bytes lie end to
/// end in one block the table owns (with their starts and the hash table beside them), so a lookup
/// is pointer arithmetic and a comparison in place, with no array to retain or check.
final class Names: @unchecked Sendable {
    // @unchecked: the block is written once, in `init`, and only read after; it is freed in `deinit`.
    let strings: [String]
    /// Name `i`'s bytes are `bytes[starts[i]..<starts[i + 1]]`.
    private let bytes: UnsafeMutablePointer<UInt8>
    private let starts: UnsafeMutablePointer<Int>
    /// Open addressing: index + 1, 0 for an empty place.
    private let table: UnsafeMutablePointer<Int>
    private let mask: Int
    /// How many names there are.
    let count: Int
    /// Whether a value of this list (a choice) is compared in place with each name
    /// (`LineScan.choice(in:)`): few names, none holding a quote, a backslash or a control
    /// character, so a name followed by its closing quote is the whole JSON string there.
    let comparedInPlace: Bool
    /// Name `i` with its closing quote, when the two fit in `quotedBytes`: its bytes, the quote
    /// and zeros, as four words from `quoted[4 * i]`, and a mask of the bytes that count from
    /// `masks[4 * i]`. A longer name has a mask of zeros (`fitsWords` is false).
    private let quoted: UnsafeMutablePointer<UInt64>
    private let masks: UnsafeMutablePointer<UInt64>
    static let quotedBytes = 32

    init(_ strings: [String]) {
        self.strings = strings
        count = strings.count
        comparedInPlace = (1...LineScan.namesAhead).contains(strings.count)
            && strings.allSatisfy { $0.utf8.allSatisfy { $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") } }
        var bytes: [UInt8] = []
        var starts = [0]
        for string in strings {
            bytes += string.utf8
            starts.append(bytes.count)
        }
        var size = 8
        while size < strings.count * 4 { size *= 2 }
        mask = size - 1
        var table = Array(repeating: 0, count: size)
        for index in strings.indices {
            let count = starts[index + 1] - starts[index]
            var place = bytes.withUnsafeBytes { Names.hash($0.baseAddress.map { $0 + starts[index] }, count) } & mask
            while table[place] != 0 { place = (place + 1) & mask }
            table[place] = index + 1
        }
        self.bytes = Names.copy(bytes)
        self.starts = Names.copy(starts)
        self.table = Names.copy(table)
        // Laid out as bytes and read back as words, so that a word of the line read at the name's
        // place compares equal in any byte order.
        var quotedBytes = [UInt8](repeating: 0, count: strings.count * Names.quotedBytes)
        var maskBytes = quotedBytes
        for (index, string) in strings.enumerated() where string.utf8.count < Names.quotedBytes {
            let base = index * Names.quotedBytes
            for (position, byte) in (Array(string.utf8) + [UInt8(ascii: "\"")]).enumerated() {
                quotedBytes[base + position] = byte
                maskBytes[base + position] = 0xFF
            }
        }
        self.quoted = Names.words(quotedBytes)
        self.masks = Names.words(maskBytes)
    }

    deinit {
        bytes.deallocate()
        starts.deallocate()
        table.deallocate()
        quoted.deallocate()
        masks.deallocate()
    }

    /// A block of words holding `bytes` (whose count is a multiple of eight) in order.
    private static func words(_ bytes: [UInt8]) -> UnsafeMutablePointer<UInt64> {
        let count = max(bytes.count / 8, 1)
        let block = UnsafeMutablePointer<UInt64>.allocate(capacity: count)
        block.initialize(repeating: 0, count: count)
        bytes.withUnsafeBytes { source in
            guard let base = source.baseAddress else { return }
            for word in 0..<(bytes.count / 8) { block[word] = base.loadUnaligned(fromByteOffset: word * 8, as: UInt64.self) }
        }
        return block
    }

    /// Whether name `index` and its closing quote fit in `quotedBytes` bytes.
    @inline(__always)
    func fitsWords(_ index: Int) -> Bool { masks[4 &* index] != 0 }

    /// Whether name `index`, which `fitsWords`, is at `start` with its closing quote after it:
    /// four words compared at once, with no branch on the name's length. `quotedBytes` bytes
    /// must be readable at `start`.
    @inline(__always)
    func isQuotedName(_ index: Int, at start: UnsafeRawPointer) -> Bool {
        let name = quoted + 4 &* index, mask = masks + 4 &* index
        let first = (start.loadUnaligned(as: UInt64.self) & mask[0]) ^ name[0]
        let second = (start.loadUnaligned(fromByteOffset: 8, as: UInt64.self) & mask[1]) ^ name[1]
        let third = (start.loadUnaligned(fromByteOffset: 16, as: UInt64.self) & mask[2]) ^ name[2]
        let fourth = (start.loadUnaligned(fromByteOffset: 24, as: UInt64.self) & mask[3]) ^ name[3]
        return first | second | third | fourth == 0
    }

    /// A block of its own holding `values` (at least one element, so it is never empty).
    private static func copy<T>(_ values: [T]) -> UnsafeMutablePointer<T> {
        let block = UnsafeMutablePointer<T>.allocate(capacity: max(values.count, 1))
        values.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { block.initialize(from: base, count: source.count) }
        }
        return block
    }

    /// A hash of a name's length and of its first, middle and last eight bytes: a few loads, not a
    /// step per byte. Names that share those bytes only share a place in the table.
    static func hash(_ start: UnsafeRawPointer?, _ count: Int) -> Int {
        var hash = UInt64(truncatingIfNeeded: count) &* 0x9e37_79b9_7f4a_7c15
        if let start, count > 0 {
            if count >= 8 {
                hash = (hash ^ start.loadUnaligned(as: UInt64.self)) &* 0xff51_afd7_ed55_8ccd
                hash = (hash ^ start.loadUnaligned(fromByteOffset: count / 2 - 4, as: UInt64.self)) &* 0xc4ce_b9fe_1a85_ec53
                hash = (hash ^ start.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)) &* 0xff51_afd7_ed55_8ccd
            } else {
                var word: UInt64 = 0
                for offset in 0..<count { word = word << 8 | UInt64(start.load(fromByteOffset: offset, as: UInt8.self)) }
                hash = (hash ^ word) &* 0xff51_afd7_ed55_8ccd
            }
        }
        return Int(truncatingIfNeeded: (hash ^ hash >> 29) >> 1)
    }

    /// Whether `count` bytes at `a` and at `b` are the same, compared eight at a time; the last
    /// word, and a name shorter than a word, are compared as two overlapping loads, not a step
    /// per byte.
    static func same(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
        if count >= 8 {
            var offset = 0
            while offset + 8 < count {
                if a.loadUnaligned(fromByteOffset: offset, as: UInt64.self) != b.loadUnaligned(fromByteOffset: offset, as: UInt64.self) { return false }
                offset += 8
            }
            return a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        }
        if count >= 4 {
            return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
                && a.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self) == b.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
        }
        if count >= 2 {
            return a.loadUnaligned(as: UInt16.self) == b.loadUnaligned(as: UInt16.self)
                && a.loadUnaligned(fromByteOffset: count - 2, as: UInt16.self) == b.loadUnaligned(fromByteOffset: count - 2, as: UInt16.self)
        }
        return count == 0 || a.load(as: UInt8.self) == b.load(as: UInt8.self)
    }

    /// The length in bytes of name `index`.
    func length(_ index: Int) -> Int { starts[index &+ 1] &- starts[index] }

    /// The length of name `index` when it is at `start` with its closing quote after it: as four
    /// words when it `fitsWords` and `quotedBytes` bytes may be read there, else byte by byte
    /// among the `room` bytes there. Nil when it is not there.
    @inline(__always)
    func quotedNameLength(_ index: Int, at start: UnsafeRawPointer) -> Int? {
        isQuotedName(index, at: start) ? length(index) : nil
    }

    @inline(__always)
    func quotedNameLength(_ index: Int, at start: UnsafeRawPointer, room: Int) -> Int? {
        let count = length(index)
        return count < room && start.load(fromByteOffset: count, as: UInt8.self) == UInt8(ascii: "\"") && isName(index, at: start, count: count) ? count : nil
    }

    /// Whether name `index` (whose length is `count`) is the `count` bytes at `start`.
    func isName(_ index: Int, at start: UnsafeRawPointer, count: Int) -> Bool {
        count == 0 || Self.same(UnsafeRawPointer(bytes + starts[index]), start, count)
    }

    /// Whether name `index` is exactly the `count` bytes at `start`.
    @inline(__always)
    private func matches(_ index: Int, _ start: UnsafeRawPointer?, _ count: Int) -> Bool {
        guard length(index) == count else { return false }
        guard let start else { return count == 0 }
        return isName(index, at: start, count: count)
    }

    /// The index of the name whose bytes are exactly `key`.
    func index(of key: UnsafeBufferPointer<UInt8>.SubSequence) -> Int? {
        let count = key.count
        let start = key.base.baseAddress.map { UnsafeRawPointer($0 + key.startIndex) }
        var place = Names.hash(start, count) & mask
        while true {
            let entry = table[place]
            if entry == 0 { return nil }
            if matches(entry - 1, start, count) { return entry - 1 }
            place = (place + 1) & mask
        }
    }

    var isEmpty: Bool { strings.isEmpty }
}

/// One line being scanned. Every function returns nil (or false) to decline. Objects and arrays
/// are read by plain loops (`opens`, `key`, `next`), with no closure per member or item; nesting
/// recurses on the value's shape.
///
/// Offsets and indices here (and in `BoundLineReader`'s readings of digits and `Names`' index
/// arithmetic, which this calls) stay within the line's bytes or a table's names, far from
/// `Int`'s limits, so their sums and differences use the wrapping operators (`&+`, `&-`): Swift's
/// `+` adds an overflow check, an instruction and a branch, which on this path cost about 6% of a
/// line's reading.
private struct LineScan {
    let reader: BoundLineReader
    let bytes: UnsafeBufferPointer<UInt8>
    /// The caller's scratch, valid while the scan runs (`BoundLineReader.read`).
    private let scratchAddress: UnsafeMutablePointer<BoundLineReader.Scratch>
    /// Read and written in place through its address.
    var scratch: BoundLineReader.Scratch {
        unsafeAddress { UnsafePointer(scratchAddress) }
        nonmutating unsafeMutableAddress { scratchAddress }
    }
    let keeping: BoundLineReader.Keeping
    /// Whether a fact that only documents deciding their eligibility on facts read may wait for
    /// the line's verdicts (`readDeferred`): when only the facts of open documents are kept.
    let defers: Bool
    var offset = 0

    init(reader: BoundLineReader, bytes: UnsafeBufferPointer<UInt8>, scratch: UnsafeMutablePointer<BoundLineReader.Scratch>, keeping: BoundLineReader.Keeping) {
        self.reader = reader
        self.bytes = bytes
        scratchAddress = scratch
        self.keeping = keeping
        defers = reader.waits(keeping)
    }

    static let openObject = UInt8(ascii: "{"), closeObject = UInt8(ascii: "}")
    static let openArray = UInt8(ascii: "["), closeArray = UInt8(ascii: "]")

    // MARK: The applicant

    mutating func applicant() -> BoundApplicant? {
        var name: String?
        var asOf: Day?
        var facts: [Cell]?
        var prior: [ExactDecimal?] = []
        var seenName = false, seenAsOf = false
        // The day whose closed documents' facts were left unread.
        var unreadClosedOn: Day?
        var more = opens(Self.openObject, Self.closeObject)
        while more == true {
            guard let key = key() else { return nil }
            switch key.count {
            case 9 where Self.equal(key, "applicant"):
                guard !seenName, let text = text() else { return nil }
                seenName = true
                name = text
            case 5 where Self.equal(key, "as_of"):
                guard !seenAsOf, let day = day() else { return nil }
                seenAsOf = true
                asOf = day
            case 5 where Self.equal(key, "facts"):
                let (open, day) = reader.kept(keeping, lineDay: asOf, &scratch.openDocuments)
                unreadClosedOn = day
                guard facts == nil, let read = self.facts(&prior, open: open) else { return nil }
                facts = read
            default: return nil
            }
            more = next(Self.closeObject)
        }
        skipWhitespace()
        guard more == false, offset == bytes.count, let facts else { return nil }
        return BoundApplicant(name: name, asOf: asOf, facts: facts, prior: prior, unreadClosedOn: unreadClosedOn)
    }

    /// The `facts` object: the facts of the documents in `open` (bits as `factDocuments`) kept,
    /// the others checked only.
    mutating func facts(_ prior: inout [ExactDecimal?], open: UInt64) -> [Cell]? {
        // The facts of a line read before, handed back, are written over in place; the slots of
        // that line's facts this line does not give are made absent again at the end.
        var cells: [Cell] = []
        swap(&cells, &scratch.spare)
        var previous = scratch.spareLine
        if cells.count != reader.absent.count {
            cells = reader.absent
            previous = 0
        }
        let line = scratch.line
        if !scratch.deferred.isEmpty { scratch.deferred.removeAll(keepingCapacity: true) }
        // Read over the cells' buffer: a fact is written in place, with no check per write that
        // the storage is held once.
        guard cells.withUnsafeMutableBufferPointer({ fill(facts: $0, &prior, open: open) }) else { return nil }
        guard reader.applyImplications(&cells, given: &scratch.givenFacts, line: line) else { return nil }
        // What the line before gave (or implied) and this one does not: absent again. (A fact
        // whose reading waits is stamped as given: `readDeferred` sees to it.)
        if previous != 0 {
            cells.withUnsafeMutableBufferPointer { cells in
                for index in reader.factSlots.indices where scratch.givenFacts[index] == previous { forget(index, in: cells) }
            }
        }
        if !scratch.deferred.isEmpty {
            guard readDeferred(&cells, open: open, previous: previous) else { return nil }
        }
        return cells
    }

    /// Makes fact `index` absent in `cells` again, its record, list or set set aside for the
    /// next line that gives it.
    mutating func forget(_ index: Int, in cells: UnsafeMutableBufferPointer<Cell>) {
        let first = reader.firstSlots[index]
        guard first >= 0 else { return }
        // The other slots let go of the first slot's value before it is set aside.
        if reader.moreSlots[index] { for slot in reader.factSlots[index].dropFirst() { cells[slot] = reader.absent[slot] } }
        if cells[first].isWrittenOver {
            // Whatever was set aside for the fact before goes to the spare storage (as a rule
            // nothing is: a line that gives the fact takes it back).
            var before = Cell.bool(false)
            swap(&before, &scratch.parked[index])
            keepStorage(of: &before)
            swap(&scratch.parked[index], &cells[first])
        }
        cells[first] = reader.absent[first]
    }

    /// Reads the facts whose reading waited (`BoundLineReader.deferrable`), once the others are
    /// in `cells`: the documents whose eligibility reads only facts are decided from them as an
    /// evaluation decides them (`CompiledDocument.decideEligibility`), and a waiting fact is
    /// kept when an open document the applicant is not found ineligible for reads it; otherwise
    /// it stays absent (it was checked where it stands). No evaluation reads it then: a document the
    /// applicant is not eligible for refuses every clause unread, and its eligibility reads
    /// only the facts read first. False to decline the line.
    mutating func readDeferred(_ cells: inout [Cell], open: UInt64, previous: Int) -> Bool {
        let ineligible = cells.withUnsafeBufferPointer { reader.ineligibleDocuments($0, open: open) }
        let end = offset, line = scratch.line
        // The waiting facts and the stamps are moved out of the scratch, and the cells written
        // through their buffer, as the first pass writes them (`fill(facts:)`).
        var deferred: [BoundLineReader.DeferredFact] = [], given: [Int] = []
        swap(&deferred, &scratch.deferred)
        swap(&given, &scratch.givenFacts)
        defer {
            swap(&deferred, &scratch.deferred)
            swap(&given, &scratch.givenFacts)
        }
        let read = cells.withUnsafeMutableBufferPointer { cells in
            given.withUnsafeMutableBufferPointer { given in
                for entry in deferred {
                    if reader.keepsWaiting(entry.fact, open: open, ineligible: ineligible) {
                        // Read again from its start, into its slots; it reads as it was checked.
                        offset = entry.start
                        guard keep(entry.fact, cells, given: given, line: line), offset == entry.end else { return false }
                    } else {
                        // Not given: absent, as the line before left it or made so now.
                        given[entry.fact] = entry.stamp
                        if previous != 0 && entry.stamp == previous { forget(entry.fact, in: cells) }
                    }
                }
                return true
            }
        }
        offset = end
        return read
    }

    /// The members of the `facts` object, read into `cells`; false to decline.
    mutating func fill(facts cells: UnsafeMutableBufferPointer<Cell>, _ prior: inout [ExactDecimal?], open: UInt64) -> Bool {
        // The facts' stamps are moved out of the scratch and written through their buffers: a
        // write through the scratch checks each time that the array is held once.
        var seen: [Int] = [], given: [Int] = []
        swap(&seen, &scratch.seenFacts)
        swap(&given, &scratch.givenFacts)
        defer {
            swap(&seen, &scratch.seenFacts)
            swap(&given, &scratch.givenFacts)
        }
        return seen.withUnsafeMutableBufferPointer { seen in
            given.withUnsafeMutableBufferPointer { given in fill(facts: cells, &prior, open: open, seen: seen, given: given) }
        }
    }

    mutating func fill(facts cells: UnsafeMutableBufferPointer<Cell>, _ prior: inout [ExactDecimal?], open: UInt64,
                       seen: UnsafeMutableBufferPointer<Int>, given: UnsafeMutableBufferPointer<Int>) -> Bool {
        var seenPrior = false
        let line = scratch.line
        var more = opens(Self.openObject, Self.closeObject)
        var expected = 0
        while more == true {
            // The fact after the one before in declared (alphabetical) order or one of the few
            // after it, compared in place; else the name is read and looked up.
            let index: Int
            if let here = nameHere(reader.factNames, from: expected) {
                index = here
            } else {
                guard let key = string() else { return false }
                if key.count == 14 && Self.equal(key, "prior_received") {
                    guard colon(), !seenPrior, priorReceived(&prior) else { return false }
                    seenPrior = true
                    more = next(Self.closeObject)
                    continue
                }
                guard let found = reader.factNames.index(of: key) else { return false }
                index = found
            }
            guard colon(), seen[index] != line else { return false }
            seen[index] = line
            expected = index &+ 1
            if reader.factDocuments[index] & open == 0 {
                // Only closed documents declare it (or none does): checked, not kept, not given.
                guard literal("null") || reader.factShapes[index]._withUnsafeGuaranteedRef({ check($0) }) else { return false }
            } else if !literal("null") {
                if defers && reader.defers(index, open: open) {
                    // Checked now, kept once the line's eligibility verdicts are known
                    // (`readDeferred`) if any document that may use it needs it; stamped as given
                    // until then.
                    let start = offset
                    guard reader.factShapes[index]._withUnsafeGuaranteedRef({ check($0) }) else { return false }
                    scratch.deferred.append(BoundLineReader.DeferredFact(fact: index, start: start, end: offset, stamp: given[index]))
                    given[index] = line
                } else {
                    guard keep(index, cells, given: given, line: line) else { return false }
                }
            }
            more = next(Self.closeObject)
        }
        return more == false
    }

    /// Reads the value of fact `index` at the offset into its slots, over what they held.
    mutating func keep(_ index: Int, _ cells: UnsafeMutableBufferPointer<Cell>, given: UnsafeMutableBufferPointer<Int>, line: Int) -> Bool {
        scratch.fact = index
        let first = reader.firstSlots[index]
        if first >= 0 {
            // The first slot's value is the one written over: the others let go of it first.
            let shared = reader.moreSlots[index]
            if shared { for slot in reader.factSlots[index].dropFirst() { cells[slot] = .bool(false) } }
            // A value set aside when a line left the fact out is written over, as the value of
            // the line before would be.
            if scratch.parked[index].isWrittenOver {
                swap(&scratch.parked[index], &cells[first])
                scratch.parked[index] = .bool(false)
            }
            guard reader.factShapes[index]._withUnsafeGuaranteedRef({ fill($0, &cells[first]) }) else { return false }
            if shared { for slot in reader.factSlots[index].dropFirst() { cells[slot] = cells[first] } }
        } else {
            var unused = Cell.bool(false)
            guard reader.factShapes[index]._withUnsafeGuaranteedRef({ fill($0, &unused) }) else { return false }
        }
        given[index] = line
        return true
    }

    mutating func priorReceived(_ prior: inout [ExactDecimal?]) -> Bool {
        let line = scratch.line
        var more = opens(Self.openObject, Self.closeObject)
        while more == true {
            guard let key = key(), let index = reader.clauseNames.index(of: key), scratch.seenClauses[index] != line,
                  let amount = quantity(BoundLineReader.priorAmount) else { return false }
            scratch.seenClauses[index] = line
            if let clause = reader.clauseIndices[index] {
                if prior.isEmpty { prior = reader.noPrior }
                prior[clause] = amount
            }
            more = next(Self.closeObject)
        }
        return more == false
    }

    // MARK: Values

    /// Reads a value of `shape` into `cell`, over what it held: a record, list or set it held (of
    /// the line read before) is written in place when nothing else holds it. False when the value
    /// is not one the fast path reads; `cell` is then left as anything.
    mutating func fill(_ shape: BoundLineReader.Shape, _ cell: inout Cell) -> Bool {
        switch shape.kind {
        case .bool:
            guard let truth = boolean() else { return false }
            cell = .bool(truth)
        case .quantity:
            // The usual amount, a quoted decimal in a unit that moves the point, is read without
            // copying the amount's shape; anything else the general way.
            if let shift = shape.pointShift, peek() == UInt8(ascii: "\""), let value = quotedDecimal(shift: shift, range: shape.range) {
                cell = .number(value, shape.dimension)
                return true
            }
            guard let amount = shape.amount, let value = quantity(amount) else { return false }
            cell = .number(value, amount.dimension)
        case .date:
            guard let day = day() else { return false }
            cell = .date(day)
        case .text:
            guard let choices = shape.choicesReference else {
                guard let text = text() else { return false }
                cell = .text(text)
                return true
            }
            guard let index = choices._withUnsafeGuaranteedRef({ choice(in: $0) }) else { return false }
            cell = .text(choices._withUnsafeGuaranteedRef { $0.strings[index] })
        case .set:
            guard let choices = shape.choicesReference else { return false }
            return choices._withUnsafeGuaranteedRef { fill(set: $0, &cell) }
        case .list:
            guard let element = shape.elementReference else { return false }
            return element._withUnsafeGuaranteedRef { fill(list: $0, &cell) }
        case .record:
            guard let record = shape.recordReference else { return false }
            return record._withUnsafeGuaranteedRef { fill(record: $0, &cell) }
        case .unsupported:
            return false
        }
        return true
    }

    /// Reads a value of `shape` as `fill` does, true for exactly the values it reads, and keeps
    /// nothing of it.
    mutating func check(_ shape: BoundLineReader.Shape) -> Bool {
        switch shape.kind {
        case .bool:
            return boolean() != nil
        case .quantity:
            if let shift = shape.pointShift, peek() == UInt8(ascii: "\""),
               plainDecimalPasses(shift: shift, range: shape.range) || quotedDecimal(shift: shift, range: shape.range) != nil { return true }
            guard let amount = shape.amount else { return false }
            return quantity(amount) != nil
        case .date:
            return day() != nil
        case .text:
            guard let choices = shape.choicesReference else { return checkText() }
            return choices._withUnsafeGuaranteedRef { choice(in: $0) } != nil
        case .set:
            guard let choices = shape.choicesReference else { return false }
            return choices._withUnsafeGuaranteedRef { choices in
                var more = opens(Self.openArray, Self.closeArray)
                while more == true {
                    if choices.isEmpty {
                        guard checkText() else { return false }
                    } else {
                        guard choice(in: choices) != nil else { return false }
                    }
                    more = next(Self.closeArray)
                }
                return more == false
            }
        case .list:
            guard let element = shape.elementReference else { return false }
            return element._withUnsafeGuaranteedRef { element in
                // A list of records, the usual list, checks each item in place: no call and no
                // switch on the item's kind per item.
                if element.kind == .record, let record = element.recordReference {
                    return record._withUnsafeGuaranteedRef { record in
                        var more = opens(Self.openArray, Self.closeArray)
                        while more == true {
                            guard check(record: record) else { return false }
                            more = next(Self.closeArray)
                        }
                        return more == false
                    }
                }
                var more = opens(Self.openArray, Self.closeArray)
                while more == true {
                    guard check(element) else { return false }
                    more = next(Self.closeArray)
                }
                return more == false
            }
        case .record:
            guard let record = shape.recordReference else { return false }
            return record._withUnsafeGuaranteedRef { check(record: $0) }
        case .unsupported:
            return false
        }
    }

    /// `check` for a record of `record`'s shape.
    @inline(__always)
    mutating func check(record: BoundLineReader.RecordShape) -> Bool {
        guard record.absent.count <= 64 else { return false }
        var more = opens(Self.openObject, Self.closeObject)
        var seen: UInt64 = 0
        var expected = 0
        while more == true {
            guard let index = field(of: record, seen: &seen, expected: &expected) else { return false }
            guard literal("null") || record.shapeReferences[index]._withUnsafeGuaranteedRef({ checkField($0) }) else { return false }
            more = next(Self.closeObject)
        }
        return more == false
    }

    /// `check` for a record's field, with the usual kinds (a truth value, a plain amount, a
    /// choice) checked in place rather than by a call.
    @inline(__always)
    mutating func checkField(_ shape: BoundLineReader.Shape) -> Bool {
        switch shape.kind {
        case .bool:
            return boolean() != nil
        case .quantity:
            if let shift = shape.pointShift, peek() == UInt8(ascii: "\""), plainDecimalPasses(shift: shift, range: shape.range) { return true }
        case .text:
            guard let choices = shape.choicesReference else { break }
            return choices._withUnsafeGuaranteedRef { choice(in: $0) } != nil
        default:
            break
        }
        return check(shape)
    }

    /// A string that `text()` reads, checked without making the text.
    mutating func checkText() -> Bool {
        guard let bytes = string() else { return false }
        return bytes.allSatisfy { $0 < 0x80 } || BoundLineReader.text(bytes) != nil
    }

    mutating func fill(set choices: Names, _ cell: inout Cell) -> Bool {
        var values = cell.takeSet() ?? []
        values.removeAll(keepingCapacity: true)
        var more = opens(Self.openArray, Self.closeArray)
        while more == true {
            if choices.isEmpty {
                guard let text = text() else { return false }
                values.insert(text)
            } else {
                guard let index = choice(in: choices) else { return false }
                // Room for every choice at once, so the set grows no more.
                if values.isEmpty { values.reserveCapacity(choices.strings.count) }
                values.insert(choices.strings[index])
            }
            more = next(Self.closeArray)
        }
        guard more == false else { return false }
        cell = .set(values)
        return true
    }

    /// The items are written over the items the cell held, as far as they go.
    mutating func fill(list element: BoundLineReader.Shape, _ cell: inout Cell) -> Bool {
        var items = cell.takeList() ?? scratch.spareItems.popLast() ?? []
        var more = opens(Self.openArray, Self.closeArray)
        let nested = element.isNested
        var count = 0
        while more == true {
            count += 1
            if nested {
                scratch.path.append(.position(count))
                scratch.positions += 1
            }
            if count > items.count {
                // Room for a few items at once, rather than growing item by item.
                if items.isEmpty { items.reserveCapacity(4) }
                items.append(.bool(false))
            }
            guard fill(element, &items[count - 1]) else { return false }
            if nested {
                scratch.path.removeLast()
                scratch.positions -= 1
            }
            more = next(Self.closeArray)
        }
        guard more == false else { return false }
        if items.count > count {
            for index in count..<items.count { keepStorage(of: &items[index]) }
            items.removeSubrange(count...)
        }
        cell = .list(items)
        return true
    }

    mutating func fill(record: BoundLineReader.RecordShape, _ cell: inout Cell) -> Bool {
        let count = record.absent.count
        guard count <= 64 else { return false }
        var fields = cell.takeRecordFields() ?? scratch.takeSpareFields(count: count)
        if fields.count != count {
            // (An empty array grown to its size takes the standard library's code made for this
            // type, where an array made at its size looks the type up at run time.)
            fields.removeAll(keepingCapacity: true)
            fields.reserveCapacity(count)
            for _ in 0..<count { fields.append(nil) }
        }
        // Read over the fields' buffer: a field is written in place, with no check per write that
        // the storage is held once (it is: `fields` was taken out of its cell).
        guard fields.withUnsafeMutableBufferPointer({ fill(fields: $0, record) }) else { return false }
        cell = .record(RecordCell(path: recordPath(record), fields: fields))
        return true
    }

    /// The next member's name in a record's object, with the colon after it: one of the record's
    /// declared fields (its index), not given before in this object (`seen`, a bit per field);
    /// nil to decline. `expected` is the field after the one before, compared in place first.
    @inline(__always)
    mutating func field(of record: BoundLineReader.RecordShape, seen: inout UInt64, expected: inout Int) -> Int? {
        guard let index = key(in: record.fields, expected: expected), seen & (1 << index) == 0 else { return nil }
        seen |= 1 << index
        expected = index &+ 1
        return index
    }

    /// The members of a record's object, read into `fields` (one per declared field); the fields
    /// it leaves out get their defaults, or none.
    mutating func fill(fields: UnsafeMutableBufferPointer<Cell?>, _ record: BoundLineReader.RecordShape) -> Bool {
        let count = fields.count
        var more = opens(Self.openObject, Self.closeObject)
        var seen: UInt64 = 0
        var expected = 0
        while more == true {
            guard let index = field(of: record, seen: &seen, expected: &expected) else { return false }
            if literal("null") {
                keepStorage(of: &fields[index])
                fields[index] = record.absent[index]
            } else {
                let shape = record.shapeReferences[index]
                let (nested, inPlace) = shape._withUnsafeGuaranteedRef { ($0.isNested, $0.readsInPlace) }
                if nested { scratch.path.append(.name(record.fields.strings[index])) }
                // The field's value of the line before, moved out so that it is held once; a
                // placeholder when it holds no storage to write over.
                var value = inPlace ? fields[index].take() ?? .bool(false) : .bool(false)
                guard shape._withUnsafeGuaranteedRef({ fill($0, &value) }) else { return false }
                fields[index] = consume value
                if nested { scratch.path.removeLast() }
            }
            more = next(Self.closeObject)
        }
        guard more == false else { return false }
        // The fields this line leaves out: their defaults, or not given.
        var unseen = ~seen & (count == 64 ? ~0 : (1 << count) - 1)
        while unseen != 0 {
            let index = unseen.trailingZeroBitCount
            keepStorage(of: &fields[index])
            fields[index] = record.absent[index]
            unseen &= unseen - 1
        }
        return true
    }

    /// Keeps the storage of the records and lists in `cell` (the cell is left a placeholder when
    /// it held any), for the values read after it.
    mutating func keepStorage(of cell: inout Cell?) {
        guard cell?.holdsStorage == true, var value = cell else { return }
        cell = nil
        keepStorage(of: &value)
    }

    mutating func keepStorage(of cell: inout Cell) {
        // Nested values are taken out only where there are any (the fields and items are written
        // only then).
        if var fields = cell.takeRecordFields() {
            if fields.contains(where: { $0?.holdsStorage == true }) {
                for index in fields.indices { keepStorage(of: &fields[index]) }
            }
            scratch.keepSpareFields(fields)
        } else if var items = cell.takeList() {
            // A list's items are all of one type.
            if items.first?.holdsStorage == true {
                for index in items.indices { keepStorage(of: &items[index]) }
            }
            if scratch.spareItems.count < BoundLineReader.Scratch.spareLimit { scratch.spareItems.append(items) }
        }
    }

    /// The path of `record`, being read: made in advance for a record reached by field names and
    /// for the first items of a list so reached, else written out.
    func recordPath(_ record: BoundLineReader.RecordShape) -> String {
        if scratch.positions == 0, let path = record.path { return path }
        if scratch.positions == 1, case .position(let position)? = scratch.path.last, position <= record.itemPaths.count {
            return record.itemPaths[position - 1]
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
    mutating func quantity(_ amount: BoundLineReader.AmountShape) -> ExactDecimal? {
        let text: BoundLineReader.Bytes
        if peek() == UInt8(ascii: "\"") {
            // A number closed by the quote at once (`"1234.56"`, the usual text) is read where it
            // is: the string holds nothing but the number, so it needs no scan of its own.
            let start = offset + 1
            if start < bytes.count, let number = DecimalBytes(bytes[start...]), number.end < bytes.count, bytes[number.end] == UInt8(ascii: "\"") {
                offset = number.end + 1
                return BoundLineReader.quantity(number, suffix: bytes[number.end..<number.end], amount)
            }
            guard let string = string() else { return nil }
            text = string
        } else {
            guard let number = jsonNumber() else { return nil }
            text = number
        }
        return BoundLineReader.quantity(text, amount)
    }

    /// The amount most lines hold, read in one pass over its bytes: a quoted plain decimal of at
    /// most 18 digits, the quote right after its last digit (`"1234.56"`, `"-3"`), in a unit that
    /// moves the decimal point by `shift` (an amount's `pointShift`), within `range`. Nil, with
    /// nothing read, for anything else: the general reading then reads it, and gives the same
    /// value for what this reads.
    mutating func quotedDecimal(shift: Int, range: ApplicantReader.Range) -> ExactDecimal? {
        guard let base = bytes.baseAddress else { return nil }
        let limit = bytes.count
        // After the opening quote, which the caller has seen.
        guard let (value, end) = BoundLineReader.plainDecimal(base, offset &+ 1, limit, shift: shift, range: range), end < limit,
              base[end] == UInt8(ascii: "\"") else { return nil }
        offset = end &+ 1
        return value
    }

    /// Whether the quoted amount at the offset is one `quotedDecimal(shift:range:)` reads, told
    /// without making its value (`BoundLineReader.plainDecimalEnd`); true moves past it, false
    /// reads nothing.
    mutating func plainDecimalPasses(shift: Int, range: ApplicantReader.Range) -> Bool {
        guard let base = bytes.baseAddress, let end = BoundLineReader.plainDecimalEnd(base, offset &+ 1, bytes.count, shift: shift, range: range),
              end < bytes.count, base[end] == UInt8(ascii: "\"") else { return false }
        offset = end &+ 1
        return true
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

    /// Reads `open` and the white space after it: true when a member or item follows, false when
    /// `close` ends the value at once, nil when `open` is not there.
    mutating func opens(_ open: UInt8, _ close: UInt8) -> Bool? {
        // Compact JSON, the usual line, is read with one bounds check and no look for white space.
        if offset &+ 1 < bytes.count, bytes[offset] == open, bytes[offset &+ 1] > Self.space {
            if bytes[offset &+ 1] == close {
                offset &+= 2
                return false
            }
            offset &+= 1
            return true
        }
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == open else { return nil }
        offset &+= 1
        skipWhitespace()
        guard offset < bytes.count else { return nil }
        if bytes[offset] == close {
            offset &+= 1
            return false
        }
        return true
    }

    /// A member's name (its bytes) and the colon after it, with the white space around them.
    mutating func key() -> BoundLineReader.Bytes? {
        guard let key = string(), colon() else { return nil }
        return key
    }

    /// A member's name that is one of `names` (its index) and the colon after it: the name
    /// `expected` is compared in place first (input that writes names in their declared order is
    /// read with no scan and no lookup), else the name is read and looked up. Nil when it is none.
    mutating func key(in names: Names, expected: Int) -> Int? {
        if let index = nameHere(names, from: expected) { return colon() ? index : nil }
        guard let key = string(), let index = names.index(of: key), colon() else { return nil }
        return index
    }

    /// The index of the name of `names` written (quoted) at the offset, when it is `expected` or
    /// one of the few after it: input that writes names in their declared order, some left out,
    /// is read with no scan and no lookup. Reads the name when it is one of them.
    mutating func nameHere(_ names: Names, from expected: Int) -> Int? {
        // The opening quote, seen once for all the names tried. (A declared name holds no quote,
        // backslash or control character, so the string read from here would be the same bytes.)
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\""), let address = bytes.baseAddress else { return nil }
        let start = UnsafeRawPointer(address + (offset &+ 1))
        // How many bytes follow the opening quote: a name of `count` bytes needs its closing quote
        // among them.
        let room = bytes.count &- offset &- 1
        var index = max(expected, 0)
        let last = min(index &+ Self.namesAhead, names.count)
        // Most names are compared as words, with no loop over their bytes: a loop's end, which
        // moves with each name's length, is a branch the processor cannot foresee.
        let words = room >= Names.quotedBytes
        while index < last {
            let count = words && names.fitsWords(index) ? names.quotedNameLength(index, at: start) : names.quotedNameLength(index, at: start, room: room)
            if let count {
                offset &+= count &+ 2
                return index
            }
            index &+= 1
        }
        return nil
    }

    /// How many names after the expected one `nameHere(_:from:)` tries.
    static let namesAhead = 4

    /// The index of the choice of `choices` written (quoted) at the offset, read past it. A short
    /// list (`Names.comparedInPlace`) is compared in place, each choice with its closing quote,
    /// with no scan for the end of the string and no hash; any other list, and a string none of
    /// them matches, is read and looked up. Nil when it is none of them.
    @inline(__always)
    mutating func choice(in choices: Names) -> Int? {
        if choices.comparedInPlace, let index = nameHere(choices, from: 0) { return index }
        guard let key = string() else { return nil }
        return choices.index(of: key)
    }

    /// The colon after a member's name, with the white space around it.
    mutating func colon() -> Bool {
        if offset &+ 1 < bytes.count, bytes[offset] == UInt8(ascii: ":"), bytes[offset &+ 1] > Self.space {
            offset &+= 1
            return true
        }
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else { return false }
        offset &+= 1
        skipWhitespace()
        return true
    }

    /// After a member or item: true at a comma (white space after it read), false at `close`,
    /// nil at anything else.
    mutating func next(_ close: UInt8) -> Bool? {
        if offset &+ 1 < bytes.count, bytes[offset] == UInt8(ascii: ","), bytes[offset &+ 1] > Self.space {
            offset &+= 1
            return true
        }
        skipWhitespace()
        guard offset < bytes.count else { return nil }
        let byte = bytes[offset]
        offset &+= 1
        if byte == UInt8(ascii: ",") {
            skipWhitespace()
            return true
        }
        return byte == close ? false : nil
    }

    /// The bytes of a string without escapes or control characters.
    mutating func string() -> BoundLineReader.Bytes? {
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\""), let address = bytes.baseAddress else { return nil }
        offset &+= 1
        let start = offset
        let base = UnsafeRawPointer(address)
        // Eight bytes at once: the first quote, backslash or control character among them is found
        // from the word's bits (the lowest byte flagged is always one).
        while offset &+ 8 <= bytes.count {
            let stops = ByteWords.stops(UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            if stops == 0 {
                offset &+= 8
                continue
            }
            offset &+= stops.trailingZeroBitCount / 8
            guard bytes[offset] == UInt8(ascii: "\"") else { return nil }
            offset &+= 1
            return bytes[start..<(offset &- 1)]
        }
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                offset &+= 1
                return bytes[start..<(offset &- 1)]
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            offset &+= 1
        }
        return nil
    }

    /// A JSON number in RFC 8259's form (an exponent is then no unit the amount may have).
    mutating func jsonNumber() -> BoundLineReader.Bytes? {
        guard let end = JSONLineParser.endOfNumber(bytes, from: offset) else { return nil }
        defer { offset = end }
        return bytes[offset..<end]
    }

    /// `true` or `false`, told from compares of four bytes (and a fifth) made before either
    /// decides, rather than by a branch on the first letter: an applicant's truth values come in no
    /// order a processor can foresee. Nil for anything else.
    @inline(__always)
    mutating func boolean() -> Bool? {
        guard offset &+ 5 <= bytes.count, let base = bytes.baseAddress else {
            return literal("true") ? true : literal("false") ? false : nil
        }
        // `true` and `fals` as a little-endian word reads them.
        let trueWord = UInt32(littleEndian: 0x6575_7274), falsWord = UInt32(littleEndian: 0x736C_6166)
        let word = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt32.self)
        let isTrue = word == trueWord
        // Both words compared before either decides: no branch on the first.
        let isFalse = (word ^ falsWord) | UInt32(base[offset &+ 4] ^ UInt8(ascii: "e")) == 0
        guard isTrue || isFalse else { return nil }
        offset &+= isTrue ? 4 : 5
        return isTrue
    }

    @inline(__always)
    mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        let expected = word.utf8Start
        guard offset &+ count <= bytes.count, bytes[offset] == expected[0] else { return false }
        for position in 1..<count where bytes[offset &+ position] != expected[position] { return false }
        offset &+= count
        return true
    }

    static func equal(_ key: BoundLineReader.Bytes, _ word: StaticString) -> Bool {
        guard key.count == word.utf8CodeUnitCount else { return false }
        let expected = word.utf8Start
        var position = 0
        for byte in key {
            if byte != expected[position] { return false }
            position += 1
        }
        return true
    }

    /// The largest byte that may be white space: a byte above it ends a run of white space.
    static let space = UInt8(ascii: " ")

    mutating func skipWhitespace() {
        // Compact JSON has none: one comparison decides (white space is below `!`).
        guard offset < bytes.count, bytes[offset] <= Self.space else { return }
        while offset < bytes.count {
            let byte = bytes[offset]
            guard byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\t") else { return }
            offset &+= 1
        }
    }

    func peek() -> UInt8? { offset < bytes.count ? bytes[offset] : nil }
}

/// Taking a value's storage out of a cell, so that it is held once and written in place; the cell
/// is left a placeholder.
extension Cell {
    /// Whether this holds storage a line reader writes over in place: a record, a list or a set.
    var isWrittenOver: Bool {
        switch self {
        case .record, .list, .set: return true
        default: return false
        }
    }

    mutating func takeRecordFields() -> [Cell?]? {
        guard case .record(let record) = self else { return nil }
        self = .bool(false)
        return record.fields
    }

    mutating func takeList() -> [Cell]? {
        guard case .list(let items) = self else { return nil }
        self = .bool(false)
        return items
    }

    mutating func takeSet() -> Set<String>? {
        guard case .set(let values) = self else { return nil }
        self = .bool(false)
        return values
    }
}
