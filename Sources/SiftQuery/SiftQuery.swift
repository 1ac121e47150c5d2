// SiftQuery: the aggregation core (group-by, exact percentiles, sketches, top-k) and the query engine.
//
// Brief overview: reports and Logs Insights `stats` compile to a `GroupedAggregation<Key>`: one
// `AggregateState` per (group, `Measure`), where a measure is an `AggregateFunction` (count, sum,
// avg, min, max, pct(p), count_distinct, stddev) over one row input. Percentiles come from a
// `PercentileAccumulator` (exact nearest-rank up to a million samples, then HdrHistogram with three
// significant digits). `TopK` applies `--sort`/`--limit` in O(k) memory. Two pure helpers shape
// group keys: `SQLFingerprint` (statement shapes) and `RouteTemplater` (route templates).
//
// ```swift
// var agg = GroupedAggregation<String>(measures: [Measure("count", .count), Measure("p95_ms", .pct(95))])
// agg.add(RouteTemplater(templates: []).template(forPath: "/orders/42"), inputs: [12.5])
// let rows = agg.rows()   // [("/orders/{id}", [1.0, 12.5])]
// ```
