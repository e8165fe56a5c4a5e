import Engine
import Foundation
import Numerics
import XCTest

final class SurfaceStoreTests: XCTestCase {
    private var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "surface-store-\(UUID().uuidString)"
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Returns the surface of a dense 12-6-3 network on the first `samples` of 40 random
    /// 1x3x4 samples.
    private func makeFunction(samples: Int = 40) throws -> SurfaceFunction {
        let architecture = Architecture(
            inputShape: [1, 3, 4], inputMean: 0.5, inputStd: 0.25,
            layers: [.flatten, .dense(name: "fc1", inputs: 12, outputs: 6), .relu,
                     .dense(name: "fc2", inputs: 6, outputs: 3)])
        let network = try Network(architecture: architecture)
        let theta = network.initialParameters(seed: 2)
        var generator = SeededGenerator(seed: 9)
        let pixels = (0..<(40 * 12)).map { _ in Float(generator.nextUniform()) }
        let labels = (0..<40).map { _ in Int32(generator.next() % 3) }
        let data = Dataset(images: Tensor(shape: [40, 1, 3, 4], data: pixels), labels: labels,
                           classCount: 3)
        let (delta, eta) = Directions.pair(like: theta, seed: 4)
        return SurfaceFunction(network: network, center: theta, delta: delta, eta: eta,
                               samples: data.prefix(samples))
    }

    private func grid(_ count: Int, beta: Double = 0) -> [SurfacePoint] {
        (0..<count).map { SurfacePoint(alpha: Double($0) / 8, beta: beta) }
    }

    private func waitUntilDone(_ source: SurfaceEvaluator, seconds: Double = 20) {
        let deadline = Date().addingTimeInterval(seconds)
        while source.pendingCount > 0, Date() < deadline { usleep(2_000) }
    }

    func testRoundTripKeepsBits() throws {
        let store = SurfaceStore(folder: folder, key: "0123456789abcdef")
        let values: [(SurfacePoint, PointValue)] = [
            (SurfacePoint(alpha: -0.1, beta: 1e-300), PointValue(loss: 2.5, accuracy: 0.25)),
            (SurfacePoint(alpha: 0, beta: -0.0), PointValue(loss: .infinity, accuracy: 0)),
            (SurfacePoint(alpha: 3, beta: 4), PointValue(loss: .nan, accuracy: 1)),
        ]
        try store.save(values)
        let (loaded, notice) = store.load()
        XCTAssertNil(notice)
        XCTAssertEqual(loaded.count, values.count)
        for ((point, value), (loadedPoint, loadedValue)) in zip(values, loaded) {
            XCTAssertEqual(loadedPoint.alpha.bitPattern, point.alpha.bitPattern)
            XCTAssertEqual(loadedPoint.beta.bitPattern, point.beta.bitPattern)
            XCTAssertEqual(loadedValue.loss.bitPattern, value.loss.bitPattern)
            XCTAssertEqual(loadedValue.accuracy.bitPattern, value.accuracy.bitPattern)
        }
    }

    func testPruneRemovesOldestFilesBeyondCapacity() throws {
        let values = (0..<100).map {
            (SurfacePoint(alpha: Double($0), beta: 0), PointValue(loss: 1, accuracy: 1))
        }
        let keys = ["000000000000000a", "000000000000000b", "000000000000000c"]
        for (age, key) in keys.enumerated() {
            let store = SurfaceStore(folder: folder, key: key)
            try store.save(values)
            let date = Date(timeIntervalSinceNow: Double(age - keys.count) * 60)
            try FileManager.default.setAttributes([.modificationDate: date],
                                                  ofItemAtPath: store.path)
        }
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(
            atPath: SurfaceStore(folder: folder, key: keys[0]).path)[.size] as? Int)
        // Room for two files: the oldest goes, the newest two stay.
        SurfaceStore(folder: folder, key: keys[2]).prune(keepingBytes: 2 * size)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        XCTAssertEqual(left, keys.dropFirst().map { $0 + ".points" })
        // The store's own file stays even when it alone is over the capacity.
        SurfaceStore(folder: folder, key: keys[1]).prune(keepingBytes: 0)
        let own = try FileManager.default.contentsOfDirectory(atPath: folder)
        XCTAssertEqual(own, [keys[1] + ".points"])
    }

    func testMissingFileLoadsNothing() {
        let (loaded, notice) = SurfaceStore(folder: folder, key: "0123456789abcdef").load()
        XCTAssertTrue(loaded.isEmpty)
        XCTAssertNil(notice)
    }

    func testKeyChangesWithEveryInput() throws {
        let base = try makeFunction()
        let baseKey = SurfaceStore.key(for: base)
        XCTAssertEqual(SurfaceStore.key(for: try makeFunction()), baseKey)

        func nudged(_ parameters: Parameters) -> Parameters {
            var result = parameters
            let name = parameters.names[0]
            var tensor = parameters[name]!
            tensor.data[0] += 1e-3
            result[name] = tensor
            return result
        }
        var otherArchitecture = base.network.architecture
        otherArchitecture.inputMean = 0.4
        var otherLabels = base.samples
        otherLabels.labels[0] = (otherLabels.labels[0] + 1) % 3
        var otherPixels = base.samples
        otherPixels.images.data[5] += 1e-3
        let cases: [(String, SurfaceFunction)] = [
            ("model", SurfaceFunction(network: base.network, center: nudged(base.center),
                                      delta: base.delta, eta: base.eta, samples: base.samples)),
            ("delta", SurfaceFunction(network: base.network, center: base.center,
                                      delta: nudged(base.delta), eta: base.eta,
                                      samples: base.samples)),
            ("eta", SurfaceFunction(network: base.network, center: base.center,
                                    delta: base.delta, eta: nudged(base.eta),
                                    samples: base.samples)),
            ("swapped directions", SurfaceFunction(network: base.network, center: base.center,
                                                   delta: base.eta, eta: base.delta,
                                                   samples: base.samples)),
            ("samples", try makeFunction(samples: 39)),
            ("labels", SurfaceFunction(network: base.network, center: base.center,
                                       delta: base.delta, eta: base.eta,
                                       samples: otherLabels)),
            ("pixels", SurfaceFunction(network: base.network, center: base.center,
                                       delta: base.delta, eta: base.eta,
                                       samples: otherPixels)),
            ("architecture", SurfaceFunction(network: try Network(
                architecture: otherArchitecture), center: base.center, delta: base.delta,
                eta: base.eta, samples: base.samples)),
            ("buffers", SurfaceFunction(network: base.network, center: base.center,
                                        delta: base.delta, eta: base.eta, samples: base.samples,
                                        buffers: Parameters([("x", Tensor(zeros: [1]))]))),
        ]
        for (input, function) in cases {
            XCTAssertNotEqual(SurfaceStore.key(for: function), baseKey, "changed \(input)")
        }
        XCTAssertNotEqual(SurfaceStore.key(for: base, extra: ["metric=loss"]), baseKey)
        XCTAssertNotEqual(SurfaceStore.key(for: base, extra: ["metric=loss"]),
                          SurfaceStore.key(for: base, extra: ["metric=accuracy"]))
    }

    func testDamagedFilesAreReported() throws {
        let store = SurfaceStore(folder: folder, key: "0123456789abcdef")
        try store.save(grid(4).map { ($0, PointValue(loss: 1, accuracy: 0.5)) })
        let good = try Data(contentsOf: URL(fileURLWithPath: store.path))
        var flipped = good
        flipped[36] ^= 0x40
        var otherKey = good
        otherKey[8] = UInt8(ascii: "f")
        let cases: [(String, Data, String)] = [
            ("truncated", good.dropLast(5), "do not contain the 4 points"),
            ("extended", good + [0], "do not contain the 4 points"),
            ("short", good.prefix(10), "10 bytes, expected at least 40"),
            ("flipped bit", flipped, "the checksum does not match"),
            ("magic", Data("NOTPOINT".utf8) + good.dropFirst(8), "no LSPOINT1 magic"),
            ("other key", otherKey, "belongs to other inputs"),
        ]
        for (name, bytes, fault) in cases {
            try bytes.write(to: URL(fileURLWithPath: store.path))
            let (loaded, notice) = store.load()
            XCTAssertTrue(loaded.isEmpty, name)
            XCTAssertEqual(notice?.hasPrefix("\(store.path): damaged cache file: "), true,
                           "\(name): \(notice ?? "no notice")")
            XCTAssertEqual(notice?.contains(fault), true, "\(name): \(notice ?? "no notice")")
            XCTAssertEqual(notice?.contains("\n"), false, name)
        }
    }

    func testDamagedFileIsRecomputedAndReplaced() throws {
        let function = try makeFunction()
        let store = SurfaceStore(folder: folder, key: SurfaceStore.key(for: function))
        try store.save(grid(8).map { ($0, PointValue(loss: 1, accuracy: 0.5)) })
        let bytes = try Data(contentsOf: URL(fileURLWithPath: store.path))
        try bytes.dropLast(3).write(to: URL(fileURLWithPath: store.path))

        let source = SurfaceEvaluator(function: function, workers: 2, summary: "test",
                                      store: store)
        XCTAssertNotNil(source.notice)
        XCTAssertNil(source.value(at: grid(8)[0]))
        source.request(grid(8))
        waitUntilDone(source)
        source.stop()
        XCTAssertEqual(source.evaluationCount, 8)
        let (loaded, notice) = store.load()
        XCTAssertNil(notice)
        XCTAssertEqual(loaded.count, 8)
        for (point, value) in loaded {
            XCTAssertEqual(value, function(point), "at \(point)")
        }
    }

    func testReopenedEvaluatorShowsStoredValues() throws {
        let function = try makeFunction()
        let store = SurfaceStore(folder: folder, key: SurfaceStore.key(for: function))
        let first = SurfaceEvaluator(function: function, workers: 2, summary: "test",
                                     store: store)
        first.request(grid(12))
        waitUntilDone(first)
        first.stop()
        XCTAssertEqual(first.evaluationCount, 12)

        let second = SurfaceEvaluator(function: function, workers: 2, summary: "test",
                                      store: store)
        defer { second.stop() }
        XCTAssertNil(second.notice)
        for point in grid(12) {
            XCTAssertEqual(second.value(at: point), function(point), "at \(point)")
        }
        second.request(grid(12))
        XCTAssertEqual(second.pendingCount, 0)
        XCTAssertEqual(second.evaluationCount, 0)
    }

    func testUnwritableFolderBecomesNotice() throws {
        let function = try makeFunction()
        FileManager.default.createFile(atPath: folder, contents: Data("a file".utf8))
        let store = SurfaceStore(folder: folder + "/inner", key: SurfaceStore.key(for: function))
        let source = SurfaceEvaluator(function: function, workers: 1, summary: "test",
                                      store: store)
        source.request(grid(2))
        waitUntilDone(source)
        source.stop()
        let notice = try XCTUnwrap(source.notice)
        XCTAssertTrue(notice.hasPrefix("\(folder)/inner: cannot create the cache folder"),
                      notice)
        XCTAssertTrue(notice.hasSuffix("computed points are kept in memory only"), notice)
    }

    func testCacheCapacityIsRespected() throws {
        let function = try makeFunction()
        let source = SurfaceEvaluator(function: function, workers: 2, summary: "test",
                                      cacheCapacity: 20)
        defer { source.stop() }
        for batch in 0..<4 {
            let points = grid(15, beta: Double(batch))
            source.request(points)
            waitUntilDone(source)
            XCTAssertLessThanOrEqual(source.cachedCount, 20, "after batch \(batch)")
            for point in points {
                XCTAssertNotNil(source.value(at: point), "batch \(batch) at \(point)")
            }
        }
        XCTAssertEqual(source.evaluationCount, 60)
        // The first batch was evicted, so requesting it again computes it again.
        source.request(grid(15, beta: 0))
        waitUntilDone(source)
        XCTAssertEqual(source.evaluationCount, 75)
    }

    func testRequestLargerThanCapacityKeepsItsValues() throws {
        let function = try makeFunction()
        let source = SurfaceEvaluator(function: function, workers: 2, summary: "test",
                                      cacheCapacity: 10)
        defer { source.stop() }
        let points = grid(25)
        source.request(points)
        waitUntilDone(source)
        XCTAssertEqual(source.cachedCount, 25)
        for point in points {
            XCTAssertNotNil(source.value(at: point), "at \(point)")
        }
        source.request([SurfacePoint(alpha: 0, beta: 5)])
        waitUntilDone(source)
        XCTAssertLessThanOrEqual(source.cachedCount, 10)
    }

    func testFolderFollowsEnvironment() {
        let cases: [([String: String], String?)] = [
            (["LANDSCAPE_CACHE_DIR": "off", "HOME": "/h"], nil),
            (["LANDSCAPE_CACHE_DIR": "/c", "XDG_CACHE_HOME": "/x", "HOME": "/h"], "/c"),
            (["XDG_CACHE_HOME": "/x", "HOME": "/h"], "/x/landscape"),
            (["LANDSCAPE_CACHE_DIR": "", "HOME": "/h"], "/h/.cache/landscape"),
            ([:], nil),
        ]
        for (environment, expected) in cases {
            XCTAssertEqual(SurfaceStore.defaultFolder(environment: environment), expected,
                           "\(environment)")
        }
    }
}
