import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Replaces a file's contents without ever losing data, for `zhengce fmt --write` and
/// `zhengce test --update`:
///
/// - a symbolic link is followed and its target is rewritten (the link stays a link);
/// - the new file keeps the old one's permission bits and owner;
/// - a read-only file (no write bit) is refused, never made writable, and so is a file with
///   several hard links (the rename would split them);
/// - the new text goes to a temporary file in the same folder, which is flushed to disk, then
///   renamed over the target, and the folder is flushed before and after, so a crash leaves
///   either the old file or the new one;
/// - just before the rename the target is read again, and if another program changed it since it
///   was formatted, nothing is replaced;
/// - temporary files are named `.NAME.zhengce-fmt.PID.tmp`, so a later run finds those a killed
///   run left behind (their process is gone) and removes them.
public enum SafeRewrite {
    public enum Failure: Error, CustomStringConvertible {
        case readOnly(String)
        case changedMeanwhile(String)
        case failed(String, String)

        public var description: String {
            switch self {
            case .readOnly(let path): return "`\(path)` is read-only; it was left unchanged (make it writable first if it should change)"
            case .changedMeanwhile(let path): return "`\(path)` was changed by another program while it was being rewritten; it was left as that program wrote it (run the command again)"
            case .failed(let path, let reason): return "cannot rewrite `\(path)`: \(reason); the file was left untouched"
            }
        }
    }

    static let marker = ".zhengce-fmt."

    /// The temporary file's name for `target` in this process.
    static func temporaryPath(for target: String) -> String {
        let url = URL(fileURLWithPath: target)
        return url.deletingLastPathComponent().path + "/." + url.lastPathComponent + marker + String(getpid()) + ".tmp"
    }

    /// Replaces the contents of `path` (or of the file it links to) with `contents`, provided it
    /// still holds `original`.
    public static func replace(_ path: String, original: String, with contents: String) throws(Failure) {
        guard let resolved = realpath(path, nil) else { throw .failed(path, String(cString: strerror(errno))) }
        let target = String(cString: resolved)
        free(resolved)
        var info = stat()
        guard stat(target, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { throw .failed(path, "it is not a regular file") }
        if info.st_mode & 0o222 == 0 { throw .readOnly(path) }
        // A rename would give this name a new file and leave the other names with the old text.
        if info.st_nlink > 1 { throw .failed(path, "it has \(info.st_nlink) hard links, which a rewrite would split; format a copy") }
        if access(target, W_OK) != 0 { throw .failed(path, "permission denied") }
        let folder = URL(fileURLWithPath: target).deletingLastPathComponent().path
        let temporary = temporaryPath(for: target)

        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .failed(path, "cannot create a temporary file in `\(folder)` (\(String(cString: strerror(errno))))") }
        var closed = false
        func abandon(_ reason: String) -> Failure {
            if !closed { close(descriptor) }
            unlink(temporary)
            return .failed(path, reason)
        }
        guard Descriptor.writeAll(Array(contents.utf8), to: descriptor) else {
            throw abandon("writing failed (\(String(cString: strerror(errno))))")
        }
        // Same permission bits and owner as the file it replaces.
        if fchmod(descriptor, info.st_mode & 0o7777) != 0 { throw abandon("cannot keep its permissions") }
        if fchown(descriptor, info.st_uid, info.st_gid) != 0 {
            var now = stat()
            if fstat(descriptor, &now) != 0 || now.st_uid != info.st_uid || now.st_gid != info.st_gid {
                throw abandon("cannot keep its owner (\(info.st_uid):\(info.st_gid))")
            }
        }
        if fsync(descriptor) != 0 { throw abandon("flushing to disk failed (\(String(cString: strerror(errno))))") }
        close(descriptor)
        closed = true
        syncFolder(folder)

        // Another program may have saved the file while it was formatted: keep its version.
        guard let data = FileManager.default.contents(atPath: target), (try? SourceReader.decode(data, path: target)) == original else {
            unlink(temporary)
            throw .changedMeanwhile(path)
        }
        if rename(temporary, target) != 0 { throw abandon("renaming the temporary file failed (\(String(cString: strerror(errno))))") }
        syncFolder(folder)
    }

    static func syncFolder(_ folder: String) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    /// Removes temporary files that an interrupted run left in `folder` (their process is gone);
    /// returns their paths.
    @discardableResult
    public static func removeStale(in folder: String) -> [String] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var removed: [String] = []
        for entry in entries.sorted() where entry.hasPrefix(".") && entry.hasSuffix(".tmp") {
            guard let range = entry.range(of: marker, options: .backwards) else { continue }
            let pidText = entry[range.upperBound...].dropLast(4)
            guard let pid = Int32(pidText), pid > 0 else { continue }
            // A process that still runs (or that this user may not signal) may still be writing it.
            if pid == getpid() || kill(pid, 0) == 0 || errno != ESRCH { continue }
            let path = (folder.hasSuffix("/") ? folder : folder + "/") + entry
            if unlink(path) == 0 { removed.append(path) }
        }
        return removed
    }
}
