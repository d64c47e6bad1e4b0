#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif

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
        guard fflush(stdout) == 0 else { throw WriteFailure.current() }
        guard !all(bytes, to: STDOUT_FILENO) else { return }
        throw WriteFailure.current()
    }

    /// Writes to standard error as it is; a failure is ignored, since there is nowhere left to
    /// report it (and it must not stop the command).
    static func error(_ bytes: [UInt8]) {
        _ = all(bytes, to: STDERR_FILENO)
    }

    /// Flushes what `print` buffered; the failure when some of standard output was not written.
    static func finish() -> WriteFailure? {
        let flushed = fflush(stdout) == 0
        return flushed && ferror(stdout) == 0 ? nil : .current()
    }

    /// Whether every byte was written (else `errno` says why).
    private static func all(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count, let base = raw.baseAddress {
                let written = writeDescriptor(descriptor, base + offset, raw.count - offset)
                if written > 0 {
                    offset += written
                } else if written == 0 || errno != EINTR {
                    return false
                }
            }
            return true
        }
    }
}

/// The system's `write`, out of reach of `Output.write`'s name.
private func writeDescriptor(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
