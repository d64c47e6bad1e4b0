import Testing
@testable import ZhengceKit

/// yz2025 on applicants derived by hand from the document; the arithmetic is in each test.
/// (`policies/yz2025.examples.json` holds many more, run by `ExamplesTests`.)
@Suite struct YZ2025Tests {
    let eligible = "\"operates_in_yizhuang_225\": true"

    @Test func insurancePremiumSubsidyAtTheThreshold() throws {
        // 第二条: 专精特新, premium 10.01万 > 10万 → 50% × 10.01 = 5.005 → 5.01 (half-up).
        var result = try evaluate("{\(eligible), \"beijing_srdi\": true, \"sci_tech_insurance\": {\"premium\": \"10.01\", \"coverage_start\": \"2024-05-01\"}}", asOf: "2025-06-30")
        #expect(result.granted("yz2025:2") == "5.01")
        // Exactly 10万 is not "超过10万": refused.
        result = try evaluate("{\(eligible), \"beijing_srdi\": true, \"sci_tech_insurance\": {\"premium\": \"10\", \"coverage_start\": \"2024-05-01\"}}", asOf: "2025-06-30")
        #expect(result.status("yz2025:2") == .refused)
    }

    @Test func littleGiantRateHitsTheYearlyCap() throws {
        // 第二条: 小巨人 60% × 90 = 54 → capped at 50 a year.
        let result = try evaluate("{\(eligible), \"national_little_giant\": true, \"sci_tech_insurance\": {\"premium\": \"90\", \"coverage_start\": \"2024-05-01\"}}", asOf: "2025-06-30")
        #expect(result.amount("yz2025:2") == "50.00")
        #expect(result.clause("yz2025:2")!.trace.contains { $0.kind == .cap && $0.text.contains("applies") })
    }

    @Test func coverMustHaveRunOneYear() throws {
        // Reading A19: cover from 2024-07-02 has not run a year on 2025-07-01.
        let result = try evaluate("{\(eligible), \"national_hnte\": true, \"sci_tech_insurance\": {\"premium\": \"20\", \"coverage_start\": \"2024-07-02\"}}", asOf: "2025-07-01")
        #expect(result.status("yz2025:2") == .refused)
    }

    @Test func licensedInstitutionBracketsAndCap() throws {
        // 第八条: 5亿 exactly is in [5亿, 10亿): 1000 + 0.5% × 50000 = 1250.
        var result = try evaluate("{\(eligible), \"licensed_legal_fi\": true, \"paid_in_capital\": \"50000\"}", asOf: "2025-06-30")
        #expect(result.granted("yz2025:8a") == "1250.00")
        // One unit below: [1亿, 5亿): 500 + 1% × 49999.99 = 999.9999 → 1000.00.
        result = try evaluate("{\(eligible), \"licensed_legal_fi\": true, \"paid_in_capital\": \"49999.99\"}", asOf: "2025-06-30")
        #expect(result.granted("yz2025:8a") == "1000.00")
        // 50亿: 5000 + 0.2% × 500000 = 6000 = the cap.
        result = try evaluate("{\(eligible), \"licensed_legal_fi\": true, \"paid_in_capital\": \"50亿\"}", asOf: "2025-06-30")
        #expect(result.granted("yz2025:8a") == "6000.00")
        // Below 1亿: no arm, nothing granted.
        result = try evaluate("{\(eligible), \"licensed_legal_fi\": true, \"paid_in_capital\": \"9999.99\"}", asOf: "2025-06-30")
        #expect(result.status("yz2025:8a") == .refused)
    }

    @Test func capitalIncreasesArePaidPerEventWithAPerTimeCap() throws {
        // 第八条: increases of 3亿 and 30亿: 1% × 30000 = 300, and 1% × 300000 = 3000 → 2000; 0.9亿 earns nothing.
        let result = try evaluate("{\(eligible), \"licensed_legal_fi\": true, \"capital_increases\": [{\"amount\": \"30000\"}, {\"amount\": \"300000\"}, {\"amount\": \"9000\"}]}", asOf: "2025-06-30")
        #expect(result.granted("yz2025:8b") == "2300.00")
    }

    @Test func smallMicroInterestExclusionKeepsTheHighest() throws {
        // 第四条: 4a = 50% × 30 = 15 (cap 25); 4c = min(1:1 × 18, 40 − 18 = 22) = 18 → cap 20 → 18.
        // Reading A20: only the highest (4c) is granted.
        let result = try evaluate("{\(eligible), \"is_small_micro\": true, \"small_micro_loan_interest_paid\": \"30\", \"startup_guarantee_loan\": {\"municipal_subsidy\": \"18\", \"interest_paid\": \"40\"}}", asOf: "2025-06-30")
        #expect(result.amount("yz2025:4a") == "15.00")
        #expect(result.status("yz2025:4a") == .excluded)
        #expect(result.clause("yz2025:4a")?.excludedBy == "yz2025:4c")
        #expect(result.granted("yz2025:4c") == "18.00")
        #expect(result.documents.first { $0.id == "yz2025" }?.total == decimal("180000"))
    }

    @Test func fundManagerDeductionDecidesTheBracket() throws {
        // 第十一条 + A22: gross 6000, government 1500 → net 4500 in [1000, 5000): 2% × 4500 = 90.
        let result = try evaluate("{\(eligible), \"fin_org_type\": \"private_fund_manager\", \"paid_in_capital\": \"6000\", \"paid_in_capital_gov_part\": \"1500\", \"fund_manager\": {\"managed_funds_paid_in\": \"10000\", \"assessed_strong_driving\": true}}", asOf: "2025-06-30")
        #expect(result.granted("yz2025:11a") == "90.00")
    }

    @Test func qflpFundBracketsAreInUSD() throws {
        // 第十二条: USD 50m exactly belongs to [5000万美元, 1亿美元) → 80; 19.99m gets nothing.
        let result = try evaluate("{\(eligible), \"qflp\": {\"funds\": [{\"amac_filed\": true, \"operates_in_bda\": true, \"paid_in_usd_m\": \"50\"}, {\"amac_filed\": true, \"operates_in_bda\": true, \"paid_in_usd_m\": \"19.99\"}]}}", asOf: "2025-06-30")
        #expect(result.granted("yz2025:12b") == "80.00")
    }

    @Test func revenueGrowthAgainstFactoringAndScale() throws {
        // 第十四条: 4000 → 5000 is +25% (≥ 15% at 5000 and above): 2% × 1000 = 20.
        // 第三条: contract 1亿, financing 30000 → 0.1% = 30. A26: max(14, 3 + 13) → 3 kept, 14 excluded.
        let result = try evaluate("{\(eligible), \"fin_org_type\": \"commercial_factoring\", \"revenue\": \"5000\", \"revenue_prev\": \"4000\", \"supply_chain\": {\"contract_amount\": \"10000\", \"financing_total\": \"30000\"}}", asOf: "2025-06-30")
        #expect(result.amount("yz2025:14") == "20.00")
        #expect(result.granted("yz2025:3") == "30.00")
        #expect(result.status("yz2025:14") == .excluded)
    }

    @Test func earlyInvestmentMaturesAfterTwoYearsEvenPastExpiry() throws {
        // 第十五条 + A27: transfer 2027-03-01 matures 2029-03-01 (after 2028-12-31): 2% × 1000 = 20.
        let facts = "{\(eligible), \"fin_org_type\": \"vc_institution\", \"vc_investments\": [{\"transfer_date\": \"2027-03-01\", \"amount\": \"1000\", \"first_investment\": true, \"investee_startup\": true, \"assessed_strong_driving\": true}]}"
        #expect(try evaluate(facts, asOf: "2029-03-01").granted("yz2025:15") == "20.00")
        #expect(try evaluate(facts, asOf: "2029-02-28").status("yz2025:15") == .refused)
        // The rest of the document is out of force then.
        #expect(try evaluate(facts, asOf: "2029-03-01").documents.first { $0.id == "yz2025" }?.inForce == false)
    }

    @Test func validityBoundariesAndEligibility() throws {
        let facts = "{\(eligible), \"national_hnte\": true, \"sci_tech_insurance\": {\"premium\": \"20\", \"coverage_start\": \"2023-01-01\"}}"
        #expect(try evaluate(facts, asOf: "2025-01-01").granted("yz2025:2") == "10.00")
        #expect(try evaluate(facts, asOf: "2028-12-31").granted("yz2025:2") == "10.00")
        #expect(try evaluate(facts, asOf: "2024-12-31").status("yz2025:2") == .refused)
        #expect(try evaluate(facts, asOf: "2029-01-01").status("yz2025:2") == .refused)
        let penalised = "{\(eligible), \"major_admin_penalty_3y\": true, \"national_hnte\": true, \"sci_tech_insurance\": {\"premium\": \"20\", \"coverage_start\": \"2023-01-01\"}}"
        let result = try evaluate(penalised, asOf: "2025-06-30")
        #expect(result.status("yz2025:2") == .refused)
        #expect(result.documents.first { $0.id == "yz2025" }?.eligible == false)
    }

    @Test func aMissingFactLeavesTheClauseUndetermined() throws {
        // 第二条 with the premium missing: null amount naming the fact, nothing added to the total.
        let result = try evaluate("{\(eligible), \"national_hnte\": true, \"sci_tech_insurance\": {\"coverage_start\": \"2023-01-01\"}}", asOf: "2025-06-30")
        #expect(result.status("yz2025:2") == .undetermined)
        #expect(result.clause("yz2025:2")?.amount == nil)
        #expect(result.clause("yz2025:2")?.missingFacts == ["sci_tech_insurance.premium"])
    }

    @Test func wrongFactTypesAreReportedWithTheField() {
        #expect(throws: ApplicantReader.Failure.self) {
            try evaluate("{\"paid_in_capital\": true}", asOf: "2025-06-30")
        }
        do {
            _ = try evaluate("{\"fin_org_type\": \"bnak\"}", asOf: "2025-06-30")
            Issue.record("a choice value that does not exist must be rejected")
        } catch let failure as ApplicantReader.Failure {
            #expect(failure.diagnostics[0].message.contains("did you mean \"bank\"?"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
