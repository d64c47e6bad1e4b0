import Foundation
import Testing
@testable import ZhengceKit

/// A file reached by several of the paths given is read once: by a folder and by its own path,
/// through `./`, through a symbolic link or through a hard link.
extension CommandLineTests {
    /// A copy of the `units` fixture in a new folder `pol`, and a symbolic link `link` beside it.
    func unitsCopy() throws -> String {
        let root = try temporaryFolder()
        try FileManager.default.copyItem(atPath: fixturePolicies + "/units", toPath: root + "/pol")
        try FileManager.default.createSymbolicLink(atPath: root + "/link", withDestinationPath: root + "/pol")
        return root + "/pol"
    }

    @Test func checkReadsAFileNamedTwiceOnce() throws {
        let folder = try unitsCopy()
        let once = try zhengce(["check", "pol"], in: folder + "/..")
        #expect(once.status == 0)
        #expect(once.out.contains("checked 3 files"))
        for paths in [["pol", "pol/steps.policy"], ["pol", "./pol"], ["pol", "link"], ["pol/steps.policy", "pol"]] {
            let run = try zhengce(["check"] + paths, in: folder + "/..")
            #expect(run.status == 0, "check \(paths): \(run.out)")
            #expect(run.out == once.out, "check \(paths)")
        }
        // The first path given is the one messages use.
        try "policy broken {".write(toFile: folder + "/zz.policy", atomically: false, encoding: .utf8)
        let broken = try zhengce(["check", "./pol/zz.policy", "pol"], in: folder + "/..")
        #expect(broken.status == 1)
        #expect(broken.out.contains("./pol/zz.policy:1:"))
        #expect(!broken.out.contains("\npol/zz.policy:"))
        #expect(broken.out.contains("checked 4 files"))
    }

    @Test func aHardLinkIsTheFileItLinks() throws {
        let folder = try unitsCopy()
        let root = folder + "/.."
        let once = try zhengce(["check", "pol"], in: root)
        try FileManager.default.linkItem(atPath: folder + "/steps.policy", toPath: root + "/hard.policy")
        let named = try zhengce(["check", "pol", "hard.policy"], in: root)
        #expect(named.status == 0, "\(named.out)")
        #expect(named.out == once.out)
        // Within the folder read: the file is read under the name that comes first.
        try FileManager.default.linkItem(atPath: folder + "/steps.policy", toPath: folder + "/steps-again.policy")
        let within = try zhengce(["check", "pol"], in: root)
        #expect(within.status == 0, "\(within.out)")
        #expect(within.out.contains("checked 3 files"), "\(within.out)")
        let applicant = #"{"applicant": "a", "as_of": "2025-06-30", "facts": {}}"#
        let evaluated = try zhengce(["eval", "--format", "json", "--policies", "pol", "--policies", "hard.policy", "-"], input: applicant, in: root)
        #expect(evaluated.status == 0, "\(evaluated.err)")
    }

    @Test func evalAndTestReadAFileNamedTwiceOnce() throws {
        let folder = try unitsCopy()
        let root = folder + "/.."
        let applicant = #"{"applicant": "a", "as_of": "2025-06-30", "facts": {}}"#
        let once = try zhengce(["eval", "--format", "json", "--policies", "pol", "-"], input: applicant, in: root)
        let twice = try zhengce(["eval", "--format", "json", "--policies", "pol", "--policies", "pol/steps.policy", "-"], input: applicant, in: root)
        #expect(once.status == 0)
        #expect(twice.status == once.status, "\(twice.err)")
        #expect(twice.out == once.out)
        let tested = try zhengce(["test", "pol"], in: root)
        #expect(tested.status == 0)
        for (paths, directory) in [(["pol", "pol/steps.policy"], root), (["pol", "./pol/steps.examples.json"], root),
                                   (["pol/steps.policy", "./pol/steps.examples.json", "pol"], root), ([".", "steps.examples.json"], folder)] {
            let run = try zhengce(["test"] + paths, in: directory)
            #expect(run.status == 0, "test \(paths): \(run.out)")
            #expect(run.out.hasSuffix(tested.out.components(separatedBy: "\n").suffix(2).joined(separator: "\n")), "test \(paths): \(run.out)")
        }
    }
}
