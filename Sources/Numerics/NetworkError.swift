/// An architecture or a parameter set that a `Network` cannot run, with a finished message
/// that names the layer or tensor and what was expected.
public struct NetworkError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
