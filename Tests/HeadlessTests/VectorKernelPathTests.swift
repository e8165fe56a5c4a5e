import Foundation
import XCTest

/// The vector kernels against the OpenBLAS path they replace, through the real binary on the
/// bundled models: `LANDSCAPE_VECTOR_KERNELS=off` turns them off.
final class VectorKernelPathTests: XCTestCase {
    override func setUpWithError() throws {
        try Landscape.requireSampleData()
    }

    /// Returns the loss, accuracy and convolution path `landscape info` prints for `model` on
    /// 500 test images.
    private func evaluation(_ model: String,
                            kernels: String) throws -> (loss: Double, accuracy: String,
                                                        path: String) {
        let result = try Landscape.run(
            ["info", model, "--data", "fashion-mnist:test", "--samples", "500"],
            environment: ["LANDSCAPE_VECTOR_KERNELS": kernels])
        XCTAssertEqual(result.status, 0, result.err)
        let lines = result.out.split(separator: "\n")
        let line = lines.first { $0.hasPrefix("loss ") }
        let fields = try XCTUnwrap(line, "no loss line in: \(result.out)")
            .split(separator: " ")
        let loss = try XCTUnwrap(Double(fields[1]))
        let path = try XCTUnwrap(lines.first { $0.hasPrefix("convolutions: ") },
                                 "no convolutions line in: \(result.out)")
        return (loss, String(fields[3]), String(path))
    }

    func testEverySampleModelMatchesBLASPath() throws {
        let onThisMachine = try evaluation(Landscape.model, kernels: "on").path
        try XCTSkipUnless(onThisMachine.contains("vector kernels"),
                          "this processor runs the BLAS path only: \(onThisMachine)")
        let folder = Landscape.root + "/sample-models"
        let models = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasSuffix(".safetensors") }.sorted()
        XCTAssertGreaterThanOrEqual(models.count, 6)
        for name in models {
            let model = folder + "/" + name
            let vector = try evaluation(model, kernels: "on")
            let blas = try evaluation(model, kernels: "off")
            XCTAssertEqual(blas.path,
                           "convolutions: im2col and OpenBLAS (LANDSCAPE_VECTOR_KERNELS=off)")
            // info prints six decimals; both paths round float32 sums in different orders,
            // which moves a mean loss near 0.3 by about 1e-7.
            XCTAssertEqual(vector.loss, blas.loss, accuracy: 2e-6, name)
            XCTAssertEqual(vector.accuracy, blas.accuracy, name)
        }
    }
}
