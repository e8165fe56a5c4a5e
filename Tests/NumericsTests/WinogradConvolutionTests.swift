import XCTest
@testable import Numerics
import VectorKernels

/// The Winograd F(2x2, 3x3) convolution against the direct kernel, im2col + sgemm and a
/// Double loop, its fallback to the direct kernel on non-finite values, its repeatability,
/// and the sample CNN's logits with and without it.
///
/// Tolerance. A chain of n Float roundings errs by at most about n·ε·Σ|terms|. With inputs
/// and weights in [-1, 1] and C input channels, the direct kernel chains 9C fused
/// multiply-adds over `Σ|x·w| ≤ 9C`, about 81C²ε. Winograd chains C multiply-adds per entry of
/// `M = Σ_c U_c ⊙ V_c` and about 11 roundings in the transforms. Its terms are larger: an entry
/// of `V = Bᵀ d B` adds or subtracts four inputs, so |V| ≤ 4, and the nine entries of
/// `U = G g Gᵀ` that one output uses sum to at most 16 in absolute value. That gives 64C(C+11)ε,
/// under 3 times the direct bound for C ≥ 4 and close to it for C = 32. Measured errors are far
/// below either bound, so the tests keep the direct tests' tolerance, `1e-6 · 9C` absolute plus
/// 1e-5 relative. The largest error on the shape table below was 0.034 of it against the
/// Double loop and 0.065 against the direct kernel and sgemm, whose own errors were up to 0.059
/// (x86-64 with AVX2, OpenBLAS). A sign error in a transform, a misplaced block or a lost
/// channel changes outputs by about 0.1 or more.
final class WinogradConvolutionTests: XCTestCase {
    typealias Shape = NaiveReference.ConvShape
    typealias OutputStage = DirectConvolution.OutputStage

    override func setUpWithError() throws {
        try XCTSkipUnless(CPUFeatures.supportsVectorKernels,
                          "the processor lacks AVX2 or FMA, so the Winograd kernel never runs")
    }

    // MARK: - Helpers

    func makeWinograd(_ shape: Shape, stage: OutputStage = .plain) -> WinogradConvolution {
        WinogradConvolution(channels: shape.channels, height: shape.height, width: shape.width,
                            outChannels: shape.outChannels, padding: shape.padding,
                            stage: stage)
    }

    func makeDirect(_ shape: Shape, stage: OutputStage = .plain) -> DirectConvolution {
        DirectConvolution(channels: shape.channels, height: shape.height, width: shape.width,
                          outChannels: shape.outChannels, kernel: 3, padding: shape.padding,
                          stage: stage)
    }

    /// Returns a `Conv2DLayer` for `shape` with the default paths, changed by `configure`.
    func makeLayer(_ shape: Shape,
                   configure: (inout Conv2DLayer) -> Void = { _ in }) -> Conv2DLayer {
        let geometry = ConvGeometry(channels: shape.channels, height: shape.height,
                                    width: shape.width, kernel: 3, stride: 1,
                                    padding: shape.padding)
        var layer = Conv2DLayer(geometry: geometry, outChannels: shape.outChannels)
        configure(&layer)
        return layer
    }

    /// Returns a 3x3 stride-1 shape.
    func shape(channels: Int, height: Int, width: Int, outChannels: Int,
               padding: Int) -> Shape {
        Shape(channels: channels, height: height, width: width, outChannels: outChannels,
              kernel: 3, stride: 1, padding: padding)
    }

    /// Returns the absolute tolerance for one output of `shape`, as the class comment derives
    /// it.
    func tolerance(_ shape: Shape) -> Double {
        1e-6 * 9 * Double(shape.channels)
    }

    func label(_ shape: Shape, batch: Int) -> String {
        "C\(shape.channels) \(shape.height)x\(shape.width) O\(shape.outChannels) "
            + "p\(shape.padding) batch \(batch)"
    }

    /// Returns the outputs of the images in `range` from the outputs of a batch, with
    /// `outputSize` values per image.
    func images(_ range: Range<Int>, of output: [Float], outputSize: Int) -> [Float] {
        Array(output[(range.lowerBound * outputSize)..<(range.upperBound * outputSize)])
    }

    // MARK: - Agreement with the direct kernel, sgemm and the Double loop

    /// The output channel counts 1...13 and 32, each with paddings 0, 1 and 2. Input channels,
    /// sizes and batch sizes cycle through their lists, and a size the kernel does not fit
    /// moves on to the next one. The sizes give outputs of 1x1 and 2x2, even and odd sides,
    /// 3-wide and 1-wide inputs, and sides of 7, 14 and 28. Batches of 1, 3, 4, 5 and 9 end
    /// inside a block of 4 images or at its end.
    static let shapeCases: [(shape: Shape, batch: Int)] = {
        let channelCounts = [4, 5, 7, 16, 32]
        let sizes = [(3, 3), (1, 1), (4, 4), (2, 2), (7, 3), (3, 7), (7, 7), (14, 14),
                     (28, 28), (9, 14), (28, 5), (2, 17), (6, 1), (11, 6)]
        let batches = [1, 3, 4, 5, 9]
        var cases: [(shape: Shape, batch: Int)] = []
        var index = 0
        for outChannels in Array(1...13) + [32] {
            for padding in 0...2 {
                var sizeIndex = index % sizes.count
                while min(sizes[sizeIndex].0, sizes[sizeIndex].1) + 2 * padding < 3 {
                    sizeIndex = (sizeIndex + 1) % sizes.count
                }
                let (height, width) = sizes[sizeIndex]
                let shape = Shape(channels: channelCounts[index % channelCounts.count],
                                  height: height, width: width, outChannels: outChannels,
                                  kernel: 3, stride: 1, padding: padding)
                cases.append((shape, batches[index % batches.count]))
                index += 1
            }
        }
        return cases
    }()

    /// Compares the Winograd kernel, and a default `Conv2DLayer`, with the direct kernel, the
    /// sgemm path and the Double loop, and its `.relu` and `.reluMaxPool` stages with the
    /// separate layers on its plain output.
    func checkAgreement(_ shape: Shape, batch: Int, seed: UInt64,
                        file: StaticString = #filePath, line: UInt = #line) {
        let label = label(shape, batch: batch)
        let (input, weight, bias) = randomOperands(shape, batch: batch, seed: seed)
        let winograd = runKernel(makeWinograd(shape), input: input, images: batch,
                                 weight: weight, bias: bias)
        let direct = runKernel(makeDirect(shape), input: input, images: batch, weight: weight,
                               bias: bias)
        let sgemmLayer = makeLayer(shape) { $0.allowsDirect = false }
        let sgemm = sgemmLayer.forward(input, batch: batch, parameters: [weight, bias])
        let reference = NaiveReference.conv2d(input.map(Double.init), batch: batch,
                                              shape: shape, weight: weight, bias: bias)
        let bound = tolerance(shape)
        assertClose(winograd, direct.map(Double.init), relative: 1e-5, absolute: bound,
                    "\(label), Winograd vs direct", file: file, line: line)
        assertClose(winograd, sgemm.map(Double.init), relative: 1e-5, absolute: bound,
                    "\(label), Winograd vs sgemm", file: file, line: line)
        assertClose(winograd, reference, relative: 1e-5, absolute: bound,
                    "\(label), Winograd vs Double loop", file: file, line: line)

        // The layer with its defaults runs the same kernel on the same operands.
        let layer = makeLayer(shape)
        guard case .winograd = layer.direct else {
            XCTFail("\(label): the default layer does not pick Winograd", file: file, line: line)
            return
        }
        let viaLayer = layer.forward(input, batch: batch, parameters: [weight, bias])
        assertBitIdentical(viaLayer, winograd, "\(label), layer", file: file, line: line)

        checkStages(shape, batch: batch, input: input, weight: weight, bias: bias,
                    plain: winograd, file: file, line: line)
    }

    /// Checks that the `.relu` and `.reluMaxPool` stages of the Winograd kernel give what
    /// `ReLULayer` and then `MaxPoolLayer(2, 2)` give on its `.plain` output `plain`.
    func checkStages(_ shape: Shape, batch: Int, input: [Float], weight: [Float],
                     bias: [Float], plain: [Float], file: StaticString = #filePath,
                     line: UInt = #line) {
        let label = label(shape, batch: batch)
        let (height, width) = (shape.outputHeight, shape.outputWidth)
        let relu = ReLULayer(shape: [shape.outChannels, height, width])
        let expectedRelu = relu.forward(plain, batch: batch, parameters: [])
        let rectified = runKernel(makeWinograd(shape, stage: .relu), input: input,
                                  images: batch, weight: weight, bias: bias)
        assertSameValues(rectified, expectedRelu, "\(label) relu", file: file, line: line)

        guard height >= 2, width >= 2 else { return }
        let pool = MaxPoolLayer(channels: shape.outChannels, height: height, width: width,
                                kernel: 2, stride: 2)
        let expectedPool = pool.forward(expectedRelu, batch: batch, parameters: [])
        let pooling = makeWinograd(shape, stage: .reluMaxPool)
        XCTAssertEqual(pooling.outputShape, pool.outputShape, "\(label) pooled shape",
                       file: file, line: line)
        let pooled = runKernel(pooling, input: input, images: batch, weight: weight,
                               bias: bias)
        assertSameValues(pooled, expectedPool, "\(label) relu and max pool",
                         file: file, line: line)
    }

    func testShapeTableCoversEdgeCases() {
        let cases = Self.shapeCases
        XCTAssertEqual(Set(cases.map(\.shape.outChannels)), Set(Array(1...13) + [32]))
        XCTAssertEqual(Set(cases.map(\.shape.channels)), [4, 5, 7, 16, 32])
        XCTAssertEqual(Set(cases.map(\.shape.padding)), [0, 1, 2])
        XCTAssertEqual(Set(cases.map(\.batch)), [1, 3, 4, 5, 9])
        let outputs = cases.map { [$0.shape.outputHeight, $0.shape.outputWidth] }
        XCTAssertTrue(outputs.contains([1, 1]), "a 1x1 output")
        XCTAssertTrue(outputs.contains([2, 2]), "a 2x2 output")
        XCTAssertTrue(outputs.contains { $0[0] != $0[1] }, "a non-square output")
        XCTAssertTrue(outputs.contains { $0[0] % 2 == 1 && $0[1] % 2 == 0 },
                      "an odd height and an even width")
        XCTAssertTrue(outputs.contains { $0[0] % 2 == 0 && $0[1] % 2 == 1 },
                      "an even height and an odd width")
        XCTAssertTrue(cases.contains { $0.shape.width == 3 }, "a 3-wide input")
        for side in [7, 14, 28] {
            XCTAssertTrue(cases.contains { $0.shape.width == side }, "a \(side)-wide input")
        }
    }

    func testShapeTableMatchesDirectAndSgemm() {
        for (index, testCase) in Self.shapeCases.enumerated() {
            checkAgreement(testCase.shape, batch: testCase.batch, seed: 1000 + UInt64(index))
        }
    }

    func testSampleCNNSecondLayerMatches() {
        // The second convolution of the sample CNN on 14x14 planes, across two image blocks.
        checkAgreement(shape(channels: 16, height: 14, width: 14, outChannels: 32, padding: 1),
                       batch: 5, seed: 1100)
    }

    func testThirtyTwoChannelsOnTwentyEightSquare() {
        checkAgreement(shape(channels: 32, height: 28, width: 28, outChannels: 32, padding: 1),
                       batch: 4, seed: 1110)
    }

    func testLayerPicksKernelByChannels() {
        let shapeThree = shape(channels: 3, height: 8, width: 8, outChannels: 5, padding: 1)
        let shapeFour = shape(channels: 4, height: 8, width: 8, outChannels: 5, padding: 1)
        guard case .direct = makeLayer(shapeThree).direct else {
            return XCTFail("three input channels take the direct kernel")
        }
        guard case .winograd = makeLayer(shapeFour).direct else {
            return XCTFail("four input channels take the Winograd kernel")
        }
        guard case .direct = makeLayer(shapeFour, configure: { $0.allowsWinograd = false })
            .direct
        else {
            return XCTFail("allowsWinograd false takes the direct kernel")
        }
    }

    // MARK: - Case checked by hand

    func testTwoOutputChannelsByHand() {
        // Four 4x4 input channels give one 2x2 block of outputs. Channel 0 contains 1...16,
        // so output 0's kernel of ones sums each 3x3 neighbourhood (54, 63, 90, 99). Channel 1
        // contains ones, weighted 100 at the centre tap, and channel 2 zeros under weights of 7.
        // Output 1 reads channel 0 at taps (0, 2) and (2, 0), weighted 1 and 10:
        // x(r, c + 2) + 10 x(r + 2, c), which is 93, 104, 137 and 148; channel 3's weights are
        // zero. Every intermediate value is a multiple of 1/4 below 2^10, so Float is exact.
        let shape = shape(channels: 4, height: 4, width: 4, outChannels: 2, padding: 0)
        let ramp = (1...16).map(Float.init)
        let input = ramp + [Float](repeating: 1, count: 16) + [Float](repeating: 0, count: 16)
            + ramp.map { -$0 }
        var weight = [Float](repeating: 0, count: 2 * 4 * 9)
        for tap in 0..<9 { weight[tap] = 1 }
        weight[9 + 4] = 100
        for tap in 0..<9 { weight[18 + tap] = 7 }
        weight[36 + 2] = 1
        weight[36 + 6] = 10
        let bias: [Float] = [0.5, -100]

        let plain = runKernel(makeWinograd(shape), input: input, images: 1, weight: weight,
                              bias: bias)
        XCTAssertEqual(plain, [154.5, 163.5, 190.5, 199.5, -7, 4, 37, 48], "plain")
        let rectified = runKernel(makeWinograd(shape, stage: .relu), input: input, images: 1,
                                  weight: weight, bias: bias)
        XCTAssertEqual(rectified, [154.5, 163.5, 190.5, 199.5, 0, 4, 37, 48], "relu")
        let pooled = runKernel(makeWinograd(shape, stage: .reluMaxPool), input: input,
                               images: 1, weight: weight, bias: bias)
        XCTAssertEqual(pooled, [199.5, 48], "relu and max pool")
        XCTAssertEqual(makeLayer(shape).forward(input, batch: 1, parameters: [weight, bias]),
                       plain, "default layer")
    }

    // MARK: - Non-finite values

    /// Runs the Winograd and direct kernels on 9 images of `shape`, with `poison` written
    /// into image 5 at the given offsets, and returns the direct kernel's plain output.
    ///
    /// The block of images 4...7 must equal the direct kernel's output bit for bit. The other
    /// blocks must equal the Winograd kernel's output on the clean input.
    func checkPoisonedBlock(_ shape: Shape, poison: [(offset: Int, value: Float)],
                            seed: UInt64, file: StaticString = #filePath,
                            line: UInt = #line) -> [Float] {
        let batch = 9
        let (clean, weight, bias) = randomOperands(shape, batch: batch, seed: seed)
        let imageSize = shape.channels * shape.height * shape.width
        var input = clean
        for (offset, value) in poison { input[5 * imageSize + offset] = value }
        var plainDirect: [Float] = []
        for stage in [OutputStage.plain, .relu, .reluMaxPool] {
            let winograd = makeWinograd(shape, stage: stage)
            let outputSize = winograd.outputShape.reduce(1, *)
            let observed = runKernel(winograd, input: input, images: batch, weight: weight,
                                     bias: bias)
            let direct = runKernel(makeDirect(shape, stage: stage), input: input,
                                   images: batch, weight: weight, bias: bias)
            let unpoisoned = runKernel(winograd, input: clean, images: batch, weight: weight,
                                       bias: bias)
            if stage == .plain { plainDirect = direct }

            let nanIndices = observed.indices.filter { observed[$0].isNaN }
            XCTAssertEqual(nanIndices, direct.indices.filter { direct[$0].isNaN },
                           "\(stage): NaN indices", file: file, line: line)
            assertBitIdentical(images(4..<8, of: observed, outputSize: outputSize),
                               images(4..<8, of: direct, outputSize: outputSize),
                               "\(stage): block with the non-finite image",
                               file: file, line: line)
            assertBitIdentical(images(0..<4, of: observed, outputSize: outputSize),
                               images(0..<4, of: unpoisoned, outputSize: outputSize),
                               "\(stage): block before", file: file, line: line)
            assertBitIdentical(images(8..<9, of: observed, outputSize: outputSize),
                               images(8..<9, of: unpoisoned, outputSize: outputSize),
                               "\(stage): block after", file: file, line: line)
        }
        return plainDirect
    }

    func testAffineStagesMatchBatchNormLayers() {
        let shapes = [
            shape(channels: 4, height: 5, width: 7, outChannels: 5, padding: 1),
            shape(channels: 8, height: 28, width: 28, outChannels: 8, padding: 1),
            shape(channels: 7, height: 6, width: 9, outChannels: 13, padding: 0),
        ]
        for (index, shape) in shapes.enumerated() {
            let seed = 1300 + 20 * UInt64(index)
            let (input, _, _) = randomOperands(shape, batch: 5, seed: seed + 5)
            checkAffineStages(shape, batch: 5, input: input, seed: seed) {
                makeWinograd(shape, stage: $0)
            }
        }
    }

    func testAffineStagesInFallbackMatch() {
        // A NaN input sends the block of images 4...7 through the direct kernel, which must
        // apply the affine step too.
        let shape = shape(channels: 5, height: 7, width: 9, outChannels: 7, padding: 1)
        var (input, _, _) = randomOperands(shape, batch: 9, seed: 1400)
        input[5 * 5 * 63 + 2 * 63 + 30] = .nan
        checkAffineStages(shape, batch: 9, input: input, seed: 1410) {
            makeWinograd(shape, stage: $0)
        }
    }

    func testNaNInputFallsBackForItsBlock() {
        let shape = shape(channels: 5, height: 7, width: 9, outChannels: 7, padding: 1)
        let direct = checkPoisonedBlock(shape, poison: [(2 * 63 + 30, .nan)], seed: 1200)
        // A NaN at row 3, column 3 of channel 2 reaches a 3x3 window of each output channel.
        let nanCount = direct.filter(\.isNaN).count
        XCTAssertEqual(nanCount, 7 * 9, "NaN outputs of the direct kernel")
    }

    func testInfinitiesFallBackForTheirBlock() {
        // +inf and -inf two columns apart meet in the outputs between them as NaN and reach
        // the others as infinities of one sign or the other.
        let shape = shape(channels: 4, height: 8, width: 8, outChannels: 6, padding: 0)
        let direct = checkPoisonedBlock(shape, poison: [(64 + 27, .infinity),
                                                        (64 + 29, -.infinity)],
                                        seed: 1210)
        let imageOutputs = Array(direct[(5 * 6 * 36)..<(6 * 6 * 36)])
        XCTAssertTrue(imageOutputs.contains { $0.isNaN }, "some output is NaN")
        XCTAssertTrue(imageOutputs.contains(.infinity), "some output is +inf")
        XCTAssertTrue(imageOutputs.contains(-.infinity), "some output is -inf")
    }

    func testNonFiniteParametersFallBackForTheCall() {
        let shape = shape(channels: 6, height: 9, width: 6, outChannels: 5, padding: 1)
        let batch = 9
        let (input, weight, bias) = randomOperands(shape, batch: batch, seed: 1220)
        let cases: [(name: String, weight: [Float], bias: [Float])] = [
            ("NaN weight", replacing(weight, at: 2 * 54 + 13, with: .nan), bias),
            ("+inf weight", replacing(weight, at: 4 * 54 + 40, with: .infinity), bias),
            ("NaN bias", weight, replacing(bias, at: 1, with: .nan)),
            ("-inf bias", weight, replacing(bias, at: 3, with: -.infinity)),
        ]
        for (name, weight, bias) in cases {
            // Compared bit for bit, since the fallback runs the direct kernel on every image.
            for stage in [OutputStage.plain, .relu, .reluMaxPool] {
                let observed = runKernel(makeWinograd(shape, stage: stage), input: input,
                                         images: batch, weight: weight, bias: bias)
                let direct = runKernel(makeDirect(shape, stage: stage), input: input,
                                       images: batch, weight: weight, bias: bias)
                assertBitIdentical(observed, direct, "\(name), \(stage)")
            }
            let plain = runKernel(makeWinograd(shape), input: input, images: batch,
                                  weight: weight, bias: bias)
            XCTAssertTrue(plain.contains { !$0.isFinite }, "\(name): some output is not finite")
        }
    }

    func replacing(_ values: [Float], at index: Int, with value: Float) -> [Float] {
        var copy = values
        copy[index] = value
        return copy
    }

    func testHugeFiniteInputsMatchScaled() {
        // Inputs up to 1e30 keep every transformed value below 1e32, far from overflow, so
        // the outputs compare as the unit-scale ones do, with the tolerance scaled by 1e30.
        let shape = shape(channels: 16, height: 10, width: 9, outChannels: 8, padding: 1)
        let batch = 5
        let (unit, weight, bias) = randomOperands(shape, batch: batch, seed: 1230)
        let input = unit.map { $0 * 1e30 }
        let scaledBias = bias.map { $0 * 1e30 }
        let winograd = runKernel(makeWinograd(shape), input: input, images: batch,
                                 weight: weight, bias: scaledBias)
        let direct = runKernel(makeDirect(shape), input: input, images: batch, weight: weight,
                               bias: scaledBias)
        let reference = NaiveReference.conv2d(input.map(Double.init), batch: batch,
                                              shape: shape, weight: weight, bias: scaledBias)
        XCTAssertTrue(winograd.allSatisfy(\.isFinite), "finite outputs")
        assertClose(winograd, reference, relative: 1e-5, absolute: tolerance(shape) * 1e30,
                    "Winograd vs Double loop")
        assertClose(winograd, direct.map(Double.init), relative: 1e-5,
                    absolute: tolerance(shape) * 1e30, "Winograd vs direct")
    }

    func testInputsNearFloatMaximumTakeTheDirectKernel() {
        // Scaled to 1e38, the transforms would overflow: before the magnitude check, this
        // case gave NaN in 1,558 of 3,600 outputs, where the direct kernel gave none.
        let shape = shape(channels: 16, height: 10, width: 9, outChannels: 8, padding: 1)
        let batch = 5
        let (unit, weight, bias) = randomOperands(shape, batch: batch, seed: 1230)
        let input = unit.map { $0 * 1e38 }
        let winograd = runKernel(makeWinograd(shape), input: input, images: batch,
                                 weight: weight, bias: bias)
        let direct = runKernel(makeDirect(shape), input: input, images: batch, weight: weight,
                               bias: bias)
        assertBitIdentical(winograd, direct, "inputs near the float maximum")
    }

    // MARK: - Repeatability

    func testRunsAreBitIdentical() {
        // The second run starts from scratch space full of other values, so a read of
        // scratch the kernel has not written would change the output.
        let shapes = [
            shape(channels: 16, height: 14, width: 14, outChannels: 32, padding: 1),
            shape(channels: 5, height: 11, width: 6, outChannels: 9, padding: 2),
            shape(channels: 4, height: 3, width: 3, outChannels: 3, padding: 0),
        ]
        for (index, shape) in shapes.enumerated() {
            let (input, weight, bias) = randomOperands(shape, batch: 5,
                                                       seed: 1300 + UInt64(index))
            for stage in [OutputStage.plain, .relu, .reluMaxPool] {
                let winograd = makeWinograd(shape, stage: stage)
                let first = runKernel(winograd, input: input, images: 5, weight: weight,
                                      bias: bias, scratchFill: .nan)
                let second = runKernel(winograd, input: input, images: 5, weight: weight,
                                       bias: bias, scratchFill: 1e30)
                let label = "\(label(shape, batch: 5)) \(stage)"
                assertBitIdentical(second, first, label)
                XCTAssertFalse(first.contains { $0.isNaN }, "\(label): NaN")
            }
        }
    }

    func testBatchMatchesSingleImages() {
        // Each image takes different columns of a block's products depending on its place in
        // the block, and a leftover of one image or block could reach the next, so each of 9
        // images must equal that image run alone.
        let shape = shape(channels: 7, height: 9, width: 10, outChannels: 10, padding: 1)
        let batch = 9
        let (input, weight, bias) = randomOperands(shape, batch: batch, seed: 1400)
        let imageSize = shape.channels * shape.height * shape.width
        for stage in [OutputStage.plain, .relu, .reluMaxPool] {
            let winograd = makeWinograd(shape, stage: stage)
            let outputSize = winograd.outputShape.reduce(1, *)
            let together = runKernel(winograd, input: input, images: batch, weight: weight,
                                     bias: bias)
            for image in 0..<batch {
                let single = Array(input[(image * imageSize)..<((image + 1) * imageSize)])
                let alone = runKernel(winograd, input: single, images: 1, weight: weight,
                                      bias: bias)
                assertBitIdentical(images(image..<(image + 1), of: together,
                                          outputSize: outputSize),
                                   alone, "\(stage), image \(image)")
            }
        }
    }

    // MARK: - Sample CNN

    func testSampleCNNLogitsAndLossMatchSgemm() throws {
        // Conv 1→16 has one input channel and takes the direct kernel, while conv 16→32 takes
        // Winograd. 37 images cross the plan's block of 32 and end inside a block of 4. The
        // logits allow 1e-4 relative and absolute, as the other whole-network tests do.
        let network = try makeBenchmarkCNN()
        guard case .winograd = (network.inferenceSteps[1].layer as? Conv2DLayer)?.direct else {
            return XCTFail("the second convolution of the plan does not take Winograd")
        }
        let batch = Network.inferenceBlock + 5
        let parameters = makeNetworkParameters(network, seed: 1500)
        let (images, labels) = makeBatch(for: network, count: batch, seed: 1600)
        let logits = network.forward(images, parameters: parameters).data
        let sgemm = layerByLayerLogits(network, images: images, parameters: parameters) {
            $0.allowsDirect = false
        }
        let direct = layerByLayerLogits(network, images: images, parameters: parameters) {
            $0.allowsWinograd = false
        }
        assertClose(logits, sgemm.map(Double.init), relative: 1e-4, absolute: 1e-4,
                    "Winograd plan vs sgemm layers")
        assertClose(logits, direct.map(Double.init), relative: 1e-4, absolute: 1e-4,
                    "Winograd plan vs direct layers")

        let classes = network.classCount
        let loss = network.lossAndGradients(images: images, labels: labels,
                                            parameters: parameters).loss
        let sgemmLoss = SoftmaxCrossEntropy.lossSum(logits: sgemm, labels: labels,
                                                    classes: classes).lossSum / Double(batch)
        XCTAssertEqual(loss, sgemmLoss, accuracy: 1e-5, "mean loss")
    }
}
