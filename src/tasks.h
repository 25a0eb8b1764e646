/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tasks: the thread ids of a process, from /proc/PID/task.  The one lister
 * the counters, the sampler and the lock tracer share when they need the
 * threads before (or without) a snapshot.
 */
#ifndef CTOP_TASKS_H
#define CTOP_TASKS_H

#include <stddef.h>
#include <sys/types.h>

/* A malloc'd array of pid's thread ids (in directory order) and its
 * length in *n; NULL with *n = 0 when the process is gone or unreadable. */
pid_t *tasks_list(pid_t pid, int *n);

/*
 * A set of thread ids, sorted for lookups in log n: what each collector
 * that follows the target's threads compares its own list with at every
 * tick (drop the threads that ended, open the new ones), so that thousands
 * of threads cost n log n, not n^2.
 */
struct tidset {
	pid_t *v;
	int n;
};

/* From tids[0..n). */
void tidset_init(struct tidset *s, const pid_t *tids, int n);
/* From the tid field of n structs of size stride, the first tid at
 * first (e.g. &th[0].tid, sizeof th[0]). */
void tidset_init_from(struct tidset *s, const pid_t *first, int n, size_t stride);
int tidset_has(const struct tidset *s, pid_t tid);
void tidset_free(struct tidset *s);

#endif
