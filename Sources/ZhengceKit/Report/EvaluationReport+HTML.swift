extension EvaluationReport {
    /// The report as one self-contained HTML page (inline CSS, no external files, nothing fetched):
    /// the summary table, a section per document with each clause's explanation in a `<details>`,
    /// the missing facts as questions, and a print style that prints every explanation.
    public static func html(_ evaluation: Evaluation, program: Program, verbose: Bool = false, language: ReportLanguage = .chinese) -> String {
        let model = ReportModel(evaluation, program: program, language: language, verbose: verbose)
        let phrases = model.phrases
        let e = HTML.escape
        var page = """
        <!DOCTYPE html>
        <html lang="\(phrases.htmlLanguage)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(e(phrases.htmlTitle)) · \(e(evaluation.applicant ?? ""))</title>
        <style>\(HTML.style)</style>
        </head>
        <body>
        <header><h1>\(e(phrases.htmlTitle))</h1><p class="applicant">\(e(model.heading))</p></header>

        """
        page += "<section id=\"summary\"><h2>\(e(phrases.summary))</h2>\n<table class=\"summary\">\n<thead><tr>"
        page += phrases.columns.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in model.rows {
            page += "<tr><td>\(e(row.document))</td><td>\(e(row.clause))</td><td>\(e(row.title))</td><td>\(e(row.status))</td>"
            page += "<td class=\"amount\">\(e(row.amount))</td></tr>\n"
        }
        page += "</tbody>\n<tfoot><tr><th colspan=\"4\">\(e(phrases.total))</th><td class=\"amount\">\(e(model.total))</td></tr></tfoot>\n</table></section>\n"
        if !model.questions.isEmpty {
            page += "<section id=\"questions\"><h2>\(e(phrases.pleaseProvide))</h2><ul>\n"
            page += model.questions.map { "<li>\(e($0))</li>\n" }.joined()
            page += "</ul></section>\n"
        }
        for section in model.sections {
            page += "<section class=\"document\" id=\"doc-\(e(section.id))\"><h2>\(e(section.heading))</h2>\n"
            page += section.notes.map { "<p class=\"note\">\(HTML.withCode($0))</p>\n" }.joined()
            for entry in section.entries {
                let open = entry.status == .granted ? " open" : ""
                page += "<details class=\"clause \(entry.status.rawValue)\"\(open)><summary><span class=\"id\">\(e(entry.id))</span> \(e(entry.title))"
                page += " <span class=\"result\">\(e(entry.result))</span></summary>\n"
                if !entry.steps.isEmpty {
                    page += "<ol class=\"steps\" aria-label=\"\(e(phrases.htmlDetails))\">\n"
                    for step in entry.steps {
                        page += "<li>\(HTML.withCode(step.text))" + (step.location.map { " <code class=\"at\">\(e($0))</code>" } ?? "") + "</li>\n"
                    }
                    page += "</ol>\n"
                }
                page += "</details>\n"
            }
            if !section.benefits.isEmpty {
                page += "<details class=\"benefits\"><summary>\(e(phrases.benefits)) × \(section.benefits.count)</summary><ul>\n"
                page += section.benefits.map { "<li>\(e($0))</li>\n" }.joined() + "</ul></details>\n"
            }
            page += "<p class=\"total\">\(e(section.total))</p></section>\n"
        }
        page += "<footer>"
        for exclusion in model.exclusions {
            page += "<p>\(e(exclusion.caption + phrases.colon + exclusion.clauses.joined(separator: phrases.listSeparator)))</p>"
        }
        page += "<p class=\"total\">\(e(phrases.total)) \(e(model.total))</p></footer>\n"
        page += "<script>addEventListener(\"beforeprint\", () => document.querySelectorAll(\"details\").forEach(d => d.open = true));</script>\n"
        page += "</body>\n</html>\n"
        return page
    }
}

/// Writing HTML text safely.
enum HTML {
    /// `text` with the characters HTML gives meaning to replaced by references.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// `text` escaped, with each `…` span (policy source) set as code.
    static func withCode(_ text: String) -> String {
        let parts = text.split(separator: "`", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return escape(text) }
        var result = ""
        for (index, part) in parts.enumerated() {
            let inside = index % 2 == 1 && index < parts.count - 1
            result += inside ? "<code>\(escape(String(part)))</code>" : (index % 2 == 1 ? "`" : "") + escape(String(part))
        }
        return result
    }

    static let style = """
    body { font-family: "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2em auto; max-width: 60em; padding: 0 1em; color: #222; line-height: 1.5; }
    h1 { font-size: 1.5em; margin-bottom: 0.2em; } h2 { font-size: 1.15em; border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 1.6em; }
    table.summary { border-collapse: collapse; width: 100%; }
    table.summary th, table.summary td { border-bottom: 1px solid #ddd; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
    table.summary thead th { background: #f3f3f3; } table.summary tfoot th, table.summary tfoot td { font-weight: bold; border-top: 2px solid #888; }
    .amount { text-align: right !important; white-space: nowrap; font-variant-numeric: tabular-nums; }
    details.clause { margin: 0.4em 0; padding: 0.3em 0.6em; border-left: 4px solid #bbb; background: #fafafa; }
    details.granted { border-left-color: #2a7d2a; } details.excluded { border-left-color: #c08a00; } details.refused { border-left-color: #b33; }
    details.undetermined, details.eligible { border-left-color: #4b6fb3; }
    summary { cursor: pointer; } .id { font-family: monospace; color: #555; } .result { font-weight: bold; }
    ol.steps { margin: 0.4em 0 0.2em; padding-left: 1.6em; } code.at { color: #777; font-size: 0.85em; }
    ol.steps code:not(.at), .note code { background: #eef; padding: 0 0.2em; border-radius: 3px; }
    .note { color: #8a3b00; } .total { font-weight: bold; } #questions li { margin: 0.2em 0; }
    @media print { body { margin: 0; max-width: none; font-size: 10pt; } details > summary { list-style: none; } details.clause { break-inside: avoid; } section.document { break-before: auto; } }
    """
}
