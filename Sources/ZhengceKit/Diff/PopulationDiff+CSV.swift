extension PopulationDiff {
    /// A CSV file as `batch --input csv` reads it: a header row of fact paths (`revenue`,
    /// `sci_tech_insurance.premium`, `capital_increases[0].amount`) and optionally `applicant`,
    /// `as_of` and `prior_received.<clause id>` columns, then one applicant per row; a quoted field
    /// may span lines. The header is read against the facts and clauses of both versions, so a
    /// column for a fact or clause only one of them declares is accepted. A wrong header or a row
    /// with the wrong number of fields stops the comparison.
    public static func csv(_ file: SourceFile, facts: [String: FactInfo], clauses: Set<String>) throws(BatchInputError) -> [Member] {
        var lines = ByteLines.bytes(Array(file.text.utf8))
        let header: CSVHeader
        do {
            guard let first = try Batch.nextRecord(&lines, csv: true) else { return [] }
            switch CSVRecords.fields(first.bytes[...]) {
            case .success(let names): header = try CSVHeader(names, facts: facts, clauses: clauses)
            case .failure(let error): throw BatchInputError(message: "\(file.path):1: CSV header: \(error.message)")
            }
        } catch let error as BatchInputError {
            throw error.message.hasPrefix(file.path) ? error : BatchInputError(message: "\(file.path):1: \(error.message)")
        } catch {
            throw BatchInputError(message: "\(file.path): \(error)")
        }
        var members: [Member] = []
        while let item = try? Batch.nextRecord(&lines, csv: true) {
            let location = "\(file.path):\(item.line)"
            if let stray = CSVRecords.strayByteOrderMark(item.bytes) { throw BatchInputError(message: "\(location): \(stray.message)") }
            let cells: [String]
            switch CSVRecords.fields(item.bytes[...]) {
            case .success(let fields): cells = fields
            case .failure(let error): throw BatchInputError(message: "\(location): \(error.message)")
            }
            if cells == [""] { continue }
            guard cells.count == header.names.count else {
                throw BatchInputError(message: "\(location): \(CSVRecords.fieldCountMessage(cells, header: header.names.count))")
            }
            let root = header.applicantRoot(cells)
            var name = "line \(item.line)"
            if case .string(let text)? = root["applicant"]?.value { name = text }
            var asOf: Day?
            if case .string(let text)? = root["as_of"]?.value { asOf = Day(iso: text) }
            members.append(Member(name: name, location: location, base: DiffBase(name: name, root: root, asOf: asOf)))
        }
        return members
    }
}
