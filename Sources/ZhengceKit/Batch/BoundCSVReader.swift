/// The fast path for reading a CSV row: the header's columns are mapped once to the facts of the
/// compiled program, and each row's bytes are read straight into the slots of a `BoundApplicant`,
/// with no strings for the fields, no JSON tree and no `Applicant` in between.
///
/// Like `BoundLineReader` it declines (returns nil) on anything it does not read exactly as the
/// slow path (`CSVHeader.decode` followed by `Program.bind`) does — a doubled quote, a row with
/// the wrong number of fields, a cell the slow path would report or might read differently — and
/// the row then goes to the slow path, which gives the same applicant or the located messages.
struct BoundCSVReader: Sendable {
    /// How the columns under one fact path are read: a node of a tree laid out flat in `nodes`,
    /// its members, items or columns in `links`. Read by index, without reference counting: the
    /// shapes it points at are the `lines`' own, which the reader keeps.
    struct Node: Sendable {
        enum Kind: Sendable {
            /// One cell, read as `shape` (never a list or a record).
            case cell
            /// Some fields of a record: `links[members]` are the member nodes, `memberFields[members]`
            /// their indices among the record's declared fields, `links[others]` the indices of
            /// the fields no member reads.
            case record
            /// Some positions of a list, in order: `links[members]` are their nodes.
            case list
            /// Columns the fast path does not read (`links[members]`): any cell given sends the
            /// row to the slow path.
            case unsupported
        }

        var kind: Kind
        var column = 0
        var shape: Unmanaged<BoundLineReader.Shape>?
        var record: Unmanaged<BoundLineReader.RecordShape>?
        var choices = ChoiceBytes.exact
        var members: Range<Int> = 0..<0
        var others: Range<Int> = 0..<0
        /// The columns under it, in `BoundCSVReader.columns`: a record or a list whose cells are
        /// all empty is absent, found without touching the storage it would be written over.
        var columns: Range<Int> = 0..<0
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
    /// The nodes of every fact's tree, each after its children.
    let nodes: [Node]
    /// What nodes point at (`Node.members`, `Node.others`): nodes, field indices or columns.
    let links: [Int]
    /// Beside `links`: for a record's member, its field index.
    let memberFields: [Int]
    /// Each node's path when every list on the way holds the items before it (`increases[2]` for
    /// the header's third item), made once: the path a record read there is given.
    let paths: [String]
    /// The header's facts: the reader's fact index and the node that reads its columns.
    let facts: [(fact: Int, node: Int)]
    /// The columns under each node (`Node.columns`), node after node: a fact whose cells are all
    /// empty is passed over at once, and one no open document declares is checked cell by cell.
    let columns: [Int]
    /// Beside `columns`: the `.cell` node that reads the column; -1 under an `.unsupported` one.
    let columnCells: [Int]
    /// The header's `prior_received.<clause id>` columns, each with the index of the clause it
    /// fills in the compiled program (nil: none).
    let prior: [(column: Int, clause: Int?)]

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
        /// By fact index: the record or list the fact held on the last row that gave it, set
        /// aside when the facts were handed back; the fact's next record or list is written over
        /// it in place instead of made afresh.
        var parked: [Cell] = []
        /// The facts of the row being read whose reading waits for its eligibility verdicts, as
        /// positions in `BoundCSVReader.facts`.
        var waiting: [Int] = []

        static let empty = Scratch(givenFacts: [])
    }

    init?(header: CSVHeader, lines: BoundLineReader) {
        self.lines = lines
        columnCount = header.names.count
        applicantColumn = header.applicantColumn
        asOfColumn = header.asOfColumn
        var tree = Tree()
        var facts: [(fact: Int, node: Int)] = []
        for (name, shape) in header.facts {
            guard let index = lines.factNames.strings.firstIndex(of: name) else { return nil }
            facts.append((index, tree.add(shape, lines.facts[index].shape, path: name)))
        }
        var columns: [(column: Int, cell: Int)] = []
        for node in tree.nodes.indices {
            let start = columns.count
            tree.cells(under: node, into: &columns)
            tree.nodes[node].columns = start..<columns.count
        }
        nodes = tree.nodes
        links = tree.links
        memberFields = tree.memberFields
        paths = tree.paths
        self.facts = facts
        self.columns = columns.map(\.column)
        columnCells = columns.map(\.cell)
        var prior: [(column: Int, clause: Int?)] = []
        for (clause, column) in header.prior {
            guard let index = lines.clauseNames.strings.firstIndex(of: clause) else { return nil }
            prior.append((column, lines.clauseIndices[index]))
        }
        self.prior = prior
    }

    /// The nodes being laid out.
    struct Tree {
        var nodes: [Node] = []
        var links: [Int] = []
        var memberFields: [Int] = []
        var paths: [String] = []

        /// Adds the node reading `header` as `shape` (its children first), at `path`; its index.
        mutating func add(_ header: CSVHeader.Shape, _ shape: BoundLineReader.Shape, path: String) -> Int {
            var node = Node(kind: .unsupported)
            var children: [(node: Int, field: Int)] = []
            var others: [Int] = []
            switch (header, shape.kind) {
            case (.leaf(let column, _), .bool), (.leaf(let column, _), .quantity), (.leaf(let column, _), .date), (.leaf(let column, _), .text):
                node = Node(kind: .cell, column: column, shape: Unmanaged.passUnretained(shape))
            case (.leaf(let column, _), .set):
                let exact = shape.choices.map { !$0.isEmpty && $0.strings.allSatisfy(isPlainChoice) } ?? false
                node = Node(kind: .cell, column: column, shape: Unmanaged.passUnretained(shape), choices: exact ? .exact : .byText)
            case (.record(let members), .record):
                let indices = members.compactMap { member in shape.record?.fields.strings.firstIndex(of: member.name) }
                guard let record = shape.record, record.shapes.count <= 64, indices.count == members.count else { break }
                for (member, index) in zip(members, indices) {
                    children.append((add(member.shape, record.shapes[index], path: path + "." + member.name), index))
                }
                others = record.shapes.indices.filter { !indices.contains($0) }
                node = Node(kind: .record, record: Unmanaged.passUnretained(record))
            case (.list(let items), .list):
                guard let element = shape.element else { break }
                for (position, item) in items.enumerated() {
                    children.append((add(item.shape, element, path: path + "[\(position + 1)]"), -1))
                }
                node = Node(kind: .list)
            default:
                break
            }
            if node.kind == .unsupported { children = BoundCSVReader.columns(header).map { ($0, -1) } }
            node.members = links.count..<links.count + children.count
            links += children.map(\.node)
            memberFields += children.map(\.field)
            node.others = links.count..<links.count + others.count
            links += others
            memberFields += others.map { _ in -1 }
            nodes.append(node)
            paths.append(path)
            return nodes.count - 1
        }

        /// The columns under node `n`, each with the `.cell` node that reads it (-1 under an
        /// `.unsupported` node).
        func cells(under n: Int, into columns: inout [(column: Int, cell: Int)]) {
            let node = nodes[n]
            switch node.kind {
            case .cell: columns.append((node.column, n))
            case .record, .list: for link in node.members { cells(under: links[link], into: &columns) }
            case .unsupported: columns += links[node.members].map { ($0, -1) }
            }
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
                starts: Array(repeating: 0, count: columnCount), ends: Array(repeating: 0, count: columnCount),
                parked: Array(repeating: .bool(false), count: lines.facts.count))
    }

    /// The row bound to the program, or nil when the slow path must read it. `keeping` says which
    /// facts are kept, as for a JSON Lines line (`BoundLineReader.Keeping`); a row's `as_of` is
    /// known before its facts are read.
    func read(_ record: ArraySlice<UInt8>, _ scratch: inout Scratch, keeping: BoundLineReader.Keeping = .all) -> BoundApplicant? {
        scratch.row += 1
        let applicant: BoundApplicant? = record.withUnsafeBufferPointer { bytes in
            // A row opening with a byte-order mark (its lead byte 0xEF) is the slow path's error.
            guard !bytes.isEmpty, bytes[0] != 0xEF, scratch.starts.count == columnCount, scratch.parked.count == lines.facts.count,
                  Self.split(bytes, &scratch) else { return nil }
            // A row of one empty field (`""` under a header of one column) is what the slow path
            // takes for an empty line, an error.
            guard columnCount > 1 || scratch.starts[0] < scratch.ends[0] else { return nil }
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

/// One row being read, its fields already found. Every function returns nil (or false) to
/// decline.
private struct RowScan {
    let reader: BoundCSVReader
    let bytes: UnsafeBufferPointer<UInt8>
    let starts: [Int]
    let ends: [Int]
    let row: Int

    /// The path a record read at some node is given: the node's own (`BoundCSVReader.paths`), when
    /// every list on the way holds the items before it, or written out.
    enum Path {
        case node(Int)
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
        // row gave (or implied) are made absent again first, a record or list set aside (its
        // other slots cleared first, so that it is held once) to be written over when a row gives
        // the fact again.
        var cells: [Cell] = []
        swap(&cells, &scratch.spare)
        if cells.count == lines.absent.count && scratch.spareRow != 0 {
            let previous = scratch.spareRow
            for fact in lines.facts.indices where scratch.givenFacts[fact] == previous {
                let slots = lines.factSlots[fact]
                guard let first = slots.first else { continue }
                for slot in slots.dropFirst() { cells[slot] = lines.absent[slot] }
                if cells[first].holdsStorage { swap(&scratch.parked[fact], &cells[first]) }
                cells[first] = lines.absent[first]
            }
        } else {
            cells = lines.absent
        }
        scratch.spareRow = 0
        // Facts that only documents deciding their eligibility on facts read (and none of them on
        // this one) wait for the row's verdicts, as in a JSON Lines line (`LineScan.readDeferred`).
        let defers = lines.waits(keeping)
        if !scratch.waiting.isEmpty { scratch.waiting.removeAll(keepingCapacity: true) }
        for (position, (fact, node)) in reader.facts.enumerated() {
            let columns = reader.nodes[node].columns
            if isEmpty(columns) { continue }
            if lines.factDocuments[fact] & open == 0 {
                // Only closed documents declare it: checked as strictly, not kept, not given.
                guard check(columns) else { return nil }
                continue
            }
            if defers && lines.defers(fact, open: open) {
                // Checked now, read once the verdicts are known if a document that may admit the
                // applicant reads it.
                guard check(columns) else { return nil }
                scratch.waiting.append(position)
                continue
            }
            guard keep(fact, node, into: &cells, &scratch) else { return nil }
        }
        guard lines.applyImplications(&cells, given: &scratch.givenFacts, line: row) else { return nil }
        if !scratch.waiting.isEmpty {
            // No implication reads or writes a waiting fact, nor does any eligibility.
            let ineligible = cells.withUnsafeBufferPointer { lines.ineligibleDocuments($0, open: open) }
            var waiting: [Int] = []
            swap(&waiting, &scratch.waiting)
            defer { swap(&waiting, &scratch.waiting) }
            for position in waiting {
                let (fact, node) = reader.facts[position]
                guard lines.keepsWaiting(fact, open: open, ineligible: ineligible) else { continue }
                guard keep(fact, node, into: &cells, &scratch) else { return nil }
            }
        }
        var prior: [ExactDecimal?] = []
        for (column, clause) in reader.prior where !field(column).isEmpty {
            guard let amount = BoundLineReader.quantity(field(column), BoundLineReader.priorAmount) else { return nil }
            if let clause {
                if prior.isEmpty { prior = lines.noPrior }
                prior[clause] = amount
            }
        }
        return BoundApplicant(name: name, asOf: asOf, facts: cells, prior: prior, unreadClosedOn: unreadClosedOn)
    }

    /// Reads fact `fact` (at node `node`) into its slots, over the value set aside for it.
    func keep(_ fact: Int, _ node: Int, into cells: inout [Cell], _ scratch: inout BoundCSVReader.Scratch) -> Bool {
        var value = Cell.bool(false)
        swap(&value, &scratch.parked[fact])
        guard read(node, at: .node(node), into: &value) else { return false }
        for slot in reader.lines.factSlots[fact] { cells[slot] = value }
        scratch.givenFacts[fact] = row
        return true
    }

    /// Whether every cell of `columns` (a node's, `Node.columns`) is empty.
    func isEmpty(_ columns: Range<Int>) -> Bool {
        columns.allSatisfy { starts[reader.columns[$0]] == ends[reader.columns[$0]] }
    }

    /// Whether `read` reads a node's columns (`Node.columns`) rather than declining them, worked
    /// out cell by cell without making the value: it declines a non-empty cell that a `.cell` node
    /// declines or that an `.unsupported` one holds.
    func check(_ columns: Range<Int>) -> Bool {
        for position in columns {
            let text = field(reader.columns[position])
            if text.isEmpty { continue }
            let cell = reader.columnCells[position]
            guard cell >= 0, value(text, reader.nodes[cell]) != nil else { return false }
        }
        return true
    }

    /// The columns under node `n`, some of them not empty (its callers pass over a node whose
    /// cells are all empty: it is absent), read into `cell`, at `path`; false to decline. `cell`
    /// holds what was read there (or at an item of the same list) on an earlier row, or a
    /// placeholder: a record's or a list's storage is written over in place. Declined, the cell
    /// may be left a placeholder.
    func read(_ n: Int, at path: Path, into cell: inout Cell) -> Bool {
        let node = reader.nodes[n]
        switch node.kind {
        case .cell:
            guard let value = value(field(node.column), node) else { return false }
            cell = value
            return true
        case .record:
            guard let record = node.record else { return false }
            return record._withUnsafeGuaranteedRef { record in read(node, record, at: path, into: &cell) }
        case .list:
            return read(list: node, at: path, into: &cell)
        case .unsupported:
            return false
        }
    }

    /// A record's members; every other field, and a member whose cells are all empty, is absent.
    func read(_ node: BoundCSVReader.Node, _ record: BoundLineReader.RecordShape, at path: Path, into cell: inout Cell) -> Bool {
        var fields = cell.takeRecordFields() ?? []
        if fields.count == record.absent.count {
            // The fields no member reads may hold what another item's members read.
            for link in node.others { fields[reader.links[link]] = record.absent[reader.links[link]] }
        } else {
            fields = record.absent
        }
        for link in node.members {
            let member = reader.links[link], index = reader.memberFields[link]
            if isEmpty(reader.nodes[member].columns) {
                fields[index] = record.absent[index]
                continue
            }
            var value = fields[index].take() ?? .bool(false)
            guard read(member, at: self.path(path, member, name: record.fields.strings[index]), into: &value) else { return false }
            fields[index] = value
        }
        cell = .record(RecordCell(path: pathText(path), fields: fields))
        return true
    }

    /// A list's positions that hold anything, in order.
    func read(list node: BoundCSVReader.Node, at path: Path, into cell: inout Cell) -> Bool {
        var items = cell.takeList() ?? []
        if items.isEmpty { items.reserveCapacity(node.members.count) }
        var count = 0
        for link in node.members {
            let item = reader.links[link]
            if isEmpty(reader.nodes[item].columns) { continue }
            var value = Cell.bool(false)
            if count < items.count { swap(&value, &items[count]) }
            let aligned = link - node.members.lowerBound == count
            guard read(item, at: self.path(path, item, position: count + 1, aligned: aligned), into: &value) else { return false }
            if count < items.count { items[count] = value } else { items.append(value) }
            count += 1
        }
        // One by one: removing a range goes through a generic path that costs more than the
        // few items a list loses.
        while items.count > count { items.removeLast() }
        cell = .list(items)
        return true
    }

    /// Whether node `n` is a record or a list, the values that keep a path.
    func keepsPath(_ n: Int) -> Bool {
        reader.nodes[n].kind == .record || reader.nodes[n].kind == .list
    }

    /// The path of member `node` (named `name`) of a record at `path`; written out only for a
    /// node that `keepsPath`.
    func path(_ path: Path, _ node: Int, name: String) -> Path {
        guard case .written(let text) = path, keepsPath(node) else { return .node(node) }
        return .written(text + "." + name)
    }

    /// The path of item `node` of a list at `path`, the list's `position`th item (from 1);
    /// `aligned` when every position before it holds something. Written out only for a node that
    /// `keepsPath`.
    func path(_ path: Path, _ node: Int, position: Int, aligned: Bool) -> Path {
        guard keepsPath(node) else { return .node(node) }
        if aligned, case .node = path { return .node(node) }
        return .written(pathText(path) + "[\(position)]")
    }

    func pathText(_ path: Path) -> String {
        switch path {
        case .node(let node): return reader.paths[node]
        case .written(let text): return text
        }
    }

    /// A non-empty cell of a `.cell` node, read as the node's shape says.
    func value(_ text: BoundLineReader.Bytes, _ node: BoundCSVReader.Node) -> Cell? {
        guard let shape = node.shape else { return nil }
        return shape._withUnsafeGuaranteedRef { shape in value(text, shape, node.choices) }
    }

    /// A non-empty cell as the slow path types it (`CSVHeader.typed`) and reads it.
    func value(_ text: BoundLineReader.Bytes, _ shape: BoundLineReader.Shape, _ choices: BoundCSVReader.ChoiceBytes) -> Cell? {
        switch shape.kind {
        case .bool:
            return CSVHeader.yesOrNo(text).map { .bool($0) }
        case .quantity:
            // The slow path trims the text first; white space at an end is left to it.
            guard let first = text.first, let last = text.last, first > 0x20, last > 0x20 else { return nil }
            // The usual cell, a plain decimal in a unit that moves the point, read in one pass.
            if let shift = shape.pointShift, let base = text.base.baseAddress,
               let (value, end) = BoundLineReader.plainDecimal(base, text.startIndex, text.endIndex, shift: shift, range: shape.range),
               end == text.endIndex {
                return .number(value, shape.dimension)
            }
            guard let amount = shape.amount else { return nil }
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
