import Foundation
import ZhengceKit

/// The benchmark of docs/benchmark.md: parse + check, evaluations per second with facts in memory,
/// `zhengce batch` end to end, peak memory of a `zhengce batch` process, one `eval` process.
/// Run from the package root: `swift run -c release Benchmarks [--quick]`.

let usage = """
usage: Benchmarks [--quick] [--policies DIR] [--zhengce PATH] [--seed N] [--memory-sizes A,B]
       Benchmarks --generate N [--seed N] [--policies DIR]

  --quick        small sizes (seconds, for a smoke run), memory at 10^3 and 10^4 applicants
  --policies DIR the policy folder (default: policies)
  --zhengce PATH the `zhengce` binary for the process measurements (default: beside this one)
  --seed N       the population's seed (default: 1)
  --memory-sizes A,B  the population sizes of the peak-memory runs (default: 100000,1000000)
  --generate N   write N synthetic applicants as JSON Lines to standard output and stop
  --only lsp     only the language server's diagnostics latency
  --only evaluate  only evaluations with facts in memory, on the full run's population (10^4
                 applicants, three rounds; --quick: 10^3, one round), for profilers and A/B turns
  --rounds N     with --only evaluate: N rounds over the population (a longer profile)
  --only batch   only batch reading alone and batch end to end (--jobs 1 and 2)
  --only decimal   only exact decimal arithmetic (a million operations of each kind)
  --only load    only parse + check and one `eval` process
"""

struct Settings {
    var quick = false
    var policies = "policies"
    var zhengce = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("zhengce").path
    var seed: UInt64 = 1
    var generate: Int?
    var memorySizes: [Int]?
    var only: String?
    var rounds: Int?

    init(_ arguments: [String]) {
        var index = 0
        func value() -> String {
            index += 1
            guard index < arguments.count else { fail("`\(arguments[index - 1])` needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            switch arguments[index] {
            case "--quick": quick = true
            case "--policies": policies = value()
            case "--zhengce": zhengce = value()
            case "--seed": seed = UInt64(value()) ?? { fail("`--seed` needs a whole number") }()
            case "--generate": generate = Int(value()) ?? { fail("`--generate` needs a whole number") }()
            case "--memory-sizes":
                let sizes = value().split(separator: ",").compactMap { Int($0) }
                guard !sizes.isEmpty, sizes.allSatisfy({ $0 > 0 }) else { fail("`--memory-sizes` needs whole numbers such as 100000,1000000") }
                memorySizes = sizes
            case "--only": only = value()
            case "--rounds":
                guard let count = Int(value()), count > 0 else { fail("`--rounds` needs a whole number above 0") }
                rounds = count
            case "--help", "-h": print(usage); exit(0)
            default: fail("unknown option `\(arguments[index])`\n\(usage)")
            }
            index += 1
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    exit(2)
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Evaluates bound applicants with one `PopulationEvaluator`, `rounds` times over, each on its own
/// date (or today's): the evaluation `batch` runs, on one thread.
func evaluateEach(_ program: Program, _ bound: [BoundApplicant], explain: Bool, rounds: Int = 1) {
    let today = Zhengce.today()
    var evaluator = PopulationEvaluator(program: program, explain: explain)
    for _ in 0..<rounds { evaluator.evaluate(bound, asOf: { $0 ?? today }) { _, _ in } }
}

/// Passes of the same work timed one by one: the steady rate, without what only the first pass
/// pays (the runtime's first use of each type, cold caches), and without one slow pass on a
/// shared machine deciding the figure.
struct Passes {
    /// Each timed pass's wall-clock seconds, in the order run.
    var times: [Double] = []
    /// The CPU seconds (user + system) of all the timed passes.
    var cpu = 0.0

    /// One pass untimed, then passes timed until there are `minimum` of them and `budget` seconds
    /// have gone by (`--quick`: the minimum only).
    init(minimum: Int = 3, budget: Double = settings.quick ? 0 : 1, _ pass: () throws -> Void) rethrows {
        try pass()
        let cpuBefore = cpuSeconds()
        var total = 0.0
        while times.count < minimum || total < budget {
            let time = try seconds(pass)
            times.append(time)
            total += time
        }
        cpu = cpuSeconds() - cpuBefore
    }

    var median: Double { times.sorted()[times.count / 2] }

    /// The median pass's rate, for `count` items a pass.
    func rate(_ count: Int) -> String { Benchmarks.rate(count, median) }

    /// The passes' number and the range of their rates, for the row's note.
    func spread(_ count: Int) -> String {
        let sorted = times.sorted()
        guard let fastest = sorted.first, let slowest = sorted.last else { return "" }
        let range = Int((Double(count) / slowest).rounded()).formatted(.number.grouping(.automatic)) + "–"
            + Int((Double(count) / fastest).rounded()).formatted(.number.grouping(.automatic))
        return "median of \(times.count) passes; \(range)"
    }

    /// Items per CPU second over the timed passes.
    func cpuRate(_ count: Int) -> String { Benchmarks.rate(count * times.count, cpu) }
}

func load(_ paths: [String]) -> (Program, [PolicyFile]) {
    do {
        let loaded = try Zhengce.load(paths: paths)
        guard let program = loaded.program else { fail("the policies have errors; run `zhengce check`") }
        return (program, loaded.trees)
    } catch {
        fail("\(error)")
    }
}

func population(_ count: Int, program: Program, trees: [PolicyFile], seed: UInt64) -> [UInt8] {
    var generator = Population(program: program, trees: trees, seed: seed)
    var bytes: [UInt8] = []
    for _ in 0..<count { generator.appendLine(to: &bytes) }
    return bytes
}

/// Reads JSON Lines as `zhengce batch` does.
func applicants(_ bytes: [UInt8], program: Program) -> [Applicant] {
    var lines = ByteLines.bytes(bytes)
    var result: [Applicant] = []
    while let line = try? lines.next() {
        if case .success(let applicant) = Batch.applicant(jsonLine: line, line: lines.lineNumber, program: program) { result.append(applicant) }
    }
    return result
}

/// User and system CPU time this process has used, in seconds.
func cpuSeconds() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func rate(_ count: Int, _ time: Double) -> String {
    let perSecond = Int((Double(count) / time).rounded())
    return perSecond.formatted(.number.grouping(.automatic)) + "/s"
}

func row(_ what: String, _ figure: String, _ target: String = "", note: String = "") {
    let pad = String(repeating: " ", count: max(1, 58 - what.count))
    let figurePad = String(repeating: " ", count: max(1, 14 - figure.count))
    print(what + pad + figurePad + figure + (target.isEmpty ? "" : "   (target \(target))") + (note.isEmpty ? "" : "   [\(note)]"))
}

/// The peak resident memory of a running process (VmHWM, KiB). Read from /proc while the child
/// runs: the child's own `ru_maxrss` would count this process's memory, which a spawned child
/// inherits until it executes.
func highWaterMark(_ pid: pid_t) -> Int? {
    // /proc files report a size of 0, so they are read until the end rather than by their size.
    let descriptor = open("/proc/\(pid)/status", O_RDONLY)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var block = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = block.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count <= 0 { break }
        bytes += block[0..<count]
    }
    let status = String(decoding: bytes, as: UTF8.self)
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.dropFirst(6).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
    }
    return nil
}

/// Spawns a process with `input` written to its standard input (generated on the fly, so this
/// process's memory does not grow) and standard output thrown away; returns the wall time, the
/// child's peak resident memory in KiB and its CPU time (user + system) in seconds.
func runChild(_ path: String, _ arguments: [String], lines: Int = 0, generator: inout Population?) -> (seconds: Double, peakKiB: Int, status: Int32, cpu: Double) {
    var pipeFDs: [Int32] = [0, 0]
    guard pipe(&pipeFDs) == 0 else { fail("cannot create a pipe") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, pipeFDs[0], 0)
    posix_spawn_file_actions_addclose(&actions, pipeFDs[1])
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    let (pid, start) = spawn(path, arguments, &actions)
    close(pipeFDs[0])
    var buffer: [UInt8] = []
    var written = 0
    var peak = 0
    while written < lines, generator != nil {
        buffer.removeAll(keepingCapacity: true)
        for _ in 0..<min(1_000, lines - written) { generator?.appendLine(to: &buffer) }
        written += min(1_000, lines - written)
        var offset = 0
        while offset < buffer.count {
            let result = buffer[offset...].withUnsafeBytes { write(pipeFDs[1], $0.baseAddress, $0.count) }
            if result <= 0 { break }
            offset += result
        }
        peak = max(peak, highWaterMark(pid) ?? 0)
    }
    close(pipeFDs[1])
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, WNOHANG, &usage) == 0 {
        peak = max(peak, highWaterMark(pid) ?? 0)
        usleep(5_000)
    }
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    // (Not `usage.ru_maxrss`: a spawned child shares this process's memory until it runs the
    // program, and Linux counts that memory in the child's maximum.)
    return (elapsed, peak, status, cpu)
}

/// The reading row: JSON lines into the bound form, as `batch` reads them (each line over the
/// facts of the line before).
func batchReadingRow(_ generated: [UInt8], count: Int, program: Program) {
    let passes = Passes { _ = Batch.readEach(jsonLines: generated, program: program) }
    row("batch reading alone: JSON line → bound applicant", passes.rate(count), note: passes.spread(count))
}

/// `Batch.run` in this process over JSON Lines in memory, writing JSON Lines, on one and two cores.
func batchEndToEndRows(_ generated: [UInt8], count inMemory: Int, program: Program) throws {
    var oneCore = 0.0
    for jobs in [1, 2] {
        var options = Batch.Options(today: Zhengce.today())
        options.jobs = jobs
        // As `zhengce batch` runs without `--summary`: the per-clause tallies are only kept for it.
        options.tallies = false
        var written = 0
        // As `zhengce batch` does: each extra thread gets its own copy of the policies.
        let replicas = (1..<jobs).map { _ in program.replica() }
        let passes = try Passes {
            var lines = ByteLines.bytes(generated)
            _ = try Batch(program: program, options: options, replicas: replicas).run(&lines, write: { written += $0.count })
        }
        let perSecond = Double(inMemory) / passes.median
        if jobs == 1 { oneCore = perSecond }
        row("batch, JSON Lines in and out, --jobs \(jobs)", passes.rate(inMemory),
            jobs == 1 ? "≥ 100,000/s" : String(format: "≥ 1.8× one core; now %.2f×", perSecond / oneCore), note: passes.spread(inMemory))
        // On a shared machine the wall clock depends on the other load; CPU time shows the work.
        row("  per CPU second (user + system)", passes.cpuRate(inMemory))
    }
}

// MARK: The run

signal(SIGPIPE, SIG_IGN)
let settings = Settings(Array(CommandLine.arguments.dropFirst()))
if settings.only == "lsp" {
    LanguageServerLatency.run(policies: settings.policies, changes: settings.quick ? 10 : 50)
    exit(0)
}
if settings.only == "decimal" {
    DecimalArithmetic.run(seed: settings.seed, count: settings.quick ? 100_000 : 1_000_000)
    exit(0)
}
if settings.only == "load" {
    LoadSpeed.run(policies: settings.policies, zhengce: settings.zhengce, quick: settings.quick)
    exit(0)
}
let all = load([settings.policies])
if settings.only == "evaluate" {
    // For profilers: evaluations in memory only, yz2025 alone then all documents, over as many
    // applicants as the full run's rows (10^4, `--quick` 10^3: more than the cache holds, or not),
    // three rounds each (`--quick`: one).
    let rounds = settings.rounds ?? (settings.quick ? 1 : 3)
    let alone = load([settings.policies + "/yz2025.policy"])
    for program in [alone, all] {
        let bound = applicants(population(settings.quick ? 1_000 : 10_000, program: program.0, trees: program.1, seed: settings.seed), program: program.0).map(program.0.bind)
        let time = seconds { evaluateEach(program.0, bound, explain: false, rounds: rounds) }
        row("\(program.0.documents.count) document(s), facts in memory, no trace", rate(rounds * bound.count, time), "")
    }
    exit(0)
}

if settings.only == "batch" {
    // Reading and batch end to end only, on the sizes of the full or the quick run.
    let count = settings.quick ? 1_000 : 10_000
    let generated = population(count, program: all.0, trees: all.1, seed: settings.seed)
    batchReadingRow(generated, count: count, program: all.0)
    try batchEndToEndRows(generated, count: count, program: all.0)
    exit(0)
}

if let count = settings.generate {
    var generator = Population(program: all.0, trees: all.1, seed: settings.seed)
    var buffer: [UInt8] = []
    var done = 0
    while done < count {
        buffer.removeAll(keepingCapacity: true)
        for _ in 0..<min(1_000, count - done) { generator.appendLine(to: &buffer) }
        done += min(1_000, count - done)
        // A reader that stops early (`--generate N | head`) closes the pipe: the generator stops
        // quietly. (SIGPIPE is ignored for the child processes' pipes, so a write fails instead.)
        guard Descriptor.writeAll(buffer, to: STDOUT_FILENO) else {
            if errno == EPIPE { exit(0) }
            fail("cannot write the population: \(String(cString: strerror(errno)))")
        }
    }
    exit(0)
}

#if DEBUG
let build = "debug build (figures mean little; use swift run -c release Benchmarks)"
#else
let build = "release build"
#endif
let cores = ProcessInfo.processInfo.activeProcessorCount
let day = ISO8601DateFormatter().string(from: Date()).prefix(10)
print("zhengce benchmark · \(build) · \(cores) cores · \(day) · seed \(settings.seed)\(settings.quick ? " · quick" : "")")

// Parse + check of the policies, sources already in memory.
let sources = try Zhengce.policyPaths([settings.policies]).map(Zhengce.readSource)
_ = Zhengce.load(sources)
var checkTimes: [Double] = []
for _ in 0..<(settings.quick ? 5 : 30) { checkTimes.append(seconds { _ = Zhengce.load(sources) }) }
checkTimes.sort()
row("parse + check of \(sources.count) policies (median)", String(format: "%.1f ms", checkTimes[checkTimes.count / 2] * 1000), "< 10 ms")

// Evaluations with facts in memory.
let inMemory = settings.quick ? 1_000 : 10_000
let yz2025Path = settings.policies + "/yz2025.policy"
if FileManager.default.fileExists(atPath: yz2025Path) {
    let alone = load([yz2025Path])
    // Bound once up front: the rows time evaluation of the bound form alone.
    let bound = applicants(population(inMemory, program: alone.0, trees: alone.1, seed: settings.seed), program: alone.0).map(alone.0.bind)
    for explain in [false, true] {
        let passes = Passes { evaluateEach(alone.0, bound, explain: explain) }
        row("yz2025 alone, facts in memory, \(explain ? "with" : "no") trace", passes.rate(bound.count), explain ? "" : "≥ 1,000,000/s",
            note: passes.spread(bound.count))
    }
}
let generated = population(inMemory, program: all.0, trees: all.1, seed: settings.seed)
let people = applicants(generated, program: all.0)
let boundPeople = Batch.boundApplicants(jsonLines: generated, program: all.0)
for explain in [false, true] {
    let passes = Passes { evaluateEach(all.0, boundPeople, explain: explain) }
    row("all \(all.0.documents.count) documents, facts in memory, \(explain ? "with" : "no") trace", passes.rate(people.count),
        explain ? "" : "≥ 300,000/s", note: passes.spread(people.count))
}

// The parts of batch around the evaluator: reading a line into facts, writing a record.
batchReadingRow(generated, count: inMemory, program: all.0)
do {
    // A thousand evaluations at a time: ten thousand with their traces would take a gigabyte.
    let sample = people.prefix(1_000).map { Batch.evaluate(all.0, $0, asOf: $0.asOf ?? Zhengce.today(), explain: false) }
    var recordBytes = 0
    let rounds = max(1, inMemory / max(1, sample.count))
    let passes = Passes {
        recordBytes = 0
        for _ in 0..<rounds {
            for (index, evaluation) in sample.enumerated() { recordBytes += Batch.record(evaluation, line: index + 1, explain: false).count }
        }
    }
    row("batch writing alone: evaluation → JSON record", passes.rate(rounds * sample.count), note: passes.spread(rounds * sample.count))
    row("  average record", "\(recordBytes / max(1, rounds * sample.count)) bytes")
}

// Batch end to end in this process: JSON Lines in, JSON Lines out.
try batchEndToEndRows(generated, count: inMemory, program: all.0)

// Peak memory of a `zhengce batch` process, fed through a pipe.
let sizes = settings.memorySizes ?? (settings.quick ? [1_000, 10_000] : [100_000, 1_000_000])
var peaks: [Int] = []
for size in sizes {
    var generator: Population? = Population(program: all.0, trees: all.1, seed: settings.seed)
    let run = runChild(settings.zhengce, ["batch", "--jobs", "2", "--policies", settings.policies, "-"], lines: size, generator: &generator)
    if run.status != 0 && run.status != 256 { fail("`zhengce batch` ended with status \(run.status)") }
    peaks.append(run.peakKiB)
    row("zhengce batch --jobs 2, \(size.formatted()) applicants: peak memory", String(format: "%.1f MiB", Double(run.peakKiB) / 1024), "")
    // The generator writes the lines as fast as it makes them, which is slower than `batch` reads
    // them: the wall-clock rate is the generator's, the child's CPU time is its own.
    row("  the same run through a pipe, paced by the generator", rate(size, run.seconds))
    row("  the child's applicants per CPU second (user + system)", rate(size, run.cpu))
}
if let first = peaks.first, let last = peaks.last, first > 0 {
    row("peak memory, \(sizes[sizes.count - 1].formatted()) vs \(sizes[0].formatted())", String(format: "%+.1f%%", (Double(last) / Double(first) - 1) * 100), "within 10%")
}

// One `eval` process, start to finish.
let sample = NSTemporaryDirectory() + "zhengce-bench-applicant.json"
var generator = Population(program: all.0, trees: all.1, seed: settings.seed)
try generator.nextLine().write(toFile: sample, atomically: true, encoding: .utf8)
// Waited for with `wait4`, not polled, so that the figure is not rounded up to a polling interval.
let evalArguments = ["eval", "--format", "json", "--policies", settings.policies, sample]
_ = LoadSpeed.process(settings.zhengce, evalArguments)
let evalRuns = (0..<(settings.quick ? 5 : 15)).map { _ in LoadSpeed.process(settings.zhengce, evalArguments) }
try? FileManager.default.removeItem(atPath: sample)
row("one zhengce eval process (median of \(evalRuns.count))", String(format: "%.1f ms", LoadSpeed.median(evalRuns.map(\.wall)) * 1000), "< 30 ms")
row("  its CPU time, user + system (median)", String(format: "%.1f ms", LoadSpeed.median(evalRuns.map(\.cpu)) * 1000))
