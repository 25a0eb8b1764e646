#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# cli: exit statuses and messages of the command line contract.
#   usage errors -> 2 and the usage line; a pid that does not exist or may
#   not be read -> 1 naming the pid and the reason; an output file that
#   cannot be opened -> 1 before any work; a command that cannot run -> 1.
set -u
ctop="$top_builddir/src/ctop"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fails=0

# expect STATUS PATTERN -- ARGS...: runs ctop, checks status and stderr.
expect() {
	want=$1 pat=$2
	shift 3
	"$ctop" "$@" >"$out/stdout" 2>"$out/stderr" </dev/null
	got=$?
	if [ "$got" -ne "$want" ] || ! grep -q -- "$pat" "$out/stderr"; then
		echo "FAIL: ctop $*: status $got (want $want), stderr:"
		sed 's/^/  | /' "$out/stderr"
		fails=$((fails + 1))
	else
		echo "ok: ctop $* -> $got"
	fi
}

expect 2 '^usage: ctop' -- --no-such-option
expect 2 '^usage: ctop' -- -p notapid
expect 2 '^usage: ctop' -- -p 1 -d 0
expect 2 'wants text, json, folded or openmetrics' -- -p 1 --batch -f xml
expect 2 '--textfile-dir is for --batch' -- -p 1 --textfile-dir /tmp
expect 2 '--metrics-top wants a count from 1 to 1000' -- -p 1 --batch --metrics-top 0
expect 2 '--replay shows a recording' -- --replay x.jsonl -p 1
expect 2 '--theme wants default or mono' -- --theme neon
expect 1 'cannot open /nonexistent-dir/x.jsonl' -- --replay /nonexistent-dir/x.jsonl
expect 2 'needs a target' -- --batch

# A pid that cannot exist (above pid_max).
max=$(cat /proc/sys/kernel/pid_max)
gone=$((max + 1))
expect 1 "process $gone: no such process" -- -p "$gone" --batch -n 1
# A pid that existed and is gone now.
sh -c 'exit 0' & dead=$!
wait "$dead"
expect 1 "process $dead" -- -p "$dead" --batch -n 1

expect 1 'cannot open /nonexistent-dir/x' -- -p $$ --batch -n 1 -o /nonexistent-dir/x
# "before any work starts": the command must not have been launched.
expect 1 'cannot open' -- --batch -o /nonexistent-dir/x -- touch "$out/launched"
if [ -e "$out/launched" ]; then
	echo "FAIL: the command was launched although the output could not be opened"
	fails=$((fails + 1))
fi
expect 1 'cannot run /nonexistent-cmd' -- --batch -n 1 -- /nonexistent-cmd
expect 1 'needs a terminal' -- -p $$

# Another user's process (pid 1, root's): watched with what /proc shows
# everyone, the rest null with reasons naming the other user; status 0.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	setpriv --reuid=65534 --regid=65534 --clear-groups "$ctop" -p 1 --batch -f json -n 1 \
		-d 0.2 >"$out/stdout" 2>"$out/stderr" </dev/null
	got=$?
	if [ "$got" -ne 0 ] || ! python3 - "$out/stdout" <<'PYEOF'; then
import json, sys
d = json.loads(open(sys.argv[1]).read())
assert d["process"]["pid"] == 1 and d["process"]["comm"], d["process"]
assert d["process"]["threads"] >= 1 and d["threads"], "no threads"
assert d["io"]["reason"] == "no permission to read /proc/PID/io", d["io"]
s = d["sampler"]
assert s["backend"] == "off" and "process of another user (uid 0)" in s["reason"], s
print("ok: unprivileged -p 1 -> 0: %s; %s" % (d["io"]["reason"], s["reason"]))
PYEOF
		echo "FAIL: unprivileged ctop -p 1: status $got"; sed 's/^/  | /' "$out/stderr"
		fails=$((fails + 1))
	fi
fi

# --help and --version succeed and agree with the man page on the options.
"$ctop" --version | grep -q '^ctop [0-9]' || { echo "FAIL: --version"; fails=$((fails + 1)); }
for opt in --pid --delay --iterations --batch --output --format --events --freq \
	--sampler --window --demo --ascii; do
	"$ctop" --help | grep -q -- "$opt" || { echo "FAIL: --help lacks $opt"; fails=$((fails + 1)); }
	grep -q -- "$(echo "$opt" | sed 's/-/\\\\-/g')" "$top_srcdir/man/ctop.1" ||
		{ echo "FAIL: man page lacks $opt"; fails=$((fails + 1)); }
	grep -q -- "$opt" "$top_srcdir/README.md" ||
		{ echo "FAIL: README lacks $opt"; fails=$((fails + 1)); }
done

[ "$fails" -eq 0 ]
