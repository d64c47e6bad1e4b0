import Testing
@testable import ZhengceKit

/// `in` and `not in` on sets of choices, small (compared one by one) and large (looked up by hash).
@Suite struct MembershipTests {
    static let choices = (1...12).map { "c\($0)" }

    static func program(_ set: [String]) -> Program {
        let declared = choices.map { "\"\($0)\"" }.joined(separator: ", ")
        let literal = set.map { "\"\($0)\"" }.joined(separator: ", ")
        let body = """
        fact kind: choice {\(declared)} "类别"
        fact kinds: set of choice {\(declared)} "类别集合"
        clause 1 "a" (第一条) {
          when kind in {\(literal)}
          amount 1万
        }
        clause 2 "b" (第二条) {
          when kind not in {\(literal)}
          amount 1万
        }
        clause 3 "c" (第三条) {
          when kinds in {\(literal)}
          amount 1万
        }
        """
        let loaded = Zhengce.load([SourceFile(path: "t.policy", text: header + body)])
        return loaded.program!
    }

    @Test(arguments: [2, 8, 9, 12])
    func membershipIsTheSameForEverySize(_ size: Int) throws {
        let set = Array(Self.choices.prefix(size))
        let program = Self.program(set)
        for choice in Self.choices {
            let facts = #"{"kind": "\#(choice)", "kinds": ["c12", "\#(choice)"]}"#
            let evaluation = try evaluate(facts, asOf: "2025-06-30", program: program)
            let inside = set.contains(choice)
            #expect((evaluation.status("t:1") == .granted) == inside)
            #expect((evaluation.status("t:2") == .granted) == !inside)
            #expect((evaluation.status("t:3") == .granted) == (inside || set.contains("c12")))
        }
    }
}
