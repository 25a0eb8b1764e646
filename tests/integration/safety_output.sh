#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# safety_output: batch output is whole records or nothing.  A reader that
# closes the pipe (| head -1) ends ctop quietly with status 0; /dev/full
# ends it at once with status 1 and "/dev/full: No space left on device";
# a small tmpfs that fills up ends it with status 1 and leaves only whole
# JSON lines (when this machine lets us mount one); -o - is stdout.
. "$top_srcdir/tests/integration/lib.sh"

start_workload spin 600
sleep 0.2

# A closed pipe: ctop must end within a few snapshots, quietly, status 0.
( "$CTOP" -p "$WL_PID" --batch -f json -d 0.2 -n 100 2>"$TMPD/pipe.err"
  echo $? >"$TMPD/pipe.rc" ) | head -1 >"$TMPD/first.json"
[ -s "$TMPD/first.json" ] || fail "no first line"
i=0
while [ ! -e "$TMPD/pipe.rc" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -e "$TMPD/pipe.rc" ] || fail "ctop did not end when its reader left"
[ "$(cat "$TMPD/pipe.rc")" = 0 ] || fail "closed pipe: status $(cat "$TMPD/pipe.rc"), want 0"
[ -s "$TMPD/pipe.err" ] && fail "closed pipe: ctop said: $(cat "$TMPD/pipe.err")"
python3 -c 'import json,sys; json.loads(open(sys.argv[1]).read())' "$TMPD/first.json" ||
	fail "first line is not JSON"

# /dev/full: status 1 at once, with the name and the cause.
if [ -w /dev/full ]; then
	"$CTOP" -p "$WL_PID" --batch -f json -d 0.2 -n 50 -o /dev/full 2>"$TMPD/full.err"
	rc=$?
	[ $rc -eq 1 ] || fail "/dev/full: status $rc, want 1"
	grep -q "/dev/full: No space left on device" "$TMPD/full.err" ||
		fail "/dev/full: message was: $(cat "$TMPD/full.err")"
fi

# -o - is standard output: no file named "-".
(cd "$TMPD" && "$CTOP" -p "$WL_PID" --batch -f json -d 0.2 -n 2 -o - >"$TMPD/dash.json") ||
	fail "-o - failed"
[ -e "$TMPD/-" ] && fail "-o - created a file named -"
[ "$(wc -l <"$TMPD/dash.json")" -eq 2 ] || fail "-o -: want 2 lines on stdout"

# A full file system: whole lines only, status 1, ended at once.
mkdir "$TMPD/small"
if mount -t tmpfs -o size=48k tmpfs "$TMPD/small" 2>/dev/null; then
	"$CTOP" -p "$WL_PID" --batch -f json -d 0.1 -n 1000 -o "$TMPD/small/out.json" \
		2>"$TMPD/small.err"
	rc=$?
	cp "$TMPD/small/out.json" "$TMPD/small.json"
	umount "$TMPD/small"
	[ $rc -eq 1 ] || fail "full disk: status $rc, want 1"
	grep -q "out.json: No space left on device" "$TMPD/small.err" ||
		fail "full disk: message was: $(cat "$TMPD/small.err")"
	python3 - "$TMPD/small.json" <<'PYEOF' || exit 1
import json, sys
data = open(sys.argv[1]).read()
assert data.endswith("\n"), "last record cut: %r" % data[-80:]
lines = data.split("\n")[:-1]
for l in lines:
    json.loads(l)
print("full disk: %d whole lines, %d bytes" % (len(lines), len(data)))
PYEOF
else
	echo "cannot mount a tmpfs here: full-disk case not run"
fi
echo "PASS"
