#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# hot_folded: --format folded writes the whole run in Brendan Gregg's
# collapsed form, one stack a line, root first: hotprof's stacks read
# "...;main;work;leaf_hot N" and leaf_hot's lines outweigh leaf_cold's.
. "$top_srcdir/tests/integration/hot_lib.sh"

start_hotprof "$HOTPROF" 600
# Folded output comes at the end, so the run cannot watch its own
# samples: it ends (SIGINT, as a user would) once the workload has used
# 4 s of CPU since ctop started, about 400 samples at 99 Hz however slow
# the machine is.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$WL_PID/stat"; }
"$CTOP" -p "$WL_PID" --batch --format folded -d 1 -n 600 >"$TMPD/out.folded" 2>"$TMPD/err.txt" &
CTOP_PID=$!
start=$(cpu_ticks)
hz=$(getconf CLK_TCK)
i=0
while [ $(($(cpu_ticks) - start)) -lt $((4 * hz)) ] && [ $i -lt 1200 ]; do
	sleep 0.1
	i=$((i + 1))
done
kill -INT "$CTOP_PID"
wait "$CTOP_PID"
rc=$?
if [ $rc -ne 0 ]; then
	echo "ctop exited $rc"
	cat "$TMPD/err.txt"
	exit 1
fi
if [ ! -s "$TMPD/out.folded" ] && grep -q -e "Permission denied" -e "not permitted" "$TMPD/err.txt"; then
	echo "sampler unavailable here"
	exit 77
fi
python3 - "$TMPD/out.folded" <<'PYEOF' || exit 1
import re, sys
lines = open(sys.argv[1]).read().splitlines()
assert lines, "no folded output"
hot = cold = 0
for l in lines:
    m = re.fullmatch(r"([^ ;][^;]*(?:;[^;]+)*) (\d+)", l)
    assert m, "not a folded line: %r" % l
    frames = m.group(1).split(";")
    n = int(m.group(2))
    assert n > 0
    if frames[-1] == "leaf_hot":
        assert frames[-3:] == ["main", "work", "leaf_hot"], "not root first: %r" % l
        hot += n
    if frames[-1] == "leaf_cold":
        assert frames[-3:] == ["main", "work", "leaf_cold"], "not root first: %r" % l
        cold += n
print("folded: %d lines, leaf_hot %d, leaf_cold %d" % (len(lines), hot, cold))
assert hot > cold > 0, "leaf_hot %d should outweigh leaf_cold %d" % (hot, cold)
PYEOF
echo "PASS"
