# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers shared by the bench scripts (sourced, not run): a scratch
# directory cleaned on exit, the bench programs built once, a private tmux
# server for panes of a fixed size, a process's CPU time from schedstat,
# and the row format bench/run.sh turns into one table.  Not a test
# library: nothing here asserts anything.
set -u
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
TOP_SRC=$(cd "$BENCH_DIR/.." && pwd)
B=${top_builddir:-$TOP_SRC}
CTOP=${CTOP:-$B/src/ctop}
CC=${CC:-cc}
REPEATS=${BENCH_REPEATS:-3}
W=$(mktemp -d "${TMPDIR:-/tmp}/ctop-bench.XXXXXX")
SOCK="ctop-bench-$$"
KILL_PIDS=""

bench_cleanup() {
	tmux -L "$SOCK" kill-server >/dev/null 2>&1
	for p in $KILL_PIDS; do kill -9 "$p" 2>/dev/null; done
	wait 2>/dev/null
	[ -n "${KEEP:-}" ] || rm -rf "$W"
}
trap bench_cleanup EXIT
trap 'exit 1' HUP INT TERM

[ -x "$CTOP" ] || { echo "no ctop at $CTOP: build first" >&2; exit 1; }

# need CMD PACKAGE: installs PACKAGE from Debian when CMD is missing;
# returns 1 when it is still missing (no root, no network).
need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null 2>&1
	command -v "$1" >/dev/null 2>&1
}

# build NAME SOURCE [FLAGS...]: a bench program in $W, built the way
# production code usually is (optimised, no frame pointers).
build() {
	n=$1 src=$2
	shift 2
	[ -x "$W/$n" ] || $CC -O2 -g -fomit-frame-pointer -pthread -o "$W/$n" "$BENCH_DIR/$src" "$@"
}

# cpu_ns PID: CPU time of all the threads of PID so far, in ns (empty when
# it is gone).
cpu_ns() {
	cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ ns += $1 } END { if (NR) printf "%.0f\n", ns }'
}

# row SECTION SUBJECT UNIT NOTE VALUES...: one line of the table, the
# figure as min/median/max of VALUES ("n/a" values are dropped; none left
# prints n/a and NOTE says why).
row() {
	sec=$1 subj=$2 unit=$3 note=$4
	shift 4
	printf '%s\n' "$@" | grep -v '^n/a$' | grep . | sort -g | awk -v s="$sec" -v j="$subj" -v u="$unit" -v n="$note" '
		{ v[NR] = $1 }
		END {
			if (NR == 0) { printf "ROW\t%s\t%s\tn/a\tn/a\tn/a\t%s\t%s\n", s, j, u, n; exit }
			printf "ROW\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s, j, v[1], v[int((NR + 1) / 2)], v[NR], u, n
		}'
}

# skip SECTION SUBJECT REASON: a row that could not be measured.
skip() {
	printf 'ROW\t%s\t%s\tn/a\tn/a\tn/a\t-\tskipped: %s\n' "$1" "$2" "$3"
}

T() { tmux -L "$SOCK" "$@"; }

# pane NAME CMD...: CMD in a detached 120x40 tmux pane (xterm-256color,
# UTF-8); prints the pid of CMD.
pane() {
	_pn=$1
	shift
	rm -f "$W/$_pn.pid"
	T new-session -d -s "$_pn" -x 120 -y 40 \
		"env TERM=xterm-256color LANG=C.UTF-8 sh -c 'echo \$\$ > $W/$_pn.pid; exec $*'; sleep 600"
	_pi=0
	while [ ! -s "$W/$_pn.pid" ] && [ $_pi -lt 100 ]; do sleep 0.05; _pi=$((_pi + 1)); done
	cat "$W/$_pn.pid"
}

# pane_wait NAME REGEX [SECONDS]: until the pane shows REGEX (1: never).
pane_wait() {
	end=$(($(date +%s) + ${3:-15}))
	while ! T capture-pane -p -t "$1" | LC_ALL=C grep -qE -- "$2"; do
		[ "$(date +%s)" -lt "$end" ] || return 1
		sleep 0.1
	done
}

# mean_ops LOG: mean of the "ops/s N" lines of LOG but the first two
# (the watcher attaches meanwhile).
mean_ops() {
	awk '/^ops\/s/ { n++; if (n > 2) { s += $2; c++ } } END { if (c) printf "%.0f\n", s / c; else print "n/a" }' "$1"
}
