/// Line endings other than the `\n` the formatter writes. A file saved with Windows line
/// endings (CRLF) or old Mac ones (a lone CR) differs from its formatted text on every line, and a
/// line diff of it shows every line removed and added again; `fmt --check` says what is wrong
/// instead.
public enum LineEndings {
    /// The 1-based numbers of the lines that end in `\r\n` or a lone `\r`.
    public static func carriageReturnLines(_ text: String) -> [Int] {
        let found = scan(text)
        return (found.crlf + found.cr).sorted()
    }

    /// The lines ending in `\r\n`, those ending in a lone `\r`, and the number of line breaks of
    /// any kind.
    private static func scan(_ text: String) -> (crlf: [Int], cr: [Int], breaks: Int) {
        var crlf: [Int] = [], cr: [Int] = []
        var line = 1
        var previousWasReturn = false
        for scalar in text.unicodeScalars {
            if previousWasReturn {
                // The line before ended at the `\r`; this scalar says how.
                if scalar == "\n" { crlf.append(line - 1) } else { cr.append(line - 1) }
            }
            if scalar == "\r" {
                line += 1
                previousWasReturn = true
                continue
            }
            if scalar == "\n" && !previousWasReturn { line += 1 }
            previousWasReturn = false
        }
        if previousWasReturn { cr.append(line - 1) }
        return (crlf, cr, line - 1)
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
    /// all are: which endings (CRLF, a lone CR, or both) on which lines, and the diff of what else
    /// would change, if anything.
    public static func checkReport(_ original: String, formatted: String, path: String) -> String? {
        let (crlf, cr, total) = scan(original)
        guard !crlf.isEmpty || !cr.isEmpty else { return nil }
        func lines(_ numbers: [Int]) -> String {
            "\(numbers.count) line\(numbers.count == 1 ? "" : "s"), the first at line \(numbers[0])"
        }
        let windows = "Windows line endings (CRLF)", mac = "old Mac line endings (CR alone)"
        let which: String
        if cr.isEmpty || crlf.isEmpty {
            let found = cr.isEmpty ? crlf : cr
            which = "\(cr.isEmpty ? windows : mac) on " + (found.count == total ? "every line (\(total))" : lines(found))
        } else {
            let both = "\(windows) on \(lines(crlf)), and \(mac) on \(lines(cr))"
            which = crlf.count + cr.count == total ? "line endings other than LF on every line (\(total)): \(both)" : both
        }
        var report = "\(path): line endings: the file uses \(which); policy files use \\n (LF). `zhengce fmt --write \(path)` converts them."
        let rest = normalized(original)
        if rest != formatted {
            report += "\n" + LineDiff.unified(rest, formatted, path: path)
        }
        return report
    }
}
