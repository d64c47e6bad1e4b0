import Foundation
import ZhengceKit

/// Exact decimal arithmetic on its own, on values like the policies' (amounts in 元 with up to
/// two decimals, rates such as 0.3 or 0.05, counts): additions, products, a document's rounding to
/// its unit (÷ 10000, half-up to 2 places, × 10000), comparisons, reading and writing text.
enum DecimalArithmetic {
    static func run(seed: UInt64, count: Int) {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let amounts = (0..<count).map { _ in ExactDecimal(parsing: "\(next(5_000_000)).\(next(100))") ?? .zero }
        let rates = ["0.3", "0.05", "0.15", "1", "0.5", "0.125", "12", "3"].map { ExactDecimal(parsing: $0) ?? .one }
        let texts = amounts.map { $0.formatted(minimumPlaces: 2) }
        let unit = ExactDecimal(10_000)
        var sink = ExactDecimal.zero
        var matches = 0
        func measure(_ what: String, _ body: () throws(ArithmeticError) -> Void) {
            do {
                let time = try seconds { () throws(ArithmeticError) in try body() }
                row("decimal: \(what)", rate(count, time))
            } catch {
                fail("decimal: \(what) failed with \(error)")
            }
        }
        measure("add") { () throws(ArithmeticError) in
            for amount in amounts { sink = try sink.adding(amount) }
        }
        measure("multiply by a rate") { () throws(ArithmeticError) in
            for (index, amount) in amounts.enumerated() { sink = try amount.multiplied(by: rates[index & 7]) }
        }
        measure("round to 万元, 2 places, half-up") { () throws(ArithmeticError) in
            for amount in amounts { sink = try amount.divided(by: unit).rounded(toPlaces: 2, .halfUp).multiplied(by: unit) }
        }
        measure("divide by a count") { () throws(ArithmeticError) in
            for (index, amount) in amounts.enumerated() { sink = try amount.divided(by: ExactDecimal(index % 7 + 2)) }
        }
        measure("compare") { () throws(ArithmeticError) in
            for (index, amount) in amounts.enumerated() where amount < amounts[(index + 1) % count] { matches += 1 }
        }
        measure("parse") { () throws(ArithmeticError) in
            for text in texts where ExactDecimal(parsing: text) != nil { matches += 1 }
        }
        measure("format as 万元 (grouped, 2…6 places)") { () throws(ArithmeticError) in
            for amount in amounts { matches += amount.formatted(shiftedLeft: 4, minimumPlaces: 2, maximumPlaces: 6, grouped: true).utf8.count }
        }
        if sink.isNegative || matches < 0 { print("") }  // keeps the results alive
    }
}
