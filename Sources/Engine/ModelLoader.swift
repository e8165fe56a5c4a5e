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

    /// The file name without folders and extension, for titles.
    public var displayName: String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return file.hasSuffix(".safetensors") ? String(file.dropLast(12)) : file
    }
}
