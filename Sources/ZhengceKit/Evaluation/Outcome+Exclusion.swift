extension ClauseOutcome {
    /// How an excluded clause came to be excluded; written `excluded_how` in the JSON reports.
    public enum Exclusion: String, Sendable, CaseIterable {
        /// Lost a take-the-highest rule (`exclusive highest`).
        case highest
        /// Not the one recommended under a choose-one rule (`exclusive choice`).
        case choice
        /// Ruled out by a clause that takes precedence (`exclusive A over { … }`).
        case precedence
        /// Left nothing by a shared cap (`shared cap … reduce …`).
        case sharedCap = "shared_cap"
    }

    /// nil unless the status is `excluded`.
    public var exclusion: Exclusion? {
        guard status == .excluded else { return nil }
        if excludedByPrecedence { return .precedence }
        if reducedBy != nil { return .sharedCap }
        return excludedByChoice ? .choice : .highest
    }
}
