@testable import ZhengceKit

/// One fixture document of `Fixtures/policies/units/` (`steps`, `quantities`, `yearly`),
/// loaded on its own; it must check clean.
func mechanicsProgram(_ name: String) -> Program {
    let loaded = try! Zhengce.load(paths: [fixturePolicies + "/units/\(name).policy"])
    precondition(loaded.program != nil, "\(name).policy must check clean: \(loaded.diagnostics.map { DiagnosticRenderer.text($0) })")
    return loaded.program!
}
