#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# hot_vdso: unwinding through the vdso.  hotwork vdso spends its time in
# clock_gettime called from time_loop; clock_gettime runs in the vdso,
# which has no file on disk.  With each back end, time_loop must be on
# >= 90 % of the stacks (its caller is found, not [unknown]).  Skipped
# where the clocksource makes clock_gettime a real system call.
. "$top_srcdir/tests/integration/hot_lib.sh"

cs=$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource 2>/dev/null)
case "$cs" in
tsc | kvm-clock | hyperv_clocksource_tsc_page | arch_sys_counter) ;;
*)
	echo "clocksource '$cs': clock_gettime may not run in the vdso here"
	exit 77
	;;
esac
start_workload hotwork vdso 120
sleep 0.3
HOT_MIN_SAMPLES=200
ran=0
for sampler in perf ptrace; do
	run_hot "$WL_PID" "$sampler" "$TMPD/$sampler.json"
	if sampler_missing "$TMPD/$sampler.json"; then
		continue
	fi
	python3 - "$TMPD/$sampler.json" <<'PYEOF' || exit 1
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
s = rows[-1]["sampler"]
total = 0
incl, selfn, unknown_caller = {}, {}, 0
for d in rows[1:]:
    n = d["sampler"]["interval_samples"]
    total += n
    for h in d["hot_interval"]:
        incl[h["function"]] = incl.get(h["function"], 0) + h["total_pct"] * n / 100.0
        selfn[(h["function"], h["module"])] = selfn.get((h["function"], h["module"]), 0) + h["samples"]
assert total >= 100, "only %d samples" % total
vdso = 100.0 * sum(c for (f, m), c in selfn.items() if m == "[vdso]") / total
t = 100.0 * incl.get("time_loop", 0) / total
print("%s: %d samples, self in [vdso] %.1f%%, time_loop total %.1f%%" % (s["backend"], total, vdso, t))
if vdso < 30:
    print("the thread is rarely caught in the vdso (%.1f%%): nothing to test" % vdso)
    sys.exit(0)
assert t >= 90, "time_loop on %.1f%% of the stacks: the step out of the vdso loses the caller" % t
PYEOF
	ran=$((ran + 1))
done
if [ $ran -eq 0 ]; then
	echo "neither sampler can run here"
	exit 77
fi
echo "PASS"
