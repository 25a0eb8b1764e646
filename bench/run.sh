#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/run.sh: `make bench`.  Runs the cost benches (screen: own CPU and
# bytes to the terminal per panel against htop, top and pidstat; startup:
# first frame against htop; rss: peak memory over a long watch; target:
# throughput a watched program loses under each sampler; scale: collector
# cost per tick against thread count) and prints one table with the
# budgets.  BENCH_ONLY="screen startup" runs some; BENCH_REPEATS (3),
# BENCH_SECS (20), BENCH_TP_SECS (8), BENCH_RSS_SECS (60), BENCH_LONG=1
# (10 minutes of RSS) change the lengths.  Root is needed for apt-get,
# perf and the trace back end.  A benchmark: it never fails on a figure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
export top_builddir=${top_builddir:-$(pwd)}
ONLY=${BENCH_ONLY:-screen startup rss target scale}
OUT=$(mktemp "${TMPDIR:-/tmp}/ctop-bench-rows.XXXXXX")
trap 'rm -f "$OUT"' EXIT
echo "ctop bench: $(uname -r), $(nproc) CPUs, $(ps -e --no-headers | wc -l) processes, load $(cut -d' ' -f1-3 /proc/loadavg)"
for b in $ONLY; do
	echo "running bench/$b.sh ..." >&2
	t0=$(date +%s)
	sh "$here/$b.sh" >>"$OUT" || echo "ROW	$b	bench/$b.sh failed	n/a	n/a	n/a	-	see its errors above" >>"$OUT"
	echo "  bench/$b.sh took $(($(date +%s) - t0)) s" >&2
done
python3 "$here/table.py" "$OUT"
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
