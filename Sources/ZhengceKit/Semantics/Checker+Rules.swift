/// The parts of exclusion rules and shared caps that check their members: every member names a
/// clause of a loaded document, each once, and a rule that weighs amounts names clauses that have one.
extension Checker {
    /// The full id of a clause a rule names, or nil after reporting why it cannot take part.
    mutating func ruleMember(_ ref: Located<ClauseRef>, in document: Document, listed: Set<String>, purpose: String) -> String? {
        let documentID = ref.value.document ?? document.id
        let id = ClauseID(ref.value, in: document.id).description
        if program.clauses[id] != nil {
            symbols.use(.clause(id), at: ref.span)
            return id
        }
        if program.document(documentID) == nil {
            diagnostics.add(.exclusionDocumentNotLoaded, "document `\(documentID)` is not loaded, so `\(id)` cannot take part in this rule", at: ref.span,
                            help: "check the policies together: `zhengce check policies/`")
        } else {
            let candidates = program.clauses.keys.filter { $0.hasPrefix(documentID + ":") }.map { String($0.dropFirst(documentID.count + 1)) }.filter { !listed.contains($0) }
            diagnostics.add(.exclusionMissingClause, "no clause `\(id)` \(purpose)", at: ref.span,
                            help: Suggest.closestLabel(to: ref.value.label, among: candidates).map { "did you mean `\($0)`?" })
        }
        return nil
    }

    func hasNoAmount(_ id: String) -> Bool {
        guard let kind = program.clauses[id]?.kind else { return false }
        return kind == .benefit || kind == .noAmount
    }

    /// Take-the-highest and choose-one weigh granted amounts; a clause without one never takes part.
    mutating func warnWithoutAmount(_ id: String, at span: Span) {
        guard hasNoAmount(id) else { return }
        diagnostics.add(.exclusionMemberWithoutAmount, "`\(id)` has no amount, so this rule can never weigh it: it neither excludes nor is excluded", at: span,
                        help: "when taking one measure rules out another, say which takes precedence: `exclusive A over { B }`")
    }

    // MARK: Shared caps

    mutating func declareSharedCap(_ declaration: SharedCapDecl, in document: Document) {
        var members: [String] = []
        let listed = Set(declaration.members.map(\.value.label))
        for ref in declaration.members {
            guard let id = ruleMember(ref, in: document, listed: listed, purpose: "to share the cap") else { continue }
            if members.contains(id) {
                diagnostics.add(.ruleListsClauseTwice, "`\(id)` is listed twice in this shared cap", at: ref.span, help: "list each clause once")
                continue
            }
            if hasNoAmount(id) {
                diagnostics.add(.sharedCapMemberWithoutAmount, "`\(id)` has no amount, so it cannot share a cap", at: ref.span,
                                help: "leave it out of the shared cap, or give the clause an amount")
                continue
            }
            members.append(id)
        }
        if declaration.members.count < 2 {
            diagnostics.add(.exclusionTooSmall, "a shared cap needs at least two clauses", at: declaration.span,
                            help: "a cap on one clause belongs in the clause: `cap 5000万`")
        }
        guard let limit = sharedCapLimit(declaration.limit) else { return }
        if members.count >= 2 {
            program.sharedCaps.append(SharedCap(document: document.id, declaration: declaration, members: members, limit: limit))
        }
    }

    /// The limit of a shared cap: a fixed amount in CNY, more than zero.
    mutating func sharedCapLimit(_ expression: ExprNode) -> ExactDecimal? {
        guard let (value, dimension) = expression.constant, case .money(let currency) = dimension else {
            diagnostics.add(.sharedCapLimit, "a shared cap must be a fixed amount of money, such as `5000万`", at: expression.span,
                            help: "write the limit the document states, in `万` or `元`")
            return nil
        }
        guard currency == .cny else {
            diagnostics.add(.sharedCapLimit, "the shared cap is in \(currency.rawValue) but the clauses pay in CNY", at: expression.span,
                            help: "write the limit in `万` or `元`")
            return nil
        }
        guard value > .zero else {
            diagnostics.add(.sharedCapLimit, "a shared cap must be more than zero", at: expression.span)
            return nil
        }
        return value
    }
}
