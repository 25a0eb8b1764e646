#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# safety_hostile_elf: a target running code in malformed ELF files (huge
# e_phoff, e_phnum 0xffff, a huge PT_GNU_EH_FRAME offset, an all-0xff
# header, an .eh_frame_hdr table encoding libunwind aborts on, segments
# past the end of the file, an absurd FDE count) is sampled with each back
# end: ctop must not crash, and the samples in that code must still be
# named module+0x... .
. "$top_srcdir/tests/integration/hot_lib.sh"

mkdir -p "$TMPD/bad" || exit 1
start_workload hostile "$TMPD/bad" 600
i=0
while [ ! -e "$TMPD/bad/ready" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
HOT_MIN_SAMPLES=150
ran=0
for s in ptrace perf; do
	run_hot "$WL_PID" $s "$TMPD/out-$s.json"
	if sampler_missing "$TMPD/out-$s.json"; then
		continue
	fi
	ran=1
	python3 - "$TMPD/out-$s.json" $s <<'PYEOF' || exit 1
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
mods = {}
for d in rows[1:]:
    for h in d["hot_interval"]:
        if h["module"].startswith("bad-"):
            assert h["function"].startswith(h["module"] + "+0x"), h
            mods[h["module"]] = mods.get(h["module"], 0) + h["samples"]
print("%s: samples in the malformed modules: %s" % (sys.argv[2], mods))
assert len(mods) >= 4, "only %d malformed modules seen" % len(mods)
PYEOF
done
if [ $ran -eq 0 ]; then
	echo "no sampler could run here"
	exit 77
fi
echo "PASS"
