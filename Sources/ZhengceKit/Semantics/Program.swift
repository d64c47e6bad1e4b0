/// The checked form of a set of policy files: every name resolved, every clause given its full id,
/// every cross-reference known. Built once by `Checker`, then evaluated against many applicants.
public struct Program: Sendable {
    public var documents: [Document] = []
    /// Every fact any document declares (one type per name across files).
    public var facts: [String: FactInfo] = [:]
    /// Clauses by full id (`yz2025:4a`).
    public var clauses: [String: Clause] = [:]
    /// Clause ids in an order where every clause comes after the clauses its amount refers to.
    public var evaluationOrder: [String] = []
    public var exclusions: [Exclusion] = []
    public var sharedCaps: [SharedCap] = []
    /// Where every resolved name is declared and used (filled even when the checker finds errors).
    public internal(set) var symbols = SymbolIndex()
    /// The resolved form the evaluator runs; present when the checker found no errors.
    public internal(set) var compiled: CompiledProgram?
    /// What the checker worked out that compiling needs again: definitions in dependency order
    /// and their types.
    var compilation: (definitionOrder: [(String, String)], definitionTypes: [String: ValueType]) = ([], [:])

    public func document(_ id: String) -> Document? { documents.first { $0.id == id } }

    /// The same program with a compiled form of its own (its objects not shared with this one's):
    /// for a thread that evaluates many applicants, which would otherwise contend with the other
    /// threads for the shared objects' reference counts. Compiling again costs a fraction of
    /// loading the files again.
    public func replica() -> Program {
        guard compiled != nil else { return self }
        var copy = self
        copy.compiled = Compiler.compile(self, definitionOrder: compilation.definitionOrder, definitionTypes: compilation.definitionTypes)
        return copy
    }
}

public struct Document: Sendable {
    public var id: String
    public var path: String
    public var header: DocumentHeader
    public var validity: Validity
    public var rounding: RoundingRule
    public var facts: [String: FactInfo] = [:]
    public var definitions: [String: Definition] = [:]
    /// Clause ids in file order.
    public var clauseIDs: [String] = []

    public var number: String? { header.number?.value }
    public var title: String? { header.title?.value }
}

public struct Clause: Sendable {
    public var clauseID: ClauseID
    public var document: String
    public var declaration: ClauseDecl
    public var kind: ClauseKind

    /// The full id as text (`yz2025:4a`).
    public var id: String { clauseID.description }
    public var label: String { declaration.label.value }
    public var title: String { declaration.title }
    public var article: String? { declaration.citation?.value }
    public var agency: String? {
        for case .agency(let name) in declaration.statements { return name.value }
        return nil
    }
    /// Whether the clause may still be cashed after its document expires (yz2025 第十五条).
    public var survivesExpiry: Bool {
        declaration.statements.contains { if case .survivesExpiry = $0 { return true } else { return false } }
    }
}

public struct Exclusion: Sendable {
    public var document: String
    public var declaration: ExclusionDecl
    /// Each member is a list of full clause ids whose amounts add up.
    public var members: [[String]]

    public var mode: ExclusionDecl.Mode { declaration.mode }
    public var tie: ExclusionDecl.Tie { declaration.tie }
    public var article: String? { declaration.citation?.value }
}

/// `shared cap LIMIT { … } reduce …`: the granted amounts of its members together at most `limit`.
public struct SharedCap: Sendable {
    public var document: String
    public var declaration: SharedCapDecl
    /// Full clause ids, in the order written.
    public var members: [String]
    /// In yuan.
    public var limit: ExactDecimal

    public var reduction: SharedCapDecl.Reduction { declaration.reduction }
    public var article: String? { declaration.citation?.value }
}
