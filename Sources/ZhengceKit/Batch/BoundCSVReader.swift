/// The fast path for reading a CSV row: the header's columns are mapped once to the facts of the
/// compiled program, and each row's bytes are read straight into the slots of a `BoundApplicant`,
/// with no strings for the fields, no JSON tree and no `Applicant` in between.
///
/// Like `BoundLineReader` it declines (returns nil) on anything it does not read exactly as the
/// slow path (`CSVHeader.decode` followed by `Program.bind`) does — a doubled quote, a row with
/// the wrong number of fields, a cell the slow path would report or might read differently — and
/// the row then goes to the slow path, which gives the same applicant or the located messages.
struct BoundCSVReader: Sendable {
    /// How the columns under one fact path are read.
    indirect enum Node: Sendable {
        /// One cell, read as `shape` (never a list or a record).
        case cell(column: Int, shape: BoundLineReader.Shape, choices: ChoiceBytes)
        /// Some fields of a record, by their index in the record's declared fields.
        case record(BoundLineReader.RecordShape, fields: [(index: Int, node: Node)])
        /// Some positions of a list, in order.
        case list([Node])
        /// Columns the fast path does not read: any cell given sends the row to the slow path.
        case unsupported(columns: [Int])
    }

    /// Whether a set's choices may be read from the bytes of the `;`-separated items: each choice
    /// keeps its characters when a `;` or a space is written beside it and has no white space at
    /// its ends, so that splitting and trimming the bytes gives what splitting and trimming the
    /// text gives.
    enum ChoiceBytes: Sendable { case exact, byText }

    let lines: BoundLineReader
    let columnCount: Int
    let applicantColumn: Int?
    let asOfColumn: Int?
    /// The header's facts: the reader's fact index and how its columns are read.
    let facts: [(fact: Int, node: Node)]
    /// The columns under each of `facts`, to pass over a fact whose cells are all empty at once.
    let factColumns: [[Int]]

    /// Scratch space one thread reuses from row to row.
    struct Scratch {
        /// The row at which each fact was last given a value (or implied).
        var givenFacts: [Int]
        /// Where each field of the row being read starts and ends (quotes left out), one place
        /// per column of the header.
        var starts: [Int] = []
        var ends: [Int] = []
        var row = 0
        /// The facts of the applicant a `read` returned, handed back by `recycle` once evaluated:
        /// the next row is written over them, so that the slots of every fact are not copied and
        /// released again for each row. Empty when there are none.
        var spare: [Cell] = []
        /// The row whose facts `spare` holds: the facts `givenFacts` stamps with it are the only
        /// ones whose slots are not as `absent` has them.
        var spareRow = 0
        /// The row whose applicant the last `read` returned; 0 when it declined.
        var returnedRow = 0
        /// The documents open on the day of the row before (`BoundLineReader.kept`).
        var openDocuments = BoundLineReader.OpenDocuments()

        static let empty = Scratch(givenFacts: [])
    }

    init?(header: CSVHeader, lines: BoundLineReader) {
        self.lines = lines
        columnCount = header.names.count
        applicantColumn = header.applicantColumn
        asOfColumn = header.asOfColumn
        var facts: [(fact: Int, node: Node)] = []
        for (name, shape) in header.facts {
            guard let index = lines.factNames.strings.firstIndex(of: name) else { return nil }
            facts.append((index, Self.node(shape, lines.facts[index].shape)))
        }
        self.facts = facts
        factColumns = header.facts.map { Self.columns($0.shape) }
    }

    static func node(_ header: CSVHeader.Shape, _ shape: BoundLineReader.Shape) -> Node {
        switch (header, shape.kind) {
        case (.leaf(let column, _), .bool), (.leaf(let column, _), .quantity), (.leaf(let column, _), .date), (.leaf(let column, _), .text):
            return .cell(column: column, shape: shape, choices: .exact)
        case (.leaf(let column, _), .set):
            let choices = shape.choices
            let exact = choices.map { !$0.isEmpty && $0.strings.allSatisfy(isPlainChoice) } ?? false
            return .cell(column: column, shape: shape, choices: exact ? .exact : .byText)
        case (.record(let members), .record):
            guard let record = shape.record else { return .unsupported(columns: columns(header)) }
            var fields: [(index: Int, node: Node)] = []
            for member in members {
                guard let index = record.fields.strings.firstIndex(of: member.name) else { return .unsupported(columns: columns(header)) }
                fields.append((index, node(member.shape, record.shapes[index])))
            }
            return record.shapes.count <= 64 ? .record(record, fields: fields) : .unsupported(columns: columns(header))
        case (.list(let items), .list):
            guard let element = shape.element else { return .unsupported(columns: columns(header)) }
            return .list(items.map { node($0.shape, element) })
        default:
            return .unsupported(columns: columns(header))
        }
    }

    static func columns(_ header: CSVHeader.Shape) -> [Int] {
        switch header {
        case .leaf(let column, _): return [column]
        case .record(let members): return members.flatMap { columns($0.shape) }
        case .list(let items): return items.flatMap { columns($0.shape) }
        }
    }

    /// A choice whose characters stay the same beside `;` or a space and that trimming leaves alone.
    static func isPlainChoice(_ choice: String) -> Bool {
        !choice.isEmpty && choice.trimmingWhitespace() == choice
            && (";" + choice).count == choice.count + 1 && (choice + ";").count == choice.count + 1
            && (" " + choice).count == choice.count + 1 && (choice + " ").count == choice.count + 1
    }

    func scratch() -> Scratch {
        Scratch(givenFacts: Array(repeating: 0, count: lines.facts.count),
                starts: Array(repeating: 0, count: columnCount), ends: Array(repeating: 0, count: columnCount))
    }

    /// The row bound to the program, or nil when the slow path must read it. `keeping` says which
    /// facts are kept, as for a JSON Lines line (`BoundLineReader.Keeping`); a row's `as_of` is
    /// known before its facts are read.
    func read(_ record: ArraySlice<UInt8>, _ scratch: inout Scratch, keeping: BoundLineReader.Keeping = .all) -> BoundApplicant? {
        scratch.row += 1
        let applicant: BoundApplicant? = record.withUnsafeBufferPointer { bytes in
            guard !bytes.isEmpty, scratch.starts.count == columnCount, Self.split(bytes, &scratch) else { return nil }
            let scan = RowScan(reader: self, bytes: bytes, starts: scratch.starts, ends: scratch.ends, row: scratch.row)
            return scan.applicant(&scratch, keeping: keeping)
        }
        scratch.returnedRow = applicant == nil ? 0 : scratch.row
        return applicant
    }

    /// Hands back the facts of the applicant the last `read` returned, once it is evaluated and
    /// nothing else holds them: the next row is written over them. Facts of any other applicant
    /// (the slow path's) are let go instead.
    func recycle(_ facts: consuming [Cell], _ scratch: inout Scratch) {
        guard scratch.returnedRow != 0, facts.count == lines.absent.count else { return }
        scratch.spare = facts
        scratch.spareRow = scratch.returnedRow
        scratch.returnedRow = 0
    }

    /// The fields' places in `scratch`; false for a doubled quote, a quote out of place, or a
    /// number of fields other than the header's.
    static func split(_ bytes: UnsafeBufferPointer<UInt8>, _ scratch: inout Scratch) -> Bool {
        scratch.starts.withUnsafeMutableBufferPointer { starts in
            scratch.ends.withUnsafeMutableBufferPointer { ends in split(bytes, starts: starts, ends: ends) }
        }
    }

    static func split(_ bytes: UnsafeBufferPointer<UInt8>, starts: UnsafeMutableBufferPointer<Int>, ends: UnsafeMutableBufferPointer<Int>) -> Bool {
        var index = 0
        var field = 0
        let count = bytes.count
        while field < starts.count {
            if index < count && bytes[index] == UInt8(ascii: "\"") {
                let start = index + 1
                index = start
                while index < count && bytes[index] != UInt8(ascii: "\"") { index += 1 }
                guard index < count else { return false }
                starts[field] = start
                ends[field] = index
                index += 1
                guard index == count || bytes[index] == UInt8(ascii: ",") else { return false }
            } else {
                let start = index
                while index < count && bytes[index] != UInt8(ascii: ",") {
                    if bytes[index] == UInt8(ascii: "\"") { return false }
                    index += 1
                }
                starts[field] = start
                ends[field] = index
            }
            field += 1
            if index == count { return field == starts.count }
            index += 1
        }
        return false
    }
}

/// One row being read, its fields already found. Every function returns nil to decline.
private struct RowScan {
    let reader: BoundCSVReader
    let bytes: UnsafeBufferPointer<UInt8>
    let starts: [Int]
    let ends: [Int]
    let row: Int

    /// What the columns under a path hold.
    enum Read {
        case absent
        case value(Cell)
        case declined
    }

    /// The path a record at some place is given: a fact's own (its name, its first items' made in
    /// advance) or written out.
    enum Path {
        case fact(Int)
        case written(String)
    }

    func field(_ column: Int) -> BoundLineReader.Bytes { bytes[starts[column]..<ends[column]] }

    func applicant(_ scratch: inout BoundCSVReader.Scratch, keeping: BoundLineReader.Keeping) -> BoundApplicant? {
        let lines = reader.lines
        var name: String?
        if let column = reader.applicantColumn, !field(column).isEmpty {
            guard let text = BoundLineReader.text(field(column)) else { return nil }
            name = text
        }
        var asOf: Day?
        if let column = reader.asOfColumn, !field(column).isEmpty {
            guard let day = BoundLineReader.day(field(column)) else { return nil }
            asOf = day
        }
        // The documents whose facts are kept: those open on the run's day or the row's.
        let (open, unreadClosedOn) = lines.kept(keeping, lineDay: asOf, &scratch.openDocuments)
        // Written over the facts of the row before when they were handed back: the facts that
        // row gave (or implied) are made absent again first.
        var cells: [Cell] = []
        swap(&cells, &scratch.spare)
        if cells.count == lines.absent.count && scratch.spareRow != 0 {
            let previous = scratch.spareRow
            for fact in lines.facts.indices where scratch.givenFacts[fact] == previous {
                for slot in lines.factSlots[fact] { cells[slot] = lines.absent[slot] }
            }
        } else {
            cells = lines.absent
        }
        scratch.spareRow = 0
        for position in reader.facts.indices {
            if reader.factColumns[position].allSatisfy({ starts[$0] == ends[$0] }) { continue }
            let (fact, node) = reader.facts[position]
            if lines.factDocuments[fact] & open == 0 {
                // Only closed documents declare it: checked as strictly, not kept, not given.
                if case .declined = check(node) { return nil }
                continue
            }
            switch read(node, at: .fact(fact)) {
            case .absent: continue
            case .declined: return nil
            case .value(let cell):
                for slot in lines.facts[fact].slots { cells[slot] = cell }
                scratch.givenFacts[fact] = row
            }
        }
        guard lines.applyImplications(&cells, given: &scratch.givenFacts, line: row) else { return nil }
        return BoundApplicant(name: name, asOf: asOf, facts: cells, prior: lines.noPrior, unreadClosedOn: unreadClosedOn)
    }

    /// What `read` finds under a node, without the value.
    enum Checked {
        case absent, present, declined
    }

    /// Whether the columns under `node` hold a value `read` reads, none, or one it declines,
    /// worked out as `read` works it out without making the value.
    func check(_ node: BoundCSVReader.Node) -> Checked {
        switch node {
        case .cell(let column, let shape, let choices):
            let text = field(column)
            if text.isEmpty { return .absent }
            return cell(text, shape, choices) == nil ? .declined : .present
        case .record(_, let members):
            return check(members.lazy.map(\.node))
        case .list(let items):
            return check(items)
        case .unsupported(let columns):
            return columns.allSatisfy { field($0).isEmpty } ? .absent : .declined
        }
    }

    /// The fields of a record or the positions of a list, as `read` takes them together: declined
    /// when one is, present when one is given, else absent.
    func check(_ nodes: some Sequence<BoundCSVReader.Node>) -> Checked {
        var any = false
        for node in nodes {
            switch check(node) {
            case .absent: continue
            case .declined: return .declined
            case .present: any = true
            }
        }
        return any ? .present : .absent
    }

    /// The columns under `node`, the value at `path`.
    func read(_ node: BoundCSVReader.Node, at path: Path) -> Read {
        switch node {
        case .cell(let column, let shape, let choices):
            let text = field(column)
            if text.isEmpty { return .absent }
            return cell(text, shape, choices).map { .value($0) } ?? .declined
        case .record(let record, let members):
            var fields = record.absent
            var any = false
            for (index, member) in members {
                var memberPath = Path.written("")
                if case .record = member { memberPath = .written(pathText(path) + "." + record.fields.strings[index]) }
                if case .list = member { memberPath = .written(pathText(path) + "." + record.fields.strings[index]) }
                switch read(member, at: memberPath) {
                case .absent: continue
                case .declined: return .declined
                case .value(let cell):
                    fields[index] = cell
                    any = true
                }
            }
            return any ? .value(.record(RecordCell(path: pathText(path), fields: fields))) : .absent
        case .list(let items):
            var values: [Cell] = []
            values.reserveCapacity(items.count)
            for item in items {
                var itemPath = Path.written("")
                if case .list = item { itemPath = .written(self.itemPath(path, values.count + 1)) }
                if case .record = item { itemPath = .written(self.itemPath(path, values.count + 1)) }
                switch read(item, at: itemPath) {
                case .absent: continue
                case .declined: return .declined
                case .value(let cell): values.append(cell)
                }
            }
            return values.isEmpty ? .absent : .value(.list(values))
        case .unsupported(let columns):
            return columns.allSatisfy { field($0).isEmpty } ? .absent : .declined
        }
    }

    func pathText(_ path: Path) -> String {
        switch path {
        case .fact(let fact): return reader.lines.facts[fact].name
        case .written(let text): return text
        }
    }

    /// The path of a list's item at `position` (from 1).
    func itemPath(_ list: Path, _ position: Int) -> String {
        if case .fact(let index) = list {
            let fact = reader.lines.facts[index]
            if position <= fact.itemPaths.count { return fact.itemPaths[position - 1] }
        }
        return "\(pathText(list))[\(position)]"
    }

    /// A non-empty cell as the slow path types it (`CSVHeader.typed`) and reads it.
    func cell(_ text: BoundLineReader.Bytes, _ shape: BoundLineReader.Shape, _ choices: BoundCSVReader.ChoiceBytes) -> Cell? {
        switch shape.kind {
        case .bool:
            return CSVHeader.yesOrNo(text).map { .bool($0) }
        case .quantity:
            // The slow path trims the text first; white space at an end is left to it.
            guard let amount = shape.amount, let first = text.first, let last = text.last, first > 0x20, last > 0x20 else { return nil }
            return BoundLineReader.quantity(text, amount).map { .number($0, amount.dimension) }
        case .date:
            return BoundLineReader.day(text).map { .date($0) }
        case .text:
            guard let names = shape.choices else { return BoundLineReader.text(text).map { .text($0) } }
            return names.index(of: text).map { .text(names.strings[$0]) }
        case .set:
            guard let names = shape.choices else { return nil }
            if choices == .exact, let set = Self.choiceSet(text, names) { return .set(set) }
            return Self.textSet(text, names)
        case .list, .record, .unsupported:
            return nil
        }
    }

    /// `;`-separated choices read from their bytes, spaces and tabs around them trimmed; nil when
    /// an item is not a choice or trimming it might not be a matter of those bytes.
    static func choiceSet(_ text: BoundLineReader.Bytes, _ names: Names) -> Set<String>? {
        var values: Set<String> = []
        var start = text.startIndex
        while start <= text.endIndex {
            var end = start
            while end < text.endIndex && text[end] != UInt8(ascii: ";") { end += 1 }
            var low = start, high = end
            while low < high && (text[low] == 0x20 || text[low] == 0x09) { low += 1 }
            while high > low && (text[high - 1] == 0x20 || text[high - 1] == 0x09) { high -= 1 }
            if low < high {
                // A space beside a byte of a longer character is for the text path to trim.
                if (low > start && text[low] >= 0x80) || (high < end && text[high - 1] >= 0x80) { return nil }
                guard let index = names.index(of: text[low..<high]) else { return nil }
                if values.isEmpty { values.reserveCapacity(names.strings.count) }
                values.insert(names.strings[index])
            }
            start = end + 1
        }
        return values
    }

    /// A set as the slow path reads it: the cell as text, split at `;`, each item trimmed, empty
    /// items dropped; every item one of the choices (any text when there are none).
    static func textSet(_ text: BoundLineReader.Bytes, _ names: Names) -> Cell? {
        guard let string = BoundLineReader.text(text) else { return nil }
        var values: Set<String> = []
        for item in string.split(separator: ";") {
            let trimmed = item.trimmingWhitespace()
            if trimmed.isEmpty { continue }
            if !names.isEmpty && !names.strings.contains(trimmed) { return nil }
            values.insert(trimmed)
        }
        return .set(values)
    }
}
