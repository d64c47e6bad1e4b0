// Fuzz target `policy`: policy text through the lexer, parser, checker (with the deeper analyses)
// and formatter, and a policy that checks clean through evaluation. Properties: nothing traps;
// every diagnostic is located inside the input; applicants generated from a policy that checks
// clean are decided the same with and without a trace, by a population run's evaluator, and when
// read as `batch` reads them (keeping only the facts an evaluation may read); when
// the formatter accepts a file, its output parses to the same tree (spans ignored) without errors
// and formatting that output again changes nothing.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPolicy(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let input = text(data, size) else { return 0 }
    let source = SourceFile(path: "fuzz.policy", text: input)

    let (_, lexed) = Lexer.tokenize(source, keepComments: true)
    requireLocated(lexed.items, in: source, stage: "lexer")
    let (tree, parsed) = Parser.parse(source)
    requireLocated(parsed.items, in: source, stage: "parser")
    let loaded = Zhengce.load([source])
    requireLocated(loaded.diagnostics, in: source, stage: "checker")
    if let program = loaded.program { checkEvaluationPaths(program, loaded.trees) }

    let output: String
    do {
        output = try Formatter.format(source)
    } catch {
        if case .changedMeaning = error { violation("formatter: the output parses to a different tree") }
        return 0
    }
    let formatted = SourceFile(path: "fuzz.policy", text: output)
    let (again, diagnostics) = Parser.parse(formatted)
    if !Formatter.blocking(diagnostics).isEmpty { violation("formatter: the output has syntax errors: \(diagnostics.items.map(\.message))") }
    if again != tree { violation("formatter: the output parses to a different tree") }
    let twice: String
    do {
        twice = try Formatter.format(formatted)
    } catch {
        violation("formatter: its own output is refused: \(error)")
    }
    if twice != output { violation("formatter: formatting twice changes the text") }
    return 0
}
