import Foundation
import SiftTestSupport
import Testing

@testable import SiftBytes

@Suite struct InputWalkerTests {
    @Test("No paths or '-' mean standard input")
    func stdin() {
        #expect(InputWalker.expand([]).sources == [.standardInput])
        #expect(InputWalker.expand(["-"]).sources == [.standardInput])
        #expect(InputSource.standardInput.name == "<stdin>")
    }

    @Test("Directories are walked recursively in bytewise order, skipping hidden entries")
    func order() throws {
        let dir = try TempDir()
        let names = [
            "b/2", "b/10", "a", "B", "c/d/e/f.gz", "c/_x", ".hidden", "b/.dotfile", ".git/config", "Z", "é", "b/1",
        ]
        for name in names.shuffled() { try dir.write(name, Array(name.utf8)) }
        try FileManager.default.createDirectory(atPath: dir.path + "/empty", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: dir.path + "/link-to-a",
            withDestinationPath: dir.path + "/a"
        )
        try FileManager.default.createSymbolicLink(
            atPath: dir.path + "/link-to-c",
            withDestinationPath: dir.path + "/c"
        )
        let expected = ["B", "Z", "a", "b/1", "b/10", "b/2", "c/_x", "c/d/e/f.gz", "link-to-a", "é"].map {
            InputSource.file(dir.path + "/" + $0)
        }
        let first = InputWalker.expand([dir.path])
        #expect(first.problems.isEmpty)
        #expect(first.sources == expected)
        #expect(InputWalker.expand([dir.path + "/"]).sources.map(\.name) == expected.map(\.name))
        for _ in 0..<3 { #expect(InputWalker.expand([dir.path]).sources == expected) }
    }

    @Test("Explicit files keep argument order; missing paths are problems; empty directories give nothing")
    func mixed() throws {
        let dir = try TempDir()
        let a = try dir.write("x/a", [1])
        let hidden = try dir.write(".h", [1])
        try FileManager.default.createDirectory(atPath: dir.path + "/empty", withIntermediateDirectories: true)
        let result = InputWalker.expand([hidden, dir.path + "/missing", "-", dir.path + "/x", dir.path + "/empty"])
        #expect(result.sources == [.file(hidden), .standardInput, .file(a)])
        #expect(result.problems.map(\.kind) == [.notFound])
        #expect(result.problems.first?.description == dir.path + "/missing: no such file or directory")
        #expect(InputWalker.expand([dir.path + "/empty"]).sources.isEmpty)
        #expect(InputWalker.expand([dir.path + "/empty"]).problems.isEmpty)
    }
}
