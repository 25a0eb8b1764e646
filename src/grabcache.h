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
/* Longest /proc/TID/syscall line compared (longer ones never settle). */
#define GRABCACHE_WHERE 192
/* Run time a stop and restart of the wait may add after the read. */
#define GRABCACHE_SETTLE_NS 2000000ull

struct grabcache;

struct grabcache *grabcache_new(void);
void grabcache_free(struct grabcache *g);

/* The copy of tid's stack when its run time is still run_ns (or, for a
 * settling copy, a little more with the same syscall line where; where
 * may be NULL): the number of frames copied into ips (at most max), or
 * -1 (none, or it ran). */
int grabcache_get(struct grabcache *g, pid_t tid, uint64_t run_ns, const char *where, uint64_t *ips,
                  int max);
/* Keeps ips[0..n) as tid's fresh copy, taken while the thread's syscall
 * line was where (NULL: the line given to grabcache_expect, if any),
 * valid while its run time is run_ns. */
void grabcache_put(struct grabcache *g, pid_t tid, uint64_t run_ns, const char *where,
                   const uint64_t *ips, int n);
/* A copy of tid is being taken while its syscall line is where (or
 * NULL): a later grabcache_put with no line of its own (the stop came
 * late) settles on this one. */
void grabcache_expect(struct grabcache *g, pid_t tid, const char *where);
/* Drops the copies of threads not among tids[0..n). */
void grabcache_retain(struct grabcache *g, const pid_t *tids, int n);

/* Copies handed out again, and copies taken, since creation. */
uint64_t grabcache_hits(const struct grabcache *g);
uint64_t grabcache_puts(const struct grabcache *g);

#endif
