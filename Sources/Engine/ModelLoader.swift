import Formats
import Numerics

/// A model file read from disk together with the network that runs it.
public struct LoadedModel {
    public let path: String
    public let model: Model
    public let network: Network

    /// Reads `path` and checks that its layers chain.
    ///
    /// - Throws: `FormatError` naming the file, for unreadable files and for architectures
    ///   whose layer shapes do not fit together.
    public init(path: String) throws {
        let model = try ModelFile.read(path: path)
        do {
            network = try Network(architecture: model.architecture)
        } catch let error as NetworkError {
            throw FormatError(file: path, message: "architecture: \(error.description)")
        }
        self.path = path
        self.model = model
    }

    /// Fails unless the network scores as many classes as `data` has, so that a model cut
    /// short or made for other data is not evaluated as if it fitted.
    ///
    /// - Throws: `FormatError` naming the file, both counts and the data.
    public func check(fits data: Dataset, named spec: String) throws {
        guard network.classCount != data.classCount else { return }
        throw FormatError(file: path, message: "the network outputs \(network.classCount) "
                          + "class scores, but \(spec) has \(data.classCount) classes")
    }

    /// The file name without folders and extension, for titles.
    public var displayName: String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return file.hasSuffix(".safetensors") ? String(file.dropLast(12)) : file
    }
}
