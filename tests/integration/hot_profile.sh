#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# hot_profile: the acceptance test of stack sampling.  hotprof spends 75 %
# of its time in leaf_hot and 25 % in leaf_cold, both called from work;
# it is built without frame pointers.  With each back end, the self shares
# must come out 75 +- 10 / 25 +- 10 % and work must be on >= 90 % of the
# stacks (the unwinder crossed the leaf frames through CFI).
. "$top_srcdir/tests/integration/hot_lib.sh"

start_hotprof "$HOTPROF" 600
ran=0
for sampler in perf ptrace; do
	run_hot "$WL_PID" "$sampler" "$TMPD/$sampler.json"
	if sampler_missing "$TMPD/$sampler.json"; then
		continue
	fi
	check_shares "$TMPD/$sampler.json" leaf_hot leaf_cold work || exit 1
	ran=$((ran + 1))
done
if [ $ran -eq 0 ]; then
	echo "neither sampler can run here"
	exit 77
fi
echo "PASS"
