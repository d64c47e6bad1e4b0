extension ReportPhrases {
    static let chinese = ReportPhrases(
        applicant: { name, asOf in "申请人 \(name ?? "（未命名）") · 评估日期 \(asOf)" },
        summary: "结果一览",
        columns: ["文件", "条款", "标题", "结果", "金额"],
        statuses: [
            .granted: "给予", .refused: "不符合", .excluded: "就高排除", .undetermined: "待补充",
            .benefit: "可享受", .eligible: "符合（金额未定）", .notApplicable: "不适用",
        ],
        notInForce: "未生效",
        notEligible: "不符合适用范围",
        eligibilityUndecided: "适用范围待定",
        documentTotal: "合计",
        total: "总计",
        explanations: "逐条说明",
        benefits: "可享受的支持措施（无金额）",
        replacedBy: { "由 \($0) 代替" },
        installments: "分年拨付",
        year: { "\($0)年" },
        excludedNote: "就高不重复排除",
        precedenceExcluded: "优先适用排除",
        precedenceNote: "优先适用排除",
        capUsedUp: "共同上限用尽",
        capUsedUpNote: "共同上限用尽",
        cutFrom: { "共同上限由 \($0) 核减" },
        validityNotStated: "有效期未载明",
        validityNotStatedNote: "有效期：原文未载明，按有效计算",
        pleaseProvide: "请提供",
        missingQuestion: { fact, label in label.map { "\($0)（\(fact)）是多少？" } ?? "\(fact) 是多少？" },
        yes: "是", no: "否", about: "约", listSeparator: "，", colon: "：",
        quoted: { "“\($0)”" },
        aside: { "（\($0)）" },
        step: chineseStep,
        htmlLanguage: "zh-CN",
        htmlTitle: "政策评估报告",
        htmlDetails: "依据"
    )

    static let chineseScopes: [CapScope: String] = [
        .item: "每项", .time: "每次", .project: "每个项目", .year: "每年", .enterprise: "每家企业", .clause: "本条合计", .cumulative: "累计",
    ]

    static let chineseRounding: [ExactDecimal.Rounding: String] = [.halfUp: "四舍五入", .halfEven: "四舍六入五成双", .down: "舍去", .up: "进一"]

    static let chineseFunctions = ["sum": "求和", "min": "取最小值", "max": "取最大值", "count": "计数"]

    @Sendable static func chineseStep(_ detail: TraceDetail, _ v: ReportValues) -> String {
        func failed(_ f: FailedCondition) -> String {
            (f.label.map { "\($0)：" } ?? "") + "\(v.code(f.expression)) 不成立" + v.readings(f.readings)
        }
        func list(_ cells: [Cell]) -> String { cells.map(v.cell).joined(separator: "、") }
        switch detail {
        case .notInForce(_, let asOf, let validity):
            return "评估日 \(asOf) 不在文件有效期内（\(chineseValidity(validity))）"
        case .survivesExpiry(let document): return "文件 \(document) 已失效，但本条款在失效后仍可兑现"
        case .notEligible(let f): return "不符合适用范围：" + failed(f)
        case .eligibilityNeeds(let facts): return "适用范围待定，缺少：" + facts.joined(separator: "、")
        case .doesNotApply(let expression, let readings): return "不适用：\(v.code(expression)) 不成立" + v.readings(readings)
        case .holds(let expression, let readings): return "条件成立：\(v.code(expression))" + v.readings(readings)
        case .undecided(let expression, let needs): return "条件待定：\(v.code(expression))，缺少 " + needs.joined(separator: "、")
        case .fails(let f): return "条件不成立：" + failed(f)
        case .benefit: return "可享受此项支持措施（无金额）"
        case .eligibleWithoutAmount: return "符合条件；文件承诺资金支持，但未规定金额"
        case .amountNeeds(let facts): return "金额待定，缺少：" + facts.joined(separator: "、")
        case .amountIsZero: return "金额为 0，不予给予"
        case .failed(let message, let at): return "计算失败：\(chineseFailure(message))（\(at)）"
        case .local(let name, let expression, let value, let label):
            return "\(name)\(label.map { "（\($0)）" } ?? "") = \(v.code(expression)) = \(v.cell(value))"
        case .clauseAmount(let clause, let amount, let status):
            return "引用 \(clause) 的金额：\(v.money(amount))（\(chinese.statuses[status] ?? status.rawValue)）"
        case .amount(let expression, let value, let readings):
            return "金额 = \(v.code(expression)) = \(v.money(value))" + v.readings(readings)
        case .extremum(let function, let inputs, let result):
            return "\(function == "min" ? "取较小值" : "取较大值")：\(list(inputs)) → \(v.cell(result))"
        case .clamp(let value, let low, let high, let result):
            return "限定在 \(v.cell(low)) 至 \(v.cell(high)) 之间：\(v.cell(value)) → \(v.cell(result))"
        case .aggregate(let function, let counted, let items, let expression, let values, let result):
            return "\(v.code(expression)) 共 \(items) 项，其中 \(counted) 项计入，\(chineseFunctions[function] ?? function)：\(list(values)) → \(v.cell(result))"
        case .bracket(let expression, let value, let arm): return "\(v.code(expression)) = \(v.cell(value))，适用 \(arm) 档"
        case .noBracket(let expression, let value): return "\(v.code(expression)) = \(v.cell(value))，不在任何档内，金额为 0"
        case .steps(let expression, let quantity, let count, let step, let threshold, let increment, let result):
            return "\(v.code(expression)) = \(v.cell(quantity))，超过 \(v.cell(threshold)) 的部分含 \(count.formatted()) 个完整的 \(v.cell(step))："
                + "\(count.formatted()) × \(v.cell(increment)) = \(v.cell(result))"
        case .yearWithoutRate(let year, let relative, let start):
            return relative < 1 ? "\(year)年早于第1年（\(start)年），不计" : "\(year)年为自\(start)年起第\(relative)年，没有适用的比例，不计"
        case .yearShare(let year, let relative, let start, let band, let rate, let value, let share, let paid):
            let held = paid == share ? "" : "，按每年上限计 \(v.cell(paid))"
            return "\(year)年为自\(start)年起第\(relative)年（第\(band.lowerBound)至\(band.upperBound)年）：\(v.percent(rate)) × \(v.cell(value)) = \(v.cell(share))\(held)"
        case .yearlyTotal(let expression, let total): return "\(v.code(expression)) 逐年合计 \(v.cell(total))"
        case .cap(let scope, let label, let limit, let prior, let before, let applied):
            let name = "\(label ?? chineseScopes[scope] ?? scope.rawValue)上限 \(v.money(limit))"
                + (prior.map { "（已扣除已获得的 \(v.money($0))）" } ?? "")
            return applied ? "\(name)：\(v.money(before)) → \(v.money(limit))" : "未超过\(name)"
        case .floor(let label, let floor, let before):
            return "\(label ?? "")保底 \(v.money(floor))：\(v.money(before)) → \(v.money(floor))"
        case .rounding(let mode, let places, let unit, let from, let to):
            return "按\(unit.name)\(chineseRounding[mode] ?? mode.rawValue)保留 \(places) 位小数：\(v.money(from)) → \(v.money(to))"
        case .schedule(let installments, let atOnce):
            guard !installments.isEmpty else { return "一次拨付：金额中没有按年拨付的部分" }
            return "分年拨付：" + installments.map { "\($0.year)年 \(v.money($0.amount))" }.joined(separator: "，")
                + (atOnce.map { "（其中 \(v.money($0)) 于首年一次拨付）" } ?? "")
        case .excluded(let by, let winning, let own, let choice):
            let winner = by.joined(separator: " + ")
            return choice ? "可择一享受，推荐 \(winner)（\(v.money(winning))，本项 \(v.money(own))）"
                : "就高不重复：由 \(winner) 代替（\(v.money(winning))，本项 \(v.money(own))）"
        case .kept(let over, let choice):
            let others = over.map { $0.joined(separator: " + ") }.joined(separator: "、")
            return choice ? "可择一享受，推荐本项，而非 \(others)" : "就高不重复：保留本项，不再享受 \(others)"
        case .precedenceExcluded(let by): return "优先适用：已享受 \(by) 的，不再享受本项"
        case .precedenceKept(let over): return "优先适用本项，不再享受 \(over.joined(separator: "、"))"
        case .sharedCapNotReached(let limit, let members, let together):
            return "未超过共同上限 \(v.money(limit))（\(members.joined(separator: " + "))）：合计 \(v.money(together))"
        case .sharedCap(let limit, let members, let reduction, let together, let before, let after):
            let how = reduction == .inOrder ? "按列出顺序拨付" : "各项按同一比例核减"
            let own = after < before ? "本项 \(v.money(before)) → \(v.money(after))" : "本项全额保留"
            return "适用共同上限 \(v.money(limit))（\(members.joined(separator: " + "))，\(how)）：合计 \(v.money(together))，\(own)"
        case .sharedCapPending(let limit, let members, let pending):
            return "共同上限 \(v.money(limit))（\(members.joined(separator: " + "))）：\(pending.joined(separator: "、")) 待定，确定后可能占用部分额度，本项金额暂定"
        case .reducedSchedule(let installments):
            return "按核减后的金额分年拨付：" + installments.map { "\($0.year)年 \(v.money($0.amount))" }.joined(separator: "，")
        case .validityNotStated(let document, let asOf): return "文件 \(document) 原文未载明有效期，按评估日 \(asOf) 有效计算"
        }
    }

    static let chineseFailures = [("arithmetic overflow", "数值溢出"), ("division by zero", "除数为零")]

    /// The evaluator's message on arithmetic it could not do, in Chinese (`除数为零：`a / b``).
    static func chineseFailure(_ message: String) -> String {
        for (english, chinese) in chineseFailures where message.hasPrefix(english) {
            let rest = message.dropFirst(english.count)
            return chinese + (rest.hasPrefix(" in ") ? "：" + rest.dropFirst(4) : rest)
        }
        return message
    }

    static func chineseValidity(_ validity: Validity) -> String {
        let start = validity.start.map(\.description) ?? "…"
        switch validity.end {
        case .open: return "\(start) 起长期有效"
        case .until(let end): return "\(start) 至 \(end)"
        case .years(let years): return "\(start) 起 \(years) 年"
        }
    }
}
