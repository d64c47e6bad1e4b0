/// `textDocument/documentSymbol`: the file's outline, its clauses grouped by the article they
/// cite, then its facts, definitions, exclusion and precedence rules and shared caps.
enum DocumentSymbols {
    /// Symbol kinds of the protocol.
    enum Kind: Int {
        case module = 2, namespace = 3, field = 8, function = 12, variable = 13, constant = 14, event = 24
    }

    static func answer(_ context: DocumentContext) -> JSONOut {
        let tree = context.tree
        var items: [JSONOut] = []
        if let header = tree.header {
            items.append(symbol(header.id.value, detail: header.title?.value, .module, header.span, header.id.span))
        }
        var articles: [(String, [ClauseDecl])] = []
        for clause in tree.clauses {
            let article = PolicyOutline.article(of: clause.citation?.value)
            if let index = articles.firstIndex(where: { $0.0 == article }) { articles[index].1.append(clause) } else { articles.append((article, [clause])) }
        }
        for (article, clauses) in articles {
            let children = clauses.map { symbol($0.label.value, detail: $0.title, $0.isBenefit ? .event : .function, $0.span, $0.label.span) }
            let whole = clauses.dropFirst().reduce(clauses[0].span) { $0.to($1.span) }
            items.append(symbol(article, detail: "\(clauses.count) clause\(clauses.count == 1 ? "" : "s")", .namespace, whole, clauses[0].label.span, children: children))
        }
        for fact in tree.facts {
            items.append(symbol(fact.name.value, detail: fact.label, .field, fact.name.span.to(fact.type.span), fact.name.span))
        }
        for definition in tree.definitions {
            items.append(symbol(definition.name.value, detail: definition.label, .constant, definition.name.span.to(definition.expression.span), definition.name.span))
        }
        for exclusion in tree.exclusions {
            let members = exclusion.members.map { $0.value.map(\.value.description).joined(separator: " + ") }
            if exclusion.mode == .over, let first = members.first {
                items.append(symbol("exclusive \(first) over", detail: members.dropFirst().joined(separator: ", "), .variable, exclusion.span, exclusion.span))
            } else {
                items.append(symbol("exclusive \(exclusion.mode.rawValue)", detail: members.joined(separator: ", "), .variable, exclusion.span, exclusion.span))
            }
        }
        for cap in tree.sharedCaps {
            let members = cap.members.map(\.value.description).joined(separator: ", ")
            let limit = cap.limit.span.text ?? ""
            items.append(symbol("shared cap \(limit)", detail: "\(members) · reduce \(cap.reduction.rawValue)", .variable, cap.span, cap.limit.span))
        }
        return .array(items)
    }

    static func symbol(_ name: String, detail: String?, _ kind: Kind, _ range: Span, _ selection: Span, children: [JSONOut] = []) -> JSONOut {
        var members: [(String, JSONOut)] = [("name", .string(name.isEmpty ? "?" : name)), ("kind", .int(kind.rawValue)),
                                            ("range", range.lspRange), ("selectionRange", selection.lspRange)]
        if let detail { members.append(("detail", .string(detail))) }
        if !children.isEmpty { members.append(("children", .array(children))) }
        return .object(members)
    }
}
