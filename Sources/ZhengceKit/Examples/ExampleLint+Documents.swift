import Foundation

extension ExampleLint {
    /// The help for an example that names a document no loaded policy declares (Z505): a
    /// document of another file is loaded with it, so say how; an id close to a loaded document
    /// is more likely a typo.
    static func documentNotLoadedHelp(_ document: String, program: Program, examples path: String?) -> String {
        let folder = folder(of: path)
        let sibling = folder == "." ? "\(document).policy" : "\(folder)/\(document).policy"
        let wholeFolder = wholeFolderHint(folder)
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

    /// The folder of an examples file as typed (`.` for a bare file name).
    static func folder(of path: String?) -> String {
        guard let path, let slash = path.lastIndex(of: "/") else { return "." }
        return String(path[..<slash])
    }

    static func wholeFolderHint(_ folder: String) -> String {
        "`zhengce test \(folder == "." ? "." : folder + "/")` runs the examples with every policy in the folder"
    }

    /// The help for a fact no loaded policy declares (Z503): when a policy file beside the examples
    /// declares it, that file was not loaded, so say how; otherwise a close name is likely a typo.
    static func factNotLoadedHelp(_ name: String, program: Program, siblings: inout SiblingFacts?, examples path: String?) -> String? {
        let folder = folder(of: path)
        if siblings == nil { siblings = SiblingFacts(folder: folder, program: program) }
        if let file = siblings?.declaring[name] {
            return "`\(name)` is declared in `\(file)`, which was not loaded: name that file too, or \(wholeFolderHint(folder))"
        }
        return Suggest.closest(to: name, among: program.facts.keys).map { "did you mean `\($0)`?" }
    }
}

/// The facts declared by the policy files in a folder that a program did not load, read (parsed,
/// not checked) once per examples file and only when one of its facts is unknown.
struct SiblingFacts {
    /// Fact name → the first such file, in name order, that declares it.
    var declaring: [String: String] = [:]

    init(folder: String, program: Program) {
        let loaded = Set(program.documents.map(\.path))
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for entry in entries.sorted() where entry.hasSuffix(".policy") {
            let path = folder == "." ? entry : "\(folder)/\(entry)"
            guard !loaded.contains(path), let source = try? SourceReader.read(path) else { continue }
            for fact in Parser.parse(source).0.facts where declaring[fact.name.value] == nil { declaring[fact.name.value] = path }
        }
    }
}
