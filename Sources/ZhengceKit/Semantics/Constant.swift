extension Located where Value == Expr {
    /// The value of an expression made only of literals (`5亿`, `-1万`, `2 * 50万`), with its
    /// dimension; nil when it reads a fact or cannot be computed.
    var constant: (ExactDecimal, Dimension)? {
        switch value {
        case .number(let number, let dimension, _): return (number, dimension)
        case .negate(let inner): return inner.constant.map { ($0.0.negated(), $0.1) }
        case .binary(let op, let left, let right):
            guard let (a, x) = left.constant, let (b, y) = right.constant else { return nil }
            switch op {
            case .add where x == y: return (try? a.adding(b)).map { ($0, x) }
            case .subtract where x == y: return (try? a.subtracting(b)).map { ($0, x) }
            case .multiply: return (try? a.multiplied(by: b)).map { ($0, x.isMoney ? x : y) }
            default: return nil
            }
        default: return nil
        }
    }
}
