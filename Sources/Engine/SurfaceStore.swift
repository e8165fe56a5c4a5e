import Foundation
import Formats
import Numerics

/// Computed surface values on disk, one file per key, so that reopening the same view
/// shows its values at once.
///
/// The key is a fingerprint of everything that changes a value (see `key(for:extra:)`), and
/// the file is `<folder>/<key>.points`. Its layout, little-endian:
///
/// | bytes | content |
/// |---|---|
/// | 8 | the magic `LSPOINT1` |
/// | 16 | the key as 16 ASCII hex digits, so a renamed file is not read as another key's |
/// | 8 | N, the number of points (UInt64) |
/// | 24·N | per point: α and β (Float64), loss and accuracy (Float32) |
/// | 8 | the FNV-1a hash of every byte before it (UInt64) |
///
/// A file that is too short or too long for its N, or whose magic, key or hash differs, is
/// damaged: `load` returns no values and a one-line notice, and the next `save` replaces it.
public struct SurfaceStore: Sendable {
    /// The folder that contains the files.
    public let folder: String
    /// 16 hex digits naming the values' inputs.
    public let key: String

    /// The environment variable that names the folder, or turns the store off with `off`.
    public static let folderVariable = "LANDSCAPE_CACHE_DIR"

    static let magic = Array("LSPOINT1".utf8)
    static let entrySize = 24

    /// Creates the store of `key`, 16 lowercase hex digits such as `key(for:extra:)` returns.
    public init(folder: String, key: String) {
        precondition(key.utf8.count == 16 && key.allSatisfy(\.isHexDigit),
                     "a store key is 16 hex digits, got '\(key)'")
        self.folder = folder
        self.key = key
    }

    /// The file that contains this key's values.
    public var path: String { "\(folder)/\(key).points" }

    /// Returns the store folder: `$LANDSCAPE_CACHE_DIR`, else `$XDG_CACHE_HOME/landscape`,
    /// else `$HOME/.cache/landscape`, or nil when `LANDSCAPE_CACHE_DIR` is `off` or no
    /// variable gives a folder.
    public static func defaultFolder(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String? {
        if let folder = environment[folderVariable], !folder.isEmpty {
            return folder == "off" ? nil : folder
        }
        if let cache = environment["XDG_CACHE_HOME"], !cache.isEmpty {
            return cache + "/landscape"
        }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.cache/landscape" }
        return nil
    }

    /// Returns the key of `function`'s values: a fingerprint of the architecture, θ, the
    /// BatchNorm running statistics, both directions, the samples' pixels and labels, and
    /// `extra`.
    ///
    /// Hashing the values themselves covers every option that changes them: the model file,
    /// the data file and split, the number of samples, the seed, normalization and ignore
    /// rule, or a directions file. `extra` names what the function does not contain, such
    /// as the metric a front computes from the values.
    public static func key(for function: SurfaceFunction, extra: [String] = []) -> String {
        var fingerprint = Fingerprint()
        fingerprint.add("\(function.network.architecture)")
        for parameters in [function.center, function.buffers, function.delta, function.eta] {
            for name in parameters.names {
                fingerprint.add(name)
                fingerprint.add(parameters[name]!.shape)
                fingerprint.add(parameters[name]!.data)
            }
        }
        fingerprint.add(function.samples.images.shape)
        fingerprint.add(function.samples.images.data)
        fingerprint.add(function.samples.labels)
        fingerprint.add("classes \(function.samples.classCount)")
        extra.forEach { fingerprint.add($0) }
        return fingerprint.hexDigits
    }

    /// Returns the default store for `function`, or nil when the store is turned off.
    public static func standard(for function: SurfaceFunction,
                                extra: [String] = []) -> SurfaceStore? {
        defaultFolder().map { SurfaceStore(folder: $0, key: key(for: function, extra: extra)) }
    }

    /// Reads this key's values.
    ///
    /// - Returns: The values, empty when there is no file, and a notice naming the file and
    ///   the fault when the file is unreadable or damaged.
    public func load() -> (values: [(SurfacePoint, PointValue)], notice: String?) {
        guard FileManager.default.fileExists(atPath: path) else { return ([], nil) }
        do {
            return (try decode(FileBytes.read(path: path)), nil)
        } catch let error as FormatError {
            return ([], "\(error.description); its points are computed again")
        } catch {
            return ([], "\(path): \(error); its points are computed again")
        }
    }

    /// Writes `values` to this key's file atomically, creating the folder if needed.
    ///
    /// - Throws: `FormatError` naming the folder or file when it cannot be written.
    public func save(_ values: [(SurfacePoint, PointValue)]) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder,
                                                    withIntermediateDirectories: true)
        } catch {
            throw FormatError(file: folder, message: "cannot create the cache folder: "
                              + "\(error.localizedDescription)")
        }
        try FileBytes.writeAtomically(encode(values), to: path)
        prune(keepingBytes: SurfaceStore.folderCapacity)
    }

    /// The maximum bytes of `.points` files the folder keeps. Beyond it, `prune` removes the
    /// files written longest ago. At about 20 bytes a point (an estimate), 1 GiB is some 50
    /// million points.
    public static let folderCapacity = 1 << 30

    /// Removes `.points` files, the least recently written first, until those left take at
    /// most `capacity` bytes. This store's own file is kept whatever its size. Files that
    /// cannot be read or removed are skipped.
    public func prune(keepingBytes capacity: Int) {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: folder) else { return }
        var files: [(path: String, size: Int, date: Date)] = []
        for name in names where name.hasSuffix(".points") {
            let file = folder + "/" + name
            guard let attributes = try? manager.attributesOfItem(atPath: file),
                  let size = attributes[.size] as? Int,
                  let date = attributes[.modificationDate] as? Date else { continue }
            files.append((file, size, date))
        }
        var total = files.reduce(0) { $0 + $1.size }
        for file in files.sorted(by: { $0.date < $1.date }) where total > capacity {
            guard file.path != path, (try? manager.removeItem(atPath: file.path)) != nil
            else { continue }
            total -= file.size
        }
    }

    /// Returns the file's bytes for `values`.
    func encode(_ values: [(SurfacePoint, PointValue)]) -> [UInt8] {
        var bytes = Self.magic + Array(key.utf8)
        bytes.reserveCapacity(40 + Self.entrySize * values.count)
        append(UInt64(values.count), to: &bytes)
        for (point, value) in values {
            append(point.alpha.bitPattern, to: &bytes)
            append(point.beta.bitPattern, to: &bytes)
            append(value.loss.bitPattern, to: &bytes)
            append(value.accuracy.bitPattern, to: &bytes)
        }
        var checksum = Fingerprint()
        checksum.add(bytes)
        append(checksum.value, to: &bytes)
        return bytes
    }

    /// Returns the values of a file's bytes.
    ///
    /// - Throws: `FormatError` naming the file and the fault when the bytes are damaged.
    func decode(_ bytes: [UInt8]) throws -> [(SurfacePoint, PointValue)] {
        func damaged(_ fault: String) -> FormatError {
            FormatError(file: path, message: "damaged cache file: \(fault)")
        }
        guard bytes.count >= 40 else {
            throw damaged("\(bytes.count) bytes, expected at least 40")
        }
        guard Array(bytes[0..<8]) == Self.magic else {
            throw damaged("no LSPOINT1 magic at the start")
        }
        guard Array(bytes[8..<24]) == Array(key.utf8) else {
            throw damaged("its key field is not \(key), so it belongs to other inputs")
        }
        let count = read(UInt64.self, from: bytes, at: 24)
        let expected = count.multipliedReportingOverflow(by: UInt64(Self.entrySize))
        guard !expected.overflow, expected.partialValue <= UInt64(bytes.count),
              bytes.count == 40 + Int(expected.partialValue) else {
            throw damaged("\(bytes.count) bytes do not contain the \(count) points its header "
                          + "states; the file is truncated or overwritten")
        }
        var checksum = Fingerprint()
        bytes.withUnsafeBytes { checksum.add(UnsafeRawBufferPointer(rebasing: $0.dropLast(8))) }
        guard checksum.value == read(UInt64.self, from: bytes, at: bytes.count - 8) else {
            throw damaged("the checksum does not match its contents")
        }
        return (0..<Int(count)).map { index in
            let offset = 32 + Self.entrySize * index
            let point = SurfacePoint(
                alpha: Double(bitPattern: read(UInt64.self, from: bytes, at: offset)),
                beta: Double(bitPattern: read(UInt64.self, from: bytes, at: offset + 8)))
            let value = PointValue(
                loss: Float(bitPattern: read(UInt32.self, from: bytes, at: offset + 16)),
                accuracy: Float(bitPattern: read(UInt32.self, from: bytes, at: offset + 20)))
            return (point, value)
        }
    }

    private func append<Value: FixedWidthInteger>(_ value: Value, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private func read<Value: FixedWidthInteger>(_ type: Value.Type, from bytes: [UInt8],
                                                at offset: Int) -> Value {
        var value = Value.zero
        for index in (0..<MemoryLayout<Value>.size).reversed() {
            value = value << 8 | Value(bytes[offset + index])
        }
        return value
    }
}
