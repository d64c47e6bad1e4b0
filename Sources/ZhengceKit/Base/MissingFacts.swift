/// The fact paths a compiled program can name as missing when it compiles: every fact's path and
/// every declared field of a record fact (`sci_tech_insurance.premium`). Each has a small id, and
/// ids follow the paths' string order, so facts listed by id are listed sorted.
public struct FactPaths: Sendable {
    /// INVARIANT: sorted and without repeats; a path's id is its index.
    public let paths: [String]
    private let ids: [String: Int]

    /// The table of `paths`, repeats taken once.
    public init(_ paths: some Sequence<String>) {
        self.paths = Array(Set(paths)).sorted()
        ids = Dictionary(uniqueKeysWithValues: self.paths.enumerated().map { ($1, $0) })
    }

    /// The id of `path`, or nil when the program does not know it ahead (an item of a list, a
    /// position beyond a list).
    public func id(of path: String) -> Int? { ids[path] }
}

/// Facts needed and not given, as an evaluated value carries them: ids of `FactPaths` in an
/// inline bitset (no allocation, no reference counting), and only the rare paths outside it (list
/// items, or ids beyond the inline words) as strings.
public struct MissingFacts: Hashable, Sendable {
    /// How many ids the inline words hold.
    public static let inlineCapacity = 256

    private var word0: UInt64 = 0, word1: UInt64 = 0, word2: UInt64 = 0, word3: UInt64 = 0
    /// INVARIANT: nil rather than empty, and never a path whose id is below `inlineCapacity`, so
    /// that each set of facts has one form and the derived equality and hash are right.
    private var others: Set<String>?

    /// No fact.
    public init() {}

    /// The fact with `id` in `table` (an index of `table.paths`).
    init(id: Int, in table: FactPaths) {
        if id < Self.inlineCapacity {
            setBit(id)
        } else {
            others = [table.paths[id]]
        }
    }

    /// The fact at `path`, by its id when `table` has one.
    public init(path: String, in table: FactPaths) {
        if let id = table.id(of: path) {
            self.init(id: id, in: table)
        } else {
            self.init()
            others = [path]
        }
    }

    /// The facts at `paths`.
    public init(paths: some Sequence<String>, in table: FactPaths) {
        for path in paths { formUnion(MissingFacts(path: path, in: table)) }
    }

    /// The inline words of facts that all have ids below `inlineCapacity`, nil when any has
    /// none: a key that names the set in four words, for caches of what is made from it.
    var inlineWords: SIMD4<UInt64>? {
        others == nil ? SIMD4(word0, word1, word2, word3) : nil
    }

    /// Whether no fact is missing.
    public var isEmpty: Bool { word0 | word1 | word2 | word3 == 0 && others == nil }

    /// Adds the facts of `other`.
    public mutating func formUnion(_ other: MissingFacts) {
        word0 |= other.word0
        word1 |= other.word1
        word2 |= other.word2
        word3 |= other.word3
        if let more = other.others { others = others.map { $0.union(more) } ?? more }
    }

    /// The facts of both.
    public func union(_ other: MissingFacts) -> MissingFacts {
        var result = self
        result.formUnion(other)
        return result
    }

    /// The paths, sorted as strings (`Set<String>.sorted()` gives the same list).
    public func paths(in table: FactPaths) -> [String] {
        var result: [String] = []
        result.reserveCapacity(word0.nonzeroBitCount + word1.nonzeroBitCount + word2.nonzeroBitCount + word3.nonzeroBitCount + (others?.count ?? 0))
        Self.append(word0, from: 0, table, to: &result)
        Self.append(word1, from: 64, table, to: &result)
        Self.append(word2, from: 128, table, to: &result)
        Self.append(word3, from: 192, table, to: &result)
        guard let others else { return result }
        result += others
        result.sort()
        return result
    }

    /// Appends the paths of the ids set in `word`, the first of which is `first`, in id order.
    private static func append(_ word: UInt64, from first: Int, _ table: FactPaths, to result: inout [String]) {
        var bits = word
        while bits != 0 {
            result.append(table.paths[first + bits.trailingZeroBitCount])
            bits &= bits - 1
        }
    }

    private mutating func setBit(_ id: Int) {
        let bit = UInt64(1) << UInt64(id % 64)
        switch id / 64 {
        case 0: word0 |= bit
        case 1: word1 |= bit
        case 2: word2 |= bit
        default: word3 |= bit
        }
    }
}
