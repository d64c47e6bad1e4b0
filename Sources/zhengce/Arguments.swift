import ZhengceKit

/// A small command-line reader: `--flag`, `--option value`, `--option=value`, positionals.
struct Arguments {
    private(set) var positionals: [String] = []
    private var options: [String: [String]] = [:]
    private var flags: Set<String> = []

    struct UsageError: Error {
        let message: String
    }

    /// `valued` names the options that take a value; anything else starting with `--` is a flag.
    init(_ raw: [String], valued: Set<String>, flags known: Set<String>) throws {
        var index = 0
        var onlyPositionals = false
        while index < raw.count {
            let argument = raw[index]
            index += 1
            if onlyPositionals || argument == "-" || !argument.hasPrefix("-") {
                positionals.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositionals = true
                continue
            }
            // `-h` is `--help`, the one short option, for every command that has help.
            var name = argument == "-h" && known.contains("--help") ? "--help" : argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            if valued.contains(name) {
                guard let value = inlineValue ?? (index < raw.count ? raw[index] : nil) else {
                    throw UsageError(message: "`\(name)` needs a value")
                }
                if inlineValue == nil { index += 1 }
                options[name, default: []].append(value)
            } else if known.contains(name) {
                flags.insert(name)
            } else {
                let all = Array(valued) + Array(known)
                let hint = (Self.longForm(of: name, among: all) ?? Suggest.closest(to: name, among: all)).map { "; did you mean `\($0)`?" } ?? ""
                throw UsageError(message: "unknown option `\(name)`\(hint)")
            }
        }
    }

    /// Options are long (but `-h`): a short one (`-w`, `-j`) names the one option whose long name
    /// starts with its letter, if exactly one does.
    static func longForm(of name: String, among options: [String]) -> String? {
        guard name.count == 2, name.hasPrefix("-"), let letter = name.last, letter.isLetter else { return nil }
        let matching = options.filter { $0.hasPrefix("--\(letter)") }
        return matching.count == 1 ? matching[0] : nil
    }

    func value(_ name: String) -> String? { options[name]?.last }

    /// The whole number option `name` gives, within `range`; nil when it is not given. Anything
    /// else is a usage error that names the range (`from 1 to 256`, or `of at least 1` when the
    /// range has no upper end).
    func wholeNumber(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text), range.contains(number) else {
            let bounds = range.upperBound == Int.max ? "of at least \(range.lowerBound)" : "from \(range.lowerBound) to \(range.upperBound)"
            throw UsageError(message: "`\(name)` needs a whole number \(bounds), not `\(text)`")
        }
        return number
    }
    func values(_ name: String) -> [String] { options[name] ?? [] }
    func has(_ flag: String) -> Bool { flags.contains(flag) }
}
