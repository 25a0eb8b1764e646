/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pmu: per-thread perf_event groups for the target, opened from libpfm4
 * encodings, read once a tick.
 *
 * inherit does not reach threads that already exist, so every thread gets
 * its own groups (one for the default set, one for the user's -e events),
 * opened when the thread first appears in the thread list and closed once
 * it is gone (after a last read, so its final counts are not lost).  A
 * group is read with one read() (PERF_FORMAT_GROUP), so the ratios of its
 * events cover exactly the same time.  The figures are made in
 * pmu_fill.c; this file only opens, reads and closes.
 *
 * It is not the sampler: no mmap rings, no sampling, counting only.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "pmu.h"
#include "pmu_int.h"
#include "snapshot.h"
#include "tasks.h"
#include "util.h"

static int pmu_sys_open(struct perf_event_attr *attr, pid_t tid, int group_fd)
{
	return (int)syscall(SYS_perf_event_open, attr, tid, -1, group_fd, PERF_FLAG_FD_CLOEXEC);
}

int pmu_check_events(const char *user_events, char **cause)
{
	struct pmu_event *ev = NULL;
	int n = pmu_events_parse(user_events, &ev, cause);

	free(ev);
	return n < 0 ? -1 : 0;
}

/* How many threads may have counters: PMU_THREAD_CAP, or fewer when the
 * fd limit (raised to the hard limit if we may) cannot hold them all. */
static int pmu_size_cap(int fds_per_thread)
{
	struct rlimit rl;
	rlim_t want = (rlim_t)PMU_THREAD_CAP * (rlim_t)fds_per_thread + PMU_FD_RESERVE * 2;
	long room;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return PMU_THREAD_CAP;
	if (rl.rlim_cur < want && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur =
		    rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ? want : rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur == RLIM_INFINITY)
		return PMU_THREAD_CAP;
	room = ((long)rl.rlim_cur - PMU_FD_RESERVE) / (fds_per_thread > 0 ? fds_per_thread : 1);
	if (room < 1)
		return 1;
	return room < PMU_THREAD_CAP ? (int)room : PMU_THREAD_CAP;
}

struct pmu *pmu_new(pid_t pid, const char *user_events, char **cause)
{
	struct pmu *p = xcalloc(1, sizeof *p);
	struct pmu_event *user = NULL;
	char *why = NULL;
	int nuser;

	p->pid = pid;
	nuser = pmu_events_parse(user_events, &user, cause);
	if (nuser < 0) {
		free(p);
		return NULL;
	}
	p->nev = PMU_NDEFAULT + nuser;
	p->ev = xcalloc((size_t)p->nev, sizeof *p->ev);
	if (pmu_events_default(p->ev, &why) < 0) {
		/* Only libpfm4 itself failing gets here: say so, count nothing
		 * of the default set, keep the user's events. */
		p->setup_reason = why;
	} else
		p->encoded = 1;
	if (nuser > 0)
		memcpy(p->ev + PMU_NDEFAULT, user, (size_t)nuser * sizeof *user);
	free(user);
	p->ev_errno = xcalloc((size_t)p->nev, sizeof *p->ev_errno);
	p->thread_cap = pmu_size_cap(p->nev);
	p->buf_words = 3 + 2 * (size_t)p->nev;
	p->buf = xcalloc(p->buf_words, sizeof *p->buf);
	return p;
}

static void pmu_group_init(struct pmu_group *g, int lo, int hi)
{
	int n = hi - lo;

	memset(g, 0, sizeof *g);
	g->lo = lo;
	g->hi = hi;
	g->leader = -1;
	g->fd = xcalloc((size_t)n + 1, sizeof *g->fd);
	g->id = xcalloc((size_t)n + 1, sizeof *g->id);
	g->prev = xcalloc((size_t)n + 1, sizeof *g->prev);
	for (int k = 0; k < n; k++)
		g->fd[k] = -1;
}

static void pmu_group_close(struct pmu_group *g)
{
	/* Members before the leader: closing the leader first would only
	 * turn the members into singletons for a moment. */
	for (int k = g->hi - g->lo - 1; k >= 0; k--)
		if (g->fd[k] >= 0 && g->fd[k] != g->leader)
			close(g->fd[k]);
	if (g->leader >= 0)
		close(g->leader);
	free(g->fd);
	free(g->id);
	free(g->prev);
	memset(g, 0, sizeof *g);
	g->leader = -1;
}

/* Opens what it can of events [lo, hi) on tid as one group.  An event the
 * kernel refuses is left out (its errno kept for the reason) and the next
 * one that opens leads the group. */
static void pmu_group_open(struct pmu *p, struct pmu_group *g, pid_t tid)
{
	for (int e = g->lo; e < g->hi; e++) {
		struct perf_event_attr attr = p->ev[e].attr;
		int k = e - g->lo, fd;

		attr.size = sizeof attr;
		attr.read_format = PERF_FORMAT_GROUP | PERF_FORMAT_ID |
		                   PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
		attr.disabled = 0;
		attr.inherit = 0;
		attr.sample_period = 0;
		attr.freq = 0;
		attr.sample_type = 0;
		fd = pmu_sys_open(&attr, tid, g->leader);
		if (fd < 0) {
			if (errno == ESRCH) /* the thread just exited: no news */
				return;
			p->ev_errno[e] = errno;
			continue;
		}
		if (ioctl(fd, PERF_EVENT_IOC_ID, &g->id[k]) < 0) {
			p->ev_errno[e] = errno;
			close(fd);
			continue;
		}
		p->ev_errno[e] = 0;
		g->fd[k] = fd;
		if (g->leader < 0)
			g->leader = fd;
	}
}

/* One read() of a group; deltas against the previous read, scaled by the
 * group's enabled/running times. */
static void pmu_group_read(struct pmu *p, struct pmu_thread *t, struct pmu_group *g)
{
	ssize_t r;
	uint64_t nr, en, run, den, drun;

	if (g->leader < 0)
		return;
	r = read(g->leader, p->buf, p->buf_words * sizeof *p->buf);
	if (r < (ssize_t)(3 * sizeof *p->buf))
		return;
	nr = p->buf[0];
	en = p->buf[1];
	run = p->buf[2];
	if ((size_t)r < (3 + 2 * nr) * sizeof *p->buf)
		return;
	den = en >= g->prev_enabled ? en - g->prev_enabled : 0;
	drun = run >= g->prev_running ? run - g->prev_running : 0;
	/* Enabled for a while and never on the PMU: too big a group. */
	if (g->lo == 0 && g->hi == PMU_NDEFAULT && run == 0 && en > 0)
		p->never_ran = 1;
	for (uint64_t j = 0; j < nr; j++) {
		uint64_t v = p->buf[3 + 2 * j], id = p->buf[4 + 2 * j];

		for (int e = g->lo; e < g->hi; e++) {
			int k = e - g->lo;
			double d;

			if (g->fd[k] < 0 || g->id[k] != id)
				continue;
			d = pmu_delta(g->prev[k], v);
			t->has[e] = 1;
			t->value[e] = isnan(d) ? NAN : pmu_scale((uint64_t)d, den, drun);
			t->enabled[e] = den;
			t->running[e] = drun;
			g->prev[k] = v;
			break;
		}
	}
	g->prev_enabled = en;
	g->prev_running = run;
}

static void pmu_thread_open(struct pmu *p, struct pmu_thread *t, pid_t tid)
{
	memset(t, 0, sizeof *t);
	t->tid = tid;
	t->alive = 1;
	t->has = xcalloc((size_t)p->nev, sizeof *t->has);
	t->value = xcalloc((size_t)p->nev, sizeof *t->value);
	t->enabled = xcalloc((size_t)p->nev, sizeof *t->enabled);
	t->running = xcalloc((size_t)p->nev, sizeof *t->running);
	pmu_group_init(&t->grp[PMU_GROUP_DEFAULT], 0,
	               !p->encoded ? 0
	               : p->split  ? PMU_SPLIT_AT
	                           : PMU_NDEFAULT);
	pmu_group_init(&t->grp[PMU_GROUP_DEFAULT2], PMU_SPLIT_AT,
	               p->encoded && p->split ? PMU_NDEFAULT : PMU_SPLIT_AT);
	pmu_group_init(&t->grp[PMU_GROUP_USER], PMU_NDEFAULT, p->nev);
	/* A new event counts from 0 with zero times: the zeroed prev* are
	 * already its baseline, so the next read gives a full delta. */
	for (int g = 0; g < PMU_NGROUPS; g++)
		pmu_group_open(p, &t->grp[g], tid);
}

void pmu_split_default(struct pmu *p)
{
	if (p->split || !p->encoded)
		return;
	p->split = 1;
	for (int i = 0; i < p->nth; i++) {
		struct pmu_thread *t = &p->th[i];

		for (int g = PMU_GROUP_DEFAULT; g <= PMU_GROUP_DEFAULT2; g++) {
			pmu_group_close(&t->grp[g]);
			pmu_group_init(&t->grp[g], g == PMU_GROUP_DEFAULT ? 0 : PMU_SPLIT_AT,
			               g == PMU_GROUP_DEFAULT ? PMU_SPLIT_AT : PMU_NDEFAULT);
			pmu_group_open(p, &t->grp[g], t->tid);
		}
	}
}

static void pmu_thread_close(struct pmu_thread *t)
{
	for (int g = 0; g < PMU_NGROUPS; g++)
		pmu_group_close(&t->grp[g]);
	free(t->has);
	free(t->value);
	free(t->enabled);
	free(t->running);
}

void pmu_free(struct pmu *p)
{
	if (p == NULL)
		return;
	for (int i = 0; i < p->nth; i++)
		pmu_thread_close(&p->th[i]);
	free(p->th);
	free(p->ev);
	free(p->ev_errno);
	free(p->buf);
	free(p->setup_reason);
	free(p);
}

static struct pmu_thread *pmu_find(struct pmu *p, pid_t tid)
{
	for (int i = 0; i < p->nth; i++)
		if (p->th[i].tid == tid)
			return &p->th[i];
	return NULL;
}

/* The target's threads, busiest first: the snapshot's list, or
 * /proc/PID/task when the collector gave none. */
static int pmu_list_threads(const struct pmu *p, const struct snapshot *snap, pid_t **out)
{
	pid_t *tids;
	int n;

	if (snap->nthreads > 0) {
		tids = xcalloc((size_t)snap->nthreads, sizeof *tids);
		for (int i = 0; i < snap->nthreads; i++)
			tids[i] = snap->threads[i].tid;
		*out = tids;
		return snap->nthreads;
	}
	*out = tasks_list(p->pid, &n);
	return n;
}

/*
 * Brings the open threads in line with tids (busiest first): marks the
 * gone (closed by pmu_reap once their last counts are used), then opens
 * the busiest not yet counted.  Past the cap, a new thread among the top
 * ones takes the place of a counted thread outside them; below the cap
 * nothing is evicted, so groups are not churned.
 */
static void pmu_follow(struct pmu *p, const pid_t *tids, int n)
{
	int want = n < p->thread_cap ? n : p->thread_cap;
	int i, j, live = 0;

	for (i = 0; i < p->nth; i++)
		p->th[i].alive = 0;
	for (i = 0; i < n; i++) {
		struct pmu_thread *t = pmu_find(p, tids[i]);

		if (t != NULL) {
			t->alive = 1 + (i < want); /* 2: among the top ones */
			live++;
		}
	}
	for (i = 0; i < want; i++) {
		if (pmu_find(p, tids[i]) != NULL)
			continue;
		if (live >= p->thread_cap) {
			/* Evict a live thread outside the top ones; its counts
			 * of this tick were already used. */
			for (j = 0; j < p->nth && p->th[j].alive != 1; j++)
				;
			if (j == p->nth)
				break;
			pmu_thread_close(&p->th[j]);
			p->th[j] = p->th[--p->nth];
			live--;
		}
		p->th = xrealloc(p->th, (size_t)(p->nth + 1) * sizeof *p->th);
		pmu_thread_open(p, &p->th[p->nth], tids[i]);
		p->th[p->nth].alive = 2;
		p->nth++;
		live++;
	}
}

/* Closes the threads pmu_follow found gone. */
static void pmu_reap(struct pmu *p)
{
	int i, j;

	for (i = j = 0; i < p->nth; i++) {
		if (!p->th[i].alive)
			pmu_thread_close(&p->th[i]);
		else
			p->th[j++] = p->th[i];
	}
	p->nth = j;
}

void pmu_collect(struct pmu *p, struct snapshot *snap)
{
	double now = now_mono(), dt = snap->interval_s;
	pid_t *tids = NULL;
	int n;

	if (!(dt > 0))
		dt = p->last_mono > 0 ? now - p->last_mono : NAN;
	p->last_mono = now;
	/* Read before following: a thread that exited since the last tick
	 * still gives its final counts, and is closed only after the fill. */
	for (int i = 0; i < p->nth; i++) {
		struct pmu_thread *t = &p->th[i];

		memset(t->has, 0, (size_t)p->nev * sizeof *t->has);
		for (int g = 0; g < PMU_NGROUPS; g++)
			pmu_group_read(p, t, &t->grp[g]);
	}
	n = pmu_list_threads(p, snap, &tids);
	p->threads_total = n;
	pmu_follow(p, tids, n);
	free(tids);
	pmu_fill(p, snap, dt);
	pmu_reap(p);
	if (p->never_ran)
		pmu_split_default(p);
}
