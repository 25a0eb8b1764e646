/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * grabcache: the last stack copied from each blocked thread, kept with
 * the thread's schedstat run time taken right after the copy.  While the
 * thread's run time is still that value it has not run since: it sits in
 * the same wait with the same stack, and the copy is handed out again
 * instead of stopping the thread once more.  Pure bookkeeping; the
 * sampler reads schedstat and does the stopping.
 */
#ifndef CTOP_GRABCACHE_H
#define CTOP_GRABCACHE_H

#include <stdint.h>
#include <sys/types.h>

#define GRABCACHE_FRAMES 128

struct grabcache;

struct grabcache *grabcache_new(void);
void grabcache_free(struct grabcache *g);

/* The copy of tid's stack when its run time is still run_ns: the number
 * of frames copied into ips (at most max), or -1 (none, or it ran). */
int grabcache_get(struct grabcache *g, pid_t tid, uint64_t run_ns, uint64_t *ips, int max);
/* Keeps ips[0..n) as tid's copy, valid while its run time is run_ns. */
void grabcache_put(struct grabcache *g, pid_t tid, uint64_t run_ns, const uint64_t *ips, int n);
/* Drops the copies of threads not among tids[0..n). */
void grabcache_retain(struct grabcache *g, const pid_t *tids, int n);

/* Copies handed out again, and copies taken, since creation. */
uint64_t grabcache_hits(const struct grabcache *g);
uint64_t grabcache_puts(const struct grabcache *g);

#endif
