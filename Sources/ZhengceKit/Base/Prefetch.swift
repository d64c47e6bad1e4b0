/// Asks the processor to bring memory into its cache and goes on without waiting for it: a
/// prefetch, which a plain read is not (a read that misses the cache holds up every instruction
/// after it until the memory arrives). For data that will be read a little later, such as the
/// next applicant of a population held in memory while this one is evaluated.
enum Prefetch {
    /// Every cache line of `bytes`.
    @inline(__always)
    static func lines(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            llvmPrefetch(base + offset, 0, 3, 1)
            // (No overflow check: the offset stays below the buffer's count, an `Int`.)
            offset &+= 64
        }
    }
}

/// LLVM's prefetch intrinsic (`llvm.prefetch`: the address; 0, a read; 3, keep it in every level
/// of the cache; 1, data), which Swift does not name: a `prefetcht0` on x86-64, a `prfm` on
/// arm64. It has no effect but on timing, and never faults, whatever the address.
@_silgen_name("llvm.prefetch.p0")
private func llvmPrefetch(_ address: UnsafeRawPointer, _ write: Int32, _ locality: Int32, _ dataCache: Int32)
