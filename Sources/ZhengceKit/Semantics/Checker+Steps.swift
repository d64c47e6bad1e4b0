/// Step increments (`100万 per full 1亿 above 10亿`): the step is a positive constant, and the
/// quantity, the step and the threshold are of one unit.
extension Checker {
    mutating func inferSteps(_ form: StepIncrement, _ scope: inout Scope) -> ValueType {
        let incrementType = infer(form.increment, &scope)
        // A bracket's subject is inferred again here; the same diagnostic is never reported twice.
        let quantityType = infer(form.quantity, &scope)
        let stepType = infer(form.step, &scope)
        let thresholdType = infer(form.threshold, &scope)
        if incrementType != .unknown && incrementType.dimension == nil {
            diagnostics.add(.typeMismatch, "the sum added for each step must be a number or money, but this is \(incrementType)", at: form.increment.span)
        }
        if let quantity = quantityType.dimension {
            for (type, node, what) in [(stepType, form.step, "the step"), (thresholdType, form.threshold, "the threshold")] {
                guard let dimension = type.dimension, !Checker.sameUnit(quantity, dimension) else { continue }
                diagnostics.add(.stepUnitMismatch, "\(what) is \(dimension == .plain ? "a plain number" : dimension.description) but the quantity it counts is \(quantity)", at: node.span,
                                help: quantity.isMoney ? "write it as money, e.g. `1亿`" : "write it in the quantity's unit")
            }
        } else if quantityType != .unknown {
            diagnostics.add(.typeMismatch, "steps are counted on a number or money, but this is \(quantityType)", at: form.quantity.span)
        }
        if stepType != .unknown {
            if let (step, _) = form.step.constant {
                if step <= .zero {
                    diagnostics.add(.stepNotPositive, "the step must be more than zero, but it is \(form.step.value.written ?? "zero or less")", at: form.step.span,
                                    help: "write the size of one step as the document gives it, e.g. `1亿`")
                }
            } else {
                diagnostics.add(.stepNotPositive, "the step must be a constant amount, so that the number of whole steps is fixed by the document", at: form.step.span,
                                help: "write the size of one step as the document gives it, e.g. `1亿`")
            }
        }
        return incrementType.dimension == nil ? .unknown : incrementType
    }

    /// A plain number may stand for any unit (`above 0`); otherwise the dimensions must agree.
    static func sameUnit(_ quantity: Dimension, _ other: Dimension) -> Bool {
        if quantity == other { return true }
        return !quantity.isMoney && other == .plain
    }

    /// A step increment of an arm that counts from the bracket's subject should count from within
    /// the arm: a threshold below the arm's lower bound pays steps the arms below do not, and one
    /// at or above its upper bound never pays a step.
    mutating func checkStepThresholds(_ arms: [BracketArm]) {
        for arm in arms {
            for form in Checker.stepIncrements(in: arm.result) where !form.quantityWritten {
                guard let (threshold, dimension) = form.threshold.constant else { continue }
                if let (low, _) = arm.lower?.constant, threshold < low {
                    diagnostics.add(.stepThresholdOutsideArm, "steps are counted from \(Value.number(threshold, dimension).asWritten), below this arm's lower bound \(Value.number(low, dimension).asWritten)",
                                    at: form.threshold.span, help: "count the steps from the arm's lower bound unless the document counts them from lower down")
                } else if let (high, _) = arm.upper?.constant, threshold >= high {
                    diagnostics.add(.stepThresholdOutsideArm, "steps are counted from \(Value.number(threshold, dimension).asWritten), which is not below this arm's upper bound, so no step is ever paid",
                                    at: form.threshold.span, help: "count the steps from the arm's lower bound")
                }
            }
        }
    }

    /// The step increments an arm's result adds up (`500万 + 100万 per full 1亿 above 10亿`).
    static func stepIncrements(in node: ExprNode) -> [StepIncrement] {
        switch node.value {
        case .steps(let form): return [form]
        case .binary(.add, let left, let right): return stepIncrements(in: left) + stepIncrements(in: right)
        default: return []
        }
    }
}
