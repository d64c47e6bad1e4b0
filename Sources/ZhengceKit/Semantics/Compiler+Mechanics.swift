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

extension Compiler {
    mutating func compileYearly(_ form: YearlyRates, _ node: ExprNode, _ scope: inout Scope) -> (Code, ValueType) {
        let (source, sourceType) = compile(form.source, &scope)
        let start = compile(form.start, &scope).0
        let cap = form.yearCap.map { compile($0, &scope).0 }
        var element: ValueType = .unknown
        if case .list(let inner) = sourceType { element = inner }
        scope.variables.append((form.variable.value, element))
        let position = scope.variables.count - 1
        let (value, valueType) = compile(form.value, &scope)
        let year = compile(form.year, &scope).0
        scope.variables.removeLast()
        let bands = form.bands.map { band in
            CompiledYearBand(first: band.first.constant?.0.exactInt ?? 0, last: band.last.constant?.0.exactInt ?? 0,
                             rate: band.rate.constant?.0 ?? .zero, site: labelled(Located(.error, band.span), key: CoverageKey(.years, band.span)))
        }
        let site = labelled(form.source)
        out.sites[site].location = node.span.location
        let compiled = CompiledYearly(variable: position, source: source, value: value, year: year, start: start, bands: bands, yearCap: cap, site: site)
        return (.yearly(compiled), valueType)
    }
}
