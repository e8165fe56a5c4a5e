import CZlib

/// Incremental gzip decompression of an in-memory file with zlib's `inflate`.
///
/// Output is produced on request in chunks, so a header that declares a huge size cannot make
/// the reader allocate more than the compressed data really expands to. Concatenated gzip
/// members (what `cat a.gz b.gz` makes) decompress as one stream, as `gunzip` does.
final class GzipStream {
    /// The two bytes that start every gzip member.
    static let magic: [UInt8] = [0x1F, 0x8B]

    private let path: String
    private let input: UnsafeMutableBufferPointer<UInt8>
    private var stream = z_stream()
    /// Input bytes not yet handed to zlib, which takes at most `UInt32.max` per call.
    private var remainingInput: Int
    private var finished = false

    /// Starts decompressing `bytes`, the whole gzip file at `path` (used in error messages).
    init(_ bytes: [UInt8], path: String) throws {
        self.path = path
        input = .allocate(capacity: max(bytes.count, 1))
        _ = input.initialize(from: bytes)
        stream.next_in = input.baseAddress
        stream.avail_in = 0
        remainingInput = bytes.count
        // windowBits 15 + 16 selects the gzip wrapper with the largest window.
        let status = inflateInit2_(&stream, 15 + 16, ZLIB_VERSION,
                                   Int32(MemoryLayout<z_stream>.size))
        // On failure `deinit` still runs, because every stored property is set, and it frees
        // `input`; `inflateEnd` returns an error for the uninitialized stream and does nothing.
        guard status == Z_OK else {
            throw FormatError(file: path, message: "cannot start gzip decompression "
                              + "(zlib status \(status))")
        }
    }

    deinit {
        inflateEnd(&stream)
        input.deallocate()
    }

    /// Returns the next `count` decompressed bytes, or fewer when the data ends first.
    func read(count: Int) throws -> [UInt8] {
        var output: [UInt8] = []
        let chunkSize = 1 << 20
        while output.count < count && !finished {
            let wanted = min(chunkSize, count - output.count)
            var chunk = [UInt8](repeating: 0, count: wanted)
            let produced = try chunk.withUnsafeMutableBufferPointer { buffer in
                try inflateStep(into: buffer)
            }
            output += chunk[0..<produced]
        }
        return output
    }

    /// Checks whether the data has no more output, decompressing at most one byte to find out.
    func isAtEnd() throws -> Bool {
        try read(count: 1).isEmpty
    }

    private func feedInput() {
        guard stream.avail_in == 0, remainingInput > 0 else { return }
        let step = min(remainingInput, Int(UInt32.max))
        stream.avail_in = UInt32(step)
        remainingInput -= step
    }

    /// Runs `inflate` once into `buffer` and returns the number of bytes written.
    private func inflateStep(into buffer: UnsafeMutableBufferPointer<UInt8>) throws -> Int {
        feedInput()
        stream.next_out = buffer.baseAddress
        stream.avail_out = UInt32(buffer.count)
        let status = inflate(&stream, Z_NO_FLUSH)
        let produced = buffer.count - Int(stream.avail_out)

        switch status {
        case Z_OK:
            if produced == 0 && stream.avail_in == 0 && remainingInput == 0 {
                throw FormatError(file: path, message: "gzip data is truncated: the compressed "
                                  + "stream ends early")
            }
        case Z_STREAM_END:
            try startNextMember()
        case Z_BUF_ERROR:
            throw FormatError(file: path, message: "gzip data is truncated: the compressed "
                              + "stream ends early")
        case Z_MEM_ERROR:
            throw FormatError(file: path, message: "out of memory while decompressing gzip data")
        default:
            let reason = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
            throw FormatError(file: path, message: "corrupt gzip data: \(reason)")
        }
        return produced
    }

    /// Marks the stream finished at the end of the input, or resets zlib for the next member.
    private func startNextMember() throws {
        feedInput()
        guard stream.avail_in > 0 else {
            finished = true
            return
        }
        guard stream.avail_in >= 2, let next = stream.next_in,
              next[0] == Self.magic[0], next[1] == Self.magic[1] else {
            throw FormatError(file: path, message: "corrupt gzip data: unexpected bytes after "
                              + "the end of the compressed stream")
        }
        inflateReset(&stream)
    }
}
