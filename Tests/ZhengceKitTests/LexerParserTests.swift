import Testing
@testable import ZhengceKit

@Suite struct LexerParserTests {
    func tokens(_ text: String) -> [Token] { Lexer.tokenize(SourceFile(path: "t", text: text)).tokens }

    @Test func readsMoneyPercentRatioAndBasisPoints() {
        let values = ["200万", "1亿", "4000元", "2000万美元", "30%", "1:0.5", "100BP"].map { Parser.numberValue($0)! }
        #expect(values[0] == (decimal("2000000"), .money(.cny)))
        #expect(values[1] == (decimal("100000000"), .money(.cny)))
        #expect(values[2] == (decimal("4000"), .money(.cny)))
        #expect(values[3] == (decimal("20000000"), .money(.usd)))
        #expect(values[4] == (decimal("0.3"), .plain))
        #expect(values[5] == (decimal("0.5"), .plain))
        #expect(values[6] == (decimal("0.01"), .plain))
    }

    /// Every money unit and every spelling of a unit on numbers, alone and in a price or a rate,
    /// read by name; a suffix that names no unit is no number.
    @Test func everyUnitNameIsReadOnANumber() throws {
        for unit in MoneyUnit.all {
            let read = try #require(Parser.numberValue("2.5" + unit.name))
            #expect(read == (try decimal("2.5").multiplied(by: unit.factor), .money(unit.currency)), "\(unit.name)")
            let price = try #require(Parser.numberValue("3" + unit.name + "/平方米/个月"))
            #expect(price == (try decimal("3").multiplied(by: unit.factor), .price(unit.currency, per: "m²/月")), "\(unit.name)")
        }
        for spelling in PhysicalUnit.spellings {
            #expect(Parser.numberValue("18" + spelling.written)! == (decimal("18"), .number(unit: UnitName(spelling.unit))), "\(spelling.written)")
        }
        #expect(Parser.numberValue("0.5%/年")! == (decimal("0.005"), .number(unit: "/年")))
        #expect(Parser.numberValue("12％")! == (decimal("0.12"), .plain))
        #expect(Parser.numberValue("12.50")! == (decimal("12.5"), .plain))
        #expect(Parser.numberValue("3千") == nil)
        #expect(Parser.numberValue("3b") == nil)
    }

    @Test func labelsDatesAndCitationsAreSingleTokens() {
        let kinds = tokens("clause 2.1a \"t\" (第二条（一）) 2025-01-01 xc2018:3.2").map(\.kind)
        #expect(kinds == [.identifier, .label, .string, .citation, .date, .identifier, .colon, .number, .endOfFile])
    }

    /// Every bidirectional control hidden in a string (plain, escaped, opened with a full-width
    /// quote) or a line comment is reported where it is; text without one reports nothing.
    @Test func bidirectionalControlsInStringsAndCommentsAreReportedWhereTheyAre() {
        for control in ["\u{202E}", "\u{2066}", "\u{2069}", "\u{200E}", "\u{200F}", "\u{061C}"] {
            let text = "a \"x\(control)y\" b \"\\\(control)\" c “z\(control)” // n\(control)\nd"
            let file = SourceFile(path: "t", text: text)
            let bidi = Lexer.tokenize(file).diagnostics.items.filter { $0.code == .bidiControl }
            let expected = file.scalars.indices.filter { file.scalars[$0].value == Unicode.Scalar(control)?.value }
            #expect(bidi.map(\.span.start) == expected, "U+\(String(Unicode.Scalar(control)!.value, radix: 16))")
            #expect(expected.count == 4)
        }
        // Characters next to the controls (U+200D, U+206A, U+061B) are not controls.
        let near = Lexer.tokenize(SourceFile(path: "t", text: "\"a\u{200D}\u{206A}\u{061B}\" // \u{200D}\u{206A}"))
        #expect(!near.diagnostics.items.contains { $0.code == .bidiControl })
    }

    @Test func fullWidthPunctuationGetsItsOwnMessageAndIsReadAsASCII() {
        let (tokens, diagnostics) = Lexer.tokenize(SourceFile(path: "t", text: "min（a，b）"))
        #expect(diagnostics.items.count == 3)
        #expect(diagnostics.items.allSatisfy { $0.code == .fullWidthPunctuation })
        #expect(diagnostics.items[0].help?.contains("`(`") == true)
        #expect(tokens.map(\.kind) == [.identifier, .leftParen, .identifier, .comma, .identifier, .rightParen, .endOfFile])
    }

    /// A comparison typed on a Chinese keyboard: `＞=`, `＞＝`, `>＝`, `！=` are one operator each
    /// with one error, the book-title marks `《》` of the `<` `>` keys read as `<` `>`, and `！`
    /// alone as `not`; nothing after them is reported again.
    @Test func fullWidthOperatorsAreOneTokenWithOneError() throws {
        let (tokens, lexed) = Lexer.tokenize(SourceFile(path: "t", text: "a ＞= 1 b ＞＝ 1 c >＝ 1 d ！= 1 e 《= 1 f 》 1 ！g"))
        #expect(tokens.map(\.kind) == [.identifier, .greaterEqual, .number, .identifier, .greaterEqual, .number, .identifier, .greaterEqual, .number,
                                        .identifier, .notEqual, .number, .identifier, .lessEqual, .number, .identifier, .greater, .number,
                                        .identifier, .identifier, .endOfFile])
        #expect(lexed.items.map(\.message) == ["full-width `＞=` where `>=` is required", "full-width `＞＝` where `>=` is required",
                                               "full-width `>＝` where `>=` is required", "full-width `！=` where `!=` is required",
                                               "full-width `《=` where `<=` is required", "full-width `》` where `>` is required",
                                               "`！` is written `not` in policies"])
        #expect(lexed.items.compactMap(\.fix).map(\.text) == [">=", ">=", ">=", "!=", "<=", ">", "not "])

        let text = header + """
        fact revenue: money in 万元 "r"
        clause 1 "a" (第一条) {
          when revenue ＞= 1000万 and ！(revenue 》 5000万)
          amount 1万
        }
        """
        #expect(diagnose(text).filter { $0.severity == .error }.count == 3)
    }

    /// A header that runs on into the facts (its `}` left for the end of the file) is one error
    /// at the first fact, and the file's facts and clauses are read and checked; `valid from …
    /// to …` is read as `until` with one error.
    @Test func aHeaderLeftOpenAndValidToAreOneErrorEach() throws {
        let text = """
        policy t {
          title "测试"
          valid from 2025-01-01 to 2026-12-31
          fact revenue: money in 万元 "r"
          clause 1 "a" (第一条) {
            amount revenue * 10%
          }
          clause 2 "b" (第二条) {
            amount missing_name
          }
        }
        """
        let (tree, parsed) = Parser.parse(SourceFile(path: "t", text: text))
        #expect(parsed.items.map(\.message) == ["`to` is written `until` in a validity (its last day included)",
                                                "the document header is still open at this `fact`"])
        #expect(parsed.items.first?.fix?.text == "until")
        #expect(tree.facts.count == 1)
        #expect(tree.clauses.count == 2)
        #expect(tree.header?.validity?.value == Validity(start: Day(iso: "2025-01-01"), end: .until(try #require(Day(iso: "2026-12-31")))))
        // The clauses are checked: the unknown name is found.
        #expect(diagnose(text).contains { $0.code == .unknownFact && $0.message.contains("missing_name") })
        // A `}` anywhere but at the end is still reported.
        let stray = Parser.parse(SourceFile(path: "t", text: "policy t {\n  title \"x\"\nfact a: bool \"a\"\n}\nfact b: bool \"b\"\n")).1
        #expect(stray.items.count == 2)
    }

    /// A clause whose `}` was left out ends at the next declaration that starts a line, with one
    /// error there: the clause keeps its statements and the declarations after it are read.
    @Test func aClauseLeftOpenEndsAtTheNextDeclaration() throws {
        let text = header + """
        fact revenue: money in 万元 "r"
        clause 1 "a" (第一条) {
          when revenue >= 1000万
          amount revenue * 1%

        clause 2 "b" (第二条) {
          amount 50万
        }
        benefit 3 "c" (第三条) {
          let shared = 1万
          when revenue > shared

        fact employees: count "e"
        """
        let (tree, parsed) = Parser.parse(SourceFile(path: "t", text: text))
        #expect(parsed.items.map(\.message) == ["clause `1` is still open at this `clause`", "clause `3` is still open at this `fact`"])
        #expect(tree.clauses.map(\.label.value) == ["1", "2", "3"])
        #expect(tree.clauses.map(\.statements.count) == [2, 1, 2])
        #expect(tree.facts.map(\.name.value) == ["revenue", "employees"])
        // The clauses are whole: nothing else is wrong with them.
        #expect(diagnose(text).filter { $0.severity == .error }.map(\.message) == parsed.items.map(\.message))
    }

    /// A validity as documents and other tools write it is one error, read as the validity it
    /// means; `for 1 year` is the language's own.
    @Test func validitiesWrittenAsElsewhereAreRead() throws {
        func read(_ validity: String) -> (messages: [String], validity: Validity?) {
            let (tree, parsed) = Parser.parse(SourceFile(path: "t", text: "policy t {\n  title \"t\"\n  \(validity)\n}\n"))
            return (parsed.items.map(\.message), tree.header?.validity?.value)
        }
        let window = Validity(start: Day(iso: "2025-01-01"), end: .until(try #require(Day(iso: "2026-12-31"))))
        #expect(read("valid from 2025-01-01 至 2026-12-31") == (["`至` is written `until` in policies"], window))
        #expect(read("valid from 2025-01-01 - 2026-12-31") == (["`-` is written `until` in a validity (its last day included)"], window))
        #expect(read("valid 2025-01-01 until 2026-12-31") == (["the first day of a validity follows `from`"], window))
        let three = Validity(start: Day(iso: "2025-01-01"), end: .years(3))
        #expect(read("valid from 2025-01-01 for 3 year") == (["`year` after 3 is written `years`"], three))
        #expect(read("valid from 2025-01-01 for 1 year") == ([], Validity(start: Day(iso: "2025-01-01"), end: .years(1))))
    }

    /// A number of years out of range says the range: `9000` is a whole number, so "expected a
    /// whole number, found `9000`" told the analyst nothing.
    @Test func aValidityOfTooManyYearsNamesTheRange() throws {
        let parsed = Parser.parse(SourceFile(path: "t", text: "policy t {\n  title \"t\"\n  valid from 2025-01-01 for 9000 years\n}\n")).1
        #expect(parsed.items.map(\.message) == ["expected a number of years as a whole number from 1 to 999, found `9000`"])
        // The last day of a window that runs past the year 9999 is no day of the calendar: open.
        #expect(Validity(start: Day(iso: "9500-01-01"), end: .years(600)).lastDay == nil)
        #expect(Validity(start: Day(iso: "9500-01-01"), end: .years(499)).lastDay == Day(iso: "9998-12-31"))
    }

    /// Statements as other languages write them: one error each, with what to write, and read
    /// as meant where the meaning is plain so the rest is checked.
    @Test func statementsWrittenAsElsewhereAreNamed() throws {
        let text = header + """
        fact revenue: money in 万元 "r"
        fact kind: choice {"a", "b", "c"} "k"
        clause 1 "a" (第一条) {
          when kind in ["a", "b"] or kind == "a" or "b"
          amount = 50% of revenue
          cap: 50万
        }
        clause 2 "b" (第二条) {
          amount revenue x 1% max 50万
        }
        """
        let found = diagnose(text).filter { $0.severity == .error }
        #expect(found.map(\.message) == ["a set of values is written in braces, not brackets",
                                          "`or` needs conditions, but this is text",
                                          "`amount` takes its expression directly, with no `=`",
                                          "a share of an amount is a multiplication: `revenue * 50%`",
                                          "`cap` takes its expression directly, with no `:`",
                                          "`x` does not continue the statement before it"])
        #expect(found.map(\.help) == [#"write `{` and `}` around the values: `{"a", "b"}`"#, #"compare each value: `kind == "a" or kind == "b"`, or `kind in {"a", "b"}`"#,
                                       "delete the `=`", "write `revenue * 50%`", "delete the `:`", "multiplication is written `*` (or `×`)"])
        let statements = try #require(Parser.parse(SourceFile(path: "t", text: text)).0.clauses.first?.statements)
        #expect(statements.count == 3)
    }

    /// A Chinese name where a fact or `let` is declared is told what a name is; a Chinese
    /// argument against a call's parenthesis is an argument, not an article citation.
    @Test func chineseNamesAreToldWhatANameIs() {
        let found = diagnose(header + """
        fact 员工人数: count "人数"
        fact revenue: money in 万元 "r"
        clause 1 "a" (第一条) {
          amount min(基数, 50万)
        }
        """).filter { $0.code == .unexpectedCharacter }
        #expect(found.map(\.help) == [#"a name is ASCII letters, digits and `_` (such as `employees`); the Chinese belongs in its label: "员工人数""#,
                                       #"a value is read by its name, in ASCII; Chinese text belongs inside a string: "基数""#])
        let kinds = Lexer.tokenize(SourceFile(path: "t", text: "min(基数, 1) \"t\" (第一条)")).tokens.map(\.kind)
        #expect(kinds == [.identifier, .leftParen, .string, .comma, .number, .rightParen, .string, .citation, .endOfFile])
    }

    /// A label written before the end of its condition, and a statement ended with `,` or `;`:
    /// one error each, with what to write; the statements after them are read.
    @Test func labelsComeLastAndStatementsEndAtTheLine() throws {
        let text = header + """
        fact revenue: money in 万元 "r"
        fact big: bool "b"
        clause 1 "a" (第一条) {
          when revenue >= 1000万 "营收达标" and big
          when big;
          amount 1万,
        }
        """
        let (tree, parsed) = Parser.parse(SourceFile(path: "t", text: text))
        #expect(parsed.items.map(\.message) == ["`and` does not continue the statement before it", "a statement ends at the end of its line, with no `;`",
                                                "a statement ends at the end of its line, with no `,`"])
        #expect(parsed.items.map(\.help) == [#"a condition's label comes last, after the whole condition: `when … and … "label"`"#, "delete the `;`", "delete the `,`"])
        #expect(tree.clauses.first?.statements.count == 3)
    }

    /// A bracket table written as a membership test (`revenue in { [a, b) => … }`) is one error
    /// and read as the table, so its arms are checked; a set is still a set.
    @Test func aBracketTableWrittenWithInIsReadAsTheTable() throws {
        let text = header + """
        fact revenue: money in 万元 "r"
        fact kind: choice {"a", "b"} "k"
        clause 1 "a" (第一条) {
          when kind in {"a"}
          amount revenue in {
            [0, 1000万) => 10万
            [1000万, ∞) => 20万
          }
        }
        """
        let (tree, parsed) = Parser.parse(SourceFile(path: "t", text: text))
        #expect(parsed.items.map(\.message) == ["a bracket table is written `by revenue { … }`, not with `in`"])
        let statements = try #require(tree.clauses.first?.statements)
        guard case .amount(let amount) = statements.last, case .brackets(_, let arms, _) = amount.value else {
            Issue.record("the amount should be read as a bracket table")
            return
        }
        #expect(arms.count == 2)
        // The arms are checked: the bound `0` has no money unit.
        #expect(diagnose(text).map(\.code).contains(.unitMismatch))
    }

    /// `20 %` and `10人` are one error each, read as `20%` and `10` so the comparison is still
    /// checked; a number with a unit keeps its unit and the Chinese after it is text as before.
    @Test func aSpacedPercentSignAndACountsMeasureWordAreRead() throws {
        let text = header + """
        fact growth: percent "g"
        fact employees: count "e"
        clause 1 "a" (第一条) {
          when growth >= 20 % and employees >= 10人
          amount 1万
        }
        """
        let found = diagnose(text).filter { $0.severity == .error }
        #expect(found.map(\.message) == ["`20 %` is written `20%` in policies: the percent sign follows its number",
                                          "`10人` is written `10` in policies: a count takes no measure word"])
        #expect(found.compactMap(\.fix).map(\.text) == ["20%", "10"])
        let (tokens, _) = Lexer.tokenize(SourceFile(path: "t", text: "a >= 20 % b 10人 c 10万人 5个月"))
        #expect(tokens.map(\.text) == ["a", ">=", "20%", "b", "10", "c", "10万", "人", "5个月", ""])
    }

    /// `5 亿` is one error, read as `5亿` so the comparison is still checked (no second error for
    /// comparing money with a plain number); `cap 50万/年` is told how a yearly cap is written.
    @Test func aUnitSpacedFromItsNumberIsReadWithIt() throws {
        let text = header + """
        fact revenue: money in 万元 "r"
        clause 1 "a" (第一条) {
          when revenue >= 5 亿 and revenue < 10  万元
          amount revenue * 1%
          cap 50万/年
        }
        """
        let found = diagnose(text).filter { $0.severity == .error }
        #expect(found.map(\.message) == ["`5 亿` is written `5亿` in policies: a unit follows its number",
                                          "`10  万元` is written `10万元` in policies: a unit follows its number",
                                          "an amount must be money, but this is price (CNY per 年)"])
        #expect(found.map(\.help) == ["write `5亿`", "write `10万元`", "a cap for each year is written `cap 50万 per year`"])
        #expect(found.compactMap(\.fix).map(\.text) == ["5亿", "10万元"])
        let (tokens, _) = Lexer.tokenize(SourceFile(path: "t", text: "money in 万元 x >= 5 亿 y"))
        #expect(tokens.map(\.text) == ["money", "in", "万元", "x", ">=", "5亿", "y", ""])
    }

    /// A fact's label written where its name goes is told the name (an editor's quick fix puts it
    /// in); the text it was read as makes no second error. Chinese text that is no label keeps the
    /// help to quote it.
    @Test func aFactsLabelWrittenAsANameIsToldTheName() throws {
        let text = header + """
        fact revenue: money in 万元 "营业收入"
        fact revenue_prev: money in 万元 "上年营业收入"
        clause 1 "a" (第一条) {
          when 营业收入 >= 5亿 and revenue_prev > 0万
          amount 营业收入 * 1%
        }
        clause 2 "b" (第二条) {
          when 利润 >= 5亿
          amount 1万
        }
        """
        let found = diagnose(text).filter { $0.severity == .error }
        #expect(found.map(\.message) == ["`营业收入` is the label of fact `revenue`, not a name", "`营业收入` is the label of fact `revenue`, not a name",
                                          "unexpected Chinese text `利润`", "`compare` needs numbers, but this is text"])
        #expect(found.first?.help == "did you mean `revenue`? a policy reads a fact by its name")
        let fix = try #require(found.first?.fix)
        #expect(fix.text == "revenue" && !fix.isCertain)
        #expect(fix.span.file.map { $0.slice(fix.span) } == "营业收入")
    }

    /// `exclusive 1, 2 …` names the forms a rule is written in.
    @Test func anExclusionWithoutBracesNamesItsForms() {
        let found = diagnose(header + """
        fact r: money in 万元 "r"
        clause 1 "a" (第一条) {
          amount r
        }
        clause 2 "b" (第二条) {
          amount r
        }
        exclusive 1, 2 (第三条)
        """).filter { $0.severity == .error }
        #expect(found.map(\.message) == ["the clauses of an exclusion rule are listed in braces after its mode"])
        #expect(found.first?.help?.contains("exclusive highest { 1, … }") == true)
    }

    @Test func treesCompareWithoutPositions() {
        let a = Parser.parse(SourceFile(path: "a", text: header + "let x = 1 + 2 * 3")).0
        let b = Parser.parse(SourceFile(path: "b", text: "\n\n" + header + "let   x =  1+2*3")).0
        #expect(a == b)
        guard case .binary(.add, _, let right) = a.definitions[0].expression.value else {
            Issue.record("`+` should be the root")
            return
        }
        #expect(right.value == .binary(.multiply, Located(.number(decimal("2"), .plain, written: "2"), .none), Located(.number(decimal("3"), .plain, written: "3"), .none)))
    }

    @Test func theParserRecoversAndReportsSeveralErrors() {
        let text = header + """
        clause 1 "a" (第一条) {
          amount 10万 +
        }
        clause 2 "b" (第二条) {
          when x >
          amount 5万
        }
        fact y bool
        """
        let syntax = diagnose(text).filter { $0.code == .syntax }
        #expect(syntax.count >= 3)
        #expect(Set(syntax.map(\.line)).count == syntax.count)
    }

    /// A bracket arm that cannot be read is one error: the rest of its table is skipped with its
    /// braces, so the table's `}` does not close the clause, the clause's `}` is no stray item, and
    /// the amount it was is not reported missing. `->` is named as the arrow of another language.
    @Test func aBadBracketArmIsOneError() {
        let text = header + """
        fact revenue: money in 万元 "r"
        clause 1 "a" (第一条) {
          amount by revenue {
            [0, 100万) -> 1万
            [100万, ∞) => 2万
          }
          cap 5万
        }
        clause 2 "b" (第二条) {
          amount 1万
        }
        """
        let found = diagnose(text).filter { $0.severity == .error }
        #expect(found.count == 1, "\(found.map(\.message))")
        #expect(found.first?.message == "expected `=>` between the bracket and its amount, found `->`")
        #expect(found.first?.help == "write the arrow as `=>` (or `→`)")
    }

    /// The operators and the conditional of other languages are one error each, naming ours, and
    /// are read as what they mean: nothing else in the clause is reported.
    @Test func otherLanguagesOperatorsAreNamedAndRead() {
        let text = header + """
        fact revenue: money in 万元 "r"
        fact listed: bool "l"
        clause 1 "a" (第一条) {
          when revenue >= 10万 && !listed || revenue != 5万
          amount if revenue > 1亿 then 5万 else 1万
        }
        """
        let found = diagnose(text).filter { $0.severity == .error }
        #expect(found.map(\.message) == ["`&&` is written `and` in policies", "`!` is written `not` in policies", "`||` is written `or` in policies",
                                         "a conditional is written `VALUE if CONDITION else OTHER`, found `if … then … else …`"])
        #expect(found.map(\.help) == ["write `and`", "write `not`", "write `or`", "write `5万 if revenue > 1亿 else 1万`"])
        let tree = Parser.parse(SourceFile(path: "t", text: text)).0
        let statements = tree.clauses.first?.statements ?? []
        guard statements.count == 2, case .amount(let amount) = statements[1], case .conditional = amount.value else {
            Issue.record("the conditional was not read: \(statements)")
            return
        }
        // Without `then`, the order is named and the statement fails.
        let bare = diagnose(header + "clause 1 \"a\" (第一条) {\n  amount if true 1万 else 2万\n}\n").filter { $0.severity == .error }
        #expect(bare.first?.message == "a conditional is written `VALUE if CONDITION else OTHER`, found `if` first")
    }

    /// A word on the line of a finished statement is named as not continuing it, with what to
    /// write for the words of other languages; `set of {…}` is read as the set of choices it means,
    /// so its fact is still declared; a clause on one line recovers at its own `}`.
    @Test func wordsThatDoNotContinueAStatementAreNamed() {
        let text = header + """
        fact kinds: set of {"a", "b"} "类型"
        fact revenue: money in 万元 "r"
        clause 1 "a" (第一条) {
          when "a" in kinds
          when "a" in kinds contains "b"
          amount revenue * 10% per year
        }
        clause 2 "b" (第二条) { amonut 1万 }
        clause 3 "c" (第三条) {
          amount 1万
        }
        """
        let found = diagnose(text).filter { $0.severity == .error }
        #expect(found.map(\.message) == ["expected `choice` after `set of`, found `{`", "`contains` does not continue the statement before it",
                                         "`per` does not continue the statement before it", "unknown clause statement `amonut`"])
        #expect(found.map(\.help) == ["write `set of choice {…}`", "membership is written `VALUE in SET`, e.g. `\"b\" in kinds`",
                                      "a scope belongs to a cap of its own: `cap 50万 per year`", "did you mean `amount`?"])
        #expect(Parser.parse(SourceFile(path: "t", text: text)).0.clauses.count == 3)
    }

    /// Numbers as a Chinese keyboard or a spreadsheet writes them: full-width digits are one Z002
    /// and read as their ASCII digits; exponent notation and thousands separators are named.
    @Test func numbersTypedAsElsewhereAreNamed() {
        let (tokens, lexed) = Lexer.tokenize(SourceFile(path: "t", text: "１２．５万 + ３"))
        #expect(tokens.map(\.text) == ["12.5万", "+", "3", ""])
        #expect(lexed.items.map(\.message) == ["full-width digits `１２．５` where ASCII `12.5` is required", "full-width digits `３` where ASCII `3` is required"])
        #expect(lexed.items.map(\.help) == ["write `12.5` (switch the keyboard to half-width input)", "write `3` (switch the keyboard to half-width input)"])
        let text = header + """
        fact revenue: money in 万元 "r"
        clause 1 "a" (第一条) {
          when revenue >= １０万
          amount revenue * 1e-2
        }
        clause 2 "b" (第二条) {
          when revenue >= 1万
          amount revenue * 1,000
        }
        """
        let found = diagnose(text).filter { $0.severity == .error }
        #expect(found.map(\.message) == ["full-width digits `１０` where ASCII `10` is required", "exponent notation `1e-2` is not part of the language",
                                         "`1,000`: a number is written without thousands separators"])
        #expect(found.last?.help == "write `1000`")
    }

    /// `1,000万` inside a condition is one error, read as `1000万`: the comparison is still checked
    /// as money against money, however the groups are counted. Inside an argument list, a set or
    /// bracket bounds only a group with a leading zero is read as one; `max(100,200)` is two items.
    @Test func groupedDigitsAreReadAsTheNumberTheyWrite() {
        let text = header + """
        fact revenue: money in 万元 "r"
        clause 1 "a" (第一条) {
          when revenue > 1,000,000元 and revenue < 2,000.5万 and revenue != 1000,00万
          amount max(100,200) * min(1,000万, revenue)
        }
        """
        let found = diagnose(text).filter { $0.severity == .error }
        #expect(found.map(\.message) == ["`1,000,000元`: a number is written without thousands separators",
                                         "`2,000.5万`: a number is written without thousands separators",
                                         "`1000,00万`: a number is written without thousands separators",
                                         "`1,000万`: a number is written without thousands separators"])
        #expect(found.map(\.help) == ["write `1000000元`", "write `2000.5万`", "write `100000万`", "write `1000万`"])

        // Bracket bounds hold one comma between them: more, and the others group digits.
        let bounds = header + """
        fact revenue: money in 万元 "r"
        fact staff: count "s"
        clause 1 "a" (第一条) {
          amount by revenue {
            [1,500万, 2,500万) => 1万
            [2500万, ∞) => 2万
          }
        }
        clause 2 "b" (第二条) {
          amount by staff {
            [100,200) => 1万
          }
        }
        """
        let inBounds = diagnose(bounds).filter { $0.severity == .error }
        #expect(inBounds.map(\.help) == ["write `1500万`", "write `2500万`"])
    }

    /// A header written as other tools write one, `policy t "title" {`, `in force …`, a comma before
    /// `rounded`: each named with what to write, and the document still declared, so its clauses
    /// are checked and the file is not also said to have no header.
    @Test func headersWrittenAsElsewhereAreNamedAndKept() {
        let text = """
        policy t "测试" {
          in force until 2028-12-31
          valid from 2025-01-01 until 2028-12-31
          money in 万元, rounded to 0.01
        }
        fact revenue: money in 万元 "r"
        clause 1 "a" (第一条) {
          when revenu > 1万
          amount 1万
        }
        """
        let found = diagnose(text).filter { $0.severity == .error }
        #expect(found.map(\.message) == ["the document's title is a header entry, written inside the braces", "unknown header entry `in`",
                                         "no comma between the money unit and `rounded`", "unknown fact `revenu`"])
        #expect(found.map(\.help) == ["write `policy t {` and, inside it, `title \"测试\"`",
                                      "the validity is written `valid from YYYY-MM-DD until YYYY-MM-DD` (or `for N years`)",
                                      "write `money in 万元 rounded to …`", "did you mean `revenue`?"])
        let missingBrace = diagnose("policy t\n  title \"x\"\n}\nfact r: money \"r\"\nclause 1 \"a\" (第一条) {\n  when q\n  amount 1万\n}\n")
        #expect(missingBrace.filter { $0.severity == .error }.map(\.code) == [.syntax, .unknownFact])
    }

    /// A misspelt declaration keyword is read as the one it is closest to when the declaration
    /// reads so (its body is then checked: `q` is unknown); when it does not, it is skipped with
    /// one error, as before. `policy {` goes on under the file's name.
    @Test func misspeltDeclarationsAreReadAsIntended() throws {
        let text = """
        polcy t {
          title "测试"
          valid from 2025-01-01 until 2028-12-31
        }
        fact big: bool "b"
        clase 1 "a" (第一条) {
          when q
          amount 1万
        }
        benfit 2 "b" (第二条) {
          when big
        }
        lets = 1 2 3
        """
        let found = diagnose(text).filter { $0.severity == .error }
        #expect(found.map(\.message) == ["expected `policy`, `fact`, `let`, `clause`, `benefit`, `exclusive` or `shared`, found `polcy`",
                                         "expected `policy`, `fact`, `let`, `clause`, `benefit`, `exclusive` or `shared`, found `clase`",
                                         "unknown fact `q`",
                                         "expected `policy`, `fact`, `let`, `clause`, `benefit`, `exclusive` or `shared`, found `benfit`",
                                         "expected `policy`, `fact`, `let`, `clause`, `benefit`, `exclusive` or `shared`, found `lets`"])
        let tree = Parser.parse(SourceFile(path: "t", text: text)).0
        #expect(tree.header?.id.value == "t")
        #expect(tree.clauses.map(\.isBenefit) == [false, true])
        #expect(tree.definitions.isEmpty)

        let unnamed = "policy {\n  title \"x\"\n  valid from 2025-01-01\n}\nclause 1 \"a\" (第一条) {\n  when q\n  amount 1万\n}\n"
        let diagnosed = diagnose(unnamed, path: "drafts/kc-2023.policy").filter { $0.severity == .error }
        #expect(diagnosed.map(\.message) == ["expected a document id after `policy`, found `{`", "unknown fact `q`"])
        #expect(diagnosed.first?.help == "write `policy kc2023 {`: the id is how results and other documents name it")
    }

    /// A misspelt statement keyword is read as the statement it is closest to when the statement
    /// reads so: its expression is checked (`q` is unknown, the `when` is a condition).
    @Test func misspeltStatementsAreReadAsIntended() throws {
        let text = header + """
        fact r: money in 万元 "r"
        clause 1 "a" (第一条) {
          wehn r > 1万
          amonut r * 10% + q
          cpa 5万 per yaer
        }
        """
        let found = diagnose(text).filter { $0.severity == .error }
        #expect(found.map(\.message) == ["unknown clause statement `wehn`", "unknown clause statement `amonut`", "unknown fact `q`",
                                         "unknown clause statement `cpa`"])
        let clause = try #require(Parser.parse(SourceFile(path: "t", text: text)).0.clauses.first)
        #expect(clause.statements.count == 2)
    }

    /// The minus sign of typeset text (U+2212) is a minus, as `×` and `÷` are operators; the
    /// Chinese connectives are each one error, read as the word the language has for them, so the
    /// condition around them is still checked.
    @Test func theMinusSignAndChineseConnectivesAreRead() throws {
        let (tokens, lexed) = Lexer.tokenize(SourceFile(path: "t", text: "a − 1万 且 b 或者 非 c"))
        #expect(tokens.map(\.kind) == [.identifier, .minus, .number, .identifier, .identifier, .identifier, .identifier, .identifier, .endOfFile])
        #expect(tokens.map(\.text).filter { ["and", "or", "not"].contains($0) } == ["and", "or", "not"])
        #expect(lexed.items.map(\.message) == ["`且` is written `and` in policies", "`或者` is written `or` in policies", "`非` is written `not` in policies"])
        let text = header + """
        fact revenue: money in 万元 "r"
        fact big: bool "b"
        clause 1 "a" (第一条) {
          when revenue > 1万 且 big 或 revenue > 5万
          amount revenue − 1万
        }
        """
        let found = diagnose(text).filter { $0.severity == .error }
        #expect(found.map(\.message) == ["`且` is written `and` in policies", "`或` is written `or` in policies"])
        #expect(found.compactMap(\.fix).map(\.text) == ["and", "or"])

        // The scopes of a cap, likewise: the caps are read with their scopes.
        let caps = header + """
        fact revenue: money in 万元 "r"
        clause 1 "a" (第一条) {
          amount revenue * 10%
          cap 50万 每年
          cap 200万 累计 "总额"
        }
        """
        let scoped = diagnose(caps).filter { $0.severity == .error }
        #expect(scoped.map(\.message) == ["`每年` is written `per year` in policies", "`累计` is written `cumulative` in policies"])
        #expect(scoped.compactMap(\.fix).map(\.text) == ["per year", "cumulative"])
        let statements = try #require(Parser.parse(SourceFile(path: "t", text: caps)).0.clauses.first?.statements)
        #expect(statements.count == 3)
    }

    /// Chinese text outside a string is one error per run, and an article number is pointed to
    /// the parentheses of a citation; the types of other languages are pointed to ours.
    @Test func chineseTextAndOtherTypesAreNamedOnce() {
        let text = header + """
        fact premium: money in 万元 保费
        fact staff: integer "人数"
        clause 1 "a" 第二条（一） {
          amount 1万
        }
        """
        let found = diagnose(text).filter { $0.severity == .error }
        #expect(found.map(\.message) == ["unexpected Chinese text `保费`", "unknown type `integer`", "unexpected Chinese text `第二条（一）`"])
        #expect(found.map(\.help) == ["Chinese text belongs inside a string: \"保费\"", "a whole number of things is `count`; any other number is `number`",
                                      "an article citation is written in parentheses after the title: `(第二条（一）)`"])
        // Read as what it was meant to be: the fact keeps its label, the clause its citation.
        let tree = Parser.parse(SourceFile(path: "t", text: text)).0
        #expect(tree.facts.first?.label == "保费")
        #expect(tree.clauses.first?.citation?.value == "第二条（一）")
    }

    /// A date written as elsewhere is named whole, and the header it broke is not also reported
    /// as stating no validity; a misspelt cap scope gets a "did you mean".
    @Test func aDateWrittenAsElsewhereIsOneError() {
        let text = """
        policy t {
          title "测试"
          valid from 2025/01/01 until 2026-12-31
          money in 万元 rounded to 0.01 half-up
        }
        clause 1 "a" (第一条) {
          amount 10万
          cap 5万 per yaer
        }
        """
        let found = diagnose(text).filter { $0.severity == .error }
        #expect(found.map(\.message) == ["`2025/01/01` is not written as a date: a date is `YYYY-MM-DD`", "unknown cap scope `per yaer`"])
        #expect(found.first?.fix?.text == "2025-01-01")
        #expect(found.last?.help == "did you mean `per year`?")
        // The day it writes is read, so the validity is whole; a form with no such day is not read.
        let tree = Parser.parse(SourceFile(path: "t", text: text)).0
        #expect(tree.header?.validity?.value.start == Day(iso: "2025-01-01"))
        let bad = diagnose(text.replacingOccurrences(of: "2025/01/01", with: "2025/02/30")).filter { $0.severity == .error }
        #expect(bad.first?.message == "`2025/02/30` is not written as a date: a date is `YYYY-MM-DD`, such as `2025-01-01`")
    }

    /// `2025年1月1日`, as the documents date things, is one error with the form to write (a
    /// certain fix), read as the day it writes; a form that writes no day is read as before.
    @Test func aDateWrittenTheChineseWayIsOneError() throws {
        let text = header.replacingOccurrences(of: "valid from 2025-01-01", with: "valid from 2025年1月1日") + """
        fact start: date "d"
        clause 1 "a" (第一条) {
          when start >= 2024年12月31 and start < 2025-02-28
          amount 10万
        }
        """
        let found = diagnose(text).filter { $0.severity == .error }
        #expect(found.map(\.message) == ["`2025年1月1日` is not written as a date: a date is `YYYY-MM-DD`",
                                          "`2024年12月31` is not written as a date: a date is `YYYY-MM-DD`"])
        #expect(found.compactMap(\.fix).map(\.text) == ["2025-01-01", "2024-12-31"])
        #expect(Parser.parse(SourceFile(path: "t", text: text)).0.header?.validity?.value.start == Day(iso: "2025-01-01"))
        // Not a day: left as it was read before (a number of years, then Chinese text).
        let tokens = Lexer.tokenize(SourceFile(path: "t", text: "2025年2月30日 3年 2025年6月")).tokens.map(\.text)
        #expect(tokens == ["2025年", "2月", "30", "日", "3年", "2025年", "6月", ""])
    }

    /// A comparison written in Chinese between two values is one error with the operator to
    /// write (a certain fix), read as that operator; elsewhere the word is Chinese text as before.
    @Test func aComparisonWrittenInChineseIsReadAsItsOperator() throws {
        let text = header + """
        fact revenue: money in 万元 "营业收入"
        fact employees: count "员工"
        clause 1 "a" (第一条) {
          when revenue 不低于 5亿 and employees 超过 10 and revenue 不超过 50亿 "规模"
          amount 10万
        }
        """
        let found = diagnose(text).filter { $0.severity == .error }
        #expect(found.map(\.message) == ["`不低于` is written `>=` in policies", "`超过` is written `>` in policies", "`不超过` is written `<=` in policies"])
        #expect(found.compactMap(\.fix).map(\.text) == [">=", ">", "<="])
        let (tokens, _) = Lexer.tokenize(SourceFile(path: "t", text: "a 大于 1 + 超过"))
        #expect(tokens.map(\.kind) == [.identifier, .greater, .number, .plus, .string, .endOfFile])
    }

    /// A bound followed by `以上`, `以下` or `以内` is read as the comparison it says, one error with
    /// the form to write (a certain fix); after a comparison already written the word is left out;
    /// `（含）` after a bound is one error, read as nothing.
    @Test func aBoundFollowedByItsSideIsReadAsAComparison() throws {
        let text = header + """
        fact revenue: money in 万元 "营业收入"
        clause 1 "a" (第一条) {
          when revenue 5亿以上 and revenue >= 1亿以上 and revenue 10亿以内 and revenue <= 20亿（含） "规模"
          amount 10万
        }
        """
        let found = diagnose(text).filter { $0.severity == .error }
        #expect(found.map(\.message) == ["`5亿以上` is written `>= 5亿` in policies: `以上` takes in the bound it follows",
                                          "`1亿以上` is written `1亿` in policies: `以上` takes in the bound it follows",
                                          "`10亿以内` is written `<= 10亿` in policies: `以内` takes in the bound it follows",
                                          "`（含）` after a bound is not written in policies: `>=` and `<=` include the bound, `>` and `<` leave it out"])
        #expect(found.compactMap(\.fix).map(\.text) == [">= 5亿", "1亿", "<= 10亿"])
        let (tokens, _) = Lexer.tokenize(SourceFile(path: "t", text: "r 5亿以上 (含) when 3以下"))
        #expect(tokens.map(\.text) == ["r", ">=", "5亿", "含", "when", "3", "以下", ""], "not after a bound: a citation, and Chinese text")
    }

    /// An operator that ends its line with the value after it missing is named, and the statement
    /// on the next line is read as one (a fact called `amount` is still read as a value).
    @Test func anOperatorEndingALineBeforeAStatementIsNamed() throws {
        let text = header + """
        fact revenue: money in 万元 "营业收入"
        fact amount: money in 万元 "金额"
        clause 1 "a" (第一条) {
          when revenue >= 5亿 or
          amount min(revenue * 1%, 50万)
          cap 20万
        }
        clause 2 "b" (第二条) {
          when revenue >= 5亿 or
            amount > 1万
          amount 1万
        }
        """
        let found = diagnose(text).filter { $0.severity == .error }
        #expect(found.map(\.message) == ["`or` ends its line with no value after it, and the next line starts a statement"])
        #expect(found.first?.line == 9)
        let clause = try #require(Parser.parse(SourceFile(path: "t", text: text)).0.clauses.first)
        #expect(clause.statements.count == 3, "the `amount` and `cap` after it are read")
    }

    /// `~` is told how a range is written.
    @Test func aTildeIsToldHowARangeIsWritten() {
        let found = diagnose(header + "clause 1 \"a\" (第一条) {\n  amount 10万 ~ 50万\n}\n").filter { $0.code == .unexpectedCharacter }
        #expect(found.first?.help == "a range is not written with `~`: an amount between two bounds is `floor` and `cap` (`floor 10万`, `cap 50万`); a validity runs `from … until …`")
    }

    /// `“…”` typed by a Chinese keyboard: both marks are reported and fixed, so `check --fix`
    /// leaves a string that closes (it used to fix the opening mark alone).
    @Test func curlyQuotesAreFixedAtBothEnds() throws {
        let body = "fact kind: choice {\"a\", \"b\"} \"类别\"\nclause 1 \"补贴\" (第一条) {\n  when kind == “a” \"类别a\"\n  amount 10万\n}\n"
        let file = SourceFile(path: "t.policy", text: header.replacingOccurrences(of: "title \"测试\"", with: "title “测试”") + body)
        let found = Zhengce.load([file]).diagnostics
        #expect(found.filter { $0.code == .fullWidthPunctuation }.map(\.message) == Array(repeating: ["full-width `“` where `\"` is required", "full-width `”` where `\"` is required"], count: 2).flatMap { $0 })
        #expect(found.allSatisfy { $0.code == .fullWidthPunctuation }, "\(found.map(\.message))")
        let (fixed, applied) = DiagnosticFix.applying(found, to: file)
        #expect(applied == 4)
        #expect(fixed == header + body.replacingOccurrences(of: "“a”", with: "\"a\""))
        #expect(diagnose(fixed).isEmpty)
        // A full-width opening closed by an ASCII mark is one string: one problem, one fix.
        let mixed = diagnose(header + body.replacingOccurrences(of: "“a”", with: "“a\""))
        #expect(mixed.map(\.message) == ["full-width `“` where `\"` is required"])
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let text = header + "let x = " + String(repeating: "(", count: 500) + "1" + String(repeating: ")", count: 500)
        #expect(diagnose(text).contains { $0.code == .nestingTooDeep })
    }
}
