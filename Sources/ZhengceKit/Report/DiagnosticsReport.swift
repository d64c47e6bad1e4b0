/// Diagnostics as JSON (`zhengce.diagnostics` version 1), GitHub annotations and SARIF 2.1.0.
public enum DiagnosticsReport {
    public static func json(_ diagnostics: [Diagnostic]) -> String {
        let items: [JSONOut] = diagnostics.map { item in
            .object([
                ("path", .string(item.path)),
                ("line", .int(item.line)),
                ("column", .int(item.column)),
                ("severity", .string(item.severity.rawValue)),
                ("code", .string(item.code.rawValue)),
                ("message", .string(item.message)),
                ("help", item.help.map(JSONOut.string) ?? .null),
            ])
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        return JSONOut.object([
            ("format", .string("zhengce.diagnostics")),
            ("version", .int(1)),
            ("errors", .int(errors)),
            ("warnings", .int(diagnostics.count - errors)),
            ("diagnostics", .array(items)),
        ]).rendered()
    }

    public static func github(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { item in
            let message = "\(item.code.rawValue): \(item.message)" + (item.help.map { " (help: \($0))" } ?? "")
            return "::\(item.severity.rawValue) file=\(item.path),line=\(item.line),col=\(item.column),title=\(item.code.title)::\(escape(message))"
        }.joined(separator: "\n")
    }

    static func escape(_ text: String) -> String {
        text.replacingAll("%", with: "%25").replacingAll("\r", with: "%0D").replacingAll("\n", with: "%0A")
    }

    public static func sarif(_ diagnostics: [Diagnostic]) -> String {
        let rules: [JSONOut] = DiagnosticCode.allCases.map { code in
            .object([
                ("id", .string(code.rawValue)),
                ("name", .string(code.title)),
                ("shortDescription", .object([("text", .string(code.title))])),
                ("helpUri", .string("docs/diagnostics.md#\(code.rawValue.lowercased())")),
                ("defaultConfiguration", .object([("level", .string(code.defaultSeverity.rawValue))])),
            ])
        }
        let results: [JSONOut] = diagnostics.map { item in
            var members: [(String, JSONOut)] = [
                ("ruleId", .string(item.code.rawValue)),
                ("level", .string(item.severity.rawValue)),
                ("message", .object([("text", .string(item.message + (item.help.map { " (help: \($0))" } ?? "")))])),
            ]
            members.append(("locations", .array([.object([("physicalLocation", .object([
                ("artifactLocation", .object([("uri", .string(item.path))])),
                ("region", .object([("startLine", .int(max(1, item.line))), ("startColumn", .int(max(1, item.column)))])),
            ]))])])))
            return .object(members)
        }
        return JSONOut.object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", .object([
                    ("name", .string("zhengce")),
                    ("informationUri", .string("docs/diagnostics.md")),
                    ("rules", .array(rules)),
                ]))])),
                ("results", .array(results)),
            ])])),
        ]).rendered()
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
