/// Checks on the facts the loaded policies declare, across files: a new fact named almost like
/// one another file declares (Z110), and a free-text fact that conditions compare with fixed
/// values, which should be a `choice` so that a misspelt value is caught (Z111).
extension Analyses {
    static func factNames(_ program: Program) -> DiagnosticBag {
        var diagnostics = DiagnosticBag()
        // Per name, the first file that declares it (by index) and whether another file does too.
        let documents = program.documents
        var files: [String: Int] = [:]
        for document in documents where files[document.path] == nil { files[document.path] = files.count }
        var declared: [String: (file: Int, several: Bool)] = [:]
        for document in documents {
            let file = files[document.path] ?? 0
            for name in document.facts.keys {
                if let first = declared[name] {
                    if first.file != file { declared[name]?.several = true }
                } else {
                    declared[name] = (file, false)
                }
            }
        }
        // Every declared name, sorted, with what the comparison needs worked out once, and kept
        // by length (in scalars): a name is compared only with names of about its length.
        let candidates = declared.keys.sorted().map(NameCandidate.init)
        var byLength: [[Int]] = []
        for (position, candidate) in candidates.enumerated() {
            let length = candidate.scalars.count
            while byLength.count <= length { byLength.append([]) }
            byLength[length].append(position)
        }
        // Each pair is reported once, on the file loaded later, which is where a new name usually is.
        var reported: Set<[String]> = []
        for document in documents.reversed() {
            let file = files[document.path] ?? 0
            // Whether another file declares the name and this one does not.
            func other(_ candidate: NameCandidate) -> Bool {
                guard document.facts[candidate.name] == nil, let first = declared[candidate.name] else { return false }
                return first.several || first.file != file
            }
            for (name, info) in document.facts.sorted(by: { $0.key < $1.key }) where declared[name]?.several == false {
                guard name.count >= 6, let near = nearName(name, candidates, byLength, where: other),
                      reported.insert([name, near].sorted()).inserted else { continue }
                let where_ = documents.first { $0.facts[near] != nil && $0.path != document.path }?.path ?? "another file"
                diagnostics.add(.nearDuplicateFact, "fact `\(name)` is declared only here, and `\(where_)` declares `\(near)`, a name one or two letters away",
                                at: info.span, help: "if they are the same fact, use one name, `\(near)`, in both files; if not, choose names that differ clearly")
            }
        }
        return diagnostics
    }

    /// A fact name another file declares, with what the comparison needs worked out once.
    struct NameCandidate {
        let name: String
        let scalars: [UInt32]
        /// One bit per character (`Suggest.shape`): a bit one name has and the other lacks costs an edit.
        let signature: UInt64

        init(_ name: String) {
            self.name = name
            scalars = name.unicodeScalars.map(\.value)
            signature = Suggest.shape(name).signature
        }

        /// The name without its digits.
        var letters: String { name.filter { !$0.isNumber } }
    }

    /// The first name, in `candidates`' (sorted) order, that `eligible` admits and that is within
    /// two edits of `name` and differs from it in letters, not only in digits (`revenue_2023`
    /// next to `revenue_2024` is a series, not a slip). `byLength` holds the candidates'
    /// positions by length.
    static func nearName(_ name: String, _ candidates: [NameCandidate], _ byLength: [[Int]], where eligible: (NameCandidate) -> Bool) -> String? {
        let own = NameCandidate(name)
        var table = Suggest.Table(capacity: own.scalars.count + 2)
        var first: Int?
        // Two edits change the length by two at most.
        for length in max(0, own.scalars.count - 2)...(own.scalars.count + 2) where length < byLength.count {
            for position in byLength[length] {
                if let first, first < position { break }
                let candidate = candidates[position]
                guard (own.signature & ~candidate.signature).nonzeroBitCount <= 2 && (candidate.signature & ~own.signature).nonzeroBitCount <= 2,
                      eligible(candidate), table.distance(own.scalars, candidate.scalars, within: 2) != nil, candidate.letters != own.letters else { continue }
                first = position
                break
            }
        }
        return first.map { candidates[$0].name }
    }

    /// Free-text facts compared with string literals, with the values they are compared with.
    static func textComparisons(_ program: Program) -> DiagnosticBag {
        var diagnostics = DiagnosticBag()
        for document in program.documents {
            var values: [String: [String]] = [:]
            var firstUse: [String: Span] = [:]
            func note(_ subject: ExprNode, _ literals: [ExprNode], _ span: Span) {
                guard case .name(let name) = subject.value, let fact = document.facts[name], case .text(nil) = fact.type else { return }
                for literal in literals {
                    guard case .text(let text) = literal.value else { continue }
                    if !(values[name]?.contains(text) ?? false) { values[name, default: []].append(text) }
                    if firstUse[name] == nil { firstUse[name] = span }
                }
            }
            let visit: (ExprNode) -> Void = { node in
                switch node.value {
                case .binary(.equal, let left, let right), .binary(.notEqual, let left, let right):
                    note(left, [right], node.span)
                    note(right, [left], node.span)
                case .membership(let element, let set, _):
                    if case .setLiteral(let items) = set.value { note(element, items, node.span) }
                default: break
                }
            }
            for condition in document.header.eligibility { SyntaxWalk.visit(condition.expression, visit) }
            for id in document.clauseIDs {
                for statement in program.clauses[id]?.declaration.statements ?? [] { SyntaxWalk.expressions(in: statement, visit) }
            }
            for (name, span) in firstUse.sorted(by: { $0.key < $1.key }) {
                let listed = (values[name] ?? []).map { "\"\($0)\"" }.joined(separator: ", ")
                diagnostics.add(.textComparedWithLiterals, "`\(name)` is free text, but conditions compare it with fixed values (\(listed)); a value spelt another way in an applicant's file would silently not match",
                                at: span, help: "declare it as a choice of the values it can take: `fact \(name): choice {\(listed), …}`")
            }
        }
        return diagnostics
    }
}
