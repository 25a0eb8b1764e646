#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# locks_python: Debian's python3 running four CPU-bound threads queues
# them on the GIL, a condition variable inside _PyRuntime (take_gil,
# stripped from Debian's binary).  Under each back end the first contended
# lock is inside _PyRuntime with >= 1000 ms/s of wait: short, repeated
# waits by threads that then run are contention whatever the primitive.
. "$top_srcdir/tests/integration/locks_lib.sh"

PY=/usr/bin/python3
if [ ! -x "$PY" ]; then
	echo "Debian's python3 is missing (apt-get install python3)"
	exit 77
fi
cat >"$TMPD/gil.py" <<'PYEOF'
import threading
def burn():
    n = 0
    while True:
        n += 1
threads = [threading.Thread(target=burn, daemon=True) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
PYEOF
start_workload "$PY" "$TMPD/gil.py"
for backend in trace sample; do
	run_batch "$TMPD/$backend.json" -p "$WL_PID" --batch -f json -n 4 --sampler ptrace \
		--locks "$backend"
	echo "== $backend"
	check_locks "$TMPD/$backend.json" "$backend" _PyRuntime 1000 || exit 1
done
echo "PASS"
