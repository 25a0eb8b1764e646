/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * schedinfo: the scheduling collector.  For every thread the proc collector
 * found it reads schedstat (time on a CPU and time runnable but waiting
 * for one), the migration count from /proc/.../sched, the policy and
 * nice value (sched_getattr) and the allowed CPUs (sched_getaffinity),
 * turns them into rates and sums them for the process, and writes the
 * debounced plain-words hints about run-queue wait and cgroup
 * throttling (which it reads from snap->cgroup, so it runs after the
 * cgroup collector).  It never draws.
 */
#ifndef CTOP_SCHEDINFO_H
#define CTOP_SCHEDINFO_H

#include <sys/types.h>

struct sched;
struct snapshot;

struct sched *sched_new(pid_t pid);
void sched_free(struct sched *s);
/* Fills the scheduling figures of snap's process and threads. */
void sched_collect(struct sched *s, struct snapshot *snap);

/* The hint rules in words, for help screens. */
extern const char sched_hint_rules[];

#endif
