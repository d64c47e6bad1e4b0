/// Visits every expression of a clause statement, nested ones included.
enum SyntaxWalk {
    static func expressions(in statement: ClauseStatement, _ body: (ExprNode) -> Void) {
        switch statement {
        case .applies(let e), .amount(let e), .assessed(let e), .cap(let e, _, _), .floor(let e, _): visit(e, body)
        case .when(let condition): visit(condition.expression, body)
        case .local(let definition): visit(definition.expression, body)
        case .schedule(_, let condition, let portion):
            if let condition { visit(condition, body) }
            if let portion { visit(portion, body) }
        case .agency, .unspecified, .survivesExpiry: break
        }
    }

    static func visit(_ node: ExprNode, _ body: (ExprNode) -> Void) {
        body(node)
        children(of: node) { visit($0, body) }
    }

    /// Calls `body` on each direct subexpression of `node`.
    static func children(of node: ExprNode, _ visit: (ExprNode) -> Void) {
        switch node.value {
        case .field(let a, _), .negate(let a), .not(let a), .presence(let a, _): visit(a)
        case .index(let a, let b), .binary(_, let a, let b), .membership(let a, let b, _): visit(a); visit(b)
        case .conditional(let a, let b, let c): visit(a); visit(b); visit(c)
        case .call(_, let arguments): arguments.forEach { visit($0) }
        case .setLiteral(let items): items.forEach { visit($0) }
        case .aggregate(_, _, let source, let filter, let result):
            visit(source)
            if let filter { visit(filter) }
            if let result { visit(result) }
        case .brackets(let subject, let arms, let otherwise):
            visit(subject)
            for arm in arms {
                if let lower = arm.lower { visit(lower) }
                if let upper = arm.upper { visit(upper) }
                visit(arm.result)
            }
            if let otherwise { visit(otherwise) }
        case .steps(let form):
            visit(form.increment)
            visit(form.step)
            // The bracket's subject, when not written here, is visited where the bracket names it.
            if form.quantityWritten { visit(form.quantity) }
            visit(form.threshold)
        case .yearly(let form):
            for part in [form.source, form.value, form.year, form.start] { visit(part) }
            for band in form.bands {
                visit(band.first)
                visit(band.last)
                visit(band.rate)
            }
            if let cap = form.yearCap { visit(cap) }
        default: break
        }
    }
}
