/// Quick fixes for the diagnostics in the requested range that carry one.
enum CodeActions {
    static func answer(_ context: DocumentContext) -> JSONOut {
        guard let start = context.params?.at("range", "start")?.position?.offset(in: context.file),
              let end = context.params?.at("range", "end")?.position?.offset(in: context.file) else { return .array([]) }
        let diagnostics = (context.analysis.diagnostics[context.path] ?? []).filter { $0.span.start <= end && start <= $0.span.end }
        return .array(diagnostics.compactMap { diagnostic in
            guard let fix = diagnostic.fix else { return nil }
            let edit: JSONOut = .object([("changes", .object([(context.uri, .array([RPC.textEdit(fix.span, fix.text)]))]))])
            return .object([
                ("title", .string(fix.title)),
                ("kind", .string("quickfix")),
                ("diagnostics", .array([Diagnostics.json(diagnostic, context.analysis, uri: context.uri(of:))])),
                ("isPreferred", .bool(true)),
                ("edit", edit),
            ])
        })
    }
}
