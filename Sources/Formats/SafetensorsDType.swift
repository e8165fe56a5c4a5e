/// An element type of a safetensors tensor, spelled as in the header (`"F32"`, `"I64"`, ...).
///
/// Every type of the safetensors specification with whole-byte elements is known, so that the
/// offsets of a tensor such as an integer step counter are still checked. Only the floating
/// point types convert to `Float`.
enum SafetensorsDType: String, CaseIterable {
    case bool = "BOOL"
    case u8 = "U8", i8 = "I8", f8e5m2 = "F8_E5M2", f8e4m3 = "F8_E4M3"
    case u16 = "U16", i16 = "I16", f16 = "F16", bf16 = "BF16"
    case u32 = "U32", i32 = "I32", f32 = "F32"
    case u64 = "U64", i64 = "I64", f64 = "F64"

    /// Bytes per element.
    var size: Int {
        switch self {
        case .bool, .u8, .i8, .f8e5m2, .f8e4m3: return 1
        case .u16, .i16, .f16, .bf16: return 2
        case .u32, .i32, .f32: return 4
        case .u64, .i64, .f64: return 8
        }
    }

    /// The types `floats(from:)` converts, each exactly representable in or rounded to `Float`.
    static let convertible: [SafetensorsDType] = [.f32, .f64, .f16, .bf16]

    /// Decodes little-endian elements of this type to `Float`, or nil for a non-float type.
    ///
    /// F64 rounds to the nearest `Float` (large values become infinity), and F16 and BF16
    /// widen exactly. NaN and infinity pass through. `bytes.count` must be a multiple of `size`.
    func floats(from bytes: ArraySlice<UInt8>) -> [Float]? {
        let count = bytes.count / size
        let base = bytes.startIndex
        switch self {
        case .f32:
            return (0..<count).map { Float(bitPattern: Self.load(bytes, base + 4 * $0, 4)) }
        case .f64:
            return (0..<count).map { i in
                Float(Double(bitPattern: Self.load64(bytes, base + 8 * i)))
            }
        case .bf16:
            return (0..<count).map { Float(bitPattern: Self.load(bytes, base + 2 * $0, 2) << 16) }
        case .f16:
            return (0..<count).map { Self.widenHalf(UInt16(Self.load(bytes, base + 2 * $0, 2))) }
        default:
            return nil
        }
    }

    /// Reads a little-endian unsigned integer of `width` bytes (at most 4) at `offset`.
    private static func load(_ bytes: ArraySlice<UInt8>, _ offset: Int, _ width: Int) -> UInt32 {
        var value: UInt32 = 0
        for k in 0..<width { value |= UInt32(bytes[offset + k]) << (8 * k) }
        return value
    }

    private static func load64(_ bytes: ArraySlice<UInt8>, _ offset: Int) -> UInt64 {
        UInt64(load(bytes, offset, 4)) | UInt64(load(bytes, offset + 4, 4)) << 32
    }

    /// Converts IEEE 754 binary16 bits to `Float`, subnormals, infinities and NaN included.
    private static func widenHalf(_ bits: UInt16) -> Float {
        let sign: Float = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int((bits >> 10) & 0x1F)
        let fraction = Float(bits & 0x03FF)
        switch exponent {
        case 0: return sign * fraction * Float(sign: .plus, exponent: -24, significand: 1)
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Float(sign: .plus, exponent: exponent - 15,
                                                              significand: 1)
        }
    }
}
