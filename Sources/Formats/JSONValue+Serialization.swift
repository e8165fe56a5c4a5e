extension JSONValue {
    /// The compact JSON text of this value, with object members in their stored order.
    ///
    /// Strings escape `"`, `\` and control characters and keep other characters as UTF-8.
    var serialized: String {
        var text = ""
        append(to: &text)
        return text
    }

    private func append(to text: inout String) {
        switch self {
        case .null: text += "null"
        case let .bool(value): text += value ? "true" : "false"
        case let .number(literal): text += literal
        case let .string(value): Self.appendString(value, to: &text)
        case let .array(elements):
            text += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { text += "," }
                element.append(to: &text)
            }
            text += "]"
        case let .object(members):
            text += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { text += "," }
                Self.appendString(member.key, to: &text)
                text += ":"
                member.value.append(to: &text)
            }
            text += "}"
        }
    }

    private static func appendString(_ value: String, to text: inout String) {
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }

    /// Makes a number value of `value` in decimal.
    static func integer(_ value: Int) -> JSONValue { .number(String(value)) }

    /// Makes a number value that reads back as exactly `value`, which must be finite.
    static func float(_ value: Float) -> JSONValue {
        precondition(value.isFinite, "JSON has no literal for \(value)")
        return .number(value.description)
    }
}
