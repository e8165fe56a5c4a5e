import XCTest
@testable import Numerics
import VectorKernels

/// The direct stride-1 convolution against the im2col + sgemm path and a Double loop, its
/// fused ReLU and 2x2 max pool against the separate layers, and its repeatability.
///
/// Both paths sum the same `C·k²` Float products per output, in different orders, so they
/// differ by rounding alone. With inputs, weights and biases uniform in [-1, 1], the tests
/// allow `1e-6 · C·k²` absolute plus 1e-5 relative: 1e-6 for one tap, 4e-4 for the 400 taps
/// of 16 channels and a 5x5 kernel. The largest difference on the shapes below was 0.12 of
/// that bound (x86-64 with AVX2, OpenBLAS). A misplaced tap, channel or bias changes most
/// outputs by orders of magnitude more.
final class DirectConvolutionTests: XCTestCase {
    typealias Shape = NaiveReference.ConvShape
    typealias OutputStage = DirectConvolution.OutputStage

    override func setUpWithError() throws {
        try XCTSkipUnless(CPUFeatures.supportsVectorKernels,
                          "the processor lacks AVX2 or FMA, so the direct convolution never runs")
    }

    // MARK: - Helpers

    func makeLayer(_ shape: Shape, allowsDirect: Bool) -> Conv2DLayer {
        let geometry = ConvGeometry(channels: shape.channels, height: shape.height,
                                    width: shape.width, kernel: shape.kernel, stride: 1,
                                    padding: shape.padding)
        return Conv2DLayer(geometry: geometry, outChannels: shape.outChannels,
                           allowsDirect: allowsDirect)
    }

    func makeConvolution(_ shape: Shape, stage: OutputStage) -> DirectConvolution {
        DirectConvolution(channels: shape.channels, height: shape.height, width: shape.width,
                          outChannels: shape.outChannels, kernel: shape.kernel,
                          padding: shape.padding, stage: stage)
    }

    /// Returns the absolute tolerance for one output of `shape`, as the class comment derives it.
    func tolerance(_ shape: Shape) -> Double {
        1e-6 * Double(shape.channels * shape.kernel * shape.kernel)
    }

    // MARK: - Agreement with im2col + sgemm

    /// Every kernel side (1, 2, 3, 5) with every padding below it, crossed with the output
    /// channel counts 1...13 and 32. So each mix of 6- and 4-channel tiles, including counts
    /// that leave 1, 2 or 3 channels of a tile with zero weights, meets both the unrolled 3x3
    /// path and the generic one. Input channels, sizes and batch cycle through their lists,
    /// and a size the kernel does not fit moves on to the next one.
    static let shapeCases: [(shape: Shape, batch: Int)] = {
        let channelCounts = [1, 2, 3, 4, 5, 16]
        let sizes = [(1, 1), (1, 7), (6, 1), (5, 3), (3, 5), (14, 14), (7, 28), (28, 28),
                     (9, 14), (2, 17), (28, 5)]
        var cases: [(shape: Shape, batch: Int)] = []
        var index = 0
        for kernel in [1, 2, 3, 5] {
            for padding in 0..<kernel {
                for outChannels in Array(1...13) + [32] {
                    var sizeIndex = index % sizes.count
                    while min(sizes[sizeIndex].0, sizes[sizeIndex].1) + 2 * padding < kernel {
                        sizeIndex = (sizeIndex + 1) % sizes.count
                    }
                    let (height, width) = sizes[sizeIndex]
                    let shape = Shape(channels: channelCounts[index % channelCounts.count],
                                      height: height, width: width, outChannels: outChannels,
                                      kernel: kernel, stride: 1, padding: padding)
                    cases.append((shape, index % 5 == 0 ? 3 : 1))
                    index += 1
                }
            }
        }
        return cases
    }()

    /// Compares the direct path of a `Conv2DLayer` with its sgemm path and with the Double
    /// loop, on random operands.
    func checkAgainstSgemm(_ shape: Shape, batch: Int, seed: UInt64,
                           file: StaticString = #filePath, line: UInt = #line) {
        let direct = makeLayer(shape, allowsDirect: true)
        let sgemm = makeLayer(shape, allowsDirect: false)
        XCTAssertNotNil(direct.direct, "\(shape): direct path", file: file, line: line)
        XCTAssertNil(sgemm.direct, "\(shape): sgemm path", file: file, line: line)

        let (input, weight, bias) = randomOperands(shape, batch: batch, seed: seed)
        let parameters = [weight, bias]
        let observed = direct.forward(input, batch: batch, parameters: parameters)
        let viaSgemm = sgemm.forward(input, batch: batch, parameters: parameters)
        let reference = NaiveReference.conv2d(input.map(Double.init), batch: batch,
                                              shape: shape, weight: weight, bias: bias)
        let label = "C\(shape.channels) \(shape.height)x\(shape.width) O\(shape.outChannels) "
            + "k\(shape.kernel) p\(shape.padding) batch \(batch)"
        assertClose(observed, viaSgemm.map(Double.init), relative: 1e-5,
                    absolute: tolerance(shape), "\(label), direct vs sgemm",
                    file: file, line: line)
        assertClose(observed, reference, relative: 1e-5, absolute: tolerance(shape),
                    "\(label), direct vs Double loop", file: file, line: line)
    }

    func testShapeTableCoversEveryTileMix() {
        let cases = Self.shapeCases
        XCTAssertEqual(Set(cases.map(\.shape.outChannels)), Set(Array(1...13) + [32]))
        XCTAssertEqual(Set(cases.map(\.shape.channels)), [1, 2, 3, 4, 5, 16])
        XCTAssertEqual(Set(cases.map(\.shape.kernel)), [1, 2, 3, 5])
        XCTAssertEqual(Set(cases.map(\.batch)), [1, 3])
        XCTAssertTrue(cases.contains { $0.shape.width == 1 }, "a 1-wide input")
        XCTAssertTrue(cases.contains { $0.shape.width == 28 }, "a 28-wide input")
        XCTAssertTrue(cases.contains { $0.shape.height == 28 && $0.shape.width == 28 },
                      "a 28x28 input")
        XCTAssertTrue(cases.contains { $0.shape.height == 14 && $0.shape.width == 14 },
                      "a 14x14 input")
    }

    func testShapeTableMatchesSgemm() {
        for (index, testCase) in Self.shapeCases.enumerated() {
            checkAgainstSgemm(testCase.shape, batch: testCase.batch, seed: 100 + UInt64(index))
        }
    }

    func testSampleCNNLayersMatchSgemm() {
        // The two convolutions of the sample CNN, on 28x28 and 14x14 planes.
        checkAgainstSgemm(Shape(channels: 1, height: 28, width: 28, outChannels: 16, kernel: 3,
                                stride: 1, padding: 1), batch: 2, seed: 41)
        checkAgainstSgemm(Shape(channels: 16, height: 14, width: 14, outChannels: 32, kernel: 3,
                                stride: 1, padding: 1), batch: 2, seed: 42)
    }

    func testSixteenChannelsKernelFiveMatchSgemm() {
        checkAgainstSgemm(Shape(channels: 16, height: 28, width: 28, outChannels: 32, kernel: 5,
                                stride: 1, padding: 2), batch: 1, seed: 43)
    }

    func testPaddingWiderThanKernelMatchesSgemm() {
        // Outputs whose every tap reads the zero border give the bias alone.
        checkAgainstSgemm(Shape(channels: 2, height: 2, width: 3, outChannels: 7, kernel: 2,
                                stride: 1, padding: 3), batch: 2, seed: 44)
        checkAgainstSgemm(Shape(channels: 3, height: 1, width: 9, outChannels: 5, kernel: 3,
                                stride: 1, padding: 4), batch: 1, seed: 45)
    }

    // MARK: - Cases checked by hand

    func testKernelTwoPaddingOneByHand() {
        // Taps weigh 1, 10, 100 and 1000, so each digit of an output names the input that
        // reached that tap: out(r, c) = x(r-1, c-1) + 10 x(r-1, c) + 100 x(r, c-1) + 1000 x(r, c).
        let shape = Shape(channels: 1, height: 3, width: 3, outChannels: 1, kernel: 2, stride: 1,
                          padding: 1)
        let input: [Float] = [1, 2, 3,
                              4, 5, 6,
                              7, 8, 9]
        let weight: [Float] = [1, 10,
                               100, 1000]
        let bias: [Float] = [0.5]
        let expected: [Float] = [1000.5, 2100.5, 3200.5, 300.5,
                                 4010.5, 5421.5, 6532.5, 603.5,
                                 7040.5, 8754.5, 9865.5, 906.5,
                                 70.5, 87.5, 98.5, 9.5]
        let convolution = makeConvolution(shape, stage: .plain)
        XCTAssertEqual(convolution.outputShape, [1, 4, 4])
        XCTAssertEqual(runKernel(convolution, input: input, images: 1, weight: weight,
                                 bias: bias), expected, "direct")
        XCTAssertEqual(makeLayer(shape, allowsDirect: false).forward(
            input, batch: 1, parameters: [weight, bias]), expected, "sgemm")
    }

    func testKernelThreeSumsNeighboursByHand() {
        // A kernel of ones sums each 3x3 neighbourhood. The second channel's bias of -30 makes
        // the ReLU stage zero the smaller sums.
        let shape = Shape(channels: 1, height: 3, width: 3, outChannels: 2, kernel: 3, stride: 1,
                          padding: 1)
        let input: [Float] = [1, 2, 3,
                              4, 5, 6,
                              7, 8, 9]
        let weight = [Float](repeating: 1, count: 18)
        let bias: [Float] = [0, -30]
        let sums: [Float] = [12, 21, 16,
                             27, 45, 33,
                             24, 39, 28]
        let plain = runKernel(makeConvolution(shape, stage: .plain), input: input, images: 1,
                              weight: weight, bias: bias)
        XCTAssertEqual(plain, sums + sums.map { $0 - 30 }, "plain")
        let rectified = runKernel(makeConvolution(shape, stage: .relu), input: input, images: 1,
                                  weight: weight, bias: bias)
        XCTAssertEqual(rectified, sums + [0, 0, 0, 0, 15, 3, 0, 9, 0], "relu")
        let pooled = runKernel(makeConvolution(shape, stage: .reluMaxPool), input: input,
                               images: 1, weight: weight, bias: bias)
        XCTAssertEqual(pooled, [45, 15], "relu and max pool of the top left 2x2 window")
    }

    // MARK: - Output stages

    /// Checks that the `.relu` and `.reluMaxPool` stages give what `ReLULayer` and then
    /// `MaxPoolLayer(2, 2)` give on the `.plain` output, NaN positions included, and returns
    /// the plain output.
    @discardableResult
    func checkStages(_ shape: Shape, batch: Int, input: [Float], weight: [Float],
                     bias: [Float], file: StaticString = #filePath,
                     line: UInt = #line) -> [Float] {
        let (height, width) = (shape.outputHeight, shape.outputWidth)
        let label = "C\(shape.channels) \(shape.height)x\(shape.width) O\(shape.outChannels) "
            + "k\(shape.kernel) p\(shape.padding)"
        let plain = runKernel(makeConvolution(shape, stage: .plain), input: input,
                              images: batch, weight: weight, bias: bias)
        let relu = ReLULayer(shape: [shape.outChannels, height, width])
        let pool = MaxPoolLayer(channels: shape.outChannels, height: height, width: width,
                                kernel: 2, stride: 2)
        let expectedRelu = relu.forward(plain, batch: batch, parameters: [])
        let expectedPool = pool.forward(expectedRelu, batch: batch, parameters: [])

        let rectified = runKernel(makeConvolution(shape, stage: .relu), input: input,
                                  images: batch, weight: weight, bias: bias)
        assertSameValues(rectified, expectedRelu, "\(label) relu", file: file, line: line)

        let pooling = makeConvolution(shape, stage: .reluMaxPool)
        XCTAssertEqual(pooling.outputShape, pool.outputShape, "\(label) pooled shape",
                       file: file, line: line)
        let pooled = runKernel(pooling, input: input, images: batch, weight: weight, bias: bias)
        assertSameValues(pooled, expectedPool, "\(label) relu and max pool",
                         file: file, line: line)
        return plain
    }

    func testStagesMatchSeparateLayers() {
        // Output sizes even and odd in each direction, so the pool drops a last row, a last
        // column, both or neither.
        let shapes = [
            Shape(channels: 1, height: 4, width: 4, outChannels: 3, kernel: 1, stride: 1,
                  padding: 0),
            Shape(channels: 2, height: 5, width: 7, outChannels: 5, kernel: 3, stride: 1,
                  padding: 1),
            Shape(channels: 3, height: 6, width: 5, outChannels: 7, kernel: 2, stride: 1,
                  padding: 0),
            Shape(channels: 1, height: 2, width: 3, outChannels: 2, kernel: 2, stride: 1,
                  padding: 1),
            Shape(channels: 2, height: 7, width: 2, outChannels: 1, kernel: 1, stride: 1,
                  padding: 0),
            Shape(channels: 3, height: 9, width: 9, outChannels: 13, kernel: 3, stride: 1,
                  padding: 0),
            Shape(channels: 4, height: 28, width: 28, outChannels: 11, kernel: 5, stride: 1,
                  padding: 2),
            Shape(channels: 16, height: 14, width: 14, outChannels: 32, kernel: 3, stride: 1,
                  padding: 1),
        ]
        for (index, shape) in shapes.enumerated() {
            let seed = 300 + 3 * UInt64(index)
            let (input, weight, bias) = randomOperands(shape, batch: 3, seed: seed)
            checkStages(shape, batch: 3, input: input, weight: weight, bias: bias)
        }
    }

    func testAffineStagesMatchBatchNormLayers() {
        let shapes = [
            Shape(channels: 1, height: 4, width: 4, outChannels: 3, kernel: 1, stride: 1,
                  padding: 0),
            Shape(channels: 2, height: 5, width: 7, outChannels: 5, kernel: 3, stride: 1,
                  padding: 1),
            Shape(channels: 3, height: 6, width: 5, outChannels: 7, kernel: 2, stride: 1,
                  padding: 0),
            Shape(channels: 2, height: 7, width: 2, outChannels: 1, kernel: 1, stride: 1,
                  padding: 0),
            Shape(channels: 1, height: 28, width: 28, outChannels: 8, kernel: 3, stride: 1,
                  padding: 1),
        ]
        for (index, shape) in shapes.enumerated() {
            let seed = 600 + 20 * UInt64(index)
            let (input, _, _) = randomOperands(shape, batch: 3, seed: seed + 5)
            checkAffineStages(shape, batch: 3, input: input, seed: seed) {
                makeConvolution(shape, stage: $0)
            }
        }
    }

    func testPoolStageSpreadsNaNAndDropsOddEdges() {
        // A 1x1 kernel of weights 1, -1 and 0.5 copies the input, negated or halved, so the
        // values in every pool window are known. The 5x5 plane pools to 2x2 windows, and row
        // 4 and column 4 are dropped. The NaN of window (0, 0) moves through its four taps.
        let shape = Shape(channels: 1, height: 5, width: 5, outChannels: 3, kernel: 1, stride: 1,
                          padding: 0)
        let weight: [Float] = [1, -1, 0.5]
        let bias: [Float] = [0, 0, 0]
        // Channel x: NaN, then +inf, then max(-2, -1, 3, 4), then -inf losing to 6.
        // Channel -x: NaN, then 10 with -inf losing, then 2, then +inf.
        let expected: [Float] = [.nan, .infinity, 4, 6,
                                 .nan, 10, 2, .infinity,
                                 .nan, .infinity, 2, 3]
        for tap in 0..<4 {
            var input = (0..<25).map { Float($0) - 12 }
            input[(tap / 2) * 5 + tap % 2] = .nan  // window (0, 0)
            input[0 * 5 + 3] = .infinity           // window (0, 1)
            input[2 * 5 + 2] = -.infinity          // window (1, 1)
            input[4 * 5 + 1] = .nan                // dropped row
            input[1 * 5 + 4] = .nan                // dropped column
            checkStages(shape, batch: 1, input: input, weight: weight, bias: bias)

            let pooled = runKernel(makeConvolution(shape, stage: .reluMaxPool), input: input,
                                   images: 1, weight: weight, bias: bias)
            assertSameValues(pooled, expected, "NaN at tap \(tap)")
        }
    }

    func testNonFiniteInputsSpreadAsInSgemm() {
        // Infinities of both signs reaching one output make NaN there, in any summation
        // order, so both paths must agree on where NaN and infinity appear.
        let shape = Shape(channels: 2, height: 9, width: 7, outChannels: 5, kernel: 3, stride: 1,
                          padding: 1)
        var (input, weight, bias) = randomOperands(shape, batch: 2, seed: 400)
        input[3] = .nan
        input[20] = .infinity
        input[63 + 40] = -.infinity
        input[126 + 10] = .infinity
        input[126 + 12] = -.infinity
        input[189 + 62] = .nan
        let plain = checkStages(shape, batch: 2, input: input, weight: weight, bias: bias)
        let viaSgemm = makeLayer(shape, allowsDirect: false)
            .forward(input, batch: 2, parameters: [weight, bias])

        let nanIndices = plain.indices.filter { plain[$0].isNaN }
        XCTAssertEqual(nanIndices, viaSgemm.indices.filter { viaSgemm[$0].isNaN }, "NaN indices")
        XCTAssertFalse(nanIndices.isEmpty, "some output is NaN")
        let infinite = plain.indices.filter { plain[$0].isInfinite }
        XCTAssertFalse(infinite.isEmpty, "some output is infinite")
        XCTAssertEqual(infinite.map { plain[$0] }, infinite.map { viaSgemm[$0] },
                       "infinite outputs")
        let finite = plain.indices.filter { plain[$0].isFinite }
        assertClose(finite.map { plain[$0] }, finite.map { Double(viaSgemm[$0]) },
                    relative: 1e-5, absolute: tolerance(shape), "finite outputs")
    }

    // MARK: - Repeatability

    func testRunsAreBitIdentical() {
        // The second run starts from scratch space full of other values, so a read of
        // scratch the kernel has not written would change the output.
        let shapes = [
            Shape(channels: 16, height: 14, width: 14, outChannels: 32, kernel: 3, stride: 1,
                  padding: 1),
            Shape(channels: 3, height: 11, width: 6, outChannels: 9, kernel: 5, stride: 1,
                  padding: 2),
        ]
        for (index, shape) in shapes.enumerated() {
            let (input, weight, bias) = randomOperands(shape, batch: 3, seed: 500 + UInt64(index))
            for stage in [OutputStage.plain, .relu, .reluMaxPool] {
                let convolution = makeConvolution(shape, stage: stage)
                let first = runKernel(convolution, input: input, images: 3, weight: weight,
                                      bias: bias, scratchFill: .nan)
                let second = runKernel(convolution, input: input, images: 3, weight: weight,
                                       bias: bias, scratchFill: 1e30)
                assertBitIdentical(second, first, "k\(shape.kernel) \(stage)")
                XCTAssertFalse(first.contains { $0.isNaN }, "k\(shape.kernel) \(stage): NaN")
            }
        }
    }

    func testBatchMatchesSingleImages() {
        // The scratch planes are reused from one image to the next, so a value left over
        // from one image could reach the next.
        let shape = Shape(channels: 3, height: 7, width: 9, outChannels: 10, kernel: 3,
                          stride: 1, padding: 1)
        let batch = 4
        let (input, weight, bias) = randomOperands(shape, batch: batch, seed: 600)
        let imageSize = shape.channels * shape.height * shape.width
        for stage in [OutputStage.plain, .relu, .reluMaxPool] {
            let convolution = makeConvolution(shape, stage: stage)
            let outputSize = convolution.outputShape.reduce(1, *)
            let together = runKernel(convolution, input: input, images: batch, weight: weight,
                                     bias: bias)
            for image in 0..<batch {
                let alone = runKernel(convolution,
                                      input: Array(input[(image * imageSize)...]
                                        .prefix(imageSize)),
                                      images: 1, weight: weight, bias: bias)
                let slice = together[(image * outputSize)..<((image + 1) * outputSize)]
                assertBitIdentical(Array(slice), alone, "\(stage), image \(image)")
            }
        }
    }
}
