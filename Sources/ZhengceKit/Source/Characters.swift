/// Character tables that the policy lexer and the JSON reader share.
enum Characters {
    /// Full-width punctuation a Chinese keyboard types, and the ASCII that was meant.
    static let fullWidth: [Unicode.Scalar: Unicode.Scalar] = [
        "（": "(", "）": ")", "：": ":", "，": ",", "；": ";", "【": "[", "】": "]",
        "｛": "{", "｝": "}", "＝": "=", "＋": "+", "－": "-", "＜": "<", "＞": ">",
        "。": ".", "．": ".", "“": "\"", "”": "\"", "　": " ",
        // A Chinese keyboard's `<` and `>` keys give book-title marks; `！` and `？` stand for `!`, `?`.
        "《": "<", "》": ">", "〈": "<", "〉": ">", "！": "!", "？": "?",
    ]

    /// The ASCII digit a full-width digit (`１`) stands for; nil for any other character.
    static func narrowDigit(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        (0xFF10...0xFF19).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0xFEE0) : nil
    }

    /// Bidirectional controls, which can make text read differently from how it runs.
    static let bidiControls: Set<UInt32> = [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C]
}
