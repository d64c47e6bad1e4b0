extension Analyses {
    /// The most a step increment can add inside a bracket arm with a constant upper bound: the
    /// whole steps between the threshold and that bound; nil when nothing bounds the quantity.
    static func stepMaximum(_ form: StepIncrement, in arm: BracketArm?) -> ExactDecimal? {
        guard !form.quantityWritten, let arm, let (high, _) = arm.upper?.constant,
              case .number(let each, .money, _) = form.increment.value, each >= .zero,
              let (size, _) = form.step.constant, size > .zero, let (from, _) = form.threshold.constant else { return nil }
        guard high > from, let excess = try? high.subtracting(from),
              var count = try? excess.divided(by: size).rounded(toPlaces: 0, .down),
              let reach = try? count.multiplied(by: size) else { return .zero }
        if reach > excess || (reach == excess && !arm.upperInclusive) { count = (try? count.subtracting(.one)) ?? count }
        return try? each.multiplied(by: max(count, .zero))
    }
}
