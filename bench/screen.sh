#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/screen.sh: what watching costs the watcher's machine and its link.
# One 5-thread busy target (tests/workloads/threads), watched at the same
# time, each in its own 120x40 tmux pane, by ctop on each panel (1-6, the
# default sampling), ctop -F 0 (sampling off), htop -p PID, htop, top and
# pidstat.  After a warm-up to steady state (BENCH_WARMUP, default 115 s:
# the graphs full), BENCH_SECS windows (default 20 s), BENCH_REPEATS
# times: each watcher's own CPU (its threads' schedstat) scaled to 20 s, and
# the bytes the pane got (tmux pipe-pane) per second.  Prints rows for
# bench/run.sh; asserts nothing.
. "$(dirname "$0")/lib.sh"
SECS=${BENCH_SECS:-20}
WL=$B/tests/workloads/threads
[ -x "$WL" ] || { echo "no $WL: make check TESTS= first" >&2; exit 1; }
need htop htop || htop_missing=1
need pidstat sysstat || pidstat_missing=1

"$WL" "$W/count" $((SECS * REPEATS + ${BENCH_WARMUP:-115} + 120)) &
TP=$!
KILL_PIDS="$KILL_PIDS $TP"

# name|key|command: the key is sent once the watcher draws.
cat >"$W/cfgs" <<CFG
ctop-1|1|$CTOP -p $TP -d 1
ctop-2|2|$CTOP -p $TP -d 1
ctop-3|3|$CTOP -p $TP -d 1
ctop-4|4|$CTOP -p $TP -d 1
ctop-5|5|$CTOP -p $TP -d 1
ctop-6|6|$CTOP -p $TP -d 1
ctop-F0|1|$CTOP -p $TP -d 1 -F 0
CFG
[ -z "${htop_missing:-}" ] && cat >>"$W/cfgs" <<CFG
htop-p||htop -d 10 -p $TP
htop||htop -d 10
CFG
echo "top||top -d 1" >>"$W/cfgs"
[ -z "${pidstat_missing:-}" ] && echo "pidstat||pidstat -t -p $TP 1" >>"$W/cfgs"

NAMES=""
while IFS='|' read -r n k c; do
	p=$(pane "w-$n" "$c")
	echo "$p" >"$W/$n.wpid"
	NAMES="$NAMES $n"
done <"$W/cfgs"
sleep 2
while IFS='|' read -r n k c; do
	[ -n "$k" ] && T send-keys -t "w-$n" "$k"
done <"$W/cfgs"
# Warm-up to steady state: the graphs fill their 110 columns (one a
# second), the sampler settles, the first-tick work is over.
sleep "${BENCH_WARMUP:-115}"

for r in $(seq "$REPEATS"); do
	for n in $NAMES; do
		: >"$W/$n.bytes"
		T pipe-pane -t "w-$n" "cat >> $W/$n.bytes"
		cpu_ns "$(cat "$W/$n.wpid")" >"$W/$n.c0"
	done
	t0=$(date +%s.%N)
	sleep "$SECS"
	for n in $NAMES; do
		cpu_ns "$(cat "$W/$n.wpid")" >"$W/$n.c1"
		T pipe-pane -t "w-$n"
	done
	t1=$(date +%s.%N)
	for n in $NAMES; do
		awk -v a="$(cat "$W/$n.c0")" -v b="$(cat "$W/$n.c1")" -v t0="$t0" -v t1="$t1" \
			'BEGIN { if (a == "" || b == "") print "n/a"; else printf "%.4f\n", (b - a) / 1e9 * 20 / (t1 - t0) }' >>"$W/$n.cpu"
		awk -v s="$(stat -c %s "$W/$n.bytes")" -v t0="$t0" -v t1="$t1" \
			'BEGIN { printf "%.0f\n", s / (t1 - t0) }' >>"$W/$n.bps"
	done
done

label() {
	case $1 in
	ctop-F0) echo "ctop -F 0 (panel 1, no sampling)" ;;
	ctop-*) echo "ctop panel ${1#ctop-}" ;;
	htop-p) echo "htop -d 10 -p PID" ;;
	htop) echo "htop -d 10" ;;
	top) echo "top -d 1" ;;
	pidstat) echo "pidstat -t -p PID 1" ;;
	esac
}
for n in $NAMES; do
	row "own CPU per 20 s, 5-thread busy target, 1 s refresh" "$(label "$n")" "CPU-s" "" $(cat "$W/$n.cpu")
done
for n in $NAMES; do
	row "bytes/s to a 120x40 tmux pane" "$(label "$n")" "B/s" "" $(cat "$W/$n.bps")
done
[ -n "${htop_missing:-}" ] && skip "bytes/s to a 120x40 tmux pane" "htop" "htop cannot be installed"
[ -n "${pidstat_missing:-}" ] && skip "bytes/s to a 120x40 tmux pane" "pidstat" "sysstat cannot be installed"
exit 0
