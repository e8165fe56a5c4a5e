import Engine
import Foundation
import Formats
import Numerics
import XCTest

/// The committed sample models and the Fashion-MNIST test split, for tests on real files.
enum SampleFiles {
    /// The repository root, three levels above this file.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    static let models = root + "/sample-models"
    static let checkpoints = models + "/cnn-b128-wd0-checkpoints"

    /// Loads sample model `name` (without extension).
    static func model(_ name: String) throws -> LoadedModel {
        try LoadedModel(path: "\(models)/\(name).safetensors")
    }

    /// Returns the first `count` test images, or skips the test when the split is missing.
    static func testSamples(_ count: Int) throws -> Dataset {
        let images = DatasetSpec.defaultDataDirectory + "/t10k-images-idx3-ubyte.gz"
        guard FileManager.default.fileExists(atPath: images) else {
            throw XCTSkip("needs \(images)")
        }
        return try DatasetSpec.load("fashion-mnist:test").prefix(count)
    }
}
