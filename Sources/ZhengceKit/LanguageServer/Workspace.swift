import Foundation

/// A document the editor has open: its own text wins over the file on disk.
struct OpenDocument {
    var uri: String
    var text: String
    var version: Int
}

/// The policies of one folder as the editor sees them: the files on disk with the open
/// documents' unsaved text in their place, checked together so that a change in one file
/// shows its effect on the others.
final class Workspace {
    var root: String?
    private(set) var open: [String: OpenDocument] = [:]
    /// Disk files read once; an open document's disk text is read again when it is closed.
    private var disk: [String: SourceFile] = [:]
    private let exampleLints = ExampleLintCache()
    private var cached: Analysis?

    init(root: String?) {
        self.root = root
    }

    func openDocument(uri: String, text: String, version: Int) {
        open[Workspace.path(of: uri)] = OpenDocument(uri: uri, text: text, version: version)
        cached = nil
    }

    func closeDocument(uri: String) {
        let path = Workspace.path(of: uri)
        open[path] = nil
        disk[path] = nil
        cached = nil
    }

    /// Forgets the disk text of `uri` (it changed on disk) or of every file.
    func reloadFromDisk(uri: String? = nil) {
        if let uri { disk[Workspace.path(of: uri)] = nil } else { disk = [:] }
        cached = nil
    }

    /// Applies the edits of a `didChange`, in order. A change without a range replaces the text.
    func change(uri: String, version: Int, edits: [(range: (LSPPosition, LSPPosition)?, text: String)]) -> Bool {
        let path = Workspace.path(of: uri)
        guard var document = open[path] else { return false }
        for edit in edits {
            guard let (from, to) = edit.range else {
                document.text = edit.text
                continue
            }
            let file = SourceFile(path: path, text: document.text)
            let start = from.offset(in: file), end = max(start, to.offset(in: file))
            var scalars = String.UnicodeScalarView()
            scalars.append(contentsOf: file.scalars[..<start])
            scalars.append(contentsOf: edit.text.unicodeScalars)
            scalars.append(contentsOf: file.scalars[end...])
            document.text = String(scalars)
        }
        document.version = version
        open[path] = document
        cached = nil
        return true
    }

    /// The URI to report a path under: the editor's own for an open document.
    func uri(of path: String) -> String {
        open[path]?.uri ?? URL(fileURLWithPath: path).absoluteString
    }

    /// The file as the editor sees it: the open document's text, else the file on disk.
    func source(of path: String) -> SourceFile? {
        if let document = open[path] { return SourceFile(path: path, text: document.text) }
        if let file = disk[path] { return file }
        guard let file = try? SourceReader.read(path) else { return nil }
        disk[path] = file
        return file
    }

    /// The checked state of every policy; computed again only after a change.
    func analysis() -> Analysis {
        if let cached { return cached }
        let result = Analysis(sources: policyPaths().compactMap(source(of:)), examples: source(of:), lints: exampleLints)
        cached = result
        return result
    }

    /// The policy files on disk in the root folder and every open `.policy` document, sorted.
    func policyPaths() -> [String] {
        var paths = Set(open.keys.filter { $0.hasSuffix(".policy") })
        if let root, let listed = try? Zhengce.policyPaths([root]) {
            paths.formUnion(listed.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
        }
        return paths.sorted()
    }

    /// A file URI's path (percent escapes decoded); any other URI stands for itself.
    static func path(of uri: String) -> String {
        guard uri.hasPrefix("file://") else { return uri }
        if let url = URL(string: uri), url.isFileURL { return url.standardizedFileURL.path }
        // A client that leaves non-ASCII characters unescaped.
        return String(uri.dropFirst("file://".count)).removingPercentEncoding ?? uri
    }
}
