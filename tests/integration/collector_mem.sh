#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# collector_mem: a process growing its anonymous RSS by 16 MiB/s shows an
# RSS growth slope within 30 % of 16 MiB/s, over a window of some seconds.
. "$top_srcdir/tests/integration/collector_lib.sh"

start_workload memgrow 30
sleep 0.3
run_ctop "$WL_PID"
check_contract "$TMPD/out.json" || exit 1
python3 - "$TMPD/out.json" <<'PYEOF' || exit 1
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 5, "want 5 snapshots, got %d" % len(rows)
g = [d["memory"]["rss_growth_bytes_per_s"] for d in rows]
known = [x for x in g if x is not None]
# Three points are needed for a slope: the first written lines may be null.
assert len(known) >= 3, "growth known in only %d snapshots: %s" % (len(known), g)
m = statistics.median(known)
want = 16 * 1024 * 1024
print("rss_growth_bytes_per_s median %.0f (%.2f MiB/s) over %s s; all %s"
      % (m, m / 1048576, rows[-1]["memory"]["growth_window_s"], g))
assert abs(m - want) <= 0.30 * want, "growth %.0f not within 30%% of %d" % (m, want)
assert 2 <= rows[-1]["memory"]["growth_window_s"] <= 10.5
# RSS itself rose, and it is anonymous memory.
r0, r1 = rows[0]["process"], rows[-1]["process"]
assert r1["rss_bytes"] - r0["rss_bytes"] > 32 * 1048576, (r0["rss_bytes"], r1["rss_bytes"])
assert r1["rss_anon_bytes"] > 32 * 1048576
PYEOF
echo "PASS"
