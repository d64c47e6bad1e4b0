/// A clause triggered only by the presence of a number or a date (`applies when paid_in_capital
/// is present`) hides itself from exactly the applicants it concerns when they leave the figure
/// out: they are told "not applicable" where the answer is "undetermined, missing the figure".
/// The trigger should be the kind of applicant or the event; the figure is then asked for.
extension Analyses {
    static func presenceTriggers(_ clause: Clause, _ document: Document) -> DiagnosticBag {
        var diagnostics = DiagnosticBag()
        statements: for case .applies(let expression) in clause.declaration.statements {
            let parts = Analyses.disjuncts(expression)
            var figures: [String] = []
            for part in parts {
                guard case .presence(let operand, let test) = part.value, test == .present || test == .notEmpty,
                      let path = Compiler.fieldPath(operand), Analyses.isFigure(path, document) else { continue statements }
                figures.append(path)
            }
            let names = figures.map { "`\($0)`" }.joined(separator: " or ")
            diagnostics.add(.presenceTrigger,
                            "clause `\(clause.id)` applies only when \(names) is given: an applicant the clause concerns who leaves it out is told \"not applicable\" instead of \"undetermined\"",
                            at: expression.span,
                            help: "trigger the clause on the kind of applicant or on the event (a bool, a choice, a section or a list), and let its conditions and amount use \(names); a missing figure then makes the clause undetermined and names it")
        }
        return diagnostics
    }

    /// Whether a fact path (`paid_in_capital`, `office.area_m2`) is a plain number, amount or date.
    static func isFigure(_ path: String, _ document: Document) -> Bool {
        let components = Compiler.pathParts(path)
        guard let first = components.first, var type = document.facts[first]?.type else { return false }
        for name in components.dropFirst() {
            guard let field = type.field(name) else { return false }
            type = field.type
        }
        switch type {
        case .quantity, .date: return true
        default: return false
        }
    }
}
