// # SiftJSON: brief overview
//
// SiftJSON reads JSON bytes without Foundation and without allocating per document.
//
// - ``JSONScanner`` is a forward-only pull scanner over one borrowed `UnsafeRawBufferPointer`
//   (one record). Callers walk objects with `beginObject()`/`nextKey()`, arrays with
//   `beginArray()`/`nextElement()`, read the fields they need (`readStringBytes()`,
//   `readDouble()`, `readScaledInteger(fractionDigits:)`, …) and `skipValue()` the rest.
//   Keys compare to literals with `UnsafeRawBufferPointer.equals(_:)` (no allocation).
//   `reset(_:)` points the same scanner, and its scratch storage, at the next record.
// - ``JSONScanError`` is a small POD error: a reason and an exact byte offset.
// - ``JSONValue`` is a tree for cold paths (EMF metadata, filter patterns, tests).
// - ``JSONWriter`` escapes strings and renders numbers for JSON output.
//
// Data flow: framer (SiftBytes) → one record's bytes → `JSONScanner` → decoder (SiftFormats).
//
// ```swift
// var scanner = JSONScanner(lineBytes)
// try scanner.beginObject()
// while let key = try scanner.nextKey() {
//     if key.equals("start_time") { start = try scanner.readScaledInteger(fractionDigits: 9) }
//     else { try scanner.skipValue() }
// }
// ```
