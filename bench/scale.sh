#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/scale.sh: the collector's cost per tick against thread count.  A
# pool of 10, 200 and 2,000 threads (4 busy, the rest parked) watched at
# the same time by ctop --batch -F 0 --locks off (the /proc collector
# alone, 1 s interval), htop -d 10 -p PID in a 120x40 tmux pane and
# pidstat -t -p PID 1, each for BENCH_REPEATS windows of BENCH_SCALE_SECS
# (default 10) after a warm-up.  The figure is CPU milliseconds per 1 s
# tick.  Prints rows for bench/run.sh; asserts nothing.
. "$(dirname "$0")/lib.sh"
SECS=${BENCH_SCALE_SECS:-10}
build pool pool.c
need htop htop || htop_missing=1
need pidstat sysstat || pidstat_missing=1
for nt in 10 200 2000; do
	"$W/pool" "$nt" 4 $((SECS * REPEATS + 60)) 2>/dev/null &
	TP=$!
	KILL_PIDS="$KILL_PIDS $TP"
	sleep 1
	"$CTOP" -p "$TP" --batch -f json -o /dev/null -F 0 --locks off 2>/dev/null &
	echo $! >"$W/ctop.wpid"
	names=ctop
	if [ -z "${htop_missing:-}" ]; then
		pane "w-htop$nt" "htop -d 10 -p $TP" >"$W/htop.wpid"
		names="$names htop"
	fi
	if [ -z "${pidstat_missing:-}" ]; then
		pidstat -t -p "$TP" 1 >/dev/null 2>&1 &
		echo $! >"$W/pidstat.wpid"
		names="$names pidstat"
	fi
	sleep 3
	for r in $(seq "$REPEATS"); do
		for w in $names; do cpu_ns "$(cat "$W/$w.wpid")" >"$W/$w.c0"; done
		t0=$(date +%s.%N)
		sleep "$SECS"
		for w in $names; do cpu_ns "$(cat "$W/$w.wpid")" >"$W/$w.c1"; done
		t1=$(date +%s.%N)
		for w in $names; do
			awk -v a="$(cat "$W/$w.c0")" -v b="$(cat "$W/$w.c1")" -v t0="$t0" -v t1="$t1" \
				'BEGIN { if (a == "" || b == "") print "n/a"; else printf "%.3f\n", (b - a) / 1e6 / (t1 - t0) }' >>"$W/$w.$nt"
		done
	done
	for w in $names; do kill "$(cat "$W/$w.wpid")" 2>/dev/null; done
	kill "$TP" 2>/dev/null
	wait "$TP" 2>/dev/null
done
S="collector cost per 1 s tick (ms CPU) vs threads"
for nt in 10 200 2000; do
	row "$S" "ctop -F 0 --locks off, $nt threads" ms "" $(cat "$W/ctop.$nt")
	[ -z "${htop_missing:-}" ] && row "$S" "htop -d 10 -p PID, $nt threads" ms "" $(cat "$W/htop.$nt")
	[ -z "${pidstat_missing:-}" ] && row "$S" "pidstat -t -p PID 1, $nt threads" ms "" $(cat "$W/pidstat.$nt")
done
[ -n "${htop_missing:-}" ] && skip "$S" "htop" "htop cannot be installed"
[ -n "${pidstat_missing:-}" ] && skip "$S" "pidstat" "sysstat cannot be installed"
exit 0
