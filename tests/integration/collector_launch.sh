#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# collector_launch: ctop launches a command and watches it (-- CMD), and a
# target that exits mid-run ends batch mode with status 0, the lines
# written so far and one line on stderr saying it exited.
. "$top_srcdir/tests/integration/collector_lib.sh"

# Launch mode: two snapshots of a spin that outlives them.
"$CTOP" --batch -n 2 -d 0.5 -F 0 -f json -- "$WL/spin" 3 \
	>"$TMPD/launch.json" 2>"$TMPD/launch.err"
rc=$?
[ $rc -eq 0 ] || { echo "launch: ctop exited $rc"; cat "$TMPD/launch.err"; exit 1; }
check_contract "$TMPD/launch.json" || exit 1
python3 - "$TMPD/launch.json" <<'PYEOF' || exit 1
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 2, "want 2 snapshots, got %d" % len(rows)
assert all(d["process"]["comm"] == "spin" for d in rows), rows[0]["process"]["comm"]
assert rows[0]["process"]["pid"] == rows[1]["process"]["pid"]
PYEOF

# Launch mode, the child exits mid-run: status 0, a stderr line.
"$CTOP" --batch -n 20 -d 0.5 -F 0 -f json -- "$WL/spin" 1.6 \
	>"$TMPD/short.json" 2>"$TMPD/short.err"
rc=$?
[ $rc -eq 0 ] || { echo "short launch: ctop exited $rc"; cat "$TMPD/short.err"; exit 1; }
n=$(wc -l <"$TMPD/short.json")
if [ "$n" -lt 1 ] || [ "$n" -ge 20 ]; then
	echo "short launch: $n lines"; exit 1
fi
grep -q "exited" "$TMPD/short.err" || { echo "no exit line:"; cat "$TMPD/short.err"; exit 1; }
echo "launch exit: $n lines; stderr: $(cat "$TMPD/short.err")"

# Watch mode (-p), the target exits mid-run.
start_workload spin 1.6
"$CTOP" -p "$WL_PID" --batch -n 20 -d 0.5 -F 0 -f json \
	>"$TMPD/gone.json" 2>"$TMPD/gone.err"
rc=$?
[ $rc -eq 0 ] || { echo "-p: ctop exited $rc"; cat "$TMPD/gone.err"; exit 1; }
n=$(wc -l <"$TMPD/gone.json")
if [ "$n" -lt 1 ] || [ "$n" -ge 20 ]; then
	echo "-p: $n lines"; exit 1
fi
grep -q "exited" "$TMPD/gone.err" || { echo "no exit line:"; cat "$TMPD/gone.err"; exit 1; }
check_contract "$TMPD/gone.json" || exit 1
echo "watch exit: $n lines; stderr: $(cat "$TMPD/gone.err")"

# A pid that does not exist is refused with a reason and status 1.
"$CTOP" -p 2147483646 --batch -n 1 -F 0 -f json >/dev/null 2>"$TMPD/none.err"
rc=$?
[ $rc -eq 1 ] || { echo "bad pid: ctop exited $rc"; exit 1; }
grep -q "no such process" "$TMPD/none.err" || { cat "$TMPD/none.err"; exit 1; }
echo "PASS"
