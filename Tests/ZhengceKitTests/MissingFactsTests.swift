import Testing
@testable import ZhengceKit

/// The set of missing facts an unknown value carries: ids of the program's fact paths in inline
/// words, other paths as strings, listed in plain string order.
@Suite struct MissingFactsTests {
    let table = FactPaths(["rec.b", "zeta", "rec.a", "alpha", "rec", "zeta"])

    @Test func tableIsSortedWithoutRepeats() {
        #expect(table.paths == ["alpha", "rec", "rec.a", "rec.b", "zeta"])
        #expect(table.id(of: "rec.a") == 2)
        #expect(table.id(of: "items[1].amount") == nil)
    }

    @Test func unionCollectsBothSides() {
        var missing = MissingFacts()
        #expect(missing.isEmpty)
        missing.formUnion(MissingFacts(path: "zeta", in: table))
        #expect(!missing.isEmpty)
        let both = missing.union(MissingFacts(path: "alpha", in: table))
        #expect(both.paths(in: table) == ["alpha", "zeta"])
        #expect(missing.paths(in: table) == ["zeta"])
        #expect(both.union(both) == both)
        #expect(MissingFacts().union(MissingFacts()).isEmpty)
    }

    @Test func pathsOutsideTheTableAreKeptAsText() {
        let item = MissingFacts(path: "items[2].amount", in: table)
        #expect(!item.isEmpty)
        let mixed = item.union(MissingFacts(path: "rec.b", in: table)).union(MissingFacts(path: "alpha", in: table))
        #expect(mixed.paths(in: table) == ["alpha", "items[2].amount", "rec.b"])
        #expect(MissingFacts(paths: ["rec.b", "items[2].amount", "alpha"], in: table) == mixed)
    }

    /// The cache of listed sets hands out what listing the set gives: sets that share a place
    /// replace one another, sets with paths outside the inline words are listed afresh.
    @Test func cachedListsAreTheSetsOwnLists() {
        let count = MissingFacts.inlineCapacity + 40
        let big = FactPaths((0..<count).map { "f\($0)" })
        var random = SystemRandomNumberGenerator()
        var sets: [MissingFacts] = [MissingFacts(), MissingFacts(path: "items[3].amount", in: big)]
        for _ in 0..<300 {
            var set = MissingFacts()
            for _ in 0..<Int.random(in: 1...4, using: &random) { set.formUnion(MissingFacts(id: Int.random(in: 0..<count, using: &random), in: big)) }
            sets.append(set)
        }
        var cache = PathLists()
        // Each set several times, in an order that makes sets meet in the cache's places.
        for round in 0..<3 {
            for set in round == 1 ? sets.reversed() : sets {
                #expect(cache.paths(set, in: big) == set.paths(in: big))
            }
        }
    }

    @Test func idsBeyondTheInlineWordsAreKeptAsText() {
        let count = MissingFacts.inlineCapacity + 40
        let big = FactPaths((0..<count).map { "f\($0)" })
        let last = big.paths[count - 1], first = big.paths[0]
        let far = MissingFacts(id: count - 1, in: big)
        #expect(far.paths(in: big) == [last])
        // The same fact by id and by path is one fact.
        #expect(far == MissingFacts(path: last, in: big))
        let both = far.union(MissingFacts(id: 0, in: big))
        #expect(both.paths(in: big) == [first, last])
        #expect(both == MissingFacts(paths: [last, first, last], in: big))
    }

    /// Ids from 128 up are held apart from the first 128 and shared between sets: sets made in
    /// different orders, or one containing the other, are equal as sets (not as objects) and
    /// hash alike; a union adds to neither side.
    @Test func idsBeyondTheFirstWordsAreSetsLikeTheOthers() {
        let big = FactPaths((0..<300).map { String(format: "f%03d", $0) })
        let ids = [3, 70, 130, 190, 200, 255, 260, 299]
        var forward = MissingFacts(), backward = MissingFacts()
        for id in ids { forward.formUnion(MissingFacts(id: id, in: big)) }
        for id in ids.reversed() { backward.formUnion(MissingFacts(id: id, in: big)) }
        #expect(forward == backward && forward.hashValue == backward.hashValue)
        #expect(forward.paths(in: big) == ids.map { String(format: "f%03d", $0) })
        let part = MissingFacts(id: 130, in: big).union(MissingFacts(id: 255, in: big))
        let before = part
        #expect(part.union(forward) == forward && forward.union(part) == forward)
        #expect(part == before && part.paths(in: big) == ["f130", "f255"])
        #expect(part != MissingFacts(id: 130, in: big) && MissingFacts(id: 130, in: big) != MissingFacts(id: 131, in: big))
        #expect(MissingFacts(id: 200, in: big) != MissingFacts(id: 8, in: big))
        #expect(Set([forward, backward, part, MissingFacts(id: 130, in: big).union(MissingFacts(id: 255, in: big))]).count == 2)
        #expect(part.inlineWords != nil && forward.inlineWords == nil)
    }

    @Test func sortedPathsEqualSortedStringSets() {
        var source = SplitMix64(seed: 2025)
        func below(_ bound: Int) -> Int { Int(source.next() % UInt64(bound)) }
        let names = ["a", "b", "sci_tech_insurance", "capital_increases", "收入", "Z", "a_b", "a.b", "premium"]
        func path() -> String {
            var text = names[below(names.count)]
            for _ in 0..<below(3) {
                text += below(3) == 0 ? "[\(below(12) + 1)]" : "." + names[below(names.count)]
            }
            return text
        }
        let known = FactPaths((0..<300).map { _ in path() })
        for _ in 0..<200 {
            let paths = (0..<below(12)).map { _ in path() }
            var missing = MissingFacts()
            for part in paths { missing.formUnion(MissingFacts(path: part, in: known)) }
            #expect(missing.paths(in: known) == Set(paths).sorted())
            #expect(missing.isEmpty == paths.isEmpty)
            #expect(missing == MissingFacts(paths: paths.reversed(), in: known))
        }
    }

    @Test func equalSetsHashAlike() {
        let one = MissingFacts(paths: ["zeta", "items[1]", "rec.a"], in: table)
        let other = MissingFacts(path: "rec.a", in: table).union(MissingFacts(paths: ["items[1]", "zeta"], in: table))
        #expect(one == other && one.hashValue == other.hashValue)
        #expect(one != MissingFacts(paths: ["zeta", "rec.a"], in: table))
        #expect(one != MissingFacts(paths: ["zeta", "items[2]", "rec.a"], in: table))
        #expect(Set([one, other, MissingFacts()]).count == 2)
        #expect(Cell.unknown(one) == Cell.unknown(other))
    }

    // MARK: Through evaluation

    static let policy = header + """
    fact zeta: money in 万元 "z"
    fact alpha: record {
      b_last: money in 万元 "b",
      a_first: money in 万元 "a"
    } "alpha"
    fact items: list of record {
      amount: money in 万元 "amt"
    } "items"
    let via = alpha "the record through a definition"
    clause 1 "a" (第一条) {
      when zeta > 0万 or alpha.b_last > 0万 or via.a_first > 0万 or items[2].amount > 0万 or items[5].amount > 0万
      amount 1万
    }
    """

    static var program: Program { Zhengce.load([SourceFile(path: "t.policy", text: policy)]).program! }

    @Test func undeterminedClauseNamesEveryFactInStringOrder() throws {
        let program = Self.program
        let file = SourceFile(path: "<facts>", text: #"{"facts": {"alpha": {}, "items": [{"amount": "0"}, {}]}}"#)
        let applicant = try ApplicantReader.read(file, program: program)
        let outcome = Zhengce.evaluate(program, applicant, asOf: Day(iso: "2025-06-30")!).clause("t:1")!
        let expected = ["alpha.a_first", "alpha.b_last", "items[2].amount", "items[5]", "zeta"]
        #expect(outcome.status == .undetermined)
        #expect(outcome.missingFacts == expected)
        // Read by the batch's own line reader, the same facts in the same order.
        let options = Batch.Options(today: Day(iso: "2025-06-30")!)
        var lines = ByteLines.bytes(Array(#"{"facts": {"alpha": {}, "items": [{"amount": "0"}, {}]}}"#.utf8))
        var out: [UInt8] = []
        _ = try Batch(program: program, options: options).run(&lines, write: { out += $0 })
        #expect(String(decoding: out, as: UTF8.self).contains(#""missing_facts":["alpha.a_first","alpha.b_last","items[2].amount","items[5]","zeta"]"#))
    }

    @Test func missingRecordIsNamedByTheRecordFact() throws {
        let program = Self.program
        let file = SourceFile(path: "<facts>", text: #"{"facts": {"zeta": "0"}}"#)
        let outcome = Zhengce.evaluate(program, try ApplicantReader.read(file, program: program), asOf: Day(iso: "2025-06-30")!).clause("t:1")!
        #expect(outcome.missingFacts == ["alpha", "items[2]", "items[5]"])
    }
}
