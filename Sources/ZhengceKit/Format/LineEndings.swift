/// Line endings other than the `\n` the formatter writes. A file saved with Windows line
/// endings (CRLF) differs from its formatted text on every line, and a line diff of it shows
/// every line removed and added again; `fmt --check` says what is wrong instead.
public enum LineEndings {
    /// The 1-based numbers of the lines that end in `\r\n` or a lone `\r`.
    public static func carriageReturnLines(_ text: String) -> [Int] { scan(text).lines }

    /// The lines ending in a carriage return, and the number of line breaks of any kind.
    private static func scan(_ text: String) -> (lines: [Int], breaks: Int) {
        var lines: [Int] = []
        var line = 1
        var previousWasReturn = false
        for scalar in text.unicodeScalars {
            if scalar == "\r" {
                lines.append(line)
                line += 1
                previousWasReturn = true
                continue
            }
            if scalar == "\n" && !previousWasReturn { line += 1 }
            previousWasReturn = false
        }
        return (lines, line - 1)
    }

    /// The text with every `\r\n` and lone `\r` turned into `\n`.
    public static func normalized(_ text: String) -> String {
        String(String.UnicodeScalarView(normalizedScalars(text)))
    }

    private static func normalizedScalars(_ text: String) -> [Unicode.Scalar] {
        var scalars: [Unicode.Scalar] = []
        var previousWasReturn = false
        for scalar in text.unicodeScalars {
            if scalar == "\r" {
                scalars.append("\n")
                previousWasReturn = true
                continue
            }
            if !(scalar == "\n" && previousWasReturn) { scalars.append(scalar) }
            previousWasReturn = false
        }
        return scalars
    }

    /// What `fmt --check` says about a file whose line endings are not `\n`, or nil when they
    /// all are: which lines, and the diff of what else would change, if anything.
    public static func checkReport(_ original: String, formatted: String, path: String) -> String? {
        let (lines, total) = scan(original)
        guard let first = lines.first else { return nil }
        let which = lines.count == total ? "every line (\(lines.count))" : "\(lines.count) line\(lines.count == 1 ? "" : "s"), the first at line \(first)"
        var report = "\(path): line endings: the file uses Windows line endings (CRLF) on \(which); policy files use \\n (LF). `zhengce fmt --write \(path)` converts them."
        let rest = normalized(original)
        if rest != formatted {
            report += "\n" + LineDiff.unified(rest, formatted, path: path)
        }
        return report
    }
}
