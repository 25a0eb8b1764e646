#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# arch: the shape doc/DESIGN.md promises, checked on the code itself.
#  - panels and the snapshot include no collector: a panel sees only the
#    snapshot, the history and the UI state (view.h); snapshot.h/.c know
#    no collector;
#  - no import circles among src/*.c: the "uses a symbol defined in" graph
#    of libctop.a's objects (from nm) has no cycle.
# A deliberate break of either (a panel including stacks.h, pmu.c calling
# into pmu_fill.c and back) makes this fail.
srcdir=${top_srcdir:-.}
lib=${top_builddir:-.}/src/libctop.a
[ -f "$lib" ] || {
	echo "no $lib: build first"
	exit 99
}
command -v python3 >/dev/null || exit 77
python3 - "$srcdir" "$lib" <<'PYEOF'
import collections, glob, os, re, subprocess, sys

srcdir, lib = sys.argv[1:3]
fail = []

# What a panel may include: the snapshot and its parts, the view, drawing,
# formatting, lists, history, small utilities; and the other panels'
# shared headers.
panel_ok = {"config.h", "draw.h", "fmt.h", "listcur.h", "snapshot.h", "profile.h",
            "dict.h", "history.h", "view.h", "util.h", "stree.h", "flame_layout.h"}
snap_ok = {"config.h", "snapshot.h", "profile.h", "dict.h", "util.h"}
inc = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)

def local_includes(path):
    return inc.findall(open(path, encoding="utf-8").read())

for path in sorted(glob.glob(os.path.join(srcdir, "src/panels/*.[ch]"))):
    for h in local_includes(path):
        if h.startswith("panels/") or h in panel_ok:
            continue
        fail.append("%s includes %s: panels read the snapshot, not collectors" %
                    (os.path.relpath(path, srcdir), h))
for name in ("src/snapshot.h", "src/snapshot.c"):
    for h in local_includes(os.path.join(srcdir, name)):
        if h not in snap_ok:
            fail.append("%s includes %s: the snapshot depends on no collector" % (name, h))

# The object graph: A -> B when A uses a global symbol B defines.
out = subprocess.run(["nm", "-P", "-A", lib], capture_output=True, text=True,
                     check=True).stdout
defs, uses = {}, collections.defaultdict(set)
for line in out.splitlines():
    m = re.match(r"^\S+\[([^\]]+)\]:\s+(\S+)\s+(\S)", line)
    if not m:
        continue
    obj, sym, t = m.groups()
    if t == "U":
        uses[obj].add(sym)
    elif t in "TDBRVWC":
        defs[sym] = obj
graph = collections.defaultdict(set)
for obj, syms in uses.items():
    for s in syms:
        d = defs.get(s)
        if d is not None and d != obj:
            graph[obj].add(d)
nodes = sorted(set(graph) | {d for ds in graph.values() for d in ds})
print("%d objects, %d edges" % (len(nodes), sum(len(v) for v in graph.values())))

# Tarjan's strongly connected components: any with two or more objects is
# a circle.
index, low, onstack, stack, sccs, counter = {}, {}, set(), [], [], [0]
sys.setrecursionlimit(10000)
def visit(v):
    index[v] = low[v] = counter[0]
    counter[0] += 1
    stack.append(v)
    onstack.add(v)
    for w in graph.get(v, ()):
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in onstack:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop()
            onstack.discard(w)
            comp.append(w)
            if w == v:
                break
        sccs.append(comp)
for v in nodes:
    if v not in index:
        visit(v)
for comp in sccs:
    if len(comp) > 1:
        fail.append("import circle: %s" % " <-> ".join(sorted(comp)))
for f in fail:
    print("FAIL: " + f)
sys.exit(1 if fail else 0)
PYEOF
