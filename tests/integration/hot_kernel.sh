#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# hot_kernel: kernel time is shown, or its absence is said.  hotwork
# syscall writes 16-byte chunks to /dev/null from write_chunks, so most of
# its CPU is system time.
# As root, the perf back end must put kernel frames on top of the user
# ones: [kernel] functions hold most of the self share, and write_chunks
# is on >= 90 % of the stacks.  As an unprivileged user with
# perf_event_paranoid 2 (set for the test and restored), kernel sampling
# is refused: the JSON says kernel false with the reason and the system
# share of the process's CPU (>= 40 % here), and the text output says
# "kernel not sampled".
. "$top_srcdir/tests/integration/hot_lib.sh"

ran=0
if [ "$(id -u)" -eq 0 ]; then
	start_workload hotwork syscall 120
	sleep 0.3
	run_hot "$WL_PID" perf "$TMPD/root.json"
	if sampler_missing "$TMPD/root.json"; then
		echo "perf unavailable as root"
	else
		python3 - "$TMPD/root.json" <<'PYEOF' || exit 1
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
s = rows[-1]["sampler"]
assert s["kernel"] is True, "kernel not sampled as root: %s" % s.get("kernel_reason")
total = kern = 0
incl = {}
for d in rows[1:]:
    n = d["sampler"]["interval_samples"]
    total += n
    for h in d["hot_interval"]:
        if h["module"].startswith("["):
            kern += h["samples"] if h["module"] != "[unknown]" else 0
        incl[h["function"]] = incl.get(h["function"], 0) + h["total_pct"] * n / 100.0
assert total >= 100, "only %d samples" % total
k = 100.0 * kern / total
w = 100.0 * incl.get("write_chunks", 0) / total
top = sorted(rows[-1]["hot"], key=lambda h: -h["self_pct"])[:5]
print("root: %d samples, kernel self %.1f%%, write_chunks total %.1f%%; top: %s" % (
    total, k, w, ", ".join("%s %s %.0f%%" % (h["function"], h["module"], h["self_pct"]) for h in top)))
assert k >= 40, "kernel frames hold %.1f%% of the self share, want >= 40" % k
assert w >= 90, "write_chunks on %.1f%% of the stacks, want >= 90" % w
PYEOF
		ran=$((ran + 1))
	fi
	kill -9 "$WL_PID" 2>/dev/null
	wait "$WL_PID" 2>/dev/null
fi

# Unprivileged: a non-root user watching its own process.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1 &&
	[ -w /proc/sys/kernel/perf_event_paranoid ]; then
	old=$(cat /proc/sys/kernel/perf_event_paranoid)
	trap 'echo "$old" >/proc/sys/kernel/perf_event_paranoid; lib_cleanup' EXIT
	echo 2 >/proc/sys/kernel/perf_event_paranoid
	chmod 755 "$TMPD"
	# No shell function: $! must be the workload itself, not a subshell.
	asuser="setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all"
	$asuser "$WL/hotwork" syscall 120 >/dev/null &
	WL_PID=$!
	WL_PIDS="$WL_PIDS $WL_PID"
	sleep 0.3
	for fmt in json text; do
		$asuser "$CTOP" -p "$WL_PID" --batch -f $fmt -d 1 -n 5 --sampler perf \
			>"$TMPD/user.$fmt" 2>"$TMPD/err.txt"
		rc=$?
		if [ $rc -ne 0 ]; then
			cat "$TMPD/err.txt"
			fail "ctop as an unprivileged user exited $rc"
		fi
	done
	echo "$old" >/proc/sys/kernel/perf_event_paranoid
	if sampler_missing "$TMPD/user.json"; then
		echo "perf unavailable to an unprivileged user"
	else
		python3 - "$TMPD/user.json" <<'PYEOF' || exit 1
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
d = rows[-1]
s = d["sampler"]
print("unprivileged: kernel %s (%s), system share %s%%" % (s["kernel"], s.get("kernel_reason"),
      d.get("hot_window_sys_pct")))
assert s["kernel"] is False, "kernel sampled with perf_event_paranoid 2 as a user?"
assert "perf_event_paranoid" in (s.get("kernel_reason") or ""), "no reason given"
assert d["hot_window_sys_pct"] is not None and d["hot_window_sys_pct"] >= 40, \
    "system share %s, want >= 40" % d["hot_window_sys_pct"]
assert all(not h["module"] == "[kernel]" for h in d["hot"]), "kernel frames without kernel sampling"
PYEOF
		grep -q "kernel not sampled (perf_event_paranoid=2: kernel mode needs <= 1" "$TMPD/user.text" ||
			fail "the text output does not say that the kernel is not sampled"
		ran=$((ran + 1))
	fi
fi
if [ $ran -eq 0 ]; then
	echo "neither root nor an unprivileged perf run is possible here"
	exit 77
fi
echo "PASS"
