#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/locks.sh: what watching locks costs a lock-heavy program.  Runs
# lockmutex (four threads on one mutex; it prints locked sections per
# second) alone, under ctop with the trace back end (default settings),
# under ctop with the sample back end, and under `perf trace -e futex`
# where perf runs, and prints each run's mean throughput and the share
# lost against the run alone.  Run from the build tree: bench/locks.sh
# [SECONDS] (default 10; the first second of each run is dropped).
# Runs by hand (root for the trace back end), never from make check.
set -u
SECS=${1:-10}
B=${top_builddir:-.}
WL="$B/tests/workloads/lockmutex"
CTOP="$B/src/ctop"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
[ -x "$WL" ] || { echo "build first: make check TESTS= (needs $WL)"; exit 1; }

# mean ops/s of lines 2.. of a lockmutex log
mean() { awk '/^ops\/s/ { n++; if (n > 1) { s += $2; c++ } } END { if (c) printf "%.0f", s / c; else print "n/a" }' "$1"; }

# run NAME WATCHER...: lockmutex for SECS seconds, WATCHER (given the pid
# as %PID%) started alongside
run() {
	name=$1
	shift
	"$WL" "$SECS" 2>"$TMP/$name.log" &
	pid=$!
	wpid=""
	if [ $# -gt 0 ]; then
		cmd=$(echo "$*" | sed "s/%PID%/$pid/g")
		sh -c "exec $cmd" >/dev/null 2>"$TMP/$name.err" &
		wpid=$!
	fi
	wait "$pid"
	[ -n "$wpid" ] && { kill -INT "$wpid" 2>/dev/null; wait "$wpid" 2>/dev/null; }
	mean "$TMP/$name.log"
}

alone=$(run alone)
trace=$(run trace "$CTOP -p %PID% --batch -f json -o /dev/null --locks trace")
sample=$(run sample "$CTOP -p %PID% --batch -f json -o /dev/null --locks sample")
if command -v perf >/dev/null 2>&1; then
	ptrace=$(run perftrace "perf trace -e futex -p %PID% -o /dev/null")
	[ -s "$TMP/perftrace.err" ] && grep -qi "error\|not" "$TMP/perftrace.err" && ptrace="n/a ($(head -c 80 "$TMP/perftrace.err"))"
else
	ptrace="n/a (no perf)"
fi
lost() { awk -v a="$alone" -v b="$1" 'BEGIN { if (a > 0 && b + 0 > 0) printf "%.1f %%", (a - b) * 100 / a; else print "n/a" }'; }
printf "%-34s %12s %10s\n" "lockmutex, $SECS s each" "ops/s" "lost"
printf "%-34s %12s %10s\n" "alone" "$alone" "-"
printf "%-34s %12s %10s\n" "ctop --locks trace (default)" "$trace" "$(lost "$trace")"
printf "%-34s %12s %10s\n" "ctop --locks sample" "$sample" "$(lost "$sample")"
printf "%-34s %12s %10s\n" "perf trace -e futex" "$ptrace" "$(lost "$ptrace")"
