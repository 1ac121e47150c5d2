#if canImport(Glibc)
import Glibc
#endif
import SiftRender
import Testing

@Suite struct TerminalTests {
    @Test("a pipe is not a terminal, so tables written to it are never fitted")
    func pipeIsNotATerminal() {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        #expect(!Terminal.isTerminal(fds[1]))
        #expect(Terminal.tableWidth(fds[1]) == nil)
        #expect(Terminal.width(fds[1]) > 0)
    }
}
