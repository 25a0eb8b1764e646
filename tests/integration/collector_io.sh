#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# collector_io: a process writing 8 MiB/s through write(2) shows wchar at
# 8 MiB/s within 25 % (median), and the writes counted by syscw.
. "$top_srcdir/tests/integration/collector_lib.sh"

start_workload iowrite 30
sleep 0.3
run_ctop "$WL_PID"
check_contract "$TMPD/out.json" || exit 1
python3 - "$TMPD/out.json" <<'PYEOF' || exit 1
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 5, "want 5 snapshots, got %d" % len(rows)
io = [d["io"] for d in rows[1:]]
assert all(x["reason"] is None for x in io), io[0]["reason"]
w = statistics.median(x["wchar_per_s"] for x in io)
c = statistics.median(x["syscw_per_s"] for x in io)
want = 8 * 1024 * 1024
print("wchar_per_s median %.0f (%.2f MiB/s), syscw_per_s median %.1f" % (w, w / 1048576, c))
assert abs(w - want) <= 0.25 * want, "wchar %.0f not within 25%% of %d" % (w, want)
# 64 KiB a write: 128 writes a second.
assert 96 <= c <= 160, "syscw %.1f not near 128/s" % c
# The per-thread figure of the only thread agrees with the process.
t = statistics.median(d["threads"][0]["wchar_per_s"] for d in rows[1:])
assert abs(t - want) <= 0.25 * want, "thread wchar %.0f" % t
PYEOF
echo "PASS"
