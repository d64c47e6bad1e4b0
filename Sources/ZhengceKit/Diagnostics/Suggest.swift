/// "Did you mean": the closest candidate by edit distance, if it is close enough.
///
/// The cost is bounded whatever the input, so a file full of unknown names costs time linear in
/// its size: words longer than `maxWordLength` get no suggestion; a candidate is compared only when
/// its length and the characters it lacks (a 64-bit signature, checked in constant time) leave it
/// within reach; the comparison is confined to the band of the table that can stay within the
/// limit and stops as soon as no cell can; and with more than `maxCandidates` candidates within
/// reach no suggestion is made (it would be a guess). A candidate that differs from the word in
/// the case of ASCII letters alone (`REVENUE` for `revenue`, a spreadsheet's heading) is the
/// likeliest meaning and wins over any edit.
public enum Suggest {
    static let maxWordLength = 48
    static let maxCandidates = 4096

    public static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
        let x = word.unicodeScalars.map(\.value)
        guard !x.isEmpty, x.count <= maxWordLength else { return nil }
        let limit = max(1, x.count / 3)
        let (_, signatureX) = shape(word)
        var table = Table(capacity: x.count + limit + 1)
        var y: [UInt32] = []
        y.reserveCapacity(x.count + limit)
        var best: (candidate: String, distance: Int)?
        var sameLetters: String?
        var compared = 0
        for candidate in candidates where candidate != word {
            if sameIgnoringASCIICase(word, candidate) {
                if sameLetters.map({ candidate < $0 }) ?? true { sameLetters = candidate }
                continue
            }
            if sameLetters != nil { continue }
            // Length and signature come from one pass over the bytes, without decoding.
            let (length, signatureY) = shape(candidate)
            guard abs(length - x.count) <= limit else { continue }
            // Each signature bit one side has and the other lacks needs at least one edit.
            guard (signatureX & ~signatureY).nonzeroBitCount <= limit, (signatureY & ~signatureX).nonzeroBitCount <= limit else { continue }
            compared += 1
            if compared > maxCandidates { return nil }
            y.removeAll(keepingCapacity: true)
            for scalar in candidate.unicodeScalars { y.append(scalar.value) }
            guard let distance = table.distance(x, y, within: limit) else { continue }
            // Ties go to the alphabetically first candidate, so the suggestion does not depend on order.
            if let current = best, current.distance < distance || (current.distance == distance && current.candidate < candidate) { continue }
            best = (candidate, distance)
        }
        return sameLetters ?? best?.candidate
    }

    /// Whether two words differ in the case of ASCII letters alone, compared byte by byte.
    static func sameIgnoringASCIICase(_ a: String, _ b: String) -> Bool {
        var a = a.utf8.makeIterator(), b = b.utf8.makeIterator()
        while true {
            switch (a.next(), b.next()) {
            case (nil, nil): return true
            case (let x?, let y?):
                guard x == y || (x | 0x20 == y | 0x20 && (x | 0x20) >= 0x61 && (x | 0x20) <= 0x7A) else { return false }
            default: return false
            }
        }
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
    /// neighbouring characters (`bnak` → `bank` is one edit).
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let x = a.unicodeScalars.map(\.value), y = b.unicodeScalars.map(\.value)
        let bound = max(x.count, y.count)
        var table = Table(capacity: y.count + 1)
        return table.distance(x, y, within: bound) ?? bound
    }

    /// The number of scalars, and a 64-bit signature with one bit per scalar (from its first UTF-8
    /// byte), so that a bit one word has and the other lacks marks a character the other lacks.
    static func shape(_ text: String) -> (length: Int, signature: UInt64) {
        var length = 0
        var bits: UInt64 = 0
        for byte in text.utf8 where byte & 0xC0 != 0x80 {
            length += 1
            bits |= 1 << UInt64(byte & 63)
        }
        return (length, bits)
    }

    /// Three rows of the distance table, allocated once per search.
    struct Table {
        var twoBack: [Int]
        var previous: [Int]
        var current: [Int]

        init(capacity: Int) {
            twoBack = Array(repeating: 0, count: capacity + 1)
            previous = twoBack
            current = twoBack
        }

        /// The distance, or nil as soon as it is certain to exceed `limit`. Only cells within
        /// `limit` of the diagonal are computed; the others are out of reach anyway.
        mutating func distance(_ x: [UInt32], _ y: [UInt32], within limit: Int) -> Int? {
            if x.isEmpty { return y.count <= limit ? y.count : nil }
            if y.isEmpty { return x.count <= limit ? x.count : nil }
            // The lengths alone need more edits than allowed.
            if abs(x.count - y.count) > limit { return nil }
            let width = y.count
            if previous.count < width + 1 { self = Table(capacity: width) }
            let outside = limit + 1
            for j in 0...width { previous[j] = j <= limit ? j : outside }
            for i in 1...x.count {
                let low = max(1, i - limit), high = min(width, i + limit)
                current[0] = i <= limit ? i : outside
                if low > 1 { current[low - 1] = outside }
                var rowMinimum = current[0]
                if low <= high {
                    for j in low...high {
                        var value = previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)
                        let up = previous[j] + 1
                        if up < value { value = up }
                        let left = current[j - 1] + 1
                        if left < value { value = left }
                        if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                            let swap = twoBack[j - 2] + 1
                            if swap < value { value = swap }
                        }
                        if value > outside { value = outside }
                        current[j] = value
                        if value < rowMinimum { rowMinimum = value }
                    }
                }
                if high < width { current[high + 1] = outside }
                if rowMinimum > limit { return nil }
                swap(&twoBack, &previous)
                swap(&previous, &current)
            }
            return previous[width] <= limit ? previous[width] : nil
        }
    }
}
