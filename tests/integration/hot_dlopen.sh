#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# hot_dlopen: code mapped after attach (dlopen) is named and unwound.
# dlhot spins in its own dl_before for 1.5 s, then dlopens libdlhot.so and
# spins in dl_hot -> dl_mix: the later snapshots must name dl_mix/dl_hot
# in module libdlhot.so (the symbol cache was rebuilt when the maps
# changed), with main still on nearly every stack (the unwinder found the
# new library's unwind tables), for both back ends.
. "$top_srcdir/tests/integration/hot_lib.sh"

for sampler in perf ptrace; do
	start_workload dlhot "$WL/.libs-dlhot/libdlhot.so" 1.5 600
	sleep 0.2
	# Until 40 samples after the first snapshot that names dl_mix: a
	# count, so a loaded machine only makes it slower.
	run_hot_after "$TMPD/$sampler.json" dl_mix 40 -p "$WL_PID" --batch -f json -d 0.5 -n 400 \
		--sampler "$sampler"
	kill "$WL_PID"
	python3 - "$TMPD/$sampler.json" "$sampler" <<'PYEOF' || exit 1
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
s = rows[-1]["sampler"]
if s.get("backend") in (None, "off"):
    print("%s: sampling off: %s" % (sys.argv[2], s.get("reason"))); sys.exit(1)
first = next(i for i, r in enumerate(rows)
             if any(h["function"] == "dl_mix" for h in r["hot_interval"]))
late = rows[first + 1:]
total = sum(d["sampler"]["interval_samples"] for d in late)
selfs, mods, main, hot = {}, {}, 0.0, 0.0
for d in late:
    n = d["sampler"]["interval_samples"]
    for h in d["hot_interval"]:
        selfs[h["function"]] = selfs.get(h["function"], 0) + h["samples"]
        mods[h["function"]] = h["module"]
        if h["function"] == "main":
            main += h["total_pct"] * n / 100.0
        if h["function"] == "dl_hot":
            hot += h["total_pct"] * n / 100.0
print("%s: %d late samples; self %s; main total %.0f%%" % (sys.argv[2], total,
      sorted(selfs.items(), key=lambda kv: -kv[1])[:4], 100.0 * main / max(total, 1)))
assert total >= 20, "too few samples: %d" % total
mix = selfs.get("dl_mix", 0)
assert mix >= 0.7 * total, "dl_mix has %d of %d late samples" % (mix, total)
assert mods.get("dl_mix") == "libdlhot.so", "dl_mix in %s" % mods.get("dl_mix")
assert main >= 0.9 * total, "main on only %.0f of %d stacks" % (main, total)
assert hot >= 0.7 * total, "dl_hot (dl_mix's caller) on only %.0f of %d stacks" % (hot, total)
PYEOF
done
echo "ok"
