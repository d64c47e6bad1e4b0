/// The facts of one applicant, read against the declared fact types.
public struct Applicant: Sendable {
    public var name: String?
    public var asOf: Day?
    public var facts: [String: Value]
    /// Amounts already received under cumulative caps, by full clause id.
    public var priorReceived: [String: ExactDecimal]
    public var warnings: [String] = []
    /// The same warnings with their places in the input, for printing like compiler warnings.
    public var notices: [Diagnostic] = []

    public init(name: String? = nil, asOf: Day? = nil, facts: [String: Value] = [:], priorReceived: [String: ExactDecimal] = [:]) {
        self.name = name
        self.asOf = asOf
        self.facts = facts
        self.priorReceived = priorReceived
    }
}
