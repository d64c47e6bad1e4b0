/// An applicant's facts bound once into a compiled program's slots: the fast form for evaluating
/// populations (`Program.bind`, then `Zhengce.evaluate(_:_:asOf:)` on the bound form).
public struct BoundApplicant: Sendable {
    public var name: String?
    public var asOf: Day?
    var facts: [Cell]
    /// Amounts already received, by clause index; empty when the applicant gives none, as most
    /// do (no storage of its own to hold, copy and bring into the cache with each applicant).
    var prior: [ExactDecimal?]
    public var warnings: [String] = []
    /// The day for which the facts that only documents closed on it declare were checked but not
    /// kept (they hold their absent values): an evaluation on that day does not assess those
    /// documents' eligibility, which no report of a document not in force shows
    /// (`CompiledProgram.readsFacts`). Nil when every fact given was kept.
    var unreadClosedOn: Day?

    /// The facts, moved out (the applicant is left without any), to be handed back to the reader
    /// that wrote them so that the next line is written over them.
    mutating func takeFacts() -> [Cell] {
        var facts: [Cell] = []
        swap(&facts, &self.facts)
        return facts
    }
}

/// An evaluation that cannot go on: overflow, division by zero, a value of the wrong shape.
public struct EvaluationFailure: Error, Sendable {
    public var message: String
    public var location: String
}

/// Evaluates a compiled program against one bound applicant. With `explain` it records the trace
/// (structured steps with their text) and what it exercised for coverage; without, it records
/// neither and builds no text.
struct Evaluator {
    let program: CompiledProgram
    /// The facts of the applicant being evaluated, by slot, and the amounts it already received,
    /// by clause (empty when it gives none): borrowed from the applicant for the length of
    /// `evaluate(at:asOf:)`, and empty outside it, so that an evaluation neither copies the
    /// applicant nor holds its storage.
    var facts = UnsafeBufferPointer<Cell>(start: nil, count: 0)
    var prior = UnsafeBufferPointer<ExactDecimal?>(start: nil, count: 0)
    /// The applicant's `unreadClosedOn`, for the length of `evaluate(at:asOf:)`.
    var unreadClosedOn: Day?
    var asOf = Day(ordinal: 0)
    let explain: Bool
    /// Whether documents' reasons are written as text when nothing is explained (a population
    /// run reads statuses and amounts only).
    let reasons: Bool
    var trace: [TraceStep] = []
    var exercised: [CoverageKey] = []
    var failures: [String] = []
    /// Each definition's value for this applicant, by definition index, where `computed` is set.
    /// Values stay in place from one applicant to the next until computed again.
    var definitionValues: [Cell]
    var definitionComputed: [Bool]
    /// What computing a definition left besides its value, only where it left anything: a failure,
    /// or the steps and coverage it recorded (shown wherever the definition is read).
    var definitionExtras: [Int: DefinitionExtras] = [:]
    /// The `let`s of the clause being decided, by index: whether each is computed yet, and its
    /// value (kept as definitions are). Kept in place from one clause to the next (only whether
    /// each is computed is set back), so that reading a `let` copies its value alone.
    var localValues: [Cell] = []
    var localComputed: [Bool] = []
    /// Without a trace, a `let` computed on plain numbers (`computeLocalNumber`) is kept here
    /// rather than in `localValues`, where `localAsNumber` is set: its value with a dimension is
    /// only computed if something reads it as a value.
    var localNumbers: [ExactDecimal] = []
    var localAsNumber: [Bool] = []
    /// What computing a clause `let` left besides its value, only where it left anything: a
    /// failure (thrown at every reading), or the steps and coverage it recorded (shown where it is
    /// first read, then dropped).
    var localExtras: [Int: DefinitionExtras] = [:]
    var variables: [Cell] = []
    /// The values of the arguments of the built-in calls being evaluated, innermost last.
    var argumentStack: [Cell] = []
    var pathLists = PathLists()
    var frame = 0
    var depth = 0
    /// Above zero while reading values for a note: nothing is traced.
    var quiet = 0
    /// One outcome per clause, by clause index (which is document and file order).
    var outcomes: [ClauseOutcome]
    /// One outcome per document, by document index.
    var documentOutcomes: [DocumentOutcome]
    /// The evaluation of the last applicant. Between runs it holds the storage of `outcomes`,
    /// `documentOutcomes` and `failures` (which are then empty); a run moves the storage out and
    /// back, so that handing the evaluation out neither retains nor releases it.
    private(set) var result = Evaluation(applicant: nil, asOf: Day(ordinal: 0), documents: [], clauses: [], total: .zero)
    var evaluated: [Bool]
    /// The clauses whose outcome carries more than status and amounts (missing facts,
    /// installments, exclusion, shared cap, trace): what `reset` clears.
    var touchedClauses: [Int] = []
    /// Per document, whether the settling pass last wrote every one of its clauses as refused
    /// (with no amount or a zero one, as each clause reports, and nothing else), as long as nothing
    /// has written them since. Every verdict that refuses them all writes the same outcomes, and a
    /// population run meets such verdicts again and again.
    var settledRefused: [Bool]
    /// Per document, whether the settling pass wrote every one of its clauses for this applicant.
    var settledWhole: [Bool]
    /// The clauses granted for this applicant, as evaluated: the only ones the totals add.
    var grantedClauses: [Int] = []
    /// How many clauses were taken (granted, a benefit, eligible) for this applicant: a rule
    /// between clauses has anything to weigh only when two are.
    var takenCount = 0
    /// Per document, whether it is in force and the applicant eligible, so that its clauses are
    /// evaluated (read for every clause instead of the document's outcome).
    var open: [Bool]
    /// What the clause being decided carries besides status and amount; kept from one clause to
    /// the next and emptied only where something was written.
    var details = Details()
    var touched: [Bool]
    var clause: Int?
    var article: String?
    /// How each clause that shares a cap splits its amount, to split it again when the cap cuts it.
    var splits: [Int: Split] = [:]

    struct DefinitionExtras {
        var failure: EvaluationFailure?
        var steps: [TraceStep]
        var exercised: [CoverageKey]
    }

    /// Definitions or `let`s deeper than this are computed bottom-up first, so that evaluation
    /// never recurses along a long chain of definitions.
    static let recursionLimit = 48

    init(program: CompiledProgram, explain: Bool, reasons: Bool = true) {
        self.program = program
        self.explain = explain
        self.reasons = reasons || explain
        definitionValues = Array(repeating: .bool(false), count: program.definitions.count)
        definitionComputed = Array(repeating: false, count: program.definitions.count)
        outcomes = program.clauses.map { clause in
            ClauseOutcome(id: clause.idText, document: program.documents[clause.document].id, kind: clause.kind,
                          status: .refused, amount: .zero, granted: .zero)
        }
        evaluated = Array(repeating: false, count: program.clauses.count)
        settledRefused = Array(repeating: false, count: program.documents.count)
        settledWhole = Array(repeating: false, count: program.documents.count)
        open = Array(repeating: false, count: program.documents.count)
        touched = Array(repeating: false, count: program.clauses.count)
        documentOutcomes = program.documents.map { document in
            DocumentOutcome(id: document.id, number: document.number, title: document.title, inForce: true, validity: document.validityText,
                            eligible: true, total: .zero)
        }
        swapResult()
    }

    /// Moves the outcomes' storage between the working arrays and `result`: out of `result` as a
    /// run starts, into it as the run ends.
    private mutating func swapResult() {
        swap(&outcomes, &result.clauses)
        swap(&documentOutcomes, &result.documents)
        swap(&failures, &result.failures)
    }

    /// Makes the evaluator ready for another applicant, keeping its outcomes and working memory:
    /// what was written for the previous applicant is cleared where it was written.
    mutating func reset(asOf: Day) {
        self.asOf = asOf
        // Every clause's status and amounts are written again by `evaluate`; the rest only where
        // it was written (traces are everywhere when explaining).
        if explain { for index in outcomes.indices { touch(index) } }
        for index in touchedClauses {
            outcomes[index].reset()
            touched[index] = false
        }
        touchedClauses.removeAll(keepingCapacity: true)
        // Emptied element by element, keeping its storage: it holds a clause or two, and
        // `removeAll(keepingCapacity:)` goes through the standard library's general path for
        // replacing a range, which costs more than that.
        while !grantedClauses.isEmpty { grantedClauses.removeLast() }
        takenCount = 0
        for index in definitionComputed.indices { definitionComputed[index] = false }
        if !definitionExtras.isEmpty { definitionExtras.removeAll(keepingCapacity: true) }
        for index in evaluated.indices { evaluated[index] = false }
        if !failures.isEmpty { failures.removeAll(keepingCapacity: true) }
        if !splits.isEmpty { splits.removeAll(keepingCapacity: true) }
        if !exercised.isEmpty { exercised.removeAll(keepingCapacity: true) }
        if !trace.isEmpty { trace.removeAll(keepingCapacity: true) }
    }

    /// Lets go of the records and lists of the applicant's facts that working memory still holds
    /// (the last clause's `let`s, definitions' values), so that the facts are held once.
    mutating func letGoOfFacts() {
        for index in localValues.indices where localValues[index].holdsStorage { localValues[index] = .bool(false) }
        for index in definitionValues.indices where definitionValues[index].holdsStorage { definitionValues[index] = .bool(false) }
    }

    // MARK: Trace

    var recording: Bool { explain && quiet == 0 }

    /// Records a step; callers build the text only when `recording`.
    mutating func record(_ kind: TraceStep.Kind, _ location: String?, _ text: String, _ detail: TraceDetail) {
        trace.append(TraceStep(kind: kind, text: text, location: location, article: article, detail: detail))
    }

    mutating func exercise(_ key: CoverageKey?) {
        if explain, let key { exercised.append(key) }
    }

    func failure(_ message: String, _ site: Int) -> EvaluationFailure {
        EvaluationFailure(message: message, location: program.sites[site].location)
    }

    /// A condition's value, the condition read without a retain and a release: the program holds
    /// its compiled objects while the evaluator lives and never changes them.
    mutating func truth(of condition: Unmanaged<CompiledCondition>) throws(EvaluationFailure) -> Cell {
        let value: Result<Cell, EvaluationFailure> = condition._withUnsafeGuaranteedRef { condition in
            do throws(EvaluationFailure) { return .success(try truth(condition.code, condition.site)) } catch { return .failure(error) }
        }
        return try value.get()
    }

    func arithmetic<T>(_ site: Int, _ body: () throws -> T) throws(EvaluationFailure) -> T {
        do {
            return try body()
        } catch ArithmeticError.divisionByZero {
            throw failure("division by zero in `\(program.sites[site].source)`", site)
        } catch {
            throw failure("arithmetic overflow in `\(program.sites[site].source)`", site)
        }
    }

    // MARK: Run

    /// Evaluates `applicant`, which must fit the program (`CompiledProgram.fits`), on `asOf`. The
    /// evaluation shares the outcomes' storage with the evaluator: the next run writes in place
    /// again once the caller has let it go.
    mutating func run(_ applicant: borrowing BoundApplicant, asOf: Day) -> Evaluation {
        withUnsafePointer(to: applicant) { evaluate(at: $0, asOf: asOf) }
        return result
    }

    /// Evaluates the applicant at `applicant`, read in place, into `result`.
    mutating func evaluate(at applicant: UnsafePointer<BoundApplicant>, asOf: Day) {
        swapResult()
        reset(asOf: asOf)
        unreadClosedOn = applicant.pointee.unreadClosedOn
        let (total, keys) = applicant.pointee.facts.withUnsafeBufferPointer { facts in
            applicant.pointee.prior.withUnsafeBufferPointer { prior in
                self.facts = facts
                self.prior = prior
                defer {
                    self.facts = UnsafeBufferPointer(start: nil, count: 0)
                    self.prior = UnsafeBufferPointer(start: nil, count: 0)
                }
                return decideAll()
            }
        }
        swapResult()
        result.applicant = applicant.pointee.name
        result.asOf = asOf
        result.total = total
        // Most applicants carry no warnings, and most evaluations exercise nothing recorded:
        // written only when either side has any.
        if !(result.warnings.isEmpty && applicant.pointee.warnings.isEmpty) { result.warnings = applicant.pointee.warnings }
        if !(result.exercised.isEmpty && keys.isEmpty) { result.exercised = keys }
    }

    /// The amount already received under clause `index`, if the applicant gives one.
    @inline(__always)
    func received(_ index: Int) -> ExactDecimal? {
        index < prior.count ? prior[index] : nil
    }

    /// Decides every document and clause for the applicant whose facts are borrowed: the grand
    /// total, and with `explain` what was exercised.
    mutating func decideAll() -> (ExactDecimal, Set<CoverageKey>) {
        for index in program.documents.indices { assess(index) }
        if !explain { settleDecidedDocuments() }
        for run in program.orderRuns where !settledWhole[run.document] {
            for position in run.positions {
                let index = program.order[position]
                if !evaluated[index] { evaluate(index) }
            }
        }
        // The rules are read only when the applicant's counts leave one of them something to do
        // (`RuleWeighs.mayAct`); a trace notes a shared cap's pending members whatever the counts.
        let granted = grantedClauses.count
        if program.exclusionsWeigh.contains(where: { $0.mayAct(granted: granted, taken: takenCount) }) { applyExclusions() }
        if explain || RuleWeighs.anyGranted.mayAct(granted: granted, taken: takenCount) { applySharedCaps() }
        var grand = ExactDecimal.zero
        // Only clauses `evaluate` granted can hold an amount; in index order they come document by
        // document, each document's in the order its total adds them.
        // (Not when there is nothing to order: sorting makes even an empty array's storage its
        // own, which goes through the standard library's copying path at every applicant.)
        if grantedClauses.count > 1 { grantedClauses.sort() }
        var next = 0
        for d in program.documents.indices {
            let total = documentTotal(d, from: &next)
            documentOutcomes[d].total = total
            do {
                grand = try grand.adding(total)
            } catch {
                failures.append("the total over all documents overflows when \(program.documents[d].id) is added")
            }
        }
        var keys: Set<CoverageKey> = []
        if explain {
            keys = Set(exercised)
            for outcome in outcomes where [.granted, .excluded, .benefit, .eligible].contains(outcome.status) {
                if let index = program.clauseIndex[outcome.id] { keys.insert(program.clauses[index].coverage) }
            }
        }
        return (grand, keys)
    }

    /// The sum of what document `d`'s clauses grant, adding the granted clauses from `next` in
    /// `grantedClauses` (sorted) that belong to it; moves `next` past them.
    mutating func documentTotal(_ d: Int, from next: inout Int) -> ExactDecimal {
        var total = ExactDecimal.zero
        while next < grantedClauses.count, program.gates[grantedClauses[next]].document == d {
            let index = grantedClauses[next]
            next += 1
            // An exclusion or a shared cap may have taken the amount away: nothing is added.
            guard !outcomes[index].granted.isZero else { continue }
            do {
                total = try total.adding(outcomes[index].granted)
            } catch {
                failures.append("the total of document \(program.documents[d].id) overflows when \(outcomes[index].id) is added")
            }
        }
        return total
    }

    // MARK: Documents

    /// Decides whether a document is in force and the applicant eligible, into `documentOutcomes`
    /// (written in place: the outcomes are kept from one applicant to the next).
    mutating func assess(_ index: Int) {
        // Read without a retain and a release (see `truth(of:)`).
        Unmanaged.passUnretained(program.documents[index])._withUnsafeGuaranteedRef { document in assess(index, document) }
    }

    mutating func assess(_ index: Int, _ document: CompiledDocument) {
        clause = nil
        article = nil
        documentOutcomes[index].reset()
        let inForce = document.inForce(on: asOf)
        documentOutcomes[index].inForce = inForce
        if !inForce && reasons {
            documentOutcomes[index].reasons.append("not in force on \(asOf) (valid \(document.validityText))")
            if explain { documentOutcomes[index].details.append(.notInForce(document: document.id, asOf: asOf, validity: document.validity)) }
        }
        // A closed document whose facts were left unread, or any closed document in a population
        // run: its clauses are refused whatever they are, and its eligibility is left as `reset`
        // has it (no report or record of a document not in force shows it). Not when a clause of
        // it may be cashed after it ends: that clause reads the eligibility.
        if !inForce, !reasons || unreadClosedOn == asOf, !program.readsFacts(of: index, inForce: false, on: asOf) {
            open[index] = false
            return
        }
        var missing = MissingFacts()
        for position in document.eligibility.indices {
            // Without reasons, a condition after a false one changes nothing: the applicant is
            // not eligible, and the facts it misses are named only for an eligibility undecided.
            if !reasons && documentOutcomes[index].eligible == false { break }
            // Without reasons, a condition of one-fact tests that the facts decide is decided in
            // place (a test cannot fail to evaluate, and names no missing fact once decided).
            if !reasons, let holds = document.decideEligibility(position, facts) {
                if !holds { documentOutcomes[index].eligible = false }
                continue
            }
            if !trace.isEmpty { trace.removeAll() }
            do {
                // Without a trace an unknown condition has added its facts to `missing` already.
                guard let value = try conditionValue(Unmanaged.passUnretained(document.eligibility[position]), &missing) else { continue }
                switch value {
                case .bool(false):
                    documentOutcomes[index].eligible = false
                    guard reasons else { continue }
                    let failure = try explainFailure(document.eligibility[position])
                    documentOutcomes[index].reasons.append("not eligible: \(failure.text)")
                    if let detail = failure.detail { documentOutcomes[index].details.append(.notEligible(detail)) }
                case .unknown(let paths): missing.formUnion(paths)
                default: break
                }
            } catch {
                documentOutcomes[index].reasons.append("eligibility could not be evaluated: \(error.message) at \(error.location)")
            }
        }
        if !trace.isEmpty { trace.removeAll() }
        defer { open[index] = inForce && documentOutcomes[index].eligible == true }
        if documentOutcomes[index].eligible == true && !missing.isEmpty {
            let needed = pathLists.paths(missing, in: program.factPaths)
            documentOutcomes[index].eligible = nil
            documentOutcomes[index].missingFacts = needed
            if reasons { documentOutcomes[index].reasons.append("eligibility undecided: missing \(needed.joined(separator: ", "))") }
            if explain { documentOutcomes[index].details.append(.eligibilityNeeds(needed)) }
        }
    }

    // MARK: Clauses

    enum Amount {
        case value(ExactDecimal)
        case unknown(MissingFacts)
    }

    /// What a clause's outcome carries besides its status and amount.
    struct Details {
        var missingFacts: [String] = []
        var installments: [Installment] = []
    }

    mutating func evaluate(_ index: Int) {
        let gate = program.gates[index]
        clause = index
        // The document's clauses are no longer as the settling pass left them. (Read first: a
        // write checks that the array is not shared, and most clauses find it already cleared.)
        if settledRefused[gate.document] { settledRefused[gate.document] = false }
        // The article is only written on trace steps.
        if explain {
            article = program.clauses[index].article
            trace.removeAll(keepingCapacity: true)
        }
        if !open[gate.document], let decided = self.gate(gate) {
            // Decided by its document alone: nothing of the clause is read.
            settle(index, decided, gate)
            return
        }
        if !localExtras.isEmpty { localExtras.removeAll(keepingCapacity: true) }
        for definition in program.volatileDefinitions where definitionComputed[definition] {
            definitionComputed[definition] = false
            if !definitionExtras.isEmpty { definitionExtras[definition] = nil }
        }
        // The program holds its compiled objects while the evaluator lives and never changes
        // them: they are read without a retain and a release each.
        let compiled = Unmanaged.passUnretained(program.clauses[index]), document = Unmanaged.passUnretained(program.documents[gate.document])
        let (status, amount) = compiled._withUnsafeGuaranteedRef { compiled in
            let count = compiled.locals.count
            // One by one: appending a repeated element goes through a generic path that costs
            // more than the few `let`s a clause has.
            while localComputed.count < count {
                localComputed.append(false)
                localValues.append(.bool(false))
                localNumbers.append(.zero)
                localAsNumber.append(false)
            }
            for local in 0..<count { localComputed[local] = false }
            return document._withUnsafeGuaranteedRef { document in decide(compiled, document) }
        }
        outcomes[index].set(status, amount)
        // Clauses their document decides are never granted (`decided`): only here.
        if status == .granted { grantedClauses.append(index) }
        if Evaluator.taken(status) { takenCount += 1 }
        // Status and amounts are written for every clause; what else is written marks the outcome
        // for the next `reset`, and is taken out of `details` for the next clause.
        if !details.missingFacts.isEmpty {
            touch(index)
            outcomes[index].missingFacts = details.missingFacts
            details.missingFacts = []
        }
        if !details.installments.isEmpty {
            touch(index)
            outcomes[index].installments = details.installments
            details.installments = []
        }
        finish(index, gate)
    }

    /// Writes the outcome of a clause its document decides: status and amount, the document's
    /// missing facts when undetermined.
    @inline(__always)
    mutating func settle(_ index: Int, _ decided: (ClauseOutcome.Status, ExactDecimal?), _ gate: ClauseGate) {
        outcomes[index].set(decided.0, decided.1)
        finishSettled(index, gate)
    }

    /// What a settled clause carries besides its status and amounts: the document's missing
    /// facts when undetermined, then what every outcome ends with.
    @inline(__always)
    mutating func finishSettled(_ index: Int, _ gate: ClauseGate) {
        if outcomes[index].status == .undetermined {
            touch(index)
            outcomes[index].missingFacts = documentOutcomes[gate.document].missingFacts
        }
        finish(index, gate)
    }

    /// What every clause's outcome ends with: the document's stated validity, the trace, and the
    /// mark that the clause is done.
    @inline(__always)
    mutating func finish(_ index: Int, _ gate: ClauseGate) {
        if !gate.validityStated {
            touch(index)
            outcomes[index].validityStated = false
            if explain {
                let document = program.documents[gate.document]
                trace.insert(TraceStep(kind: .validity, text: "document \(document.id) states no validity; it is taken as in force on \(asOf)",
                                       location: document.validityLocation, article: nil, detail: .validityNotStated(document: document.id, asOf: asOf)), at: 0)
            }
        }
        if explain {
            touch(index)
            outcomes[index].trace = trace
        }
        evaluated[index] = true
    }

    /// Marks a clause's outcome as carrying more than its status and amounts, so that `reset`
    /// clears it.
    mutating func touch(_ index: Int) {
        if !touched[index] {
            touched[index] = true
            touchedClauses.append(index)
        }
    }

    /// What a document decides for one of its clauses (not in force, the applicant not eligible
    /// or eligibility undecided), from its verdict alone; nil when the clause is evaluated.
    /// `survives` is whether a clause that may be cashed after expiry still can on the day.
    static func decided(_ gate: ClauseGate, inForce: Bool, eligible: Bool?, survives: Bool) -> (ClauseOutcome.Status, ExactDecimal?)? {
        if inForce && eligible == true { return nil }
        let noAmount: ExactDecimal? = gate.reportsAmount ? .zero : nil
        if !inForce && !(gate.survivesExpiry && survives) { return (.refused, noAmount) }
        switch eligible {
        case false?: return (.refused, noAmount)
        case nil: return (.undetermined, nil)
        case true?: return nil
        }
    }

    /// Whether a clause of the document that may be cashed after expiry can be on the day.
    func survives(_ document: CompiledDocument) -> Bool { document.started(by: asOf) }

    /// The status and amount of a clause when its document decides it, else nil; with the trace,
    /// the steps that say why.
    mutating func gate(_ gate: ClauseGate) -> (ClauseOutcome.Status, ExactDecimal?)? {
        let inForce = documentOutcomes[gate.document].inForce
        let eligible = documentOutcomes[gate.document].eligible
        if inForce && eligible == true { return nil }
        let document = program.documents[gate.document]
        let survives = survives(document)
        let decided = Evaluator.decided(gate, inForce: inForce, eligible: eligible, survives: survives)
        if recording { traceGate(gate, document, inForce: !inForce && !(gate.survivesExpiry && survives) ? nil : inForce, eligible: eligible) }
        return decided
    }

    /// The steps of a clause its document decides: `inForce` nil when the document is not in force
    /// and the clause does not survive it.
    mutating func traceGate(_ gate: ClauseGate, _ document: CompiledDocument, inForce: Bool?, eligible: Bool?) {
        guard let inForce else {
            record(.validity, document.validityLocation, "document \(document.id) is not in force on \(asOf) (valid \(document.validityText))",
                   .notInForce(document: document.id, asOf: asOf, validity: document.validity))
            return
        }
        if !inForce {
            record(.validity, program.clauses[clause ?? 0].location, "document \(document.id) expired, but this clause may still be cashed after expiry",
                   .survivesExpiry(document: document.id))
        }
        switch eligible {
        case false?:
            // The document's reasons are only read to explain: a population run skips them.
            let assessed = documentOutcomes[gate.document]
            for (reason, detail) in zip(assessed.reasons.filter { $0.hasPrefix("not eligible") }, assessed.details.filter { if case .notEligible = $0 { true } else { false } }) {
                record(.eligibility, document.headerLocation, reason, detail)
            }
        case nil:
            let needed = documentOutcomes[gate.document].missingFacts
            record(.eligibility, document.headerLocation, "document eligibility needs \(needed.joined(separator: ", "))", .eligibilityNeeds(needed))
        case true?: break
        }
    }

    /// Without a trace, the clauses a document decides are settled in one pass over its clauses,
    /// before any clause is evaluated (what they read is only their document's verdict): status
    /// and amounts written in place, the document's missing facts on undetermined clauses.
    mutating func settleDecidedDocuments() {
        for d in program.documents.indices {
            guard !documentOutcomes[d].inForce || documentOutcomes[d].eligible != true else {
                settledWhole[d] = false
                settleOpenDocument(d)
                continue
            }
            // Read without a retain and a release (see `truth(of:)`).
            settledWhole[d] = Unmanaged.passUnretained(program.documents[d])._withUnsafeGuaranteedRef { document in settleDecided(d, document) }
        }
    }

    /// Settles the clauses of document `d`, which is open, that need not be evaluated: benefits and
    /// amountless clauses without a condition, taken as `decide` takes them (`ClauseGate.takenWhenOpen`),
    /// and clauses whose first condition reads one fact alone and fails for this applicant
    /// (`CompiledDocument.gatedByOneFact`): not applicable or refused, as `decide` leaves them at
    /// that condition.
    mutating func settleOpenDocument(_ d: Int) {
        // Read without a retain and a release (see `truth(of:)`).
        Unmanaged.passUnretained(program.documents[d])._withUnsafeGuaranteedRef { document in
            let gates = program.gates
            if let first = document.takenWhenOpen.first {
                settledRefused[d] = false
                takenCount += document.takenWhenOpen.count
                // Written in place, as `settleDecided` writes: status and amounts, then the mark that
                // the clause is done.
                outcomes.withUnsafeMutableBufferPointer { outcomes in
                    evaluated.withUnsafeMutableBufferPointer { evaluated in
                        for index in document.takenWhenOpen {
                            outcomes[index].set(gates[index].takenWhenOpen == .benefit ? .benefit : .eligible, nil)
                            evaluated[index] = true
                        }
                    }
                }
                // A document that states no validity marks its clauses.
                if !gates[first].validityStated {
                    for index in document.takenWhenOpen { finish(index, gates[index]) }
                }
            }
            guard !document.gatedByOneFact.isEmpty else { return }
            var settled = false
            document.gateTexts.withUnsafeBufferPointer { texts in
                outcomes.withUnsafeMutableBufferPointer { outcomes in
                    evaluated.withUnsafeMutableBufferPointer { evaluated in
                        for gated in document.gatedByOneFact where gated.test.fails(facts, texts) {
                            outcomes[gated.clause].set(gated.applies ? .notApplicable : .refused, gates[gated.clause].reportsAmount ? .zero : nil)
                            evaluated[gated.clause] = true
                            settled = true
                        }
                    }
                }
            }
            guard settled else { return }
            settledRefused[d] = false
            // A document that states no validity marks its clauses.
            if let first = document.clauses.first, !gates[first].validityStated {
                for gated in document.gatedByOneFact where evaluated[gated.clause] { finish(gated.clause, gates[gated.clause]) }
            }
        }
    }

    /// Whether a verdict of document `d` refuses every clause of it, told without reading its
    /// clauses: the applicant is not eligible, or the facts decide nothing of the document on the
    /// day (`CompiledProgram.readsFacts`: not in force, and none of its clauses may be cashed),
    /// whatever the eligibility (`Evaluator.decided` says the same clause by clause). A document
    /// whose clauses are all refused is marked for nothing: only undetermined clauses carry
    /// missing facts, and a document that states no validity is never written as refused for the
    /// next applicant.
    func refusesAll(_ d: Int, inForce: Bool, eligible: Bool?) -> Bool {
        eligible == false || !program.readsFacts(of: d, inForce: inForce, on: asOf)
    }

    /// Settles the clauses of document `d`, which decides them all; whether it settled every one
    /// (a clause that may be cashed after expiry may be left to evaluate).
    mutating func settleDecided(_ d: Int, _ document: CompiledDocument) -> Bool {
        let gates = program.gates
        let inForce = documentOutcomes[d].inForce, eligible = documentOutcomes[d].eligible
        let survives = survives(document)
        if settledRefused[d] && refusesAll(d, inForce: inForce, eligible: eligible) {
            // The previous applicant's outcomes for these clauses are this one's: only mark them.
            evaluated.withUnsafeMutableBufferPointer { evaluated in
                for index in document.clauses { evaluated[index] = true }
            }
            return true
        }
        var all = true
        outcomes.withUnsafeMutableBufferPointer { outcomes in
            evaluated.withUnsafeMutableBufferPointer { evaluated in
                for index in document.clauses {
                    guard let (status, amount) = Evaluator.decided(gates[index], inForce: inForce, eligible: eligible, survives: survives) else {
                        all = false
                        continue
                    }
                    outcomes[index].set(status, amount)
                    evaluated[index] = true
                }
            }
        }
        // Undetermined clauses carry the document's missing facts; a document that states no
        // validity marks its clauses.
        let marked = eligible == nil || document.clauses.first.map { !gates[$0].validityStated } == true
        // Refused, every one, with nothing besides status and amounts (a clause is undetermined
        // only when the document's eligibility is, which marks it): written for the next
        // applicant whose verdict refuses them all too, until a clause of the document is
        // evaluated.
        settledRefused[d] = all && !marked
        if marked {
            for index in document.clauses where evaluated[index] { finishSettled(index, gates[index]) }
        }
        return all
    }

    /// The status and amount of a clause its document does not decide; `details` receives its
    /// missing facts and installments.
    mutating func decide(_ compiled: CompiledClause, _ document: CompiledDocument) -> (ClauseOutcome.Status, ExactDecimal?) {
        let noAmount: ExactDecimal? = compiled.kind == .benefit || compiled.kind == .noAmount ? nil : .zero
        var missing = MissingFacts()
        do {
            for position in compiled.conditions.indices {
                let applies = compiled.conditions[position].applies
                let siteIndex = compiled.conditions[position].condition.site
                // Without a trace an unknown condition has added its facts to `missing` already.
                guard let value = try conditionValue(Unmanaged.passUnretained(compiled.conditions[position].condition), &missing) else { continue }
                if applies {
                    switch value {
                    case .bool(false):
                        if recording {
                            let readings = readings(siteIndex), site = program.sites[siteIndex]
                            record(.applies, site.location, "does not apply: `\(site.source)` is false\(Self.note(readings))", .doesNotApply(expression: site.source, readings: readings))
                        }
                        return (.notApplicable, noAmount)
                    case .unknown(let paths): missing.formUnion(paths)
                    default: break
                    }
                } else {
                    switch value {
                    case .bool(true):
                        if recording {
                            let readings = readings(siteIndex), site = program.sites[siteIndex]
                            record(.condition, site.location, "holds: `\(site.source)`\(Self.note(readings))", .holds(expression: site.source, readings: readings))
                        }
                    case .unknown(let paths):
                        missing.formUnion(paths)
                        if recording {
                            let site = program.sites[siteIndex], needs = paths.paths(in: program.factPaths)
                            record(.condition, site.location, "undecided: `\(site.source)` needs \(needs.joined(separator: ", "))", .undecided(expression: site.source, needs: needs))
                        }
                    default:
                        if explain && quiet == 0 {
                            let reason = try explainFailure(compiled.conditions[position].condition)
                            if recording, let detail = reason.detail { record(.condition, program.sites[siteIndex].location, "fails: \(reason.text)", .fails(detail)) }
                        }
                        return (.refused, noAmount)
                    }
                }
            }
            if !missing.isEmpty {
                details.missingFacts = pathLists.paths(missing, in: program.factPaths)
                return (.undetermined, nil)
            }
            switch compiled.kind {
            case .benefit:
                if recording { record(.note, compiled.location, "eligible for this support measure (no amount)", .benefit) }
                return (.benefit, nil)
            case .noAmount:
                if recording { record(.note, compiled.location, "eligible; the document promises money but sets no amount", .eligibleWithoutAmount) }
                return (.eligible, nil)
            case .monetary, .assessed:
                switch try computeAmount(compiled, document) {
                case .unknown(let paths):
                    details.missingFacts = pathLists.paths(paths, in: program.factPaths)
                    if recording { record(.amount, compiled.location, "amount needs \(details.missingFacts.joined(separator: ", "))", .amountNeeds(details.missingFacts)) }
                    return (.undetermined, nil)
                case .value(let amount):
                    if amount.isZero || amount.isNegative {
                        if recording { record(.amount, compiled.location, "the amount comes to 0.00万元, so nothing is granted", .amountIsZero) }
                        return (.refused, .zero)
                    }
                    return (.granted, amount)
                }
            }
        } catch {
            if recording { record(.amount, compiled.location, "evaluation failed: \(error.message) at \(error.location)", .failed(message: error.message, at: error.location)) }
            failures.append("\(compiled.idText): \(error.message) at \(error.location)\(factsNote(compiled))")
            details.missingFacts = []
            details.installments = []
            return (.undetermined, nil)
        }
    }

    /// The facts a failed clause read, for its error message: ` (facts: a = 1.00万元, b = 0)`.
    mutating func factsNote(_ compiled: CompiledClause) -> String {
        var parts: [String] = []
        for step in compiled.steps {
            if case .amount(_, let site) = step {
                quiet += 1
                defer { quiet -= 1 }
                for (name, code) in program.sites[site].notes {
                    guard let value = try? eval(code) else { continue }
                    switch value {
                    case .unknown, .record, .list: continue
                    default: parts.append("\(name) = \(value.display)")
                    }
                }
            }
        }
        return parts.isEmpty ? "" : " (facts: " + parts.joined(separator: ", ") + ")"
    }

    func money(_ amount: ExactDecimal) -> String { Value.displayMoney(amount, .cny) }

    /// Runs `let`, `amount`, `cap`, `floor` and `schedule` in the order written; rounds once.
    mutating func computeAmount(_ compiled: CompiledClause, _ document: CompiledDocument) throws(EvaluationFailure) -> Amount {
        var amount = ExactDecimal.zero
        var schedule: (CompiledSchedule, Int)?
        var portion: Code?
        let clauseSite = compiled.location
        func plain(_ body: () throws -> ExactDecimal) throws(EvaluationFailure) -> ExactDecimal {
            do {
                return try body()
            } catch ArithmeticError.divisionByZero {
                throw EvaluationFailure(message: "division by zero", location: clauseSite)
            } catch {
                throw EvaluationFailure(message: "arithmetic overflow", location: clauseSite)
            }
        }
        // Each step matched where it is: a step taken out of the array first (`for step in
        // compiled.steps`) was copied with its code and labels, and let go after.
        for position in compiled.steps.indices {
            switch compiled.steps[position] {
            case .local(let index):
                if explain {
                    if case .unknown(let paths) = try readLocal(index) { return .unknown(paths) }
                } else {
                    // Computed on plain numbers where it can be (`readLocalNumber`).
                    var missing = MissingFacts()
                    if case .unknown = try readLocalNumber(index, &missing) { return .unknown(missing) }
                }
            case .amount(let code, let site):
                switch try number(code, site, "expected an amount") {
                case .unknown(let paths): return .unknown(paths)
                case .value(let value):
                    amount = value
                    if recording {
                        let readings = readings(site), source = program.sites[site].source
                        record(.amount, program.sites[site].location, "amount = `\(source)` = \(money(amount))\(Self.note(readings))",
                               .amount(expression: source, value: amount, readings: readings))
                    }
                }
            case .cap(let code, let scope, let label, let site):
                let bound = try number(code, site, "expected an amount")
                guard case .value(var limit) = bound else {
                    if case .unknown(let paths) = bound { return .unknown(paths) }
                    continue
                }
                var note = ""
                var receivedBefore: ExactDecimal?
                if scope == .cumulative {
                    let prior = clause.flatMap { received($0) } ?? .zero
                    let reduced = try plain { try limit.subtracting(prior) }
                    limit = max(.zero, reduced)
                    if explain {
                        note = ", less \(money(prior)) already received"
                        receivedBefore = prior
                    }
                }
                if amount > limit {
                    exercise(program.sites[site].key)
                    if recording {
                        let scopeText = label ?? scope.rawValue, location = program.sites[site].location
                        record(.cap, location, "cap \(scopeText) \(money(limit))\(note) applies: \(money(amount)) → \(money(limit))",
                               .cap(scope: scope, label: label, limit: limit, prior: receivedBefore, before: amount, applied: true))
                    }
                    amount = limit
                } else {
                    if recording {
                        let scopeText = label ?? scope.rawValue, location = program.sites[site].location
                        record(.cap, location, "cap \(scopeText) \(money(limit))\(note) not reached",
                               .cap(scope: scope, label: label, limit: limit, prior: receivedBefore, before: amount, applied: false))
                    }
                }
            case .floor(let code, let label, let site):
                switch try number(code, site, "expected an amount") {
                case .unknown(let paths): return .unknown(paths)
                case .value(let floor):
                    if amount < floor && amount > .zero {
                        exercise(program.sites[site].key)
                        if recording {
                            record(.floor, program.sites[site].location, "floor\(label.map { " \($0)" } ?? "") \(money(floor)) applies: \(money(amount)) → \(money(floor))",
                                   .floor(label: label, floor: floor, before: amount))
                        }
                        amount = floor
                    }
                }
            case .schedule(let plan, let condition, let part, let site):
                if let condition {
                    switch try truth(condition, site) {
                    case .bool(false): continue
                    case .unknown(let paths): return .unknown(paths)
                    default: break
                    }
                }
                schedule = (plan, site)
                portion = part
            }
        }
        let rule = document.rounding
        let result = try plain { try rule.round(amount) }
        if recording {
            // The step shows both amounts in the unit (exact: the rounded one has the unit's places).
            let inUnit = try plain { try amount.divided(by: rule.unit.factor) }
            let rounded = try plain { try result.divided(by: rule.unit.factor) }
            if rounded != inUnit {
                record(.rounding, nil, "rounded \(rule.mode.rawValue) to \(rule.places) places: \(inUnit.formatted())\(rule.unit.name) → \(rounded.formatted(minimumPlaces: rule.places))\(rule.unit.name)",
                       .rounding(mode: rule.mode, places: rule.places, unit: rule.unit, from: amount, to: result))
            }
        }
        if let (plan, site) = schedule, result > .zero {
            // Only `portion` of the amount follows the schedule; the rest is paid at once.
            var scheduled = result
            if let portion {
                switch try number(portion, site, "expected an amount") {
                case .unknown(let paths): return .unknown(paths)
                case .value(let value):
                    let part = try plain { try rule.round(value) }
                    scheduled = min(max(part, .zero), result)
                }
            }
            switch try shareValues(plan) {
            case .unknown(let paths): return .unknown(paths)
            case .value(let shares):
                details.installments = try payout(result, scheduled: scheduled, shares, rule, clauseSite)
                if compiled.sharesACap, let clause { splits[clause] = Split(scheduled: scheduled, shares: shares, rule: rule, location: clauseSite) }
            }
            if explain && quiet == 0 {
                let parts = details.installments.map { "\($0.year): \(money($0.amount))" }.joined(separator: ", ")
                let rest = try plain { try result.subtracting(scheduled) }
                let text = parts.isEmpty ? "paid at once: no part of the amount follows the schedule" : "paid by year: \(parts)"
                    + (scheduled < result && !parts.isEmpty ? " (\(money(rest)) of it at once, in the first year)" : "")
                if recording { record(.schedule, program.sites[site].location, text, .schedule(installments: details.installments, atOnce: scheduled < result && !parts.isEmpty ? rest : nil)) }
            }
        }
        return .value(result)
    }

    enum Shares {
        case value([ExactDecimal])
        case unknown(MissingFacts)
    }

    /// The parts of a schedule, as fractions of the scheduled amount.
    mutating func shareValues(_ plan: CompiledSchedule) throws(EvaluationFailure) -> Shares {
        var shares: [ExactDecimal] = []
        switch plan {
        case .equal(let count):
            // 1/count never overflows: count is a whole number from 1 to 999.
            let part = (try? ExactDecimal.one.divided(by: ExactDecimal(count))) ?? .zero
            shares = Array(repeating: part, count: count)
        case .shares(let codes):
            for code in codes {
                switch try eval(code) {
                case .number(let value, _): shares.append(value)
                case .unknown(let paths): return .unknown(paths)
                default: continue
                }
            }
        }
        return .value(shares)
    }

    /// The installments of `result` when `scheduled` of it follows the schedule and the rest is
    /// paid at once, in the first year.
    func payout(_ result: ExactDecimal, scheduled: ExactDecimal, _ shares: [ExactDecimal], _ rule: RoundingRule, _ location: String) throws(EvaluationFailure) -> [Installment] {
        guard !scheduled.isZero else { return [] }
        var parts = try installments(scheduled, shares, rule, location)
        if !parts.isEmpty, scheduled < result {
            do {
                parts[0].amount = try parts[0].amount.adding(result.subtracting(scheduled))
            } catch {
                throw EvaluationFailure(message: "arithmetic overflow in the schedule", location: location)
            }
        }
        return parts
    }

    /// Splits an amount by a schedule, rounding each part; the last part takes the remainder.
    func installments(_ amount: ExactDecimal, _ shares: [ExactDecimal], _ rule: RoundingRule, _ location: String) throws(EvaluationFailure) -> [Installment] {
        func plain(_ body: () throws -> ExactDecimal) throws(EvaluationFailure) -> ExactDecimal {
            do { return try body() } catch { throw EvaluationFailure(message: "arithmetic overflow in the schedule", location: location) }
        }
        var result: [Installment] = []
        var paid = ExactDecimal.zero
        for (index, share) in shares.enumerated() {
            let value: ExactDecimal
            if index == shares.count - 1 {
                value = try plain { try amount.subtracting(paid) }
            } else {
                value = try plain { try rule.round(amount.multiplied(by: share)) }
            }
            paid = try plain { try paid.adding(value) }
            result.append(Installment(year: asOf.year + index, amount: value))
        }
        return result
    }

    // MARK: Exclusions

    /// Whether rule `rule` (`program.rules`: the exclusion rules, then the shared caps) has
    /// anything to do for this applicant (`RuleWeighs`), read from plain clause indices.
    func weighs(_ rule: Int) -> Bool {
        let gate = program.rules[rule]
        // A document whose clauses the settling pass wrote, every one, took none of them.
        if let d = gate.document, settledWhole[d] { return false }
        return program.ruleMembers.withUnsafeBufferPointer { table in
            outcomes.withUnsafeBufferPointer { outcomes in
                var position = gate.members + 1
                let members = table[gate.members]
                var granted = 0, firstTaken = false, otherTaken = false
                for member in 0..<members {
                    let count = table[position]
                    var memberGranted = false, memberTaken = false
                    for clause in table[(position + 1)..<(position + 1 + count)] {
                        let status = outcomes[clause].status
                        if status == .granted { memberGranted = true }
                        if Evaluator.taken(status) { memberTaken = true }
                    }
                    position += 1 + count
                    if memberGranted { granted += 1 }
                    if member == 0 { firstTaken = memberTaken } else if memberTaken { otherTaken = true }
                }
                switch gate.weighs {
                case .twoGranted: return granted >= 2
                case .precedence: return firstTaken && otherTaken
                case .anyGranted: return granted >= 1
                }
            }
        }
    }

    mutating func applyExclusions() {
        // Most applicants are granted at most one member: nothing to weigh, nothing built.
        for index in program.exclusions.indices where weighs(index) {
            let exclusion = program.exclusions[index]
            if exclusion.mode == .over {
                applyPrecedence(exclusion)
                continue
            }
            var candidates: [(index: Int, members: [Int], value: ExactDecimal)] = []
            for (index, member) in exclusion.members.enumerated() {
                var value = ExactDecimal.zero
                var any = false
                for clause in member where outcomes[clause].status == .granted {
                    any = true
                    do {
                        value = try value.adding(outcomes[clause].granted)
                    } catch {
                        failures.append("the amounts of \(member.map { program.clauses[$0].idText }.joined(separator: " + ")) overflow when added for the exclusion rule at \(exclusion.location)")
                    }
                }
                if any { candidates.append((index, member, value)) }
            }
            guard candidates.count >= 2 else { continue }
            exercise(exclusion.key)
            var winner = candidates[0]
            for candidate in candidates.dropFirst() {
                if candidate.value > winner.value || (candidate.value == winner.value && exclusion.tie == .last) { winner = candidate }
            }
            let winnerIndex = winner.members.first { outcomes[$0].status == .granted } ?? winner.members[0]
            let winnerID = program.clauses[winnerIndex].idText
            // Only a trace reads the winner's text.
            let winnerText = explain ? winner.members.map { program.clauses[$0].idText }.joined(separator: " + ") : ""
            let verb = exclusion.mode == .choice ? "the applicant may choose one; recommended" : "take the highest, no double benefit"
            for candidate in candidates where candidate.index != winner.index {
                for member in candidate.members {
                    guard outcomes[member].status == .granted else { continue }
                    touch(member)
                    outcomes[member].status = .excluded
                    outcomes[member].granted = .zero
                    outcomes[member].excludedBy = winnerID
                    outcomes[member].excludedByChoice = exclusion.mode == .choice
                    outcomes[member].installments = []
                    if explain {
                        outcomes[member].trace.append(TraceStep(kind: .exclusion,
                                                       text: "excluded by \(winnerText) (\(money(winner.value)) against \(money(candidate.value))): \(verb)",
                                                       location: exclusion.location, article: exclusion.article,
                                                       detail: .excluded(by: winner.members.map { program.clauses[$0].idText }, winning: winner.value,
                                                                         own: candidate.value, choice: exclusion.mode == .choice)))
                    }
                }
            }
            if explain {
                let losers = candidates.filter { $0.index != winner.index }.map { $0.members.map { program.clauses[$0].idText } }
                let others = losers.map { $0.joined(separator: " + ") }.joined(separator: ", ")
                for member in winner.members {
                    outcomes[member].trace.append(TraceStep(kind: .exclusion, text: "kept over \(others): \(verb)",
                                                             location: exclusion.location, article: exclusion.article,
                                                             detail: .kept(over: losers, choice: exclusion.mode == .choice)))
                }
            }
        }
    }
}

/// Why a bound applicant cannot be evaluated with a program.
struct NotEvaluable: Error {
    var message: String
}

extension CompiledProgram {
    /// Whether the applicant was bound to this program's slots.
    func fits(_ applicant: borrowing BoundApplicant) -> Bool {
        applicant.facts.count == facts.count && (applicant.prior.isEmpty || applicant.prior.count == clauses.count)
    }
}

extension Program {
    /// The compiled program to evaluate `applicant` with, or why there is none: the policies have
    /// errors, or the applicant was bound to another program.
    func evaluable(_ applicant: BoundApplicant) -> Result<CompiledProgram, NotEvaluable> {
        guard let compiled else { return .failure(NotEvaluable(message: "the policies have errors, so nothing was evaluated")) }
        guard compiled.fits(applicant) else {
            return .failure(NotEvaluable(message: "the applicant was bound to another set of policies; bind it with this program"))
        }
        return .success(compiled)
    }

    /// Binds an applicant's facts into the compiled program's slots once: each fact the input
    /// gives, or the declared default, or unknown; records become positional. Evaluate the result
    /// with `Zhengce.evaluate(_:_:asOf:explain:)` as many times as needed.
    public func bind(_ applicant: Applicant) -> BoundApplicant {
        guard let compiled else { return BoundApplicant(name: applicant.name, asOf: applicant.asOf, facts: [], prior: [], warnings: applicant.warnings) }
        var facts = compiled.facts.map(\.absent)
        for (name, value) in applicant.facts {
            for slot in compiled.slotsByName[name] ?? [] { facts[slot] = Compiler.cell(value, compiled.facts[slot].type) }
        }
        // Only an applicant that gives amounts received has a table of them.
        var prior: [ExactDecimal?] = []
        for (id, amount) in applicant.priorReceived {
            guard let index = compiled.clauseIndex[id] else { continue }
            if prior.isEmpty { prior = Array(repeating: nil, count: compiled.clauses.count) }
            prior[index] = amount
        }
        return BoundApplicant(name: applicant.name, asOf: applicant.asOf, facts: facts, prior: prior, warnings: applicant.warnings)
    }
}
