/// Diagnostics as the protocol publishes them, with the places they relate to.
enum Diagnostics {
    static func json(_ diagnostic: Diagnostic, _ analysis: Analysis, uri: (String) -> String) -> JSONOut {
        var members: [(String, JSONOut)] = [
            ("range", diagnostic.span.lspRange),
            ("severity", .int(diagnostic.severity == .error ? 1 : 2)),
            ("code", .string(diagnostic.code.rawValue)),
            ("source", .string("zhengce")),
            ("message", .string(diagnostic.message + (diagnostic.help.map { "\nhelp: \($0)" } ?? ""))),
        ]
        let related = relatedLocations(diagnostic, analysis.program)
        if !related.isEmpty {
            members.append(("relatedInformation", .array(related.map { .object([("location", RPC.location($0.span, uri: uri)), ("message", .string($0.message))]) })))
        }
        return .object(members)
    }

    /// The other declaration a diagnostic about a duplicate or a conflict is about.
    static func relatedLocations(_ diagnostic: Diagnostic, _ program: Program) -> [(span: Span, message: String)] {
        guard let name = Diagnostic.quotedNames(diagnostic.message).first else { return [] }
        let other: Span?
        switch diagnostic.code {
        case .conflictingFactTypes: other = program.facts[name]?.span
        case .duplicateDocument: other = program.document(name)?.header.id.span
        case .duplicateClause: other = program.clauses[name]?.declaration.label.span
        default: other = nil
        }
        guard let other, other != diagnostic.span else { return [] }
        return [(other, "`\(name)` is first declared here")]
    }
}
