/// The vocabulary of the applicant file as the loaded policies declare it: every fact with its
/// type, unit, label and default, which documents declare it, and which clauses read it. Rendered
/// as a JSON Schema (`zhengce schema`, `FactsSchema`) and as Markdown tables (`zhengce facts`,
/// `FactsMarkdown`), so the reference for people and the one for tools never disagree.
public struct FactsReference: Sendable {
    public struct Fact: Sendable {
        public var name: String
        /// The first declaration in load order; after a clean check every file declares the same type.
        public var declaration: FactDecl
        /// The documents that declare it, in load order.
        public var documents: [String]
        /// Full ids (`yz2025:2`) of the clauses that read it, directly or through a shared `let`.
        public var usedBy: [String]
        /// The documents whose eligibility conditions read it (they gate every clause there).
        public var eligibilityOf: [String]
        /// For a bool, the facts that imply it (`implied by`, in any file: the implication is
        /// about the applicant, so it holds in every document that reads the bool).
        public var impliedBy: [String] = []

        public var label: String? { declaration.label }
        public var type: TypeSyntax { declaration.type.value }
    }

    public struct DocumentSummary: Sendable {
        public var id: String
        public var number: String?
        public var title: String?
        /// The facts the document declares, in file order.
        public var facts: [String]
        /// Full clause ids and their titles and articles, in file order.
        public var clauses: [(id: String, title: String, article: String?)]
        /// Full ids of the clauses whose outcome depends on what the applicant already received
        /// under them (`prior_received`, `prior()`, a cumulative cap), in file order.
        public var readingPrior: [String] = []
    }

    /// How a reference says that `implying` implies a bool: a bool implies it when true, any other
    /// fact when given.
    public func implication(by implying: String) -> String {
        if case .bool? = facts[implying]?.type { return "true when `\(implying)` is true" }
        return "true when `\(implying)` is given"
    }

    public private(set) var documents: [DocumentSummary] = []
    /// Every fact, by name.
    public private(set) var facts: [String: Fact] = [:]
    /// Fact names in first-declaration order.
    public private(set) var order: [String] = []

    /// Builds the reference from the syntax trees of policies that checked clean (the checker has
    /// already ensured that a fact shared by several files has one type).
    public init(trees: [PolicyFile]) {
        for tree in trees {
            guard let id = tree.header?.id.value else { continue }
            let usage = FactUsage(tree)
            documents.append(DocumentSummary(
                id: id, number: tree.header?.number?.value, title: tree.header?.title?.value,
                facts: tree.facts.map(\.name.value),
                clauses: tree.clauses.map { ("\(id):\($0.label.value)", $0.title, $0.citation?.value) },
                readingPrior: usage.readingPrior.map { "\(id):\($0)" }))
            for declaration in tree.facts {
                let name = declaration.name.value
                if facts[name] == nil {
                    facts[name] = Fact(name: name, declaration: declaration, documents: [], usedBy: [], eligibilityOf: [])
                    order.append(name)
                }
                facts[name]?.documents.append(id)
                facts[name]?.usedBy += usage.clauses[name, default: []].map { "\(id):\($0)" }
                if usage.eligibility.contains(name) { facts[name]?.eligibilityOf.append(id) }
                if let implying = declaration.impliedBy?.value, facts[name]?.impliedBy.contains(implying) == false {
                    facts[name]?.impliedBy.append(implying)
                }
            }
        }
        // A fact that implies a bool is read wherever the bool is.
        let rank = Dictionary(clauseIDs.enumerated().map { ($1, $0) }) { first, _ in first }
        let documentRank = Dictionary(documents.map(\.id).enumerated().map { ($1, $0) }) { first, _ in first }
        for name in order {
            guard let implied = facts[name] else { continue }
            for implying in implied.impliedBy where facts[implying] != nil {
                let usedBy = Set(facts[implying]?.usedBy ?? []).union(implied.usedBy)
                let eligibility = Set(facts[implying]?.eligibilityOf ?? []).union(implied.eligibilityOf)
                facts[implying]?.usedBy = usedBy.sorted { rank[$0, default: 0] < rank[$1, default: 0] }
                facts[implying]?.eligibilityOf = eligibility.sorted { documentRank[$0, default: 0] < documentRank[$1, default: 0] }
            }
        }
    }

    /// Every clause id, in load order: the keys `prior_received` accepts.
    public var clauseIDs: [String] { documents.flatMap { $0.clauses.map(\.id) } }
}

/// Which facts each clause of one file reads, through its own `let`s and the file's shared `let`s.
struct FactUsage {
    /// Fact name → labels of the clauses that read it, in file order.
    var clauses: [String: [String]] = [:]
    /// Facts the eligibility conditions read.
    var eligibility: Set<String> = []
    /// Labels of the clauses that read what was already received under them, in file order.
    var readingPrior: [String] = []

    private let declared: Set<String>
    private let definitions: [String: ExprNode]
    private var definitionFacts: [String: Set<String>] = [:]

    init(_ tree: PolicyFile) {
        declared = Set(tree.facts.map(\.name.value))
        var definitions: [String: ExprNode] = [:]
        for definition in tree.definitions where definitions[definition.name.value] == nil {
            definitions[definition.name.value] = definition.expression
        }
        self.definitions = definitions
        for condition in tree.header?.eligibility ?? [] {
            var visiting: Set<String> = []
            eligibility.formUnion(facts(in: condition.expression, locals: [], visiting: &visiting))
        }
        for clause in tree.clauses {
            var locals: Set<String> = []
            var read: Set<String> = []
            var prior = false
            for statement in clause.statements {
                if case .local(let definition) = statement { locals.insert(definition.name.value) }
                if case .cap(_, .cumulative, _) = statement { prior = true }
                SyntaxWalk.expressions(in: statement) { node in
                    if Self.callsPrior(node) { prior = true }
                    guard case .name(let name) = node.value else { return }
                    var visiting: Set<String> = []
                    read.formUnion(resolve(name, locals: locals, visiting: &visiting))
                }
            }
            // The amount received is not a fact: it marks the clause, and no fact lists it.
            if read.remove(Self.received) != nil { prior = true }
            for name in read { clauses[name, default: []].append(clause.label.value) }
            if prior { readingPrior.append(clause.label.value) }
        }
    }

    /// What `read` holds for a clause that reads `prior_received` or calls `prior()`, directly or
    /// through a shared `let`: not a fact name (no fact may be so named).
    static let received = "prior_received"

    static func callsPrior(_ node: ExprNode) -> Bool {
        guard case .call(let function, _) = node.value else { return false }
        return function.value == "prior"
    }

    private mutating func facts(in expression: ExprNode, locals: Set<String>, visiting: inout Set<String>) -> Set<String> {
        var names: [String] = []
        SyntaxWalk.visit(expression) { node in
            if case .name(let name) = node.value { names.append(name) }
            if Self.callsPrior(node) { names.append(Self.received) }
        }
        var result: Set<String> = []
        for name in names { result.formUnion(resolve(name, locals: locals, visiting: &visiting)) }
        return result
    }

    /// The facts a name stands for: itself when it is a fact, the facts of a shared `let`, else none.
    private mutating func resolve(_ name: String, locals: Set<String>, visiting: inout Set<String>) -> Set<String> {
        if locals.contains(name) { return [] }
        if declared.contains(name) { return [name] }
        if name == Self.received { return [name] }
        guard let expression = definitions[name], !visiting.contains(name) else { return [] }
        if let known = definitionFacts[name] { return known }
        visiting.insert(name)
        let result = facts(in: expression, locals: [], visiting: &visiting)
        visiting.remove(name)
        definitionFacts[name] = result
        return result
    }
}
