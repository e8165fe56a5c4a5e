/// The window sweep of a 2-D convolution over `[C, H, W]` images, and its im2col unfolding.
///
/// The output size per axis is `⌊(size + 2·padding − kernel) / stride⌋ + 1`, as in PyTorch.
/// The column matrix of a block of `n` images has `patchSize` rows, one per (channel, kernel
/// row, kernel column), and `n · outputPositions` columns, ordered (image, output row, output
/// column). Padding positions read as zero.
struct ConvGeometry: Equatable {
    let channels: Int
    let height: Int
    let width: Int
    let kernel: Int
    let stride: Int
    let padding: Int
    let outputHeight: Int
    let outputWidth: Int

    /// Creates the geometry. The caller checks that sizes are positive and the window fits.
    init(channels: Int, height: Int, width: Int, kernel: Int, stride: Int, padding: Int) {
        self.channels = channels
        self.height = height
        self.width = width
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        outputHeight = (height + 2 * padding - kernel) / stride + 1
        outputWidth = (width + 2 * padding - kernel) / stride + 1
    }

    /// Values in one input image.
    var imageSize: Int { channels * height * width }

    /// Rows of the column matrix: values under one window position.
    var patchSize: Int { channels * kernel * kernel }

    /// Window positions per image, `outputHeight · outputWidth`.
    var outputPositions: Int { outputHeight * outputWidth }

    /// Returns the output indices `o` whose input index `o·stride − padding + offset` lies in
    /// `0..<inputSize`, which is a contiguous range.
    func validOutputs(offset: Int, inputSize: Int, outputSize: Int) -> Range<Int> {
        let lastNumerator = inputSize - 1 + padding - offset
        guard lastNumerator >= 0 else { return 0..<0 }
        let lowest = padding > offset ? (padding - offset + stride - 1) / stride : 0
        let first = min(lowest, outputSize)
        let end = min(outputSize, lastNumerator / stride + 1)
        return first..<max(first, end)
    }

    /// Unfolds `images` consecutive `[C, H, W]` images into the column matrix `columns`
    /// (`patchSize × images·outputPositions`, row-major), writing every entry.
    func im2col(_ input: UnsafePointer<Float>, images: Int,
                into columns: UnsafeMutablePointer<Float>) {
        let rowLength = images * outputPositions
        let columnRanges = (0..<kernel).map {
            validOutputs(offset: $0, inputSize: width, outputSize: outputWidth)
        }
        let rowRanges = (0..<kernel).map {
            validOutputs(offset: $0, inputSize: height, outputSize: outputHeight)
        }
        for image in 0..<images {
            for channel in 0..<channels {
                let plane = input + image * imageSize + channel * height * width
                for i in 0..<kernel {
                    for j in 0..<kernel {
                        let row = (channel * kernel + i) * kernel + j
                        let target = columns + row * rowLength + image * outputPositions
                        unfoldPlane(plane, kernelRow: i, kernelColumn: j,
                                    rows: rowRanges[i], columns: columnRanges[j], into: target)
                    }
                }
            }
        }
    }

    /// Writes one row segment of the column matrix: the plane's values under kernel tap (i, j)
    /// for every output position, zero where the tap falls in the padding.
    private func unfoldPlane(_ plane: UnsafePointer<Float>, kernelRow i: Int, kernelColumn j: Int,
                             rows: Range<Int>, columns: Range<Int>,
                             into target: UnsafeMutablePointer<Float>) {
        if stride == 1 && outputWidth == width {
            unfoldPlaneShifted(plane, offset: (i - padding) * width + (j - padding),
                               rows: rows, columns: columns, into: target)
            return
        }
        for outputRow in 0..<outputHeight {
            let destination = target + outputRow * outputWidth
            guard rows.contains(outputRow) else {
                destination.update(repeating: 0, count: outputWidth)
                continue
            }
            let source = plane + (outputRow * stride - padding + i) * width
            destination.update(repeating: 0, count: columns.lowerBound)
            if stride == 1 {
                let start = columns.lowerBound - padding + j
                (destination + columns.lowerBound).update(from: source + start,
                                                          count: columns.count)
            } else {
                for column in columns {
                    destination[column] = source[column * stride - padding + j]
                }
            }
            (destination + columns.upperBound)
                .update(repeating: 0, count: outputWidth - columns.upperBound)
        }
    }

    /// Does the work of `unfoldPlane` for stride 1 when the output is as wide as the input,
    /// which "same" padding (`2·padding = kernel − 1`) gives.
    ///
    /// Output position `r·W + c` then reads plane index `r·W + c + offset`, so the valid rows
    /// are one contiguous copy. Afterwards only the columns where the tap falls in the side
    /// padding need zeroing. For 16 channels of 14x14 this halved the time of im2col
    /// (batch 500, one AMD EPYC core).
    private func unfoldPlaneShifted(_ plane: UnsafePointer<Float>, offset: Int,
                                    rows: Range<Int>, columns: Range<Int>,
                                    into target: UnsafeMutablePointer<Float>) {
        let start = rows.lowerBound * width
        let end = rows.upperBound * width
        target.update(repeating: 0, count: start)

        // Clipping keeps the reads inside the plane, and the clipped ends lie in the side padding.
        let copyStart = min(end, max(start, -offset))
        let copyEnd = max(copyStart, min(end, height * width - offset))
        (target + start).update(repeating: 0, count: copyStart - start)
        (target + copyStart).update(from: plane + copyStart + offset, count: copyEnd - copyStart)
        (target + copyEnd).update(repeating: 0, count: end - copyEnd)
        (target + end).update(repeating: 0, count: outputPositions - end)

        for row in rows {
            let line = target + row * width
            line.update(repeating: 0, count: columns.lowerBound)
            (line + columns.upperBound).update(repeating: 0, count: width - columns.upperBound)
        }
    }

    /// Folds a column matrix laid out as `im2col` writes it back onto `images` consecutive
    /// `[C, H, W]` images, adding every entry to the input position it was read from.
    ///
    /// Entries that came from padding are dropped. `output` must be initialized.
    func col2im(_ columns: UnsafePointer<Float>, images: Int,
                addingInto output: UnsafeMutablePointer<Float>) {
        let rowLength = images * outputPositions
        let columnRanges = (0..<kernel).map {
            validOutputs(offset: $0, inputSize: width, outputSize: outputWidth)
        }
        let rowRanges = (0..<kernel).map {
            validOutputs(offset: $0, inputSize: height, outputSize: outputHeight)
        }
        for image in 0..<images {
            for channel in 0..<channels {
                let plane = output + image * imageSize + channel * height * width
                for i in 0..<kernel {
                    for j in 0..<kernel {
                        let row = (channel * kernel + i) * kernel + j
                        let source = columns + row * rowLength + image * outputPositions
                        foldPlane(source, kernelRow: i, kernelColumn: j,
                                  rows: rowRanges[i], columns: columnRanges[j], into: plane)
                    }
                }
            }
        }
    }

    /// Adds one row segment of the column matrix back onto the plane under kernel tap (i, j).
    private func foldPlane(_ source: UnsafePointer<Float>, kernelRow i: Int, kernelColumn j: Int,
                           rows: Range<Int>, columns: Range<Int>,
                           into plane: UnsafeMutablePointer<Float>) {
        for outputRow in rows {
            let values = source + outputRow * outputWidth
            let target = plane + (outputRow * stride - padding + i) * width
            if stride == 1 {
                // A unit step the compiler can see, so that the loop vectorizes.
                let shifted = target + (j - padding)
                for column in columns { shifted[column] += values[column] }
            } else {
                for column in columns {
                    target[column * stride - padding + j] += values[column]
                }
            }
        }
    }
}
