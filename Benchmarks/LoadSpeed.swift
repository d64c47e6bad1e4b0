import Foundation
import ZhengceKit

/// Only the two loading figures: parse + check of the policies with their sources in memory, and
/// one `zhengce eval --format json` process on the documentation's sample applicant, start to
/// exit (waited for, not polled, so the figure is not rounded to a polling interval).
enum LoadSpeed {
    static func run(policies: String, zhengce: String, quick: Bool) {
        guard let sources = try? Zhengce.policyPaths([policies]).map(Zhengce.readSource), !sources.isEmpty else {
            fail("no policies in `\(policies)`")
        }
        _ = Zhengce.load(sources)
        var loads: [Double] = []
        for _ in 0..<(quick ? 10 : 30) { loads.append(seconds { _ = Zhengce.load(sources) }) }
        row("parse + check of \(sources.count) policies (median of \(loads.count))", String(format: "%.1f ms", median(loads) * 1000), "< 10 ms")

        let sample = "docs/samples/applicant.json"
        let arguments = ["eval", "--format", "json", "--policies", policies, sample]
        _ = process(zhengce, arguments)
        var runs: [Double] = []
        for _ in 0..<(quick ? 5 : 15) { runs.append(process(zhengce, arguments)) }
        row("one zhengce eval process, \(sample) (median of \(runs.count))", String(format: "%.1f ms", median(runs) * 1000), "< 30 ms")
    }

    static func median(_ times: [Double]) -> Double { times.sorted()[times.count / 2] }

    /// The wall time of a process with its output thrown away, from spawning it to its exit.
    static func process(_ path: String, _ arguments: [String]) -> Double {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let (pid, start) = spawn(path, arguments, &actions)
        var status: Int32 = 0
        guard waitpid(pid, &status, 0) == pid, status == 0 else { fail("`\(path) \(arguments.joined(separator: " "))` failed") }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}

/// Starts `path` with `arguments` and the given file actions; its process id and the moment it was
/// started (uptime nanoseconds).
func spawn(_ path: String, _ arguments: [String], _ actions: inout posix_spawn_file_actions_t) -> (pid: pid_t, start: UInt64) {
    let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let start = DispatchTime.now().uptimeNanoseconds
    guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else { fail("cannot run `\(path)`; build it first (swift build -c release)") }
    return (pid, start)
}
