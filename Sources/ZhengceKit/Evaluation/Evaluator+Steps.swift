/// Step increments: a sum for each whole step of a quantity above a threshold.
extension Evaluator {
    mutating func steps(increment: Code, step: Code, quantity: Code, threshold: Code, _ site: Int) throws(EvaluationFailure) -> Cell {
        let amount = try eval(quantity)
        if amount.isUnknown { return amount }
        let perStep = try eval(increment)
        if perStep.isUnknown { return perStep }
        guard case .number(let q, let quantityDimension) = amount, case .number(let each, let dimension) = perStep,
              case .number(let size, _) = try eval(step), case .number(let from, _) = try eval(threshold) else {
            throw failure("a step increment needs numbers", site)
        }
        guard size > .zero else { throw failure("a step is not more than zero", site) }
        let count = try wholeSteps(q, above: from, of: size, site)
        let result = try arithmetic(site) { try each.multiplied(by: count) }
        if count > .zero { exercise(program.sites[site].key) }
        if recording {
            let unit = { (value: ExactDecimal) in Cell.number(value, quantityDimension).display }
            record(.value, program.sites[site].location,
                   "`\(program.sites[site].source)` = \(amount.display): \(count.formatted()) full step\(count == .one ? "" : "s") of \(unit(size)) above \(unit(from)), \(count.formatted()) × \(perStep.display) = \(Cell.number(result, dimension).display)",
                   .steps(expression: program.sites[site].source, quantity: amount, count: count, step: Cell.number(size, quantityDimension),
                          threshold: Cell.number(from, quantityDimension), increment: perStep, result: .number(result, dimension)))
        }
        return .number(result, dimension)
    }

    /// How many whole steps `quantity` exceeds `threshold` by: 0 at or below it, exact even when
    /// the quotient has more places than a number holds.
    func wholeSteps(_ quantity: ExactDecimal, above threshold: ExactDecimal, of size: ExactDecimal, _ site: Int) throws(EvaluationFailure) -> ExactDecimal {
        guard quantity > threshold else { return .zero }
        let excess = try arithmetic(site) { try quantity.subtracting(threshold) }
        var count = try arithmetic(site) { try excess.divided(by: size).rounded(toPlaces: 0, .down) }
        // A quotient rounded up to a whole number by the division is one step short of it.
        if try arithmetic(site, { try count.multiplied(by: size) }) > excess {
            count = try arithmetic(site) { try count.subtracting(.one) }
        }
        return count
    }
}
