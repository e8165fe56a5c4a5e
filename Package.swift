// swift-tools-version:5.10
// The layers of docs/architecture.md, each a target that depends only on the ones above it.
import PackageDescription

// The vector kernels are built for AVX2 with FMA on x86-64, where the baseline lacks a fused
// multiply-add; Numerics calls them only on processors that report both.
#if arch(x86_64)
let vectorFlags = ["-Ounchecked", "-target-cpu", "haswell"]
#else
let vectorFlags = ["-Ounchecked"]
#endif

let package = Package(
    name: "landscape",
    products: [
        .executable(name: "landscape", targets: ["landscape"]),
    ],
    targets: [
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(name: "VectorKernels", swiftSettings: [.unsafeFlags(vectorFlags)]),
        .target(
            name: "Numerics",
            dependencies: ["COpenBLAS", "VectorKernels"],
            swiftSettings: [.unsafeFlags(["-Ounchecked"])]
        ),
        .target(name: "Formats", dependencies: ["Numerics", "CZlib"]),
        .target(name: "Engine", dependencies: ["Numerics", "Formats"]),
        .target(name: "Rendering", dependencies: []),
        .target(
            name: "Terminal",
            dependencies: ["Rendering", "Engine", "Formats", "CNcursesw"]
        ),
        .executableTarget(
            name: "landscape",
            dependencies: ["Numerics", "Formats", "Engine", "Rendering", "Terminal"]
        ),
        .testTarget(name: "NumericsTests", dependencies: ["Numerics", "VectorKernels"]),
        .testTarget(name: "FormatsTests", dependencies: ["Formats", "Numerics"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "Formats", "Numerics"]),
        .testTarget(name: "RenderingTests", dependencies: ["Rendering"]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal", "Engine"]),
        .testTarget(name: "EndToEndTests", dependencies: []),
        .testTarget(name: "HeadlessTests", dependencies: ["Formats", "Numerics"]),
    ]
)
