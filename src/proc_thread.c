/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * proc_thread: per-task raw counters and rates.  libproc2 supplies most
 * per-thread figures; this file reads /proc directly for the three things
 * it does not give us:
 *
 * - context switch counts: libproc2 has no item for the
 *   voluntary/nonvoluntary_ctxt_switches lines of status;
 * - the leader thread's own stat and io: with PIDS_SELECT_PID_THREADS,
 *   libproc2 (4.0.x) fills the entry whose tid is the pid from /proc/PID,
 *   that is with the whole process's totals, not from
 *   /proc/PID/task/PID.  We keep that entry as the process figures and read
 *   the leader's task files ourselves.
 *
 * It knows nothing of snapshots beyond struct snap_thread.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc_thread.h"
#include "snapshot.h"
#include "util.h"

void proc_raw_unknown(struct proc_raw *r, pid_t tid)
{
	r->tid = tid;
	r->utime = r->stime = r->minflt = r->majflt = SNAP_UNKNOWN;
	r->vcsw = r->ivcsw = SNAP_UNKNOWN;
	for (int i = 0; i < PROC_IO_NFIELDS; i++)
		r->io[i] = SNAP_UNKNOWN;
}

static int proc_task_read(pid_t pid, pid_t tid, const char *file, char *buf, size_t size)
{
	char path[64];

	snprintf(path, sizeof path, "/proc/%d/task/%d/%s", (int)pid, (int)tid, file);
	return read_file_buf(path, buf, size) < 0 ? -1 : 0;
}

int proc_read_task_stat(pid_t pid, pid_t tid, struct proc_raw *r, struct snap_thread *t)
{
	char buf[1024], *open, *close, *s;
	uint64_t v[40] = {0};
	size_t len;

	if (proc_task_read(pid, tid, "stat", buf, sizeof buf) < 0)
		return -1;
	/* comm may hold spaces and parentheses: it runs from the first '('
	 * to the last ')'. */
	open = strchr(buf, '(');
	close = strrchr(buf, ')');
	if (open == NULL || close == NULL || close < open || close[1] == '\0')
		return -1;
	len = (size_t)(close - open - 1);
	if (len >= sizeof t->comm)
		len = sizeof t->comm - 1;
	memcpy(t->comm, open + 1, len);
	t->comm[len] = '\0';
	t->state = close[2];
	/* Fields are numbered as in proc(5): 3 is the state, 4 onwards numbers. */
	s = close + 3;
	for (int field = 4; field < 40 && *s != '\0'; field++) {
		char *end;

		v[field] = strtoull(s, &end, 10);
		if (end == s)
			break;
		s = end;
	}
	r->minflt = v[10];
	r->majflt = v[12];
	r->utime = v[14];
	r->stime = v[15];
	t->processor = (int)v[39];
	return 0;
}

/* Finds "key" at the start of a line and reads the number after it. */
static int proc_line_u64(const char *buf, const char *key, uint64_t *out)
{
	size_t klen = strlen(key);

	for (const char *s = buf; s != NULL && *s != '\0'; s = strchr(s, '\n')) {
		if (*s == '\n')
			s++;
		if (strncmp(s, key, klen) == 0) {
			*out = strtoull(s + klen, NULL, 10);
			return 0;
		}
	}
	return -1;
}

int proc_read_task_io(pid_t pid, pid_t tid, struct proc_raw *r)
{
	static const char *const keys[PROC_IO_NFIELDS] = {
	    "rchar:", "wchar:", "syscr:", "syscw:", "read_bytes:", "write_bytes:",
	};
	char buf[512];

	if (proc_task_read(pid, tid, "io", buf, sizeof buf) < 0)
		return -1;
	for (int i = 0; i < PROC_IO_NFIELDS; i++)
		if (proc_line_u64(buf, keys[i], &r->io[i]) < 0)
			r->io[i] = SNAP_UNKNOWN;
	return 0;
}

int proc_read_task_ctxsw(pid_t pid, pid_t tid, struct proc_raw *r)
{
	char buf[4096];

	if (proc_task_read(pid, tid, "status", buf, sizeof buf) < 0)
		return -1;
	if (proc_line_u64(buf, "voluntary_ctxt_switches:", &r->vcsw) < 0)
		r->vcsw = SNAP_UNKNOWN;
	if (proc_line_u64(buf, "nonvoluntary_ctxt_switches:", &r->ivcsw) < 0)
		r->ivcsw = SNAP_UNKNOWN;
	return 0;
}

static int proc_raw_cmp(const void *a, const void *b)
{
	const struct proc_raw *x = a, *y = b;

	return (x->tid > y->tid) - (x->tid < y->tid);
}

void proc_raw_sort(struct proc_raw *r, int n)
{
	if (n > 1)
		qsort(r, (size_t)n, sizeof *r, proc_raw_cmp);
}

const struct proc_raw *proc_raw_find(const struct proc_raw *r, int n, pid_t tid)
{
	struct proc_raw key = {.tid = tid};

	if (r == NULL || n == 0)
		return NULL;
	return bsearch(&key, r, (size_t)n, sizeof *r, proc_raw_cmp);
}

/* Percent of one CPU from a tic counter. */
static double proc_tics_pct(uint64_t prev, uint64_t now, double dt, long hz)
{
	return snapshot_rate(prev, now, dt) / (double)hz * 100.0;
}

void proc_thread_rates(struct snap_thread *t, const struct proc_raw *prev,
                       const struct proc_raw *cur, double dt, long hz)
{
	struct proc_raw none;

	if (prev == NULL) {
		proc_raw_unknown(&none, cur->tid);
		prev = &none;
	}
	t->user_pct = proc_tics_pct(prev->utime, cur->utime, dt, hz);
	t->sys_pct = proc_tics_pct(prev->stime, cur->stime, dt, hz);
	t->cpu_pct = t->user_pct + t->sys_pct;
	t->minflt_per_s = snapshot_rate(prev->minflt, cur->minflt, dt);
	t->majflt_per_s = snapshot_rate(prev->majflt, cur->majflt, dt);
	t->ctxsw_voluntary_per_s = snapshot_rate(prev->vcsw, cur->vcsw, dt);
	t->ctxsw_involuntary_per_s = snapshot_rate(prev->ivcsw, cur->ivcsw, dt);
	t->io.rchar_per_s = snapshot_rate(prev->io[PROC_IO_RCHAR], cur->io[PROC_IO_RCHAR], dt);
	t->io.wchar_per_s = snapshot_rate(prev->io[PROC_IO_WCHAR], cur->io[PROC_IO_WCHAR], dt);
	t->io.syscr_per_s = snapshot_rate(prev->io[PROC_IO_SYSCR], cur->io[PROC_IO_SYSCR], dt);
	t->io.syscw_per_s = snapshot_rate(prev->io[PROC_IO_SYSCW], cur->io[PROC_IO_SYSCW], dt);
	t->io.read_bytes_per_s =
	    snapshot_rate(prev->io[PROC_IO_READ_BYTES], cur->io[PROC_IO_READ_BYTES], dt);
	t->io.write_bytes_per_s =
	    snapshot_rate(prev->io[PROC_IO_WRITE_BYTES], cur->io[PROC_IO_WRITE_BYTES], dt);
}

static int proc_thread_cmp(const void *a, const void *b)
{
	const struct snap_thread *x = a, *y = b;
	int xn = isnan(x->cpu_pct), yn = isnan(y->cpu_pct);

	if (xn != yn)
		return xn - yn;
	if (!xn && x->cpu_pct != y->cpu_pct)
		return x->cpu_pct < y->cpu_pct ? 1 : -1;
	return (x->tid > y->tid) - (x->tid < y->tid);
}

void proc_thread_sort(struct snap_thread *t, int n)
{
	if (n > 1)
		qsort(t, (size_t)n, sizeof *t, proc_thread_cmp);
}
