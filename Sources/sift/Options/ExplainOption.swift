import ArgumentParser

/// `--explain`: print a report's equivalent query instead of running the report.
struct ExplainOption: ParsableArguments {
    @Flag(name: .long, help: "Print the equivalent query instead of running the report.")
    var explain = false

    /// Under `--explain`, prints `query` and returns `true`: the command then returns without
    /// running the report. Otherwise returns `false`.
    func printsQuery(_ query: @autoclosure () -> String) -> Bool {
        if explain { print(query()) }
        return explain
    }
}
