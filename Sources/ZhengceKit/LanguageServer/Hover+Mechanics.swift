/// Hover on the constructs that compute an amount in several parts: a step increment
/// (`100万 per full 1亿 above 10亿`) and rates by year (`yearly … { years 1 to 2 => 100% … }`).
extension Hover {
    /// The innermost step increment or rates by year around `offset`, explained; nil elsewhere.
    static func mechanics(at offset: Int, in tree: PolicyFile) -> (Span, String)? {
        var found: (Span, String)?
        PolicyOutline.expressions(in: tree) { node in
            guard node.span.start <= offset, offset <= node.span.end else { return }
            switch node.value {
            case .steps(let form): found = (node.span, steps(form))
            case .yearly(let rates): found = (node.span, yearly(rates, at: offset))
            default: break
            }
        }
        return found
    }

    static func steps(_ form: StepIncrement) -> String {
        let quantity = form.quantityWritten ? "`\(source(form.quantity.span))`" : "the bracket's subject `\(source(form.quantity.span))`"
        return "**steps**: `\(source(form.increment.span))` for each full `\(source(form.step.span))` by which \(quantity) "
            + "exceeds `\(source(form.threshold.span))`; nothing at or below it, and a part of a step counts for nothing"
    }

    /// The bands as a table, the one under the cursor marked.
    static func yearly(_ rates: YearlyRates, at offset: Int) -> String {
        var text = "**rates by year** over `\(source(rates.source.span))`: each item's `\(source(rates.value.span))` times the rate "
            + "of its year, counted from `\(source(rates.start.span))` (year 1)"
        if let cap = rates.yearCap { text += ", at most `\(source(cap.span))` a year" }
        var rows = ["| years | rate |", "|---|---|"]
        for band in rates.bands {
            let first = source(band.first.span), last = source(band.last.span)
            let years = first == last ? first : "\(first)–\(last)"
            let here = band.span.start <= offset && offset <= band.span.end
            rows.append("| \(here ? "**\(years)**" : years) | \(here ? "**\(cell(source(band.rate.span)))**" : cell(source(band.rate.span))) |")
        }
        return text + "\n\n" + rows.joined(separator: "\n") + "\n\nA year no band covers gets nothing."
    }
}
