#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# safety_soak: ctop watching a target that starts and ends hundreds of
# threads a second, with each sampler back end and the lock and off-CPU
# collectors on:
#
#   perf:   --sampler perf   --locks trace  --wall --wall-backend trace
#   ptrace: --sampler ptrace --locks sample --wall --wall-backend sample
#
# (a) For SOAK_SECONDS (default 10; `make soak` runs 60) both watch their
#     own target at once while ctop's open descriptors and VmRSS are read
#     every SOAK_STEP_MS milliseconds.  After the warm-up (a third of the run, at
#     most 10 s) both must stay flat.  Descriptors: ctop holds a few per
#     thread it follows (perf events, /proc files), so the count moves with
#     the short-lived threads alive at the moment (seen: up to 4 of them,
#     7 descriptors each); what must not move is the floor, so the rest of
#     the run is cut in three and the lowest count of each third may not
#     exceed the first third's lowest by more than SOAK_FD_SLACK (4).  A
#     descriptor leaked per thread or per tick would add hundreds.  VmRSS
#     may grow by at most 20 % or 4 MiB, whichever is more.
# (b) Then ctop is SIGKILLed at random moments, SOAK_KILLS times per back
#     end (default 4), attaching afresh each time: no thread of the target
#     may be left stopped (t/T) or traced, and the target's count of ended
#     threads must keep growing.  The time from the kill until no thread
#     is traced is printed.
. "$top_srcdir/tests/integration/lib.sh"

SOAK_SECONDS=${SOAK_SECONDS:-10}
SOAK_STEP_MS=${SOAK_STEP_MS:-200}
SOAK_KILLS=${SOAK_KILLS:-4}
SOAK_FD_SLACK=${SOAK_FD_SLACK:-4}
RATE=${SOAK_RATE:-300}
WARM=$((SOAK_SECONDS / 3))
[ $WARM -le 10 ] || WARM=10

CONFIGS=${SOAK_CONFIGS:-perf ptrace}
args_of() {
	case "$1" in
	perf) echo "--sampler perf -F 199 --locks trace --wall --wall-backend trace" ;;
	ptrace) echo "--sampler ptrace -F 199 --locks sample --wall --wall-backend sample" ;;
	esac
}

state_of() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1; }
alive() { [ -e "/proc/$1" ] && [ "$(state_of "$1")" != Z ]; }
ms_now() { date +%s%3N; }

# released PID: 0 when no thread of PID is stopped or traced.
released() {
	for st in /proc/"$1"/task/*/status; do
		awk '/^State:/ { if ($2 == "t" || $2 == "T") bad = 1 }
		     /^TracerPid:/ { if ($2 != 0) bad = 1 }
		     END { exit bad }' "$st" 2>/dev/null || { [ -e "$st" ] && return 1; }
	done
	return 0
}

# progress NAME WHY: the target's count of ended threads grows within 10 s.
progress() {
	before=$(cat "$TMPD/$1.count")
	deadline=$(($(date +%s) + 10))
	while [ "$(date +%s)" -lt "$deadline" ]; do
		now=$(cat "$TMPD/$1.count")
		[ -n "$now" ] && [ "$now" -gt "$before" ] 2>/dev/null && return 0
		sleep 0.05
	done
	fail "$1 $2: the target made no progress in 10 s (count $before)"
}

# Each back end gets its own target: one tracer per thread.
for c in $CONFIGS; do
	start_workload churn "$TMPD/$c.count" $((SOAK_SECONDS + 30 * SOAK_KILLS + 120)) "$RATE"
	eval "TGT_$c=$WL_PID"
done
for c in $CONFIGS; do
	i=0
	while [ ! -s "$TMPD/$c.count" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	[ -s "$TMPD/$c.count" ] || fail "$c: the churn target did not start"
done

# (a) The soak.
CTOPS=""
for c in $CONFIGS; do
	eval "tgt=\$TGT_$c"
	# shellcheck disable=SC2046
	"$CTOP" -p "$tgt" --batch -f json -d 0.2 $(args_of "$c") -o "$TMPD/$c.json" \
		2>"$TMPD/$c.err" &
	eval "CTOP_$c=$!"
	CTOPS="$CTOPS $!"
done
# The cleanup kills them whatever happens.
WL_PIDS="$CTOPS $WL_PIDS"
t0=$(ms_now)
: >"$TMPD/measure"
next=0
while :; do
	t=$(($(ms_now) - t0))
	[ $t -le $((SOAK_SECONDS * 1000)) ] || break
	if [ $t -ge $next ]; then
		for c in $CONFIGS; do
			eval "p=\$CTOP_$c"
			alive "$p" || fail "$c: ctop ended during the soak: $(cat "$TMPD/$c.err")"
			fds=$(ls /proc/"$p"/fd 2>/dev/null | wc -l)
			rss=$(awk '/^VmRSS:/ { print $2 }' /proc/"$p"/status)
			eval "tgt=\$TGT_$c"
			nth=$(ls /proc/"$tgt"/task 2>/dev/null | wc -l)
			echo "$c $t $fds $rss $nth" >>"$TMPD/measure"
		done
		next=$((next + SOAK_STEP_MS))
	fi
	sleep 0.05
done
for c in $CONFIGS; do
	eval "p=\$CTOP_$c"
	kill -INT "$p"
	wait "$p"
	rc=$?
	[ $rc -eq 0 ] || fail "$c: ctop exited $rc after the soak: $(cat "$TMPD/$c.err")"
	eval "tgt=\$TGT_$c"
	released "$tgt" || fail "$c: a thread left stopped or traced after the soak"
	progress "$c" "after the soak"
done
CTOPS=""

python3 - "$TMPD" "$WARM" "$SOAK_FD_SLACK" "$CONFIGS" <<'PYEOF' || fail "ctop's descriptors or memory grew"
import json, os, sys
tmpd, warm, slack, configs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4].split()
rows = [l.split() for l in open(tmpd + "/measure") if l.strip()]
bad = 0
for c in configs:
    m = [(int(t) / 1000, int(f), int(r), int(n)) for (cc, t, f, r, n) in rows if cc == c]
    after = [x for x in m if x[0] >= warm]
    if len(after) < 3:
        print("%s: only %d measurements after the warm-up" % (c, len(after))); sys.exit(1)
    fds = [x[1] for x in after]
    rss = [x[2] for x in after]
    k = len(fds) // 3
    floors = [min(fds[:k]), min(fds[k:2 * k]), min(fds[2 * k:])]
    base_fd, base_rss = floors[0], rss[0]
    out = [json.loads(l) for l in open("%s/%s.json" % (tmpd, c)) if l.strip()]
    last = out[-1]
    s, lk, w = last["sampler"], last["locks_backend"], last.get("wall") or {}
    print("%s: %d snapshots; sampler %s (%s samples), locks %s, wall %s; threads seen %s"
          % (c, len(out), s.get("backend"), s.get("samples"), lk.get("backend"),
             w.get("backend"), sorted(set(x[3] for x in m))))
    print("%s: fds  t=%s" % (c, " ".join("%g:%d" % (x[0], x[1]) for x in m)))
    print("%s: rss  t=%s KiB" % (c, " ".join("%g:%d" % (x[0], x[2]) for x in m)))
    rss_limit = max(base_rss * 0.2, 4096)
    print("%s: after %ds: fds %d..%d, lowest per third %s (slack %d); VmRSS %d..%d KiB (from %d, +%d allowed)"
          % (c, warm, min(fds), max(fds), floors, slack, min(rss), max(rss), base_rss, rss_limit))
    if max(floors) - base_fd > slack:
        print("%s: the descriptor floor grew: %s" % (c, floors)); bad = 1
    # AddressSanitizer keeps freed memory in quarantine (256 MB) by
    # design: only the descriptors are judged in such a build.
    if os.environ.get("CTOP_SANITIZE"):
        print("%s: sanitizer build: VmRSS not judged" % c)
    elif max(rss) - base_rss > rss_limit:
        print("%s: VmRSS grew from %d to %d KiB" % (c, base_rss, max(rss))); bad = 1
    if not s.get("samples"):
        print("%s: no samples" % c); bad = 1
sys.exit(bad)
PYEOF

# (b) SIGKILL at random moments, 50-2000 ms after the start (so during
# the attach as well as later), from the kernel's random source.
for c in $CONFIGS; do
	eval "tgt=\$TGT_$c"
	delays=$(od -An -N$((2 * SOAK_KILLS)) -tu2 /dev/urandom | tr -s ' ' '\n' | grep . |
		awk '{ printf "%.3f\n", (50 + $1 % 1951) / 1000 }')
	n=0
	worst=0
	for d in $delays; do
		# shellcheck disable=SC2046
		"$CTOP" -p "$tgt" --batch -f json -d 0.2 $(args_of "$c") >/dev/null 2>&1 &
		CTOP_PID=$!
		sleep "$d"
		kill -KILL "$CTOP_PID"
		k=$(ms_now)
		wait "$CTOP_PID" 2>/dev/null
		CTOP_PID=""
		n=$((n + 1))
		deadline=$((k + 10000))
		until released "$tgt"; do
			[ "$(ms_now)" -lt $deadline ] ||
				fail "$c kill $n after ${d}s: a thread still stopped or traced 10 s later"
			sleep 0.01
		done
		took=$(($(ms_now) - k))
		[ $took -le $worst ] || worst=$took
		progress "$c" "kill $n after ${d}s"
	done
	[ $n -eq "$SOAK_KILLS" ] || fail "$c: $n kills, not $SOAK_KILLS"
	echo "$c: $n SIGKILLs at random moments ($(echo $delays | tr ' ' ',') s): released within $worst ms each, progress after every one"
done
exit 0
