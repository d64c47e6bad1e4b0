import Foundation
import Testing

/// `Benchmarks --generate` as a pipe's writer: it stops quietly when its reader stops early, and a
/// write that fails otherwise is an error with exit code 2, never a trap.
@Suite struct BenchmarkGeneratorTests {
    static let binary = packageRoot + "/.build/debug/Benchmarks"

    func generator(_ count: Int, output: FileHandle?) throws -> (process: Process, out: Pipe, err: Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["--generate", String(count), "--seed", "3", "--policies", fixturePolicies]
        let out = Pipe(), err = Pipe()
        process.standardOutput = output ?? out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    @Test func aReaderThatStopsEarlyEndsTheGeneratorQuietly() throws {
        // Far more than a pipe holds: the generator is still writing when the reader goes.
        let (process, out, err) = try generator(200_000, output: nil)
        let first = out.fileHandleForReading.readData(ofLength: 4_096)
        try out.fileHandleForReading.close()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(first.starts(with: Data("{".utf8)))
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        #expect(String(decoding: errors, as: UTF8.self) == "")
    }

    @Test func aFullDeviceIsAnError() throws {
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let (process, _, err) = try generator(2_000, output: full)
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 2)
        #expect(String(decoding: errors, as: UTF8.self).contains("cannot write the population"))
    }
}
