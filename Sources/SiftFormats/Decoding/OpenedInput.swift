import SiftBytes

/// One input, opened, with its format detected and its framing chosen.
///
/// Small gzip files are decoded whole by libdeflate when the build has it (``WholeGzipFile``);
/// other inputs stream through zlib (``ByteReader``), pipelined (inflate on a background thread)
/// when asked, which pays off when there are fewer inputs than cores.
public struct OpenedInput {
    /// The input.
    public let source: InputSource
    /// The decompressed bytes.
    public let stream: any ByteStream
    /// The reader underneath (counters for `--stats`).
    public let reader: any CountingByteStream
    /// The detected (or forced) format.
    public let format: InputFormat
    /// Why detection chose it.
    public let reason: String
    /// How records are delimited.
    public let framing: RecordFraming
    /// The longest accepted line or JSON value (`--max-line-bytes`).
    public let maxRecordBytes: Int

    /// Opens and classifies an input.
    ///
    /// - Parameters:
    ///   - source: the input.
    ///   - forcedFormat: `--input-format`, which skips detection.
    ///   - pipelined: inflate on a background thread.
    ///   - maxRecordBytes: the longest accepted line or JSON value.
    /// - Throws: ``InputError`` when the input cannot be opened or its first bytes cannot be read.
    public static func open(
        _ source: InputSource, forcedFormat: InputFormat? = nil, pipelined: Bool = false, maxRecordBytes: Int = LineFramer.defaultMaxLineBytes
    ) throws(InputError) -> OpenedInput {
        let reader: any CountingByteStream
        if case .file(let path) = source, let whole = WholeGzipFile.decode(path: path) {
            reader = whole
        } else {
            reader = try ByteReader(source)
        }
        let prefix = try reader.peek(FormatDetector.prefixBytes)
        let detection = prefix.withUnsafeBytes { FormatDetector.detect(prefix: $0, path: source.name) }
        let format = forcedFormat ?? detection.format
        let framing: RecordFraming
        switch format {
        case .cloudWatchExport, .xrayDaemon, .unknown: framing = .lines
        case .xrayJSONL, .xrayBatchGetTraces, .emfJSON, .awsSpans: framing = prefix.withUnsafeBytes { RecordFraming.forJSON(prefix: $0) }
        // The collector's file exporter writes one request per line, often longer than the
        // detection prefix: a prefix without a line break is the start of such a line.
        case .otlpJSON:
            framing = prefix.contains(0x0A) ? prefix.withUnsafeBytes { RecordFraming.forJSON(prefix: $0) } : .lines
        // Detected responses hold an `events` array: stream it. A forced format may be any shape
        // the decoder accepts (arrays of responses, bare events), read as whole values.
        case .logEventsJSON where forcedFormat == nil: framing = .arrayElements(key: "events")
        default: framing = .values
        }
        var stream: any ByteStream = reader
        if pipelined, let streaming = reader as? ByteReader, streaming.compression != .none {
            stream = PipelinedByteReader(streaming)
        }
        return OpenedInput(
            source: source, stream: stream, reader: reader, format: format,
            reason: forcedFormat == nil ? detection.reason : "--input-format", framing: framing, maxRecordBytes: maxRecordBytes)
    }
}

extension XRayDocumentReader {
    /// A reader over an opened input, with its format, framing and record limit.
    public init(_ input: OpenedInput) {
        self.init(input.stream, format: input.format, framing: input.framing, maxRecordBytes: input.maxRecordBytes)
    }
}

extension RecordFramer {
    /// A framer over an opened input, with its framing and record limit.
    public init(_ input: OpenedInput) {
        self.init(input.stream, framing: input.framing, maxRecordBytes: input.maxRecordBytes)
    }
}
