import Formats
import Foundation
import Numerics
import XCTest

/// A model that scores another number of classes than the data has is rejected, not
/// evaluated against labels it does not fit.
final class ClassCountTests: XCTestCase {
    private var scratch: ScratchFolder!
    private var model = ""

    override func setUpWithError() throws {
        try Landscape.requireSampleData()
        scratch = try ScratchFolder()
        let architecture = Architecture(
            inputShape: [1, 28, 28], inputMean: 0.286, inputStd: 0.353,
            layers: [.flatten, .dense(name: "fc", inputs: 784, outputs: 12)])
        let network = try Network(architecture: architecture)
        model = scratch.file("twelve.safetensors")
        try ModelFile.write(Model(architecture: architecture,
                                  parameters: network.initialParameters(seed: 3)), to: model)
    }

    private var expected: String {
        "landscape: \(model): the network outputs 12 class scores, but fashion-mnist:test "
            + "has 10 classes\n"
    }

    func testInfoRejectsTwelveClasses() throws {
        let result = try Landscape.run(["info", model, "--data", "fashion-mnist:test"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.err, expected)
    }

    func testSurfaceRejectsTwelveClasses() throws {
        let out = scratch.file("surface.csv")
        let result = try Landscape.run(["surface", model, "--x", "0:0:1", "--y", "0:0:1",
                                        "--out", out])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.err, expected)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }
}
