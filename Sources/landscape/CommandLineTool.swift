import Engine
import Foundation
import Formats
import Numerics

/// Dispatches subcommands and turns every error into one stderr line and an exit status.
enum CommandLineTool {
    static let version = "0.1.0"

    static let usage = """
        landscape: explore the loss landscape of a trained network in the terminal

        usage:
          landscape                          explore the bundled batch-128 and batch-4096 CNNs
          landscape explore MODEL... [opts]  explore one to four model files side by side
          landscape info MODEL [options]     print the architecture, and loss with --data
          landscape surface MODEL [options]  compute a 2D loss surface into a file
          landscape line MODEL [options]     compute a 1D loss line along one direction
          landscape directions MODEL [opts]  save the random directions for other tools
          landscape directions --pca FOLDER  save a training run's two principal directions
          landscape interpolate A B --out F  compute the loss on the line between two models
          landscape sharpness MODEL...       print the basin width of each model along one line
          landscape bench [MODEL...]         measure surface cells per second
          landscape train [options]          train a model with SGD and save it
          landscape render [MODEL...] --out F  write the first view: .txt .ansi .svg .png .csv

        Run 'landscape COMMAND --help' for the options of a command.
        """

    /// Runs the command in `arguments` and returns the process exit status.
    ///
    /// 0 on success and 1 on any error: a command-line mistake, a bad input file or a failed
    /// run. A command may return another status (130 after Ctrl-C).
    static func run(_ arguments: [String]) -> Int32 {
        do {
            return try dispatch(arguments)
        } catch let error as UsageError {
            printError("\(error.description) (see '\(helpCommand(for: arguments))')")
            return 1
        } catch let error as CustomStringConvertible & Error {
            printError(error.description)
            return 1
        } catch {
            printError("\(error)")
            return 1
        }
    }

    private static func dispatch(_ arguments: [String]) throws -> Int32 {
        guard let command = arguments.first else { return try ExploreCommand.run([]) }
        let rest = Array(arguments.dropFirst())
        switch command {
        case "explore": return try ExploreCommand.run(rest)
        case "info": return try InfoCommand.run(rest)
        case "surface": return try SurfaceCommand.run(rest, shape: .surface)
        case "line": return try SurfaceCommand.run(rest, shape: .line)
        case "directions": return try DirectionsCommand.run(rest)
        case "interpolate": return try InterpolateCommand.run(rest)
        case "sharpness": return try SharpnessCommand.run(rest)
        case "bench": return try BenchCommand.run(rest)
        case "train": return try TrainCommand.run(rest)
        case "render": return try RenderCommand.run(rest)
        case "--version":
            print("landscape \(version)")
            return 0
        case "help", "--help", "-h":
            print(usage)
            return 0
        default:
            if command.hasSuffix(".safetensors") || command.hasPrefix("--") {
                return try ExploreCommand.run(arguments)
            }
            throw UsageError(description: "unknown command '\(command)'")
        }
    }

    /// Returns the help command that describes the options of `arguments`' subcommand.
    private static func helpCommand(for arguments: [String]) -> String {
        let commands: Set = ["explore", "info", "surface", "line", "directions", "bench", "train",
                             "render", "interpolate", "sharpness"]
        guard let first = arguments.first else { return "landscape --help" }
        if commands.contains(first) { return "landscape \(first) --help" }
        if first.hasPrefix("--") || first.hasSuffix(".safetensors") {
            return "landscape explore --help"
        }
        return "landscape --help"
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("landscape: \(message)\n".utf8))
    }
}

/// The location of the bundled sample models.
enum SampleModels {
    static let defaultModel = "cnn-b128-wd0.safetensors"

    /// Returns the sample-models folder: `LANDSCAPE_SAMPLES`, the working directory's, or the
    /// repository's when the executable is a SwiftPM build inside it
    /// (`.build/<triple>/release/landscape`).
    static func folder() -> String {
        let environment = ProcessInfo.processInfo.environment
        if let folder = environment["LANDSCAPE_SAMPLES"], !folder.isEmpty { return folder }
        // /proc/self/exe names the executable however it was started: through PATH, a
        // symbolic link or a relative path.
        let executable = (try? FileManager.default.destinationOfSymbolicLink(
            atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let candidates = [
            FileManager.default.currentDirectoryPath + "/sample-models",
            URL(fileURLWithPath: executable).resolvingSymlinksInPath()
                .deletingLastPathComponent().appendingPathComponent("../../../sample-models")
                .standardized.path,
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0) } ?? candidates[0]
    }

    static var defaultModelPath: String { folder() + "/" + defaultModel }
}
