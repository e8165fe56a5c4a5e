/// A parsed JSON value that keeps object key order and the exact text of numbers.
///
/// Numbers stay text until a reader asks for `Int`, `Float` or `Double`, so that integers
/// larger than 2^53 are never rounded and a float field reads exactly the value written.
enum JSONValue: Equatable {
    case null
    case bool(Bool)
    /// The number's literal text, already checked against the JSON number grammar.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in file order. `JSONParser` rejects duplicate keys.
    case object([(key: String, value: JSONValue)])

    static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count
                && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// The value of `key` when this is an object that has it.
    subscript(key: String) -> JSONValue? {
        guard case let .object(members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The integer value, when the literal is an integer that fits in `Int`.
    ///
    /// Literals with a fraction or exponent (`3.0`, `3e0`) are not integers here.
    var intValue: Int? {
        guard case let .number(text) = self else { return nil }
        return Int(text)
    }

    /// The value rounded once to the nearest `Float`, or nil when that is not finite.
    var floatValue: Float? {
        guard case let .number(text) = self, let value = Float(text), value.isFinite else {
            return nil
        }
        return value
    }

    var stringValue: String? {
        guard case let .string(text) = self else { return nil }
        return text
    }

    /// A short name of the value's kind for error messages, such as "a string".
    var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
