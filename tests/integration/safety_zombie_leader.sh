#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# safety_zombie_leader: a process whose main thread called pthread_exit
# (leader in state Z, another thread running) is alive: ctop watches it
# (status 0, snapshots written) instead of calling it a zombie.
. "$top_srcdir/tests/integration/lib.sh"

start_workload zombielead 600
i=0
while [ "$(awk '{print $3}' /proc/"$WL_PID"/stat 2>/dev/null)" != Z ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
[ "$(awk '{print $3}' /proc/"$WL_PID"/stat)" = Z ] || fail "the leader is not a zombie"
"$CTOP" -p "$WL_PID" --batch -f json -d 0.2 -n 3 >"$TMPD/out.json" 2>"$TMPD/err.txt" ||
	fail "ctop refused a live process with a zombie leader: $(cat "$TMPD/err.txt")"
[ "$(wc -l <"$TMPD/out.json")" -eq 3 ] || fail "want 3 snapshots"
echo "PASS"
