import SiftModel

/// Skip-and-count bookkeeping for bad records, one policy for every decoder.
///
/// A bad record is counted by kind and the first few are kept with their location; the run goes
/// on. Each worker owns one `Diagnostics`; ``merge(_:)`` combines them at the end, keeping the
/// examples in input order.
///
/// ```swift
/// var diagnostics = Diagnostics()
/// diagnostics.record(DecodeError(.missingField("trace_id"), at: location))
/// print(diagnostics.summaryLine ?? "")   // sift: skipped 1 malformed record (first: ...)
/// ```
public struct Diagnostics: Sendable {
    /// How many located examples are kept.
    public var exampleLimit: Int
    /// Skipped records by kind category (`invalid JSON`, `truncated gzip`, ...).
    public private(set) var skippedByKind: [String: Int] = [:]
    /// The first skipped records, in the order they were met.
    public private(set) var examples: [DecodeError] = []
    /// Records that were intentionally ignored (control messages, probe objects) by what they were.
    public private(set) var ignoredByKind: [String: Int] = [:]
    /// Non-fatal observations (clock skew, orphans, approximations) by what they were.
    public private(set) var notes: [String: Int] = [:]
    /// Inputs the command read nothing from, by why (`inputs without X-Ray documents or spans
    /// (cwlogs-export)`): said on stderr, never answered with a silent empty table.
    public private(set) var unusedInputs: [String: Int] = [:]

    /// Under `--strict`, the first skipped record ends the run.
    public var strict: Bool

    /// Creates an empty record.
    public init(exampleLimit: Int = 5, strict: Bool = false) {
        self.exampleLimit = exampleLimit
        self.strict = strict
    }

    /// Whether decoding should stop now: `strict` and something was skipped.
    public var shouldStop: Bool { strict && !skippedByKind.isEmpty }

    /// The number of skipped records.
    public var skippedCount: Int { skippedByKind.values.reduce(0, +) }

    /// Counts a skipped record and keeps it as an example while there is room.
    public mutating func record(_ error: DecodeError) {
        if case .ignored(let what) = error.kind {
            ignoredByKind[what, default: 0] += 1
            return
        }
        skippedByKind[error.kind.category, default: 0] += 1
        if examples.count < exampleLimit { examples.append(error) }
    }

    /// Counts a non-fatal observation such as `orphan spans`.
    public mutating func note(_ what: String, count: Int = 1) {
        guard count > 0 else { return }
        notes[what, default: 0] += count
    }

    /// Counts an input that holds nothing of what the command reads; `why` starts with
    /// `inputs without` and names the input's format.
    public mutating func unusedInput(_ why: String) {
        unusedInputs[why, default: 0] += 1
    }

    /// The stderr lines for inputs the command could not use, one per reason.
    ///
    /// `sift: not read: 2 inputs without X-Ray documents or spans (cwlogs-export)`
    public var unusedInputLines: [String] {
        unusedInputs.sorted { $0.key < $1.key }.map { why, count in
            let text = count == 1 && why.hasPrefix("inputs ") ? "input " + why.dropFirst(7) : why
            return "sift: not read: \(count) \(text)"
        }
    }

    /// Adds another worker's counts; examples stay in the order of the workers merged.
    public mutating func merge(_ other: Diagnostics) {
        unusedInputs.merge(other.unusedInputs, uniquingKeysWith: +)
        skippedByKind.merge(other.skippedByKind, uniquingKeysWith: +)
        ignoredByKind.merge(other.ignoredByKind, uniquingKeysWith: +)
        notes.merge(other.notes, uniquingKeysWith: +)
        for example in other.examples where examples.count < exampleLimit { examples.append(example) }
    }

    /// The one stderr line for a run with skips, or `nil` when nothing was skipped.
    ///
    /// `sift: skipped 3 malformed records (first: a.gz:42 (byte 1834): unexpected byte 0x7D)`
    public var summaryLine: String? {
        let count = skippedCount
        guard count > 0 else { return nil }
        var line = "sift: skipped \(count) malformed record\(count == 1 ? "" : "s")"
        let kinds = skippedByKind.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        line += " (" + kinds.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        if let first = examples.first { line += "; first: \(first)" }
        return line + ")"
    }
}
