import Foundation
import Testing
@testable import ZhengceKit

/// The checks an analyst expects (Z110, Z111, Z330, Z331) and help lines that lead to a fix
/// the language accepts. Each on its own inline policy.
@Suite struct AnalystChecksTests {
    func found(_ body: String, others: [(String, String)] = []) -> [Diagnostic] {
        diagnose(header + body, others: others)
    }

    func codes(_ body: String, others: [(String, String)] = []) -> [String] {
        found(body, others: others).map(\.code.rawValue)
    }

    // MARK: Caps

    /// `min(…)` bounds an amount by its bounded argument, `max(…)` only when every argument is
    /// bounded: a cap at or above that bound never binds.
    @Test func capAboveWhatMinAllowsNeverBinds() {
        let body = """
        fact premium: money in 万元 "保费"
        clause 2 "保费补贴" (第二条) {
          amount min(premium * 50%, 40万)
          cap LIMIT per year
        }
        """
        func with(_ limit: String, _ text: String = body) -> [String] { codes(text.replacingOccurrences(of: "LIMIT", with: limit)) }
        let warning = found(body.replacingOccurrences(of: "LIMIT", with: "50万")).first { $0.code == .capNeverBinds }
        #expect(warning?.message.contains("at most 40万") == true)
        #expect(with("40万").contains("Z305"))
        #expect(!with("39万").contains("Z305"))
        // The larger of a bounded and an unbounded amount has no bound.
        #expect(!with("1000万", body.replacingOccurrences(of: "min(", with: "max(")).contains("Z305"))
        // The larger of two bounded amounts is at most the larger bound.
        let both = body.replacingOccurrences(of: "min(premium * 50%, 40万)", with: "max(20万 if premium > 1万 else 10万, 30万)")
        #expect(with("30万", both).contains("Z305"))
        #expect(!with("29万", both).contains("Z305"))
    }

    /// Of two fixed caps of one scope, only the lower can bind: the other is reported, whichever
    /// comes first; caps of other scopes, or with a floor in the clause, are left alone.
    @Test func aCapAboveAnotherOfItsScopeNeverBinds() {
        func caps(_ lines: String) -> [Diagnostic] {
            found("""
            fact premium: money in 万元 "保费"
            clause 2 "保费补贴" (第二条) {
              amount premium * 50%
            \(lines)
            }
            """).filter { $0.code == .capNeverBinds }
        }
        let later = caps("  cap 10万 per year\n  cap 20万 per year")
        #expect(later.map(\.message) == ["this cap can never bind: the clause's cap 10万 per year (line 9) is lower or the same"])
        #expect(later.first?.line == 10)
        #expect(caps("  cap 20万 per year\n  cap 10万 per year").map(\.line) == [9])
        #expect(caps("  cap 10万 per year\n  cap 10万 per year").map(\.line) == [10])
        #expect(caps("  cap 10万 per year\n  cap 20万 per item").isEmpty)
        #expect(caps("  cap 10万 per year\n  floor 15万\n  cap 20万 per year").isEmpty)
    }

    /// Date arithmetic, a plain zero beside money and a quoted date: one error each, with the
    /// form the language has for it.
    @Test func formsOfOtherLanguagesGetTheFormToWrite() {
        let found = found("""
        fact registration_date: date "注册日期"
        fact revenue: money in 万元 "营收"
        clause 1 "a" (第一条) {
          when as_of - registration_date >= 3 years
          amount 1万
        }
        clause 2 "b" (第二条) {
          amount revenue * 10% if revenue > 1000万 else 0
        }
        clause 3 "c" (第三条) {
          when registration_date >= "2025-01-01"
          amount 1万
        }
        """).filter { $0.severity == .error }
        #expect(found.map(\.message) == ["dates are not subtracted; a time between two dates is a comparison",
                                          "`years` does not continue the statement before it",
                                          "both branches of `if … else` mix money (CNY) and number",
                                          "the two sides of `>=` must have one type, but they are date and text"])
        #expect(found.map(\.help) == ["for N full years, compare with the earlier date moved by `add_years`: `as_of >= add_years(registration_date, N)`",
                                       "full years between two dates are a comparison: `as_of >= add_years(registration_date, 3)`",
                                       "write the money unit on the number: `0万`",
                                       "a date is written without quotes: `2025-01-01`, not `\"2025-01-01\"`"])
    }

    @Test func capBelowTheLeastAmountAlwaysBinds() {
        let body = """
        fact premium: money in 万元 "保费"
        clause 2 "保费补贴" (第二条) {
          when premium >= 100万
          amount premium * 50%
          cap 20万 per year
        }
        """
        let warning = found(body).first { $0.code == .capAlwaysBinds }
        #expect(warning?.message.contains("at least 50万") == true, "\(found(body).map(\.message))")
        #expect(warning?.line == 10)
        // A lower threshold leaves amounts under the cap: no warning.
        #expect(!codes(body.replacingOccurrences(of: "100万", with: "10万")).contains("Z330"))
        // Without a threshold the amount can be as small as zero.
        #expect(!codes(body.replacingOccurrences(of: "  when premium >= 100万\n", with: "")).contains("Z330"))
    }

    @Test func capBelowEveryArmOfATableAlwaysBinds() {
        let body = """
        fact revenue: money in 万元 "收入"
        clause 4 "奖励" (第四条) {
          amount by revenue {
            [1亿, 5亿) => revenue * 1%
            [5亿, ∞) => revenue * 2%
          }
          cap 50万
        }
        """
        #expect(codes(body).contains("Z330"))
        #expect(!codes(body.replacingOccurrences(of: "cap 50万", with: "cap 100万")).contains("Z330"))
    }

    @Test func fixedAmountAboveItsOwnCap() {
        let body = """
        fact listed: bool "上市"
        clause 3 "上市奖励" (第三条) {
          when listed
          amount 600万
          cap 500万
        }
        """
        let warning = found(body).first { $0.code == .constantAboveCap }
        #expect(warning?.message.contains("600万") == true && warning?.message.contains("500万") == true)
        #expect(!codes(body).contains("Z330"), "one warning for one mistake")
        #expect(!codes(body.replacingOccurrences(of: "600万", with: "500万")).contains("Z331"))
    }

    @Test func anArmAboveTheCapIsNamed() {
        let body = """
        fact c: money in 万元 "c"
        clause 8 "a" (第八条) {
          amount by c {
            [1亿, 5亿) => 500万
            [5亿, ∞) => 1000万
          }
          cap 800万
        }
        """
        let warnings = found(body).filter { $0.code == .constantAboveCap }
        #expect(warnings.count == 1 && warnings.first?.line == 10)
    }

    // MARK: Facts

    static let other = """
    policy u {
      title "另一份"
      valid from 2025-01-01 until 2028-12-31
      money in 万元 rounded to 0.01 half-up
    }
    fact interest_paid: money in 万元 "已付利息"
    clause 1 "贴息" (第一条) {
      amount interest_paid * 50%
    }
    """

    @Test func aFactNamedAlmostLikeAnotherFilesIsReportedOnce() {
        let body = """
        fact interest_payed: money in 万元 "已付利息"
        clause 1 "贴息" (第一条) {
          amount interest_payed * 30%
        }
        """
        let warnings = found(body, others: [("u.policy", Self.other)]).filter { $0.code == .nearDuplicateFact }
        #expect(warnings.count == 1)
        #expect(warnings.first?.message.contains("`interest_paid`") == true)
    }

    /// Of several names near a new one, of other lengths, the message on the new one names the
    /// first in alphabetical order, not the shortest (the file loaded last, `v.policy`, is where the new name is).
    @Test func theNearNameNamedIsTheFirstInAlphabeticalOrder() {
        let body = """
        fact interest_pyd: money in 万元 "已付利息"
        fact interest_paayd: money in 万元 "已付利息"
        clause 1 "贴息" (第一条) {
          amount interest_pyd + interest_paayd
        }
        """
        let newer = Self.other.replacingOccurrences(of: "interest_paid", with: "interest_payd")
        let onNewer = found(body, others: [("v.policy", newer)]).filter { $0.code == .nearDuplicateFact && $0.span.file?.path == "v.policy" }
        #expect(onNewer.count == 1)
        // (`interest_pyd` is as near, and shorter, but comes later in the alphabet.)
        #expect(onNewer.first?.message.contains("declares `interest_paayd`,") == true)
    }

    @Test func namesThatDifferOnlyInDigitsOrClearlyAreNotReported() {
        let series = Self.other.replacingOccurrences(of: "interest_paid", with: "revenue_2023")
        let body = """
        fact revenue_2024: money in 万元 "收入"
        clause 1 "a" (第一条) {
          amount revenue_2024 * 1%
        }
        """
        #expect(!codes(body, others: [("u.policy", series)]).contains("Z110"))
        let distinct = body.replacingOccurrences(of: "revenue_2024", with: "premium_income")
        #expect(!codes(distinct, others: [("u.policy", Self.other)]).contains("Z110"))
    }

    @Test func freeTextComparedWithFixedValuesShouldBeAChoice() {
        let body = """
        fact registered_district: text "注册地所在区"
        clause 1 "落户" (第一条) {
          when registered_district in {"西城区", "东城区"}
          amount 10万
        }
        """
        let warning = found(body).first { $0.code == .textComparedWithLiterals }
        #expect(warning?.help?.contains(#"choice {"西城区", "东城区", …}"#) == true, "\(String(describing: warning?.help))")
        let choice = body.replacingOccurrences(of: "text", with: #"choice {"西城区", "东城区", "海淀区"}"#)
        #expect(!codes(choice).contains("Z111"))
    }

    // MARK: Help lines

    @Test func fullWidthSemicolonIsDeletedNotReplaced() {
        let body = """
        fact c: money in 万元 "c"
        clause 8 "a" (第八条) {
          amount by c {
            [1亿, 5亿) => 500万；
            [5亿, ∞) => 1000万
          }
          cap 2000万；
        }
        """
        let all = found(body)
        #expect(all.map(\.code) == [.fullWidthPunctuation, .fullWidthPunctuation], "\(all.map(\.message))")
        #expect(all.allSatisfy { $0.help == "delete the `；`" })
        // Doing what the help says gives a file that checks clean.
        #expect(codes(body.replacingOccurrences(of: "；", with: "")).filter { $0.hasPrefix("Z0") || $0.hasPrefix("Z1") }.isEmpty)
    }

    @Test func qianWanIsTenMillion() {
        #expect(Parser.numberValue("2千万")?.0 == ExactDecimal(20_000_000))
        #expect(Parser.numberValue("1.5千万元")?.0 == ExactDecimal(15_000_000))
        let body = """
        fact c: money in 万元 "c"
        clause 8 "a" (第八条) {
          when c >= 2千万
          amount 100万
        }
        """
        #expect(codes(body).isEmpty, "\(found(body).map(\.message))")
    }

    @Test func anInfinityInTheMiddleAsksForTheBoundNotAMove() {
        let lower = """
        fact c: money in 万元 "c"
        clause 8 "a" (第八条) {
          amount by c {
            [1亿, 5亿) => 500万
            [∞, 10亿) => 800万
          }
        }
        """
        let unordered = found(lower).first { $0.code == .unorderedArms }
        #expect(unordered?.message.contains("`∞`") == true)
        #expect(unordered?.help?.contains("`5亿`") == true && unordered?.help?.contains("move") == false, "\(String(describing: unordered?.help))")
        let upper = lower.replacingOccurrences(of: "[1亿, 5亿)", with: "[1亿, ∞)").replacingOccurrences(of: "[∞, 10亿)", with: "[5亿, 10亿)")
        let overlap = found(upper).first { $0.code == .overlappingArms }
        #expect(overlap?.help?.contains("`5亿`") == true && overlap?.help?.contains("move") == false)
        // `-∞` reads as "no lower bound".
        let minus = lower.replacingOccurrences(of: "[1亿, 5亿)", with: "(-∞, 5亿)").replacingOccurrences(of: "[∞, 10亿)", with: "[5亿, 10亿)")
        #expect(codes(minus).isEmpty, "\(found(minus).map(\.message))")
    }

    @Test func didYouMeanPrefersTheNearestLabel() {
        #expect(Suggest.closestLabel(to: "2.4", among: ["2.1", "3.4", "2.3", "1.4"]) == "2.3")
        #expect(Suggest.closestLabel(to: "4c", among: ["4a", "4b", "5c"]) == "4b")
        #expect(Suggest.closestLabel(to: "11b", among: ["11a", "1b", "12b"]) == "11a")
        let body = """
        fact c: money in 万元 "c"
        clause 2.1 "a" (第二条) {
          amount c * 1%
        }
        clause 2.3 "b" (第二条) {
          amount c * 2%
        }
        clause 3 "c" (第三条) {
          amount amount(2.4) + 1万
        }
        """
        #expect(found(body).first { $0.code == .unknownClause }?.help == "did you mean `2.3`?")
    }

    @Test func conflictingFactIsBlamedOnTheFileThatDiffers() {
        func file(_ id: String, _ type: String) -> String {
            """
            policy \(id) {
              title "\(id)"
              valid from 2025-01-01 until 2028-12-31
              money in 万元 rounded to 0.01 half-up
            }
            fact revenue: \(type) "收入"
            clause 1 "a" (第一条) {
              when revenue > 1万
              amount 1万
            }
            """
        }
        // `a.policy` comes first by name but is the odd one out.
        let all = Zhengce.load([SourceFile(path: "a.policy", text: file("a", "number")),
                                SourceFile(path: "b.policy", text: file("b", "money in 万元")),
                                SourceFile(path: "c.policy", text: file("c", "money in 万元"))]).diagnostics
        let conflicts = all.filter { $0.code == .conflictingFactTypes }
        #expect(conflicts.count == 1)
        #expect(conflicts.first?.span.file?.path == "a.policy")
        #expect(conflicts.first?.message.contains("`b.policy` (and 1 other file)") == true, "\(conflicts.map(\.message))")
    }

    @Test func amountsInMessagesAreShownAsWritten() {
        #expect(Value.money(ExactDecimal(500_000_000)).asWritten == "5亿")
        #expect(Value.money(ExactDecimal(5_000_000)).asWritten == "500万")
        #expect(Value.money(ExactDecimal(150_000_000)).asWritten == "1.5亿")
        #expect(Value.money(ExactDecimal(125)).asWritten == "0.0125万")
        let body = """
        fact c: money in 万元 "c"
        clause 8 "a" (第八条) {
          when c >= 5亿 and c < 3亿
          amount 100万
        }
        """
        let message = found(body).first { $0.code == .impossibleCondition }?.message ?? ""
        #expect(message.contains("[5亿, 3亿)"), "\(message)")
    }

    @Test func crlfFileIsReportedAsLineEndings() {
        let formatted = header + "fact c: money in 万元 \"c\"\n"
        let crlf = formatted.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(LineEndings.carriageReturnLines(crlf).count == formatted.filter { $0 == "\n" }.count)
        let report = LineEndings.checkReport(crlf, formatted: formatted, path: "x.policy") ?? ""
        #expect(report.contains("line endings") && report.contains("CRLF") && report.contains("every line"), "\(report)")
        #expect(!report.contains("@@"), "no diff when only the line endings differ")
        let oneLine = formatted.replacingOccurrences(of: "\"c\"\n", with: "\"c\"\r\n")
        #expect(LineEndings.checkReport(oneLine, formatted: formatted, path: "x.policy")?.contains("1 line, the first at line 6") == true)
        #expect(LineEndings.checkReport(formatted, formatted: formatted, path: "x.policy") == nil)
    }

    @Test func loneCRLinesAreNamedAsSuchNotAsCRLF() {
        let formatted = header + "fact c: money in 万元 \"c\"\n"
        let breaks = formatted.filter { $0 == "\n" }.count
        let cr = formatted.replacingOccurrences(of: "\n", with: "\r")
        let all = LineEndings.checkReport(cr, formatted: formatted, path: "x.policy") ?? ""
        #expect(all.contains("the file uses old Mac line endings (CR alone) on every line (\(breaks));"), "\(all)")
        #expect(!all.contains("CRLF") && !all.contains("@@"), "\(all)")
        // Every other line ends in CRLF, the rest in a lone CR.
        var mixed = ""
        for (index, line) in formatted.split(separator: "\n", omittingEmptySubsequences: false).dropLast().enumerated() {
            mixed += line + (index % 2 == 0 ? "\r\n" : "\r")
        }
        let both = LineEndings.checkReport(mixed, formatted: formatted, path: "x.policy") ?? ""
        let crlfCount = (breaks + 1) / 2, crCount = breaks / 2
        #expect(both.contains("on every line (\(breaks)): Windows line endings (CRLF) on \(crlfCount) lines, the first at line 1, and old Mac line endings (CR alone) on \(crCount) lines, the first at line 2;"), "\(both)")
        #expect(!both.contains("@@"), "\(both)")
        let oneOfEach = formatted.replacingOccurrences(of: "\"c\"\n", with: "\"c\"\r").replacingOccurrences(of: "policy t {\n", with: "policy t {\r\n")
        let few = LineEndings.checkReport(oneOfEach, formatted: formatted, path: "x.policy") ?? ""
        #expect(few.contains("Windows line endings (CRLF) on 1 line, the first at line 1, and old Mac line endings (CR alone) on 1 line, the first at line 6;"), "\(few)")
    }

    @Test func fmtCheckOnACRLFFileSaysLineEndings() throws {
        let folder = try CommandLineTests().temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/t.policy"
        let text = header + "fact c: money in 万元 \"c\"\nclause 1 \"a\" (第一条) {\n  amount c * 1%\n}\n"
        try text.replacingOccurrences(of: "\n", with: "\r\n").write(toFile: path, atomically: false, encoding: .utf8)
        let run = try CommandLineTests().zhengce(["fmt", "--check", path])
        #expect(run.status == 1)
        #expect(run.out.contains("line endings") && run.out.contains("CRLF"), "\(run.out)")
    }
}
