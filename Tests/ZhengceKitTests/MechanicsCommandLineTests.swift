import Testing
@testable import ZhengceKit

/// The fixture documents of steps, units and rates by year, end to end through the built binary:
/// they check clean, are formatted, and their examples pass with full coverage.
@Suite(.serialized) struct MechanicsCommandLineTests {
    let folder = fixturePolicies + "/units"

    func zhengce(_ arguments: [String], input: String? = nil) throws -> CommandLineTests.Run {
        try CommandLineTests().zhengce(arguments, input: input)
    }

    @Test func checkFormatAndExamplesWithFullCoverage() throws {
        #expect(try zhengce(["check", "--deny-warnings", folder]).status == 0)
        #expect(try zhengce(["fmt", "--check", folder]).status == 0)
        let run = try zhengce(["test", "--min-coverage", "100", folder])
        #expect(run.status == 0, "\(run.out)\(run.err)")
        #expect(run.out.contains("step increments 3/3") && run.out.contains("year bands 2/2"))
    }

    @Test func evalExplainsStepsUnitsAndYears() throws {
        let applicant = """
        {"facts": {"paid_in_capital": "13.5亿", "office_area": "1000", "rent_price": "5",
                   "settled_on": "2021-03-01", "district_tax": [{"year": 2022, "amount": "400"}]}}
        """
        let run = try zhengce(["eval", "--as-of", "2025-06-30", "--policies", folder, "-"], input: applicant)
        #expect(run.status == 0, "\(run.err)")
        // Long lines wrap with a hanging indent; read the report as one line.
        let flat = run.out.replacingOccurrences(of: "\n +", with: "", options: .regularExpression)
        #expect(flat.contains("的部分含 3 个完整的 10,000.00万元（1亿元）：3 × 100.00万元 = 300.00万元"))
        #expect(run.out.contains("price（补贴单价） = `min(rent_price * 50%, 3元/m²/天)` = 2.5元/m²/天"))
        #expect(run.out.contains("2022年为自2021年起第2年（第1至2年）：100% × 400.00万元 = 400.00万元，按每年上限计 300.00万元"))
        let english = try zhengce(["eval", "--lang", "en", "--as-of", "2025-06-30", "--policies", folder, "-"], input: applicant)
        #expect(english.out.contains("holds 3 full steps of 10,000.00万元"))
        #expect(english.out.contains("2022 is year 2 from 2021 (years 1–2): 100% × 400.00万元 = 400.00万元, held to 300.00万元 a year"))
    }

    @Test func aMistakeInUnitsIsALocatedErrorWithExitCode1() throws {
        let run = try zhengce(["check", fixturePolicies + "/../diagnostics/Z214/input.policy"])
        #expect(run.status == 1)
        #expect(run.out.contains("input.policy:8:10: error[Z214]"))
    }
}
