import Testing
@testable import ZhengceKit

/// What a frame of its own hands back: the trace steps and coverage keys it added, taken off the
/// evaluator's own, and nothing else.
@Suite struct EvaluatorFrameTests {
    @Test func theTailIsTakenOffAndReturned() {
        var array = [1, 2, 3, 4]
        let kept = array
        #expect(Evaluator.removeTail(of: &array, from: 2) == [3, 4])
        #expect(array == [1, 2])
        #expect(kept == [1, 2, 3, 4])
    }

    @Test func nothingAddedLeavesTheArrayAsItWas() {
        var array = [1, 2]
        #expect(Evaluator.removeTail(of: &array, from: 2).isEmpty)
        #expect(array == [1, 2])
        var empty: [Int] = []
        #expect(Evaluator.removeTail(of: &empty, from: 0).isEmpty)
        #expect(empty.isEmpty)
    }
}
