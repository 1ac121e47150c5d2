// SiftFormats: decoders from framed bytes to SiftModel values.
//
// Brief overview: `FormatDetector` classifies an input from its first bytes and path; one decoder
// per format family (`XRay/`, `CloudWatchLogs/`, `EMF/`, `OTLP/`) turns records into spans, log
// events and metric samples; bad records go to `Diagnostics`, which counts them by kind and keeps
// the first few with their location.
