#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# locks_mutex: four threads of lockmutex queue on the global mutex
# contended_lock, a fifth takes quiet_lock alone, a sixth is parked in
# pthread_cond_wait and main waits in pthread_join.  Under each back end
# the contended mutex comes first by its symbol name with hold_contended
# among its sites and >= 500 ms/s of wait; the parked waits are idle.
. "$top_srcdir/tests/integration/locks_lib.sh"

start_workload lockmutex 60
ran=0
for backend in trace sample; do
	run_batch "$TMPD/$backend.json" -p "$WL_PID" --batch -f json -n 4 --sampler ptrace \
		--locks "$backend"
	echo "== $backend"
	check_locks "$TMPD/$backend.json" "$backend" contended_lock 500 hold_contended \
		quiet_lock || exit 1
	ran=$((ran + 1))
done
echo "PASS"
