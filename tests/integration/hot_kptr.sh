#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# hot_kptr: hidden kernel names are said, not shown as garbage.  With
# kptr_restrict 2 (set for the test and restored) /proc/kallsyms shows
# every address as 0 even to root.  The perf back end still samples the
# kernel (hotwork syscall spends most of its CPU there): its kernel frames
# are one "[kernel]" row, no kernel function is named, JSON
# sampler.kernel_reason says kptr_restrict is 2, the text output says the
# names are hidden, and write_chunks (user code) is still named.  Root
# only: it changes a system setting.
. "$top_srcdir/tests/integration/hot_lib.sh"

KR=/proc/sys/kernel/kptr_restrict
if [ "$(id -u)" -ne 0 ] || [ ! -w "$KR" ]; then
	echo "needs root and a writable $KR"
	exit 77
fi
old=$(cat "$KR")
trap 'echo "$old" >"$KR"; lib_cleanup' EXIT
start_workload hotwork syscall 120
sleep 0.3
echo 2 >"$KR"
HOT_MIN_SAMPLES=100
run_hot "$WL_PID" perf "$TMPD/hidden.json"
"$CTOP" -p "$WL_PID" --batch -f text -d 1 -n 4 --sampler perf >"$TMPD/hidden.txt" 2>"$TMPD/err.txt" ||
	fail "text run exited $?"
echo "$old" >"$KR"
if sampler_missing "$TMPD/hidden.json"; then
	echo "perf unavailable as root"
	exit 77
fi
python3 - "$TMPD/hidden.json" <<'PYEOF' || exit 1
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
s = rows[-1]["sampler"]
hot = rows[-1]["hot"]
print("kptr_restrict 2: kernel %s, reason %r; top: %s" % (s["kernel"], s.get("kernel_reason"),
      ", ".join("%s %s %.0f%%" % (h["function"], h["module"], h["self_pct"]) for h in hot[:4])))
assert s["kernel"] is True, "kernel not sampled as root: %s" % s.get("kernel_reason")
assert "kptr_restrict is 2" in (s.get("kernel_reason") or ""), "no reason: %r" % s.get("kernel_reason")
kern = [h for h in hot if h["module"] == "[kernel]"]
assert kern, "no kernel row"
assert all(h["function"] == "[kernel]" for h in kern), \
    "kernel names shown though hidden: %s" % [h["function"] for h in kern]
assert sum(h["self_pct"] for h in kern) >= 40, "kernel self share under 40 %"
assert any(h["function"] == "write_chunks" for h in hot), "write_chunks not named"
PYEOF
grep -q "^Hot: kernel names hidden: kptr_restrict is 2" "$TMPD/hidden.txt" ||
	fail "the text output does not say the kernel names are hidden"
echo "PASS"
