import Foundation
import Testing
@testable import ZhengceKit

/// The fast JSON Lines reader at the edges (numbers read straight from bytes, escapes, unicode,
/// nesting, repeated names), each line compared with the general path on the same input, and the
/// chunked pipeline that runs it on several threads.
@Suite struct BatchReadingEdgeTests {
    let reading = BoundLineReaderTests()

    /// Reads `line` both ways: the fast path either declines or binds exactly what the general
    /// path binds; true when the fast path read it.
    @discardableResult
    func agrees(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Bool {
        let slow = reading.slow(line, BoundLineReaderTests.program)
        guard let fast = try reading.fast(line, BoundLineReaderTests.program) else { return false }
        guard let slow else {
            Issue.record("the fast path reads what the general path rejects: \(line)", sourceLocation: sourceLocation)
            return true
        }
        #expect(reading.same(fast, slow), "\(line)", sourceLocation: sourceLocation)
        return true
    }

    static let numberFacts = ["premium", "usd", "profit", "staff", "rate", "area", "monthly_rent", "lease_term"]

    @Test func numbersAtTheEdgesReadAsTheGeneralPathReadsThem() throws {
        let texts = [
            "0", "-0", "0.0", "-0.000", "1", "10", "100.00", "123.45", "-123.45", "0.10", "1.000", "007", "00.5",
            "99999999999999999999", "9999999999999999999", "18446744073709551615", "18446744073709551616",
            "170141183460469231731687303715884105727", "170141183460469231731687303715884105728",
            "1701411834604692317316873037158841057.27", "12345678901234567890.123456789",
            "0.000000000000000000000001", "0.0000000000000000000000001", "0.000000000000000000000010",
            "0.00000000000000000000001", "1.0000000000000000000000000", "5.1", "5", "5%", "-5%", "1万", "2.5亿", "1500元",
            "3千万", "12.5万美元", "1e3", "1E-2", "-1e+2", "1.5e0", ".5", "5.", "-", "--1", "+1", "1-", "1.2.3", "1,000",
            // Around the 18 digits a quoted decimal is read in one pass with.
            "999999999999999999", "-999999999999999999", "99999999999999999.9", "0.000000000000000001",
            "0.0000000000000000001", "000000000000000001", "0000000000000000001", "1.10", "-0.00", "12.3400",
        ]
        var fastReads = 0
        for fact in Self.numberFacts {
            for text in texts {
                if try agrees(#"{"facts": {"\#(fact)": "\#(text)"}}"#) { fastReads += 1 }
                // As a JSON number where the text is one (RFC 8259: no leading zeros or bare points).
                if JSONLineParser.endOfNumber(Array(text.utf8), from: 0) == text.utf8.count {
                    if try agrees(#"{"facts": {"\#(fact)": \#(text)}}"#) { fastReads += 1 }
                }
            }
        }
        #expect(fastReads > 100, "the fast path reads the ordinary numbers itself")
        #expect(try agrees(#"{"facts": {"premium": "123.45", "profit": "-0", "rate": 5.1, "staff": 7}}"#))
    }

    /// Random texts made of digits, points, signs, exponents and units, for every kind of number.
    @Test func randomNumberTextsReadAsTheGeneralPathReadsThem() throws {
        let pieces = ["0", "1", "5", "9", "00", "12", "999999999", ".", "-", "+", "e", "E", "万", "亿", "元", "美元", "%", " "]
        var random = SplitMix64(seed: 42)
        for _ in 0..<3_000 {
            var text = ""
            for _ in 0..<(1 + Int(random.next() % 8)) { text += pieces[Int(random.next() % UInt64(pieces.count))] }
            let fact = Self.numberFacts[Int(random.next() % UInt64(Self.numberFacts.count))]
            try agrees(#"{"facts": {"\#(fact)": "\#(text)"}}"#)
            try agrees(#"{"facts": {"\#(fact)": \#(text)}}"#)
        }
    }

    @Test func stringsNestingAndRepeatedNamesReadAsTheGeneralPathReadsThem() throws {
        let lines = [
            // Escapes: the fast path leaves them to the general path, which reads them.
            #"{"applicant": "a\"b", "facts": {"name_text": "line\nbreak"}}"#,
            #"{"facts": {"name_text": "\u4e2d\u6587", "district": "\u0078icheng"}}"#,
            #"{"facts": {"name_text": "tab\tand\\slash\/"}}"#,
            // Unicode as it stands, in names of applicants, texts and choices.
            #"{"applicant": "北京某某科技有限公司", "facts": {"name_text": "中关村🚀", "district": "bda"}}"#,
            #"{"facts": {"name_text": "\#u{212A}\#u{0301}e\#u{0301}"}}"#,
            // Nested records and lists, empty and full, with absent and null fields.
            #"{"facts": {"insurance": {}, "increases": [{}, {"late": false}, {"amount": "0.01", "late": true}]}}"#,
            #"{"facts": {"insurance": {"premium": "1.5", "start": "2024-02-29", "share": "12.5"}, "yearly": []}}"#,
            #"{"facts": {"increases": [{"amount": 1}, {"amount": 2}, {"amount": 3}, {"amount": 4}, {"amount": 5}, {"amount": 6}, {"amount": 7}, {"amount": 8}, {"amount": 9}, {"amount": 10}, {"amount": 11}]}}"#,
            #"{"facts": {"yearly": [1, "2.5", "3万", 0, "-0"], "tags": ["c", "b", "a", "b"]}}"#,
            // Repeated names, at every level.
            #"{"applicant": "a", "applicant": "b", "facts": {}}"#,
            #"{"facts": {"premium": 1, "premium": 1}}"#,
            #"{"facts": {"insurance": {"start": "2024-01-01", "start": "2024-01-01"}}}"#,
            #"{"facts": {"increases": [{"amount": 1, "amount": 2}]}}"#,
            #"{"facts": {"prior_received": {"t:1": 1}, "prior_received": {"t:1": 1}}}"#,
            // White space everywhere it may be.
            "\t{ \"facts\" :\t{ \"increases\" : [ { \"amount\" : 1 } , { } ] , \"tags\" : [ \"a\" ] } }\r",
        ]
        var fastReads = 0
        for line in lines where try agrees(line) { fastReads += 1 }
        #expect(fastReads >= 6)
    }

    /// The punctuation of objects and arrays, read by loops: every way of getting it wrong is left
    /// to the general path, and every way of getting it right reads as the general path reads it.
    @Test func punctuationOfObjectsAndArraysReadsAsTheGeneralPathReadsIt() throws {
        let lines = [
            #"{"facts":{}}"#, #"{ "facts" : { } }"#, #"{"facts": {"yearly": [ ], "tags": [ ], "insurance": { }}}"#,
            #"{"facts": {"increases": [ { } , { "late" : true } ] }}"#, #"{"facts": {"prior_received": { }}}"#,
            #"{"facts": {"yearly": [1,2,3]}}"#, #"{"facts": {"yearly": [1 , 2 ,3 ]}}"#,
            // Broken: a comma too many or too few, a colon missing, a closer missing or wrong, unknown keys.
            #"{"facts": {"yearly": [1,]}}"#, #"{"facts": {"yearly": [,1]}}"#, #"{"facts": {"yearly": [1 2]}}"#,
            #"{"facts": {"yearly": [1}}}"#, #"{"facts": {"yearly": [1"#, #"{"facts": {"tags": ["a",]}}"#, #"{"facts": {"tags": ["a" "b"]}}"#,
            #"{"facts": {"insurance": {"premium": 1,}}}"#, #"{"facts": {"insurance": {"premium" 1}}}"#, #"{"facts": {"insurance": {"premium": 1]}}"#,
            #"{"facts": {"insurance": {"premum": 1}}}"#, #"{"facts": {"insurance": {"": 1}}}"#, #"{"facts": {"": 1}}"#,
            #"{"facts": {"increases": [{"amount": 1},]}}"#, #"{"facts": {"increases": [{"amount": 1}{"amount": 2}]}}"#,
            #"{"facts": {"prior_received": {"t:1": 1,}}}"#, #"{"facts": {"prior_received": {"t:9": 1}}}"#,
            #"{"facts": {"premium": 1}"#, #"{"facts": {"premium": 1}}}"#, #"{"facts" {}}"#, #"{"facts": {},}"#, #"{,"facts": {}}"#,
            #"{"facts": {"premium": nul}}"#, #"{"facts": {"premium": nulll}}"#, #"{"facts": {"hnte": tru}}"#, #"{"facts": {"hnte": falsey}}"#,
            #"{"facts": {"yearly": [null]}}"#, #"{"facts": {"increases": [null]}}"#, #"{"facts": {"insurance": []}}"#, #"{"facts": {"yearly": {}}}"#,
            // Names that differ from a declared one by a byte, or share its start.
            #"{"facts": {"premiums": 1}}"#, #"{"facts": {"premiu": 1}}"#, #"{"facts": {"insurance": {"start_": "2024-01-01"}}}"#,
            #"{"facts": {"district": "xichen"}}"#, #"{"facts": {"district": "xichengg"}}"#, #"{"facts": {"tags": ["ab"]}}"#,
            #"{"applicant": "a", "applicants": "b", "facts": {}}"#, #"{"as_of": "2025-06-30", "as_oF": "2025-06-30", "facts": {}}"#,
        ]
        var fastReads = 0
        for line in lines where try agrees(line) { fastReads += 1 }
        #expect(fastReads == 7, "only the well-formed lines are read by the fast path")
    }

    /// Strings are scanned eight bytes at a time: a quote, an escape, a control character or a
    /// non-ASCII letter at every place in a word, and strings that end at every place, read as
    /// the general path reads them.
    @Test func stringsReadAsTheGeneralPathReadsThemWhereverTheyEnd() throws {
        var fastReads = 0
        for length in 0...20 {
            let plain = String(repeating: "x", count: length)
            if try agrees(#"{"facts": {"name_text": "\#(plain)"}}"#) { fastReads += 1 }
            if try agrees(#"{"applicant": "\#(plain)", "facts": {}}"#) { fastReads += 1 }
            for position in 0...length {
                let head = String(plain.prefix(position)), tail = String(plain.dropFirst(position))
                for inserted in [#"\""#, #"\\"#, #"\n"#, "\t", "\u{01}", "\u{1F}", " ", "é", "中", "\u{7F}"] {
                    if try agrees(#"{"facts": {"name_text": "\#(head)\#(inserted)\#(tail)", "district": "bda"}}"#) { fastReads += 1 }
                }
            }
        }
        #expect(fastReads > 900, "plain strings of every length and the ones with ordinary letters are read fast")
        // A line that stops inside a string, at every length.
        for length in 0...12 {
            #expect(try !agrees(#"{"facts": {"name_text": ""# + String(repeating: "y", count: length)))
        }
    }

    /// A line declined inside nested lists leaves nothing behind for the next line read with the
    /// same scratch space.
    @Test func aLineDeclinedHalfwayLeavesTheScratchSpaceClean() throws {
        let program = BoundLineReaderTests.program
        let reader = try #require(BoundLineReader(program: program))
        var scratch = reader.scratch()
        let good = #"{"facts": {"increases": [{"amount": 1}, {"amount": 2, "late": true}], "yearly": [4, 5]}}"#
        let declined = [
            #"{"facts": {"increases": [{"amount": 1}, {"amount": x}]}}"#, #"{"facts": {"yearly": [1, 2, "x"]}}"#,
            #"{"facts": {"increases": [{"amount": 1}, {"late": 5}], "yearly": [1]}}"#,
        ]
        let expected = try #require(reading.slow(good, program))
        for line in declined {
            #expect(reader.read(Array(line.utf8)[...], &scratch) == nil, "\(line)")
            let read = try #require(reader.read(Array(good.utf8)[...], &scratch))
            #expect(reading.same(read, expected), "after \(line)")
        }
    }

    @Test func namesAreFoundByExactlyTheirBytes() {
        let strings = ["", "a", "ab", "abc", "b", "中文", "中", "prior", "prior_received"] + (0..<40).map { "fact_\($0)" }
        let names = Names(strings)
        func index(_ text: String) -> Int? { Array(text.utf8).withUnsafeBufferPointer { names.index(of: $0[...]) } }
        for (position, string) in strings.enumerated() { #expect(index(string) == position, "\(string)") }
        for missing in ["abcd", "c", "中文文", "fact_40", "fact_", "prior_receive", "A"] { #expect(index(missing) == nil, "\(missing)") }
        #expect(Names([]).isEmpty)
        #expect(Array("x".utf8).withUnsafeBufferPointer { Names([]).index(of: $0[...]) } == nil)
    }

    /// A name compared as words at a place in a line is there exactly when its bytes and a closing
    /// quote are, whatever its length (up to the longest that fits in the words) and whatever
    /// follows; longer names are left to the comparison of bytes.
    @Test func namesComparedAsWordsMatchExactlyTheirQuotedBytes() {
        var generator = SystemRandomNumberGenerator()
        let strings = (0...40).map { length in String((0..<length).map { Character(UnicodeScalar(UInt8(97 + $0 % 26))) }) } + ["中文", "x_y"]
        let names = Names(strings)
        var mismatches = 0, compared = 0
        for (index, string) in strings.enumerated() {
            #expect(names.fitsWords(index) == (string.utf8.count < Names.quotedBytes), "\(string)")
            guard names.fitsWords(index) else { continue }
            for candidate in strings + ["a\"", "", "ab\"cd"] {
                for tail in ["\"", "\":", "x\"", "", "\\\"", "\"" + String(repeating: "q", count: 40)] {
                    var bytes = Array((candidate + tail).utf8)
                    bytes += (0..<40).map { _ in UInt8.random(in: 0...255, using: &generator) }
                    // Judged on every byte read, the random ones included: they may close a name too.
                    let expected = bytes.starts(with: Array(string.utf8) + [UInt8(ascii: "\"")])
                    let found = bytes.withUnsafeBytes { names.isQuotedName(index, at: $0.baseAddress!) }
                    compared += 1
                    if found != expected { mismatches += 1 }
                }
            }
        }
        #expect(compared > 5_000)
        #expect(mismatches == 0)
    }

    /// Names that begin with one another, for reading names in place: a fact or field written at
    /// the place of the one expected next (or a few after it) is compared there, not looked up.
    static let prefixedNames = checkedProgram(header + """
    fact a: money in 万元 "a"
    fact ab: money in 万元 "ab"
    fact abc: bool "abc"
    fact abd: bool "abd"
    fact b: count "b"
    fact c: date "c"
    fact d: money in 万元 "d"
    fact e: bool "e"
    fact rec: record {
      x: money in 万元 "x",
      xy: money in 万元 "xy",
      xyz: bool "xyz",
      y: date "y",
      z: count "z",
      zz: bool "zz"
    } "rec"
    fact items: list of record { x: money in 万元 "x", xy: bool "xy" } "items"

    clause 1 "t" (第一条) {
      when abc or abd or e or b > 0 or c > 2025-01-01 "条件"
      amount a + ab + d + rec.x + rec.xy + sum(i in items: i.x)
    }
    """)

    /// Facts and fields in declared order with some left out, shuffled, repeated, misspelt or
    /// longer than a declared name: the fast path reads each line as the general path does, or
    /// declines it.
    @Test func namesReadInPlaceInAnyOrderBindAsTheGeneralPathBindsThem() throws {
        let program = Self.prefixedNames
        let reader = try #require(BoundLineReader(program: program))
        var scratch = reader.scratch()
        let facts: [(String, String)] = [
            ("a", "1.5"), ("ab", "\"2\""), ("abc", "true"), ("abd", "false"), ("b", "3"), ("c", "\"2025-06-01\""), ("d", "4"), ("e", "true"),
            ("items", #"[{"x": 1, "xy": true}, {"xy": false}, {"x": "2"}]"#), ("rec", "RECORD"),
        ]
        let fields: [(String, String)] = [("x", "1"), ("xy", "2.5"), ("xyz", "true"), ("y", "\"2024-02-29\""), ("z", "7"), ("zz", "false")]
        let strays = ["abcd", "aa", "", "ac", "rec2", "x", "xyzz", "zzz", "y "]
        var random = SplitMix64(seed: 7)
        /// Some of `items`, in declared order (ordinary) or shuffled, or with one given twice.
        func pick<T>(_ items: [T]) -> (items: [T], ordinary: Bool) {
            var chosen = items.filter { _ in random.next() % 3 != 0 }
            switch random.next() % 4 {
            case 0: chosen.shuffle(using: &random)
            case 1: chosen.insert(chosen.first ?? items[0], at: Int(random.next() % UInt64(chosen.count + 1)))
            case 2: chosen.insert(items[Int(random.next() % UInt64(items.count))], at: 0)
            default: return (chosen, true)
            }
            return (chosen, false)
        }
        var fastReads = 0, ordinaryReads = 0, ordinary = 0
        for round in 0..<1_500 {
            let (pickedFields, fieldsInOrder) = pick(fields), (pickedFacts, factsInOrder) = pick(facts)
            var record = pickedFields.map { "\"\($0.0)\": \($0.1)" }
            var members = pickedFacts.map { "\"\($0.0)\": \($0.1)" }
            let stray = round % 7 == 0 || round % 11 == 0
            if round % 7 == 0 { record.insert("\"\(strays[Int(random.next() % UInt64(strays.count))])\": 1", at: Int(random.next() % UInt64(record.count + 1))) }
            if round % 11 == 0 { members.insert("\"\(strays[Int(random.next() % UInt64(strays.count))])\": 1", at: Int(random.next() % UInt64(members.count + 1))) }
            let line = "{\"facts\": {" + members.joined(separator: ", ").replacingOccurrences(of: "RECORD", with: "{" + record.joined(separator: ", ") + "}") + "}}"
            // The same reader and scratch line after line, as a batch reads them.
            let fast = reader.read(Array(line.utf8)[...], &scratch)
            let plain = fieldsInOrder && factsInOrder && !stray
            if plain { ordinary += 1 }
            guard let fast else { continue }
            fastReads += 1
            if plain { ordinaryReads += 1 }
            let expected = try #require(reading.slow(line, program), "the fast path reads what the general path rejects: \(line)")
            #expect(reading.same(fast, expected), "\(line)")
            reader.recycle(fast.facts, &scratch)
        }
        #expect(ordinary > 50 && ordinaryReads == ordinary, "names in declared order, some left out, are read in place (\(ordinaryReads) of \(ordinary))")
        #expect(fastReads > ordinary, "shuffled names are read too (\(fastReads))")
    }

    /// Choice lists of each kind the reader meets: short ones compared in place (a choice the
    /// beginning of another, one of many bytes, one too long for the words), a long one and one
    /// whose choices hold a quote or a backslash (looked up), a set, and choices in a list of records.
    static let choiceLists = checkedProgram(header + #"""
    fact size: choice {"a", "ab", "中文"} "规模"
    fact long_name: choice {"x", "a_choice_whose_name_is_longer_than_the_words"} "长"
    fact district: choice {"d1", "d2", "d3", "d4", "d5", "d6"} "区"
    fact quoted: choice {"say \"hi\"", "back\\slash", "plain"} "引号"
    fact tags: set of choice {"a", "ab", "b"} "标签"
    fact items: list of record { kind: choice {"ab", "a"} "类", amount: money in 万元 "金额" } "事项"

    clause 1 "t" (第一条) {
      when size == "a" and long_name == "x" and district == "d1" and quoted == "plain" and "a" in tags "条件"
      amount sum(i in items where i.kind == "a": i.amount)
    }
    """#)

    @Test func choiceListsAreComparedInPlaceOnlyWhenShortAndPlain() {
        #expect(Names(["a", "ab", "中文"]).comparedInPlace)
        #expect(Names(["x", String(repeating: "y", count: 40)]).comparedInPlace)
        #expect(!Names(["d1", "d2", "d3", "d4", "d5"]).comparedInPlace)
        #expect(!Names([]).comparedInPlace)
        #expect(!Names(["say \"hi\"", "plain"]).comparedInPlace)
        #expect(!Names(["back\\slash", "plain"]).comparedInPlace)
        #expect(!Names(["tab\there", "plain"]).comparedInPlace)
    }

    /// Every choice of each list, and texts that are not one (a choice's beginning or a longer
    /// text, an empty one, one written with an escape, one cut short), read with the document open
    /// (the choice kept) and closed on the day (checked only): the fast path reads each line as
    /// the general path does, or declines it, and reads every line the general path accepts.
    @Test func choicesReadAsTheGeneralPathReadsThemKeptOrCheckedOnly() throws {
        let program = Self.choiceLists
        let reader = try #require(BoundLineReader(program: program))
        var scratch = reader.scratch()
        let values: [String: [String]] = [
            "size": ["a", "ab", "中文", "abc", "", "中", "b", "A", #"\u0061"#],
            "long_name": ["x", "a_choice_whose_name_is_longer_than_the_words", "a_choice_whose_name_is_longer_than_the_word", "xx"],
            "district": ["d1", "d4", "d5", "d6", "d7", "d", ""],
            "quoted": [#"say \"hi\""#, #"back\\slash"#, "plain", "say ", "back", "plai"],
        ]
        var read = 0, accepted = 0
        for (fact, texts) in values.sorted(by: { $0.key < $1.key }) {
            for text in texts {
                for tail in ["", " ", ",\"tags\": [\"ab\", \"a\"]", ",\"items\": [{\"kind\": \"\(text)\", \"amount\": 1}]"] {
                    let line = "{\"facts\": {\"\(fact)\": \"\(text)\"\(tail)}}"
                    let slow = reading.slow(line, program)
                    // A text written with an escape is left to the general path.
                    let plain = slow != nil && !text.contains("\\")
                    if plain { accepted += 2 }
                    for keeping in [BoundLineReader.Keeping.all, .open(runDay: Day(iso: "2020-01-01"))] {
                        guard let fast = reader.read(Array(line.utf8)[...], &scratch, keeping: keeping) else {
                            #expect(!plain, "declined: \(line)")
                            continue
                        }
                        if plain { read += 1 }
                        let expected = try #require(slow, "the fast path reads what the general path rejects: \(line)")
                        if case .all = keeping { #expect(reading.same(fast, expected), "\(line)") }
                        reader.recycle(fast.facts, &scratch)
                    }
                }
            }
            // A line cut short just after the choice's closing quote, and inside it.
            for text in texts where !text.isEmpty {
                for cut in ["{\"facts\": {\"\(fact)\": \"\(text)\"", "{\"facts\": {\"\(fact)\": \"\(text)"] {
                    #expect(reader.read(Array(cut.utf8)[...], &scratch) == nil, "\(cut)")
                    #expect(reader.read(Array(cut.utf8)[...], &scratch, keeping: .open(runDay: Day(iso: "2020-01-01"))) == nil, "\(cut)")
                }
            }
        }
        #expect(accepted > 40)
        #expect(read == accepted, "every line without an escape that the general path accepts is read (\(read) of \(accepted))")
    }

    @Test func aLongListOfRecordsNamesEachItemByItsPosition() throws {
        let items = (1...12).map { #"{"amount": \#($0)}"# }.joined(separator: ",")
        let line = #"{"facts": {"increases": [\#(items)], "insurance": {"premium": 1}}}"#
        let bound = try #require(try reading.fast(line, BoundLineReaderTests.program))
        #expect(try agrees(line))
        let paths = bound.facts.flatMap { cell -> [String] in
            switch cell {
            case .record(let record): return [record.path]
            case .list(let items): return items.compactMap { if case .record(let record) = $0 { record.path } else { nil } }
            default: return []
            }
        }
        #expect(Set(paths) == Set(["insurance"] + (1...12).map { "increases[\($0)]" }))
    }

    @Test func numbersScaleByTheirUnitWithoutMultiplying() throws {
        func decimal(_ text: String) -> DecimalBytes? {
            let bytes = Array(text.utf8)
            return bytes.withUnsafeBufferPointer { DecimalBytes($0[...]) }
        }
        #expect(decimal("123.4500")?.value.mantissa == 12345 && decimal("123.4500")?.places == 2)
        #expect(decimal("-0")?.isNegative == false)
        #expect(decimal("1.5万")?.end == 3)
        #expect(decimal("1.5")?.times(ExactDecimal(10_000)) == ExactDecimal(15_000))
        #expect(decimal("5.1")?.shifted(by: -2) == (try ExactDecimal(mantissa: 51, scale: 3)))
        #expect(decimal("0.5")?.times(ExactDecimal(3)) == (try ExactDecimal(mantissa: 15, scale: 1)), "a factor that is no power of ten multiplies")
        #expect((try ExactDecimal(mantissa: 1, scale: 2)).powerOfTen == -2)
        #expect(ExactDecimal(20).powerOfTen == nil)
        for unit in MoneyUnit.all {
            #expect(unit.factor.powerOfTen.map { decimal("1")?.shifted(by: $0) } == unit.factor, "\(unit.name)")
        }
        #expect(ExactDecimal(1_000).powerOfTen == 3 && ExactDecimal(10_000).powerOfTen == 4)
        #expect(ExactDecimal(10_001).powerOfTen == nil && ExactDecimal(-10_000).powerOfTen == nil)
        #expect(decimal("1.25")?.shifted(by: 4) == ExactDecimal(12_500))
        #expect(decimal("0.00001")?.shifted(by: 4) == (try ExactDecimal(mantissa: 1, scale: 1)))
        #expect(decimal("50")?.shifted(by: -2) == (try ExactDecimal(mantissa: 5, scale: 1)), "a point moved right is normalised")
        #expect(decimal("170141183460469231731687303715884105727")?.shifted(by: 1) == nil, "too large once scaled")
        // A point moved right past the last digit, in a word and just beyond one.
        #expect(decimal("922337203685477.5807")?.shifted(by: 4) == ExactDecimal(Int.max))
        #expect(decimal("922337203685477.5808")?.shifted(by: 4) == (try ExactDecimal(mantissa: Int128(Int.max) + 1, scale: 0)))
        #expect(decimal("-922337203685477.5808")?.shifted(by: 4) == ExactDecimal(Int.min))
        #expect(decimal("-922337203685477.5809")?.shifted(by: 4) == (try ExactDecimal(mantissa: Int128(Int.min) - 1, scale: 0)))
        #expect(decimal("9")?.shifted(by: 19) == (try ExactDecimal(mantissa: 9 * Int128(10_000_000_000_000_000_000 as UInt64), scale: 0)))
    }

    /// Where a number ends and what it is: a run of digits, points and signs that goes on past the
    /// number (a second point, a sign, a control character) is no number; a unit or a quote after
    /// it ends it.
    @Test func aNumberEndsWhereItsRunOfDigitsEnds() throws {
        func read(_ text: String) -> (String, Int)? {
            Array(text.utf8).withUnsafeBufferPointer { bytes in DecimalBytes(bytes[...]).map { ($0.value.description, $0.end) } }
        }
        for declined in ["", "-", ".5", "-.5", "5.", "1..2", "1.2.3", "1+", "1-2", "1.5-", "+1", "--1", "1\u{1}", "1\u{7F}", "1.\u{9}"] {
            #expect(read(declined) == nil, "\(declined.debugDescription)")
        }
        let cases = [("0", "0", 1), ("-0", "0", 2), ("007", "7", 3), ("1.50", "1.5", 4), ("-12.25万", "-12.25", 6), ("3\"", "3", 1), ("4 ", "4", 1),
                    ("1e3", "1", 1), ("123456789012345678", "123456789012345678", 18), ("1234567890123.45678", "1234567890123.45678", 19),
                    ("12345678901234567890.5%", "12345678901234567890.5", 22)]
        for (text, value, end) in cases {
            let number = try #require(read(text), "\(text)")
            #expect(number.0 == value && number.1 == end, "\(text): \(number)")
        }
    }

    // MARK: The pipeline

    static var fixture: Program { BatchTests.fixture }

    func population(_ count: Int, seed: UInt64) -> [String] {
        var population = Population(program: Self.fixture, trees: BatchTests.loaded.trees, seed: seed)
        return (0..<count).map { _ in population.nextLine() }
    }

    func run(_ input: [UInt8], jobs: Int, chunkLines: Int, blockSize: Int = 1 << 20, failAt: Int? = nil,
             write: (([UInt8]) throws -> Void)? = nil) throws -> (out: [UInt8], summary: BatchSummary) {
        var options = Batch.Options(today: Day(iso: "2025-06-30")!)
        options.jobs = jobs
        options.chunkLines = chunkLines
        var offset = 0
        struct ReadFailure: Error {}
        var lines = ByteLines {
            if let failAt, offset >= failAt { throw ReadFailure() }
            guard offset < input.count else { return nil }
            defer { offset += blockSize }
            return Array(input[offset..<min(input.count, offset + blockSize)])
        }
        var out: [UInt8] = []
        let summary = try Batch(program: Self.fixture, options: options).run(&lines, write: { bytes in
            try write?(Array(bytes))
            out += bytes
        })
        return (out, summary)
    }

    @Test func anyNumberOfThreadsAndAnyChunkSizeWriteTheSameBytes() throws {
        var lines = population(400, seed: 21)
        lines.insert(#"{"facts": {"hnte": 2}}"#, at: 3)
        lines.insert("not json", at: 250)
        let input = Array(lines.joined(separator: "\n").utf8)
        let one = try run(input, jobs: 1, chunkLines: 64)
        #expect(one.summary.lines == 402 && one.summary.failed == 2)
        for (jobs, chunkLines) in [(1, 1), (2, 1), (2, 7), (3, 3), (4, 64), (8, 2)] {
            let many = try run(input, jobs: jobs, chunkLines: chunkLines, blockSize: 1000)
            #expect(many.out == one.out, "jobs \(jobs), chunks of \(chunkLines)")
            #expect(many.summary == one.summary, "jobs \(jobs), chunks of \(chunkLines)")
        }
    }

    @Test func aFailingWriteStopsTheRunWithItsError() throws {
        let input = Array(population(300, seed: 22).joined(separator: "\n").utf8)
        struct Full: Error {}
        for jobs in [1, 2, 4] {
            var calls = 0
            #expect(throws: Full.self) {
                _ = try run(input, jobs: jobs, chunkLines: 4, write: { _ in
                    calls += 1
                    if calls == 3 { throw Full() }
                })
            }
            #expect(calls == 3, "nothing is written after the failure (jobs \(jobs))")
        }
    }

    @Test func anUnreadableInputWritesWhatWasReadBeforeAndThrows() throws {
        let input = Array(population(200, seed: 23).joined(separator: "\n").utf8)
        try #require(input.count > 4096 * 3)
        let whole = try run(input, jobs: 1, chunkLines: 8).out
        for jobs in [1, 2] {
            var written: [UInt8] = []
            #expect(throws: (any Error).self) {
                _ = try run(input, jobs: jobs, chunkLines: 8, blockSize: 4096, failAt: 4096 * 2, write: { written += $0 })
            }
            #expect(!written.isEmpty && whole.starts(with: written), "a prefix of the records, in order (jobs \(jobs))")
        }
    }
}

/// Lines read from a file descriptor in blocks, each read into place: whatever the block size,
/// the same lines as from the bytes in memory, with lines that cross blocks, CRLF, a lone CR, a
/// last line without a newline and empty lines.
@Suite struct ByteLinesReadingTests {
    func linesInMemory(_ bytes: [UInt8]) throws -> [[UInt8]] {
        var lines = ByteLines.bytes(bytes), all: [[UInt8]] = []
        while let line = try lines.next() { all.append(Array(line)) }
        return all
    }

    @Test func aFileReadInBlocksGivesTheLinesOfItsBytes() throws {
        var text = "\u{FEFF}first\r\n\n"
        for index in 0..<300 { text += String(repeating: "行\(index),", count: index % 17) + "\n" }
        text += "last without a newline"
        let bytes = Array(text.utf8)
        let path = scratchRoot + "/lines-\(UUID().uuidString).jsonl"
        try FileManager.default.createDirectory(atPath: scratchRoot, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let expected = try linesInMemory(bytes)
        #expect(expected.count == 303 && expected.first == Array("first".utf8))
        for blockSize in [1, 2, 3, 7, 64, 1000, 1 << 20] {
            let handle = try #require(FileHandle(forReadingAtPath: path))
            var lines = ByteLines.reading(handle, blockSize: blockSize), read: [[UInt8]] = []
            while let line = try lines.next() { read.append(Array(line)) }
            // The first line that differs, rather than both lists of bytes in the message.
            let differing = zip(read, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            #expect(differing == nil && read.count == expected.count, "block size \(blockSize): \(read.count) lines, first wrong at \(differing ?? -1)")
            #expect(lines.lineNumber == expected.count)
        }
    }

    /// Every line of `text` as `ByteLines` returns it from blocks of `blockSize` bytes handed
    /// over one at a time, and the line numbers it gave.
    func linesInBlocks(_ text: String, blockSize: Int) throws -> (lines: [String], numbers: [Int]) {
        let bytes = Array(text.utf8)
        var index = 0
        var lines = ByteLines { () -> [UInt8]? in
            guard index < bytes.count else { return nil }
            defer { index += blockSize }
            return Array(bytes[index..<min(bytes.count, index + blockSize)])
        }
        var seen: [String] = [], numbers: [Int] = []
        while let line = try lines.next() {
            seen.append(String(decoding: line, as: UTF8.self))
            numbers.append(lines.lineNumber)
        }
        return (seen, numbers)
    }

    @Test func aLoneCREndsALineAsLFAndCRLFDoNumberedAsEvalNumbersThem() throws {
        let text = "\u{FEFF}a\rb\r\nc\n\rd\r\r\ne\r\r行\rlast"
        // `SourceFile` is what `eval` reads a file with.
        let file = SourceFile(path: "x", text: text)
        let count = file.position(of: file.scalars.count).line
        let expected = [String(file.line(1).dropFirst())] + (2...count).map { file.line($0) }
        #expect(expected == ["a", "b", "c", "", "d", "", "e", "", "行", "last"])
        for blockSize in [1, 2, 3, 5, 100] {
            let (lines, numbers) = try linesInBlocks(text, blockSize: blockSize)
            #expect(lines == expected, "block size \(blockSize)")
            #expect(numbers == Array(1...count), "block size \(blockSize)")
        }
        // The ending of the last line does not start another, whichever it is.
        for ending in ["\n", "\r\n", "\r"] {
            #expect(try linesInBlocks("a" + ending + "b" + ending, blockSize: 1).lines == ["a", "b"], "\(Array(ending.utf8))")
        }
    }

    @Test func aLineEndingInCRIsReturnedBeforeTheNextByteArrives() throws {
        // A pipe that pauses after a CR: the line is returned without waiting for the byte after
        // it, and an LF that then comes completes a CRLF instead of making an empty line.
        var blocks: [[UInt8]] = [Array("one\r".utf8), Array("\ntwo\r".utf8), Array("three".utf8)]
        var lines = ByteLines { () -> [UInt8]? in blocks.isEmpty ? nil : blocks.removeFirst() }
        #expect(try lines.next().map { Array($0) } == Array("one".utf8))
        #expect(blocks.count == 2, "the line before the pause is returned without reading on")
        #expect(try lines.next().map { Array($0) } == Array("two".utf8))
        #expect(try lines.next().map { Array($0) } == Array("three".utf8))
        #expect(try lines.next() == nil)
        #expect(lines.lineNumber == 3)
    }

    @Test func aQuotedCSVFieldKeepsItsLineBreaksAsWritten() throws {
        // A line break inside quotes is data: LF (and CRLF, as always) joins the record's lines
        // with `\n`, a lone CR with the CR written.
        let text = "h1,h2\r\"甲\r乙\",x\r\"丙\r\n丁\",y\r\nz,w"
        var lines = ByteLines.bytes(Array(text.utf8))
        var records: [(Int, String)] = []
        while let item = try Batch.nextRecord(&lines, csv: true) { records.append((item.line, String(decoding: item.bytes, as: UTF8.self))) }
        #expect(records.map(\.0) == [1, 2, 4, 6])
        #expect(records.map(\.1) == ["h1,h2", "\"甲\r乙\",x", "\"丙\n丁\",y", "z,w"])
    }

    @Test func aDescriptorThatCannotBeReadIsAnInputError() throws {
        let handle = try #require(FileHandle(forReadingAtPath: "/"), "a folder opens for reading; reading it fails")
        var lines = ByteLines.reading(handle)
        #expect(throws: BatchInputError.self) { _ = try lines.next() }
    }
}
