import Numerics
import XCTest

@testable import Formats

final class DatasetSpecTests: XCTestCase {
    private var folder: TemporaryFolder!

    override func setUpWithError() throws {
        folder = try TemporaryFolder()
    }

    override func tearDown() {
        folder.remove()
    }

    private let images = idxFile(shape: [3, 2, 2], data: [0, 255, 51, 102] + [UInt8](
        repeating: 17, count: 8))

    func testImageLabelPair() throws {
        let imagesPath = try folder.write(gzipped(images, folder: folder), to: "img.gz")
        let labelsPath = try folder.write(idxFile(shape: [3], data: [4, 0, 2]), to: "lab.idx")

        let dataset = try DatasetSpec.load("\(imagesPath),\(labelsPath)")

        XCTAssertEqual(dataset.images.shape, [3, 1, 2, 2])
        XCTAssertEqual(Array(dataset.images.data.prefix(4)), [0, 1, 0.2, 0.4])
        XCTAssertEqual(dataset.labels, [4, 0, 2])
        XCTAssertEqual(dataset.classCount, 5)
    }

    func testClassCountGiven() throws {
        let imagesPath = try folder.write(images, to: "img.idx")
        let labelsPath = try folder.write(idxFile(shape: [3], data: [4, 0, 2]), to: "lab.idx")
        XCTAssertEqual(try DatasetSpec.load("\(imagesPath),\(labelsPath),10").classCount, 10)
    }

    func testChannelAxisKept() throws {
        let imagesPath = try folder.write(idxFile(shape: [1, 3, 1, 2], data: [1, 2, 3, 4, 5, 6]),
                                          to: "rgb.idx")
        let labelsPath = try folder.write(idxFile(shape: [1], data: [0]), to: "lab.idx")
        XCTAssertEqual(try DatasetSpec.load("\(imagesPath),\(labelsPath)").images.shape,
                       [1, 3, 1, 2])
    }

    func testDataDirectory() throws {
        try folder.write(images, to: "t10k-images-idx3-ubyte")
        try folder.write(gzipped(idxFile(shape: [3], data: [9, 8, 7]), folder: folder),
                         to: "t10k-labels-idx1-ubyte.gz")

        let dataset = try DatasetSpec.load("fashion-mnist:test", dataDirectory: folder.path)

        XCTAssertEqual(dataset.labels, [9, 8, 7])
        XCTAssertEqual(dataset.classCount, 10)
    }

    func testEnvironmentVariable() throws {
        try folder.write(images, to: "train-images-idx3-ubyte.gz")
        try folder.write(idxFile(shape: [3], data: [1, 2, 3]), to: "train-labels-idx1-ubyte.gz")
        setenv(DatasetSpec.dataDirectoryVariable, folder.path, 1)
        defer { unsetenv(DatasetSpec.dataDirectoryVariable) }

        XCTAssertEqual(try DatasetSpec.load("fashion-mnist:train").labels, [1, 2, 3])
    }

    func testErrors() throws {
        let imagesPath = try folder.write(images, to: "img.idx")
        let flatPath = try folder.write(idxFile(shape: [3, 4], data: Array(0..<12)), to: "flat")
        let noneImages = try folder.write(idxFile(shape: [0, 2, 2], data: []), to: "none")
        let twoLabels = try folder.write(idxFile(shape: [2], data: [1, 2]), to: "two")
        let gridLabels = try folder.write(idxFile(shape: [3, 1], data: [1, 2, 3]), to: "grid")
        let threeLabels = try folder.write(idxFile(shape: [3], data: [1, 2, 3]), to: "three")
        let labelDirectory = try TemporaryFolder()
        defer { labelDirectory.remove() }
        try labelDirectory.write(images, to: "t10k-images-idx3-ubyte.gz")
        let badLabels = try labelDirectory.write(idxFile(shape: [3], data: [0, 12, 3]),
                                                 to: "t10k-labels-idx1-ubyte.gz")

        let cases: [(spec: String, file: String, expected: String)] = [
            ("fashion-mnist:valid", "fashion-mnist:valid",
             "unknown dataset, expected fashion-mnist:test, fashion-mnist:train or "
                + "IMAGES,LABELS (two IDX file paths)"),
            ("mnist", "mnist", "unknown dataset"),
            ("\(imagesPath),", "\(imagesPath),", "unknown dataset"),
            ("\(imagesPath),\(threeLabels),0", "\(imagesPath),\(threeLabels),0",
             "class count \"0\" is invalid, expected an integer from 1 to 256"),
            ("\(imagesPath),\(folder.path)/absent", "\(folder.path)/absent", "not found"),
            ("\(flatPath),\(threeLabels)", flatPath,
             "images have shape [3, 4], expected [count, height, width] or [count, channels, "
                + "height, width]"),
            ("\(noneImages),\(threeLabels)", noneImages, "has no images, expected at least one"),
            ("\(imagesPath),\(twoLabels)", twoLabels,
             "has 2 labels, but \(imagesPath) has 3 images, expected one label per image"),
            ("\(imagesPath),\(gridLabels)", gridLabels,
             "labels have shape [3, 1], expected [count]"),
            ("\(imagesPath),\(threeLabels),3", threeLabels,
             "label 3 at index 2 is out of range, expected 0 to 2 for 3 classes"),
        ]
        for (spec, file, expected) in cases {
            XCTAssertThrowsError(try DatasetSpec.load(spec, dataDirectory: folder.path), spec) {
                let error = $0 as? FormatError
                XCTAssertEqual(error?.file, file, spec)
                XCTAssertTrue(error?.message.contains(expected) == true,
                              "\(spec): message \"\(error?.message ?? "")\" lacks \"\(expected)\"")
            }
        }

        XCTAssertThrowsError(try DatasetSpec.load("fashion-mnist:test",
                                                  dataDirectory: folder.path)) {
            let error = $0 as? FormatError
            XCTAssertEqual(error?.file, "\(folder.path)/t10k-images-idx3-ubyte.gz")
            XCTAssertEqual(error?.message, "not found. Install the Debian package "
                           + "dataset-fashion-mnist, or set LANDSCAPE_DATA_DIR to a folder "
                           + "containing the Fashion-MNIST files")
        }
        XCTAssertThrowsError(try DatasetSpec.load("fashion-mnist:test",
                                                  dataDirectory: labelDirectory.path)) {
            let error = $0 as? FormatError
            XCTAssertEqual(error?.file, badLabels)
            XCTAssertEqual(error?.message, "label 12 at index 1 is out of range, expected 0 to 9 "
                           + "for 10 classes")
        }
    }

    func testFashionMNIST() throws {
        let directory = DatasetSpec.defaultDataDirectory
        guard FileManager.default.fileExists(atPath: directory) else {
            throw XCTSkip("\(directory) not found, so install dataset-fashion-mnist to run "
                          + "this test")
        }

        let dataset = try DatasetSpec.load("fashion-mnist:test", dataDirectory: directory)

        XCTAssertEqual(dataset.images.shape, [10000, 1, 28, 28])
        XCTAssertEqual(dataset.count, 10000)
        XCTAssertEqual(dataset.classCount, 10)
        XCTAssertEqual(dataset.images.data.min(), 0)
        XCTAssertEqual(dataset.images.data.max(), 1)
        XCTAssertEqual(dataset.labels.first, 9, "the first test image is an ankle boot")
        XCTAssertEqual(Set(dataset.labels), Set(0..<10))
    }
}
