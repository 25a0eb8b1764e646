# SPDX-License-Identifier: GPL-2.0-or-later
# table: turns the ROW lines of the bench scripts into one table (each
# figure min / median / max over repeats) and checks the budgets, each a
# ratio to a peer measured in the same run.  Prints; never fails on a
# figure (a budget that does not hold is said, with the numbers).
#
# Usage: python3 table.py ROWS_FILE
import sys

rows = []
for line in open(sys.argv[1]):
    f = line.rstrip("\n").split("\t")
    if len(f) >= 8 and f[0] == "ROW":
        rows.append(f[1:8])

sections = []
for r in rows:
    if r[0] not in sections:
        sections.append(r[0])
w = max([len(r[1]) for r in rows] + [20])
for s in sections:
    print("\n== %s" % s)
    print(("  %-*s %10s %10s %10s  %-6s" % (w, "", "min", "median", "max", "unit")).rstrip())
    for r in rows:
        if r[0] == s:
            print(("  %-*s %10s %10s %10s  %-6s %s" % (w, r[1], r[2], r[3], r[4], r[5], r[6])).rstrip())


def med(sec_prefix, subject):
    for r in rows:
        if r[0].startswith(sec_prefix) and r[1] == subject:
            try:
                return float(r[3])
            except ValueError:
                return None
    return None


def subjects(sec_prefix, start):
    return [r[1] for r in rows if r[0].startswith(sec_prefix) and r[1].startswith(start)]


verdicts = []


def budget(name, ok, detail):
    if ok is None:
        verdicts.append(("n/a ", name, detail))
    else:
        verdicts.append(("ok  " if ok else "MISS", name, detail))


B = "bytes/s to a 120x40"
peer = med(B, "htop -d 10 -p PID")
top = med(B, "top -d 1")
for p in "12345":
    v = med(B, "ctop panel " + p)
    budget("redraw: panel %s <= htop -p" % p, None if v is None or peer is None else v <= peer,
           "%s vs %s B/s" % (v, peer))
v = med(B, "ctop panel 6")
budget("redraw: flame (panel 6) <= top", None if v is None or top is None else v <= top,
       "%s vs %s B/s" % (v, top))

C = "own CPU per 20 s"
f0, hp, c1 = med(C, "ctop -F 0 (panel 1, no sampling)"), med(C, "htop -d 10 -p PID"), med(C, "ctop panel 1")
budget("own CPU: -F 0 <= htop -p", None if f0 is None or hp is None else f0 <= hp,
       "%s vs %s CPU-s per 20 s" % (f0, hp))
budget("own CPU: default sampling, 5-thread busy target <= 1 % of a core",
       None if c1 is None else c1 <= 0.2, "%s CPU-s per 20 s (1 %% = 0.2)" % c1)

T = "throughput lost, 200-thread pool"
cp, ct, pd = med(T, "ctop --sampler perf"), med(T, "ctop --sampler ptrace"), med(T, "perf record -F 99 --call-graph dwarf")
budget("target: ctop perf <= perf dwarf + 1 point and <= 3 %",
       None if cp is None or pd is None else (cp <= pd + 1 and cp <= 3),
       "%s %% vs perf record %s %%" % (cp, pd))
budget("target: ctop ptrace <= 5 %", None if ct is None else ct <= 5, "%s %%" % ct)

S = "collector cost per 1 s tick"
c200, c2000 = med(S, "ctop -F 0 --locks off, 200 threads"), med(S, "ctop -F 0 --locks off, 2000 threads")
h2000 = med(S, "htop -d 10 -p PID, 2000 threads")
budget("scale: ctop at 2,000 threads <= htop", None if c2000 is None or h2000 is None else c2000 <= h2000,
       "%s vs %s ms per tick" % (c2000, h2000))
budget("scale: no faster than linear (cost(2000) <= 10 x cost(200) x 1.25)",
       None if c200 is None or c2000 is None or c200 <= 0 else c2000 <= 12.5 * c200,
       "%s ms at 200, %s ms at 2000" % (c200, c2000))

M = "peak RSS"
for s in subjects(M, "ctop"):
    v = med(M, s)
    budget("memory: %s <= 32 MB" % s, None if v is None else v <= 32, "%s MB" % v)

U = "startup"
cs, hs = med(U, "ctop -p PID"), med(U, "htop -p PID")
budget("startup: first frame no later than htop", None if cs is None or hs is None else cs <= hs,
       "%s vs %s s" % (cs, hs))

print("\n== budgets (medians, each against a peer in the same run)")
for v in verdicts:
    print("  %s %s: %s" % v)
