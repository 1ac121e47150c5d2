#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the CLI asks about the terminal: whether a descriptor is one, and how wide it is.
public enum Terminal {
    /// The width assumed when neither the terminal nor `$COLUMNS` says.
    public static let defaultWidth = 80

    /// `true` when `fileDescriptor` is a terminal (`isatty(3)`).
    public static func isTerminal(_ fileDescriptor: Int32) -> Bool {
        isatty(fileDescriptor) != 0
    }

    /// The terminal's width in columns: the `TIOCGWINSZ` ioctl on `fileDescriptor`, else
    /// `$COLUMNS`, else ``defaultWidth``.
    public static func width(_ fileDescriptor: Int32 = 1) -> Int {
        var size = winsize()
        if ioctl(fileDescriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let text = getenv("COLUMNS"), let columns = Int(String(cString: text)), columns > 0 { return columns }
        return defaultWidth
    }

    /// The width to fit tables to on `fileDescriptor`: its ``width(_:)`` when it is a terminal,
    /// `nil` (print cells whole) when it is a pipe or a file.
    public static func tableWidth(_ fileDescriptor: Int32 = 1) -> Int? {
        isTerminal(fileDescriptor) ? width(fileDescriptor) : nil
    }
}
