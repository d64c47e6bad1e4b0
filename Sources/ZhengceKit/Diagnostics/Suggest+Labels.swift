extension Suggest {
    /// "Did you mean" for a clause label (`2.4`, `11b`): among the labels fewest edits away, the
    /// one nearest in the document's numbering. `2.4` suggests `2.3` (same article, next item)
    /// before `3.4` or `2.1`, where plain edit distance would pick the alphabetically first.
    public static func closestLabel(to word: String, among candidates: some Sequence<String>) -> String? {
        let limit = max(1, word.unicodeScalars.count / 3)
        let target = LabelKey(word)
        var best: (candidate: String, distance: Int, key: LabelKey.Nearness)?
        for candidate in candidates where candidate != word {
            let distance = editDistance(word, candidate)
            guard distance <= limit else { continue }
            let nearness = target.nearness(to: LabelKey(candidate))
            if let current = best, (current.distance, current.key) <= (distance, nearness) { continue }
            best = (candidate, distance, nearness)
        }
        return best?.candidate
    }
}

/// A label split into numbers and letters (`2.1b` → 2, 1, b), compared part by part.
struct LabelKey {
    let parts: [Part]

    enum Part: Equatable {
        case number(Int)
        case word(String)
    }

    init(_ label: String) {
        var parts: [Part] = []
        var digits = "", letters = ""
        func flush() {
            if !digits.isEmpty { parts.append(.number(Int(digits.prefix(9)) ?? 0)) }
            if !letters.isEmpty { parts.append(.word(letters)) }
            digits = ""
            letters = ""
        }
        for character in label {
            if character.isASCII && character.isNumber {
                if !letters.isEmpty { flush() }
                digits.append(character)
            } else if character == "." || character == ":" {
                flush()
            } else {
                if !digits.isEmpty { flush() }
                letters.append(character)
            }
        }
        flush()
        self.parts = parts
    }

    /// How far apart two labels are, smaller is nearer: the later the first part where they
    /// differ, the nearer; then the smaller the gap there; then the label before comes first.
    struct Nearness: Comparable {
        var sharedParts: Int
        var gap: Int
        var after: Bool

        static func < (a: Nearness, b: Nearness) -> Bool {
            if a.sharedParts != b.sharedParts { return a.sharedParts > b.sharedParts }
            if a.gap != b.gap { return a.gap < b.gap }
            return !a.after && b.after
        }
    }

    func nearness(to other: LabelKey) -> Nearness {
        var shared = 0
        while shared < parts.count, shared < other.parts.count, parts[shared] == other.parts[shared] { shared += 1 }
        guard shared < parts.count, shared < other.parts.count else { return Nearness(sharedParts: shared, gap: 1, after: other.parts.count > parts.count) }
        switch (parts[shared], other.parts[shared]) {
        case (.number(let a), .number(let b)): return Nearness(sharedParts: shared, gap: abs(a - b), after: b > a)
        case (.word(let a), .word(let b)):
            let x = Int(a.unicodeScalars.first?.value ?? 0), y = Int(b.unicodeScalars.first?.value ?? 0)
            return Nearness(sharedParts: shared, gap: abs(x - y), after: y > x)
        default: return Nearness(sharedParts: shared, gap: Int.max / 2, after: true)
        }
    }
}
