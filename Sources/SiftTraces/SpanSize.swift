import SiftModel

/// A rough estimate of the heap bytes a held `Span` costs, for the assembler's memory budget.
enum SpanSize {
    /// Fixed struct and bookkeeping overhead plus the text each field holds.
    static func estimatedBytes(_ span: Span) -> Int {
        var bytes = 320
        func text(_ s: String?) { if let s { bytes += 16 + s.utf8.count } }
        text(span.traceID); text(span.id); text(span.parentID); text(span.name)
        text(span.origin); text(span.namespace); text(span.metadataJSON)
        text(span.serviceVersion); text(span.user)
        if let http = span.http {
            bytes += 96
            text(http.method); text(http.url); text(http.clientIP); text(http.userAgent); text(http.contentLength)
        }
        if let sql = span.sql {
            bytes += 128
            text(sql.url); text(sql.sanitizedQuery); text(sql.databaseType); text(sql.databaseVersion)
            text(sql.driverVersion); text(sql.user); text(sql.preparation); text(sql.connectionString)
        }
        for (k, v) in span.aws { bytes += 48; text(k); text(v) }
        for (k, v) in span.annotations {
            bytes += 48
            text(k)
            if case .string(let s) = v { text(s) }
        }
        switch span.cause {
        case .exceptions(let wd, let exceptions)?:
            text(wd)
            for e in exceptions { bytes += 64; text(e.id); text(e.type); text(e.message) }
        case .exceptionID(let s)?, .unrecognized(let s)?: text(s)
        case nil: break
        }
        if let location = span.location { bytes += 64; text(location.source) }
        return bytes
    }
}
