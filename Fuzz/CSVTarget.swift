import Foundation

// Fuzz target `csv`: a CSV document whose first record is the header and the others rows (at most
// 64), read by `batch`'s fast CSV reader against the facts the shipped policies declare (a header
// the general path refuses ends the input). Properties: nothing traps; a row the fast reader reads
// is bound exactly as the general path (`CSVRecords.fields`, `CSVHeader.decode`, `Program.bind`)
// binds it, and the same when it is read over the facts of the row before (as `batch` reads each
// row over the one before); keeping only the facts of the documents open on the day (the row's
// own, or the run's) declines the same rows and keeps those facts as they are read whole, the
// others holding their absent values.

let fuzzCSVLines = BoundLineReader(program: fuzzProgram)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let lines = fuzzCSVLines else { return 0 }
    let program = fuzzProgram
    var input = ByteLines.bytes(Array(UnsafeBufferPointer(start: data, count: size)))
    let clauses = Set(program.clauses.keys)
    guard let first = try? Batch.nextRecord(&input, csv: true), case .success(let names) = CSVRecords.fields(first.bytes),
          let header = try? CSVHeader(names, facts: program.facts, clauses: clauses), let reader = BoundCSVReader(header: header, lines: lines) else { return 0 }
    // Read one after another over the facts handed back: whole, and keeping the open documents'.
    var recycling = reader.scratch(), keeping = reader.scratch()
    var rows = 0
    while rows < 64, let item = try? Batch.nextRecord(&input, csv: true) {
        rows += 1
        var scratch = reader.scratch()
        let fresh = reader.read(item.bytes, &scratch)
        if let fresh {
            guard case .success(let cells) = CSVRecords.fields(item.bytes), cells != [""],
                  case .applicant(let applicant) = header.decode(cells, facts: program.facts, clauses: clauses) else {
                violation("fast CSV reader: reads a row the general path rejects")
            }
            let general = program.bind(applicant)
            guard fresh.name == general.name, fresh.asOf == general.asOf, fresh.facts == general.facts, fresh.prior == general.prior,
                  fresh.warnings == general.warnings else {
                violation("fast CSV reader: binds the row differently from the general path")
            }
        }
        let over = reader.read(item.bytes, &recycling)
        guard over?.facts == fresh?.facts, over?.name == fresh?.name, over?.asOf == fresh?.asOf else {
            violation("fast CSV reader: reads a row over the row before differently from afresh")
        }
        if let over { reader.recycle(over.facts, &recycling) }
        for runDay in [nil, fuzzDay] {
            var own = reader.scratch()
            let read = runDay == nil ? reader.read(item.bytes, &keeping, keeping: .open(runDay: nil))
                : reader.read(item.bytes, &own, keeping: .open(runDay: runDay))
            guard (read == nil) == (fresh == nil) else {
                violation("fast CSV reader: keeping the open documents' facts declines a row read whole, or the reverse")
            }
            guard let read, let fresh else { continue }
            if runDay == nil { reader.recycle(read.facts, &keeping) }
            guard read.name == fresh.name, read.asOf == fresh.asOf, read.unreadClosedOn == (runDay ?? fresh.asOf) else {
                violation("fast CSV reader: keeping the open documents' facts binds the name or the day differently")
            }
            checkKeptFacts(lines, read, fresh, "fast CSV reader")
        }
    }
    return 0
}
