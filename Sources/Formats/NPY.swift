/// Encodes arrays in NumPy's `.npy` format, version 1.0, as `numpy.load` reads them.
///
/// Layout: the magic `\x93NUMPY`, the version bytes 1 and 0, and a little-endian 16-bit
/// header length. An ASCII Python dict literal follows, padded with spaces and ended by a
/// newline so that the data starts at a multiple of 64 bytes. Then come the values in C order.
public enum NPY {
    /// Encodes `values` as a little-endian float32 (`<f4`) array of `shape`.
    ///
    /// NaN and infinities are kept bit for bit. Stops the program when the product of
    /// `shape` differs from the number of values.
    public static func encode(_ values: [Float], shape: [Int]) -> [UInt8] {
        precondition(shape.reduce(1, *) == values.count, "shape \(shape) for \(values.count)")
        let dimensions = shape.map(String.init).joined(separator: ", ")
        let tuple = shape.count == 1 ? "(\(dimensions),)" : "(\(dimensions))"
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(tuple), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"

        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        let length = header.utf8.count
        bytes += [UInt8(length & 0xFF), UInt8(length >> 8)]
        bytes += Array(header.utf8)
        bytes.reserveCapacity(bytes.count + 4 * values.count)
        for value in values {
            let bits = value.bitPattern
            for k in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: bits >> (8 * k))) }
        }
        return bytes
    }
}
