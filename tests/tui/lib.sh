# SPDX-License-Identifier: GPL-2.0-or-later
# Shared helpers for the tmux-driven screen tests (sourced, not run).
# Each test gets a private tmux server (-L) that the EXIT trap kills, a
# workload to watch, and polling helpers with deadlines instead of sleeps.

if ! command -v tmux >/dev/null 2>&1; then
	echo "SKIP: tmux is not installed"
	exit 77
fi

CTOP="$top_builddir/src/ctop"
# tmux itself needs a terminal type it knows, even for detached sessions.
case "${TERM:-dumb}" in
dumb | unknown) TERM=xterm-256color; export TERM ;;
esac
SOCK="ctop-test-$$"
WORK=$(mktemp -d)
KILL_PIDS=

T() { tmux -L "$SOCK" "$@"; }

ui_cleanup() {
	T kill-server >/dev/null 2>&1
	for p in $KILL_PIDS; do
		kill "$p" 2>/dev/null
	done
	rm -rf "$WORK"
}
trap ui_cleanup EXIT
trap 'exit 1' HUP INT PIPE TERM

fail() {
	echo "FAIL: $*"
	exit 1
}

screen() { T capture-pane -p -t "$1"; }

# A session that outlives the others: tmux's server exits with its last
# session, and a new-session that races that exit fails ("server exited
# unexpectedly").  Tests that end sessions and start new ones call this
# first.
keep_server() {
	T new-session -d -s keeper -x 80 -y 24 "sleep 100000" || fail "cannot start tmux"
}

# Screen contents are matched byte-wise (LC_ALL=C) whatever the test's
# locale; these match one glyph of each graph style as UTF-8 bytes.
BLOCKS='▁|▂|▃|▄|▅|▆|▇|█'
BRAILLE=$(printf '\342[\240-\243][\200-\277]')

# wait_for TARGET REGEX [SECONDS]: polls the pane until grep -E matches.
wait_for() {
	deadline=$(($(date +%s) + ${3:-10}))
	while :; do
		if screen "$1" | LC_ALL=C grep -qE -- "$2"; then
			return 0
		fi
		if [ "$(date +%s)" -ge "$deadline" ]; then
			echo "FAIL: timed out waiting for /$2/ in:"
			screen "$1"
			exit 1
		fi
		sleep 0.1
	done
}

# wait_gone TARGET REGEX [SECONDS]: polls until the pane no longer matches.
wait_gone() {
	deadline=$(($(date +%s) + ${3:-10}))
	while screen "$1" | LC_ALL=C grep -qE -- "$2"; do
		if [ "$(date +%s)" -ge "$deadline" ]; then
			echo "FAIL: /$2/ still on screen:"
			screen "$1"
			exit 1
		fi
		sleep 0.1
	done
}

# A sleeping workload with a name no other process has; sets WL_PID, WL_NAME.
start_sleeper() {
	WL_NAME="ctopsleep$$x"
	ln -s "$(command -v sleep)" "$WORK/$WL_NAME"
	"$WORK/$WL_NAME" 600 &
	WL_PID=$!
	KILL_PIDS="$KILL_PIDS $WL_PID"
}

# The target must still run and must not be left stopped or traced.
check_target() {
	kill -0 "$WL_PID" 2>/dev/null || fail "target $WL_PID died"
	st=$(sed 's/.*) //' "/proc/$WL_PID/stat" | cut -d' ' -f1)
	case "$st" in
	T | t) fail "target $WL_PID left in state $st" ;;
	esac
	tracer=$(awk '/^TracerPid:/ { print $2 }' "/proc/$WL_PID/status")
	[ "$tracer" = 0 ] || fail "target $WL_PID still traced by $tracer"
}

# start_ctop NAME ARGS...: runs ctop in an 80x24 session inside a shell
# that reports how it ended, writes ctop's pid to $WORK/NAME.pid, and
# prints the terminal modes afterwards (to see that they were restored).
start_ctop() {
	name=$1
	shift
	T new-session -d -s "$name" -x 80 -y 24 \
		"trap : INT; env TERM=xterm-256color LANG=C.UTF-8 sh -c 'echo \$\$ > $WORK/$name.pid; exec $CTOP $*'; echo CTOP_DONE rc=\$?; echo MODES \$(stty -a | tr ' ;' '\n\n' | grep -xE -- '-?(icanon|echo)' | tr '\n' ' '); sleep 30"
}
