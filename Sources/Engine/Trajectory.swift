import Foundation
import Formats
import Numerics

/// The checkpoints of one training run, read from a folder, in file-name order.
///
/// The last file is the final model θ_T, the centre of a trajectory plot.
public struct Trajectory {
    /// The folder as the caller gave it.
    public let folder: String
    /// The file names (without the folder), sorted.
    public let names: [String]
    /// The models, in the order of `names`.
    public let models: [Model]

    /// Reads every `.safetensors` file in `folder`.
    ///
    /// - Throws: `FormatError` when the folder cannot be listed, contains fewer than three
    ///   `.safetensors` files, a file is not a valid model, or a file's architecture differs
    ///   from the first file's (the error names the odd file).
    public init(folder: String) throws {
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw FormatError(file: folder, message: "cannot list the folder, expected a "
                              + "folder of checkpoint .safetensors files")
        }
        let names = entries.filter { $0.hasSuffix(".safetensors") }.sorted()
        guard names.count >= 3 else {
            throw FormatError(file: folder, message: "contains \(names.count) .safetensors "
                              + "files, expected at least 3 checkpoints of one run")
        }
        let first = try ModelFile.read(path: Self.path(folder, names[0]))
        var models = [first]
        for name in names.dropFirst() {
            let path = Self.path(folder, name)
            let model = try ModelFile.read(path: path)
            guard model.architecture == first.architecture else {
                throw FormatError(file: path, message: "architecture differs from that of "
                                  + "\(names[0]), expected every checkpoint in the folder to "
                                  + "share one architecture")
            }
            models.append(model)
        }
        self.folder = folder
        self.names = names
        self.models = models
    }

    /// The path of the final model θ_T.
    public var finalPath: String { Self.path(folder, names.last!) }

    private static func path(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}
