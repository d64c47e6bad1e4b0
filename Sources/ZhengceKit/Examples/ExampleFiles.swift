/// Where the examples of a policy file are kept: `NAME.examples.json` beside `NAME.policy`.
public enum ExampleFiles {
    /// The examples file that belongs beside a policy file.
    public static func beside(_ policy: String) -> String? {
        guard policy.hasSuffix(".policy") else { return nil }
        return String(policy.dropLast(".policy".count)) + ".examples.json"
    }

    /// The examples files beside `policies` that `known` does not list yet, and the policies
    /// that have none.
    public static func find(besides policies: [String], known: [String]) -> (found: [String], missing: [String]) {
        var found: [String] = [], missing: [String] = []
        // Compared as files, so `./x.examples.json` named beside `x.policy` is not run twice.
        let knownFiles = Set(known.map(SourceReader.identity))
        for policy in policies {
            guard let path = beside(policy), !knownFiles.contains(SourceReader.identity(path)) else { continue }
            if case .file? = try? SourceReader.FileKind.of(path) { found.append(path) } else { missing.append(policy) }
        }
        return (found, missing)
    }
}
