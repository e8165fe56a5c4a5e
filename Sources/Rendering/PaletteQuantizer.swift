/// Maps 24-bit colours to the indexed palettes of 256- and 8-colour terminals.
public enum PaletteQuantizer {
    /// The channel levels of the 6x6x6 cube at palette indices 16...231 (xterm's values).
    static let cubeLevels: [UInt8] = [0, 95, 135, 175, 215, 255]

    /// The eight basic colours at their xterm default values, in palette order: black, red,
    /// green, yellow, blue, magenta, cyan, white.
    ///
    /// NOTE: terminals and themes choose their own values for these; the nearest match here
    /// is only as good as that guess.
    public static let basicColors: [RGB] = [
        RGB(0, 0, 0), RGB(205, 0, 0), RGB(0, 205, 0), RGB(205, 205, 0),
        RGB(0, 0, 238), RGB(205, 0, 205), RGB(0, 205, 205), RGB(229, 229, 229),
    ]

    /// Returns the 256-colour palette index nearest to `color`: a cube entry (16...231) or a
    /// grey of the ramp (232...255), whichever is closer in RGB distance.
    public static func index256(for color: RGB) -> Int {
        let cube = (nearestCubeLevel(color.red), nearestCubeLevel(color.green),
                    nearestCubeLevel(color.blue))
        let cubeColor = RGB(cubeLevels[cube.0], cubeLevels[cube.1], cubeLevels[cube.2])
        let cubeIndex = 16 + 36 * cube.0 + 6 * cube.1 + cube.2

        let mean = (Int(color.red) + Int(color.green) + Int(color.blue)) / 3
        let greyStep = min(max((mean - 8 + 5) / 10, 0), 23)
        let greyLevel = UInt8(8 + 10 * greyStep)
        let grey = RGB(greyLevel, greyLevel, greyLevel)

        if grey.squaredDistance(to: color) < cubeColor.squaredDistance(to: color) {
            return 232 + greyStep
        }
        return cubeIndex
    }

    /// Returns the index (0...7) of the basic colour nearest to `color`.
    public static func index8(for color: RGB) -> Int {
        let distances = basicColors.map { $0.squaredDistance(to: color) }
        return distances.indices.min { distances[$0] < distances[$1] } ?? 0
    }

    private static func nearestCubeLevel(_ channel: UInt8) -> Int {
        let distances = cubeLevels.map { abs(Int($0) - Int(channel)) }
        return distances.indices.min { distances[$0] < distances[$1] } ?? 0
    }
}
