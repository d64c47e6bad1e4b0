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
        var loadCPU: [Double] = []
        for _ in 0..<(quick ? 10 : 30) {
            let cpu = threadCPUSeconds()
            loads.append(seconds { _ = Zhengce.load(sources) })
            loadCPU.append(threadCPUSeconds() - cpu)
        }
        row("parse + check of \(sources.count) policies (median of \(loads.count))", String(format: "%.1f ms", median(loads) * 1000), "< 10 ms")
        row("  its CPU time (median)", String(format: "%.1f ms", median(loadCPU) * 1000))

        let sample = "docs/samples/applicant.json"
        let arguments = ["eval", "--format", "json", "--policies", policies, sample]
        _ = process(zhengce, arguments)
        var runs: [(wall: Double, cpu: Double)] = []
        for _ in 0..<(quick ? 5 : 15) { runs.append(process(zhengce, arguments)) }
        row("one zhengce eval process, \(sample) (median of \(runs.count))", String(format: "%.1f ms", median(runs.map(\.wall)) * 1000), "< 30 ms")
        row("  its CPU time, user + system (median)", String(format: "%.1f ms", median(runs.map(\.cpu)) * 1000))
    }

    /// The CPU time this thread has used, in seconds: unlike the wall time, it leaves out the time
    /// spent waiting for a core another process holds.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func median(_ times: [Double]) -> Double { times.sorted()[times.count / 2] }

    /// The wall time of a process with its output thrown away, from spawning it to its exit, and
    /// the CPU time it used.
    static func process(_ path: String, _ arguments: [String]) -> (wall: Double, cpu: Double) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let (pid, start) = spawn(path, arguments, &actions)
        var status: Int32 = 0
        var usage = rusage()
        guard wait4(pid, &status, 0, &usage) == pid, status == 0 else { fail("`\(path) \(arguments.joined(separator: " "))` failed") }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        return (wall, cpu)
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
