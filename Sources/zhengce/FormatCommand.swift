enum FormatCommand {
    static let help = "usage: zhengce fmt [PATH]..."
    static func run(_ raw: [String]) throws -> ExitCode { .usage }
}
