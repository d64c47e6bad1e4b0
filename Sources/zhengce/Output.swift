#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif
import ZhengceKit

/// Writing to standard output and standard error so that a failure (a full disk, a closed file)
/// is an error with a message and exit code 2, never a crash and never a silent success.
enum Output {
    /// Why standard output could not be written.
    struct WriteFailure: Error, CustomStringConvertible {
        var reason: String
        var description: String { "cannot write the output: \(reason)" }

        static func current() -> WriteFailure { WriteFailure(reason: String(cString: strerror(errno))) }
    }

    /// Writes `bytes` to standard output from where they are (no copy into a `Data`), all of them
    /// however many calls it takes. What `print` buffered is written first, so the two keep their order.
    static func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes(write)
    }

    static func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard fflush(stdout) == 0 else { throw WriteFailure.current() }
        guard !Descriptor.writeAll(bytes, to: STDOUT_FILENO) else { return }
        throw WriteFailure.current()
    }

    /// Writes to standard error as it is; a failure is ignored, since there is nowhere left to
    /// report it (and it must not stop the command).
    static func error(_ bytes: [UInt8]) {
        _ = Descriptor.writeAll(bytes, to: STDERR_FILENO)
    }

    /// Flushes what `print` buffered; the failure when some of standard output was not written.
    static func finish() -> WriteFailure? {
        let flushed = fflush(stdout) == 0
        return flushed && ferror(stdout) == 0 ? nil : .current()
    }
}
