// SiftKit: the library for notebook-style Swift scripts. It re-exports the layers below.
@_exported import SiftModel
@_exported import SiftJSON
@_exported import SiftBytes
@_exported import SiftFormats
@_exported import SiftTraces
@_exported import SiftQuery
@_exported import SiftRender

/// The version of sift and SiftKit.
public let siftVersion = "0.1.0"
