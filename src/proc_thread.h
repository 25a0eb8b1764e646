/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * proc_thread: the raw counters of one task, the direct /proc reads for
 * what libproc2 has no item for, and the turning of two samples of a task
 * into rates.  Private to the collector (proc.c).
 */
#ifndef CTOP_PROC_THREAD_H
#define CTOP_PROC_THREAD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct snap_thread;

enum proc_io_field {
	PROC_IO_RCHAR,
	PROC_IO_WCHAR,
	PROC_IO_SYSCR,
	PROC_IO_SYSCW,
	PROC_IO_READ_BYTES,
	PROC_IO_WRITE_BYTES,
	PROC_IO_NFIELDS
};

/* Cumulative counters of one task (or of the whole process); SNAP_UNKNOWN
 * where unread. */
struct proc_raw {
	pid_t tid;
	uint64_t utime, stime; /* clock tics */
	uint64_t minflt, majflt;
	uint64_t vcsw, ivcsw;
	uint64_t io[PROC_IO_NFIELDS];
};

void proc_raw_unknown(struct proc_raw *r, pid_t tid);

/* /proc/PID/task/TID/stat: state, comm, faults, tics, processor.  -1 if
 * the task has gone. */
int proc_read_task_stat(pid_t pid, pid_t tid, struct proc_raw *r, struct snap_thread *t);
/* /proc/PID/task/TID/io into r->io; -1 if unreadable. */
int proc_read_task_io(pid_t pid, pid_t tid, struct proc_raw *r);
/* /proc/PID/task/TID/status context switch counts; -1 if gone. */
int proc_read_task_ctxsw(pid_t pid, pid_t tid, struct proc_raw *r);

/* Sorts raw counters by tid, for proc_raw_find. */
void proc_raw_sort(struct proc_raw *r, int n);
const struct proc_raw *proc_raw_find(const struct proc_raw *r, int n, pid_t tid);

/*
 * Fills the rate figures of t from two samples of the task dt seconds
 * apart (prev may be NULL: a new task, all rates NAN).  hz is the clock
 * tic rate.
 */
void proc_thread_rates(struct snap_thread *t, const struct proc_raw *prev,
                       const struct proc_raw *cur, double dt, long hz);

/* Sorts by cpu_pct, busiest first, unknown last, then by tid. */
void proc_thread_sort(struct snap_thread *t, int n);

#endif
