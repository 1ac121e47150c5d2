import Glibc

/// CloudWatch's metric units, spelled exactly as EMF requires.
public enum EMFUnit {
    /// Every accepted `Unit` value.
    public static let all: [StaticString] = [
        "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes",
        "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second",
        "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second",
        "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second", "None",
    ]

    /// `true` when `bytes` is one of ``all``.
    public static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        for unit in all where unit.utf8CodeUnitCount == bytes.count {
            if bytes.isEmpty || memcmp(unit.utf8Start, bytes.baseAddress!, bytes.count) == 0 { return true }
        }
        return false
    }
}
