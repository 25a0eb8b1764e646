/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tasks: the thread ids of a process, from /proc/PID/task.  The one lister
 * the counters, the sampler and the lock tracer share when they need the
 * threads before (or without) a snapshot.
 */
#ifndef CTOP_TASKS_H
#define CTOP_TASKS_H

#include <sys/types.h>

/* A malloc'd array of pid's thread ids (in directory order) and its
 * length in *n; NULL with *n = 0 when the process is gone or unreadable. */
pid_t *tasks_list(pid_t pid, int *n);

#endif
