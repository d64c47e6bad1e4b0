import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reading source files: what a path names (without opening it, so nothing blocks on a pipe) and
/// decoding UTF-8 with a located error for any other encoding.
public enum SourceReader {
    /// Why a path could not be read, in words for the person who gave it.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var reason: String

        public var description: String { "cannot read `\(path)`: \(reason)" }
    }

    /// Reads a policy or JSON file as UTF-8 text. Anything that is not a readable regular file
    /// (a folder, a named pipe, a device such as `/dev/null`, a symbolic link loop, a file without
    /// read permission) and text in another encoding each get their own message.
    public static func read(_ path: String) throws(Failure) -> SourceFile {
        let handle = try open(path) { $0 == .file }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.readToEnd() ?? Data()
        } catch {
            throw Failure(path: path, reason: "reading it failed (\(error.localizedDescription))")
        }
        return SourceFile(path: path, text: try decode(data, path: path))
    }

    /// UTF-8 text (a byte-order mark at the start is allowed), or an error that gives the line and
    /// column of the first byte that is not UTF-8 and how to convert the file.
    public static func decode(_ data: Data, path: String) throws(Failure) -> String {
        let bytes = [UInt8](data)
        let file = path == "<stdin>" ? "" : " \(path) > converted"
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw Failure(path: path, reason: "it is UTF-16 text, not UTF-8; convert it with `iconv -f UTF-16 -t UTF-8\(file)`")
        }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        // Not UTF-8: walk the bytes again to find the place.
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
                throw Failure(path: path, reason: "it is not UTF-8 text: byte 0x\(bad < 16 ? "0" : "")\(hex) at line \(line), column \(column) is not UTF-8; \(hint)")
            }
        }
    }

    /// A file or a stream (a named pipe such as `<(command)`, a device) to read lines from as
    /// they come; a folder, a path to nothing or a file without read permission gets its message.
    public static func openStream(_ path: String) throws(Failure) -> FileHandle {
        try open(path) { $0 == .file || $0 == .fifo || $0 == .device }
    }

    /// `path` opened for reading when what it names is `accepted` (looked at before opening, so
    /// nothing blocks on a kind not accepted), else the failure that says why not.
    static func open(_ path: String, accepting accepted: (FileKind) -> Bool) throws(Failure) -> FileHandle {
        let kind = try FileKind.of(path)
        guard accepted(kind) else { throw Failure(path: path, reason: kind.reason) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Failure(path: path, reason: FileKind.isReadable(path) ? "it cannot be opened" : "permission denied: the file is not readable (`chmod +r`)")
        }
        return handle
    }

    /// What tells one file from another: its device and inode, which every path to the file
    /// shares (a symbolic link, `.` and `..`, a hard link); the path itself when it names nothing.
    public static func identity(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "path " + path }
        return "file \(info.st_dev):\(info.st_ino)"
    }

    /// `paths` without those that name a file named earlier in the list (through a symbolic or a
    /// hard link, or another spelling of the path); a path that names nothing is kept, so its
    /// error is still reported.
    public static func distinctFiles(_ paths: [String]) -> [String] {
        var seen: Set<String> = []
        return paths.filter { seen.insert(identity($0)).inserted }
    }

    /// What a path names, following symbolic links, without opening it.
    public enum FileKind: Sendable {
        case file, folder, missing, brokenLink, linkLoop, fifo, device, socket, noAccess, notAFolderOnPath

        public static func of(_ path: String) throws(Failure) -> FileKind {
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
                    throw Failure(path: path, reason: String(cString: strerror(code)))
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
}
