/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * proc: the /proc collector for one process.  Each tick it makes two
 * libproc2 selections, both on contexts kept for the whole session:
 *
 * - tasks: PIDS_SELECT_PID_THREADS over stat and io items.  libproc2 gives
 *   the entry whose tid is the pid from /proc/PID itself, so that entry
 *   carries the process totals (including threads that have exited); the
 *   other entries are the threads' own task files.
 * - mem: PIDS_SELECT_PID over status items (RSS split, swap, VSZ) and the
 *   command line.
 *
 * What libproc2 has no item for is read directly in proc_thread.c.  The
 * previous raw counters are kept here to turn counts into rates over the
 * measured time between samples.  System figures are in proc_system.c.
 * It never draws and never changes the target.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libproc2/pids.h>

#include "history.h"
#include "perm.h"
#include "proc.h"
#include "proc_system.h"
#include "proc_thread.h"
#include "snapshot.h"
#include "util.h"

/* RSS growth is the slope over this much recent history. */
#define PROC_GROWTH_WINDOW_S 10.0

enum {
	T_TID,
	T_STATE,
	T_CMD,
	T_NLWP,
	T_UTIME,
	T_STIME,
	T_MINFLT,
	T_MAJFLT,
	T_PROCESSOR,
	T_ELAPSED,
	T_BEGAN,
	T_RCHAR,
	T_WCHAR,
	T_SYSCR,
	T_SYSCW,
	T_READ_BYTES,
	T_WRITE_BYTES,
	T_NITEMS
};
static enum pids_item proc_task_items[T_NITEMS] = {
    [T_TID] = PIDS_ID_TID,
    [T_STATE] = PIDS_STATE,
    [T_CMD] = PIDS_CMD,
    [T_NLWP] = PIDS_NLWP,
    [T_UTIME] = PIDS_TICS_USER,
    [T_STIME] = PIDS_TICS_SYSTEM,
    [T_MINFLT] = PIDS_FLT_MIN,
    [T_MAJFLT] = PIDS_FLT_MAJ,
    [T_PROCESSOR] = PIDS_PROCESSOR,
    [T_ELAPSED] = PIDS_TIME_ELAPSED,
    [T_BEGAN] = PIDS_TICS_BEGAN,
    [T_RCHAR] = PIDS_IO_READ_CHARS,
    [T_WCHAR] = PIDS_IO_WRITE_CHARS,
    [T_SYSCR] = PIDS_IO_READ_OPS,
    [T_SYSCW] = PIDS_IO_WRITE_OPS,
    [T_READ_BYTES] = PIDS_IO_READ_BYTES,
    [T_WRITE_BYTES] = PIDS_IO_WRITE_BYTES,
};

enum { M_RSS, M_ANON, M_FILE, M_SHMEM, M_SWAP, M_VSZ, M_CMDLINE, M_NITEMS };
/* clang-format off */
static enum pids_item proc_mem_items[M_NITEMS] = {
	[M_RSS] = PIDS_VM_RSS,
	[M_ANON] = PIDS_VM_RSS_ANON,
	[M_FILE] = PIDS_VM_RSS_FILE,
	[M_SHMEM] = PIDS_VM_RSS_SHARED,
	[M_SWAP] = PIDS_VM_SWAP,
	[M_VSZ] = PIDS_VM_SIZE,
	[M_CMDLINE] = PIDS_CMDLINE,
};
/* clang-format on */

struct proc {
	pid_t pid;
	long hz;
	int kthread; /* a kernel thread: no user memory */
	struct pids_info *tasks;
	struct pids_info *mem;
	struct proc_system *sys;
	int have_prev;
	double prev_mono;
	unsigned long long began; /* start time in tics after boot */
	struct proc_raw prev_proc;
	struct proc_raw *prev_threads; /* sorted by tid */
	int nprev;
};

#define TVAL(stack, i, type) PIDS_VAL(i, type, stack, NULL)

/* libproc2 strings may be NULL when a file could not be read. */
static const char *proc_str(const char *s)
{
	return s != NULL ? s : "";
}

/* The Threads: count of /proc/PID/status, or -1. */
static long proc_live_threads(pid_t pid)
{
	char path[64], buf[4096], *p;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	if (read_file_buf(path, buf, sizeof buf) < 0)
		return -1;
	p = strstr(buf, "\nThreads:");
	return p != NULL ? strtol(p + 9, NULL, 10) : -1;
}

int proc_check_pid(pid_t pid, char **cause)
{
	char path[64], buf[512], *close;
	int e;

	if (pid <= 0) {
		set_cause(cause, "process %d: not a valid pid", (int)pid);
		return -1;
	}
	/* EPERM: the process exists but belongs to another user; /proc still
	 * shows most of it, and what it does not show is n/a with a reason. */
	if (kill(pid, 0) < 0 && errno != EPERM) {
		if (errno == ESRCH)
			set_cause(cause, "process %d: no such process", (int)pid);
		else
			set_cause(cause, "process %d: %s", (int)pid, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if (read_file_buf(path, buf, sizeof buf) < 0) {
		e = errno;
		if (e == ENOENT)
			set_cause(cause,
			          "process %d: not visible in /proc (another pid namespace?)",
			          (int)pid);
		else if (e == EACCES || e == EPERM)
			set_cause(
			    cause,
			    "process %d: permission denied reading %s (run as its owner or root)",
			    (int)pid, path);
		else
			set_cause(cause, "process %d: cannot read %s: %s", (int)pid, path,
			          strerror(e));
		return -1;
	}
	close = strrchr(buf, ')');
	/* A leader that called pthread_exit is a zombie while its other
	 * threads run: the process is alive and the collector follows it. */
	if (close != NULL && close[1] == ' ' && close[2] == 'Z' && proc_live_threads(pid) > 1)
		return 0;
	if (close != NULL && close[1] == ' ' && (close[2] == 'Z' || close[2] == 'X')) {
		set_cause(cause, "process %d: has exited (a zombie not yet reaped by its parent)",
		          (int)pid);
		return -1;
	}
	return 0;
}

struct proc *proc_new(pid_t pid, char **cause)
{
	struct proc *p = xcalloc(1, sizeof *p);

	p->pid = pid;
	p->kthread = perm_kthread(pid);
	p->hz = sysconf(_SC_CLK_TCK);
	if (p->hz <= 0)
		p->hz = 100;
	if (procps_pids_new(&p->tasks, proc_task_items, T_NITEMS) < 0 ||
	    procps_pids_new(&p->mem, proc_mem_items, M_NITEMS) < 0) {
		set_cause(cause, "libproc2: cannot set up the process reader");
		goto fail;
	}
	p->sys = proc_system_new(cause);
	if (p->sys == NULL)
		goto fail;
	return p;
fail:
	proc_free(p);
	return NULL;
}

void proc_free(struct proc *p)
{
	if (p == NULL)
		return;
	if (p->tasks != NULL)
		procps_pids_unref(&p->tasks);
	if (p->mem != NULL)
		procps_pids_unref(&p->mem);
	proc_system_free(p->sys);
	free(p->prev_threads);
	free(p);
}

/*
 * /proc/PID/io is readable only by the owner (and then only when ptrace
 * would be allowed) or root, and libproc2 reports an unreadable file as
 * zeros.  Opening it, without reading, tells the two apart at the cost of
 * one open; it is checked each tick because an exec can change the owner.
 */
static const char *proc_io_unreadable(pid_t pid)
{
	char path[64];
	int fd;

	snprintf(path, sizeof path, "/proc/%d/io", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		close(fd);
		return NULL;
	}
	if (errno == EACCES || errno == EPERM)
		return "no permission to read /proc/PID/io";
	if (errno == ENOENT)
		return "/proc/PID/io missing (kernel without task IO accounting)";
	return "cannot read /proc/PID/io";
}

static void proc_raw_from_stack(struct proc_raw *r, struct pids_stack *st, int io_ok)
{
	proc_raw_unknown(r, TVAL(st, T_TID, s_int));
	r->utime = TVAL(st, T_UTIME, ull_int);
	r->stime = TVAL(st, T_STIME, ull_int);
	r->minflt = TVAL(st, T_MINFLT, ul_int);
	r->majflt = TVAL(st, T_MAJFLT, ul_int);
	if (!io_ok)
		return;
	r->io[PROC_IO_RCHAR] = TVAL(st, T_RCHAR, ul_int);
	r->io[PROC_IO_WCHAR] = TVAL(st, T_WCHAR, ul_int);
	r->io[PROC_IO_SYSCR] = TVAL(st, T_SYSCR, ul_int);
	r->io[PROC_IO_SYSCW] = TVAL(st, T_SYSCW, ul_int);
	r->io[PROC_IO_READ_BYTES] = TVAL(st, T_READ_BYTES, ul_int);
	r->io[PROC_IO_WRITE_BYTES] = TVAL(st, T_WRITE_BYTES, ul_int);
}

/* Memory figures: status counts KiB. */
static uint64_t proc_kib(struct pids_stack *st, int i)
{
	return 1024ull * TVAL(st, i, ul_int);
}

static void proc_fill_memory(struct proc *p, struct snapshot *snap, const struct history *hist)
{
	struct snap_process *pr = &snap->process;
	struct pids_fetch *f;

	pr->rss_bytes = pr->rss_anon_bytes = pr->rss_file_bytes = SNAP_UNKNOWN;
	pr->rss_shmem_bytes = pr->swap_bytes = pr->vsz_bytes = SNAP_UNKNOWN;
	f = procps_pids_select(p->mem, (unsigned *)&p->pid, 1, PIDS_SELECT_PID);
	/* A kernel thread has no address space of its own: status has no
	 * Vm lines, which libproc2 reads as zeros.  Unknown, not 0. */
	if (p->kthread) {
		snap->memory.reason = "kernel thread: no user memory";
		if (f != NULL && f->counts->total > 0)
			snprintf(pr->cmdline, sizeof pr->cmdline, "%s",
			         proc_str(TVAL(f->stacks[0], M_CMDLINE, str)));
	} else if (f != NULL && f->counts->total > 0) {
		struct pids_stack *st = f->stacks[0];

		pr->rss_bytes = proc_kib(st, M_RSS);
		pr->rss_anon_bytes = proc_kib(st, M_ANON);
		pr->rss_file_bytes = proc_kib(st, M_FILE);
		pr->rss_shmem_bytes = proc_kib(st, M_SHMEM);
		pr->swap_bytes = proc_kib(st, M_SWAP);
		pr->vsz_bytes = proc_kib(st, M_VSZ);
		snprintf(pr->cmdline, sizeof pr->cmdline, "%s", proc_str(TVAL(st, M_CMDLINE, str)));
	}
	snap->memory.rss_bytes = pr->rss_bytes;
	snap->memory.rss_growth_bytes_per_s = NAN;
	if (hist != NULL) {
		/* The snapshot is pushed into hist after we return, so the
		 * current value joins the fit here. */
		double rss = pr->rss_bytes == SNAP_UNKNOWN ? NAN : (double)pr->rss_bytes;

		snap->memory.rss_growth_bytes_per_s =
		    ring_slope_with(history_series(hist, HIST_RSS), PROC_GROWTH_WINDOW_S,
		                    snap->mono, rss, &snap->memory.growth_window_s);
	}
	if (isnan(snap->memory.rss_growth_bytes_per_s))
		snap->memory.growth_window_s = NAN;
}

static void proc_fill_process(struct proc *p, struct snapshot *snap, struct pids_stack *st,
                              const struct proc_raw *cur)
{
	struct snap_process *pr = &snap->process;
	const struct proc_raw *prev = p->have_prev ? &p->prev_proc : NULL;
	double dt = snap->first ? NAN : snap->interval_s;
	struct snap_thread t;

	pr->pid = p->pid;
	snprintf(pr->comm, sizeof pr->comm, "%s", proc_str(TVAL(st, T_CMD, str)));
	pr->state = TVAL(st, T_STATE, s_ch);
	pr->threads = TVAL(st, T_NLWP, s_int);
	pr->uptime_s = TVAL(st, T_ELAPSED, real);
	pr->processor = TVAL(st, T_PROCESSOR, s_int);
	/* The process totals follow the same rules as one thread's. */
	proc_thread_rates(&t, prev, cur, dt, p->hz);
	pr->cpu_pct = t.cpu_pct;
	pr->user_pct = t.user_pct;
	pr->sys_pct = t.sys_pct;
	pr->minflt_per_s = t.minflt_per_s;
	pr->majflt_per_s = t.majflt_per_s;
	snap->io = t.io;
}

/*
 * One thread: its figures from the libproc2 entry, or for the leader from
 * its own task files, and its context switches from status.  -1 when the
 * thread ended between the directory scan and our reads.
 */
static int proc_fill_thread(struct proc *p, struct pids_stack *st, int io_ok, struct snap_thread *t,
                            struct proc_raw *r, double *age_s)
{
	pid_t tid = TVAL(st, T_TID, s_int);

	memset(t, 0, sizeof *t);
	t->tid = tid;
	*age_s = TVAL(st, T_ELAPSED, real);
	if (tid == p->pid) {
		proc_raw_unknown(r, tid);
		if (proc_read_task_stat(p->pid, tid, r, t) < 0)
			return -1;
		/* An unreadable io file leaves r->io unknown (NAN rates). */
		if (io_ok)
			(void)proc_read_task_io(p->pid, tid, r);
	} else {
		proc_raw_from_stack(r, st, io_ok);
		snprintf(t->comm, sizeof t->comm, "%s", proc_str(TVAL(st, T_CMD, str)));
		t->state = TVAL(st, T_STATE, s_ch);
		t->processor = TVAL(st, T_PROCESSOR, s_int);
	}
	return proc_read_task_ctxsw(p->pid, tid, r);
}

/* Process context switches: /proc/PID/status counts only the leader's,
 * so the process figure is the sum over the threads whose rate is known
 * (switches of threads that ended within the interval are lost). */
static void proc_sum_ctxsw(struct snapshot *snap)
{
	double vol = NAN, invol = NAN;

	for (int i = 0; i < snap->nthreads; i++) {
		const struct snap_thread *t = &snap->threads[i];

		if (!isnan(t->ctxsw_voluntary_per_s))
			vol = (isnan(vol) ? 0 : vol) + t->ctxsw_voluntary_per_s;
		if (!isnan(t->ctxsw_involuntary_per_s))
			invol = (isnan(invol) ? 0 : invol) + t->ctxsw_involuntary_per_s;
	}
	snap->process.ctxsw_voluntary_per_s = vol;
	snap->process.ctxsw_involuntary_per_s = invol;
}

int proc_collect(struct proc *p, struct snapshot *snap, const struct history *hist, char **cause)
{
	struct pids_fetch *f;
	struct pids_stack *leader = NULL;
	struct proc_raw cur_proc, *raw, born = {0};
	const char *io_reason;
	double dt;
	int n = 0;

	snap->first = !p->have_prev;
	snap->interval_s = p->have_prev ? snap->mono - p->prev_mono : NAN;
	dt = snap->first ? NAN : snap->interval_s;
	io_reason = proc_io_unreadable(p->pid);
	f = procps_pids_select(p->tasks, (unsigned *)&p->pid, 1, PIDS_SELECT_PID_THREADS);
	if (f != NULL)
		for (int i = 0; i < f->counts->total; i++)
			if (TVAL(f->stacks[i], T_TID, s_int) == p->pid)
				leader = f->stacks[i];
	if (leader == NULL) {
		set_cause(cause, "exited");
		return -1;
	}
	/* A zombie leader with live threads is a process whose main thread
	 * called pthread_exit: still running.  Alone, it has exited. */
	if ((TVAL(leader, T_STATE, s_ch) == 'Z' || TVAL(leader, T_STATE, s_ch) == 'X') &&
	    f->counts->total <= 1) {
		set_cause(cause, "exited");
		return -1;
	}
	/* The same pid with another start time is another process: ours
	 * exited and the pid was reused between two ticks. */
	if (p->have_prev && TVAL(leader, T_BEGAN, ull_int) != p->began) {
		set_cause(cause, "exited");
		return -1;
	}
	proc_raw_from_stack(&cur_proc, leader, io_reason == NULL);
	proc_fill_process(p, snap, leader, &cur_proc);
	snap->io.reason = io_reason;

	raw = xcalloc((size_t)f->counts->total + 1, sizeof *raw);
	snap->threads = xcalloc((size_t)f->counts->total + 1, sizeof *snap->threads);
	for (int i = 0; i < f->counts->total; i++) {
		struct snap_thread *t = &snap->threads[n];
		const struct proc_raw *prev;
		double age_s;

		if (util_quit_signal)
			break; /* thrown away: ctop is quitting */
		if (proc_fill_thread(p, f->stacks[i], io_reason == NULL, t, &raw[n], &age_s) < 0)
			continue;
		prev = proc_raw_find(p->prev_threads, p->nprev, t->tid);
		/* A thread born since the last sample started its counters at
		 * zero: all it did, it did within this interval.  Its age comes
		 * in clock tics from two rounded clocks, hence the slack. */
		if (prev == NULL && age_s < dt + 3.0 / (double)p->hz)
			prev = &born;
		proc_thread_rates(t, prev, &raw[n], dt, p->hz);
		n++;
	}
	snap->nthreads = n;
	proc_thread_sort(snap->threads, n);
	proc_sum_ctxsw(snap);
	proc_fill_memory(p, snap, hist);
	proc_system_collect(p->sys, snap);

	proc_raw_sort(raw, n);
	free(p->prev_threads);
	p->prev_threads = raw;
	p->nprev = n;
	p->prev_proc = cur_proc;
	p->prev_mono = snap->mono;
	p->began = TVAL(leader, T_BEGAN, ull_int);
	p->have_prev = 1;
	return 0;
}

int proc_still_ours(const struct proc *p)
{
	char path[64], buf[1024], *close;
	unsigned long long began = 0;
	int field = 3;

	if (!p->have_prev)
		return 1;
	snprintf(path, sizeof path, "/proc/%d/stat", (int)p->pid);
	if (read_file_buf(path, buf, sizeof buf) <= 0 || (close = strrchr(buf, ')')) == NULL)
		return 0;
	/* Field 22 is the start time; field 3 (the state) follows ") ". */
	for (char *q = close + 2; *q != '\0'; q++)
		if (*q == ' ' && ++field == 22) {
			began = strtoull(q + 1, NULL, 10);
			break;
		}
	return field == 22 && began == p->began;
}
