import Foundation

/// Where the policies are when a command is not told: the one lookup every command uses, so that
/// `zhengce` runs from any folder once installed.
///
/// In order: the paths given on the command line; the folder the `ZHENGCE_POLICIES` environment
/// variable names; `policies/` in the working folder; the policies installed beside the
/// executable (`../share/zhengce/policies` from its own path). When none is there, the error
/// lists each place it looked and how to point it.
public struct PolicySearch: Sendable {
    public static let environmentVariable = "ZHENGCE_POLICIES"
    /// The folder looked for in the working folder.
    public static let workingFolder = "policies"
    /// Where an install puts the policies, relative to the folder that holds the executable.
    public static let installedFolder = "../share/zhengce/policies"

    public var environment: [String: String]
    /// The path the running executable was started from (symbolic links are followed as well).
    public var executable: String?
    public var workingDirectory: String

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                executable: String? = PolicySearch.currentExecutable(),
                workingDirectory: String = FileManager.default.currentDirectoryPath) {
        self.environment = environment
        self.executable = executable
        self.workingDirectory = workingDirectory
    }

    /// One place looked at, and what was found there.
    public struct Place: Sendable, Equatable {
        public var name: String
        public var path: String?
        public var finding: String
    }

    /// No policies anywhere: the places looked at, in order, and how to point to them.
    public struct NotFound: Error, Sendable, CustomStringConvertible {
        public var places: [Place]

        public var description: String {
            let width = places.map(\.name.count).max() ?? 0
            let lines = places.map { place in
                "  " + place.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + (place.path.map { "`\($0)`: " } ?? "") + place.finding
            }
            return "no policies found; looked in this order:\n" + lines.joined(separator: "\n") + "\n"
                + "help: name the policy files or their folder on the command line (`zhengce eval --policies PATH …`, "
                + "`zhengce check PATH`), set \(PolicySearch.environmentVariable)=PATH, run from a folder that holds "
                + "`\(PolicySearch.workingFolder)/`, or install them beside the executable (`scripts/install.sh PREFIX`)"
        }
    }

    /// The paths to load: `given` when there are any, else the first place that holds policies.
    /// A path found relative to the working folder is kept relative (`policies`), so messages
    /// and reports name files the way the person sees them.
    public func resolve(_ given: [String]) throws(NotFound) -> [String] {
        if !given.isEmpty { return given }
        var places = [Place(name: "command line", path: nil, finding: "no policy path given")]
        if let value = environment[Self.environmentVariable], !value.isEmpty {
            let finding = Self.finding(absolute(value))
            if finding == nil { return [value] }
            // A variable set on purpose that names nothing is a mistake, not a reason to look on.
            places.append(Place(name: Self.environmentVariable, path: value, finding: (finding ?? "") + "; correct or unset the variable"))
            throw NotFound(places: places)
        }
        places.append(Place(name: Self.environmentVariable, path: nil, finding: "not set"))
        let local = absolute(Self.workingFolder)
        if let finding = Self.finding(local) {
            places.append(Place(name: "working folder", path: local, finding: finding))
        } else {
            return [Self.workingFolder]
        }
        for candidate in installedCandidates() {
            if let finding = Self.finding(candidate) {
                places.append(Place(name: "installed", path: candidate, finding: finding))
            } else {
                return [candidate]
            }
        }
        if executable == nil { places.append(Place(name: "installed", path: nil, finding: "the executable's own path is unknown")) }
        throw NotFound(places: places)
    }

    /// `../share/zhengce/policies` beside the executable as started and, when that is a symbolic
    /// link, beside the file it points to.
    func installedCandidates() -> [String] {
        guard let executable else { return [] }
        let started = URL(fileURLWithPath: absolute(executable))
        var candidates: [String] = []
        for binary in [started, started.resolvingSymlinksInPath()] {
            let folder = binary.deletingLastPathComponent().appendingPathComponent(Self.installedFolder).standardizedFileURL.path
            if !candidates.contains(folder) { candidates.append(folder) }
        }
        return candidates
    }

    func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: workingDirectory).appendingPathComponent(path).standardizedFileURL.path
    }

    /// Nil when `path` is a policy file or a folder holding one; else what is wrong with it.
    static func finding(_ path: String) -> String? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return "does not exist" }
        guard isFolder.boolValue else { return path.hasSuffix(".policy") ? nil : "is not a folder or a `.policy` file" }
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: path) else { return "cannot be listed" }
        return entries.contains { $0.hasSuffix(".policy") } ? nil : "holds no `.policy` file"
    }

    /// The running executable's path: `/proc/self/exe` where there is one (it does not depend on
    /// how the program was started), else the first command-line argument.
    public static func currentExecutable() -> String? {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return Bundle.main.executablePath ?? CommandLine.arguments.first
    }
}
