import Foundation

/// The processor features beyond the baseline the program is built for.
public enum CPUFeatures {
    /// Whether the processor runs the `VectorKernels` module, which is built for AVX2 with
    /// FMA on x86-64. Read once from the flags in `/proc/cpuinfo`. When they cannot be read,
    /// the value is false and the BLAS paths run instead. Other architectures build the
    /// module for their baseline, so the value there is true. `LANDSCAPE_VECTOR_KERNELS=off` in the
    /// environment makes it false, to compare the two paths.
    public static let supportsVectorKernels: Bool = {
        if isTurnedOff { return false }
        #if arch(x86_64)
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let flags = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return false }
        let words = Set(flags.split(separator: " ").map(String.init))
        return words.contains("avx2") && words.contains("fma")
        #else
        return true
        #endif
    }()

    /// Whether `LANDSCAPE_VECTOR_KERNELS` is `off`, `0`, `no` or `false`, in any case.
    private static var isTurnedOff: Bool {
        let value = ProcessInfo.processInfo.environment["LANDSCAPE_VECTOR_KERNELS"] ?? ""
        return ["off", "0", "no", "false"].contains(value.lowercased())
    }

    /// A description of the path stride-1 convolutions take here, for `info` and `bench`.
    public static var convolutionPath: String {
        if supportsVectorKernels { return "vector kernels (Winograd for 3x3 on 4+ channels)" }
        if isTurnedOff {
            return "im2col and OpenBLAS (LANDSCAPE_VECTOR_KERNELS=off)"
        }
        return "im2col and OpenBLAS (the processor lacks AVX2 or FMA)"
    }
}
