import Foundation
import Numerics
import XCTest

@testable import Formats

/// Reads a file written by the Python safetensors library, version 0.8.0, with
/// `safetensors.numpy.save_file(state, path, metadata={"architecture": json.dumps(arch)})`.
///
/// In this file the library put the I64 tensor first and the F32 tensors in name order, and
/// `json.dumps` put spaces after separators, so its layout differs from `ModelFile.write`'s.
final class ReferenceFileTests: XCTestCase {
    /// The file's bytes in base64. It contains an I64 scalar `steps` besides the model's tensors.
    private let referenceFile = [
        "AAMAAAAAAAB7Il9fbWV0YWRhdGFfXyI6eyJhcmNoaXRlY3R1cmUiOiJ7XCJmb3JtYXRcIjogXCJsYW5kc2NhcGUt",
        "bW9kZWxcIiwgXCJ2ZXJzaW9uXCI6IDEsIFwiaW5wdXRcIjoge1wic2hhcGVcIjogWzEsIDQsIDRdLCBcIm1lYW5c",
        "IjogMC4yODYsIFwic3RkXCI6IDAuMzUzfSwgXCJsYXllcnNcIjogW3tcInR5cGVcIjogXCJjb252MmRcIiwgXCJu",
        "YW1lXCI6IFwiYzFcIiwgXCJpbl9jaGFubmVsc1wiOiAxLCBcIm91dF9jaGFubmVsc1wiOiAyLCBcImtlcm5lbFwi",
        "OiAzLCBcInBhZGRpbmdcIjogMX0sIHtcInR5cGVcIjogXCJyZWx1XCJ9LCB7XCJ0eXBlXCI6IFwibWF4cG9vbFwi",
        "LCBcImtlcm5lbFwiOiAyfSwge1widHlwZVwiOiBcImZsYXR0ZW5cIn0sIHtcInR5cGVcIjogXCJkZW5zZVwiLCBc",
        "Im5hbWVcIjogXCJmY1wiLCBcImluX2ZlYXR1cmVzXCI6IDgsIFwib3V0X2ZlYXR1cmVzXCI6IDN9XX0ifSwic3Rl",
        "cHMiOnsiZHR5cGUiOiJJNjQiLCJzaGFwZSI6W10sImRhdGFfb2Zmc2V0cyI6WzAsOF19LCJjMS5iaWFzIjp7ImR0",
        "eXBlIjoiRjMyIiwic2hhcGUiOlsyXSwiZGF0YV9vZmZzZXRzIjpbOCwxNl19LCJjMS53ZWlnaHQiOnsiZHR5cGUi",
        "OiJGMzIiLCJzaGFwZSI6WzIsMSwzLDNdLCJkYXRhX29mZnNldHMiOlsxNiw4OF19LCJmYy5iaWFzIjp7ImR0eXBl",
        "IjoiRjMyIiwic2hhcGUiOlszXSwiZGF0YV9vZmZzZXRzIjpbODgsMTAwXX0sImZjLndlaWdodCI6eyJkdHlwZSI6",
        "IkYzMiIsInNoYXBlIjpbMyw4XSwiZGF0YV9vZmZzZXRzIjpbMTAwLDE5Nl19fSAgICAHAAAAAAAAAAAAAD8AAIC+",
        "AAAAwAAA4L8AAMC/AACgvwAAgL8AAEC/AAAAvwAAgL4AAAAAAACAPgAAAD8AAEA/AACAPwAAoD8AAMA/AADgPwAA",
        "AEAAABBAAACAPwAAAEAAAEBAAAAAAAAAAD4AAIA+AADAPgAAAD8AACA/AABAPwAAYD8AAIA/AACQPwAAoD8AALA/",
        "AADAPwAA0D8AAOA/AADwPwAAAEAAAAhAAAAQQAAAGEAAACBAAAAoQAAAMEAAADhA",
    ].joined()

    func testReadsReferenceLibraryFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let bytes = try XCTUnwrap(Data(base64Encoded: referenceFile))
        let path = try folder.write(Array(bytes), to: "reference.safetensors")

        let model = try ModelFile.read(path: path)

        XCTAssertEqual(model.architecture.inputShape, [1, 4, 4])
        XCTAssertEqual(model.architecture.inputMean, 0.286)
        XCTAssertEqual(model.architecture.inputStd, 0.353)
        XCTAssertEqual(model.architecture.layers.count, 5)
        XCTAssertEqual(model.parameters.names, ["c1.weight", "c1.bias", "fc.weight", "fc.bias"])
        let convWeights = (0..<18).map { Float($0) / 4 - 2 }
        XCTAssertEqual(model.parameters["c1.weight"],
                       Tensor(shape: [2, 1, 3, 3], data: convWeights))
        XCTAssertEqual(model.parameters["c1.bias"], Tensor(shape: [2], data: [0.5, -0.25]))
        XCTAssertEqual(model.parameters["fc.weight"]?.data, (0..<24).map { Float($0) / 8 })
        XCTAssertEqual(model.parameters["fc.bias"], Tensor(shape: [3], data: [1, 2, 3]))
    }

    func testReferenceFileTensorOrder() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let bytes = try XCTUnwrap(Data(base64Encoded: referenceFile))
        let path = try folder.write(Array(bytes), to: "reference.safetensors")

        XCTAssertThrowsError(try Safetensors.read(path: path)) {
            XCTAssertEqual(($0 as? FormatError)?.message, "tensor steps has dtype I64, expected "
                           + "one of F32, F64, F16, BF16")
        }
        let header = try Safetensors.readHeader(path: path)
        XCTAssertEqual(header.entries.map(\.name),
                       ["steps", "c1.bias", "c1.weight", "fc.bias", "fc.weight"])
    }
}
