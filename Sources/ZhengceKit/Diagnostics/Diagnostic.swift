/// A problem found in a policy file or an input, with its place and, where known, the fix.
public struct Diagnostic: Sendable, Hashable {
    public enum Severity: String, Sendable, Comparable {
        /// A note says what the checker took as read; it never fails a check, even with
        /// `--deny-warnings`.
        case error, warning, note

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

        var rank: Int {
            switch self {
            case .error: return 0
            case .warning: return 1
            case .note: return 2
            }
        }
    }

    public let code: DiagnosticCode
    public let severity: Severity
    public let message: String
    public let span: Span
    public let help: String?

    public init(_ code: DiagnosticCode, _ message: String, at span: Span, help: String? = nil, severity: Severity? = nil) {
        self.code = code
        self.message = message
        self.span = span
        self.help = help
        self.severity = severity ?? code.defaultSeverity
    }

    public var path: String { span.file?.path ?? "<input>" }
    public var line: Int { span.line }
    public var column: Int { span.column }
}

/// Collects diagnostics from one stage; a stage reports errors through it instead of stopping.
public struct DiagnosticBag: Sendable {
    public private(set) var items: [Diagnostic] = []
    /// What `items` holds, for a duplicate check in constant time (a file full of mistakes stays linear).
    private var seen: Set<Diagnostic> = []

    public init() {}

    public mutating func add(_ diagnostic: Diagnostic) {
        if seen.insert(diagnostic).inserted { items.append(diagnostic) }
    }

    public mutating func add(_ code: DiagnosticCode, _ message: String, at span: Span, help: String? = nil) {
        add(Diagnostic(code, message, at: span, help: help))
    }

    public mutating func append(contentsOf other: DiagnosticBag) {
        for item in other.items { add(item) }
    }

    public var hasErrors: Bool { items.contains { $0.severity == .error } }

    /// Sorted by file, then position, then code: the order every output format uses.
    public var sorted: [Diagnostic] {
        items.sorted {
            ($0.path, $0.span.start, $0.code.rawValue) < ($1.path, $1.span.start, $1.code.rawValue)
        }
    }
}
