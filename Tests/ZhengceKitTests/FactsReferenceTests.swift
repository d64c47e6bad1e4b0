import Foundation
import Testing
@testable import ZhengceKit

/// `zhengce schema` and `zhengce facts` on fixture policies of their own: every kind of fact, a
/// shared `let`, a clause `let`, an aggregate variable, an implied bool, and a fact two files share.
@Suite struct FactsReferenceTests {
    static let policy = """
    policy ft {
      title "事实参考测试"
      valid from 2025-01-01 until 2028-12-31
      money in 万元 rounded to 0.01 half-up
      eligible when in_zone "在区内经营"
    }

    fact in_zone: bool "在区内经营"
    fact hnte: bool implied by hnte_certificate "高新技术企业"
    fact hnte_certificate: choice {"first", "second"} "高新技术企业证书"
    fact capital: money in 万元 "实收资本"
    fact fund_usd_m: money in 百万美元 = 0 "美元基金规模"
    fact profit: signed money in 万元 "利润总额"
    fact staff: count "职工人数"
    fact growth_pct: percent "营业收入增长率"
    fact area_m2: number in "m²" = 0 "办公面积"
    fact rent_price: money in "元/m²/月" "租金单价"
    fact lease: number in "个月" "租期"
    fact kind: choice {"bank", "vc"} = "bank" "机构类型"
    fact certs: set of choice {"iso", "cmmi"} "认证"
    fact founded: date "成立日期"
    fact brand: text "品牌"
    fact grants: list of record {
      amount: money in 万元 "资助金额",
      day: date "资助日期"
    } "获得资助"

    let large = capital >= 1000万 and kind == "bank" "大型银行"

    clause 1 "落户奖励" (第一条) {
      when large "大型银行"
      when hnte "高新技术企业"
      amount 10万
    }

    clause 2 "资助配套" (第二条) {
      applies when grants is not empty
      let total = sum(c in grants where c.day >= 2025-01-01: c.amount) "资助合计"
      amount total * 10%
      cap 50万 per year
    }

    clause 3 "综合奖励" (第三条) {
      when staff >= 10 and growth_pct >= 5% and area_m2 >= 100 "规模"
      when "iso" in certs "认证"
      when founded <= 2024-12-31 "成立满一年"
      when brand is present or fund_usd_m >= 2000万美元 "有品牌或美元基金"
      amount max(0万, profit) * 1%
    }

    """

    static let other = """
    policy fo {
      title "另一份测试文件"
      valid from 2025-01-01 until 2028-12-31
      money in 万元 rounded to 0.01 half-up
    }

    fact capital: money in 万元 "实收资本"
    fact hnte: bool "高新技术企业"

    clause 7 "资本奖励" (第七条) {
      when capital >= 1亿 or hnte "实收资本1亿元以上或高新技术企业"
      amount 5万
    }

    """

    static let loaded: Zhengce.Loaded = Zhengce.load([SourceFile(path: "ft.policy", text: policy), SourceFile(path: "fo.policy", text: other)])
    static let reference = FactsReference(trees: loaded.trees)

    @Test func theFixtureChecksClean() {
        #expect(Self.loaded.program != nil, "\(Self.loaded.diagnostics.map { DiagnosticRenderer.text($0) })")
    }

    // MARK: Who reads each fact

    @Test func clausesThatReadAFactDirectlyOrThroughALet() throws {
        let facts = Self.reference.facts
        #expect(facts["capital"]?.usedBy == ["ft:1", "fo:7"])
        #expect(facts["capital"]?.documents == ["ft", "fo"])
        #expect(facts["kind"]?.usedBy == ["ft:1"], "through the shared `let large`")
        #expect(facts["grants"]?.usedBy == ["ft:2"])
        #expect(facts["in_zone"]?.usedBy == [] && facts["in_zone"]?.eligibilityOf == ["ft"])
        #expect(facts["hnte"]?.usedBy == ["ft:1", "fo:7"])
        #expect(facts["hnte"]?.impliedBy == ["hnte_certificate"])
        // A fact that implies a bool is read wherever the bool is, in the other file too.
        #expect(facts["hnte_certificate"]?.usedBy == ["ft:1", "fo:7"])
        for name in ["staff", "growth_pct", "area_m2", "certs", "founded", "brand", "profit", "fund_usd_m"] {
            #expect(facts[name]?.usedBy == ["ft:3"], "\(name)")
        }
        // The aggregate's variable `c` and the clause's `total` are not facts.
        #expect(facts["c"] == nil && facts["total"] == nil)
    }

    // MARK: Markdown

    @Test func factsListsEachFactWithTypeUnitLabelAndUsers() {
        let text = FactsMarkdown.render(Self.reference, command: "zhengce facts fixtures")
        for (name, fact) in Self.reference.facts {
            #expect(text.contains("| `\(name)` |"), "\(name) has a row")
            if let label = fact.label { #expect(text.contains(label)) }
        }
        #expect(text.contains("| `grants[].amount` | money | 万元 |"))
        #expect(text.contains("| `grants[].day` | date |"))
        #expect(text.contains("| `profit` | signed money | 万元 |"))
        #expect(text.contains("| `fund_usd_m` | money | 百万美元 | 0 |"))
        #expect(text.contains("| `kind` | choice: `bank` · `vc` |  | \"bank\" | 机构类型 | kind | ft:1 |"))
        #expect(text.contains("| `in_zone` | bool |  |  | 在区内经营 | in zone | 申请条件 ft |"))
        #expect(text.contains("| `growth_pct` | percent | % |  | 营业收入增长率 | growth, % | ft:3 |"))
        #expect(text.contains("| `rent_price` | price | 元/m²/月 |  | 租金单价 |"))
        #expect(text.contains("| `lease` | duration | 个月 |  | 租期 |"))
        // The fact both files declare is listed once, among the shared ones, with both documents.
        #expect(text.components(separatedBy: "| `capital` |").count == 2)
        #expect(text.contains("| `capital` | money | 万元 |  | 实收资本 | capital | ft, fo | ft:1, fo:7 |"))
        #expect(text.contains("## ft · 事实参考测试") && text.contains("## fo · 另一份测试文件"))
        #expect(text.contains("| `hnte` | bool |  |  | 高新技术企业 | high and new technology enterprise | ft, fo | true when `hnte_certificate` is given, ft:1, fo:7 |"))
        #expect(text.contains("Generated by `zhengce facts fixtures`"))
    }

    @Test func englishReadingsComeFromTheName() {
        #expect(FactsMarkdown.gloss("revenue_prev") == "revenue, previous year")
        #expect(FactsMarkdown.gloss("is_small_micro") == "small micro")
        #expect(FactsMarkdown.gloss("national_hnte") == "national high and new technology enterprise")
        #expect(FactsMarkdown.gloss("major_admin_penalty_3y") == "major admin penalty, last 3 years")
        #expect(FactsMarkdown.gloss("x_2") == nil, "no word that reads as English")
    }

    // MARK: JSON Schema

    static let schemaText = FactsSchema.json(reference)

    func schema() throws -> JSONNode { try JSONReader.parse(SourceFile(path: "schema.json", text: Self.schemaText)) }

    func string(_ node: JSONNode?) -> String? { if case .string(let text)? = node?.value { return text } else { return nil } }
    func strings(_ node: JSONNode?) -> [String] {
        guard case .array(let items)? = node?.value else { return [] }
        return items.compactMap { string($0) }
    }

    @Test func theSchemaIsJSONNamingEachFactWithItsType() throws {
        let root = try schema()
        #expect(string(root["$schema"]) == "https://json-schema.org/draft/2020-12/schema")
        #expect(strings(root["required"]) == ["facts"])
        let facts = try #require(root["properties"]?["facts"]?["properties"])
        for (name, fact) in Self.reference.facts {
            let entry = try #require(facts[name], "\(name)")
            #expect(string(entry["x-zhengce-type"]) == FactsMarkdown.typeName(fact.type))
            #expect(string(entry["title"]) == fact.label)
            #expect(strings(entry["x-zhengce-used-by"]) == fact.usedBy)
        }
        #expect(strings(facts["staff"]?["type"]) == ["integer", "string", "null"])
        #expect(strings(facts["kind"]?["type"]) == ["string", "null"])
        #expect(strings(facts["grants"]?["items"]?["properties"]?["day"]?["type"]) == ["string", "null"])
        #expect(string(facts["founded"]?["format"]) == "date")
        #expect(strings(facts["capital"]?["x-zhengce-declared-in"]) == ["ft", "fo"])
        #expect(strings(facts["hnte"]?["x-zhengce-implied-by"]) == ["hnte_certificate"])
        #expect(strings(facts["in_zone"]?["x-zhengce-eligibility-of"]) == ["ft"])
        let prior = try #require(facts["prior_received"]?["properties"])
        guard case .object(let clauses) = prior.value else { Issue.record("prior_received has no properties"); return }
        #expect(clauses.map(\.key) == ["ft:1", "ft:2", "ft:3", "fo:7"])
        #expect(root["properties"]?["as_of"]?["pattern"] != nil)
    }

    /// Documents the schema must accept or reject, each checked against the applicant reader too:
    /// the schema says what the reader does.
    static let samples: [(String, Bool)] = [
        (#"{"facts": {}}"#, true),
        (#"{"applicant": "某公司", "as_of": "2025-06-30", "facts": {"capital": "8亿", "profit": "-12.5", "staff": 12, "growth_pct": "5.1%"}}"#, true),
        (#"{"facts": {"capital": 1500.5, "fund_usd_m": "30万美元", "area_m2": "120.5", "kind": "vc", "certs": ["iso", "cmmi"]}}"#, true),
        (#"{"facts": {"grants": [{"amount": "30", "day": "2025-03-01"}, {"amount": null}], "founded": "2020-01-31", "brand": "某"}}"#, true),
        (#"{"facts": {"staff": "3.0", "kind": null, "capital": null, "prior_received": {"ft:2": "10"}}}"#, true),
        (#"{"facts": {"hnte_certificate": "first", "in_zone": true, "unknown_fact": 1}}"#, true),
        (#"{"as_of": "2025-06-30"}"#, false),
        (#"[]"#, false),
        (#"{"facts": {"capital": -1}}"#, false),
        (#"{"facts": {"capital": "-1"}}"#, false),
        (#"{"facts": {"capital": "5美元"}}"#, false),
        (#"{"facts": {"fund_usd_m": "5万元"}}"#, false),
        (#"{"facts": {"staff": 2.5}}"#, false),
        (#"{"facts": {"staff": "-3"}}"#, false),
        (#"{"facts": {"kind": "insurer"}}"#, false),
        (#"{"facts": {"certs": ["iso", "pmp"]}}"#, false),
        (#"{"facts": {"founded": "2025/01/02"}}"#, false),
        (#"{"as_of": "30.06.2025", "facts": {}}"#, false),
        (#"{"facts": {"in_zone": "yes"}}"#, false),
        (#"{"facts": {"grants": [{"amount": true}]}}"#, false),
        (#"{"facts": {"grants": [null]}}"#, false),
        (#"{"facts": {"grants": {"amount": 1}}}"#, false),
        (#"{"facts": {"area_m2": "12平方米"}}"#, false),
        (#"{"facts": {"rent_price": "3.5", "lease": 18}}"#, true),
        (#"{"facts": {"rent_price": "3.5元/m²/月"}}"#, true),
        (#"{"facts": {"rent_price": "3.5万"}}"#, false),
        (#"{"facts": {"lease": "18年"}}"#, false),
        (#"{"facts": {"growth_pct": "-2"}}"#, false),
        (#"{"facts": {"prior_received": {"ft:9": "10"}}}"#, false),
        (#"{"facts": {"prior_received": {"ft:1": "-1"}}}"#, false),
    ]

    @Test(arguments: samples) func theSchemaAcceptsWhatTheReaderAccepts(_ sample: (String, Bool)) throws {
        let (text, accepted) = sample
        let document = try JSONReader.parse(SourceFile(path: "sample.json", text: text))
        let problems = SchemaCheck.errors(document, try schema())
        #expect(problems.isEmpty == accepted, "\(text): \(problems)")
        let program = try #require(Self.loaded.program)
        let read: Bool
        do {
            _ = try ApplicantReader.read(document, program: program)
            read = true
        } catch {
            read = false
        }
        #expect(read == accepted, "the reader disagrees on \(text)")
    }
}

/// A small JSON Schema validator for the keywords `zhengce schema` writes: type, enum, pattern,
/// minimum, properties, required, additionalProperties and items (`format` is an annotation in
/// draft 2020-12, so it is not checked).
enum SchemaCheck {
    static func errors(_ value: JSONNode, _ schema: JSONNode, at path: String = "$") -> [String] {
        var found: [String] = []
        if let types = names(schema["type"]), !types.contains(where: { matches(value.value, $0) }) {
            found.append("\(path): \(value.value.typeName) is not \(types)")
        }
        if case .array(let options)? = schema["enum"]?.value, !options.contains(where: { same($0.value, value.value) }) {
            found.append("\(path): not one of the allowed values")
        }
        switch value.value {
        case .string(let text):
            if case .string(let pattern)? = schema["pattern"]?.value {
                let expression = try? NSRegularExpression(pattern: pattern)
                let range = NSRange(text.startIndex..., in: text)
                if expression?.firstMatch(in: text, range: range) == nil { found.append("\(path): \"\(text)\" does not match \(pattern)") }
            }
        case .number(let text):
            if case .number(let bound)? = schema["minimum"]?.value, let number = ExactDecimal(parsing: text), let minimum = ExactDecimal(parsing: bound), number < minimum {
                found.append("\(path): \(text) is below \(bound)")
            }
        case .array(let items):
            if let itemSchema = schema["items"] {
                for (index, item) in items.enumerated() { found += errors(item, itemSchema, at: "\(path)[\(index)]") }
            }
        case .object(let members):
            var known: Set<String> = []
            if case .object(let properties)? = schema["properties"]?.value {
                for (key, propertySchema) in properties {
                    known.insert(key)
                    if let member = value[key] { found += errors(member, propertySchema, at: "\(path).\(key)") }
                }
            }
            for required in names(schema["required"]) ?? [] where value[required] == nil { found.append("\(path): `\(required)` is required") }
            if case .bool(false)? = schema["additionalProperties"]?.value {
                for (key, _) in members where !known.contains(key) { found.append("\(path): `\(key)` is not allowed") }
            }
        default: break
        }
        return found
    }

    static func names(_ node: JSONNode?) -> [String]? {
        switch node?.value {
        case .string(let name)?: return [name]
        case .array(let items)?: return items.compactMap { if case .string(let name) = $0.value { return name } else { return nil } }
        default: return nil
        }
    }

    static func matches(_ value: JSON, _ type: String) -> Bool {
        switch (value, type) {
        case (.null, "null"), (.bool, "boolean"), (.number, "number"), (.string, "string"), (.array, "array"), (.object, "object"): return true
        case (.number(let text), "integer"):
            guard let number = ExactDecimal(parsing: text) else { return false }
            return (try? number.rounded(toPlaces: 0, .down)) == number
        default: return false
        }
    }

    static func same(_ a: JSON, _ b: JSON) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.number(let x), .number(let y)): return ExactDecimal(parsing: x) == ExactDecimal(parsing: y)
        default: return false
        }
    }
}
