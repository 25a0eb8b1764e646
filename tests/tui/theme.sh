#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# theme: the colours ctop asks the terminal for, read back from tmux's
# cells (capture-pane -e).  With TERM=xterm-256color the default theme
# uses 256-colour shades (the header's background is palette entry 74);
# with TERM=xterm only the eight basic colours (the header on cyan, 46);
# --theme mono and NO_COLOR use no colour at all, and neither does a
# ctoprc saying theme = mono (39 and 49, "the default colour", are no colour).
. "$top_srcdir/tests/tui/lib.sh"

start_sleeper
XDG_CONFIG_HOME="$WORK/cfg"
export XDG_CONFIG_HOME

# run NAME TERM ENV ARGS...: ctop on the sleeper in an 80x24 pane.
run() {
	name=$1 term=$2 env=$3
	shift 3
	T new-session -d -s "$name" -x 80 -y 24 \
		"env TERM=$term LANG=C.UTF-8 $env $CTOP -p $WL_PID $*; sleep 30"
	wait_for "$name" "pid $WL_PID"
	# The header line with its attributes.
	T capture-pane -e -p -t "$name" | head -1 >"$WORK/$name.hdr"
}
colours() { grep -oE '\[[0-9;]*m' "$WORK/$1.hdr" | tr '\n' ' '; }

run c256 xterm-256color ""
grep -q '48;5;74' "$WORK/c256.hdr" || fail "256 colours: no palette background in the header: $(colours c256)"
run c8 xterm ""
grep -q '\[[0-9;]*46[;m]' "$WORK/c8.hdr" || fail "8 colours: header not on cyan: $(colours c8)"
grep -q '[34]8;5;' "$WORK/c8.hdr" && fail "8 colours: a 256-colour code was used: $(colours c8)"
run mono xterm-256color "" --theme mono
grep -qE '\[([0-9;]*;)?([34][0-7]|[34]8;5;[0-9]+)(;[0-9;]*)?m' "$WORK/mono.hdr" &&
	fail "--theme mono: colour codes in the header: $(colours mono)"
run nocolor xterm-256color NO_COLOR=1
grep -qE '\[([0-9;]*;)?([34][0-7]|[34]8;5;[0-9]+)(;[0-9;]*)?m' "$WORK/nocolor.hdr" &&
	fail "NO_COLOR: colour codes in the header: $(colours nocolor)"
mkdir -p "$WORK/cfg/ctop"
echo "theme = mono" >"$WORK/cfg/ctop/ctoprc"
run rcmono xterm-256color ""
grep -qE '\[([0-9;]*;)?([34][0-7]|[34]8;5;[0-9]+)(;[0-9;]*)?m' "$WORK/rcmono.hdr" &&
	fail "ctoprc theme = mono: colour codes in the header: $(colours rcmono)"
check_target
echo "PASS"
