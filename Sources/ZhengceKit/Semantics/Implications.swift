/// The `implied by` declarations of a program's facts in the order they are applied to an
/// applicant, which both readers of applicants share (`ApplicantReader`, `BoundLineReader`).
///
/// A bool implied by a fact that is itself implied comes after that fact's own implication
/// (`a implied by b`, `b implied by certificate`: `b` first, whatever the names), so that one pass
/// reaches the end of every chain. Declarations that imply one another in a circle come last, in
/// name order, and `circular` tells the readers to pass again until nothing changes.
///
/// What an implication means is the same on both paths: when the implying fact is given the bool
/// is true, unless the implying fact is itself a bool given as `false` (a no implies nothing).
public struct Implications: Sendable {
    public let order: [(implied: String, implying: String)]
    public let circular: Bool

    public init(_ facts: [String: FactInfo]) {
        var pending = facts.values.compactMap { info in info.impliedBy.map { (implied: info.name, implying: $0) } }
            .sorted { $0.implied < $1.implied }
        var order: [(implied: String, implying: String)] = []
        order.reserveCapacity(pending.count)
        while !pending.isEmpty {
            // Ready: an implication whose implying fact no pending implication still has to set.
            let waiting = Set(pending.map(\.implied))
            let ready = pending.filter { !waiting.contains($0.implying) }
            guard !ready.isEmpty else { break }
            order += ready
            pending.removeAll { !waiting.contains($0.implying) }
        }
        circular = !pending.isEmpty
        self.order = order + pending
    }
}
