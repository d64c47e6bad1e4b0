extension ExampleLint {
    /// The help for an example that names a document no loaded policy declares (Z505): a
    /// document of another file is loaded with it, so say how; an id close to a loaded document
    /// is more likely a typo.
    static func documentNotLoadedHelp(_ document: String, program: Program, examples path: String?) -> String {
        var folder = "."
        if let path, let slash = path.lastIndex(of: "/") { folder = String(path[..<slash]) }
        let sibling = folder == "." ? "\(document).policy" : "\(folder)/\(document).policy"
        let wholeFolder = "`zhengce test \(folder == "." ? "." : folder + "/")` runs the examples with every policy in the folder"
        if case .file? = try? SourceReader.FileKind.of(sibling) {
            return "`\(document)` is declared in `\(sibling)`, which was not loaded: name that file too, or \(wholeFolder)"
        }
        if let close = Suggest.closest(to: document, among: program.documents.map(\.id)) { return "did you mean `\(close)`?" }
        return "load the policy that declares `\(document)` too: name its file, or \(wholeFolder)"
    }

    /// The document part of a full clause id (`kc2023` of `kc2023:19`) when no loaded policy declares it.
    static func unloadedDocument(of id: String, _ program: Program) -> String? {
        guard let colon = id.firstIndex(of: ":") else { return nil }
        let document = String(id[..<colon])
        return program.document(document) == nil ? document : nil
    }
}
