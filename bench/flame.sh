#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# flame: what the flame panel costs.  First the time to lay out and draw a
# COLSxROWS (200x60) flame view of a 5,000-stack window, from the cached
# tree and with the tree rebuilt as on a new tick (bench/flame_bench).
# Then the bytes per second written to a 120x40 tmux pane at steady state
# by ctop's flame panel (-d 1) on hotprof, next to `top` watching the same
# process in the same run, at its default delay and at -d 1: each pane is
# piped (tmux pipe-pane) to a file for SECONDS after a warm-up.  A
# benchmark, not a test: it never fails on a figure.
#
# Usage: bench/flame.sh [CTOP] [SECONDS]
#   CTOP defaults to $top_builddir/src/ctop, then ./src/ctop.
set -u
here=$(cd "$(dirname "$0")" && pwd)
B=${top_builddir:-$(pwd)}
CTOP=${1:-$B/src/ctop}
SECS=${2:-30}
WARM=5
[ -x "$CTOP" ] || { echo "no ctop at $CTOP (build it, or pass its path)"; exit 1; }
[ -x "$B/bench/flame_bench" ] || make -C "$B" bench/flame_bench >/dev/null ||
	{ echo "cannot build bench/flame_bench"; exit 1; }
[ -x "$B/tests/workloads/hotprof" ] || make -C "$B" tests/workloads/hotprof >/dev/null ||
	{ echo "cannot build tests/workloads/hotprof"; exit 1; }

echo "== layout and draw (bench/flame_bench)"
"$B/bench/flame_bench" 5000 200 60 200

command -v tmux >/dev/null 2>&1 || { echo "no tmux: pane bytes not measured"; exit 0; }
T=$(mktemp -d "${TMPDIR:-/tmp}/ctop-flame.XXXXXX")
SOCK="ctop-flame-bench-$$"
tm() { tmux -L "$SOCK" "$@"; }
"$B/tests/workloads/hotprof" >/dev/null &
wl=$!
trap 'tm kill-server 2>/dev/null; kill $wl 2>/dev/null; rm -rf "$T"' EXIT
export TERM=xterm-256color
tm new-session -d -s ctop -x 120 -y 40 "env LANG=C.UTF-8 $CTOP -p $wl -d 1"
tm new-session -d -s top3 -x 120 -y 40 "top -p $wl"
tm new-session -d -s top1 -x 120 -y 40 "top -d 1 -p $wl"
sleep 1
tm send-keys -t ctop 6
sleep "$WARM"
for s in ctop top3 top1; do
	tm pipe-pane -t "$s" -o "cat > $T/$s.out"
done
sleep "$SECS"
for s in ctop top3 top1; do
	tm pipe-pane -t "$s"
done
sleep 0.5
echo "== bytes written to a 120x40 tmux pane, ${SECS}s after ${WARM}s warm-up"
for s in ctop top3 top1; do
	n=$(wc -c <"$T/$s.out")
	case $s in
	ctop) what="ctop flame panel, -d 1" ;;
	top3) what="top, default delay (3s)" ;;
	top1) what="top -d 1" ;;
	esac
	awk -v n="$n" -v s="$SECS" -v w="$what" \
		'BEGIN { printf "  %-26s %8.0f bytes/s  (%d bytes)\n", w, n / s, n }'
done
tm capture-pane -p -t ctop | sed -n '3,4p;$p' | sed 's/^/  ctop pane: /'
