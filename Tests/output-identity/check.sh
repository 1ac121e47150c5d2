#!/usr/bin/env bash
# Output-identity check for sift: record every report's output over a fixed matrix of
# commands and inputs, then compare two recordings (before/after a refactor).
#
#   Tests/output-identity/check.sh record  SIFT_BINARY OUT_DIR
#   Tests/output-identity/check.sh compare BEFORE_DIR AFTER_DIR [ALLOW_FILE]
#   Tests/output-identity/check.sh list    [SIFT_BINARY]
#
# See Tests/output-identity/README.md for the inputs, the environment variables and what is
# normalised.

set -uo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/../.." && pwd)

# Outputs up to this many bytes are stored whole; larger ones as size, line count, md5 and
# the first HEAD_LINES lines (each cut at HEAD_LINE_BYTES bytes).
MAX_INLINE=${SIFT_IDENTITY_MAX_INLINE:-32768}
HEAD_LINES=20
HEAD_LINE_BYTES=400
FORMAT_VERSION=1

die() { echo "check.sh: $*" >&2; exit 2; }

usage() {
    sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 2
}

# ---------------------------------------------------------------------------------------------
# Input discovery

# The bundled fixtures: this checkout's fixtures/ unless SIFT_IDENTITY_FIXTURES names another.
find_fixtures() {
    local d=${SIFT_IDENTITY_FIXTURES:-$REPO/fixtures}
    [ -d "$d/corpus" ] && [ -d "$d/malformed" ] || die "bundled fixtures not found at $d (set SIFT_IDENTITY_FIXTURES)"
    (cd "$d" && pwd)
}

# ../shared/fixtures (sdk/ and public/): SIFT_IDENTITY_SHARED, else the first of
# <repo>/../shared/fixtures and <repo>/../../shared/fixtures (a worktree under /work/wt/x).
# Empty when absent (or SIFT_IDENTITY_SHARED=none).
find_shared() {
    if [ -n "${SIFT_IDENTITY_SHARED:-}" ]; then
        [ "$SIFT_IDENTITY_SHARED" = none ] && return 0
        [ -d "$SIFT_IDENTITY_SHARED" ] || die "SIFT_IDENTITY_SHARED=$SIFT_IDENTITY_SHARED is not a directory"
        (cd "$SIFT_IDENTITY_SHARED" && pwd); return 0
    fi
    local d
    for d in "$REPO/../shared/fixtures" "$REPO/../../shared/fixtures"; do
        if [ -d "$d/sdk" ] || [ -d "$d/public" ]; then (cd "$d" && pwd); return 0; fi
    done
}

# The big gen-corpus tree: SIFT_IDENTITY_CORPUS, else /tmp/corpus-200M. Empty when absent
# (or SIFT_IDENTITY_CORPUS=none).
find_corpus() {
    local d=${SIFT_IDENTITY_CORPUS:-/tmp/corpus-200M}
    [ "$d" = none ] && return 0
    if [ -n "${SIFT_IDENTITY_CORPUS:-}" ] && [ ! -d "$d" ]; then die "SIFT_IDENTITY_CORPUS=$d is not a directory"; fi
    [ -d "$d" ] && (cd "$d" && pwd)
    return 0
}

# ---------------------------------------------------------------------------------------------
# Recording one case

declare -A SEEN_CASES=()
NCASES=0
MODE=record
ONLY=${SIFT_IDENTITY_ONLY:-}

# Normalises stderr: wall time and throughput of the --stats summary line; the spill count of
# trace assembly when the worker count is not fixed (it depends on --jobs); the scratch path.
normalise_stderr() { # $1 = 1 to mask the spill count
    sed -E \
        -e 's/^(sift: stats: .*), [0-9]+\.[0-9]+ s, [0-9]+ MiB\/s$/\1, <secs> s, <rate> MiB\/s/' \
        -e "$( [ "$1" = 1 ] && echo 's/^(sift: stats: spans spilled to temporary files: )[0-9]+$/\1<n>/' || echo 's/^$//' )" \
        -e "s#${WORK//#/\\#}#<work>#g"
}

# Stores file $1 as $2: whole when small, else a summary with the md5 and the first lines.
store() {
    local src=$1 dst=$2 size lines md5
    size=$(stat -c %s "$src")
    if [ "$size" -le "$MAX_INLINE" ]; then
        cp "$src" "$dst"
    else
        lines=$(wc -l < "$src")
        md5=$(md5sum < "$src" | cut -d' ' -f1)
        {
            echo "#identity: $size bytes, $lines newlines, md5 $md5; first $HEAD_LINES lines cut at $HEAD_LINE_BYTES bytes:"
            head -n "$HEAD_LINES" "$src" | cut -b "1-$HEAD_LINE_BYTES"
        } > "$dst"
    fi
}

# Quotes one word for the .cmd files (readable, and pasteable into a shell in the staging dir).
shquote() {
    if [[ $1 =~ ^[A-Za-z0-9_./:=,@%+-]+$ ]]; then printf '%s' "$1"
    else printf "'%s'" "${1//\'/\'\\\'\'}"; fi
}

# run NAME [<STDIN_FILE] ARGS... : one case. NAME is [a-z0-9._-]+, unique.
run() {
    local name=$1; shift
    local stdin=/dev/null
    case "${1:-}" in "<"*) stdin=${1#<}; shift ;; esac
    [[ $name =~ ^[A-Za-z0-9._=-]+$ ]] || die "bad case name: $name"
    [ -z "${SEEN_CASES[$name]:-}" ] || die "duplicate case name: $name"
    SEEN_CASES[$name]=1
    if [ -n "$ONLY" ] && ! [[ $name =~ $ONLY ]]; then return 0; fi
    NCASES=$((NCASES + 1))
    local cmd="sift" a
    for a in "$@"; do cmd+=" $(shquote "$a")"; done
    [ "$stdin" != /dev/null ] && cmd+=" < $(shquote "$stdin")"
    if [ "$MODE" = list ]; then printf '%s\t%s\n' "$name" "$cmd"; return 0; fi

    local mask_spill=1 i
    for ((i = 1; i <= $#; i++)); do
        if [ "${!i}" = "--jobs" ]; then local j=$((i + 1)); [ "${!j:-}" = 1 ] && mask_spill=0; fi
    done

    local t0 t1 rc
    t0=$(date +%s.%N)
    "$SIFT" "$@" < "$stdin" > "$WORK/stdout" 2> "$WORK/stderr.raw"
    rc=$?
    t1=$(date +%s.%N)
    normalise_stderr "$mask_spill" < "$WORK/stderr.raw" > "$WORK/stderr"
    echo "$cmd" > "$CASES/$name.cmd"
    echo "$rc" > "$CASES/$name.rc"
    store "$WORK/stdout" "$CASES/$name.out"
    store "$WORK/stderr" "$CASES/$name.err"
    awk -v n="$name" -v a="$t0" -v b="$t1" 'BEGIN { printf "%s\t%.3f\n", n, b - a }' >> "$OUT/timings.tsv"
    rm -f "$WORK/stdout" "$WORK/stderr.raw" "$WORK/stderr"
}

# ---------------------------------------------------------------------------------------------
# The matrix. Paths are relative to the staging directory, whose entries are symlinks:
#   fixtures -> bundled fixtures, shared -> ../shared/fixtures, corpus -> the gen-corpus tree,
# so the paths sift prints (@source, locations, detect) do not depend on where things live.

F3=(table json csv)

# X-Ray reports over one input: endpoints, sql, errors, traces in all formats.
xray_reports() { # PREFIX PATH...
    local p=$1; shift
    local r f
    for r in endpoints sql errors traces; do
        for f in "${F3[@]}"; do run "$p.$r.$f" "$r" --format "$f" "$@"; done
    done
}

# Queries over span rows.
span_queries() { # PREFIX PATH...
    local p=$1; shift
    run "$p.query.stats-by-route" query 'stats count(*) as n, pct(duration, 50) as p50, pct(duration, 95) as p95, max(duration) as max by service, http.method, route | sort n desc, service, route' "$@"
    run "$p.query.stats-by-route.json" query 'stats count(*), pct(duration, 95) by service, http.method, route' --format json "$@"
    run "$p.query.filter-fields-sort-limit" query 'filter duration > 5 and kind = "segment" | fields trace_id, service, name, duration, http.status, fault | sort duration desc | limit 25' "$@"
    run "$p.query.sql-fingerprint.csv" query 'filter ispresent(sql.query) | stats sum(duration) as total, count(*) as n by sql.fingerprint | sort total desc | limit 10' --format csv "$@"
    run "$p.query.errors" query 'filter fault or error or throttle | stats count(*) as spans, count_distinct(trace_id) as traces by service, exception.type | sort spans desc' "$@"
    run "$p.query.traces-self-depth" query --source traces 'stats sum(self) as self_ms, max(depth) as depth by service, name | sort self_ms desc | limit 20' "$@"
    run "$p.query.dedup" query 'filter kind = "segment" | dedup service, route | fields service, route, http.method | sort service, route' "$@"
}

# Report options (filters, sorting, limits, routes file, explain) over one X-Ray input.
xray_options() { # PREFIX PATH...
    local p=$1; shift
    run "$p.endpoints.sort-limit" endpoints --sort p50_ms:asc --limit 5 "$@"
    run "$p.endpoints.sort-count.json" endpoints --sort count --format json "$@"
    run "$p.endpoints.min-duration" endpoints --min-duration 10 "$@"
    run "$p.endpoints.routes-file" endpoints --routes routes.txt "$@"
    run "$p.endpoints.explain" endpoints --explain "$@"
    run "$p.sql.n-plus-one" sql --n-plus-one 2 --sort max_per_trace --format json "$@"
    run "$p.sql.limit" sql --limit 3 --sort count:asc "$@"
    run "$p.sql.explain" sql --explain "$@"
    run "$p.errors.sort-spans" errors --sort spans:asc --format csv "$@"
    run "$p.errors.explain" errors --explain "$@"
    run "$p.traces.limit-sort" traces --limit 10 --sort spans "$@"
    run "$p.traces.min-duration.json" traces --min-duration 20 --format json "$@"
}

# One waterfall in three formats.
trace_cases() { # PREFIX ID PATH...
    local p=$1 id=$2; shift 2
    run "$p.trace.$id.table" trace "$id" "$@"
    run "$p.trace.$id.json" trace "$id" --format json "$@"
    run "$p.trace.$id.csv" trace "$id" --format csv "$@"
}

# CloudWatch Logs / EMF commands over one input.
logs_cases() { # PREFIX PATH...
    local p=$1; shift
    run "$p.logs" logs "$@"
    run "$p.logs.messages" logs --messages "$@"
    run "$p.logs.json" logs --format json "$@"
    run "$p.logs.csv" logs --format csv "$@"
    run "$p.logs.json-no-location" logs --format json --no-location "$@"
    run "$p.logs.filter-term" logs --filter ERROR "$@"
    run "$p.logs.filter-or" logs --filter '?WARNING ?Traceback' --format json "$@"
    run "$p.logs.filter-phrase" logs --filter '"slow handler"' "$@"
    run "$p.logs.filter-json" logs --filter '{ $.Service = "orders-api" || $.StatusCode = 500 }' --messages "$@"
    run "$p.logs.filter-space" logs --filter '[level, client, dash, request, status>=400, ...]' "$@"
    run "$p.logs.stream-glob" logs --stream '*orders*' --messages "$@"
    run "$p.logs.sort" logs --sort "$@"
    run "$p.logs.sort-since-rel" logs --sort --since -5m "$@"
    run "$p.logs.until-abs" logs --since 2024-06-01T00:05:00Z --until 2026-11-24T18:08:30Z --format csv "$@"
    run "$p.logs.log-group" logs --log-group /ecs/identity --format json "$@"
}

emf_cases() { # PREFIX PATH...
    local p=$1; shift
    local f
    for f in "${F3[@]}"; do run "$p.emf-validate.$f" emf validate --format "$f" "$@"; done
    run "$p.emf-validate.now" emf validate --now 2024-06-10T00:00:00Z "$@"
    for f in "${F3[@]}"; do run "$p.metrics.$f" metrics --format "$f" "$@"; done
    run "$p.metrics-inventory" metrics inventory "$@"
    run "$p.query.metrics-source" query --source metrics 'stats sum(value) as total, count(*) as n, min(value) as lo, max(value) as hi by namespace, metric, unit | sort namespace, metric' "$@"
}

metric_stats_cases() { # PREFIX NAMESPACE METRIC DIMENSION PATH...
    local p=$1 ns=$2 m=$3 dim=$4; shift 4
    run "$p.metrics-stats" metrics stats --namespace "$ns" --metric "$m" "$@"
    run "$p.metrics-stats.json" metrics stats --namespace "$ns" --metric "$m" --format json "$@"
    run "$p.metrics-stats.csv" metrics stats --namespace "$ns" --metric "$m" --period 300 --stat SampleCount,Sum,p90,p99.9 --format csv "$@"
    run "$p.metrics-stats.dimension" metrics stats --namespace "$ns" --metric "$m" --dimension "$dim" --period 3600 --stat Average,Minimum,Maximum,p50 "$@"
    run "$p.metrics-stats.explain" metrics stats --namespace "$ns" --metric "$m" --explain "$@"
}

log_queries() { # PREFIX PATH...   (the regex-heavy ones only on small inputs, see log_queries_big)
    local p=$1; shift
    run "$p.query.logs-parse-glob" query 'parse @message "\"* * HTTP/1.1\" * *" as method, path, status, reason | filter ispresent(status) | stats count(*) as n by method, status | sort n desc, method, status' "$@"
    run "$p.query.logs-parse-regex" query 'parse @message /(?<level>INFO|WARNING|ERROR|DEBUG) \[(?<logger>[a-z._]+)\]/ | filter ispresent(level) | stats count(*) as n by logger, level | sort logger, level' "$@"
    run "$p.query.logs-filter-fields" query 'filter @message like /Traceback|ERROR/ | fields @timestamp, @logStream, @message | sort @timestamp desc | limit 20' "$@"
    run "$p.query.logs-by-stream.csv" query 'stats count(*) as events, earliest(@timestamp) as first, latest(@timestamp) as last by @logStream | sort @logStream' --format csv "$@"
    run "$p.query.logs-json-fields" query 'filter ispresent(_aws.Timestamp) | stats count(*) as n by Service, Route | sort n desc, Service, Route | limit 30' "$@"
    run "$p.query.from-file" query -f slow.insights "$@"
}

# The same kinds of log queries for the 200 MB corpus, with cheaper regular expressions: the
# regex engine costs ~10 us per event and more with alternations (see README).
log_queries_big() { # PREFIX PATH...
    local p=$1; shift
    run "$p.query.logs-parse-glob" query 'parse @message "\"* * HTTP/1.1\" * *" as method, path, status, reason | filter ispresent(status) | stats count(*) as n by method, status | sort n desc, method, status' "$@"
    run "$p.query.logs-parse-regex" query 'parse @message /\[(?<logger>[a-z]+)\.service\]/ | stats count(*) as n by logger | sort logger' "$@"
    run "$p.query.logs-filter-fields" query 'filter @message like "Traceback" | fields @timestamp, @logStream, @message | sort @timestamp desc, @logStream | limit 20' "$@"
    run "$p.query.logs-by-stream.csv" query 'stats count(*) as events, earliest(@timestamp) as first, latest(@timestamp) as last by @logStream | sort @logStream' --format csv "$@"
    run "$p.query.logs-json-fields" query 'filter ispresent(_aws.Timestamp) | stats count(*) as n by Service, Route | sort n desc, Service, Route | limit 30' "$@"
}

common_cases() { # PREFIX PATH...  detect in three formats, cat (big outputs are hashed), --stats
    local p=$1; shift
    local f
    for f in "${F3[@]}"; do run "$p.detect.$f" detect --format "$f" "$@"; done
    run "$p.detect.stats" detect --stats "$@"
    run "$p.cat" cat "$@"
    run "$p.cat.no-location" cat --no-location "$@"
    run "$p.detect.max-line-1000" detect --max-line-bytes 1000 --stats "$@"
}

define_matrix() {
    # ---- bundled fixtures/corpus: X-Ray in three framings, CloudWatch Logs export ------------
    local fx=fixtures/corpus
    local set path r
    for set in jsonl udp batch; do
        path=$fx/xray/$set
        common_cases "b.xray-$set" "$path"
        xray_reports "b.xray-$set" "$path"
        run "b.xray-$set.endpoints.stats" endpoints --stats "$path"
        run "b.xray-$set.traces.stats" traces --stats "$path"
        run "b.xray-$set.endpoints.max-line-1000" endpoints --max-line-bytes 1000 --stats "$path"
        run "b.xray-$set.traces.max-line-1000" traces --max-line-bytes 1000 --stats --format csv "$path"
        trace_cases "b.xray-$set" 1-665a6480-82bd12095d0caad86dbe40d4 "$path"
    done
    span_queries "b.xray-jsonl" $fx/xray/jsonl
    xray_options "b.xray-jsonl" $fx/xray/jsonl
    trace_cases "b.xray-jsonl" 1-665a65ac-fc2e19675f9a531434bb4f6b $fx/xray/jsonl
    run "b.xray-jsonl.trace.missing" trace 1-00000000-000000000000000000000000 $fx/xray/jsonl
    run "b.xray-jsonl.endpoints.filters" endpoints --service shop-gw/prod --route '/prod/*' --since 2024-06-01T00:05:00Z --until 1717201200000 "$fx/xray/jsonl"
    run "b.xray-jsonl.traces.route-service" traces --route '/users*' --service users-api "$fx/xray/jsonl"
    run "b.xray-jsonl.traces.memory-1" traces --memory 1 --stats --format csv "$fx/xray/jsonl"
    # Arrival order: the same documents reversed.
    for r in endpoints sql errors traces; do run "b.xray-reversed.$r.csv" $r --format csv derived/xray-reversed.jsonl; done
    run "b.xray-reversed.trace" trace 1-665a6480-82bd12095d0caad86dbe40d4 derived/xray-reversed.jsonl
    # All framings at once (the same traces three times: duplicates), and worker counts.
    run "b.xray-all.traces.stats" traces --stats $fx/xray
    run "b.xray-all.endpoints" endpoints $fx/xray
    run "b.xray-all.sql.json" sql --format json $fx/xray
    for set in 1 3; do
        run "b.xray-all.jobs$set.endpoints.json" endpoints --jobs $set --format json $fx/xray
        run "b.xray-all.jobs$set.traces.csv" traces --jobs $set --format csv $fx/xray
        run "b.xray-all.jobs$set.errors" errors --jobs $set $fx/xray
        run "b.xray-all.jobs$set.query" query --jobs $set 'stats count(*) as n, sum(duration) as total by service, kind | sort service, kind' $fx/xray
    done

    local cw=$fx/cwlogs
    common_cases "b.cwlogs" $cw
    logs_cases "b.cwlogs" $cw
    emf_cases "b.cwlogs" $cw
    metric_stats_cases "b.cwlogs" Shop/API Latency Service=orders-api $cw
    metric_stats_cases "b.cwlogs.querytime" Shop/DB QueryTime Operation=select $cw
    log_queries "b.cwlogs" $cw
    run "b.cwlogs.logs.stats" logs --stats --messages $cw
    run "b.cwlogs.metrics.stats" metrics --stats $cw
    run "b.cwlogs.emf-validate.stats" emf validate --stats $cw
    run "b.cwlogs.logs.max-line-1000" logs --max-line-bytes 1000 --stats $cw
    run "b.cwlogs.metrics.max-line-1000" metrics --max-line-bytes 1000 --stats $cw
    run "b.cwlogs.logs.max-line-100" logs --max-line-bytes 100 --stats --messages $cw
    run "b.cwlogs.jobs1.logs.json" logs --jobs 1 --format json $cw
    run "b.cwlogs.jobs1.metrics.csv" metrics --jobs 1 --format csv $cw
    run "b.cwlogs.jobs1.query" query --jobs 1 'stats count(*) by @logStream | sort @logStream' $cw
    run "b.cwlogs.query.metrics-by-dimensions" query --source metrics 'filter namespace = "Shop/API" | stats count(*) as n, avg(value) as mean by metric, Service, Route | sort metric, Service, Route' $cw

    # Mixed tree (X-Ray + logs + truth.json), reports pick their records.
    run "b.corpus.detect" detect $fx
    run "b.corpus.detect.stats" detect --stats --format csv $fx
    run "b.corpus.endpoints.stats" endpoints --stats $fx
    run "b.corpus.logs.stats" logs --stats --messages $fx
    run "b.corpus.metrics" metrics $fx
    run "b.corpus.query.default-source" query 'stats count(*) as n' $fx

    # Standard input.
    run "b.stdin.detect" "<$fx/xray/jsonl/part-00000.jsonl.gz" detect -
    run "b.stdin.cat" "<$fx/xray/udp/part-00001.udp.gz" cat -
    run "b.stdin.endpoints" "<$fx/xray/jsonl/part-00002.jsonl.gz" endpoints --format csv
    run "b.stdin.logs.json" "<$cw/exportedlogs/b487eb2a-e668-28ae-ab42-7948ef352f33/ecs/orders-api/3c1b076f91aeb5f11c980c5fdd94c344/000000.gz" logs --format json -
    run "b.stdin.input-format" "<$fx/xray/udp/part-00000.udp.gz" traces --input-format xray-daemon --format csv -

    # ---- bundled fixtures/malformed ----------------------------------------------------------
    local m=fixtures/malformed f
    for f in emf-values-junk.json empty.jsonl export-invalid-utf8.log good.jsonl junk.bin plain.txt \
             truncated.jsonl.gz xray-binary-junk.jsonl xray-broken-line.jsonl xray-invalid-utf8.jsonl; do
        run "m.$f.detect" detect "$m/$f"
        run "m.$f.cat" cat "$m/$f"
        run "m.$f.cat.strict" cat --strict "$m/$f"
    done
    common_cases "m.dir" $m
    for r in endpoints sql errors traces logs metrics; do
        run "m.dir.$r" $r $m
        # --strict over several files uses one worker: with more, how many other inputs are
        # counted before the stop depends on timing (see README).
        run "m.dir.$r.strict" $r --strict --jobs 1 $m
    done
    run "m.dir.emf-validate" emf validate $m
    run "m.dir.emf-validate.strict" emf validate --strict --jobs 1 $m
    run "m.dir.cat.strict" cat --strict --jobs 1 $m
    run "m.dir.detect.strict" detect --strict --jobs 1 $m
    run "m.dir.query.strict" query --strict --jobs 1 'stats count(*) as n' $m
    run "m.dir.traces.stats" traces --stats $m
    run "m.dir.logs.stats" logs --stats $m
    run "m.dir.metrics.stats" metrics --stats $m
    run "m.dir.cat.max-line-1000" cat --max-line-bytes 1000 --stats $m
    run "m.dir.endpoints.max-line-1000" endpoints --max-line-bytes 1000 --stats $m
    run "m.dir.logs.max-line-1000" logs --max-line-bytes 1000 --stats $m
    run "m.dir.input-format.emf" emf validate --input-format emf $m/emf-values-junk.json
    run "m.dir.input-format.xray" endpoints --input-format xray-jsonl --stats $m/plain.txt
    run "m.stdin.empty" "<$m/empty.jsonl" detect -
    run "m.stdin.junk" "<$m/junk.bin" cat -
    run "m.missing-path" endpoints no/such/path
    run "m.missing-path-mixed" detect no/such/path $m/good.jsonl
    # Usage errors (exit 64).
    run "u.bad-format" endpoints --format yaml $m/good.jsonl
    run "u.trace-no-id" trace
    run "u.trace-bad-id" trace not-a-trace-id $m/good.jsonl
    run "u.metrics-stats-no-ns" metrics stats --metric Latency $m/good.jsonl
    run "u.query-syntax" query 'stats count(* by' $m/good.jsonl
    run "u.query-unknown-command" query 'frobnicate x' $m/good.jsonl
    run "u.bad-since" logs --since yesterday $m/export-invalid-utf8.log
    run "u.bad-sort" endpoints --sort nosuchcolumn $m/good.jsonl
    run "u.emf-bad-now" emf validate --now never $m/emf-values-junk.json
    run "u.max-line-zero" cat --max-line-bytes 0 $m/good.jsonl
    run "u.jobs-zero" cat --jobs 0 $m/good.jsonl

    # ---- ../shared/fixtures -----------------------------------------------------------------
    if [ -n "$SHARED" ] && [ -d "$SHARED/sdk" ]; then
        local s=shared/sdk
        local seg=$s/xray/segments.jsonl
        common_cases "s.segments" $seg
        xray_reports "s.segments" $seg
        span_queries "s.segments" $seg
        xray_options "s.segments" $seg
        run "s.segments.endpoints.stats" endpoints --stats $seg
        run "s.segments.traces.stats" traces --stats $seg
        run "s.segments.sql.max-line-1000" sql --max-line-bytes 1000 --stats $seg
        run "s.segments.traces.memory-4" traces --memory 4 --stats --format csv $seg
        run "s.segments.jobs1.traces.memory-4" traces --jobs 1 --memory 4 --stats --format csv $seg
        run "s.segments.jobs1.sql.csv" sql --jobs 1 --format csv $seg
        run "s.segments.jobs1.endpoints.json" endpoints --jobs 1 --format json $seg
        run "s.segments.endpoints.routes-filter" endpoints --route '/collections/*' --min-duration 5 --format csv $seg
        trace_cases "s.segments" 1-6b05d27e-f9280eaccf273a23e8266ed0 $seg
        trace_cases "s.segments" 1-6b05d27d-6a337fd7f8ef4cbaafca93d2 $seg
        local x
        for x in daemon-udp.capture batch-get-traces.json; do
            common_cases "s.$x" $s/xray/$x
            xray_reports "s.$x" $s/xray/$x
            run "s.$x.traces.stats" traces --stats $s/xray/$x
            run "s.$x.max-line-1000" endpoints --max-line-bytes 1000 --stats $s/xray/$x
            trace_cases "s.$x" 1-6b05d27e-f9280eaccf273a23e8266ed0 $s/xray/$x
        done
        x=get-trace-summaries.json
        common_cases "s.$x" $s/xray/$x
        run "s.$x.traces" traces $s/xray/$x
        run "s.$x.traces.json" traces --format json $s/xray/$x
        run "s.$x.traces.stats" traces --stats --format csv $s/xray/$x
        run "s.$x.endpoints" endpoints $s/xray/$x
        run "s.xray-dir.detect" detect --stats $s/xray
        run "s.xray-dir.traces.stats" traces --stats --format csv $s/xray
        run "s.xray-dir.endpoints.stats" endpoints --stats $s/xray
        run "s.xray-dir.errors.json" errors --format json $s/xray
        run "s.xray-dir.jobs1.traces.stats" traces --jobs 1 --stats --format csv $s/xray
        run "s.xray-dir.jobs1.sql" sql --jobs 1 --stats $s/xray

        local c=$s/cwlogs
        common_cases "s.cwlogs" $c
        logs_cases "s.cwlogs" $c
        emf_cases "s.cwlogs" $c
        log_queries "s.cwlogs" $c
        metric_stats_cases "s.cwlogs" OGCFeaturesAPI Latency Route=/collections/{collection_id}/items $c/export
        run "s.cwlogs.metrics-stats.method" metrics stats --namespace OGCFeaturesAPI --metric DbQueries --dimension Method=GET --period 60 --stat SampleCount,Sum,Maximum,p95 $c
        run "s.cwlogs.logs.stats" logs --stats --messages $c
        run "s.cwlogs.metrics.stats" metrics --stats $c
        run "s.cwlogs.logs.max-line-1000" logs --max-line-bytes 1000 --stats --messages $c
        run "s.cwlogs.emf.max-line-1000" emf validate --max-line-bytes 1000 --stats $c
        run "s.cwlogs.jobs1.logs.json" logs --jobs 1 --format json $c
        run "s.cwlogs.jobs1.metrics.json" metrics --jobs 1 --format json $c
        local sub
        for sub in export export-moto firehose filter-log-events.json; do
            run "s.cwlogs-$sub.detect" detect --stats $c/$sub
            run "s.cwlogs-$sub.logs.json" logs --format json $c/$sub
            run "s.cwlogs-$sub.logs.sort" logs --sort --messages $c/$sub
            run "s.cwlogs-$sub.metrics" metrics --format csv $c/$sub
            run "s.cwlogs-$sub.emf-validate" emf validate $c/$sub
            run "s.cwlogs-$sub.query.parse" query 'parse @message "* - \"* * HTTP/1.1\" *" as client, method, path, status | filter ispresent(status) | stats count(*) as n by method, status | sort n desc, status' $c/$sub
        done
        run "s.cwlogs-filter-log-events.logs.filter-json" logs --filter '{ $.StatusCode = 500 }' --format json $c/filter-log-events.json
        run "s.cwlogs-filter-log-events.logs.filter-numeric" logs --filter '{ $.Latency > 100 && $.ServiceName = "ogc-features-api" }' --messages $c/filter-log-events.json
        run "s.cwlogs-export.logs.stream" logs --stream 'ecs/ogc-features-api/946*' --since -30s --sort $c/export
        run "s.cwlogs-firehose.logs.stats" logs --stats --format csv $c/firehose

        run "s.otlp.detect" detect --stats $s/otlp
        run "s.otlp.endpoints" endpoints --stats $s/otlp/traces.jsonl
        run "s.otlp.traces" traces --stats $s/otlp/traces.jsonl
        run "s.otlp.query" query 'stats count(*) as n by service' $s/otlp/traces.jsonl
        run "s.all.detect" detect --stats --format csv $s
    fi
    if [ -n "$SHARED" ] && [ -d "$SHARED/public" ]; then
        local pb=shared/public
        common_cases "p.all" $pb
        run "p.all.detect.max-line-1000.json" detect --max-line-bytes 1000 --stats --format json $pb
        local sub
        for sub in xray cwlogs emf otlp; do common_cases "p.$sub" $pb/$sub; done
        xray_reports "p.xray" $pb/xray
        span_queries "p.xray" $pb/xray
        run "p.xray.traces.stats" traces --stats $pb/xray
        run "p.xray.endpoints.routes-file" endpoints --routes routes.txt $pb/xray
        run "p.xray.endpoints.max-line-1000" endpoints --max-line-bytes 1000 --stats $pb/xray
        run "p.xray.strict" traces --strict --jobs 1 $pb/xray
        trace_cases "p.xray" 1-5f29ab21-d4ebf299219a65bd5c31d6da $pb/xray
        trace_cases "p.xray" 1-581cf771-a006649127e371903a2de979 $pb/xray
        local xf
        for xf in $pb/xray/*.json; do
            run "p.xray-file.$(basename "$xf" .json).traces.json" traces --format json "$xf"
        done
        logs_cases "p.cwlogs" $pb/cwlogs
        run "p.cwlogs.logs.stats" logs --stats $pb/cwlogs
        run "p.cwlogs.logs.max-line-1000" logs --max-line-bytes 1000 --stats $pb/cwlogs
        run "p.cwlogs.strict" logs --strict --jobs 1 $pb/cwlogs
        run "p.cwlogs.query" query 'stats count(*) as n by @log, @logStream | sort @log, @logStream' $pb/cwlogs
        local cf
        for cf in $pb/cwlogs/*; do
            run "p.cwlogs-file.$(basename "$cf").logs.json" logs --format json "$cf"
        done
        emf_cases "p.emf" $pb/emf
        metric_stats_cases "p.emf" ServerlessAirline SuccessfulBooking service=booking $pb/emf
        run "p.emf.metrics.stats" metrics --stats $pb/emf
        run "p.emf.emf-validate.max-line-1000" emf validate --max-line-bytes 1000 --stats $pb/emf
        run "p.emf.strict" metrics --strict --jobs 1 $pb/emf
        run "p.otlp.endpoints" endpoints --stats $pb/otlp
        run "p.otlp.logs" logs --stats $pb/otlp
        run "p.otlp.metrics" metrics --stats $pb/otlp
    fi

    # ---- the big gen-corpus ------------------------------------------------------------------
    if [ -n "$CORPUS" ]; then
        local bx=corpus/xray bc=corpus/cwlogs
        local f
        for f in "${F3[@]}"; do run "c.detect.$f" detect --format "$f" corpus; done
        run "c.detect.stats" detect --stats corpus
        run "c.cat.xray" cat --stats $bx
        run "c.cat.cwlogs" cat --no-location $bc
        run "c.detect.max-line-1000" detect --max-line-bytes 1000 --stats corpus
        xray_reports "c.xray" $bx
        span_queries "c.xray" $bx
        run "c.xray.endpoints.stats" endpoints --stats $bx
        run "c.xray.sql.stats" sql --stats --n-plus-one 3 $bx
        run "c.xray.errors.stats" errors --stats --sort spans $bx
        run "c.xray.traces.stats" traces --stats --limit 50 $bx
        run "c.xray.endpoints.options" endpoints --sort max_ms --limit 10 --min-duration 5 --route '/prod/*' --format csv $bx
        run "c.xray.endpoints.max-line-1000" endpoints --max-line-bytes 1000 --stats $bx
        run "c.xray.jobs1.endpoints.json" endpoints --jobs 1 --format json $bx
        run "c.xray.jobs1.sql.csv" sql --jobs 1 --format csv $bx
        run "c.xray.jobs1.errors.json" errors --jobs 1 --format json $bx
        run "c.xray.jobs1.traces.csv" traces --jobs 1 --format csv $bx
        run "c.xray.jobs1.query" query --jobs 1 'stats count(*) as n, pct(duration, 99) as p99 by service, http.method, route | sort n desc, service, route' $bx
        run "c.xray.traces.memory-64" traces --memory 64 --stats --format csv $bx
        local id
        for id in "${CORPUS_TRACE_IDS[@]}"; do
            run "c.xray.trace.$id.table" trace "$id" $bx
            run "c.xray.trace.$id.json" trace "$id" --format json $bx
        done

        logs_cases "c.cwlogs" $bc
        emf_cases "c.cwlogs" $bc
        metric_stats_cases "c.cwlogs" Shop/API Latency Service=orders-api $bc
        log_queries_big "c.cwlogs" $bc
        run "c.cwlogs.logs.stats" logs --stats --messages $bc
        run "c.cwlogs.metrics.stats" metrics --stats $bc
        run "c.cwlogs.logs.max-line-1000" logs --max-line-bytes 1000 --stats --messages $bc
        run "c.cwlogs.metrics.max-line-1000" metrics --max-line-bytes 1000 --stats $bc
        run "c.cwlogs.jobs1.logs.json" logs --jobs 1 --format json $bc
        run "c.cwlogs.jobs1.metrics.json" metrics --jobs 1 --format json $bc
        run "c.cwlogs.jobs1.metrics-stats" metrics stats --jobs 1 --namespace Shop/API --metric Latency $bc
        run "c.cwlogs.jobs1.query" query --jobs 1 'stats count(*) as n by @logStream | sort n desc, @logStream' $bc
    fi
}

# Trace ids for the gen-corpus, taken from its bytes (not from sift): the first document's
# trace, and the first trace with a fault.
corpus_trace_ids() {
    CORPUS_TRACE_IDS=()
    [ -n "$CORPUS" ] || return 0
    local first
    first=$(find -L corpus/xray -type f -name '*.jsonl*' | LC_ALL=C sort | head -n 1)
    [ -n "$first" ] || return 0
    local cat_cmd=cat
    case "$first" in *.gz) cat_cmd="gzip -dc" ;; esac
    local a b
    a=$($cat_cmd "$first" | head -n 1 | grep -o '"trace_id": *"1-[0-9a-f]\{8\}-[0-9a-f]\{24\}"' | head -n 1 | grep -o '1-[0-9a-f-]*')
    b=$($cat_cmd "$first" | grep '"fault": *true' | head -n 1 | grep -o '"trace_id": *"1-[0-9a-f]\{8\}-[0-9a-f]\{24\}"' | head -n 1 | grep -o '1-[0-9a-f-]*')
    [ -n "$a" ] && CORPUS_TRACE_IDS+=("$a")
    [ -n "$b" ] && [ "$b" != "$a" ] && CORPUS_TRACE_IDS+=("$b")
    return 0
}

# md5 of every input file, by staged path, so compare can tell that both runs read the same bytes.
inputs_manifest() {
    local root
    for root in fixtures shared corpus; do
        [ -e "$root" ] || continue
        find -L "$root" -type f -print0 | LC_ALL=C sort -z | xargs -0 md5sum
    done
}

stage() { # builds $WORK/in and cds into it
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/sift-identity.XXXXXX") || die "mktemp failed"
    trap 'rm -rf "$WORK"' EXIT
    mkdir -p "$WORK/in" "$WORK/tmp" "$WORK/bin"
    FIXTURES=$(find_fixtures) || exit 2
    SHARED=$(find_shared) || exit 2
    CORPUS=$(find_corpus) || exit 2
    ln -s "$FIXTURES" "$WORK/in/fixtures"
    [ -n "$SHARED" ] && ln -s "$SHARED" "$WORK/in/shared"
    [ -n "$CORPUS" ] && ln -s "$CORPUS" "$WORK/in/corpus"
    # Helper inputs for --routes and query -f.
    printf '%s\n' '/users/{user_id}' '/orders/{order_id}' '/products/{sku}' '/payments/{payment_id}' \
        '/collections/{collection_id}/items/{item_id}' '/health' > "$WORK/in/routes.txt"
    printf '%s\n' 'filter @message like /slow|timeout|Traceback/' '| stats count(*) as n by @logStream' '| sort n desc, @logStream' > "$WORK/in/slow.insights"
    # The bundled X-Ray JSONL documents in reverse order: reports must not depend on the order
    # in which a trace's documents arrive (in the before binary, errors and sql routes do).
    mkdir -p "$WORK/in/derived"
    local f
    for f in $(LC_ALL=C ls "$FIXTURES"/corpus/xray/jsonl/*.jsonl.gz); do gzip -dc "$f"; done | tac > "$WORK/in/derived/xray-reversed.jsonl"
    cd "$WORK/in" || die "cd $WORK/in failed"
    corpus_trace_ids
}

cmd_record() {
    [ $# -eq 2 ] || usage
    local bin=$1
    OUT=$2
    [ -x "$bin" ] && [ -f "$bin" ] || die "not an executable: $bin"
    bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
    if [ -e "$OUT" ]; then
        [ -d "$OUT" ] || die "$OUT exists and is not a directory"
        if [ -n "$(ls -A "$OUT")" ] && [ ! -f "$OUT/identity-format" ]; then
            die "$OUT is not empty and not an identity snapshot; refusing to overwrite"
        fi
        rm -rf "${OUT:?}/cases" "$OUT/timings.tsv" "$OUT/meta.txt" "$OUT/inputs.md5" "$OUT/identity-format"
    fi
    mkdir -p "$OUT/cases" || die "cannot create $OUT"
    OUT=$(cd "$OUT" && pwd)
    CASES=$OUT/cases
    stage
    # Run sift as "sift" from the scratch dir, with its temporary files (trace spills) there.
    ln -s "$bin" "$WORK/bin/sift"
    SIFT=$WORK/bin/sift
    export TMPDIR=$WORK/tmp
    export LC_ALL=C TZ=UTC
    echo "$FORMAT_VERSION" > "$OUT/identity-format"
    : > "$OUT/timings.tsv"
    inputs_manifest > "$OUT/inputs.md5"
    local start end
    start=$(date +%s.%N)
    define_matrix
    end=$(date +%s.%N)
    {
        echo "binary: $bin"
        echo "binary_md5: $(md5sum < "$bin" | cut -d' ' -f1)"
        echo "version: $("$SIFT" --version 2>&1 | head -n 1)"
        echo "recorded: $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(hostname) ($(nproc) cores)"
        echo "fixtures: $FIXTURES"
        echo "shared: ${SHARED:-absent}"
        echo "corpus: ${CORPUS:-absent}"
        echo "corpus_trace_ids: ${CORPUS_TRACE_IDS[*]:-}"
        echo "only: ${ONLY:-all}"
        echo "cases: $NCASES"
        awk -v a="$start" -v b="$end" 'BEGIN { printf "seconds: %.1f\n", b - a }'
    } > "$OUT/meta.txt"
    ls "$CASES" | sed -n 's/\.cmd$//p' > "$OUT/cases.txt"
    echo "recorded $NCASES cases into $OUT in $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }') s" \
         "(shared: ${SHARED:-absent}; corpus: ${CORPUS:-absent})"
}

cmd_list() {
    MODE=list
    FIXTURES=$(find_fixtures) || exit 2
    SHARED=$(find_shared) || exit 2
    CORPUS=$(find_corpus) || exit 2
    WORK=$(mktemp -d) && trap 'rm -rf "$WORK"' EXIT
    mkdir -p "$WORK/in"
    ln -s "$FIXTURES" "$WORK/in/fixtures"
    [ -n "$SHARED" ] && ln -s "$SHARED" "$WORK/in/shared"
    [ -n "$CORPUS" ] && ln -s "$CORPUS" "$WORK/in/corpus"
    cd "$WORK/in" || exit 2
    corpus_trace_ids
    define_matrix
    echo "# $NCASES cases" >&2
}

# ---------------------------------------------------------------------------------------------
# compare BEFORE AFTER [ALLOW_FILE]
# ALLOW_FILE: one bash glob over case names per line, optional "# reason"; matching cases may
# differ (reported as "expected"), everything else must be byte-identical.

cmd_compare() {
    [ $# -ge 2 ] && [ $# -le 3 ] || usage
    local a=$1 b=$2 allow=${3:-}
    local d
    for d in "$a" "$b"; do
        [ -f "$d/identity-format" ] && [ -d "$d/cases" ] || die "$d is not a snapshot made by 'check.sh record'"
    done
    [ "$(cat "$a/identity-format")" = "$(cat "$b/identity-format")" ] || die "snapshot formats differ; re-record both"
    local -a patterns=()
    if [ -n "$allow" ]; then
        [ -f "$allow" ] || die "no such allow file: $allow"
        local line
        while IFS= read -r line || [ -n "$line" ]; do
            line=${line%%#*}; line=${line//[[:space:]]/}
            [ -n "$line" ] && patterns+=("$line")
        done < "$allow"
    fi
    allowed() { local p; for p in "${patterns[@]}"; do [[ $1 == $p ]] && return 0; done; return 1; }

    local lines=${SIFT_IDENTITY_DIFF_LINES:-12}
    local failures=0 expected=0 same=0
    if ! cmp -s "$a/inputs.md5" "$b/inputs.md5"; then
        echo "DIFFER  inputs: the two runs did not read the same input files (inputs.md5):"
        diff "$a/inputs.md5" "$b/inputs.md5" | head -n "$lines" | sed 's/^/    /'
        failures=$((failures + 1))
    fi
    local name ext what
    while IFS= read -r name; do
        if [ ! -f "$a/cases/$name.cmd" ]; then
            if allowed "$name"; then echo "expect  $name: only in $b"; expected=$((expected + 1))
            else echo "DIFFER  $name: only in $b"; failures=$((failures + 1)); fi
            continue
        fi
        if [ ! -f "$b/cases/$name.cmd" ]; then
            if allowed "$name"; then echo "expect  $name: only in $a"; expected=$((expected + 1))
            else echo "DIFFER  $name: only in $a"; failures=$((failures + 1)); fi
            continue
        fi
        what=""
        for ext in cmd rc out err; do
            cmp -s "$a/cases/$name.$ext" "$b/cases/$name.$ext" || what+=" $ext"
        done
        if [ -z "$what" ]; then same=$((same + 1)); continue; fi
        if allowed "$name"; then
            echo "expect  $name:$what"
            expected=$((expected + 1))
            continue
        fi
        echo "DIFFER  $name:$what   ($(cat "$a/cases/$name.cmd"))"
        failures=$((failures + 1))
        if [ "$lines" -gt 0 ]; then
            for ext in $what; do
                diff -u --label "before/$name.$ext" --label "after/$name.$ext" \
                    "$a/cases/$name.$ext" "$b/cases/$name.$ext" | sed -n "3,$((lines + 2))p" | cut -b 1-240 | sed 's/^/    /'
            done
        fi
    done < <( { ls "$a/cases"; ls "$b/cases"; } | sed -n 's/\.cmd$//p' | LC_ALL=C sort -u)
    local p
    for p in "${patterns[@]}"; do
        local hit=0
        while IFS= read -r name; do [[ $name == $p ]] && { hit=1; break; }; done < <(ls "$a/cases" "$b/cases" | sed -n 's/\.cmd$//p')
        [ $hit = 1 ] || echo "note    allow pattern matches no case: $p"
    done
    echo "identical: $same, expected differences: $expected, unexpected differences: $failures"
    [ "$failures" -eq 0 ]
}

case "${1:-}" in
    record) shift; cmd_record "$@" ;;
    compare) shift; cmd_compare "$@" ;;
    list) shift; cmd_list "$@" ;;
    -h|--help|help|"") usage ;;
    *) echo "check.sh: unknown mode: $1" >&2; usage ;;
esac
