import Numerics
import XCTest

@testable import Formats

final class SafetensorsTests: XCTestCase {
    private var folder: TemporaryFolder!

    override func setUpWithError() throws {
        folder = try TemporaryFolder()
    }

    override func tearDown() {
        folder.remove()
    }

    private func sampleTensors() -> Parameters {
        var generator = SeededGenerator(seed: 7)
        return Parameters([
            ("z.weight", Tensor(shape: [3, 2], data: generator.gaussians(count: 6))),
            ("a.bias", Tensor(shape: [3], data: [.infinity, -0.0, .leastNonzeroMagnitude])),
            ("m.scalar", Tensor(shape: [], data: [42])),
            ("empty", Tensor(shape: [0, 4], data: [])),
        ])
    }

    func testRoundTrip() throws {
        let path = "\(folder.path)/tensors.safetensors"
        let tensors = sampleTensors()
        let metadata = ["command": "landscape train --seed 1", "quote": "a \"b\"\n\u{1}ü"]

        try Safetensors.write(tensors, metadata: metadata, to: path)
        let read = try Safetensors.read(path: path)

        XCTAssertEqual(read.tensors, tensors)
        XCTAssertEqual(read.tensors.names, ["z.weight", "a.bias", "m.scalar", "empty"])
        XCTAssertEqual(read.metadata, metadata)
    }

    func testRoundTripKeepsNaN() throws {
        let path = "\(folder.path)/nan.safetensors"
        try Safetensors.write(Parameters([("x", Tensor(shape: [1], data: [.nan]))]),
                              metadata: [:], to: path)
        let value = try XCTUnwrap(Safetensors.read(path: path).tensors["x"]?.data.first)
        XCTAssertTrue(value.isNaN)
    }

    func testWriteLayout() throws {
        let path = "\(folder.path)/layout.safetensors"
        try Safetensors.write(sampleTensors(), metadata: ["k": "v"], to: path)
        let bytes = try BinaryFile.read(path: path)

        let length = bytes[0..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
        XCTAssertEqual(length % 8, 0, "header padded to a multiple of 8")
        XCTAssertEqual(bytes.count, 8 + length + 4 * 10)
        let header = String(decoding: bytes[8..<(8 + length)], as: UTF8.self)
        XCTAssertTrue(header.hasPrefix("{\"__metadata__\":{\"k\":\"v\"},\"z.weight\":"), header)
        XCTAssertTrue(header.contains("\"empty\":{\"dtype\":\"F32\",\"shape\":[0,4],"
                                      + "\"data_offsets\":[40,40]}"), header)
    }

    func testWriteIsAtomic() throws {
        let path = "\(folder.path)/model.safetensors"
        try folder.write([1, 2, 3], to: "model.safetensors")

        try Safetensors.write(sampleTensors(), metadata: [:], to: path)

        XCTAssertEqual(try folder.contents(), ["model.safetensors"])
        XCTAssertEqual(try Safetensors.read(path: path).tensors, sampleTensors())
    }

    func testWriteToMissingFolder() throws {
        let path = "\(folder.path)/absent/model.safetensors"
        XCTAssertThrowsError(try Safetensors.write(sampleTensors(), metadata: [:], to: path)) {
            let error = $0 as? FormatError
            XCTAssertEqual(error?.file, path)
            XCTAssertEqual(error?.message, "cannot create the file: the folder was not found")
        }
        XCTAssertEqual(try folder.contents(), [])
    }

    func testWriteRejectsReservedName() throws {
        let path = "\(folder.path)/bad.safetensors"
        let tensors = Parameters([("__metadata__", Tensor(shape: [1], data: [1]))])
        XCTAssertThrowsError(try Safetensors.write(tensors, metadata: [:], to: path)) {
            XCTAssertTrue(($0 as? FormatError)?.message.contains("__metadata__") == true)
        }
    }

    /// A file built byte by byte: header order differs from data order, and every float
    /// dtype converts.
    func testHandBuiltFile() throws {
        let header = """
            {"second":{"dtype":"F16","shape":[2],"data_offsets":[8,12]},\
            "first":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},\
            "__metadata__":{"format":"pt"},\
            "third":{"dtype":"BF16","shape":[1,1],"data_offsets":[12,14]},\
            "fourth":{"dtype":"F64","shape":[1],"data_offsets":[14,22]}}
            """
        let data: [UInt8] = [
            0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x20, 0xC0,  // F32 1.0, -2.5
            0x00, 0x3E, 0x01, 0x00,  // F16 1.5, 2^-24 (smallest subnormal)
            0x00, 0xC0,  // BF16 -2.0
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xD0, 0x3F,  // F64 0.25
        ]
        let path = try folder.write(safetensorsFile(header: header, data: data), to: "hand.st")

        let read = try Safetensors.read(path: path)

        XCTAssertEqual(read.tensors.names, ["first", "second", "third", "fourth"])
        XCTAssertEqual(read.tensors["first"], Tensor(shape: [2], data: [1, -2.5]))
        XCTAssertEqual(read.tensors["second"], Tensor(shape: [2], data: [1.5, 0x1p-24]))
        XCTAssertEqual(read.tensors["third"], Tensor(shape: [1, 1], data: [-2]))
        XCTAssertEqual(read.tensors["fourth"], Tensor(shape: [1], data: [0.25]))
        XCTAssertEqual(read.metadata, ["format": "pt"])
    }

    func testHeaderWithEscapesAndPadding() throws {
        let header = #"{"na\u00efve\/x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}   "#
        let path = try folder.write(safetensorsFile(header: header, data: float32Bytes([3])),
                                    to: "escapes.st")
        XCTAssertEqual(try Safetensors.read(path: path).tensors.names, ["naïve/x"])
    }

    func testReadMetadataOnly() throws {
        let path = "\(folder.path)/meta.safetensors"
        try Safetensors.write(sampleTensors(), metadata: ["epochs": "3"], to: path)
        XCTAssertEqual(try ModelFile.readMetadata(path: path), ["epochs": "3"])
    }

    func testReadMetadataErrors() throws {
        let header = #"{"__metadata__":{"a":"b"}}"#
        let cases = [
            ErrorCase(name: "missing", bytes: nil, expected: "not found"),
            ErrorCase(name: "empty", bytes: [], expected: "file is empty"),
            ErrorCase(name: "short", bytes: [1, 2, 3], expected: "file has 3 bytes"),
            ErrorCase(name: "huge", bytes: safetensorsFile(header: header, declaredLength: 1 << 40),
                      expected: "header length 1099511627776 bytes exceeds the 100 MB limit"),
            ErrorCase(name: "negative", bytes: safetensorsFile(header: header,
                                                               declaredLength: UInt64.max),
                      expected: "header length 18446744073709551615 bytes exceeds"),
            ErrorCase(name: "truncated", bytes: Array(safetensorsFile(header: header).dropLast()),
                      expected: "header length 26 bytes is larger than the rest of the file "
                        + "(25 bytes)"),
            ErrorCase(name: "bad-metadata",
                      bytes: safetensorsFile(header: #"{"__metadata__":{"a":1}}"#),
                      expected: "__metadata__.a is a number, expected a string"),
        ]
        try assertErrors(cases, in: folder) { _ = try ModelFile.readMetadata(path: $0) }
    }

    func testErrors() throws {
        let oneTensor = #"{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#
        let twoTensors = #"{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"#
            + #""y":{"dtype":"F32","shape":[1],"data_offsets":[OFFSETS]}}"#
        let twoFloats = float32Bytes([1, 2])
        let oneTensorWith = { (target: String, replacement: String) in
            oneTensor.replacingOccurrences(of: target, with: replacement)
        }
        let twoTensorsWith = { (target: String, replacement: String) in
            twoTensors.replacingOccurrences(of: target, with: replacement)
        }
        let cases = [
            ErrorCase(name: "missing", bytes: nil, expected: "not found"),
            ErrorCase(name: "empty", bytes: [], expected: "file is empty, expected a safetensors"),
            ErrorCase(name: "short", bytes: [1, 0, 0, 0, 0],
                      expected: "file has 5 bytes, too short for the 8-byte header length"),
            ErrorCase(name: "length-past-end",
                      bytes: safetensorsFile(header: oneTensor, data: twoFloats,
                                             declaredLength: 500),
                      expected: "header length 500 bytes is larger than the rest of the file "
                        + "(62 bytes)"),
            ErrorCase(name: "length-huge",
                      bytes: safetensorsFile(header: oneTensor, declaredLength: 200_000_000),
                      expected: "header length 200000000 bytes exceeds the 100 MB limit"),
            ErrorCase(name: "length-max",
                      bytes: safetensorsFile(header: oneTensor, declaredLength: UInt64.max),
                      expected: "exceeds the 100 MB limit"),
            ErrorCase(name: "not-json", bytes: safetensorsFile(header: "{\"x\": nope}"),
                      expected: "header is not valid JSON: invalid literal, expected 'null' "
                        + "at byte 6"),
            ErrorCase(name: "trailing-comma",
                      bytes: safetensorsFile(header: #"{"a":{},}"#),
                      expected: "header is not valid JSON: expected a string key"),
            ErrorCase(name: "duplicate", bytes: safetensorsFile(header: #"{"a":1,"a":2}"#),
                      expected: "header is not valid JSON: duplicate key \"a\""),
            ErrorCase(name: "deep",
                      bytes: safetensorsFile(header: String(repeating: "[", count: 100_000)),
                      expected: "nesting deeper than 64 levels"),
            ErrorCase(name: "array", bytes: safetensorsFile(header: "[1]"),
                      expected: "header is an array, expected a JSON object"),
            ErrorCase(name: "bad-utf8",
                      bytes: littleEndian(6, count: 8) + [0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x7D],
                      expected: "string is not valid UTF-8"),
            ErrorCase(name: "entry-not-object", bytes: safetensorsFile(header: #"{"x":[1]}"#),
                      expected: "tensor x: header entry is an array, expected an object"),
            ErrorCase(name: "no-dtype",
                      bytes: safetensorsFile(header: #"{"x":{"shape":[],"data_offsets":[0,0]}}"#),
                      expected: "tensor x: missing field \"dtype\""),
            ErrorCase(name: "dtype-number",
                      bytes: safetensorsFile(header: oneTensorWith("\"F32\"", "32")),
                      expected: "tensor x: dtype is a number, expected a string such as \"F32\""),
            ErrorCase(name: "unknown-dtype",
                      bytes: safetensorsFile(header: oneTensorWith("F32", "F12"),
                                             data: twoFloats),
                      expected: "tensor x: unknown dtype \"F12\", expected one of BOOL, U8"),
            ErrorCase(name: "no-shape",
                      bytes: safetensorsFile(
                          header: #"{"x":{"dtype":"F32","data_offsets":[0,0]}}"#),
                      expected: "tensor x: missing field \"shape\""),
            ErrorCase(name: "negative-shape",
                      bytes: safetensorsFile(header: oneTensorWith("[2]", "[-2]")),
                      expected: "tensor x: shape contains -2, expected integers from 0 "
                        + "to 2^63-1"),
            ErrorCase(name: "fraction-shape",
                      bytes: safetensorsFile(header: oneTensorWith("[2]", "[2.0]")),
                      expected: "tensor x: shape contains 2.0, expected integers from 0 "
                        + "to 2^63-1"),
            ErrorCase(name: "three-offsets",
                      bytes: safetensorsFile(header: oneTensorWith("[0,8]", "[0,4,8]")),
                      expected: "tensor x: data_offsets is [0, 4, 8], expected [begin, end]"),
            ErrorCase(name: "reversed-offsets",
                      bytes: safetensorsFile(header: oneTensorWith("[0,8]", "[8,0]")),
                      expected: "tensor x: data_offsets is [8, 0], expected [begin, end]"),
            ErrorCase(name: "truncated-data",
                      bytes: safetensorsFile(header: oneTensor, data: [0, 0, 0, 0, 0]),
                      expected: "tensor x: data_offsets [0, 8] end past the data section "
                        + "(5 bytes), so the file is truncated"),
            ErrorCase(name: "huge-offset",
                      bytes: safetensorsFile(header: oneTensorWith("[0,8]",
                                                                   "[0,99999999999999999999]"),
                                             data: twoFloats),
                      expected: "data_offsets contains 99999999999999999999, expected "
                        + "integers from 0 to 2^63-1"),
            ErrorCase(name: "size-mismatch",
                      bytes: safetensorsFile(header: oneTensorWith("[2]", "[3]"),
                                             data: twoFloats),
                      expected: "tensor x: data_offsets [0, 8] span 8 bytes, expected 12 for "
                        + "F32 of shape [3]"),
            ErrorCase(name: "shape-overflow",
                      bytes: safetensorsFile(header: oneTensorWith("[2]",
                                                                   "[4294967296,4294967296]"),
                                             data: twoFloats),
                      expected: "expected more than 2^63 for F32 of shape [4294967296, "
                        + "4294967296]"),
            ErrorCase(name: "gap",
                      bytes: safetensorsFile(header: twoTensorsWith("OFFSETS", "8,12"),
                                             data: float32Bytes([1, 2, 3])),
                      expected: "tensor y: data_offsets [8, 12] leaves a gap after the end of "
                        + "tensor x (byte 4)"),
            ErrorCase(name: "overlap",
                      bytes: safetensorsFile(header: twoTensorsWith("OFFSETS", "0,4"),
                                             data: float32Bytes([1])),
                      expected: "data_offsets [0, 4] overlaps the end of tensor"),
            ErrorCase(name: "extra-data",
                      bytes: safetensorsFile(header: oneTensor, data: twoFloats + [0, 0, 0, 0]),
                      expected: "tensors cover 8 bytes of the 12-byte data section, expected "
                        + "all of it"),
            ErrorCase(name: "metadata-array",
                      bytes: safetensorsFile(header: #"{"__metadata__":[]}"#),
                      expected: "__metadata__ is an array, expected an object of string values"),
            ErrorCase(name: "metadata-number",
                      bytes: safetensorsFile(header: #"{"__metadata__":{"epochs":3}}"#),
                      expected: "__metadata__.epochs is a number, expected a string"),
            ErrorCase(name: "integer-dtype",
                      bytes: safetensorsFile(tensors: [RawTensor("steps", dtype: "I64",
                                                                 shape: [1],
                                                                 data: littleEndian(5, count: 8))]),
                      expected: "tensor steps has dtype I64, expected one of F32, F64, F16, BF16"),
        ]
        try assertErrors(cases, in: folder) { _ = try Safetensors.read(path: $0) }
    }

    func testFolderIsNotAFile() throws {
        XCTAssertThrowsError(try Safetensors.read(path: folder.path)) {
            XCTAssertEqual(($0 as? FormatError)?.message, "is a folder, expected a file")
        }
    }
}
