#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif

/// Writing to an open file descriptor: the one loop that standard output, standard error and a
/// rewritten file all go through.
public enum Descriptor {
    /// Writes every byte of `bytes` to `descriptor`, however many calls it takes, calling again
    /// when a signal interrupted one; false when a write fails (`errno` says why).
    public static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count, let base = bytes.baseAddress {
            let written = systemWrite(descriptor, base + offset, bytes.count - offset)
            if written > 0 {
                offset += written
            } else if written == 0 || errno != EINTR {
                return false
            }
        }
        return true
    }

    /// `writeAll` of an array's bytes, read where they are.
    public static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        bytes.withUnsafeBytes { writeAll($0, to: descriptor) }
    }
}

/// The system's `write`, out of reach of the names above.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
