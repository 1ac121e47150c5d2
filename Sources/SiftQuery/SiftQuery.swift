// SiftQuery: the aggregation core (group-by, exact percentiles, sketches, top-k) and the query engine.
