#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/offcpu.sh: what wall-clock mode costs a thread pool with most
# threads parked.  Runs the pool workload (200 threads: 4 busy, 196
# parked on a condition variable; it prints work units per second) alone,
# under ctop in on-CPU mode (ptrace sampler, -F 99), under ctop --wall
# with the sample back end (ptrace sampler), and, as root, under ctop
# --wall with the trace back end; prints each run's mean throughput, the
# share lost against the run alone, and the stack copies ctop took and
# re-used.  Run from the build tree: bench/offcpu.sh [SECONDS] (default
# 10; the first second dropped).  By hand, never from make check.
set -u
SECS=${1:-10}
B=${top_builddir:-.}
WL="$B/tests/workloads/pool"
CTOP="$B/src/ctop"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
[ -x "$WL" ] || { echo "build first: make check TESTS= (needs $WL)"; exit 1; }

mean() { awk '/^ops\/s/ { n++; if (n > 1) { s += $2; c++ } } END { if (c) printf "%.0f", s / c; else print "n/a" }' "$1"; }

# run NAME [CTOP ARGS...]: the pool for SECS seconds, ctop (batch JSON to
# $TMP/NAME.json) alongside when args are given
run() {
	name=$1
	shift
	"$WL" 200 4 "$SECS" 2>"$TMP/$name.log" &
	pid=$!
	cpid=""
	if [ $# -gt 0 ]; then
		"$CTOP" -p "$pid" --batch -f json -d 1 --locks off "$@" >"$TMP/$name.json" \
			2>"$TMP/$name.err" &
		cpid=$!
	fi
	wait "$pid"
	[ -n "$cpid" ] && wait "$cpid" 2>/dev/null
	mean "$TMP/$name.log"
}

copies() {
	python3 - "$1" <<'PY' 2>/dev/null || echo "n/a"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
w = rows[-1].get("wall") or {}
print("copied %s, re-used %s, look rate %s Hz" % (w.get("stacks_copied"), w.get("stacks_reused"), w.get("rate_hz")))
PY
}

alone=$(run alone)
oncpu=$(run oncpu --sampler ptrace -F 99)
wall=$(run wall --sampler ptrace -F 99 --wall --wall-backend sample)
loss() { awk -v a="$alone" -v b="$1" 'BEGIN { if (a > 0 && b != "n/a") printf "%.1f%%", 100 * (a - b) / a; else print "n/a" }'; }
printf '%-28s %12s %8s\n' "run" "ops/s" "lost"
printf '%-28s %12s %8s\n' "alone" "$alone" "-"
printf '%-28s %12s %8s\n' "on-CPU (ptrace, 99 Hz)" "$oncpu" "$(loss "$oncpu")"
printf '%-28s %12s %8s  %s\n' "wall, sample back end" "$wall" "$(loss "$wall")" "$(copies "$TMP/wall.json")"
if [ "$(id -u)" -eq 0 ]; then
	trace=$(run trace --sampler perf -F 99 --wall --wall-backend trace)
	printf '%-28s %12s %8s  %s\n' "wall, trace back end" "$trace" "$(loss "$trace")" \
		"$(copies "$TMP/trace.json")"
fi
