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
        switch node.value {
        case .field(let a, _), .negate(let a), .not(let a), .presence(let a, _): visit(a, body)
        case .index(let a, let b), .binary(_, let a, let b), .membership(let a, let b, _): visit(a, body); visit(b, body)
        case .conditional(let a, let b, let c): visit(a, body); visit(b, body); visit(c, body)
        case .call(_, let arguments): arguments.forEach { visit($0, body) }
        case .setLiteral(let items): items.forEach { visit($0, body) }
        case .aggregate(_, _, let source, let filter, let result):
            visit(source, body)
            if let filter { visit(filter, body) }
            if let result { visit(result, body) }
        case .brackets(let subject, let arms, let otherwise):
            visit(subject, body)
            for arm in arms {
                if let lower = arm.lower { visit(lower, body) }
                if let upper = arm.upper { visit(upper, body) }
                visit(arm.result, body)
            }
            if let otherwise { visit(otherwise, body) }
        default: break
        }
    }
}
