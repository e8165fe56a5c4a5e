import Engine
import Formats
import Foundation
import Numerics
import XCTest

/// The committed sample models and the Fashion-MNIST test split, for engine tests.
enum SampleFixtures {
    /// The repository's `sample-models` folder, found from this file's path.
    static let modelFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("sample-models").path

    /// Loads the sample model `name`, such as `cnn-b128-wd0`.
    static func model(_ name: String) throws -> LoadedModel {
        try LoadedModel(path: "\(modelFolder)/\(name).safetensors")
    }

    /// Returns the first `count` Fashion-MNIST test images, or skips the test when the
    /// Debian package dataset-fashion-mnist is not installed.
    static func testImages(_ count: Int) throws -> Dataset {
        let folder = DatasetSpec.defaultDataDirectory
        guard FileManager.default.fileExists(atPath: folder) else {
            throw XCTSkip("\(folder) not found, so install dataset-fashion-mnist to run this test")
        }
        return try DatasetSpec.load("fashion-mnist:test").prefix(count)
    }
}
