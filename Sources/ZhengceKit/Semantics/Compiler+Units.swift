extension Compiler {
    /// A product or quotient tagged with its unit where evaluation's own rule (money wins a
    /// product; a quotient of like quantities is plain, else keeps the dividend's unit) would give
    /// another: prices, areas and durations.
    static func withUnits(_ op: BinaryOperator, _ code: Code, _ left: ValueType, _ right: ValueType) -> (Code, ValueType) {
        guard let x = left.dimension, let y = right.dimension else { return (code, left) }
        let exact = try? op == .multiply ? x.times(y) : (x == y ? .plain : x.divided(by: y))
        guard let exact else { return (code, left) }
        let evaluated = op == .multiply ? (x.isMoney ? x : y) : (x == y ? .plain : x)
        return (exact == evaluated ? code : .dimension(code, exact), .quantity(exact))
    }
}
