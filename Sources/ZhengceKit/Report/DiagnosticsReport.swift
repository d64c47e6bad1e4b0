/// Diagnostics as JSON (`zhengce.diagnostics` version 1), GitHub annotations and SARIF 2.1.0.
/// Each lists at most `limit` diagnostics (`check --max-errors`) and says how many it left out;
/// the JSON's counts are of every diagnostic found.
public enum DiagnosticsReport {
    public static func json(_ diagnostics: [Diagnostic], limit: Int = .max) -> String {
        let items: [JSONOut] = diagnostics.prefix(limit).map { item in
            .object([
                ("path", .string(item.path)),
                ("line", .int(item.line)),
                ("column", .int(item.column)),
                ("severity", .string(item.severity.rawValue)),
                ("code", .string(item.code.rawValue)),
                ("message", .string(item.message)),
                ("help", item.help.map(JSONOut.string) ?? .null),
                ("fix", item.fix.map(fixJSON) ?? .null),
            ])
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let notes = diagnostics.filter { $0.severity == .note }.count
        return JSONOut.object([
            ("format", .string("zhengce.diagnostics")),
            ("version", .int(1)),
            ("errors", .int(errors)),
            ("warnings", .int(diagnostics.count - errors - notes)),
            ("notes", .int(notes)),
            ("diagnostics", .array(items)),
        ]).rendered()
    }

    /// `{"title", "line", "column", "end_line", "end_column", "text"}`: `text` in place of the
    /// characters from line:column up to, not including, end_line:end_column.
    static func fixJSON(_ fix: DiagnosticFix) -> JSONOut {
        let (start, end) = fix.span.positions
        return .object([
            ("title", .string(fix.title)),
            ("line", .int(start.line)), ("column", .int(start.column)),
            ("end_line", .int(end.line)), ("end_column", .int(end.column)),
            ("text", .string(fix.text)),
        ])
    }

    public static func github(_ diagnostics: [Diagnostic], limit: Int = .max) -> String {
        let annotations = diagnostics.prefix(limit).map { item in
            let message = "\(item.code.rawValue): \(item.message)" + (item.help.map { " (help: \($0))" } ?? "")
            return "::\(item.severity == .note ? "notice" : item.severity.rawValue) file=\(escapeProperty(item.path)),line=\(item.line),col=\(item.column),title=\(escapeProperty(item.code.title))::\(escape(message))"
        }
        return (annotations + [notShown(diagnostics, limit: limit).map { "::notice::\($0)" }].compactMap { $0 }).joined(separator: "\n")
    }

    /// What a report limited to `limit` diagnostics leaves out, in words; nil when nothing.
    public static func notShown(_ diagnostics: [Diagnostic], limit: Int) -> String? {
        guard diagnostics.count > limit else { return nil }
        return "\(diagnostics.count - limit) more not shown (--max-errors \(limit))"
    }

    /// The message part of a GitHub workflow command: `%`, CR and LF are encoded.
    static func escape(_ text: String) -> String {
        text.replacingAll("%", with: "%25").replacingAll("\r", with: "%0D").replacingAll("\n", with: "%0A")
    }

    /// A property value (`file=…`) of a GitHub workflow command: also `:` and `,`, which would
    /// otherwise end the property list or the value (a path `a,b::c.policy`).
    static func escapeProperty(_ text: String) -> String {
        escape(text).replacingAll(":", with: "%3A").replacingAll(",", with: "%2C")
    }

    /// A path as a SARIF `uri` (RFC 3986): an absolute path becomes a `file://` URI; every byte
    /// outside the unreserved and sub-delimiter characters, `/` and `@` is percent-encoded (so a
    /// space is `%20`, `%` is `%25`, and `:` is `%3A`, which in a relative path would otherwise read
    /// as a scheme).
    static func uri(_ path: String) -> String {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=@/".utf8)
        var encoded = ""
        for byte in path.utf8 {
            if allowed.contains(byte) {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                encoded += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return path.hasPrefix("/") ? "file://" + encoded : encoded
    }

    /// A span as a SARIF region: its first character and the one just after it.
    static func region(_ span: Span) -> [(String, JSONOut)] {
        let (start, end) = span.positions
        return [("startLine", .int(max(1, start.line))), ("startColumn", .int(max(1, start.column))),
                ("endLine", .int(max(1, end.line))), ("endColumn", .int(max(1, end.column)))]
    }

    public static func sarif(_ diagnostics: [Diagnostic], limit: Int = .max) -> String {
        let rules: [JSONOut] = DiagnosticCode.allCases.map { code in
            .object([
                ("id", .string(code.rawValue)),
                ("name", .string(code.title)),
                ("shortDescription", .object([("text", .string(code.title))])),
                ("helpUri", .string("docs/diagnostics.md#\(code.rawValue.lowercased())")),
                ("defaultConfiguration", .object([("level", .string(code.defaultSeverity.rawValue))])),
            ])
        }
        let results: [JSONOut] = diagnostics.prefix(limit).map { item in
            var members: [(String, JSONOut)] = [
                ("ruleId", .string(item.code.rawValue)),
                ("level", .string(item.severity.rawValue)),
                ("message", .object([("text", .string(item.message + (item.help.map { " (help: \($0))" } ?? "")))])),
            ]
            members.append(("locations", .array([.object([("physicalLocation", .object([
                ("artifactLocation", .object([("uri", .string(uri(item.path)))])),
                ("region", .object(region(item.span))),
            ]))])])))
            if let fix = item.fix {
                members.append(("fixes", .array([.object([
                    ("description", .object([("text", .string(fix.title))])),
                    ("artifactChanges", .array([.object([
                        ("artifactLocation", .object([("uri", .string(uri(item.path)))])),
                        ("replacements", .array([.object([
                            ("deletedRegion", .object(region(fix.span))),
                            ("insertedContent", .object([("text", .string(fix.text))])),
                        ])])),
                    ])])),
                ])])))
            }
            return .object(members)
        }
        var run: [(String, JSONOut)] = [
            ("tool", .object([("driver", .object([
                ("name", .string("zhengce")),
                ("informationUri", .string("docs/diagnostics.md")),
                ("rules", .array(rules)),
            ]))])),
        ]
        // SARIF's place for what the tool says about its own run, here that results were left out.
        if let note = notShown(diagnostics, limit: limit) {
            run.append(("invocations", .array([.object([
                ("executionSuccessful", .bool(true)),
                ("toolExecutionNotifications", .array([.object([("level", .string("note")), ("message", .object([("text", .string(note))]))])])),
            ])])))
        }
        // Columns count characters (Unicode scalars), as every report does.
        run += [("columnKind", .string("unicodeCodePoints")), ("results", .array(results))]
        return JSONOut.object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object(run)])),
        ]).rendered()
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
