import Foundation
import Testing
@testable import ZhengceKit

/// Files that are not what they seem, and rewrites that must never lose data: end-to-end through
/// the built binary, plus the library pieces on their own.
@Suite(.serialized) struct FileHandlingTests {
    func zhengce(_ arguments: [String], input: String? = nil) throws -> CommandLineTests.Run {
        try CommandLineTests().zhengce(arguments, input: input)
    }

    func folder() throws -> String { try CommandLineTests().temporaryFolder() }

    static let unformatted = "policy t {\ntitle \"t\"\n  valid from 2025-01-01 until 2028-12-31\n  money in 万元 rounded to 0.01 half-up\n}\n"

    func permissions(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    @Test func eachKindOfNonFileHasItsOwnMessage() throws {
        let base = try folder()
        #expect(mkfifo(base + "/pipe.policy", 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: base + "/loop1", withDestinationPath: base + "/loop2")
        try FileManager.default.createSymbolicLink(atPath: base + "/loop2", withDestinationPath: base + "/loop1")
        try FileManager.default.createSymbolicLink(atPath: base + "/dangling.policy", withDestinationPath: base + "/gone.policy")
        try FileManager.default.createDirectory(atPath: base + "/applicant.json", withIntermediateDirectories: false)
        let cases: [([String], String)] = [
            (["check", base + "/pipe.policy"], "named pipe (FIFO)"),
            (["check", "/dev/null"], "is a device"),
            (["check", base + "/loop1"], "symbolic link loop"),
            (["check", base + "/dangling.policy"], "symbolic link to a file that does not exist"),
            (["check", base + "/missing.policy"], "no such file or folder"),
            (["eval", base + "/applicant.json"], "is a folder, not a file"),
            (["eval", base + "/pipe.policy"], "named pipe (FIFO)"),
        ]
        var messages: Set<String> = []
        for (arguments, fragment) in cases {
            let run = try zhengce(arguments)
            #expect(run.status == 2, "\(arguments)")
            #expect(run.err.contains(fragment), "\(arguments): \(run.err)")
            messages.insert(run.err.replacingOccurrences(of: base, with: ""))
        }
        #expect(messages.count >= 6)
    }

    @Test func anUnreadableFileSaysSo() throws {
        // The superuser reads any file, so the permission check cannot be observed as root.
        guard getuid() != 0 else { return }
        let path = try folder() + "/secret.policy"
        try Self.unformatted.write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0)
        let run = try zhengce(["check", path])
        #expect(run.status == 2 && run.err.contains("permission denied"))
    }

    @Test func aChineseWindowsFileGivesThePlaceAndTheConversion() throws {
        let path = try folder() + "/gbk.policy"
        // "测试" in GB18030 on line 2, after `  title "`.
        var bytes = Array("policy t {\n  title \"".utf8)
        bytes += [0xB2, 0xE2, 0xCA, 0xD4]
        bytes += Array("\"\n}\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let run = try zhengce(["check", path])
        #expect(run.status == 2)
        #expect(run.err.contains("line 2, column 10"), "\(run.err)")
        #expect(run.err.contains("iconv -f GB18030 -t UTF-8"))
        let applicant = try folder() + "/applicant.json"
        try Data([0x7B, 0x0A, 0xB2, 0xE2]).write(to: URL(fileURLWithPath: applicant))
        let read = try zhengce(["eval", applicant])
        #expect(read.status == 2 && read.err.contains("line 2, column 1") && read.err.contains("GB18030"), "\(read.err)")
        #expect(throws: SourceReader.Failure.self) { try SourceReader.decode(Data([0x41, 0xB2, 0xE2]), path: "<stdin>") }
        #expect(throws: SourceReader.Failure.self) { try SourceReader.decode(Data([0xFF, 0xFE, 0x41, 0x00]), path: "u16") }
        #expect((try? SourceReader.decode(Data([0xEF, 0xBB, 0xBF, 0x41]), path: "bom")) == "\u{FEFF}A")
    }

    @Test func fmtRefusesJSONAndEmptyFolders() throws {
        let base = try folder()
        try "{}".write(toFile: base + "/x.examples.json", atomically: false, encoding: .utf8)
        var run = try zhengce(["fmt", base + "/x.examples.json"])
        #expect(run.status == 2 && run.err.contains("JSON file"))
        let empty = try folder()
        run = try zhengce(["fmt", "--check", empty])
        #expect(run.status == 2 && run.err.contains("no `.policy` files"))
        run = try zhengce(["fmt", "--write", base])
        #expect(run.status == 2 && run.err.contains("no `.policy` files"))
    }

    @Test func aBidiControlIsADiagnosticNotAFormatterBug() throws {
        let path = try folder() + "/bidi.policy"
        let text = Self.unformatted + "// note \u{202E} reversed\nfact a: money in 万元 \"a\u{2066}\"\n"
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        for mode in [[], ["--check"], ["--write"]] {
            let run = try zhengce(["fmt"] + mode + [path])
            #expect(run.status == 1)
            #expect(run.err.contains("[Z008]") && !run.err.contains("bug"), "\(run.err)")
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
    }

    @Test func fmtWriteGoesThroughLinksAndKeepsTheMode() throws {
        let base = try folder()
        try FileManager.default.createDirectory(atPath: base + "/real", withIntermediateDirectories: false)
        let target = base + "/real/t.policy"
        try Self.unformatted.write(toFile: target, atomically: false, encoding: .utf8)
        chmod(target, 0o640)
        try FileManager.default.createSymbolicLink(atPath: base + "/link.policy", withDestinationPath: "real/t.policy")
        let run = try zhengce(["fmt", "--write", base + "/link.policy"])
        #expect(run.status == 0, "\(run.err)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: base + "/link.policy") == "real/t.policy")
        #expect(try String(contentsOfFile: target, encoding: .utf8).contains("\n  title \"t\"\n"))
        #expect(try permissions(target) == 0o640)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: base + "/real").filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func fmtWriteKeepsTheOwner() throws {
        guard getuid() == 0 else { return }
        let path = try folder() + "/owned.policy"
        try Self.unformatted.write(toFile: path, atomically: false, encoding: .utf8)
        #expect(chown(path, 4321, 4322) == 0)
        let run = try zhengce(["fmt", "--write", path])
        #expect(run.status == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect(attributes[.ownerAccountID] as? Int == 4321 && attributes[.groupOwnerAccountID] as? Int == 4322)
    }

    @Test func fmtWriteRefusesAReadOnlyFile() throws {
        let path = try folder() + "/ro.policy"
        try Self.unformatted.write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0o444)
        let run = try zhengce(["fmt", "--write", path])
        #expect(run.status == 2 && run.err.contains("read-only"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.unformatted)
        #expect(try permissions(path) == 0o444)
    }

    @Test func aChangeMadeWhileFormattingIsNeverOverwritten() throws {
        let path = try folder() + "/t.policy"
        try "policy t {\n}\n// saved by an editor meanwhile\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(throws: SafeRewrite.Failure.self) {
            try SafeRewrite.replace(path, original: Self.unformatted, with: "formatted\n")
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("saved by an editor meanwhile"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
        #expect(leftovers == ["t.policy"])
        // When nothing changed it writes.
        try Self.unformatted.write(toFile: path, atomically: false, encoding: .utf8)
        try SafeRewrite.replace(path, original: Self.unformatted, with: "formatted\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "formatted\n")
    }

    @Test func aLaterRunRemovesTemporaryFilesOfAKilledRun() throws {
        let base = try folder()
        try Self.unformatted.write(toFile: base + "/t.policy", atomically: false, encoding: .utf8)
        // A process id that cannot be running (above the kernel's maximum), and one that is (init).
        let stale = base + "/.t.policy.zhengce-fmt.99999999.tmp"
        let live = base + "/.t.policy.zhengce-fmt.1.tmp"
        let unrelated = base + "/.other.tmp"
        for path in [stale, live, unrelated] { try "half".write(toFile: path, atomically: false, encoding: .utf8) }
        let run = try zhengce(["fmt", "--write", base])
        #expect(run.status == 0)
        #expect(run.out.contains("removed"))
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: live))
        #expect(FileManager.default.fileExists(atPath: unrelated))
    }

    @Test func annotationsEscapePathsPerTheirSpecs() throws {
        let path = "dir one/a,b::c%d 政策.policy"
        let diagnostic = Diagnostic(.syntax, "bad\nthing 100%", at: Span(file: SourceFile(path: path, text: "x\n"), start: 0, end: 1))
        let github = DiagnosticsReport.github([diagnostic])
        #expect(github.hasPrefix("::error file=dir one/a%2Cb%3A%3Ac%25d 政策.policy,line=1,col=1,title=syntax error::"), "\(github)")
        #expect(github.hasSuffix("Z005: bad%0Athing 100%25"))
        let sarif = try JSONReader.parse(SourceFile(path: "s", text: DiagnosticsReport.sarif([diagnostic])))
        guard case .array(let runs)? = sarif["runs"]?.value, case .array(let results)? = runs.first?["results"]?.value,
              case .array(let locations)? = results.first?["locations"]?.value,
              case .string(let uri)? = locations.first?["physicalLocation"]?["artifactLocation"]?["uri"]?.value else {
            Issue.record("no uri in the SARIF output")
            return
        }
        #expect(uri == "dir%20one/a,b%3A%3Ac%25d%20%E6%94%BF%E7%AD%96.policy")
        #expect(DiagnosticsReport.uri("/tmp/a b.policy") == "file:///tmp/a%20b.policy")
    }

    @Test func strictInputEndToEnd() throws {
        // On the fixture policy, whose facts are frozen for the tests: a revision of the shipped
        // policies (a fact renamed, a range changed) cannot move what this test reads.
        let sample = #"{"applicant": "甲", "as_of": "2025-06-30", "facts": {"operates_in_zone": true, "revenue": "3000", "paid_in_capital": 8}}"#
        func eval(_ input: String, _ options: [String] = []) throws -> CommandLineTests.Run {
            try zhengce(["eval", "--policies", fixturePolicies] + options + ["-"], input: input)
        }
        var run = try eval(sample)
        #expect(run.status == 0, "the sample must load: \(run.err)")
        let twice = sample.replacingOccurrences(of: "\"as_of\": \"2025-06-30\",", with: "\"as_of\": \"2025-06-30\", \"as_of\": \"2024-01-01\",")
        run = try eval(twice)
        #expect(run.status == 2 && run.err.contains("\"as_of\" appears twice"), "\(run.err)")
        let negative = sample.replacingOccurrences(of: "\"revenue\": \"3000\"", with: "\"revenue\": \"-3000\"")
        run = try eval(negative)
        #expect(run.status == 2 && run.err.contains("`revenue` is negative"), "\(run.err)")
        run = try eval(sample, ["--as-of=+202-06-30"])
        #expect(run.status == 2 && run.err.contains("--as-of"))
        let leadingZero = sample.replacingOccurrences(of: "\"paid_in_capital\": 8", with: "\"paid_in_capital\": 08")
        run = try eval(leadingZero)
        #expect(run.status == 2 && run.err.contains("leading zero"), "\(run.err)")
    }
}
