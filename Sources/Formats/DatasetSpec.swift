import Glibc
import Numerics

/// Resolves a dataset name from the command line and loads it.
///
/// Accepted forms:
/// - `fashion-mnist:test` and `fashion-mnist:train`: the files of the Debian package
///   dataset-fashion-mnist in /usr/share/datasets/fashion-mnist, or in the folder named by the
///   environment variable `LANDSCAPE_DATA_DIR`. Each file is read as `NAME.gz`, or as `NAME`
///   when only the uncompressed file exists.
/// - `IMAGES,LABELS`: two IDX paths, gzip-compressed or not; the class count is the largest
///   label plus one.
/// - `IMAGES,LABELS,CLASSES`: the same with the class count given, so that a subset lacking
///   the last class still has the model's class count.
public enum DatasetSpec {
    /// The folder the Debian package installs to.
    public static let defaultDataDirectory = "/usr/share/datasets/fashion-mnist"
    /// The environment variable that replaces `defaultDataDirectory`.
    public static let dataDirectoryVariable = "LANDSCAPE_DATA_DIR"

    /// Loads the dataset that `spec` names, with pixels scaled to `Float` in [0, 1] (byte / 255).
    ///
    /// Images of shape `[N, H, W]` gain a channel axis to become `[N, 1, H, W]`, and images of
    /// shape `[N, C, H, W]` load as they are.
    /// - Throws: `FormatError` for an unknown name, a missing or invalid file, image and
    ///   label counts that differ, or a label outside the class range.
    public static func load(_ spec: String) throws -> Dataset {
        let directory = getenv(dataDirectoryVariable).map { String(cString: $0) }
        return try load(spec, dataDirectory: directory ?? defaultDataDirectory)
    }

    /// `load(_:)` with the Fashion-MNIST folder given, for tests.
    static func load(_ spec: String, dataDirectory: String) throws -> Dataset {
        switch spec {
        case "fashion-mnist:test":
            return try loadFashionMNIST(prefix: "t10k", directory: dataDirectory)
        case "fashion-mnist:train":
            return try loadFashionMNIST(prefix: "train", directory: dataDirectory)
        default:
            break
        }
        let parts = spec.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 || parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw FormatError(file: spec, message: "unknown dataset, expected fashion-mnist:test, "
                              + "fashion-mnist:train or IMAGES,LABELS (two IDX file paths)")
        }
        var classCount: Int?
        if parts.count == 3 {
            guard let count = Int(parts[2]), count >= 1, count <= 256 else {
                throw FormatError(file: spec, message: "class count \"\(parts[2])\" is invalid, "
                                  + "expected an integer from 1 to 256 after IMAGES,LABELS")
            }
            classCount = count
        }
        return try load(images: parts[0], labels: parts[1], classCount: classCount)
    }

    private static func loadFashionMNIST(prefix: String, directory: String) throws -> Dataset {
        let images = try locate("\(directory)/\(prefix)-images-idx3-ubyte")
        let labels = try locate("\(directory)/\(prefix)-labels-idx1-ubyte")
        return try load(images: images, labels: labels, classCount: 10)
    }

    /// Finds `base.gz`, or `base` when only the uncompressed file exists.
    private static func locate(_ base: String) throws -> String {
        if access(base + ".gz", F_OK) == 0 { return base + ".gz" }
        if access(base, F_OK) == 0 { return base }
        throw FormatError(file: base + ".gz", message: "not found. Install the Debian package "
                          + "dataset-fashion-mnist, or set \(dataDirectoryVariable) to a folder "
                          + "containing the Fashion-MNIST files")
    }

    /// Loads an image file and a label file, checking that they match.
    ///
    /// - Parameter classCount: labels must be below it; nil takes the largest label plus one.
    static func load(images imagesPath: String, labels labelsPath: String,
                     classCount: Int?) throws -> Dataset {
        let images = try IDX.read(path: imagesPath)
        let labels = try IDX.read(path: labelsPath)

        let sampleShape: [Int]
        switch images.shape.count {
        case 3: sampleShape = [1] + images.shape.dropFirst()
        case 4: sampleShape = Array(images.shape.dropFirst())
        default:
            throw FormatError(file: imagesPath, message: "images have shape \(images.shape), "
                              + "expected [count, height, width] or [count, channels, height, "
                              + "width]")
        }
        let count = images.shape[0]
        guard count > 0 else {
            throw FormatError(file: imagesPath, message: "has no images, expected at least one")
        }
        guard labels.shape.count == 1 else {
            throw FormatError(file: labelsPath, message: "labels have shape \(labels.shape), "
                              + "expected [count]")
        }
        guard labels.shape[0] == count else {
            throw FormatError(file: labelsPath, message: "has \(labels.shape[0]) labels, but "
                              + "\(imagesPath) has \(count) images, expected one label per image")
        }

        let classes = classCount ?? (Int(labels.bytes.max() ?? 0) + 1)
        if let index = labels.bytes.firstIndex(where: { Int($0) >= classes }) {
            throw FormatError(file: labelsPath, message: "label \(labels.bytes[index]) at index "
                              + "\(index) is out of range, expected 0 to \(classes - 1) for "
                              + "\(classes) classes")
        }

        let pixels = images.bytes.map { Float($0) / 255 }
        return Dataset(images: Tensor(shape: [count] + sampleShape, data: pixels),
                       labels: labels.bytes.map { Int32($0) }, classCount: classes)
    }
}
