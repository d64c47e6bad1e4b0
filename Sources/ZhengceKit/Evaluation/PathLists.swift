/// The sorted path lists of the sets of missing facts an evaluator met last, so that a population
/// run, which meets the same few sets again and again, makes each list once: a list is then handed
/// out shared instead of being built, string by string, for every undetermined clause.
struct PathLists {
    static let places = 64
    /// Made at the first list (an evaluation of one applicant may need none).
    private var keys: [SIMD4<UInt64>?] = []
    private var lists: [[String]] = []

    /// `missing.paths(in: table)`, from the cache when the same set was listed last in its place.
    mutating func paths(_ missing: MissingFacts, in table: FactPaths) -> [String] {
        guard let words = missing.inlineWords else { return missing.paths(in: table) }
        let mixed = (words[0] ^ words[1] &* 0x9e37_79b9_7f4a_7c15 ^ words[2] &* 0xff51_afd7_ed55_8ccd ^ words[3] &* 0xc4ce_b9fe_1a85_ec53) &* 0x9e37_79b9_7f4a_7c15
        let place = Int(truncatingIfNeeded: mixed >> 58)
        if keys.isEmpty {
            keys = Array(repeating: nil, count: Self.places)
            lists = Array(repeating: [], count: Self.places)
        }
        if keys[place] == words { return lists[place] }
        let list = missing.paths(in: table)
        keys[place] = words
        lists[place] = list
        return list
    }
}
