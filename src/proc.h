/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * proc: the /proc collector.  Process, thread and system figures through
 * libproc2 (pids, stat, meminfo, diskstats); it reads a file directly only
 * for what libproc2 has no item for (each such read says so).  It keeps
 * the previous raw counters to turn them into rates.  It never draws.
 */
#ifndef CTOP_PROC_H
#define CTOP_PROC_H

#include <sys/types.h>

struct proc;
struct snapshot;
struct history;

/*
 * Checks that pid exists and that we may read it; -1 with a cause naming
 * the pid and the reason (no such process / permission denied).
 */
int proc_check_pid(pid_t pid, char **cause);

struct proc *proc_new(pid_t pid, char **cause);
void proc_free(struct proc *p);

/*
 * Fills the process, memory, io, system and thread sections of snap.
 * hist (may be NULL) supplies RSS history for the growth slope.  Returns
 * 0, or -1 when the target has gone (exited or reaped) with a cause.
 */
int proc_collect(struct proc *p, struct snapshot *snap, const struct history *hist, char **cause);
/* Whether the pid is still the process the last proc_collect read (the
 * same start time): after the other collectors of a tick read /proc,
 * a pid reused meanwhile makes their figures another process's. */
int proc_still_ours(const struct proc *p);

#endif
