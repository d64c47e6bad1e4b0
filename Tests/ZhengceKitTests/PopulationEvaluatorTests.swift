import Testing
@testable import ZhengceKit

/// The evaluator a population run reuses from one applicant to the next decides exactly what a
/// fresh evaluation decides, and an evaluation kept by the caller is not changed by the next one.
@Suite struct PopulationEvaluatorTests {
    /// Evaluates the applicant `facts` (a JSON object) on `day` with `reused` and afresh (with the
    /// trace when `explainFresh`), expects the same decisions, and returns the reused evaluation
    /// with the fresh one's decisions.
    func both(_ reused: inout PopulationEvaluator, _ program: Program, facts: String, on day: String,
              explainFresh: Bool = false) throws -> (Evaluation, [String]) {
        let applicant = try #require(Batch.boundApplicants(jsonLines: Array(#"{"facts": \#(facts)}"#.utf8), program: program).first)
        let again = reused.evaluate(applicant, asOf: Day(iso: day)!)
        let fresh = Zhengce.evaluate(program, applicant, asOf: Day(iso: day)!, explain: explainFresh).populationDecisions
        #expect(again.populationDecisions == fresh, "\(facts) on \(day)")
        return (again, fresh)
    }

    /// Each of `values` (`"name": value` members) alone, and each pair of them naming two facts,
    /// evaluated with `reused` and afresh with the trace on 2026-06-30.
    func everyPair(_ values: [String], _ reused: inout PopulationEvaluator, _ program: Program) throws {
        for (index, first) in values.enumerated() {
            for second in values[index...] where first.prefix(5) != second.prefix(5) || first == second {
                let facts = first == second ? "{\(first)}" : "{\(first), \(second)}"
                _ = try both(&reused, program, facts: facts, on: "2026-06-30", explainFresh: true)
            }
        }
    }

    func compare(_ program: Program, _ trees: [PolicyFile], seed: UInt64, count: Int) {
        var population = Population(program: program, trees: trees, seed: seed)
        let bound = (0..<count).compactMap { _ in Batch.boundApplicants(jsonLines: Array(population.nextLine().utf8), program: program).first }
        #expect(bound.count == count)
        var reused = PopulationEvaluator(program: program)
        var kept: [(Evaluation, [String])] = []
        for (index, applicant) in bound.enumerated() {
            let day = applicant.asOf ?? Day(iso: "2025-06-30")!
            let fresh = Zhengce.evaluate(program, applicant, asOf: day, explain: false)
            let again = reused.evaluate(applicant, asOf: day)
            #expect(again.populationDecisions == fresh.populationDecisions, "applicant \(index + 1)")
            // An explained evaluation reads every condition step by step, building each value: the
            // conditions decided without values (`Evaluator.decided`) agree with it.
            #expect(again.populationDecisions == Zhengce.evaluate(program, applicant, asOf: day, explain: true).populationDecisions, "applicant \(index + 1), explained")
            if index % 7 == 0 { kept.append((again, fresh.populationDecisions)) }
        }
        for (evaluation, expected) in kept { #expect(evaluation.populationDecisions == expected, "a kept evaluation changed") }
    }

    @Test func sameDecisionsAsAFreshEvaluationOnTheFixturePolicies() throws {
        let loaded = try Zhengce.load(paths: [fixturePolicies])
        let program = try #require(loaded.program)
        compare(program, loaded.trees, seed: 21, count: 400)
    }

    /// A population held in memory, evaluated in one call (each applicant's facts prefetched
    /// while the one before is evaluated), gives each applicant, in order, the evaluation a call
    /// per applicant gives; one bound to other policies gets its message; an error thrown by the
    /// caller stops the run.
    @Test func aPopulationEvaluatedInOneCallIsEvaluatedAsOneCallEach() throws {
        let loaded = try Zhengce.load(paths: [fixturePolicies])
        let program = try #require(loaded.program)
        var population = Population(program: program, trees: loaded.trees, seed: 23)
        var bound = (0..<300).compactMap { _ in Batch.boundApplicants(jsonLines: Array(population.nextLine().utf8), program: program).first }
        let otherProgram = try #require(Zhengce.load([SourceFile(path: "o.policy", text: header)]).program)
        let other = try #require(Batch.boundApplicants(jsonLines: Array(#"{"facts": {}}"#.utf8), program: otherProgram).first)
        bound.insert(other, at: 150)
        let day = { (given: Day?) in given ?? Day(iso: "2025-06-30")! }
        var single = PopulationEvaluator(program: program)
        let expected = bound.map { single.evaluate($0, asOf: day($0.asOf)).populationDecisions }
        var whole = PopulationEvaluator(program: program)
        var seen: [Int] = [], decisions: [[String]] = [], failures: [String] = []
        whole.evaluate(bound, asOf: day) { index, evaluation in
            seen.append(index)
            decisions.append(evaluation.populationDecisions)
            failures += evaluation.failures
        }
        #expect(seen == Array(bound.indices))
        #expect(decisions == expected)
        #expect(failures.contains { $0.contains("bound to another set of policies") })
        struct Stop: Error {}
        var calls = 0
        #expect(throws: Stop.self) {
            try whole.evaluate(bound, asOf: day) { index, _ in
                calls += 1
                if index == 9 { throw Stop() }
            }
        }
        #expect(calls == 10)
        whole.evaluate([], asOf: day) { _, _ in Issue.record("nobody to evaluate") }
    }

    /// The shipped policies as realistic input: two paths compared, no amount asserted.
    @Test func sameDecisionsAsAFreshEvaluationOnTheShippedPolicies() throws {
        let (shipped, shippedTrees) = try shippedPolicies()
        compare(shipped, shippedTrees, seed: 22, count: 200)
    }

    /// Three-valued conditions decided without building values: each form the fast reading
    /// knows (a fact, `not`, `and`, `or`, a comparison with a constant, a record's field, `in` a
    /// set, text equality, `is present`) with its facts given, false or missing, against the
    /// explained evaluation, which builds every value.
    @Test func conditionsDecidedWithoutValuesAgreeWithTheExplainedEvaluation() throws {
        let source = """
        policy dv {
          title "条件"
          valid from 2025-01-01 until 2027-12-31
          money in 万元 rounded to 0.01 half-up
          eligible when not banned "无不良"
        }
        fact banned: bool "不良"
        fact a: bool "甲"
        fact b: bool "乙"
        fact kind: choice {"x", "y", "z"} "类型"
        fact revenue: money in 万元 "收入"
        fact cover: record { premium: money in 万元 "保费" } "保险"
        clause 1 "与" (第一条) {
          when a and not b "甲且非乙"
          amount 1万
        }
        clause 2 "或" (第二条) {
          when a or b "甲或乙"
          when kind in {"x", "y"} and kind != "y" "类型"
          amount 2万
        }
        clause 3 "比较" (第三条) {
          applies when cover is present
          when revenue >= 100万 or cover.premium > 10万 "规模"
          amount 3万
        }
        clause 4 "嵌套" (第四条) {
          when not ((revenue > 5万 and b) or kind == "z") "非（规模且乙或类型）"
          amount 4万
        }
        """
        let program = try #require(Zhengce.load([SourceFile(path: "dv.policy", text: source)]).program)
        var reused = PopulationEvaluator(program: program)
        let values = [#""a": true"#, #""a": false"#, #""b": true"#, #""b": false"#, #""kind": "x""#, #""kind": "y""#,
                      #""revenue": 150"#, #""revenue": 100"#, #""revenue": 99.99"#, #""cover": {"premium": 11}"#, #""cover": {"premium": 10}"#,
                      #""cover": {}"#, #""banned": true"#, #""banned": false"#]
        // Every pair of given facts (most facts missing in each): missing, false and true meet in
        // every form.
        try everyPair(values, &reused, program)
        _ = try both(&reused, program, facts: #"{"a": true, "b": false, "kind": "x", "revenue": 5, "cover": {"premium": 12}, "banned": false}"#,
                     on: "2026-06-30", explainFresh: true)
        // A side that decides its `and` names none of the facts a side before it missed: `revenue`
        // missing and `b` false leave `kind` alone to ask for; both sides unknown name both.
        let (decided, _) = try both(&reused, program, facts: #"{"b": false}"#, on: "2026-06-30", explainFresh: true)
        #expect(decided.clauses[3].status == .undetermined && decided.clauses[3].missingFacts == ["kind"])
        let (open, _) = try both(&reused, program, facts: #"{"b": true}"#, on: "2026-06-30", explainFresh: true)
        #expect(open.clauses[3].status == .undetermined && open.clauses[3].missingFacts == ["kind", "revenue"])
    }

    /// A clause's amount rounded by its document's rule (`RoundingRule.round`), evaluated by the
    /// reused evaluator without a trace and afresh with one, which also shows it in the unit: the
    /// same amounts for every unit and mode, at ties, for negative amounts and for amounts with
    /// more places than the unit leaves room for.
    @Test func amountsRoundedWithoutATraceAreTheExplainedAmounts() throws {
        let documents = [("wan", "万元", "0.01", "half-up"), ("yuan", "元", "1", "down"), ("yi", "亿元", "0.0001", "up"),
                         ("tenth", "万元", "0.1", "half-even"), ("qian", "千万元", "1", "half-up"), ("usd", "美元", "0.01", "half-even")]
        let sources = documents.map { id, unit, step, mode in
            SourceFile(path: "\(id).policy", text: """
            policy \(id) {
              title "舍入"
              valid from 2025-01-01 until 2027-12-31
              money in \(unit) rounded to \(step) \(mode)
            }
            fact base: signed money in 元 "基数"
            fact rate: number "比例"
            clause 1 "金额" (第一条) {
              amount base * rate
            }
            """)
        }
        let program = try #require(Zhengce.load(sources).program)
        var reused = PopulationEvaluator(program: program)
        let bases = ["12345.5", "12344.5", "-12345.5", "50", "49.99", "150000000", "0.005", "99999999.995", "1",
                     "123456789.123456789", "0.000000000000000000001", "7",
                     // In 万元 more places than an exact decimal holds: the unit's reading decides.
                     "49.999999999999999999995", "49.99999999999999999999995", "49.999999999999999999999995",
                     "-49.999999999999999999999995"]
        let rates = ["1", "0.5", "0.333", "1.0001", "3"]
        var compared = 0
        for base in bases {
            for rate in rates {
                _ = try both(&reused, program, facts: #"{"base": "\#(base)", "rate": \#(rate)}"#, on: "2026-06-30", explainFresh: true)
                compared += 1
            }
        }
        #expect(compared == bases.count * rates.count)
        // The amounts are rounded at all: 12345.5 元 is 1.2346 万元 at 0.01 half-up, 12,300 元.
        let (evaluation, _) = try both(&reused, program, facts: #"{"base": "12345.5", "rate": 1}"#, on: "2026-06-30", explainFresh: true)
        #expect(evaluation.clauses.first { $0.document == "wan" }?.amount == ExactDecimal(12_300))
        #expect(evaluation.clauses.first { $0.document == "yuan" }?.amount == ExactDecimal(12_345))
    }

    /// Amounts, caps, floors, clause `let`s and the sides of comparisons computed on plain numbers
    /// (`Evaluator.numeric`): arithmetic, `min` and `max` of several numbers, `if … else`, bracket
    /// tables with a bound read from a fact, units that meet in a product, and `sum` and `max`
    /// over a list with a filter, each with its facts given, missing on either side, overflowing
    /// or dividing by zero, against the explained evaluation, which builds every value. A form it
    /// does not compute (a date, `clamp`) is evaluated as before, and a `let` kept as a number is
    /// given its value when such a form reads it (clause 9).
    @Test func amountsComputedOnPlainNumbersAgreeWithTheExplainedEvaluation() throws {
        let source = """
        policy pn {
          title "数值"
          valid from 2025-01-01 until 2027-12-31
          money in 万元 rounded to 0.01 half-up
        }
        fact a: money in 万元 "甲"
        fact b: money in 万元 "乙"
        fact n: number "数"
        fact flag: bool "标志"
        fact area: number in "平方米" "面积"
        fact price: money in "元/m²/天" "单价"
        fact since: date "日期"
        fact items: list of record { amount: money in 万元 "金额", gov: money in 万元 "政府部分", filed: bool "备案" } "项目"
        clause 1 "算术" (第一条) {
          amount a - b * 2 + a / n
        }
        clause 2 "最小" (第二条) {
          let uncovered = max(0万, a - b) "剩余"
          amount min(1:1 * b, uncovered, 30万)
          cap a * 2 per year
          floor n * 1万
        }
        clause 3 "选择" (第三条) {
          amount a * (60% if flag else 50%) + (b if a > b else 1万)
        }
        clause 4 "分档" (第四条) {
          amount by a {
            [0万, 10万) => 1万
            [10万, 50万) => a * 1% + b
            [50万, ∞) => max(5万, b)
          }
        }
        clause 5 "合计" (第五条) {
          applies when items is not empty
          amount sum(i in items where i.filed and i.amount - i.gov > 1万: min((i.amount - i.gov) * 10%, 10万))
        }
        clause 6 "最大" (第六条) {
          amount max(i in items where i.amount >= b: i.amount * 2 + i.gov) + max(0万, b)
        }
        clause 7 "单价" (第七条) {
          let unit = min(price * 50%, 3元/m²/天) "补贴单价"
          amount area * unit * 30天/月 * 12个月
        }
        clause 8 "条件" (第八条) {
          when a - b > 5万 "差额"
          when max(a, b, n * 1万) >= 10万 or since < 2020-01-01 "较大"
          amount a * 10000000000000000000000 / 10000000000000000000000
        }
        clause 9 "夹取" (第九条) {
          let gap = a - b "差额"
          when gap > 1万 "差额较大"
          amount clamp(gap, 1万, 20万)
        }
        """
        let program = try #require(Zhengce.load([SourceFile(path: "pn.policy", text: source)]).program)
        var reused = PopulationEvaluator(program: program)
        let values = [#""a": 20"#, #""a": 5"#, #""a": 10"#, #""a": 50"#, #""a": 60"#, #""a": "100000000000000""#, #""b": 3"#, #""b": 40"#,
                      #""n": 0"#, #""n": 4"#, #""flag": true"#, #""flag": false"#, #""area": 100"#, #""price": 8"#,
                      #""since": "2019-05-01""#, #""items": []"#, #""items": [{"amount": 30, "gov": 5, "filed": true}]"#,
                      #""items": [{"amount": 30, "gov": 5, "filed": true}, {"amount": 200, "gov": 1, "filed": true}, {"amount": 2, "filed": false}]"#,
                      #""items": [{"amount": 30, "filed": true}, {"amount": 80, "gov": 1}]"#,
                      #""items": [{"amount": 30, "gov": 5, "filed": true}, {"amount": 80, "filed": true}]"#, #""items": [{"gov": 5}, {"amount": 45, "gov": 1, "filed": true}]"#]
        try everyPair(values, &reused, program)
        // The forms' values, so that the comparison above is not of two empty evaluations.
        let (given, _) = try both(&reused, program, facts: #"{"a": 20, "b": 3, "n": 4, "flag": true, "area": 100, "price": 8, "items": [{"amount": 30, "gov": 5, "filed": true}]}"#,
                                  on: "2026-06-30", explainFresh: true)
        #expect(given.clauses.map(\.amount) == [ExactDecimal(190_000), ExactDecimal(40_000), ExactDecimal(150_000), ExactDecimal(32_000), ExactDecimal(25_000),
                                                 ExactDecimal(680_000), ExactDecimal(108_000), ExactDecimal(200_000), ExactDecimal(170_000)].map { Optional($0) })
        // Missing on the right of a subtraction, a division by zero and an overflow: named and
        // failed as the explained evaluation names and fails them.
        let (failed, _) = try both(&reused, program, facts: #"{"a": "100000000000000", "n": 0, "b": 3}"#, on: "2026-06-30", explainFresh: true)
        #expect(failed.clauses[0].status == .undetermined && failed.clauses[7].status == .undetermined && failed.failures.count == 2)
        let (missing, _) = try both(&reused, program, facts: #"{"a": 20, "n": 4}"#, on: "2026-06-30", explainFresh: true)
        // (A missing truth value is false: `flag` does not leave clause 3 unknown, `a > b` does.)
        #expect(missing.clauses[0].missingFacts == ["b"] && missing.clauses[2].missingFacts == ["b"] && missing.clauses[7].missingFacts == ["b", "since"])
    }

    /// `any` and `all` over a list, decided without building values, and `count` computed on plain
    /// numbers: text equality and `in` on an item's field and on a record fact's field, a filter,
    /// a comparison of numbers, a nested `any`, `not`, a body of another form (evaluated), and
    /// `count` with a filter in a condition and in an amount. Each with items that decide, that
    /// leave a field out before or after an item that decides (every item is read before the
    /// answer, so a later unknown wins), and with the list or the record missing, against the
    /// explained evaluation, which builds every value.
    @Test func anyAllAndCountDecidedWithoutValuesAgreeWithTheExplainedEvaluation() throws {
        let source = """
        policy aa {
          title "列表"
          valid from 2025-01-01 until 2027-12-31
          money in 万元 rounded to 0.01 half-up
        }
        fact items: list of record { kind: choice {"a", "b", "c"} "类型", amount: money in 万元 "金额", filed: bool "备案" } "项目"
        fact others: list of record { kind: choice {"a", "b", "c"} "类型" } "其他"
        fact rec: record { kind: choice {"x", "y", "z"} "类型" } "记录"
        clause 1 "任一" (第一条) {
          applies when any(i in items: i.kind == "a")
          amount 1万
        }
        clause 2 "全部" (第二条) {
          when all(i in items: i.kind in {"a", "b"}) "皆为甲乙"
          amount 2万
        }
        clause 3 "筛选" (第三条) {
          when any(i in items where i.filed: i.amount > 10万) "备案且较大"
          amount 3万
        }
        clause 4 "否定" (第四条) {
          when not any(i in items: i.kind != "c" and i.filed) "无"
          when all(i in items: any(o in others: o.kind == "b")) "嵌套"
          amount 4万
        }
        clause 5 "其他形式" (第五条) {
          when any(i in items: i.filed) or all(i in items where i.kind == "b": i.amount + 1万 >= 5万) "备案"
          amount 5万
        }
        clause 6 "计数" (第六条) {
          when count(i in items where i.kind == "b") >= 2 "两项"
          amount 1万 * count(items) + 1万 * count(i in items where i.filed)
        }
        clause 7 "记录" (第七条) {
          when rec.kind in {"x", "y"} "甲乙"
          when rec.kind != "y" "非乙"
          amount 7万
        }
        clause 8 "记录之外" (第八条) {
          when rec.kind not in {"y"} "非乙"
          amount 8万
        }
        clause 9 "按类筛选" (第九条) {
          when any(i in items where i.kind == "b": i.amount > 1万) "乙类较大"
          amount 9万
        }
        clause 10 "有项" (第十条) {
          when count(i in items where i.amount >= 1万) >= 1 "有项"
          amount 10万
        }
        """
        let program = try #require(Zhengce.load([SourceFile(path: "aa.policy", text: source)]).program)
        var reused = PopulationEvaluator(program: program)
        let values = [#""items": []"#, #""items": [{"kind": "a", "amount": 20, "filed": true}]"#,
                      #""items": [{"kind": "b", "amount": 4, "filed": false}, {"kind": "b", "amount": 30, "filed": true}]"#,
                      #""items": [{"kind": "a", "amount": 20, "filed": true}, {"amount": 5}]"#,
                      #""items": [{"filed": true}, {"kind": "a", "amount": 20, "filed": true}]"#,
                      #""items": [{"kind": "c", "amount": 50}, {"kind": "b", "filed": false}, {"kind": "b", "amount": 1, "filed": true}]"#,
                      #""others": []"#, #""others": [{"kind": "b"}]"#, #""others": [{"kind": "a"}, {}]"#,
                      #""rec": {"kind": "x"}"#, #""rec": {"kind": "y"}"#, #""rec": {"kind": "z"}"#, #""rec": {}"#]
        try everyPair(values, &reused, program)
        // The forms' answers, so that the comparison above is not of two empty evaluations.
        let (given, _) = try both(&reused, program, facts: #"{"items": [{"kind": "a", "amount": 20, "filed": true}, {"kind": "b", "amount": 30, "filed": true}, {"kind": "b", "amount": 2, "filed": false}], "others": [{"kind": "b"}], "rec": {"kind": "x"}}"#,
                                  on: "2026-06-30", explainFresh: true)
        #expect(given.clauses.map(\.status) == [.granted, .granted, .granted, .refused, .granted, .granted, .granted, .granted, .granted, .granted])
        #expect(given.clauses[5].amount == ExactDecimal(50_000))
        // A field left out after an item that decides `any`: unknown, naming the field.
        let (later, _) = try both(&reused, program, facts: #"{"items": [{"kind": "a", "amount": 20, "filed": true}, {"amount": 5, "filed": true}]}"#,
                                  on: "2026-06-30", explainFresh: true)
        #expect(later.clauses[0].status == .undetermined && later.clauses[0].missingFacts == ["items[2].kind"])
    }

    /// Comparisons of dates in conditions, filters and amounts, without a trace (where `decided`
    /// hands them to `truth`): `as_of`, a date written in the policy, a fact, a record's field, an
    /// item's field, a definition and a clause `let`, each moved by `add_years` with a known,
    /// missing, fractional or far too large count, against the explained evaluation (failures
    /// included).
    @Test func dateComparisonsWithoutATraceAgreeWithTheExplainedEvaluation() throws {
        let source = """
        policy dt {
          title "日期"
          valid from 2025-01-01 until 2027-12-31
          money in 万元 rounded to 0.01 half-up
        }
        fact start: date "开始"
        fact n: number "年数"
        fact ins: record { begun: date "起保" } "保险"
        fact items: list of record { on: date "日期", amount: money in 万元 "金额" } "项目"
        let anniversary = add_years(start, 1)
        clause 1 "满一年" (第一条) {
          when as_of >= add_years(start, 1) "满1年"
          amount 1万
        }
        clause 2 "满N年" (第二条) {
          when add_years(start, n) <= as_of "满N年"
          amount 2万
        }
        clause 3 "记录" (第三条) {
          applies when ins.begun < 2026-01-01
          when as_of > add_years(ins.begun, n) "起保满N年"
          amount 3万
        }
        clause 4 "项目" (第四条) {
          when any(i in items where i.on >= 2025-01-01: as_of >= add_years(i.on, 1)) "有满1年的项目"
          amount sum(i in items where i.on <= 2026-01-01 and as_of >= add_years(i.on, n): i.amount)
        }
        clause 5 "定义" (第五条) {
          let due = add_years(anniversary, n)
          when anniversary <= as_of "定义"
          when due != as_of "不是当天"
          amount 5万
        }
        """
        let program = try #require(Zhengce.load([SourceFile(path: "dt.policy", text: source)]).program)
        var reused = PopulationEvaluator(program: program)
        let values = [#""start": "2025-06-30""#, #""start": "2024-02-29""#, #""start": "2026-07-01""#,
                      #""n": 1"#, #""n": 0"#, #""n": 1.5"#, #""n": 9223372036854775807"#,
                      #""ins": {"begun": "2025-06-30"}"#, #""ins": {"begun": "2026-06-30"}"#, #""ins": {}"#,
                      #""items": [{"on": "2025-06-30", "amount": 4}, {"on": "2024-01-01", "amount": 1}]"#,
                      #""items": [{"amount": 4}, {"on": "2025-06-29", "amount": 2}]"#, #""items": [{"on": "2026-06-30"}]"#]
        try everyPair(values, &reused, program)
        for facts in [#"{"start": "2024-06-30", "n": 1, "ins": {"begun": "2025-01-01"}, "items": [{"on": "2025-06-30", "amount": 4}, {"on": "2025-01-01", "amount": 3}]}"#,
                      #"{"start": "2024-06-30", "n": 1.5, "ins": {"begun": "2025-01-01"}, "items": [{"on": "2025-06-30", "amount": 4}]}"#,
                      #"{"start": "2024-06-30", "ins": {"begun": "2025-01-01"}, "items": [{"on": "2026-06-30", "amount": 4}]}"#] {
            for day in ["2025-06-30", "2026-06-30", "2026-07-01"] { _ = try both(&reused, program, facts: facts, on: day, explainFresh: true) }
        }
        // The forms' answers, so that the comparisons above are not of two empty evaluations.
        let (given, _) = try both(&reused, program, facts: #"{"start": "2024-06-30", "n": 1, "ins": {"begun": "2025-01-01"}, "items": [{"on": "2025-06-30", "amount": 4}, {"on": "2025-01-01", "amount": 3}]}"#,
                                  on: "2026-06-30", explainFresh: true)
        // 5: the day `due` falls on is the evaluation's.
        #expect(given.clauses.map(\.status) == [.granted, .granted, .granted, .granted, .refused])
        #expect(given.clauses[3].amount == ExactDecimal(70_000))
        let (failed, _) = try both(&reused, program, facts: #"{"start": "2024-06-30", "n": 9223372036854775807}"#, on: "2026-06-30", explainFresh: true)
        #expect(failed.clauses.map(\.status) == [.granted, .undetermined, .undetermined, .refused, .undetermined])
        #expect(failed.failures.count == 2)
    }

    /// The forms the fast reading takes from definitions, clause `let`s, record fields and lists:
    /// a true-or-false definition or `let`, a comparison whose side is one, a record's true-or-false
    /// field, `is empty` and `is not empty` on a list, and a comparison whose left side is missing
    /// while its right side would fail. Each with its facts given, false or missing, against the
    /// explained evaluation. Clauses 7–10 have a `let` at the same place, known, missing, failing
    /// and constant: each clause reads its own, never the one the clause before left.
    @Test func conditionsOnDefinitionsLetsFieldsAndListsDecidedWithoutValuesAgree() throws {
        let source = """
        policy dl {
          title "条件"
          valid from 2025-01-01 until 2027-12-31
          money in 万元 rounded to 0.01 half-up
        }
        fact small: bool "小微"
        fact revenue: money in 万元 "收入"
        fact divisor: number "除数"
        fact cover: record { premium: money in 万元 "保费", renewed: bool "续保" } "保险"
        fact loans: list of record { interest: money in 万元 "利息" } "贷款"
        let large = revenue >= 100万 "规模以上"
        let doubled = revenue * 2 "两倍收入"
        clause 1 "定义" (第一条) {
          when large or small "规模以上或小微"
          when doubled > 150万 "两倍收入"
          amount 1万
        }
        clause 2 "局部" (第二条) {
          let paid = sum(l in loans: l.interest) "利息合计"
          let many = count(loans) >= 2 "多笔贷款"
          applies when loans is not empty
          when many and paid >= 3万 "多笔且利息"
          amount paid
        }
        clause 3 "字段" (第三条) {
          when cover.renewed "续保"
          when loans is empty "无贷款"
          amount 3万
        }
        clause 4 "右侧失败" (第四条) {
          when revenue > 10万 / divisor "收入"
          amount 4万
        }
        let share_large = revenue / divisor > 10万 and (large or small) "份额"
        clause 5 "定义失败" (第五条) {
          when share_large "份额"
          amount 5万 if large else 1万
        }
        clause 6 "定义再读" (第六条) {
          when not share_large or small "份额或小微"
          amount 6万 if share_large else 2万
        }
        clause 7 "局部一" (第七条) {
          let base = revenue * 2 "两倍"
          amount base
        }
        clause 8 "局部二" (第八条) {
          let base = cover.premium "保费"
          amount base
        }
        clause 9 "局部失败" (第九条) {
          let base = revenue / divisor "比例"
          amount base
        }
        clause 10 "局部其后" (第十条) {
          let base = 3万 "三万"
          amount base
        }
        """
        let program = try #require(Zhengce.load([SourceFile(path: "dl.policy", text: source)]).program)
        var reused = PopulationEvaluator(program: program)
        let values = [#""small": true"#, #""small": false"#, #""revenue": 150"#, #""revenue": 70"#, #""revenue": 100"#,
                      #""divisor": 0"#, #""divisor": 2"#, #""cover": {"renewed": true}"#, #""cover": {"renewed": false}"#,
                      #""cover": {"premium": 1}"#, #""loans": []"#, #""loans": [{"interest": 1}]"#,
                      #""loans": [{"interest": 1}, {"interest": 2.5}]"#, #""loans": [{"interest": 1}, {"interest": 1}]"#,
                      #""loans": [{"interest": 1}, {}]"#]
        try everyPair(values, &reused, program)
        let (evaluation, _) = try both(&reused, program, facts: #"{"revenue": 80, "divisor": 0, "loans": []}"#, on: "2026-06-30", explainFresh: true)
        // The right side is read once the left is known: division by zero, the clause undetermined;
        // the definition that divides fails for both clauses that read it.
        #expect(evaluation.clauses[3].status == .undetermined && evaluation.clauses[4].status == .undetermined)
        #expect(evaluation.clauses[5].status == .undetermined && evaluation.failures.count == 4)
        // A clause's `let`s are its own: the `let` of the same place in the clause before, known
        // or failed, is not read for it.
        #expect(evaluation.clauses[6].amount == ExactDecimal(1_600_000))
        #expect(evaluation.clauses[7].status == .undetermined && evaluation.clauses[7].amount == nil)
        #expect(evaluation.clauses[8].status == .undetermined && evaluation.clauses[9].amount == ExactDecimal(30_000))
        // A truth-valued definition decided for a condition keeps its value for the amount.
        let (decided, _) = try both(&reused, program, facts: #"{"revenue": 150, "divisor": 1, "small": false}"#, on: "2026-06-30")
        #expect(decided.clauses[4].amount == ExactDecimal(50_000) && decided.clauses[5].status == .refused)
        let (unknown, _) = try both(&reused, program, facts: #"{"divisor": 1, "small": true}"#, on: "2026-06-30")
        #expect(unknown.clauses[4].missingFacts == ["revenue"] && unknown.clauses[5].status == .undetermined)
    }

    @Test func explainingGivesTheFullEvaluation() throws {
        var population = Population(program: fixture, trees: try Zhengce.load(paths: [fixturePolicies]).trees, seed: 3)
        let applicant = try #require(Batch.boundApplicants(jsonLines: Array(population.nextLine().utf8), program: fixture).first)
        var evaluator = PopulationEvaluator(program: fixture, explain: true)
        let day = Day(iso: "2025-06-30")!
        let explained = evaluator.evaluate(applicant, asOf: day)
        let fresh = Zhengce.evaluate(fixture, applicant, asOf: day, explain: true)
        #expect(explained.clauses.map(\.trace.count) == fresh.clauses.map(\.trace.count))
        #expect(explained.documents.map(\.reasons) == fresh.documents.map(\.reasons))
    }

    /// A document without clauses, not in force or with undecided eligibility, beside one with a
    /// clause: the pass that settles the clauses documents decide has none to settle for it.
    @Test func aDocumentWithoutClausesIsSettledWithoutAnyClause() throws {
        let empty = """
        policy empty {
          title "空"
          valid from 2030-01-01 until 2031-12-31
          money in 万元 rounded to 0.01 half-up
          eligible when flag "条件"
        }

        fact flag: bool "条件"
        """
        let other = """
        policy other {
          title "另一"
          valid not stated
          money in 万元 rounded to 0.01 half-up
        }

        clause 1 "补助" (第一条) {
          amount 10万
        }
        """
        // Alone (a program with no clause at all), and beside a document with a clause.
        for sources in [[("empty", empty)], [("empty", empty), ("other", other)]] {
            let program = try #require(Zhengce.load(sources.map { SourceFile(path: "\($0.0).policy", text: $0.1) }).program)
            var reused = PopulationEvaluator(program: program)
            for (facts, day) in [("{}", "2025-06-30"), ("{}", "2030-06-30"), (#"{"flag": false}"#, "2030-06-30")] {
                let (again, _) = try both(&reused, program, facts: facts, on: day)
                #expect(again.documents.count == sources.count)
                if sources.count == 2 {
                    #expect(again.clause("other:1")?.status == .granted)
                    #expect(again.clause("other:1")?.validityStated == false)
                }
            }
        }
    }

    /// A benefit or an amountless clause without a condition is settled with its open document,
    /// before any clause is evaluated: taken (so that a precedence rule over it weighs), written
    /// as refused again for the next applicant its document refuses, and marked where the
    /// document states no validity.
    @Test func clausesWithNothingToReadAreTakenWhenTheirDocumentIsOpen() throws {
        let source = """
        policy tw {
          title "无条件"
          valid from 2025-01-01 until 2026-12-31
          money in 万元 rounded to 0.01 half-up
          eligible when registered "已登记"
        }
        fact registered: bool "已登记"
        fact small: bool "小微"
        benefit 1 "服务" (第一条) {
        }
        clause 2 "未定金额" (第二条) {
          amount unspecified
        }
        benefit 3 "小微服务" (第三条) {
          when small "小微"
        }
        exclusive 1 over {3} (第四条)
        clause 5 "金额" (第五条) {
          when not small "非小微"
          amount 1万
        }
        """
        let unstated = """
        policy ns {
          title "未载明"
          valid not stated
          money in 万元 rounded to 0.01 half-up
          eligible when registered "已登记"
        }
        fact registered: bool "已登记"
        benefit 1 "服务" (第一条) {
        }
        """
        let benefitsOnly = """
        policy ob {
          title "仅服务"
          valid from 2025-01-01 until 2026-12-31
          eligible when registered "已登记"
        }
        fact registered: bool "已登记"
        benefit 1 "服务" (第一条) {
        }
        """
        let files = [SourceFile(path: "tw.policy", text: source), SourceFile(path: "ns.policy", text: unstated),
                     SourceFile(path: "ob.policy", text: benefitsOnly)]
        let program = try #require(Zhengce.load(files).program)
        var reused = PopulationEvaluator(program: program)
        try everyPair([#""registered": true"#, #""registered": false"#, #""small": true"#, #""small": false"#], &reused, program)
        let ids = ["tw:1", "tw:2", "tw:3", "tw:5", "ns:1", "ob:1"]
        for day in ["2026-06-30", "2027-06-30", "2026-06-30"] {
            let (open, _) = try both(&reused, program, facts: #"{"registered": true, "small": true}"#, on: day)
            let statuses = ids.map { open.clause($0)?.status }
            // Only the settled clauses and 3 are taken: the rule over 3 weighs because they count.
            let inForce = day == "2026-06-30"
            #expect(statuses == (inForce ? [.benefit, .eligible, .excluded, .refused, .benefit, .benefit] : [.refused, .refused, .refused, .refused, .benefit, .refused]))
            #expect(open.clause("ns:1")?.validityStated == false && open.clause("tw:1")?.validityStated == true)
            // A document whose clauses were all settled open is refused again in full.
            let (closed, _) = try both(&reused, program, facts: #"{"registered": false}"#, on: day)
            #expect(closed.clause("ns:1")?.status == .refused && closed.clause("ob:1")?.status == .refused)
        }
    }

    /// A clause whose first condition compares one choice or text fact with quoted values (`==`,
    /// `!=`, `in`, `not in`, `not`, `and` and `or` of such tests of the same fact, a definition
    /// that is one, or one that reads another) is settled with its open document when the fact's
    /// text makes the condition false, as the explained evaluation finds it; a fact left out, a
    /// choice with a default, tests of two facts and a text canonically equal to a value but
    /// written with other bytes give the same outcomes as evaluating the clause.
    @Test func clausesWhoseFirstConditionComparesAChoiceAreSettledWithTheirDocument() throws {
        let text = """
        policy ct {
          title "选项"
          valid from 2025-01-01 until 2026-12-31
          money in 万元 rounded to 0.01 half-up
          eligible when registered "已登记"
        }
        fact registered: bool "已登记"
        fact kind: choice {"bank", "fund", "lease", "other"} "类型"
        fact form: choice {"legal", "branch"} = "legal" "形式"
        fact label: text "名称"
        let financial = kind in {"bank", "fund"} "金融"
        let leasing = kind == "lease" "租赁"
        let either = financial or leasing "金融或租赁"
        clause 1 "银行" (第一条) {
          when kind == "bank" "银行"
          amount 1万
        }
        clause 2 "非基金" (第二条) {
          applies when kind != "fund"
          amount 2万
        }
        clause 3 "金融" (第三条) {
          applies when financial
          amount 3万
        }
        clause 4 "金融或租赁" (第四条) {
          applies when either
          amount 4万
        }
        clause 5 "非金融" (第五条) {
          when kind not in {"bank", "fund"} "非金融"
          amount 5万
        }
        clause 6 "否定" (第六条) {
          applies when not financial and kind != "other"
          amount 6万
        }
        clause 7 "法人" (第七条) {
          applies when form == "legal"
          amount 7万
        }
        clause 8 "名称" (第八条) {
          applies when label == "K"
          amount 8万
        }
        clause 9 "两个事实" (第九条) {
          applies when kind == "bank" or form == "branch"
          amount 9万
        }
        benefit 10 "服务" (第十条) {
          when kind in {"fund"} or kind == "lease" "基金或租赁"
        }
        clause 11 "叠加" (第十一条) {
          applies when leasing
          amount amount(ct:1) + 1万
        }
        clause 12 "或否" (第十二条) {
          applies when kind == "lease" or kind != "bank"
          amount 12万
        }
        clause 13 "否且" (第十三条) {
          applies when kind != "bank" and kind in {"bank", "fund", "lease"}
          amount 13万
        }
        clause 14 "且否" (第十四条) {
          applies when financial and kind != "fund"
          amount 14万
        }
        clause 15 "否或" (第十五条) {
          applies when kind != "bank" or kind == "fund"
          amount 15万
        }
        clause 16 "且" (第十六条) {
          applies when kind in {"bank", "fund"} and kind in {"fund", "lease"}
          amount 16万
        }
        clause 17 "否或否" (第十七条) {
          applies when kind not in {"bank", "fund"} or kind != "fund"
          amount 17万
        }
        exclusive highest {1, 2, 3} tie first (第十八条)
        """
        let program = try #require(Zhengce.load([SourceFile(path: "ct.policy", text: text)]).program)
        let compiled = try #require(program.compiled)
        // Every clause but 9 (two facts) starts with a test of one fact's text.
        #expect(compiled.documents[0].gatedByOneFact.map { compiled.clauses[$0.clause].id.description }
            == ["ct:1", "ct:2", "ct:3", "ct:4", "ct:5", "ct:6", "ct:7", "ct:8", "ct:10", "ct:11", "ct:12", "ct:13", "ct:14", "ct:15", "ct:16", "ct:17"])
        var reused = PopulationEvaluator(program: program)
        let values = [
            #""kind": "bank""#, #""kind": "fund""#, #""kind": "lease""#, #""kind": "other""#, #""form": "branch""#, #""form": "legal""#,
            #""label": "K""#, #""label": "K""#, #""label": "KK""#,
        ]
        var settled = 0
        for registered in [#""registered": true"#, #""registered": false"#] {
            for (index, first) in values.enumerated() {
                for second in values[index...] where first.prefix(6) != second.prefix(6) || first == second {
                    let facts = "{\(registered), \(first)" + (first == second ? "}" : ", \(second)}")
                    let (evaluation, _) = try both(&reused, program, facts: facts, on: "2026-06-30", explainFresh: true)
                    settled += evaluation.clauses.count { $0.status == .notApplicable || $0.status == .refused }
                }
            }
            _ = try both(&reused, program, facts: "{\(registered)}", on: "2026-06-30", explainFresh: true)
        }
        #expect(settled > 100)
        // The test settles a clause exactly when its one condition is false: when the explained
        // evaluation finds it not applicable or refused.
        let document = compiled.documents[0]
        for kind in ["bank", "fund", "lease", "other"] {
            let facts = #"{"registered": true, "kind": "\#(kind)"}"#
            let applicant = try #require(Batch.boundApplicants(jsonLines: Array(#"{"facts": \#(facts)}"#.utf8), program: program).first)
            let fresh = Zhengce.evaluate(program, applicant, asOf: Day(iso: "2026-06-30")!, explain: true)
            for gated in document.gatedByOneFact {
                let fails = applicant.facts.withUnsafeBufferPointer { facts in document.gateTexts.withUnsafeBufferPointer { gated.test.fails(facts, $0) } }
                let id = compiled.clauses[gated.clause].id.description
                let status = try #require(fresh.clause(id)?.status)
                #expect(fails == (status == .notApplicable || status == .refused), "\(id) with \(kind): \(status)")
            }
        }
        // The Kelvin sign is canonically the letter K: equal texts, as `==` compares them.
        let (kelvin, _) = try both(&reused, program, facts: #"{"registered": true, "label": "\u212A"}"#, on: "2026-06-30")
        #expect(kelvin.clause("ct:8")?.status == .granted)
        let (unknown, _) = try both(&reused, program, facts: #"{"registered": true}"#, on: "2026-06-30")
        #expect(["ct:1", "ct:3", "ct:7", "ct:8"].map { unknown.clause($0)?.status } == [.undetermined, .undetermined, .granted, .undetermined])
    }

    /// A text test passes over a text of another length without comparing it only when its quoted
    /// values are ASCII without `;`, `` ` `` and `K`: a text of another length may still be equal to
    /// any other value, as `==` compares texts (by canonical equivalence).
    @Test func textTestsPassOverTextsOfAnotherLengthOnlyWhenNoOtherTextEqualsThem() throws {
        for byte in UInt8(0)..<0x80 {
            let text = String(UnicodeScalar(byte))
            #expect(text.comparesByLength == !";`K".utf8.contains(byte), "\(byte)")
        }
        // The three characters beyond ASCII that are canonically an ASCII one.
        #expect(["\u{037E}", "\u{1FEF}", "\u{212A}"] == [";", "`", "K"])
        #expect(!"café".comparesByLength && "bank_tier2".comparesByLength && "".comparesByLength)
        let text = """
        policy tl {
          title "长度"
          valid from 2025-01-01 until 2026-12-31
          money in 万元 rounded to 0.01 half-up
        }
        fact label: text "名称"
        clause 1 "纯" (第一条) {
          applies when label in {"ab", "abcd"}
          amount 1万
        }
        clause 2 "分号" (第二条) {
          applies when label == "a;"
          amount 2万
        }
        clause 3 "重音" (第三条) {
          applies when label != "café"
          amount 3万
        }
        """
        let program = try #require(Zhengce.load([SourceFile(path: "tl.policy", text: text)]).program)
        let compiled = try #require(program.compiled)
        let byLength = compiled.documents[0].gatedByOneFact.map { gated -> Bool? in
            if case .text(_, _, _, let byLength) = gated.test { return byLength }
            return nil
        }
        #expect(byLength == [true, false, false])
        var reused = PopulationEvaluator(program: program)
        let labels = ["ab", "abc", "abcd", "a", "", "ａｂ", "a;", "a\u{037E}", "a;;", "café", "cafe\u{0301}", "cafe", "caf\u{00E9}s"]
        var outcomes: [String: [ClauseOutcome.Status?]] = [:]
        for label in labels {
            let escaped = label.unicodeScalars.map { $0.isASCII ? String($0) : String(format: "\\u%04X", $0.value) }.joined()
            let (evaluation, _) = try both(&reused, program, facts: #"{"label": "\#(escaped)"}"#, on: "2026-06-30", explainFresh: true)
            outcomes[label] = ["tl:1", "tl:2", "tl:3"].map { evaluation.clause($0)?.status }
        }
        #expect(outcomes["ab"] == [.granted, .notApplicable, .granted])
        #expect(outcomes["abc"] == [.notApplicable, .notApplicable, .granted])
        #expect(outcomes["a\u{037E}"] == [.notApplicable, .granted, .granted])
        #expect(outcomes["cafe\u{0301}"] == [.notApplicable, .notApplicable, .notApplicable])
        #expect(outcomes["caf\u{00E9}s"] == [.notApplicable, .notApplicable, .granted])
    }

    /// A clause whose first condition reads one fact alone (a fact, or a record fact's field, is
    /// present, absent, empty or not; a truth-valued fact) is settled with its open document when
    /// that fact makes the condition false: not applicable after `applies when`, refused after
    /// `when`, as the explained evaluation finds it; a clause whose amount reads a settled one, a
    /// rule over settled clauses and a document that states no validity see the same outcomes.
    @Test func clausesWhoseFirstConditionReadsOneFactAreSettledWithTheirDocument() throws {
        let gated = """
        policy gf {
          title "单一事实"
          valid from 2025-01-01 until 2026-12-31
          money in 万元 rounded to 0.01 half-up
          eligible when registered "已登记"
        }
        fact registered: bool "已登记"
        fact licensed: bool "持牌"
        fact insured: record { premium: money in 万元 "保费", start: date "起保日" } "保险"
        fact loans: list of record { amount: money in 万元 "金额" } "贷款"
        fact listing: record { ipo: date "上市日", neeq: bool "新三板" } "上市"
        clause 1 "保费" (第一条) {
          applies when insured is present
          amount insured.premium * 50%
        }
        clause 2 "贷款" (第二条) {
          applies when loans is not empty
          amount sum(l in loans: l.amount)
        }
        clause 3 "持牌" (第三条) {
          applies when licensed
          amount 2万
        }
        clause 4 "持牌条件" (第四条) {
          when licensed "持牌"
          amount 3万
        }
        benefit 5 "上市服务" (第五条) {
          applies when listing.ipo is present
        }
        clause 6 "无贷款" (第六条) {
          applies when loans is empty
          amount 1万
        }
        clause 7 "未投保" (第七条) {
          applies when insured is absent
          amount 1万
        }
        clause 8 "非新三板" (第八条) {
          applies when listing.neeq is absent
          amount 1万
        }
        clause 9 "叠加" (第九条) {
          applies when licensed
          amount amount(gf:1) + 1万
        }
        clause 10 "未持牌" (第十条) {
          when not licensed "未持牌"
          amount 1万
        }
        exclusive highest {1, 3, 7} tie first (第十一条)
        """
        let unstated = """
        policy gu {
          title "未载明"
          valid not stated
          money in 万元 rounded to 0.01 half-up
          eligible when registered "已登记"
        }
        fact registered: bool "已登记"
        fact licensed: bool "持牌"
        clause 1 "持牌" (第一条) {
          applies when licensed
          amount 1万
        }
        """
        let files = [SourceFile(path: "gf.policy", text: gated), SourceFile(path: "gu.policy", text: unstated)]
        let program = try #require(Zhengce.load(files).program)
        let compiled = try #require(program.compiled)
        #expect(compiled.documents.map(\.gatedByOneFact.count) == [10, 1], "every clause's first condition reads one fact")
        #expect(compiled.documents[0].gatedByOneFact.map(\.applies) == [true, true, true, false, true, true, true, true, true, false])
        var reused = PopulationEvaluator(program: program)
        let values = [
            #""licensed": true"#, #""licensed": false"#, #""insured": {"premium": "12"}"#, #""insured": {"start": "2025-01-01"}"#,
            #""loans": []"#, #""loans": [{"amount": "3"}]"#, #""listing": {}"#, #""listing": {"ipo": "2025-03-01", "neeq": false}"#,
            #""listing": {"neeq": true}"#,
        ]
        // Each value alone and each pair naming two facts, in an open document and in one the
        // applicant may not use.
        for registered in [#""registered": true"#, #""registered": false"#] {
            for (index, first) in values.enumerated() {
                for second in values[index...] where first.prefix(6) != second.prefix(6) || first == second {
                    let facts = "{\(registered), \(first)" + (first == second ? "}" : ", \(second)}")
                    _ = try both(&reused, program, facts: facts, on: "2026-06-30", explainFresh: true)
                }
            }
        }
        // Settled, then evaluated, then settled again by the same evaluator.
        for facts in [#"{"registered": true}"#, #"{"registered": true, "licensed": true, "insured": {"premium": 100}, "loans": [{"amount": 1}]}"#,
                      #"{"registered": true, "licensed": false}"#] {
            let (evaluation, _) = try both(&reused, program, facts: facts, on: "2026-06-30", explainFresh: true)
            if facts == #"{"registered": true}"# {
                // A truth-valued fact left out is false.
                #expect(["gf:1", "gf:2", "gf:3", "gf:4", "gf:5", "gf:9", "gu:1"].map { evaluation.clause($0)?.status }
                    == [.notApplicable, .notApplicable, .notApplicable, .refused, .notApplicable, .notApplicable, .notApplicable])
                #expect(evaluation.clause("gu:1")?.validityStated == false)
            }
        }
    }

    /// A population run reads a document's eligibility conditions up to the first false one: the
    /// applicant is then not eligible whatever the others say, and the facts they miss are not
    /// named (an explained evaluation reads them all, and gives its reasons).
    /// A population run leaves the eligibility of a document not in force unassessed (its clauses
    /// are refused either way), unless a clause of it may be cashed after it ends.
    @Test func eligibilityOfADocumentNotInForceIsNotAssessedWithoutACashableClause() throws {
        func source(_ id: String, survives: Bool) -> SourceFile {
            SourceFile(path: "\(id).policy", text: """
            policy \(id) {
              title "已到期"
              valid from 2020-01-01 until 2024-12-31
              money in 万元 rounded to 0.01 half-up
              eligible when registered "已登记"
              eligible when revenue / staff > 1万 "人均营收"
            }
            fact registered: bool "已登记"
            fact revenue: money in 万元 "营收"
            fact staff: number "人数"
            clause 1 "奖励" (第一条) {
              \(survives ? "survives expiry" : "")
              amount 1万
            }
            """)
        }
        let program = try #require(Zhengce.load([source("closed", survives: false), source("cashable", survives: true)]).program)
        var reused = PopulationEvaluator(program: program)
        for facts in [#"{"registered": false}"#, #"{"registered": true, "revenue": "5", "staff": 0}"#, #"{"registered": true}"#,
                      #"{"registered": true, "revenue": "50", "staff": 2}"#] {
            let (evaluation, _) = try both(&reused, program, facts: facts, on: "2026-06-30", explainFresh: true)
            let applicant = try #require(Batch.boundApplicants(jsonLines: Array(#"{"facts": \#(facts)}"#.utf8), program: program).first)
            let explained = Zhengce.evaluate(program, applicant, asOf: Day(iso: "2026-06-30"), explain: true)
            let closed = try #require(evaluation.documents.first { $0.id == "closed" })
            let cashable = try #require(evaluation.documents.first { $0.id == "cashable" })
            let explainedCashable = try #require(explained.documents.first { $0.id == "cashable" })
            // Not assessed: left as a fresh outcome has it, with nothing missing and no reason.
            #expect(!closed.inForce && closed.eligible == true && closed.missingFacts.isEmpty && closed.reasons.isEmpty, "\(facts)")
            #expect(evaluation.clause("closed:1")?.status == .refused)
            // Assessed as the explained evaluation assesses it.
            #expect(!cashable.inForce && cashable.eligible == explainedCashable.eligible && cashable.missingFacts == explainedCashable.missingFacts, "\(facts)")
            #expect(evaluation.clause("cashable:1")?.status == explained.clause("cashable:1")?.status)
            if facts == #"{"registered": true}"# {
                #expect(explained.documents.first { $0.id == "closed" }?.eligible == nil && cashable.eligible == nil)
            }
            if facts == #"{"registered": true, "revenue": "50", "staff": 2}"# {
                #expect(evaluation.clause("cashable:1")?.status == .granted)
            }
        }
    }

    /// An eligibility condition made of one-fact tests (a truth-valued fact or its `not`, a choice
    /// against quoted values, a presence test, an `or` or `and` of them over several facts) is
    /// decided in place by a population run when the facts decide it, and evaluated otherwise:
    /// the same eligibility, and the same missing facts, as the explained evaluation gives.
    @Test func eligibilityOfOneFactTestsIsDecidedInPlace() throws {
        let conditions = [
            "a", "not a and not b", "a or b", #"kind in {"x", "y"}"#, #"kind == "x" and c"#, #"a or kind != "x" or c"#,
            "a and (b or c)", "rec.f is present or items is not empty", "not c and rec.f is absent", #"not (kind == "z") or n > 1"#,
        ]
        var files: [SourceFile] = []
        for (index, condition) in conditions.enumerated() {
            files.append(SourceFile(path: "e\(index).policy", text: """
            policy e\(index) {
              title "资格\(index)"
              valid from 2025-01-01 until 2026-12-31
              money in 万元 rounded to 0.01 half-up
              eligible when \(condition) "条件"
            }
            fact a: bool = false "甲"
            fact b: bool "乙"
            fact c: bool "丙"
            fact kind: choice {"x", "y", "z"} "类型"
            fact rec: record { f: bool "字段" } "记录"
            fact items: list of money in 万元 "清单"
            fact n: number "数"
            clause 1 "奖励" (第一条) {
              amount 1万
            }
            """))
        }
        let program = try #require(Zhengce.load(files).program)
        let compiled = try #require(program.compiled)
        #expect(compiled.documents.map { $0.eligibilityGates.first.flatMap { $0 }?.tests.count ?? 0 } == [1, 2, 2, 1, 2, 3, 0, 2, 2, 0])
        var reused = PopulationEvaluator(program: program)
        var decided = 0
        let truths = ["true", "false", nil]
        for a in truths { for b in truths { for c in truths { for kind in ["x", "y", "z", nil] { for (rec, items) in [("{\"f\": true}", "[]"), ("{}", "[1]"), (nil, nil)] {
            var members: [String] = []
            if let a { members.append(#""a": \#(a)"#) }
            if let b { members.append(#""b": \#(b)"#) }
            if let c { members.append(#""c": \#(c)"#) }
            if let kind { members.append(#""kind": "\#(kind)""#) }
            if let rec { members.append(#""rec": \#(rec)"#) }
            if let items { members.append(#""items": \#(items)"#) }
            let facts = "{" + members.joined(separator: ", ") + "}"
            let (evaluation, _) = try both(&reused, program, facts: facts, on: "2026-06-30", explainFresh: true)
            // The gate's own answer, where it gives one, is the explained eligibility.
            let applicant = try #require(Batch.boundApplicants(jsonLines: Array(#"{"facts": \#(facts)}"#.utf8), program: program).first)
            let explained = Zhengce.evaluate(program, applicant, asOf: Day(iso: "2026-06-30")!, explain: true)
            for (d, document) in compiled.documents.enumerated() {
                guard let holds = applicant.facts.withUnsafeBufferPointer({ document.decideEligibility(0, $0) }) else { continue }
                decided += 1
                #expect(explained.documents[d].eligible == holds, "\(conditions[d]) with \(facts)")
                #expect(evaluation.documents[d].eligible == holds, "\(conditions[d]) with \(facts)")
            }
        } } } } }
        #expect(decided > 1_000)
    }

    @Test func eligibilityStopsAtTheFirstConditionThatFails() throws {
        let source = """
        policy ef {
          title "资格"
          valid from 2025-01-01 until 2026-12-31
          money in 万元 rounded to 0.01 half-up
          eligible when registered "已登记"
          eligible when revenue > 1万 "营收"
          eligible when revenue / staff > 1万 "人均营收"
        }
        fact registered: bool "已登记"
        fact revenue: money in 万元 "营收"
        fact staff: number "人数"
        clause 1 "奖励" (第一条) {
          amount 1万
        }
        """
        let program = try #require(Zhengce.load([SourceFile(path: "ef.policy", text: source)]).program)
        var reused = PopulationEvaluator(program: program)
        for facts in [#"{"registered": false}"#, #"{"registered": true}"#, #"{"registered": false, "revenue": "5", "staff": 0}"#,
                      #"{"registered": true, "revenue": "5", "staff": 0}"#, #"{"registered": true, "revenue": "0.5"}"#, #"{}"#,
                      #"{"registered": true, "revenue": "50", "staff": 2}"#] {
            let (evaluation, _) = try both(&reused, program, facts: facts, on: "2026-06-30", explainFresh: true)
            let document = try #require(evaluation.documents.first)
            switch facts {
            case #"{"registered": false}"#, #"{}"#:
                #expect(document.eligible == false && document.missingFacts.isEmpty, "\(facts)")
            case #"{"registered": false, "revenue": "5", "staff": 0}"#:
                // The division by zero after the false condition is not reached.
                #expect(document.eligible == false && document.reasons.isEmpty)
                let explained = Zhengce.evaluate(program, try #require(Batch.boundApplicants(jsonLines: Array(#"{"facts": \#(facts)}"#.utf8), program: program).first),
                                                 asOf: Day(iso: "2026-06-30"), explain: true)
                #expect(explained.documents.first?.reasons.contains { $0.hasPrefix("eligibility could not be evaluated") } == true)
            case #"{"registered": true}"#:
                #expect(document.eligible == nil && document.missingFacts.first == "revenue", "\(document.missingFacts)")
            default:
                break
            }
        }
    }

    /// Whether a rule between clauses has anything to do is read from the members' clause indices
    /// alone (at least two members granted, the first member and another taken, a capped member
    /// granted); the rule then decides as it always did. Members of several clauses, a rule with
    /// one member granted, and every kind of rule after another in the same program.
    @Test func rulesBetweenClausesActOnlyWhenTheyHaveSomethingToWeigh() throws {
        let source = """
        policy rr {
          title "规则"
          valid from 2025-01-01 until 2027-12-31
          money in 万元 rounded to 0.01 half-up
        }

        fact a: bool "甲"
        fact b: bool "乙"
        fact c: bool "丙"
        fact p: bool "优先"

        clause 1a "甲一" (第一条) {
          when a "甲"
          amount 10万
        }
        clause 1b "甲二" (第一条) {
          when a "甲"
          amount 5万
        }
        clause 2 "乙" (第二条) {
          when b "乙"
          amount 12万
        }
        clause 3 "丙" (第三条) {
          when c "丙"
          amount 20万
        }
        exclusive highest {1a + 1b, 2, 3} tie first (第四条)
        benefit 5 "优先服务" (第五条) {
          applies when p
        }
        benefit 6 "一般服务" (第六条) {
          applies when b
        }
        exclusive 5 over {6} (第七条)
        clause 8 "奖励" (第八条) {
          when b "乙"
          amount 45万
        }
        clause 9 "补助" (第九条) {
          when c "丙"
          amount 30万
        }
        shared cap 40万 {8, 9} reduce in order (第十条)
        """
        let program = try #require(Zhengce.load([SourceFile(path: "rr.policy", text: source)]).program)
        var reused = PopulationEvaluator(program: program)
        func evaluate(_ facts: String) throws -> Evaluation {
            try both(&reused, program, facts: facts, on: "2025-06-30", explainFresh: true).0
        }
        func statuses(_ evaluation: Evaluation, _ ids: [String]) -> [String] {
            ids.map { "\($0)=\(evaluation.clause("rr:\($0)")?.status.rawValue ?? "?")" }
        }
        let ids = ["1a", "1b", "2", "3", "5", "6", "8", "9"]

        // One member granted (of two clauses): nothing to weigh.
        let one = try evaluate(#"{"a": true, "b": false, "c": false, "p": false}"#)
        #expect(statuses(one, ids) == ["1a=granted", "1b=granted", "2=refused", "3=refused", "5=not_applicable", "6=not_applicable", "8=refused", "9=refused"])
        #expect(one.total == ExactDecimal(150_000))
        // Two members granted: the higher (1a + 1b, 15万) keeps, 2 is excluded; 6 is taken without 5; 8 alone passes the cap.
        let two = try evaluate(#"{"a": true, "b": true, "c": false, "p": false}"#)
        #expect(statuses(two, ids) == ["1a=granted", "1b=granted", "2=excluded", "3=refused", "5=not_applicable", "6=benefit", "8=granted", "9=refused"])
        #expect(two.clause("rr:2")?.excludedBy == "rr:1a")
        #expect(two.clause("rr:8")?.granted == ExactDecimal(400_000))
        // Totals add what is left after the rules: 15万 + 40万.
        #expect(two.total == ExactDecimal(550_000))
        #expect(two.documents.first?.total == ExactDecimal(550_000))
        // The first member of the precedence rule taken with another: 6 is excluded; 8 and 9 together pass the cap, which leaves 9 nothing.
        let all = try evaluate(#"{"a": false, "b": true, "c": true, "p": true}"#)
        #expect(statuses(all, ids) == ["1a=refused", "1b=refused", "2=excluded", "3=granted", "5=benefit", "6=excluded", "8=granted", "9=excluded"])
        #expect(all.clause("rr:6")?.excludedByPrecedence == true)
        #expect(all.clause("rr:8")?.granted == ExactDecimal(400_000))
        #expect(all.clause("rr:9")?.granted == ExactDecimal.zero)
        #expect(all.total == ExactDecimal(600_000))
        // Only the first member of the precedence rule taken: nothing is excluded.
        let first = try evaluate(#"{"a": false, "b": false, "c": false, "p": true}"#)
        #expect(statuses(first, ids) == ["1a=refused", "1b=refused", "2=refused", "3=refused", "5=benefit", "6=not_applicable", "8=refused", "9=refused"])
    }

    /// A document that refuses every clause leaves them written for the next applicant it refuses
    /// the same way; once a clause of it is evaluated, the next refusal writes them again.
    @Test func clausesRefusedAgainAfterAnApplicantTheDocumentAccepted() throws {
        let source = """
        policy sa {
          title "重复"
          valid from 2025-01-01 until 2027-12-31
          money in 万元 rounded to 0.01 half-up
          eligible when ok "条件"
        }

        fact ok: bool "条件"
        fact big: bool "较大"

        clause 1 "补助" (第一条) {
          amount 10万 if big else 5万
        }
        benefit 2 "服务" (第二条) {
        }
        """
        let program = try #require(Zhengce.load([SourceFile(path: "sa.policy", text: source)]).program)
        var reused = PopulationEvaluator(program: program)
        var kept: [(Evaluation, [String])] = []
        for (ok, big, day) in [(false, true, "2025-06-30"), (false, false, "2025-06-30"), (true, true, "2025-06-30"), (false, true, "2025-06-30"),
                               (true, false, "2025-06-30"), (true, false, "2028-06-30"), (false, true, "2028-06-30"), (false, true, "2025-06-30")] {
            let facts = #"{"ok": \#(ok), "big": \#(big)}"#
            let (again, fresh) = try both(&reused, program, facts: facts, on: day)
            let granted = ok && day == "2025-06-30"
            #expect(again.clause("sa:1")?.status == (granted ? .granted : .refused), "\(facts) on \(day)")
            #expect(again.clause("sa:2")?.status == (granted ? .benefit : .refused), "\(facts) on \(day)")
            #expect(again.total == (granted ? ExactDecimal(big ? 100_000 : 50_000) : .zero), "\(facts) on \(day)")
            kept.append((again, fresh))
        }
        for (evaluation, expected) in kept { #expect(evaluation.populationDecisions == expected, "a kept evaluation changed") }
    }

    /// Verdicts that refuse every clause (not eligible; not in force, before the start or after the
    /// end) write the same outcomes and follow one another without writing them again; a verdict
    /// that leaves a clause cashable after expiry open, or an undecided eligibility, does not pass
    /// for one of them.
    @Test func everyVerdictThatRefusesAllClausesWritesTheSameOutcomes() throws {
        let source = """
        policy sv {
          title "到期"
          valid from 2025-01-01 until 2027-12-31
          money in 万元 rounded to 0.01 half-up
          eligible when size >= 1 "规模"
        }

        fact size: number "规模"

        clause 1 "补助" (第一条) {
          amount 5万
        }
        benefit 2 "服务" (第二条) {
        }
        clause 3 "到期后兑现" (第三条) {
          survives expiry
          amount 3万
        }
        """
        let program = try #require(Zhengce.load([SourceFile(path: "sv.policy", text: source)]).program)
        var reused = PopulationEvaluator(program: program)
        var kept: [(Evaluation, [String])] = []
        // (eligible, or null when the fact is missing; day; the status of clause 3)
        let runs: [(String, String, ClauseOutcome.Status)] = [
            ("false", "2026-06-30", .refused), ("true", "2028-06-30", .granted), ("true", "2024-06-30", .refused),
            ("false", "2028-06-30", .refused), ("true", "2028-06-30", .granted), ("null", "2026-06-30", .undetermined),
            ("false", "2026-06-30", .refused), ("false", "2024-06-30", .refused), ("true", "2024-06-30", .refused),
            ("true", "2028-06-30", .granted), ("false", "2024-06-30", .refused), ("true", "2026-06-30", .granted),
            ("false", "2026-06-30", .refused),
        ]
        for (ok, day, third) in runs {
            let facts = ok == "null" ? "{}" : #"{"size": \#(ok == "true" ? 2 : 0)}"#
            let (again, fresh) = try both(&reused, program, facts: facts, on: day)
            #expect(again.clause("sv:3")?.status == third, "\(facts) on \(day)")
            let first: ClauseOutcome.Status = ok == "null" ? .undetermined : ok == "true" && day == "2026-06-30" ? .granted : .refused
            #expect(again.clause("sv:1")?.status == first, "\(facts) on \(day)")
            kept.append((again, fresh))
        }
        for (evaluation, expected) in kept { #expect(evaluation.populationDecisions == expected, "a kept evaluation changed") }
    }
}
