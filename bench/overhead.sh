#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# overhead: how much a watcher slows a fixed CPU-bound job (bench/job.c).
# Runs the job alone, under ctop with --sampler perf and --sampler ptrace
# at the default rate, under `perf record -F 99 --call-graph dwarf`, under
# `top -b -d 1`, and under a py-spy-style in-place ptrace unwinder
# (bench/inplace.c); each RUNS times, and prints the median wall time of
# the job and the slowdown against running alone (and the same for the
# fastest run, which a busy machine disturbs least), and the watcher's own
# CPU time as a share of one core over the job.  A benchmark, not a
# test: it never fails on time.
#
# Usage: bench/overhead.sh [CTOP] [ITERATIONS_MILLIONS] [THREADS] [RUNS]
#   CTOP defaults to $top_builddir/src/ctop, then ./src/ctop.
set -u
here=$(cd "$(dirname "$0")" && pwd)
CTOP=${1:-${top_builddir:+$top_builddir/src/ctop}}
[ -n "$CTOP" ] || CTOP=./src/ctop
ITERS=${2:-2000}
THREADS=${3:-1}
RUNS=${4:-3}
HZ=99
[ -x "$CTOP" ] || { echo "no ctop at $CTOP (build it, or pass its path)"; exit 1; }
CC=${CC:-cc}
T=$(mktemp -d "${TMPDIR:-/tmp}/ctop-bench.XXXXXX")
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
$CC -O2 -g -fomit-frame-pointer -pthread -o "$T/job" "$here/job.c" || exit 1
have_inplace=1
$CC -O2 -o "$T/inplace" "$here/inplace.c" \
	$(pkg-config --cflags --libs libunwind-ptrace libunwind-generic) 2>/dev/null ||
	have_inplace=0

# run_one MODE: one run of the job under MODE; prints its wall time and
# leaves the watcher's notes in $T/note.
run_one() {
	"$T/job" "$ITERS" "$THREADS" 0.5 >"$T/time" &
	job=$!
	w=""
	: >"$T/note"
	case "$1" in
	alone) ;;
	ctop-perf | ctop-ptrace)
		"$CTOP" -p "$job" --batch -f json -d 1 -F "$HZ" \
			--sampler "${1#ctop-}" >"$T/ctop.json" 2>/dev/null &
		w=$! ;;
	perf-record)
		perf record -F "$HZ" --call-graph dwarf -o "$T/x.data" -p "$job" \
			>/dev/null 2>&1 &
		w=$! ;;
	top)
		top -b -d 1 -p "$job" >/dev/null 2>&1 &
		w=$! ;;
	inplace)
		"$T/inplace" "$job" "$HZ" 2>"$T/note" &
		w=$! ;;
	esac
	echo 0 >"$T/wcpu"
	# While the job runs, keep the watcher's CPU time so far: its own
	# threads, from schedstat's nanoseconds (stat's clock ticks are too
	# coarse), read until the job ends, since some watchers (perf record)
	# exit with their target.
	while st=$(sed 's/.*) //' "/proc/$job/stat" 2>/dev/null) && [ "${st%% *}" != Z ]; do
		if [ -n "$w" ]; then
			cat /proc/"$w"/task/*/schedstat 2>/dev/null |
				awk '{ ns += $1 } END { if (NR) printf "%.4f\n", ns / 1e9 }' >"$T/wcpu.new"
			[ -s "$T/wcpu.new" ] && mv "$T/wcpu.new" "$T/wcpu"
		fi
		sleep 0.1
	done
	wait "$job"
	if [ -n "$w" ]; then
		sleep 0.2
		kill -INT "$w" 2>/dev/null
		wait "$w" 2>/dev/null
	fi
	case "$1" in
	ctop-*)
		python3 - "$T/ctop.json" >"$T/note" 2>/dev/null <<'PYEOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
s = rows[-1]["sampler"]
held = s.get("held_us_avg")
print("%s: %d samples, %s Hz%s%s" % (s["backend"], s["samples"], s["rate_hz"],
      ", held %.0f us/sample" % held if isinstance(held, (int, float)) else "",
      ", " + s["reason"] if s.get("reason") else ""))
PYEOF
		;;
	esac
	cat "$T/time"
}

median() {
	sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

modes="alone ctop-perf ctop-ptrace perf-record top"
[ $have_inplace -eq 1 ] && modes="$modes inplace"
command -v perf >/dev/null 2>&1 || modes=$(echo "$modes" | sed 's/perf-record//')
command -v top >/dev/null 2>&1 || modes=$(echo "$modes" | sed 's/ top//')

echo "job: $ITERS M iterations on $THREADS thread(s), $RUNS runs each, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
# Rounds go through every mode in turn, so a change in the machine's load
# during the run falls on all modes alike.
for r in $(seq "$RUNS"); do
	for m in $modes; do
		run_one "$m" >"$T/t1"
		cat "$T/t1" >>"$T/times.$m"
		# Watcher CPU as a share of one core over the job's wall time.
		awk -v c="$(cat "$T/wcpu")" -v t="$(cat "$T/t1")" \
			'BEGIN { printf "%.2f\n", (t > 0 ? c / t * 100 : 0) }' >>"$T/wcpu.$m"
		tr '\n' ' ' <"$T/note" >"$T/notes.$m"
	done
done
printf '%-12s %9s %9s %9s %9s %9s  %s\n' mode "median s" slowdown "min s" "slow(min)" "own CPU" notes
base=""
for m in $modes; do
	med=$(median <"$T/times.$m")
	min=$(sort -n "$T/times.$m" | head -1)
	if [ -z "$base" ]; then
		base=$med
		bmin=$min
	fi
	slow=$(awk -v a="$med" -v b="$base" 'BEGIN { printf "%+.1f %%", (a / b - 1) * 100 }')
	slowmin=$(awk -v a="$min" -v b="$bmin" 'BEGIN { printf "%+.1f %%", (a / b - 1) * 100 }')
	wc=$(median <"$T/wcpu.$m")
	printf '%-12s %9s %9s %9s %9s %8s%%  %s\n' "$m" "$med" "$slow" "$min" "$slowmin" "$wc" "$(cat "$T/notes.$m")"
done
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
