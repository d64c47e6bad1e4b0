/// One problem that kept an input line from being evaluated, for its error record.
public struct BatchLineError: Error, Sendable, Equatable {
    /// The fact path the problem is in (JSON Lines: as the policy language writes it,
    /// `capital_increases[1].amount`; CSV: the column's header), when there is one.
    public var field: String?
    /// JSON Lines: the character column in the line; CSV: the 1-based column number.
    public var column: Int?
    public var message: String
}

public struct BatchLineErrors: Error, Sendable {
    public var errors: [BatchLineError]
}

/// An input line read into an applicant, or the problems that kept it from being read.
enum BatchDecoded {
    case applicant(Applicant)
    case failed(name: String?, [BatchLineError])
}

/// A problem with the input as a whole (a CSV header naming no fact), which stops the run.
public struct BatchInputError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Reads one JSON Lines line: an applicant object in the format of `eval`'s file. Batch input is
/// strict: what `eval` reports as a warning (a fact no policy declares, an unknown top-level
/// field) makes the line an error record, so nothing in the input is dropped silently.
enum JSONLinesInput {
    static func decode(_ bytes: ArraySlice<UInt8>, line: Int, facts: [String: FactInfo], clauses: Set<String>) -> BatchDecoded {
        if let root = JSONLineParser.parse(bytes), let applicant = try? ApplicantReader.read(root, facts: facts, clauses: clauses), applicant.notices.isEmpty {
            return .applicant(applicant)
        }
        // The slow path: the line as a source file, for messages with their columns.
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .failed(name: nil, [BatchLineError(message: "the line is not UTF-8 text; save the file as UTF-8 (`iconv -f GB18030 -t UTF-8` converts a Windows Chinese file)")])
        }
        if text.allSatisfy(\.isWhitespace) {
            return .failed(name: nil, [BatchLineError(message: "empty line; expected an applicant object")])
        }
        let file = SourceFile(path: "<line \(line)>", text: text)
        let root: JSONNode
        do {
            // The input's own mark was dropped before its first line: one here is stray.
            root = try JSONReader.parse(file, startsInput: false)
        } catch {
            return .failed(name: nil, [lineError(error.diagnostic, field: nil)])
        }
        var name: String?
        if case .string(let text)? = root["applicant"]?.value { name = text }
        do {
            let applicant = try ApplicantReader.read(root, facts: facts, clauses: clauses)
            if applicant.notices.isEmpty { return .applicant(applicant) }
            return .failed(name: name, applicant.notices.map { lineError($0, field: fieldPath(at: $0.span.start, in: root)) })
        } catch {
            return .failed(name: name, error.diagnostics.map { lineError($0, field: fieldPath(at: $0.span.start, in: root)) })
        }
    }

    static func lineError(_ diagnostic: Diagnostic, field: String?) -> BatchLineError {
        BatchLineError(field: field, column: diagnostic.column, message: diagnostic.message + (diagnostic.help.map { "; \($0)" } ?? ""))
    }

    /// The path of the innermost value at `offset`, written as fact paths are (`facts` left out,
    /// list positions from 1): `sci_tech_insurance.premium`, `capital_increases[2].amount`.
    static func fieldPath(at offset: Int, in root: JSONNode) -> String? {
        var path = ""
        var node = root
        var topLevel = true
        descending: while true {
            switch node.value {
            case .object(let members):
                guard let member = members.last(where: { $0.value.span.start <= offset && offset < $0.value.span.end }) else { break descending }
                if !(topLevel && member.key == "facts") { path += path.isEmpty ? member.key : ".\(member.key)" }
                node = member.value
            case .array(let items):
                guard let index = items.firstIndex(where: { $0.span.start <= offset && offset < $0.span.end }) else { break descending }
                path += "[\(index + 1)]"
                node = items[index]
            default: break descending
            }
            topLevel = false
        }
        return path.isEmpty ? nil : path
    }
}

/// CSV input (RFC 4180): a header row of fact paths, then one applicant per row.
///
/// A header names `applicant`, `as_of` or a fact path: `registered_district`,
/// `sci_tech_insurance.premium`, `capital_increases[0].amount` (list positions from 0, as in the
/// rows of a spreadsheet). Cells are typed by the declared fact types; an empty cell is an absent
/// fact; a list holds the positions that have at least one non-empty cell, in order.
public struct CSVHeader: Sendable {
    indirect enum Shape: Sendable {
        case leaf(column: Int, type: ValueType)
        case record([(name: String, shape: Shape)])
        /// Positions in order; a gap is allowed and closed up.
        case list([(position: Int, shape: Shape)])
    }

    enum Step: Equatable {
        case field(String)
        case position(Int)
    }

    public let names: [String]
    var applicantColumn: Int?
    var asOfColumn: Int?
    var facts: [(name: String, shape: Shape)] = []
    /// The `prior_received.<clause id>` columns: support already received under a clause, in 万元
    /// unless the cell names a unit, as the JSON input's `prior_received` gives it.
    var prior: [(clause: String, column: Int)] = []

    /// The column that names what an applicant already received under a clause.
    static let priorPrefix = "prior_received."

    /// A `prior_received` column for messages, naming one of the loaded clauses.
    static func priorExample(_ clauses: Set<String>) -> String { priorPrefix + (clauses.min() ?? "doc:1") }

    /// Reads a header row against the declared facts and the ids of the loaded clauses (which a
    /// `prior_received.<clause id>` column must name).
    public init(_ names: [String], facts declared: [String: FactInfo], clauses: Set<String>) throws(BatchInputError) {
        self.names = names
        var seen: Set<String> = []
        for (column, name) in names.enumerated() {
            let place = "CSV header, column \(column + 1) `\(name)`"
            guard seen.insert(name).inserted else { throw BatchInputError(message: "\(place): the column appears twice") }
            switch name {
            case "applicant": applicantColumn = column
            case "as_of": asOfColumn = column
            case "prior_received":
                throw BatchInputError(message: "\(place): give one column per clause, headed `prior_received.` and the clause id (`\(Self.priorExample(clauses))`)")
            case _ where name.hasPrefix(Self.priorPrefix):
                let clause = String(name.dropFirst(Self.priorPrefix.count))
                guard !clause.isEmpty else {
                    throw BatchInputError(message: "\(place): the clause id is missing after `\(Self.priorPrefix)` (`\(Self.priorExample(clauses))`)")
                }
                guard clauses.contains(clause) else {
                    let hint = Suggest.closest(to: clause, among: clauses).map { "; did you mean `\(Self.priorPrefix)\($0)`?" } ?? ""
                    throw BatchInputError(message: "\(place): `prior_received` names no clause `\(clause)` of the loaded policies\(hint)")
                }
                prior.append((clause, column))
            default:
                // One name holding what another kind of file separates cells with: the whole row,
                // read as one column.
                if let lookalike = CSVRecords.lookalikeSeparator(in: name, semicolon: true) {
                    throw BatchInputError(message: "\(place): the name holds \(lookalike.found); \(lookalike.help)")
                }
                let steps = try Self.steps(name, place: place)
                guard case .field(let fact)? = steps.first, let info = declared[fact] else {
                    let first = name.prefix { $0 != "." && $0 != "[" }
                    let hint = NameSuggestion.hint(for: String(first), facts: declared, others: ["applicant", "as_of"]).map { "; \($0)" } ?? ""
                    throw BatchInputError(message: "\(place): no loaded policy declares a fact `\(first)`\(hint)")
                }
                let type = try Self.leafType(info.type, steps.dropFirst(), name: name, place: place)
                let index = facts.firstIndex { $0.name == fact }
                var shape = index.map { Optional(facts[$0].shape) } ?? nil
                try Self.insert(steps.dropFirst(), column: column, type: type, into: &shape, place: place)
                guard let shape else { continue }
                if let index { facts[index].shape = shape } else { facts.append((fact, shape)) }
            }
        }
    }

    static func steps(_ name: String, place: String) throws(BatchInputError) -> [Step] {
        var steps: [Step] = []
        var rest = Substring(name)
        func fail() -> BatchInputError {
            BatchInputError(message: "\(place): not a fact path; write `fact`, `fact.field` or `fact[0].field`")
        }
        while !rest.isEmpty {
            if rest.first == "[" {
                guard let close = rest.firstIndex(of: "]"), let position = Int(rest[rest.index(after: rest.startIndex)..<close]), position >= 0 else { throw fail() }
                steps.append(.position(position))
                rest = rest[rest.index(after: close)...]
                if rest.first == "." { rest = rest.dropFirst() }
            } else {
                let word = rest.prefix { $0 != "." && $0 != "[" }
                guard !word.isEmpty else { throw fail() }
                steps.append(.field(String(word)))
                rest = rest.dropFirst(word.count)
                if rest.first == "." {
                    rest = rest.dropFirst()
                    if rest.isEmpty || rest.first == "[" { throw fail() }
                }
            }
        }
        return steps
    }

    /// The declared type the path ends at, which must be a value a cell can hold.
    static func leafType(_ type: ValueType, _ steps: ArraySlice<Step>, name: String, place: String) throws(BatchInputError) -> ValueType {
        var type = type
        for step in steps {
            switch (step, type) {
            case (.field(let name), .record(let fields)):
                guard let field = fields.first(where: { $0.name == name }) else {
                    let hint = NameSuggestion.hint(for: name, fields: fields).map { "; \($0)" } ?? ""
                    throw BatchInputError(message: "\(place): the record has no field `\(name)`\(hint)")
                }
                type = field.type
            case (.position, .list(let element)):
                type = element
            case (.field(let name), _):
                throw BatchInputError(message: "\(place): `\(name)` follows a \(type), which has no fields")
            case (.position, _):
                throw BatchInputError(message: "\(place): a position follows a \(type), which is not a list")
            }
        }
        switch type {
        case .record: throw BatchInputError(message: "\(place): names a record; give one column per field (`\(name).field`)")
        case .list: throw BatchInputError(message: "\(place): names a list; give one column per position (`\(name)[0]`)")
        default: return type
        }
    }

    static func insert(_ steps: ArraySlice<Step>, column: Int, type: ValueType, into shape: inout Shape?, place: String) throws(BatchInputError) {
        guard let step = steps.first else {
            shape = .leaf(column: column, type: type)
            return
        }
        switch step {
        case .field(let name):
            var members: [(name: String, shape: Shape)] = []
            if case .record(let existing)? = shape { members = existing }
            let index = members.firstIndex { $0.name == name }
            var child = index.map { Optional(members[$0].shape) } ?? nil
            try insert(steps.dropFirst(), column: column, type: type, into: &child, place: place)
            guard let child else { return }
            if let index { members[index].shape = child } else { members.append((name, child)) }
            shape = .record(members)
        case .position(let position):
            var items: [(position: Int, shape: Shape)] = []
            if case .list(let existing)? = shape { items = existing }
            let index = items.firstIndex { $0.position == position }
            var child = index.map { Optional(items[$0].shape) } ?? nil
            try insert(steps.dropFirst(), column: column, type: type, into: &child, place: place)
            guard let child else { return }
            if let index { items[index].shape = child } else { items.append((position, child)) }
            items.sort { $0.position < $1.position }
            shape = .list(items)
        }
    }

    // MARK: Rows

    /// Reads one row (already split into fields) into an applicant.
    func decode(_ cells: [String], facts declared: [String: FactInfo], clauses: Set<String>) -> BatchDecoded {
        var name: String?
        if let column = applicantColumn, column < cells.count, !cells[column].isEmpty { name = cells[column] }
        guard cells.count == names.count else {
            return .failed(name: name, [BatchLineError(message: CSVRecords.fieldCountMessage(cells, header: names.count))])
        }
        do {
            return .applicant(try ApplicantReader.read(applicantRoot(cells), facts: declared, clauses: clauses))
        } catch {
            return .failed(name: name, error.diagnostics.map { diagnostic in
                let column = diagnostic.span.file == nil && diagnostic.span.end > diagnostic.span.start ? diagnostic.span.start : nil
                // A spreadsheet has no yes-or-no type: say what a cell may hold.
                var help = diagnostic.help
                if help == nil, let column, case .bool? = type(ofColumn: column) { help = "a yes-or-no cell holds \(Self.yesOrNoWritten)" }
                return BatchLineError(field: column.map { names[$0] }, column: column.map { $0 + 1 },
                                      message: diagnostic.message + (help.map { "; \($0)" } ?? ""))
            })
        }
    }

    /// The declared type of the value in column `column`; nil for `applicant`, `as_of` and a
    /// column no fact reads.
    func type(ofColumn column: Int) -> ValueType? {
        func find(_ shape: Shape) -> ValueType? {
            switch shape {
            case .leaf(let at, let type): return at == column ? type : nil
            case .record(let fields): return fields.lazy.compactMap { find($0.shape) }.first
            case .list(let items): return items.lazy.compactMap { find($0.shape) }.first
            }
        }
        return facts.lazy.compactMap { find($0.shape) }.first
    }

    /// A row (with as many cells as the header) as the JSON object `eval` reads: `applicant`,
    /// `as_of` and `facts`.
    func applicantRoot(_ cells: [String]) -> JSONNode {
        var top: [(key: String, value: JSONNode)] = []
        if let column = applicantColumn, !cells[column].isEmpty { top.append(("applicant", leafNode(.string(cells[column]), column))) }
        if let column = asOfColumn, !cells[column].isEmpty { top.append(("as_of", leafNode(.string(cells[column]), column))) }
        var members: [(key: String, value: JSONNode)] = []
        for fact in facts {
            if let node = build(fact.shape, cells) { members.append((fact.name, node)) }
        }
        let received = prior.filter { !cells[$0.column].isEmpty }.map { (key: $0.clause, value: leafNode(.string(cells[$0.column]), $0.column)) }
        if let first = received.first { members.append(("prior_received", JSONNode(value: .object(received), span: first.value.span))) }
        top.append(("facts", JSONNode(value: .object(members), span: .none)))
        return JSONNode(value: .object(top), span: .none)
    }

    /// A node's span is its first column (`start` = the column index), so an error names the cell.
    private func leafNode(_ value: JSON, _ column: Int) -> JSONNode {
        JSONNode(value: value, span: Span(file: nil, start: column, end: column + 1))
    }

    private func build(_ shape: Shape, _ cells: [String]) -> JSONNode? {
        switch shape {
        case .leaf(let column, let type):
            let cell = cells[column]
            if cell.isEmpty { return nil }
            return leafNode(Self.typed(cell, type), column)
        case .record(let fields):
            let members = fields.compactMap { field in build(field.shape, cells).map { (key: field.name, value: $0) } }
            guard let first = members.first else { return nil }
            return JSONNode(value: .object(members), span: first.value.span)
        case .list(let positions):
            let items = positions.compactMap { build($0.shape, cells) }
            guard let first = items.first else { return nil }
            return JSONNode(value: .array(items), span: first.span)
        }
    }

    /// What a cell in a yes-or-no column means, on both CSV paths: `true`/`false` in any case,
    /// `1`/`0`, or `是`/`否` as a spreadsheet writes a yes or a no; nil for anything else.
    static func yesOrNo(_ cell: some Collection<UInt8>) -> Bool? {
        // Compared byte by byte with the word's bytes, lengths first.
        let count = cell.count
        func matches(_ word: StaticString) -> Bool {
            guard count == word.utf8CodeUnitCount else { return false }
            var letter = word.utf8Start
            for byte in cell {
                // ASCII letters in any case; the other bytes as they are.
                guard (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) == letter.pointee else { return false }
                letter += 1
            }
            return true
        }
        if matches("true") || matches("1") || matches("是") { return true }
        if matches("false") || matches("0") || matches("否") { return false }
        return nil
    }

    /// What `yesOrNo` accepts, for messages.
    static let yesOrNoWritten = "true or false, 1 or 0, 是 or 否"

    /// A cell as the JSON value its declared type reads: a yes or a no (`yesOrNo`) for booleans,
    /// `;`-separated choices for a set, text for everything else (amounts may carry a unit).
    static func typed(_ cell: String, _ type: ValueType) -> JSON {
        switch type {
        case .bool:
            return yesOrNo(cell.utf8).map { .bool($0) } ?? .string(cell)
        case .set:
            let items = cell.split(separator: ";").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
            return .array(items.map { JSONNode(value: .string($0), span: .none) })
        default:
            return .string(cell)
        }
    }
}

extension Substring {
    func trimmingWhitespace() -> String { String(self).trimmingWhitespace() }
}

/// Splits CSV text into records and fields (RFC 4180): fields separated by commas, records by
/// line breaks; a field in double quotes may hold commas, line breaks and doubled quotes (`""`).
enum CSVRecords {
    /// A character in `text` that separates cells in another kind of file than CSV: a full-width
    /// comma or semicolon typed on a Chinese keyboard, a tab (cells copied from a spreadsheet),
    /// and with `semicolon`, `;` (a spreadsheet set to a locale that writes decimal commas; a set
    /// of choices is written with `;` in a cell, so only a header's names are searched for it).
    /// What it is, and what to do.
    static func lookalikeSeparator(in text: String, semicolon: Bool) -> (found: String, help: String)? {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\u{FF0C}": return ("a full-width comma `，`", "separate the cells with the ASCII comma `,`")
            case "\u{FF1B}": return ("a full-width semicolon `；`", "separate the cells with the ASCII comma `,`")
            case "\t": return ("a tab", "the file seems tab-separated, as cells copied from a spreadsheet are; save it as CSV, which separates cells with `,`")
            case ";" where semicolon:
                return ("`;`", "the file seems separated by semicolons, as a spreadsheet set to a decimal comma saves it; save it with `,` between cells")
            default: continue
            }
        }
        return nil
    }

    /// The message of a row whose number of fields is not the header's, with what seems to have
    /// kept cells apart when the row has too few.
    static func fieldCountMessage(_ cells: [String], header: Int) -> String {
        var message = "the row has \(cells.count) field\(cells.count == 1 ? "" : "s"); the header has \(header)"
        if cells.count < header, let (position, lookalike) = cells.enumerated().lazy.compactMap({ cell in
            lookalikeSeparator(in: cell.element, semicolon: false).map { (cell.offset + 1, $0) }
        }).first {
            message += "; field \(position) holds \(lookalike.found): \(lookalike.help)"
        }
        return message
    }

    /// Whether `line` leaves a quoted field open (an odd number of quotes), so the record goes on
    /// on the next line.
    static func opensQuote(_ line: ArraySlice<UInt8>, alreadyOpen: Bool) -> Bool {
        var open = alreadyOpen
        for byte in line where byte == UInt8(ascii: "\"") { open.toggle() }
        return open
    }

    /// The error of a record that opens with a byte-order mark, as JSON Lines has: the input's
    /// own mark was dropped before its first line, so this one is stray.
    static func strayByteOrderMark(_ record: ArraySlice<UInt8>) -> BatchLineError? {
        guard record.starts(with: [0xEF, 0xBB, 0xBF]) else { return nil }
        let (message, help) = JSONReader.byteOrderMarkOnALaterLine
        return BatchLineError(field: nil, column: 1, message: "\(message); \(help)")
    }

    static func fields(_ record: ArraySlice<UInt8>) -> Result<[String], BatchLineError> {
        var fields: [String] = []
        var field: [UInt8] = []
        var index = record.startIndex
        var quoted = false
        var wasQuoted = false
        func finish() -> BatchLineError? {
            guard let text = String(validating: field, as: UTF8.self) else {
                return BatchLineError(field: nil, column: fields.count + 1, message: "field \(fields.count + 1) is not UTF-8 text; save the file as UTF-8 (a spreadsheet's \"CSV UTF-8\"; `iconv -f GB18030 -t UTF-8` converts a Windows Chinese file)")
            }
            fields.append(text)
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
            return nil
        }
        while index < record.endIndex {
            let byte = record[index]
            index += 1
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index < record.endIndex, record[index] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        quoted = false
                        wasQuoted = true
                    }
                } else {
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: ","):
                if let error = finish() { return .failure(error) }
            case UInt8(ascii: "\""):
                guard field.isEmpty, !wasQuoted else {
                    return .failure(BatchLineError(field: nil, column: fields.count + 1, message: "field \(fields.count + 1) has a quote inside unquoted text; put the field in double quotes and double the quote (`\"\"`)"))
                }
                quoted = true
            default:
                if wasQuoted {
                    return .failure(BatchLineError(field: nil, column: fields.count + 1, message: "field \(fields.count + 1) has text after its closing quote"))
                }
                field.append(byte)
            }
        }
        if quoted {
            return .failure(BatchLineError(field: nil, column: fields.count + 1, message: "field \(fields.count + 1) opens a quote that is never closed"))
        }
        if let error = finish() { return .failure(error) }
        return .success(fields)
    }
}

/// The fast path of one thread: JSON Lines lines or CSV rows read straight into the program's
/// slots, with the scratch space it reuses. nil from `read` sends the record to the slow path.
struct BatchFastReader {
    let lines: BoundLineReader?
    let csv: BoundCSVReader?
    var lineScratch: BoundLineReader.Scratch
    var csvScratch: BoundCSVReader.Scratch
    /// Which facts of a JSON Lines line or a CSV row are kept.
    let keeping: BoundLineReader.Keeping

    /// `header` is the CSV header, nil for JSON Lines.
    init(_ lines: BoundLineReader?, header: CSVHeader?, keeping: BoundLineReader.Keeping = .all) {
        csv = header.flatMap { header in lines.flatMap { BoundCSVReader(header: header, lines: $0) } }
        self.lines = header == nil ? lines : nil
        lineScratch = self.lines?.scratch() ?? .empty
        csvScratch = csv?.scratch() ?? .empty
        self.keeping = keeping
    }

    mutating func read(_ bytes: ArraySlice<UInt8>) -> BoundApplicant? {
        if let lines { return lines.read(bytes, &lineScratch, keeping: keeping) }
        return csv?.read(bytes, &csvScratch, keeping: keeping)
    }

    /// Hands back the facts of the applicant just evaluated (see `BoundLineReader.recycle`).
    mutating func recycle(_ facts: consuming [Cell]) {
        if let lines {
            lines.recycle(facts, &lineScratch)
        } else {
            csv?.recycle(facts, &csvScratch)
        }
    }
}
