import ZhengceKit

enum EvalCommand {
    static let help = """
    usage: zhengce eval [--policies PATH]... [--as-of YYYY-MM-DD] [--format text|html|json] [--lang zh|en] [--verbose] APPLICANT.json

    Evaluates an applicant's facts (JSON; `-` reads standard input) against the policies and
    reports, per document and clause, what is granted and why.

      --policies PATH   a .policy file or a folder of them (repeatable); without it:
                        $ZHENGCE_POLICIES, else ./policies, else the installed policies
      --as-of DATE      evaluation date; overrides the applicant's `as_of` (default: today)
      --format FORMAT   `text` for people (default): a summary table and the total, then why, clause
                        by clause; `html`: the same as one self-contained page (print it or open it
                        in a browser); `json`: for programs (zhengce.evaluation, version 1)
      --lang LANG       the words of the text and HTML reports: `zh` (default) or `en`
      --verbose         the whole trace of every clause, with formulas in full

    exit codes: 0 evaluated · 1 the policies have errors · 2 usage error, unreadable or malformed input
                · 3 arithmetic failed (overflow, division by zero); the report is printed and the failures named
    """

    static func run(_ raw: [String]) throws -> ExitCode {
        let arguments = try Arguments(raw, valued: ["--policies", "--as-of", "--format", "--lang"], flags: ["--verbose", "--help"])
        if arguments.has("--help") {
            print(help)
            return .ok
        }
        let format = try Common.format(arguments, allowed: ["text", "html", "json"])
        let language = try language(arguments)
        guard arguments.positionals.count == 1 else {
            throw Arguments.UsageError(message: arguments.positionals.isEmpty ? "give the applicant file (or `-` for standard input)" : "give one applicant file")
        }
        let asOf = try Common.asOf(arguments)
        guard let program = try Common.loadProgram(arguments.values("--policies")) else { return .wanting }
        let source = try Common.readInput(arguments.positionals[0])
        let applicant: Applicant
        do {
            applicant = try ApplicantReader.read(source, program: program)
        } catch {
            for diagnostic in error.diagnostics { standardError(DiagnosticRenderer.text(diagnostic) + "\n") }
            if ApplicantReader.looksLikePopulation(arguments.positionals[0], error) {
                standardError("note: `eval` reads one applicant, a JSON object; a file of applicants, one per line (JSON Lines) or one per row (CSV), is read by `zhengce batch \(arguments.positionals[0])`\n")
            }
            return .usage
        }
        for notice in applicant.notices { standardError(DiagnosticRenderer.text(notice) + "\n") }
        let evaluation = Zhengce.evaluate(program, applicant, asOf: asOf)
        let verbose = arguments.has("--verbose")
        switch format {
        case "json": print(EvaluationReport.json(evaluation, program: program))
        case "html": print(EvaluationReport.html(evaluation, program: program, verbose: verbose, language: language), terminator: "")
        default: print(EvaluationReport.text(evaluation, program: program, verbose: verbose, language: language))
        }
        for failure in evaluation.failures { standardError("error: \(failure)\n") }
        return evaluation.failures.isEmpty ? .ok : .failed
    }

    static func language(_ arguments: Arguments) throws -> ReportLanguage {
        guard let code = arguments.value("--lang") else { return .chinese }
        guard let language = ReportLanguage(rawValue: code) else {
            throw Arguments.UsageError(message: "unknown language `\(code)` for --lang; use one of: " + ReportLanguage.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return language
    }
}
