import Formats
import Foundation
import Numerics
import XCTest

/// The repository's sample models and the Fashion-MNIST files, for tests on real data.
enum EngineTestData {
    /// The repository root, three levels above this file.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// Returns the first `count` samples of a Fashion-MNIST split, or skips the test when
    /// the dataset is not installed.
    static func split(_ spec: String, count: Int) throws -> Dataset {
        let folder = DatasetSpec.defaultDataDirectory
        guard FileManager.default.fileExists(atPath: folder) else {
            throw XCTSkip("needs the Fashion-MNIST files in \(folder)")
        }
        return try DatasetSpec.load(spec).prefix(count)
    }
}
