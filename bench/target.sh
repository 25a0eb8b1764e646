#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/target.sh: throughput a watched program loses.  Two workloads: a
# 200-thread pool with 4 busy threads and 196 parked (bench/pool.c), and
# lockmutex (four threads queueing on one mutex).  Each runs
# BENCH_TP_SECS (default 8) alone and under each watcher: ctop --batch
# with the perf and the ptrace back end (default rate and lock tracing),
# `perf record -F 99 --call-graph dwarf`, an eu-stack loop (ten walks a
# second at most) and a py-spy-style in-place ptrace sampler at 99 Hz
# (bench/inplace.c).  Rounds go through every mode in turn so a change in
# the machine's load falls on all alike; the loss is against the same
# round's run alone.  For the pool, also the work per CPU-second it used
# (the cost to the work itself, which the machine's load does not blur).
# Prints rows for bench/run.sh; asserts nothing.
. "$(dirname "$0")/lib.sh"
SECS=${BENCH_TP_SECS:-8}
build pool pool.c
have_inplace=1
build inplace inplace.c $(pkg-config --cflags --libs libunwind-ptrace libunwind-generic 2>/dev/null) 2>/dev/null ||
	have_inplace=0
need perf linux-perf || perf_missing=1
need eu-stack elfutils || eustack_missing=1
LM=$B/tests/workloads/lockmutex

# one WORKLOAD MODE: one run; prints the mean ops/s.
one() {
	case $1 in
	pool) "$W/pool" 200 4 "$SECS" 2>"$W/log" & ;;
	locks) "$LM" "$SECS" 2>"$W/log" & ;;
	esac
	p=$!
	w=""
	case $2 in
	alone) ;;
	ctop-perf | ctop-ptrace)
		"$CTOP" -p "$p" --batch -f json -o /dev/null --sampler "${2#ctop-}" 2>/dev/null &
		w=$! ;;
	perf-dwarf)
		perf record -q -F 99 --call-graph dwarf -o "$W/perf.data" -p "$p" >/dev/null 2>&1 &
		w=$! ;;
	eu-stack)
		sh -c "while kill -0 $p 2>/dev/null; do eu-stack -p $p >/dev/null 2>&1; sleep 0.1; done" &
		w=$! ;;
	inplace)
		"$W/inplace" "$p" 99 2>/dev/null &
		w=$! ;;
	esac
	# Until the workload ends (a zombie leader counts: a tracer may hold
	# its threads), then the watcher goes, by force if it lingers.
	end=$(($(date +%s) + SECS + 15))
	while st=$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null) && [ "${st%% *}" != Z ] &&
		[ "$(date +%s)" -lt "$end" ]; do
		sleep 0.2
	done
	if [ -n "$w" ]; then
		kill -INT "$w" 2>/dev/null
		sleep 0.5
		kill -9 "$w" 2>/dev/null
		wait "$w" 2>/dev/null
	fi
	kill -9 "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	mean_ops "$W/log"
	awk '/^ops\/cpu-s/ { print $2 }' "$W/log" >"$W/percpu"
}

modes="alone ctop-perf ctop-ptrace"
[ -z "${perf_missing:-}" ] && modes="$modes perf-dwarf"
[ -z "${eustack_missing:-}" ] && modes="$modes eu-stack"
[ $have_inplace -eq 1 ] && modes="$modes inplace"
for r in $(seq "$REPEATS"); do
	for wl in pool locks; do
		for m in $modes; do
			one "$wl" "$m" >"$W/ops.$wl.$m.$r"
			cp "$W/percpu" "$W/pc.$wl.$m.$r"
		done
		for m in $modes; do
			awk -v a="$(cat "$W/ops.$wl.alone.$r")" -v b="$(cat "$W/ops.$wl.$m.$r")" \
				'BEGIN { if (a > 0 && b + 0 > 0) printf "%.2f\n", (a - b) * 100 / a; else print "n/a" }' >>"$W/lost.$wl.$m"
			cat "$W/ops.$wl.$m.$r" >>"$W/opsall.$wl.$m"
			[ "$wl" = pool ] && awk -v a="$(cat "$W/pc.$wl.alone.$r")" -v b="$(cat "$W/pc.$wl.$m.$r")" \
				'BEGIN { if (a > 0 && b + 0 > 0) printf "%.2f\n", (a - b) * 100 / a; else print "n/a" }' >>"$W/cpulost.$wl.$m"
		done
	done
done
label() {
	case $1 in
	alone) echo "alone (ops/s)" ;;
	ctop-perf) echo "ctop --sampler perf" ;;
	ctop-ptrace) echo "ctop --sampler ptrace" ;;
	perf-dwarf) echo "perf record -F 99 --call-graph dwarf" ;;
	eu-stack) echo "eu-stack loop, <= 10/s" ;;
	inplace) echo "in-place ptrace sampler, 99 Hz (py-spy style)" ;;
	esac
}
for wl in pool locks; do
	case $wl in
	pool) S="throughput lost, 200-thread pool (4 busy, 196 parked)" ;;
	locks) S="throughput lost, lockmutex (4 threads on one mutex)" ;;
	esac
	for m in $modes; do
		if [ "$m" = alone ]; then
			row "$S" "$(label "$m")" "ops/s" "baseline" $(cat "$W/opsall.$wl.$m")
		else
			row "$S" "$(label "$m")" "%" "" $(cat "$W/lost.$wl.$m")
		fi
	done
	if [ "$wl" = pool ]; then
		for m in $modes; do
			[ "$m" = alone ] && continue
			row "work per target CPU-second lost, 200-thread pool" "$(label "$m")" "%" "" $(cat "$W/cpulost.$wl.$m")
		done
	fi
	[ -n "${perf_missing:-}" ] && skip "$S" "perf record" "linux-perf cannot be installed"
	[ -n "${eustack_missing:-}" ] && skip "$S" "eu-stack loop" "elfutils cannot be installed"
	[ $have_inplace -eq 0 ] && skip "$S" "in-place ptrace sampler" "libunwind-ptrace does not build here"
done
exit 0
