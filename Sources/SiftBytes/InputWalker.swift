import Glibc

/// Expands command-line paths into the inputs to read, in a deterministic order.
///
/// - No paths, or `-`, means standard input.
/// - A file path is taken as given (even a dot-file, a symlink or a named pipe).
/// - A directory is walked recursively with `opendir`/`readdir`; each directory's entries are
///   sorted bytewise (so the order is the same on every machine and file system); names starting
///   with `.` are skipped; symlinks to files are followed, symlinks to directories are not (no
///   cycles); sockets and devices are skipped.
/// - Problems (a missing path, an unreadable directory) are collected and the walk goes on.
///   An empty directory yields no sources and no problem: the caller reports "no input".
///
/// ```swift
/// let (sources, problems) = InputWalker.expand(["exports/", "-"])
/// ```
public enum InputWalker {
    /// Expands `paths` into sources and the problems met on the way.
    ///
    /// - Returns: sources in order (arguments in their order, each directory's files sorted), and
    ///   one ``InputError`` per path that could not be used (`.notFound`, `.unreadable(errno:)`).
    public static func expand(_ paths: [String]) -> (sources: [InputSource], problems: [InputError]) {
        var sources: [InputSource] = []
        var problems: [InputError] = []
        if paths.isEmpty { return ([.standardInput], []) }
        for path in paths {
            if path == "-" {
                sources.append(.standardInput)
                continue
            }
            var info = stat()
            if stat(path, &info) != 0 {
                let code = errno
                problems.append(InputError(code == ENOENT ? .notFound : .unreadable(errno: code), source: .file(path)))
                continue
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                walk(path, into: &sources, problems: &problems)
            } else {
                sources.append(.file(path))
            }
        }
        return (sources, problems)
    }

    /// The size in bytes of the file at `path`, or `nil` when it cannot be read (for the
    /// progress line's total).
    public static func fileSize(_ path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int64(info.st_size)
    }

    private static func walk(_ directory: String, into sources: inout [InputSource], problems: inout [InputError]) {
        guard let handle = opendir(directory) else {
            problems.append(InputError(.unreadable(errno: errno), source: .file(directory)))
            return
        }
        var names: [[UInt8]] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: &entry.pointee.d_name) { raw -> [UInt8] in
                let length = raw.firstIndex(of: 0) ?? raw.count
                return Array(raw[..<length])
            }
            if name.first == UInt8(ascii: ".") { continue }  // ".", ".." and hidden files.
            names.append(name)
        }
        closedir(handle)
        names.sort { $0.lexicographicallyPrecedes($1) }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        for name in names {
            let path = prefix + String(decoding: name, as: UTF8.self)
            var info = stat()
            if lstat(path, &info) != 0 {
                problems.append(InputError(.unreadable(errno: errno), source: .file(path)))
                continue
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                walk(path, into: &sources, problems: &problems)
            case S_IFREG:
                sources.append(.file(path))
            case S_IFLNK:
                var target = stat()
                if stat(path, &target) == 0 && (target.st_mode & S_IFMT) == S_IFREG { sources.append(.file(path)) }
            default:
                continue
            }
        }
    }
}
