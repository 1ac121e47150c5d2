// SiftModel: the plain data sift produces from every input format.
//
// Brief overview: decoders in SiftFormats turn bytes into these values; SiftTraces assembles
// `Span`s into trees; SiftQuery aggregates all of them. The module imports nothing, so the
// values stay cheap to build and easy to test.
