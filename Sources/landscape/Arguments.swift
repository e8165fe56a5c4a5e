/// A command-line mistake: printed as one line that points to `--help`, exit status 1.
struct UsageError: Error, CustomStringConvertible {
    let description: String
}

/// Parsed options of one subcommand: `--name value`, `--name=value`, flags and positionals.
///
/// A value may start with `-` (as in `--x -1:1:51`), because every option is known to take
/// a value or not before parsing.
struct Arguments {
    private(set) var positionals: [String] = []
    private var values: [String: String] = [:]
    private var flags: Set<String> = []

    init(_ arguments: [String], valued: Set<String>, flags known: Set<String> = []) throws {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--"), argument.count > 2 else {
                positionals.append(argument)
                continue
            }
            let body = argument.dropFirst(2)
            if let equals = body.firstIndex(of: "=") {
                let name = String(body[..<equals])
                guard valued.contains(name) else { throw unknown(name, valued, known) }
                values[name] = String(body[body.index(after: equals)...])
            } else if valued.contains(String(body)) {
                guard index < arguments.count else {
                    throw UsageError(description: "option --\(body) needs a value")
                }
                values[String(body)] = arguments[index]
                index += 1
            } else if known.contains(String(body)) {
                flags.insert(String(body))
            } else {
                throw unknown(String(body), valued, known)
            }
        }
    }

    func has(_ flag: String) -> Bool { flags.contains(flag) }

    func string(_ name: String) -> String? { values[name] }

    func int(_ name: String, default fallback: Int, minimum: Int = 1) throws -> Int {
        guard let text = values[name] else { return fallback }
        guard let value = Int(text), value >= minimum else {
            throw UsageError(description:
                "invalid --\(name) '\(text)': expected an integer of at least \(minimum)")
        }
        return value
    }

    func seed(_ name: String, default fallback: UInt64) throws -> UInt64 {
        guard let text = values[name] else { return fallback }
        guard let value = UInt64(text) else {
            throw UsageError(description:
                "invalid --\(name) '\(text)': expected a non-negative integer")
        }
        return value
    }

    /// Returns a finite float option, checked against `range`.
    func float(_ name: String, default fallback: Float,
               in range: ClosedRange<Float>, expected: String) throws -> Float {
        guard let text = values[name] else { return fallback }
        guard let value = Float(text), value.isFinite, range.contains(value) else {
            throw UsageError(description: "invalid --\(name) '\(text)': expected \(expected)")
        }
        return value
    }

    /// Rejects extra positional arguments beyond `count`.
    func expectPositionals(atMost count: Int, usage: String) throws {
        if positionals.count > count {
            throw UsageError(description:
                "unexpected argument '\(positionals[count])'; usage: \(usage)")
        }
    }

    private func unknown(_ name: String, _ valued: Set<String>,
                         _ flags: Set<String>) -> UsageError {
        let all = (valued.union(flags)).sorted().map { "--\($0)" }.joined(separator: ", ")
        return UsageError(description: "unknown option --\(name); known options: \(all)")
    }
}
