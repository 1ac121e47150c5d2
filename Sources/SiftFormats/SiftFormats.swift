// SiftFormats: from an input to typed records, through one seam.
//
// Brief overview: `OpenedInput.open` (Decoding/) opens an input once: compression, format
// (`FormatDetector`, from the first bytes and the path), framing and the record limit.
// `InputDecoder.decode(_:into:_:)` is the one switch on the format: it runs the reader of the
// format family (`XRay/`, `OTLP/`, `CloudWatchLogs/`, `EMF/`) and pushes typed records to a
// `RecordSink` (ripgrep's `Sink`): `XRayDocument`s (parsed nodes; OpenTelemetry spans arrive as
// one-node documents), `LogEventView`s, `EMFMessage`s, trace
// summaries, or framed `OtherRecord`s; only the kinds the sink's `demand` names are decoded, and
// a sink returning `false` stops the input. Bad records go to `Diagnostics`, which counts them
// by kind and keeps the first few with their location.
//
// ```swift
// let input = try OpenedInput.open(.file("segments.jsonl.gz"))
// var diagnostics = Diagnostics()
// let records = InputDecoder().decode(input, into: &sink, &diagnostics)
// ```
