/// Reading the parts of protocol messages the server needs.
extension JSONNode {
    var string: String? { if case .string(let text) = value { return text } else { return nil } }
    var int: Int? { if case .number(let text) = value { return Int(text) } else { return nil } }
    var bool: Bool? { if case .bool(let flag) = value { return flag } else { return nil } }
    var array: [JSONNode]? { if case .array(let items) = value { return items } else { return nil } }

    /// The node at a path of object keys.
    func at(_ keys: String...) -> JSONNode? {
        var node: JSONNode? = self
        for key in keys { node = node?[key] }
        return node
    }

    /// A request id as it must be echoed back: a number or a string.
    var echoed: JSONOut? {
        switch value {
        case .number(let text): return .raw(text)
        case .string(let text): return .string(text)
        default: return nil
        }
    }

    /// `{line, character}`.
    var position: LSPPosition? {
        guard let line = self["line"]?.int, let character = self["character"]?.int else { return nil }
        return LSPPosition(line: line, character: character)
    }
}

/// JSON-RPC error codes the server answers with.
enum RPCError: Int {
    case parseError = -32700
    case invalidRequest = -32600
    case methodNotFound = -32601
    case invalidParams = -32602
}

/// Building protocol messages.
enum RPC {
    static func response(_ id: JSONOut, _ result: JSONOut) -> JSONOut {
        .object([("jsonrpc", .string("2.0")), ("id", id), ("result", result)])
    }

    static func error(_ id: JSONOut, _ code: RPCError, _ message: String) -> JSONOut {
        .object([("jsonrpc", .string("2.0")), ("id", id), ("error", .object([("code", .int(code.rawValue)), ("message", .string(message))]))])
    }

    static func notification(_ method: String, _ params: JSONOut) -> JSONOut {
        .object([("jsonrpc", .string("2.0")), ("method", .string(method)), ("params", params)])
    }

    static func location(_ span: Span, uri: (String) -> String) -> JSONOut {
        .object([("uri", .string(uri(span.file?.path ?? ""))), ("range", span.lspRange)])
    }

    static func textEdit(_ span: Span, _ text: String) -> JSONOut {
        .object([("range", span.lspRange), ("newText", .string(text))])
    }

    static func markdown(_ text: String) -> JSONOut {
        .object([("kind", .string("markdown")), ("value", .string(text))])
    }
}
