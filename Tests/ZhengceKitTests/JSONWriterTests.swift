import Testing
@testable import ZhengceKit

/// The JSON writer: strings escaped exactly as RFC 8259 asks, scalar by scalar, and the layout of
/// pretty and compact output.
@Suite struct JSONWriterTests {
    /// The escape rule written the plain way, one scalar at a time.
    func reference(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20: result += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    @Test(arguments: [
        "", "plain", "示例金融科技有限公司", "a\"b", "back\\slash", "line\r\nbreak", "\r\n", "\"\u{301}quote with a combining mark",
        "tab\there", "\u{1}\u{1f}\u{0}", "emoji 👩‍💻 and 𠀀", "end\\", "\"", "<script>alert(\"x\")</script>",
    ])
    func stringsAreEscapedScalarByScalar(_ text: String) {
        #expect(JSONOut.quote(text) == reference(text))
        #expect(JSONOut.string(text).rendered() == reference(text))
    }

    @Test func deepIndentationIsTwoSpacesPerLevel() {
        var value = JSONOut.int(1)
        for _ in 0..<40 { value = .array([value]) }
        let lines = value.rendered().split(separator: "\n")
        #expect(lines[40] == Substring(String(repeating: " ", count: 80) + "1"))
        #expect(lines.last == "]")
    }

    @Test func prettyAndCompactLayouts() {
        let value = JSONOut.object([
            ("a", .array([.int(1), .null, .bool(true)])),
            ("b", .object([])),
            ("c", .array([])),
            ("d", .object([("e", .raw("1.50"))])),
        ])
        #expect(value.rendered(pretty: false) == #"{"a":[1,null,true],"b":{},"c":[],"d":{"e":1.50}}"#)
        #expect(value.rendered() == """
        {
          "a": [
            1,
            null,
            true
          ],
          "b": {},
          "c": [],
          "d": {
            "e": 1.50
          }
        }
        """)
    }
}
