extension Checker {
    /// How most files declare a fact that several files declare: the shape most of them use (on
    /// a tie, the one the first such file uses), and where it is declared that way. A file that
    /// declares it differently is the one blamed (Z108).
    struct FactAgreement {
        var shape: String
        var syntax: TypeSyntax
        var path: String
        var others: Int
    }

    static func factAgreements(_ trees: [(path: String, tree: PolicyFile)]) -> [String: FactAgreement] {
        var declarations: [String: [(syntax: TypeSyntax, path: String)]] = [:]
        for (path, tree) in trees {
            var seen: Set<String> = []
            for declaration in tree.facts where seen.insert(declaration.name.value).inserted {
                declarations[declaration.name.value, default: []].append((declaration.type.value, path))
            }
        }
        var result: [String: FactAgreement] = [:]
        // Only a fact that several files declare can disagree; only its shapes are worked out.
        for (name, declared) in declarations where declared.count > 1 {
            let list = declared.map { (shape: shape($0.syntax), syntax: $0.syntax, path: $0.path) }
            guard Set(list.map(\.shape)).count > 1 else { continue }
            var counts: [String: Int] = [:]
            for item in list { counts[item.shape, default: 0] += 1 }
            // The first declaration with the largest count wins, so ties go by file order.
            guard let winner = list.first(where: { counts[$0.shape] == counts.values.max() }) else { continue }
            result[name] = FactAgreement(shape: winner.shape, syntax: winner.syntax, path: winner.path, others: (counts[winner.shape] ?? 1) - 1)
        }
        return result
    }
}
