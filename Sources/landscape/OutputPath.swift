import Formats
import Foundation

/// Checks on a file a command will write at the end of its work, made before the work.
enum OutputPath {
    /// Fails unless `path` names a file (not a folder) in an existing, writable folder.
    ///
    /// - Throws: `FormatError` naming `path` and what is wrong with it.
    static func check(_ path: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder),
           isFolder.boolValue {
            throw FormatError(file: path, message: "is a folder, expected a file name to "
                              + "write to")
        }
        let folder = (path as NSString).deletingLastPathComponent
        let parent = folder.isEmpty ? "." : folder
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isFolder),
              isFolder.boolValue else {
            throw FormatError(file: path, message: "cannot write here: the folder '\(parent)' "
                              + "is missing or is not a folder")
        }
        guard access(parent, W_OK) == 0, canCreateFile(in: parent) else {
            throw FormatError(file: path, message: "cannot write here: the folder '\(parent)' "
                              + "is not writable")
        }
    }

    /// Whether a file can be created in `folder`, by creating and removing one. For root,
    /// `access` reports folders such as /sys and /proc writable, where creating fails.
    private static func canCreateFile(in folder: String) -> Bool {
        let probe = folder + "/.landscape-write-check-\(getpid())"
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { return false }
        close(descriptor)
        unlink(probe)
        return true
    }
}
