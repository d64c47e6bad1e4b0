import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The pipeline in one place: files → tokens → syntax trees → checked program → evaluation.
public enum Zhengce {
    /// The result of loading policy files: the program when there were no errors, and everything
    /// the lexer, parser and checker said.
    public struct Loaded: Sendable {
        public var program: Program?
        public var diagnostics: [Diagnostic]
        public var files: [SourceFile]
        public var trees: [PolicyFile]
    }

    public enum LoadError: Error, CustomStringConvertible {
        case unreadable(String, String)
        case noPolicies(String)

        public var description: String {
            switch self {
            case .unreadable(let path, let reason): return "cannot read `\(path)`: \(reason)"
            case .noPolicies(let paths): return "no `.policy` files found in \(paths)"
            }
        }
    }

    /// What a list of command-line paths names: policy files and example files. A folder gives
    /// the `*.policy` and `*.examples.json` files it holds (sorted, so output is deterministic); a
    /// file counts as examples when it ends in `.json`, else as a policy.
    public struct Inputs: Sendable {
        public var policies: [String] = []
        public var examples: [String] = []
    }

    public static func inputs(_ paths: [String]) throws -> Inputs {
        var inputs = Inputs()
        for path in paths {
            if case .folder = try FileKind.of(path) {
                let entries: [String]
                do {
                    entries = try FileManager.default.contentsOfDirectory(atPath: path)
                } catch {
                    throw LoadError.unreadable(path, "the folder cannot be listed (permission denied?)")
                }
                let base = path.hasSuffix("/") ? String(path.dropLast()) : path
                let sorted = entries.sorted()
                inputs.policies += sorted.filter { $0.hasSuffix(".policy") }.map { "\(base)/\($0)" }
                inputs.examples += sorted.filter { $0.hasSuffix(".examples.json") }.map { "\(base)/\($0)" }
            } else if path.hasSuffix(".json") {
                inputs.examples.append(path)
            } else {
                inputs.policies.append(path)
            }
        }
        return inputs
    }

    /// The policy files that `paths` name (folders expanded).
    public static func policyPaths(_ paths: [String]) throws -> [String] {
        try inputs(paths).policies
    }

    /// Reads a policy or JSON file as UTF-8 text. Anything that is not a readable regular file
    /// (a folder, a named pipe, a device such as `/dev/null`, a symbolic link loop, a file without
    /// read permission) and text in another encoding each get their own message; nothing here
    /// blocks on a pipe.
    public static func readSource(_ path: String) throws -> SourceFile {
        guard case .file = try FileKind.of(path) else { throw LoadError.unreadable(path, try FileKind.of(path).reason) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LoadError.unreadable(path, FileKind.isReadable(path) ? "it cannot be opened" : "permission denied: the file is not readable (`chmod +r`)")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.readToEnd() ?? Data()
        } catch {
            throw LoadError.unreadable(path, "reading it failed (\(error.localizedDescription))")
        }
        return SourceFile(path: path, text: try decode(data, path: path))
    }

    /// UTF-8 text (a byte-order mark at the start is allowed), or an error that gives the line and
    /// column of the first byte that is not UTF-8 and how to convert the file.
    public static func decode(_ data: Data, path: String) throws -> String {
        let bytes = [UInt8](data)
        let file = path == "<stdin>" ? "" : " \(path) > converted"
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw LoadError.unreadable(path, "it is UTF-16 text, not UTF-8; convert it with `iconv -f UTF-16 -t UTF-8\(file)`")
        }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var text = String.UnicodeScalarView()
        var offset = 0
        var line = 1
        var column = 1
        var previous: Unicode.Scalar?
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                text.append(scalar)
                offset += scalar.utf8.count
                if scalar == "\n" || scalar == "\r" {
                    if !(scalar == "\n" && previous == "\r") { line += 1 }
                    column = 1
                } else {
                    column += 1
                }
                previous = scalar
            case .emptyInput:
                return String(text)
            case .error:
                let bad = offset < bytes.count ? bytes[offset] : 0
                let next = offset + 1 < bytes.count ? bytes[offset + 1] : 0
                let hex = String(bad, radix: 16, uppercase: true)
                // GB18030/GBK lead bytes are 0x81-0xFE, followed by 0x40-0xFE (or a digit, for four-byte forms).
                let looksChinese = (0x81...0xFE).contains(bad) && ((0x40...0xFE).contains(next) || (0x30...0x39).contains(next))
                let hint = looksChinese
                    ? "it looks like GB18030/GBK (a Windows Chinese encoding); convert it with `iconv -f GB18030 -t UTF-8\(file)` and keep it as UTF-8"
                    : "save it as UTF-8 (e.g. `iconv -f ENCODING -t UTF-8\(file)`)"
                throw LoadError.unreadable(path, "it is not UTF-8 text: byte 0x\(bad < 16 ? "0" : "")\(hex) at line \(line), column \(column) is not UTF-8; \(hint)")
            }
        }
    }

    /// What a path names, following symbolic links, without opening it.
    public enum FileKind: Sendable {
        case file, folder, missing, brokenLink, linkLoop, fifo, device, socket, noAccess, notAFolderOnPath

        public static func of(_ path: String) throws -> FileKind {
            var info = stat()
            if stat(path, &info) != 0 {
                let code = errno
                switch code {
                case ELOOP: return .linkLoop
                case EACCES: return .noAccess
                case ENOTDIR: return .notAFolderOnPath
                case ENOENT:
                    var linkInfo = stat()
                    return lstat(path, &linkInfo) == 0 ? .brokenLink : .missing
                default:
                    throw LoadError.unreadable(path, String(cString: strerror(code)))
                }
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: return .folder
            case S_IFREG: return .file
            case S_IFIFO: return .fifo
            case S_IFCHR, S_IFBLK: return .device
            case S_IFSOCK: return .socket
            default: return .device
            }
        }

        static func isReadable(_ path: String) -> Bool { access(path, R_OK) == 0 }

        /// Why a path that is not a readable regular file cannot be read.
        public var reason: String {
            switch self {
            case .file: return "it cannot be read"
            case .folder: return "it is a folder, not a file"
            case .missing: return "no such file or folder"
            case .brokenLink: return "it is a symbolic link to a file that does not exist"
            case .linkLoop: return "it is a symbolic link loop (the links point back to each other)"
            case .fifo: return "it is a named pipe (FIFO), not a file; to read a stream, give `-` and pipe it to standard input"
            case .device: return "it is a device, not a file"
            case .socket: return "it is a socket, not a file"
            case .noAccess: return "permission denied on a folder on its path"
            case .notAFolderOnPath: return "a part of the path is a file, not a folder"
            }
        }
    }

    /// Parses and checks policy sources together.
    public static func load(_ sources: [SourceFile]) -> Loaded {
        var bag = DiagnosticBag()
        var parsed: [(SourceFile, PolicyFile)] = []
        for source in sources {
            let (tree, diagnostics) = Parser.parse(source)
            bag.append(contentsOf: diagnostics)
            parsed.append((source, tree))
        }
        let (program, checked) = Checker.check(parsed)
        bag.append(contentsOf: checked)
        // The deeper analyses assume a program free of errors, so they would only add noise.
        if !bag.hasErrors { bag.append(contentsOf: Analyses.run(program)) }
        return Loaded(program: bag.hasErrors ? nil : program, diagnostics: bag.sorted, files: sources, trees: parsed.map(\.1))
    }

    public static func load(paths: [String]) throws -> Loaded {
        let files = try policyPaths(paths)
        if files.isEmpty { throw LoadError.noPolicies(paths.joined(separator: ", ")) }
        return load(try files.map(readSource))
    }

    /// Everything `zhengce check` reports for policy sources and the example files beside them.
    public static func check(policies: [SourceFile], examples: [SourceFile]) -> [Diagnostic] {
        let loaded = load(policies)
        var diagnostics = loaded.diagnostics
        if let program = loaded.program {
            for file in examples { diagnostics += ExampleLint.check(file, program: program) }
        }
        return diagnostics.sorted { ($0.path, $0.span.start, $0.code.rawValue) < ($1.path, $1.span.start, $1.code.rawValue) }
    }

    /// Evaluates an applicant; `asOf` overrides the applicant's own date, and today is the default.
    public static func evaluate(_ program: Program, _ applicant: Applicant, asOf: Day? = nil) -> Evaluation {
        Interpreter.evaluate(program, applicant, asOf: asOf ?? applicant.asOf ?? today())
    }

    public static func today() -> Day {
        let seconds = Int(Date().timeIntervalSince1970)
        return Day(ordinal: seconds / 86_400 - (seconds < 0 && seconds % 86_400 != 0 ? 1 : 0))
    }
}
