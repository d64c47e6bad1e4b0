/// Renders diagnostics the way compilers do:
///
///     policies/yz2025.policy:12:8: error[Z101]: unknown fact `premum`
///        |
///     12 |   when premum > 10万
///        |        ^^^^^^
///        = help: did you mean `premium`?
public enum DiagnosticRenderer {
    public static func text(_ diagnostic: Diagnostic) -> String {
        var lines = ["\(diagnostic.path):\(diagnostic.line):\(diagnostic.column): \(diagnostic.severity.rawValue)[\(diagnostic.code.rawValue)]: \(diagnostic.message)"]
        if let file = diagnostic.span.file {
            let (line, column) = file.position(of: diagnostic.span.start)
            let source = file.line(line)
            let gutter = String(repeating: " ", count: String(line).count)
            let sourceScalars = Array(source.unicodeScalars)
            let prefixWidth = displayWidth(sourceScalars.prefix(column - 1))
            let lineEnd = diagnostic.span.start + (sourceScalars.count - (column - 1))
            let underlinedCount = min(diagnostic.span.end, lineEnd) - diagnostic.span.start
            let underlined = sourceScalars.dropFirst(column - 1).prefix(max(1, underlinedCount))
            let caretWidth = max(1, displayWidth(underlined))
            lines.append("\(gutter) |")
            lines.append("\(line) | \(source)")
            lines.append("\(gutter) | \(String(repeating: " ", count: prefixWidth))\(String(repeating: "^", count: caretWidth))")
            if let help = diagnostic.help { lines.append("\(gutter) = help: \(help)") }
        } else if let help = diagnostic.help {
            lines.append("  = help: \(help)")
        }
        return lines.joined(separator: "\n")
    }

    /// Terminal columns: CJK and full-width characters take two, so carets line up under Chinese text.
    public static func displayWidth<S: Sequence>(_ scalars: S) -> Int where S.Element == Unicode.Scalar {
        scalars.reduce(0) { $0 + width(of: $1) }
    }

    static func width(of scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    public static func summary(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        return "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
    }
}
