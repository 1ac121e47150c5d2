// SiftBytes: the input layer (brief overview).
//
// Turns paths into located records, fast and with constant memory per input.
//
// Data flow:
//
//   paths ─InputWalker─▶ [InputSource] ─ByteReader─▶ decompressed bytes ─framer─▶ records + InputLocation
//                                        read(2), gzip members,     LineFramer, JSONValueFramer,
//                                        zlib, plain (Inflater);    JSONArrayElementFramer,
//                                        PipelinedByteReader: the   DocumentReader
//                                        same on a background thread
//
// - `InputWalker` expands files, directories (recursively, sorted bytewise) and `-` (stdin).
// - `ByteReader` reads with `read(2)` into reusable buffers and decodes gzip (all members,
//   nested layers), zlib or plain bytes, detected by magic bytes. Inflate sits behind `Inflater`
//   (`ZlibInflater` today). `PipelinedByteReader` moves that work to another core.
// - `LineFramer` lends lines (LF/CRLF, `maxLineBytes`), `JSONValueFramer` lends concatenated
//   top-level JSON values, `JSONArrayElementFramer` streams the elements of `{"events":[…]}`-style
//   documents, and `DocumentReader` reads one whole document; all pull from any `ByteStream`
//   (`MemoryByteStream` is the in-memory double, with a read-size cap for edge tests).
// - The two JSON framers share `JSONRecordCursor` (the scan across refills, record numbers,
//   locations, the size limit) and its `JSONValueBoundary` (where a value ends: strings, escapes,
//   depth); each adds only a `JSONGapScanner` for the bytes between its records.
// - Every record and every `InputError` carries an `InputLocation` (source, line or record,
//   decompressed byte offset, gzip member). Errors come after all good bytes before them, and
//   framers continue after framing errors, so callers skip, count and go on.
//
// ``swift
// let (sources, problems) = InputWalker.expand(CommandLine.arguments.dropFirst().map { $0 })
// for source in sources {
//     do {
//         var lines = LineFramer(try ByteReader(source))
//         while true {
//             do {
//                 guard let line = try lines.next() else { break }
//                 handle(line, lines.location)
//             } catch where error.kind == .lineTooLong(limit: lines.maxLineBytes) {
//                 skipped += 1
//             }
//         }
//     } catch {
//         report(error)   // e.g. "a.gz (gzip member 2, byte 1834): truncated gzip data"
//     }
// }
// ``
