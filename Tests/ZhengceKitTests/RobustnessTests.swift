import Testing
@testable import ZhengceKit

/// Damaged input must give diagnostics, never a crash: each shipped policy is cut, spliced and
/// sprinkled with stray tokens (deterministically), then parsed, checked and formatted.
@Suite struct RobustnessTests {
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(max(1, bound)))
        }
    }

    static let stray = ["(", ")", "{", "}", "[", "]", ",", ":", "=>", "-", "*", "%", "万", "\"", "（", "，", "\u{202E}",
                        "when", "amount", "by", "sum(", "∞", "0:1", String(repeating: "9", count: 60), "\n", "??", "if", "else"]

    @Test(arguments: FormatterTests.shippedPaths)
    func damagedPoliciesNeverCrash(_ path: String) throws {
        let original = Array(try Zhengce.readSource(path).text.unicodeScalars)
        var random = Generator(state: UInt64(original.count))
        for _ in 0..<40 {
            var text = original
            for _ in 0..<(1 + random.next(6)) {
                let position = random.next(text.count)
                switch random.next(3) {
                case 0: text.insert(contentsOf: Self.stray[random.next(Self.stray.count)].unicodeScalars, at: position)
                case 1: text.removeSubrange(position..<min(text.count, position + 1 + random.next(30)))
                default:
                    let from = random.next(text.count)
                    text.insert(contentsOf: text[from..<min(text.count, from + random.next(40))], at: position)
                }
            }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: text)
            let source = SourceFile(path: path, text: String(view))
            let loaded = Zhengce.load([source])
            // Every message is located in the damaged file and renders with its source line.
            #expect(loaded.diagnostics.allSatisfy { $0.span.file === source && $0.line >= 1 && $0.column >= 1 })
            #expect(loaded.diagnostics.map(DiagnosticRenderer.text).allSatisfy { $0.hasPrefix("\(path):") })
            _ = try? Formatter.format(source)
        }
    }
}
