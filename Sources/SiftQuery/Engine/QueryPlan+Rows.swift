import SiftModel

extension QueryPlan {
    /// Runs the plan over rows given as field dictionaries (tests, small in-memory data).
    public func run<Rows: Sequence>(_ rows: Rows) -> Table where Rows.Element == [String: QueryValue] {
        var execution = QueryExecution(self)
        let template = execution.emptyRow
        for fields in rows {
            var row = template
            for (name, value) in fields { if let slot = slots.slots[name] { row[slot] = value } }
            execution.push(row)
        }
        return execution.finish()
    }
}
