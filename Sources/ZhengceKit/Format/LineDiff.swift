/// A unified-style line diff (longest common subsequence), for `zhengce fmt --check`.
public enum LineDiff {
    public static func unified(_ old: String, _ new: String, path: String, context: Int = 2) -> String {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // LCS table, bottom-up.
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        enum Line { case same(String), removed(String), added(String) }
        var lines: [(Line, Int)] = []  // with the old line number
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count && j < b.count && a[i] == b[j] {
                lines.append((.same(a[i]), i + 1)); i += 1; j += 1
            } else if j < b.count && (i == a.count || table[i][j + 1] >= table[i + 1][j]) {
                lines.append((.added(b[j]), i + 1)); j += 1
            } else {
                lines.append((.removed(a[i]), i + 1)); i += 1
            }
        }
        var output = ["--- \(path)", "+++ \(path) (formatted)"]
        var shown = Set<Int>()
        for (index, (line, _)) in lines.enumerated() {
            if case .same = line { continue }
            for near in max(0, index - context)...min(lines.count - 1, index + context) { shown.insert(near) }
        }
        var previous = -2
        for index in shown.sorted() {
            if index != previous + 1 { output.append("@@ line \(lines[index].1) @@") }
            previous = index
            switch lines[index].0 {
            case .same(let text): output.append("  \(text)")
            case .removed(let text): output.append("- \(text)")
            case .added(let text): output.append("+ \(text)")
            }
        }
        return output.joined(separator: "\n")
    }
}
