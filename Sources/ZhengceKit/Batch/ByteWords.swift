/// Eight bytes read as one word and tested at once: the first byte of a run that ends the run is
/// found from the word's bits (`trailingZeroBitCount / 8`, the first byte in the lowest bits).
enum ByteWords {
    /// The high bit of each of eight bytes (the first in the lowest bits) that may be a quote, a
    /// backslash or a control character: each such byte is flagged, and any byte flagged wrongly
    /// comes after one flagged rightly.
    static func stops(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* UInt64(UInt8(ascii: "\""))), backslash = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
        let zeroByte = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
        let control = (word &- ones &* 0x20) & ~word
        return (zeroByte | control) & highs
    }

    /// The high bit of each byte of `word` that is not an ASCII digit, and no other bit. With the
    /// high bits cleared a byte is at most 0x7F, so adding 0x50 or 0x46 carries into no other byte:
    /// the first sets the high bit from 0x30 up, the second from 0x3A up.
    @inline(__always)
    static func notDigits(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs = ones &* 0x80
        let low = word & ~highs
        let fromZero = (low &+ ones &* 0x50) & highs
        let pastNine = (low &+ ones &* 0x46) & highs
        return (word & highs) | (fromZero ^ highs) | pastNine
    }
}
