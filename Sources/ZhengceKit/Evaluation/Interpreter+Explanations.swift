import Foundation

/// How a trace shows an expression: its source text, the facts it read with their values, and the
/// part of a failed condition that failed.
extension Interpreter {
    // MARK: Explanations

    /// The expression as written, on one line.
    func source(_ node: ExprNode) -> String {
        let text = node.span.file.map { $0.slice(node.span) } ?? "…"
        return text.split(whereSeparator: { $0 == "\n" || $0 == " " }).joined(separator: " ")
    }

    func source(_ file: SourceFile?, _ span: Span, upTo marker: String) -> String {
        let text = file?.slice(span) ?? ""
        return text.components(separatedBy: marker).first?.trimmingCharacters(in: .whitespaces) ?? text
    }

    /// The facts an expression reads, with their values: ` (premium = 12.00万元)`.
    mutating func valuesNote(_ node: ExprNode) -> String {
        var names: [String] = []
        collectNames(node, &names)
        var parts: [String] = []
        for name in names where !parts.contains(where: { $0.hasPrefix(name + " =") }) {
            let saved = trace
            if let value = try? evaluateNamePath(name) { parts.append("\(name) = \(value.display)") }
            trace = saved
        }
        return parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
    }

    mutating func evaluateNamePath(_ path: String) throws -> Value {
        let pieces = path.split(separator: ".").map(String.init)
        var value = try lookup(pieces[0], Located(.name(pieces[0]), .none))
        for piece in pieces.dropFirst() {
            guard case .record(let record) = value, let next = record.fields[piece] else { throw MissingFacts(paths: [path]) }
            value = next
        }
        if case .record = value { throw MissingFacts(paths: [path]) }
        if case .list = value { throw MissingFacts(paths: [path]) }
        return value
    }

    func collectNames(_ node: ExprNode, _ names: inout [String]) {
        switch node.value {
        case .name(let name):
            if !names.contains(name) { names.append(name) }
        case .field:
            if let path = fieldPath(node), !names.contains(path) { names.append(path) }
        case .binary(_, let a, let b):
            collectNames(a, &names); collectNames(b, &names)
        case .not(let a), .negate(let a), .presence(let a, _):
            collectNames(a, &names)
        case .conditional(let a, let b, let c):
            collectNames(a, &names); collectNames(b, &names); collectNames(c, &names)
        case .call(_, let arguments):
            for argument in arguments { collectNames(argument, &names) }
        case .membership(let a, let b, _):
            collectNames(a, &names); collectNames(b, &names)
        case .brackets(let subject, _, _):
            collectNames(subject, &names)
        default: break
        }
    }

    func fieldPath(_ node: ExprNode) -> String? {
        switch node.value {
        case .name(let name): return name
        case .field(let base, let name): return fieldPath(base).map { "\($0).\(name)" }
        default: return nil
        }
    }

    /// Names the part of a failed condition that failed: the first false conjunct, with its values.
    mutating func explainFailure(_ condition: Condition) -> String {
        var conjuncts: [ExprNode] = []
        flattenAnd(condition.expression, &conjuncts)
        for conjunct in conjuncts {
            if let value = try? truth(conjunct), !value {
                let label = condition.label.map { "\($0): " } ?? ""
                return "\(label)`\(source(conjunct))` is false\(valuesNote(conjunct))"
            }
        }
        return "`\(source(condition.expression))` is false\(valuesNote(condition.expression))"
    }

    func flattenAnd(_ node: ExprNode, _ into: inout [ExprNode]) {
        if case .binary(.and, let a, let b) = node.value {
            flattenAnd(a, &into)
            flattenAnd(b, &into)
        } else {
            into.append(node)
        }
    }
}
