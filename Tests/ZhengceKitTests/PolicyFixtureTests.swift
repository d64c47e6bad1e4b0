import Testing
@testable import ZhengceKit

/// The constructs of an industrial-finance policy on the fixture document `fx`
/// (`Fixtures/policies/fx.policy`); the arithmetic is in each test. The shipped policies are run
/// through their own examples by `ExamplesTests`.
@Suite struct PolicyFixtureTests {
    let eligible = "\"operates_in_zone\": true"

    func run(_ facts: String, asOf: String = "2025-06-30", prior: String? = nil) throws -> Evaluation {
        let body = prior.map { String(facts.dropLast()) + ", \"prior_received\": \($0)}" } ?? facts
        return try evaluate(body, asOf: asOf, program: fixture)
    }

    @Test func insurancePremiumSubsidyAtTheThreshold() throws {
        // 50% × 10.01 = 5.005 → 5.01 (half-up).
        var result = try run("{\(eligible), \"srdi\": true, \"insurance\": {\"premium\": \"10.01\", \"coverage_start\": \"2024-05-01\"}}")
        #expect(result.granted("fx:2") == "5.01")
        // Exactly 10万 is not "超过10万": refused.
        result = try run("{\(eligible), \"srdi\": true, \"insurance\": {\"premium\": \"10\", \"coverage_start\": \"2024-05-01\"}}")
        #expect(result.status("fx:2") == .refused)
    }

    @Test func littleGiantRateHitsTheYearlyCap() throws {
        // 60% × 90 = 54 → capped at 50 a year.
        let result = try run("{\(eligible), \"little_giant\": true, \"insurance\": {\"premium\": \"90\", \"coverage_start\": \"2024-05-01\"}}")
        #expect(result.amount("fx:2") == "50.00")
        #expect(result.clause("fx:2")!.trace.contains { $0.kind == .cap && $0.text.contains("applies") })
    }

    @Test func coverMustHaveRunOneYear() throws {
        // Cover from 2024-07-02 has not run a year on 2025-07-01.
        let result = try run("{\(eligible), \"hnte\": true, \"insurance\": {\"premium\": \"20\", \"coverage_start\": \"2024-07-02\"}}", asOf: "2025-07-01")
        #expect(result.status("fx:2") == .refused)
    }

    @Test func licensedInstitutionBracketsAndCap() throws {
        // 5亿 exactly is in [5亿, 10亿): 1000 + 0.5% × 50000 = 1250.
        var result = try run("{\(eligible), \"licensed\": true, \"paid_in_capital\": \"50000\"}")
        #expect(result.granted("fx:8a") == "1250.00")
        // One unit below: [1亿, 5亿): 500 + 1% × 49999.99 = 999.9999 → 1000.00.
        result = try run("{\(eligible), \"licensed\": true, \"paid_in_capital\": \"49999.99\"}")
        #expect(result.granted("fx:8a") == "1000.00")
        // 100亿: 2000 + 0.4% × 1000000 = 6000 = the cap; 200亿 would be 10000 → 6000.
        result = try run("{\(eligible), \"licensed\": true, \"paid_in_capital\": \"100亿\"}")
        #expect(result.granted("fx:8a") == "6000.00")
        result = try run("{\(eligible), \"licensed\": true, \"paid_in_capital\": \"200亿\"}")
        #expect(result.granted("fx:8a") == "6000.00")
        // Below 1亿: no arm, nothing granted.
        result = try run("{\(eligible), \"licensed\": true, \"paid_in_capital\": \"9999.99\"}")
        #expect(result.status("fx:8a") == .refused)
    }

    @Test func aTypeTriggeredClauseWithoutItsFigureIsUndetermined() throws {
        // Licensed but no paid-in capital: undetermined, naming the figure, adding nothing.
        var result = try run("{\(eligible), \"licensed\": true}")
        #expect(result.status("fx:8a") == .undetermined)
        #expect(result.clause("fx:8a")?.amount == nil)
        #expect(result.clause("fx:8a")?.missingFacts == ["paid_in_capital"])
        #expect(result.documents.first { $0.id == "fx" }?.total == .zero)
        // Not licensed: the clause does not concern the applicant, whatever the capital.
        result = try run("{\(eligible), \"paid_in_capital\": \"20000\"}")
        #expect(result.status("fx:8a") == .notApplicable)
        // A small enterprise without its interest figure is asked for it; one that is not small
        // and gives the figure is refused, with the failing condition.
        result = try run("{\(eligible), \"is_small_micro\": true}")
        #expect(result.clause("fx:4a")?.missingFacts == ["loan_interest_paid"])
        result = try run("{\(eligible), \"loan_interest_paid\": \"30\"}")
        #expect(result.status("fx:4a") == .refused)
        #expect(try run("{\(eligible)}").status("fx:4a") == .notApplicable)
    }

    @Test func aConditionThatAlreadyFailsDecidesOverAMissingSection() throws {
        // Fund manager with net capital 900 < 1000: refused although `fund_manager` is missing.
        var result = try run("{\(eligible), \"org_type\": \"fund_manager\", \"paid_in_capital\": \"900\"}")
        #expect(result.status("fx:11") == .refused)
        // With 2000 the section is needed, and its absence is named.
        result = try run("{\(eligible), \"org_type\": \"fund_manager\", \"paid_in_capital\": \"2000\"}")
        #expect(result.status("fx:11") == .undetermined)
        #expect(result.clause("fx:11")?.missingFacts == ["fund_manager"])
    }

    @Test func capitalIncreasesArePaidPerEventWithAPerTimeCap() throws {
        // 1% × 30000 = 300, and 1% × 300000 = 3000 → 2000; 0.9亿 earns nothing: 2300.
        let result = try run("{\(eligible), \"licensed\": true, \"capital_increases\": [{\"amount\": \"30000\"}, {\"amount\": \"300000\"}, {\"amount\": \"9000\"}]}")
        #expect(result.granted("fx:8b") == "2300.00")
    }

    @Test func interestExclusionKeepsTheHighest() throws {
        // 4a = 50% × 30 = 15 (cap 25); 4c = min(1:1 × 18, 40 − 18 = 22) = 18 → cap 20 → 18.
        // Only the highest (4c) is granted.
        let result = try run("{\(eligible), \"is_small_micro\": true, \"loan_interest_paid\": \"30\", \"guarantee_loan\": {\"municipal_subsidy\": \"18\", \"interest_paid\": \"40\"}}")
        #expect(result.amount("fx:4a") == "15.00")
        #expect(result.status("fx:4a") == .excluded)
        #expect(result.clause("fx:4a")?.excludedBy == "fx:4c")
        #expect(result.granted("fx:4c") == "18.00")
        #expect(result.documents.first { $0.id == "fx" }?.total == decimal("180000"))
    }

    @Test func fundManagerDeductionDecidesTheBracket() throws {
        // Gross 6000, government 1500 → net 4500 in [1000, 5000): 2% × 4500 = 90 (gross would be 180).
        let result = try run("{\(eligible), \"org_type\": \"fund_manager\", \"paid_in_capital\": \"6000\", \"paid_in_capital_gov_part\": \"1500\", \"fund_manager\": {\"managed_funds_paid_in\": \"10000\"}}")
        #expect(result.granted("fx:11") == "90.00")
    }

    @Test func fundBracketsAreInUSD() throws {
        // USD 50m exactly belongs to [5000万美元, ∞) → 80; 19.99m gets nothing.
        let result = try run("{\(eligible), \"qflp_funds\": [{\"paid_in_usd_m\": \"50\"}, {\"paid_in_usd_m\": \"19.99\"}]}")
        #expect(result.granted("fx:12") == "80.00")
    }

    @Test func revenueGrowthAgainstSupplyChain() throws {
        // 14: 4000 → 5000 is +25%: 2% × 1000 = 20. 3: contract 1亿, financing 30000 → 0.1% = 30.
        // The higher (3) is kept, 14 excluded.
        let result = try run("{\(eligible), \"org_type\": \"factoring\", \"revenue\": \"5000\", \"revenue_prev\": \"4000\", \"supply_chain\": {\"contract_amount\": \"10000\", \"financing_total\": \"30000\"}}")
        #expect(result.amount("fx:14") == "20.00")
        #expect(result.granted("fx:3") == "30.00")
        #expect(result.status("fx:14") == .excluded)
    }

    @Test func aBranchIsEvaluatedOnItsRevenue() throws {
        // A branch with no `org_type`: 5000 → 6000 is +20%: 2% × 1000 = 20, beside 400 set-up.
        var result = try run("{\(eligible), \"branch_type\": \"bank_tier1\", \"revenue\": \"6000\", \"revenue_prev\": \"5000\"}")
        #expect(result.granted("fx:14") == "20.00")
        #expect(result.granted("fx:9") == "400.00")
        // Without a type at all, whether the clause concerns the applicant is unknown.
        result = try run("{\(eligible), \"revenue\": \"6000\", \"revenue_prev\": \"5000\"}")
        #expect(result.status("fx:14") == .undetermined)
        #expect(result.clause("fx:14")?.missingFacts == ["org_type"])
        result = try run("{\(eligible), \"org_type\": \"non_financial\", \"revenue\": \"6000\", \"revenue_prev\": \"5000\"}")
        #expect(result.status("fx:14") == .notApplicable)
    }

    @Test func aOneTimeAwardIsNotPaidTwice() throws {
        // 50% × 120 = 60; with nothing received before it is paid.
        let facts = "{\(eligible), \"srdi\": true, \"contributions\": [\"80\", \"120\"]}"
        #expect(try run(facts).granted("fx:31") == "60.00")
        // Anything received before: refused, with the reason.
        var result = try run(facts, prior: "{\"fx:31\": \"10\"}")
        #expect(result.status("fx:31") == .refused)
        #expect(result.clause("fx:31")!.trace.contains { $0.text.contains("一次性奖励，此前未获得") })
        // Decided even when a fact the amount needs is missing.
        result = try run("{\(eligible), \"contributions\": [\"80\"]}", prior: "{\"fx:31\": \"10\"}")
        #expect(result.status("fx:31") == .refused)
    }

    @Test func earlyInvestmentMaturesAfterTwoYearsEvenPastExpiry() throws {
        // Transfer 2027-03-01 matures 2029-03-01 (after 2028-12-31): 2% × 1000 = 20.
        let facts = "{\(eligible), \"investments\": [{\"transfer_date\": \"2027-03-01\", \"amount\": \"1000\"}]}"
        #expect(try run(facts, asOf: "2029-03-01").granted("fx:15") == "20.00")
        #expect(try run(facts, asOf: "2029-02-28").status("fx:15") == .refused)
        // The rest of the document is out of force then.
        #expect(try run(facts, asOf: "2029-03-01").documents.first { $0.id == "fx" }?.inForce == false)
    }

    @Test func validityBoundariesAndEligibility() throws {
        // 50% × 20 = 10 on the first and last day of validity; nothing a day outside.
        let facts = "{\(eligible), \"hnte\": true, \"insurance\": {\"premium\": \"20\", \"coverage_start\": \"2023-01-01\"}}"
        #expect(try run(facts, asOf: "2025-01-01").granted("fx:2") == "10.00")
        #expect(try run(facts, asOf: "2028-12-31").granted("fx:2") == "10.00")
        #expect(try run(facts, asOf: "2024-12-31").status("fx:2") == .refused)
        #expect(try run(facts, asOf: "2029-01-01").status("fx:2") == .refused)
        let penalised = "{\(eligible), \"major_penalty\": true, \"hnte\": true, \"insurance\": {\"premium\": \"20\", \"coverage_start\": \"2023-01-01\"}}"
        let result = try run(penalised)
        #expect(result.status("fx:2") == .refused)
        #expect(result.documents.first { $0.id == "fx" }?.eligible == false)
    }

    @Test func aMissingFactLeavesTheClauseUndetermined() throws {
        // The premium missing: null amount naming the fact, nothing added to the total.
        let result = try run("{\(eligible), \"hnte\": true, \"insurance\": {\"coverage_start\": \"2023-01-01\"}}")
        #expect(result.status("fx:2") == .undetermined)
        #expect(result.clause("fx:2")?.amount == nil)
        #expect(result.clause("fx:2")?.missingFacts == ["insurance.premium"])
    }

    @Test func aCertificateImpliesTheStatus() throws {
        // `hnte` left out, certificate given: 50% × 20 = 10.
        let facts = "{\(eligible), \"hnte_certificate\": \"first\", \"insurance\": {\"premium\": \"20\", \"coverage_start\": \"2023-01-01\"}}"
        #expect(try run(facts).granted("fx:2") == "10.00")
        // Given as true beside the certificate: the same.
        let agreeing = "{\(eligible), \"hnte\": true, \"hnte_certificate\": \"second\", \"insurance\": {\"premium\": \"20\", \"coverage_start\": \"2023-01-01\"}}"
        #expect(try run(agreeing).granted("fx:2") == "10.00")
        // Neither: refused.
        #expect(try run("{\(eligible), \"insurance\": {\"premium\": \"20\", \"coverage_start\": \"2023-01-01\"}}").status("fx:2") == .refused)
    }

    @Test func aCertificateWithTheStatusDeniedIsContradictoryInput() {
        let text = "{\"facts\": {\n  \"hnte_certificate\": \"first\",\n  \"hnte\": false\n}}"
        do {
            _ = try ApplicantReader.read(SourceFile(path: "a.json", text: text), program: fixture)
            Issue.record("a certificate with `hnte: false` must be rejected")
        } catch {
            #expect(error.diagnostics.count == 1)
            let diagnostic = error.diagnostics[0]
            #expect(diagnostic.code == .factType)
            #expect(diagnostic.message.contains("`hnte` is false") && diagnostic.message.contains("`hnte_certificate` is given at line 2, column 23"))
            #expect(diagnostic.line == 3 && diagnostic.column == 11)
        }
    }

    @Test func wrongFactTypesAreReportedWithTheField() {
        #expect(throws: ApplicantReader.Failure.self) {
            try evaluate("{\"paid_in_capital\": true}", asOf: "2025-06-30", program: fixture)
        }
        do {
            _ = try evaluate("{\"org_type\": \"factorng\"}", asOf: "2025-06-30", program: fixture)
            Issue.record("a choice value that does not exist must be rejected")
        } catch let failure as ApplicantReader.Failure {
            #expect(failure.diagnostics[0].message.contains("did you mean \"factoring\"?"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
