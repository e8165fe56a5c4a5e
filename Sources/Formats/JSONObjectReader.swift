/// Typed, checked access to the fields of one JSON object, for error messages that name them.
///
/// `context` is the object's path as the user sees it (`architecture.layers[2] (conv2d)`).
/// Every failure throws a `FormatError` for `file` naming the field and the expected value.
struct JSONObjectReader {
    let file: String
    let context: String
    private let members: [(key: String, value: JSONValue)]

    init(_ value: JSONValue, file: String, context: String) throws {
        self.file = file
        self.context = context
        guard case let .object(members) = value else {
            throw FormatError(file: file, message: "\(context) is \(value.kindDescription), "
                              + "expected an object")
        }
        self.members = members
    }

    /// Makes an error about this object, or about `field` in it when given.
    func failure(_ message: String, field: String? = nil) -> FormatError {
        let location = field.map { "\(context).\($0)" } ?? context
        return FormatError(file: file, message: "\(location): \(message)")
    }

    func value(_ key: String) -> JSONValue? {
        members.first { $0.key == key }?.value
    }

    /// Rejects any field not in `allowed`, so that a misspelt optional field is not ignored.
    func rejectUnknownFields(allowed: [String]) throws {
        for (key, _) in members where !allowed.contains(key) {
            throw failure("unknown field \"\(key)\", expected only "
                          + allowed.joined(separator: ", "))
        }
    }

    func string(_ key: String) throws -> String {
        guard let value = value(key) else { throw missing(key, expected: "a string") }
        guard let text = value.stringValue else {
            throw failure("is \(value.serializedPreview), expected a string", field: key)
        }
        return text
    }

    /// Reads an integer field of at least `minimum`, or `defaultValue` when it is absent.
    func integer(_ key: String, minimum: Int, default defaultValue: Int? = nil) throws -> Int {
        let expected = minimum == 1 ? "a positive integer" : "an integer ≥ \(minimum)"
        guard let value = value(key) else {
            if let defaultValue { return defaultValue }
            throw missing(key, expected: expected)
        }
        guard let number = value.intValue, number >= minimum else {
            throw failure("is \(value.serializedPreview), expected \(expected)", field: key)
        }
        return number
    }

    /// Reads a number that rounds to a finite `Float`, above `exclusiveMinimum` when given.
    func float(_ key: String, above exclusiveMinimum: Float? = nil) throws -> Float {
        let expected = exclusiveMinimum.map { "a number > \($0)" } ?? "a finite number"
        guard let value = value(key) else { throw missing(key, expected: expected) }
        guard let number = value.floatValue, number > (exclusiveMinimum ?? -.infinity) else {
            throw failure("is \(value.serializedPreview), expected \(expected)", field: key)
        }
        return number
    }

    /// Reads a `true` or `false` field, or `defaultValue` when it is absent.
    func boolean(_ key: String, default defaultValue: Bool) throws -> Bool {
        guard let value = value(key) else { return defaultValue }
        guard case let .bool(flag) = value else {
            throw failure("is \(value.serializedPreview), expected true or false", field: key)
        }
        return flag
    }

    func array(_ key: String) throws -> [JSONValue] {
        guard let value = value(key) else { throw missing(key, expected: "an array") }
        guard case let .array(elements) = value else {
            throw failure("is \(value.serializedPreview), expected an array", field: key)
        }
        return elements
    }

    private func missing(_ key: String, expected: String) -> FormatError {
        failure("missing field \"\(key)\", expected \(expected)")
    }
}

extension JSONValue {
    /// The value's JSON text, cut to 40 characters, for quoting in error messages.
    var serializedPreview: String {
        let text = serialized
        return text.count <= 40 ? text : String(text.prefix(37)) + "..."
    }
}
