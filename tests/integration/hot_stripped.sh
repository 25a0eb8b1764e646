#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# hot_stripped: code with no symbols still aggregates by function.  A copy
# of hotprof without .symtab (strip keeps .eh_frame) is sampled: its hot
# list must name a few hotprof-stripped+0x... entries, one per function
# start (not one per address), with the 75/25 shares of the named run.
. "$top_srcdir/tests/integration/hot_lib.sh"

if ! command -v strip >/dev/null 2>&1; then
	echo "strip (binutils) is missing"
	exit 77
fi
strip -o "$TMPD/hotprof-stripped" "$HOTPROF" || exit 1
start_hotprof "$TMPD/hotprof-stripped" 600
run_hot "$WL_PID" auto "$TMPD/out.json"
if sampler_missing "$TMPD/out.json"; then
	exit 77
fi
python3 - "$TMPD/out.json" <<'PYEOF' || exit 1
import json, re, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
total = 0
self_n = {}
for d in rows[1:]:
    total += d["sampler"]["interval_samples"]
    for h in d["hot_interval"]:
        if h["module"] == "hotprof-stripped":
            self_n[h["function"]] = self_n.get(h["function"], 0) + h["samples"]
assert total >= 50, "only %d samples" % total
names = sorted(self_n, key=lambda f: -self_n[f])
print("stripped entries: %s" % ", ".join("%s %d" % (f, self_n[f]) for f in names))
for f in names:
    assert re.fullmatch(r"hotprof-stripped\+0x[0-9a-f]+", f), "unexpected name %r" % f
# One entry per function: main, work, the two leaves and a few helpers,
# not hundreds of addresses.
assert 2 <= len(names) <= 12, "%d distinct entries: grouped by address?" % len(names)
h = 100.0 * self_n[names[0]] / total
c = 100.0 * self_n[names[1]] / total
assert abs(h - 75) <= 10, "hottest %s %.1f%%, want 75 +- 10" % (names[0], h)
assert abs(c - 25) <= 10, "second %s %.1f%%, want 25 +- 10" % (names[1], c)
PYEOF
echo "PASS"
