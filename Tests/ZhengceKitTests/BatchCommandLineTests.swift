import Foundation
import Synchronization
import Testing
@testable import ZhengceKit

/// `zhengce batch` end to end: standard input, exit codes, the summary on standard error. On the
/// fixture policy, so that no fact name, count or amount of the shipped policies is asserted here.
extension CommandLineTests {
    @Test func batchReadsStandardInputAndExitsOneWhenALineFails() throws {
        let input = """
        {"as_of": "2025-06-30", "facts": {"operates_in_zone": true, "branch_type": "bank_tier1"}}
        {"facts": {"paid_in_capital": true}}
        """
        let run = try zhengce(["batch", "--summary", "--policies", fixturePolicies, "-"], input: input)
        #expect(run.status == 1)
        let records = run.out.split(separator: "\n")
        #expect(records.count == 2)
        #expect(records[0].hasPrefix(#"{"line":1,"#) && records[0].contains(#""clauses":{"#))
        #expect(records[1].hasPrefix(#"{"line":2,"#) && records[1].contains(#""field":"paid_in_capital""#))
        #expect(run.err.contains("summary: 2 lines, 1 evaluated, 1 failed"))
        #expect(!run.err.contains("zhengce batch: "), "no progress line when standard error is not a terminal")
    }

    @Test func batchExitsZeroWhenEveryLineIsEvaluatedAndTwoOnBadUsage() throws {
        let policies = ["--policies", fixturePolicies]
        let good = #"{"as_of": "2025-06-30", "facts": {"operates_in_zone": true}}"#
        #expect(try zhengce(["batch", "--jobs", "2"] + policies, input: good + "\n" + good).status == 0)
        let csv = try zhengce(["batch", "--input", "csv", "--format", "csv"] + policies, input: "operates_in_zone,as_of\ntrue,2025-06-30\n")
        #expect(csv.status == 0)
        #expect(csv.out.hasPrefix("line,applicant,as_of,error,total,"))
        let header = try zhengce(["batch", "--input", "csv"] + policies, input: "operates_in_zon,as_of\n")
        #expect(header.status == 2)
        #expect(header.err.contains("did you mean `operates_in_zone`?"))
        #expect(try zhengce(["batch", "--jobs", "0"] + policies, input: good).status == 2)
        #expect(try zhengce(["batch", "--explain", "--format", "csv"] + policies, input: good).status == 2)
        #expect(try zhengce(["batch", "no-such-file.jsonl"] + policies).status == 2)
    }

    /// A run that stops on bad usage before reading its input: the input written after it has
    /// exited (more than a pipe holds) fails to arrive, and the test process goes on to read the
    /// exit status, where the write used to end the whole test process by SIGPIPE.
    @Test func inputForARunThatHasAlreadyExitedDoesNotEndTheTests() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["batch", "--jobs", "0", "--policies", fixturePolicies, "-"]
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        feed(Data(repeating: UInt8(ascii: "\n"), count: 1 << 20), to: input.fileHandleForWriting)
        try? input.fileHandleForWriting.close()
        #expect(process.terminationStatus == 2)
        #expect(String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).contains("--jobs"))
    }

    /// Standard input and standard output, each far more than a pipe holds, at once: the test feeds
    /// the input while it reads the records, where writing it all first left both sides waiting.
    @Test func moreInputAndOutputThanAPipeHoldsFlowBothWays() throws {
        let line = #"{"as_of": "2025-06-30", "facts": {"operates_in_zone": true, "branch_type": "bank_tier1"}}"#
        let input = String(repeating: line + "\n", count: 5_000)
        let run = try zhengce(["batch", "--jobs", "1", "--policies", fixturePolicies, "-"], input: input)
        #expect(input.utf8.count > 1 << 18 && run.out.utf8.count > 1 << 18)
        #expect(run.status == 0)
        #expect(run.out.split(separator: "\n").count == 5_000)
    }

    /// Without `--jobs`, `batch` runs on every core; its records and summary are those of one
    /// thread, byte for byte, over several chunks with failing lines among them.
    @Test func batchOnEveryCoreByDefaultWritesWhatOneThreadWrites() throws {
        let folder = try temporaryFolder()
        let lines = [
            #"{"as_of": "2025-06-30", "facts": {"operates_in_zone": true, "branch_type": "bank_tier1"}}"#,
            #"{"as_of": "2025-06-30", "facts": {"operates_in_zone": false}}"#,
            #"{"as_of": "2025-06-30", "facts": {}}"#,
            #"{"facts": {"operates_in_zone": "yes"}}"#,
        ]
        let input = (0..<300).map { lines[($0 * 7) % lines.count] }.joined(separator: "\n") + "\n"
        try input.write(toFile: folder + "/applicants.jsonl", atomically: false, encoding: .utf8)
        let common = ["batch", "--summary", "--policies", fixturePolicies, folder + "/applicants.jsonl"]
        let one = try zhengce(common + ["--jobs", "1"])
        let every = try zhengce(common)
        #expect(one.status == 1 && every.status == 1, "the lines with a wrong type fail")
        #expect(one.out.split(separator: "\n").count == 300)
        #expect(every.out == one.out)
        #expect(every.err == one.err)
    }
}

/// Output that cannot be written and input that is not a file: an error with a message and exit
/// code 2, never a crash (a full disk used to stop `batch` with a trap) and never a silent success.
extension CommandLineTests {
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func outputThatCannotBeWrittenExitsTwoWithAMessage() throws {
        // On the fixture policy and applicants of its own, so that nothing here depends on what
        // the shipped policies say.
        let folder = try temporaryFolder()
        let applicant = #"{"as_of": "2025-06-30", "facts": {"operates_in_zone": true, "branch_type": "bank_tier1"}}"#
        try applicant.write(toFile: folder + "/applicant.json", atomically: false, encoding: .utf8)
        try String(repeating: applicant + "\n", count: 100).write(toFile: folder + "/applicants.jsonl", atomically: false, encoding: .utf8)
        let policies = ["--policies", fixturePolicies]
        // Standard output on `/dev/full`, where every write fails.
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        for arguments in [["batch"] + policies + [folder + "/applicants.jsonl"], ["batch", "--format", "csv", "--jobs", "2"] + policies + [folder + "/applicants.jsonl"],
                          ["eval"] + policies + [folder + "/applicant.json"], ["eval", "--format", "json"] + policies + [folder + "/applicant.json"],
                          ["facts", fixturePolicies], ["check", fixturePolicies]] {
            let run = try zhengce(arguments, standardOutput: full)
            #expect(run.status == 2, "\(arguments)")
            #expect(run.err.contains("error: cannot write the output: "), "\(arguments): \(run.err)")
            #expect(!run.err.contains("Fatal error") && !run.err.contains("crashed"), "\(arguments)")
        }
    }

    /// A reader that has gone away (`| head -1`) is output that cannot be written: exit 2 with the
    /// message, where the process used to end by SIGPIPE (exit 141 in a shell).
    @Test func aClosedPipeExitsTwoWithAMessage() throws {
        let folder = try temporaryFolder()
        let applicant = #"{"as_of": "2025-06-30", "facts": {"operates_in_zone": true, "branch_type": "bank_tier1"}}"#
        try String(repeating: applicant + "\n", count: 2_000).write(toFile: folder + "/applicants.jsonl", atomically: false, encoding: .utf8)
        for arguments in [["batch", "--policies", fixturePolicies, folder + "/applicants.jsonl"], ["schema", fixturePolicies]] {
            let pipe = Pipe()
            try pipe.fileHandleForReading.close()
            let run = try zhengce(arguments, standardOutput: pipe.fileHandleForWriting)
            #expect(run.status == 2, "\(arguments): \(run.err)")
            #expect(run.err.contains("error: cannot write the output: Broken pipe"), "\(arguments): \(run.err)")
        }
    }

    @Test func batchNamesAnInputThatIsNotAFileForWhatItIs() throws {
        let folder = try temporaryFolder()
        let run = try zhengce(["batch", "--policies", fixturePolicies, folder])
        #expect(run.status == 2)
        #expect(run.err.contains("cannot read `\(folder)`: it is a folder, not a file"), "\(run.err)")
        let missing = try zhengce(["batch", "--policies", fixturePolicies, folder + "/none.jsonl"])
        #expect(missing.status == 2)
        #expect(missing.err.contains("no such file or folder"), "\(missing.err)")
    }
}

/// `batch` on a stream: records come out a chunk at a time as lines arrive, without waiting for a
/// block of input or the end of it (a producer that keeps its pipe open gets its results).
extension CommandLineTests {
    @Test func batchAnswersAStreamWithoutWaitingForItsEnd() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["batch", "--policies", fixturePolicies, "-"]
        process.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
        // One chunk's worth of lines (64), then the pipe stays open.
        let line = #"{"as_of": "2025-06-30", "facts": {"operates_in_zone": true}}"# + "\n"
        feed(Data(String(repeating: line, count: 64).utf8), to: input.fileHandleForWriting)
        let records = Mutex(0)
        let arrived = DispatchSemaphore(value: 0)
        let reader = output.fileHandleForReading
        Thread.detachNewThread {
            while true {
                let data = reader.availableData
                if data.isEmpty { break }
                let count = records.withLock { count in
                    count += data.count { $0 == UInt8(ascii: "\n") }
                    return count
                }
                if count >= 64 { arrived.signal() }
            }
        }
        // Generous: the point is that it comes before the input ends, not how fast.
        let result = arrived.wait(timeout: .now() + 60)
        #expect(result == .success, "no records while the input stays open: \(records.withLock { $0 }) of 64")
    }
}

/// Applicant input saved with any line ending, and byte-order marks: `batch` reads lines as `eval`
/// reads files.
extension CommandLineTests {
    @Test func batchTakesALoneCRForALineEndInJSONLinesAndCSV() throws {
        let policies = ["--policies", fixturePolicies]
        let line = #"{"as_of": "2025-06-30", "facts": {"operates_in_zone": true}}"#
        let jsonl = try zhengce(["batch", "--jobs", "1"] + policies + ["-"], input: [line, line, line].joined(separator: "\r") + "\r")
        #expect(jsonl.status == 0, "\(jsonl.out)")
        let records = jsonl.out.split(separator: "\n")
        #expect(records.count == 3)
        #expect(records.enumerated().allSatisfy { $0.element.hasPrefix(#"{"line":\#($0.offset + 1),"applicant""#) && $0.element.contains(#""clauses":{"#) })
        let csv = try zhengce(["batch", "--input", "csv", "--format", "csv"] + policies,
                              input: "applicant,as_of,operates_in_zone\r甲,2025-06-30,true\r乙,2025-06-30,false\r")
        #expect(csv.status == 0, "\(csv.err)")
        let rows = csv.out.split(separator: "\n")
        #expect(rows.count == 3 && rows[1].hasPrefix("2,甲,2025-06-30,,") && rows[2].hasPrefix("3,乙,2025-06-30,,"), "\(csv.out)")
    }

    @Test func batchTakesAByteOrderMarkOnlyAtTheStartOfTheInput() throws {
        let policies = ["--policies", fixturePolicies]
        let mark = "\u{FEFF}"
        let line = #"{"as_of": "2025-06-30", "facts": {"operates_in_zone": true}}"#
        for jobs in ["1", "2"] {
            let run = try zhengce(["batch", "--summary", "--jobs", jobs] + policies + ["-"], input: mark + line + "\n" + line + "\n" + mark + line + "\n" + line + "\n")
            #expect(run.status == 1)
            let records = run.out.split(separator: "\n")
            #expect(records.count == 4)
            #expect(records[0].hasPrefix(#"{"line":1,"applicant""#) && records[1].hasPrefix(#"{"line":2,"applicant""#) && records[3].hasPrefix(#"{"line":4,"applicant""#))
            #expect(records[2].hasPrefix(#"{"line":3,"applicant":null,"errors":[{"field":null,"column":1,"message":"a byte-order mark (U+FEFF) is allowed only at the very start of the input"#), "\(records[2])")
            #expect(run.err.contains("summary: 4 lines, 3 evaluated, 1 failed"), "\(run.err)")
        }
        let csv = try zhengce(["batch", "--input", "csv", "--format", "csv"] + policies,
                              input: mark + "applicant,as_of,operates_in_zone\n甲,2025-06-30,true\n" + mark + "乙,2025-06-30,true\n")
        #expect(csv.status == 1)
        let rows = csv.out.split(separator: "\n")
        #expect(rows.count == 3 && rows[1].hasPrefix("2,甲,2025-06-30,,"), "\(csv.out)")
        #expect(rows[2].hasPrefix("3,,,") && rows[2].contains("byte-order mark (U+FEFF) is allowed only at the very start of the input"), "\(rows[2])")
    }
}
