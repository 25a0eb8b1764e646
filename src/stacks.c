/* STUB: to be written by its owner. */
#include "config.h"
#include <stdlib.h>
#include "stacks.h"
#include "snapshot.h"
#include "util.h"
struct stacks *stacks_new(pid_t pid, double w) { (void)pid; (void)w; return xcalloc(1, 1); }
void stacks_free(struct stacks *st) { free(st); }
void stacks_add(struct stacks *st, pid_t tid, const uint64_t *ips, int n, double mono) { (void)st; (void)tid; (void)ips; (void)n; (void)mono; }
void stacks_collect(struct stacks *st, struct snapshot *snap) { (void)st; (void)snap; }
void stacks_snapshot_release(struct stacks_snapshot *s) { free(s->hot); }
void stacks_write_folded(struct stacks *st, FILE *out) { (void)st; (void)out; }
