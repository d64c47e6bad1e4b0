/// `textDocument/formatting`: the file as `zhengce fmt` writes it, as one edit. A file with
/// syntax errors is left as it is (its diagnostics say why).
enum Formatting {
    static func answer(_ context: DocumentContext) -> JSONOut {
        guard let formatted = try? Formatter.format(context.file), formatted != context.file.text else { return .array([]) }
        let whole = Span(file: context.file, start: 0, end: context.file.scalars.count)
        return .array([RPC.textEdit(whole, formatted)])
    }
}
