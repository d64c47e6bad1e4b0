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

/// Facts needed and not given, as an evaluated value carries them: ids of `FactPaths` in bitsets
/// (no allocation, no reference counting for the first 128 ids), and only the rare paths outside
/// them (list items, or ids beyond `inlineCapacity`) as strings. The value is three words, so that
/// an unknown `Cell` is no larger than a number: ids from 128 up, and paths kept as strings, are
/// held in a shared, unchanging `More`, made only when a set has any.
public struct MissingFacts: Hashable, Sendable {
    /// How many ids have a bit of their own: 128 in the value itself, 128 more in `More`.
    public static let inlineCapacity = 256

    private var word0: UInt64 = 0, word1: UInt64 = 0
    /// INVARIANT: nil rather than empty, so that each set of facts has one form and the equality
    /// and hash below are right.
    private var more: More?

    /// Ids 128 to 255, and paths as strings. Never changed once made: a set that adds to it makes
    /// another.
    final class More: Sendable {
        let word2: UInt64, word3: UInt64
        /// INVARIANT: nil rather than empty, and never a path whose id is below `inlineCapacity`.
        let others: Set<String>?

        init(word2: UInt64, word3: UInt64, others: Set<String>?) {
            self.word2 = word2
            self.word3 = word3
            self.others = others
        }

        /// Whether every fact of `other` is in this one.
        func contains(_ other: More) -> Bool {
            other.word2 & ~word2 == 0 && other.word3 & ~word3 == 0 && (other.others.map { $0.isSubset(of: others ?? []) } ?? true)
        }

        func union(_ other: More) -> More {
            if self === other || contains(other) { return self }
            if other.contains(self) { return other }
            let paths = others.map { $0.union(other.others ?? []) } ?? other.others
            return More(word2: word2 | other.word2, word3: word3 | other.word3, others: paths)
        }

        static func == (left: More, right: More) -> Bool {
            left === right || (left.word2 == right.word2 && left.word3 == right.word3 && left.others == right.others)
        }
    }

    /// No fact.
    public init() {}

    /// The fact with `id` in `table` (an index of `table.paths`).
    init(id: Int, in table: FactPaths) {
        switch id {
        case 0..<64: word0 = UInt64(1) << UInt64(id)
        case 64..<128: word1 = UInt64(1) << UInt64(id - 64)
        case 128..<192: more = More(word2: UInt64(1) << UInt64(id - 128), word3: 0, others: nil)
        case 192..<Self.inlineCapacity: more = More(word2: 0, word3: UInt64(1) << UInt64(id - 192), others: nil)
        default: more = More(word2: 0, word3: 0, others: [table.paths[id]])
        }
    }

    /// The fact at `path`, by its id when `table` has one.
    public init(path: String, in table: FactPaths) {
        if let id = table.id(of: path) {
            self.init(id: id, in: table)
        } else {
            self.init()
            more = More(word2: 0, word3: 0, others: [path])
        }
    }

    /// The facts at `paths`.
    public init(paths: some Sequence<String>, in table: FactPaths) {
        for path in paths { formUnion(MissingFacts(path: path, in: table)) }
    }

    /// The four words of ids of a set without paths kept as strings, nil when it has any: a key
    /// that names the set in four words, for caches of what is made from it.
    var inlineWords: SIMD4<UInt64>? {
        guard let more else { return SIMD4(word0, word1, 0, 0) }
        return more.others == nil ? SIMD4(word0, word1, more.word2, more.word3) : nil
    }

    /// Whether no fact is missing.
    public var isEmpty: Bool { word0 | word1 == 0 && more == nil }

    /// Adds the facts of `other`.
    public mutating func formUnion(_ other: MissingFacts) {
        word0 |= other.word0
        word1 |= other.word1
        if let theirs = other.more { more = more.map { $0.union(theirs) } ?? theirs }
    }

    /// The facts of both.
    public func union(_ other: MissingFacts) -> MissingFacts {
        var result = self
        result.formUnion(other)
        return result
    }

    public static func == (left: MissingFacts, right: MissingFacts) -> Bool {
        guard left.word0 == right.word0 && left.word1 == right.word1 else { return false }
        switch (left.more, right.more) {
        case (nil, nil): return true
        case (let a?, let b?): return a == b
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(word0)
        hasher.combine(word1)
        hasher.combine(more?.word2 ?? 0)
        hasher.combine(more?.word3 ?? 0)
        hasher.combine(more?.others)
    }

    /// The paths, sorted as strings (`Set<String>.sorted()` gives the same list).
    public func paths(in table: FactPaths) -> [String] {
        var result: [String] = []
        let word2 = more?.word2 ?? 0, word3 = more?.word3 ?? 0, others = more?.others
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
}
