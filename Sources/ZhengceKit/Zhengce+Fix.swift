extension Zhengce {
    /// What `fix` did: the number of fixes written per file, and the files that could not be
    /// rewritten (read-only, changed meanwhile), left as they were.
    public struct FixResult: Sendable {
        public var fixed: [(path: String, count: Int)] = []
        public var failures: [SafeRewrite.Failure] = []
    }

    /// Rewrites the policy files with the certain fixes their diagnostics carry
    /// (`DiagnosticFix.isCertain`: never a "did you mean" guess), round after round while a fix
    /// lets more of a file be read, each file replaced safely (`SafeRewrite`). The examples are
    /// checked with the policies, as `check` does, but never rewritten.
    public static func fix(policies: [String], examples: [String]) throws -> FixResult {
        var fixed: [String: Int] = [:]
        var result = FixResult()
        var refused: Set<String> = []
        for _ in 0..<8 {
            let sources = try policies.map(readSource)
            let diagnostics = check(policies: sources, examples: try examples.map(readSource))
            var any = false
            for (path, source) in zip(policies, sources) where !refused.contains(path) {
                let (text, applied) = DiagnosticFix.applying(diagnostics, to: source)
                guard applied > 0, text != source.text else { continue }
                do throws(SafeRewrite.Failure) {
                    try SafeRewrite.replace(path, original: source.text, with: text)
                } catch {
                    result.failures.append(error)
                    refused.insert(path)
                    continue
                }
                fixed[path, default: 0] += applied
                any = true
            }
            if !any { break }
        }
        result.fixed = policies.compactMap { path in fixed[path].map { (path, $0) } }
        return result
    }
}
