/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * offcpu: the wall-clock collector's front and its sample back end (see
 * offcpu.h; the trace back end is offcpu_trace.c).
 *
 * Sample back end, per thread and look: schedstat gives the run time and
 * the run-queue wait since the last look; the rest of the wall time was
 * spent off the CPU (measured, not sampled).  The run-queue part goes
 * under the thread's latest on-CPU stack, the rest under the stack where
 * it waits now.  A thread that has neither run nor waited since the last
 * look is still in the same wait: the reason and stack of that look are
 * re-used and nothing else is read.  Otherwise its state and syscall are
 * read and, when it sleeps, its stack is copied through the sampler's
 * cache (a thread that has not run since the last copy is not stopped).
 * The look rate is lowered (down to OS_MIN_HZ) while looking costs ctop
 * more than OS_BUDGET of a CPU: durations stay exact, only where they are
 * put gets coarser.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "grabcache.h"
#include "loop.h"
#include "offcpu_int.h"
#include "sampler.h"
#include "snapshot.h"
#include "tasks.h"
#include "util.h"

#define OS_BUDGET 0.02
#define OS_MIN_HZ 5.0

/* How often a thread idle for OFFCPU_IDLE_S is looked at. */
#define OS_IDLE_LOOK_NS 1000000000ull

/* Looks a sleeping thread's time may wait for its stack copy. */
#define OS_DEFER_MAX 40

struct os_thread {
	pid_t tid;
	int schedfd, statfd, sysfd;
	uint64_t run, wait;
	uint64_t mono_ns;
	uint64_t ran_ns; /* when it was last seen to have run */
	double carry_off, carry_rq;
	int have;     /* why/ips describe the current wait */
	int deferred; /* looks in a row whose stack copy failed */
	char state;   /* at the last os_where: S, D, ... */
	struct offcpu_why why;
	int nips;
	uint64_t ips[OFFCPU_MAX_FRAMES];
};

struct os_state {
	struct os_thread *th;
	int n, cap;
	int timer;
	uint64_t win_start, win_cost;
};

static double offcpu_period_ns(const struct offcpu *o)
{
	double hz = o->sampler != NULL ? sampler_weight_hz(o->sampler) : o->hz;

	return 1e9 / (hz > 0 ? hz : o->hz);
}

static const struct oc_last *offcpu_last(const struct offcpu *o, pid_t tid)
{
	for (int i = 0; i < o->nlast; i++)
		if (o->last[i].tid == tid)
			return &o->last[i];
	return NULL;
}

void offcpu_note_stack(struct offcpu *o, pid_t tid, const uint64_t *ips, int n)
{
	struct oc_last *l = NULL;

	if (o == NULL || n <= 0)
		return;
	for (int i = 0; i < o->nlast && l == NULL; i++)
		if (o->last[i].tid == tid)
			l = &o->last[i];
	if (l == NULL) {
		if (o->nlast == o->caplast) {
			o->caplast = o->caplast ? o->caplast * 2 : 16;
			o->last = xrealloc(o->last, (size_t)o->caplast * sizeof *o->last);
		}
		l = &o->last[o->nlast++];
		l->tid = tid;
	}
	l->n = n < OFFCPU_MAX_FRAMES ? n : OFFCPU_MAX_FRAMES;
	memcpy(l->ips, ips, (size_t)l->n * sizeof *ips);
}

static uint64_t os_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static ssize_t os_pread(int fd, char *buf, size_t size)
{
	ssize_t r = fd >= 0 ? pread(fd, buf, size - 1, 0) : -1;

	buf[r > 0 ? r : 0] = '\0';
	return r;
}

static int os_open_one(struct offcpu *o, pid_t tid)
{
	struct os_state *ps = o->priv;
	struct os_thread t;
	char path[96], buf[128];

	memset(&t, 0, sizeof t);
	t.tid = tid;
	snprintf(path, sizeof path, "/proc/%d/task/%d/schedstat", (int)o->pid, (int)tid);
	t.schedfd = open(path, O_RDONLY | O_CLOEXEC);
	snprintf(path, sizeof path, "/proc/%d/task/%d/stat", (int)o->pid, (int)tid);
	t.statfd = open(path, O_RDONLY | O_CLOEXEC);
	snprintf(path, sizeof path, "/proc/%d/task/%d/syscall", (int)o->pid, (int)tid);
	t.sysfd = open(path, O_RDONLY | O_CLOEXEC);
	if (t.schedfd < 0 || os_pread(t.schedfd, buf, sizeof buf) <= 0 ||
	    sscanf(buf, "%" SCNu64 " %" SCNu64, &t.run, &t.wait) != 2) {
		if (t.schedfd >= 0)
			close(t.schedfd);
		if (t.statfd >= 0)
			close(t.statfd);
		if (t.sysfd >= 0)
			close(t.sysfd);
		return -1;
	}
	t.mono_ns = now_mono_ns();
	t.ran_ns = t.mono_ns;
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 16;
		ps->th = xrealloc(ps->th, (size_t)ps->cap * sizeof *ps->th);
	}
	ps->th[ps->n++] = t;
	return 0;
}

static void os_close(struct os_thread *t)
{
	if (t->schedfd >= 0)
		close(t->schedfd);
	if (t->statfd >= 0)
		close(t->statfd);
	if (t->sysfd >= 0)
		close(t->sysfd);
}

/* Why the thread is off the CPU now, and (sleeping) where: its state
 * and syscall, and a stack copy. */
static void os_where(struct offcpu *o, struct os_thread *t)
{
	char buf[512], sys[GRABCACHE_WHERE], state = '?', *close;
	long nr = -1;
	ssize_t r;

	if (os_pread(t->statfd, buf, sizeof buf) > 0 && (close = strrchr(buf, ')')) != NULL &&
	    close[1] == ' ')
		state = close[2];
	r = os_pread(t->sysfd, sys, sizeof sys);
	if (r > 0 && strncmp(sys, "running", 7) != 0)
		nr = strtol(sys, NULL, 10);
	if (r >= (ssize_t)sizeof sys - 1)
		sys[0] = '\0'; /* cut short: not a key to compare */
	offcpu_why_nr(&t->why, nr, state);
	t->state = state;
	t->nips = 0;
	if (o->sampler != NULL && (state == 'S' || state == 'D')) {
		int n =
		    sampler_grab_cached(o->sampler, t->tid, t->run, nr >= 0 && sys[0] ? sys : NULL,
		                        t->ips, OFFCPU_MAX_FRAMES);

		if (n > 0)
			t->nips = n;
		o->grabs++;
	}
	t->have = 1;
}

/* One look at one thread; -1 when it is gone. */
static int os_look(struct offcpu *o, struct os_thread *t, uint64_t now, double period)
{
	char buf[128];
	uint64_t run, wait, dwall, drun, dwait, off;
	unsigned wrq, woff;
	double mono = (double)now / 1e9;

	if (os_pread(t->schedfd, buf, sizeof buf) <= 0 ||
	    sscanf(buf, "%" SCNu64 " %" SCNu64, &run, &wait) != 2)
		return -1;
	o->looks++;
	dwall = now > t->mono_ns ? now - t->mono_ns : 0;
	drun = run >= t->run ? run - t->run : 0;
	dwait = wait >= t->wait ? wait - t->wait : 0;
	off = dwall > drun + dwait ? dwall - drun - dwait : 0;
	t->run = run;
	t->wait = wait;
	t->mono_ns = now;
	if (drun > 0 || dwait > 0) {
		t->ran_ns = now;
		t->have = 0;
	}
	wrq = offcpu_periods(dwait, period, &t->carry_rq);
	if (wrq > 0) {
		const struct oc_last *l = offcpu_last(o, t->tid);
		struct offcpu_why w;

		offcpu_why_runq(&w);
		/* Where it last ran, else where it woke from. */
		if (l != NULL)
			o->cb(o->arg, t->tid, l->ips, l->n, w.leaf, w.cls, wrq, mono);
		else
			o->cb(o->arg, t->tid, t->ips, t->nips, w.leaf, w.cls, wrq, mono);
	}
	woff = offcpu_periods(off, period, &t->carry_off);
	if (woff == 0)
		return 0;
	if (!t->have)
		os_where(o, t);
	else
		o->reused++;
	/*
	 * A sleeping thread whose stack could not be copied this time (the
	 * sampler held another thread, or it did not stop in time): its
	 * off-CPU time waits for the next look rather than going to a
	 * stackless leaf, so where it sleeps keeps its share.  After
	 * OS_DEFER_MAX misses in a row the time is given without a stack.
	 */
	if (t->nips == 0 && o->sampler != NULL && t->deferred < OS_DEFER_MAX &&
	    (t->state == 'S' || t->state == 'D')) {
		t->carry_off += (double)woff * period;
		t->have = 0;
		t->deferred++;
		return 0;
	}
	t->deferred = 0;
	if (!(o->flags & OFFCPU_SHOW_IDLE) && (double)(now - t->ran_ns) / 1e9 > OFFCPU_IDLE_S) {
		struct offcpu_why w;

		/* Folded: one line for every thread idle this long. */
		offcpu_why_idle(&w, &t->why);
		o->cb(o->arg, t->tid, NULL, 0, w.leaf, w.cls, woff, mono);
		return 0;
	}
	o->cb(o->arg, t->tid, t->ips, t->nips, t->why.leaf, t->why.cls, woff, mono);
	return 0;
}

static void os_budget(struct offcpu *o, uint64_t now)
{
	struct os_state *ps = o->priv;
	double cost;

	if (ps->win_start == 0)
		ps->win_start = now;
	if (now - ps->win_start < 1000000000ull)
		return;
	cost = (double)ps->win_cost / (double)(now - ps->win_start);
	ps->win_start = now;
	ps->win_cost = 0;
	if (cost > OS_BUDGET && o->rate_hz > OS_MIN_HZ) {
		o->rate_hz = o->rate_hz / 2 < OS_MIN_HZ ? OS_MIN_HZ : o->rate_hz / 2;
		loop_timer_start(ps->timer, 1.0 / o->rate_hz, 1.0 / o->rate_hz);
	} else if (cost < OS_BUDGET / 3 && o->rate_hz < o->hz) {
		o->rate_hz = o->rate_hz * 1.5 > o->hz ? o->hz : o->rate_hz * 1.5;
		loop_timer_start(ps->timer, 1.0 / o->rate_hz, 1.0 / o->rate_hz);
	}
}

static void os_round(struct offcpu *o)
{
	struct os_state *ps = o->priv;
	uint64_t t0 = os_cpu_ns(), now = now_mono_ns();
	double period = o->period_ns;

	for (int i = 0; i < ps->n;) {
		struct os_thread *t = &ps->th[i];

		/* A thread idle for OFFCPU_IDLE_S is looked at once a second:
		 * its time is measured, not sampled, so nothing is lost but
		 * how soon a wake-up is seen, and a pool of parked threads
		 * costs a read each a second instead of each look. */
		if ((double)(now - t->ran_ns) / 1e9 > OFFCPU_IDLE_S &&
		    now - t->mono_ns < OS_IDLE_LOOK_NS) {
			i++;
			continue;
		}
		if (os_look(o, t, now, period) < 0) {
			os_close(&ps->th[i]);
			ps->th[i] = ps->th[--ps->n];
			continue;
		}
		i++;
	}
	ps->win_cost += os_cpu_ns() - t0;
	os_budget(o, now);
}

static void os_on_timer(int fd, uint32_t events, void *arg)
{
	(void)events;
	loop_timer_drain(fd);
	os_round(arg);
}

static void os_stop(struct offcpu *o)
{
	struct os_state *ps = o->priv;

	if (ps == NULL)
		return;
	if (ps->timer >= 0) {
		loop_del_fd(o->loop, ps->timer);
		close(ps->timer);
	}
	for (int i = 0; i < ps->n; i++)
		os_close(&ps->th[i]);
	free(ps->th);
	free(ps);
	o->priv = NULL;
}

static int os_start(struct offcpu *o, char **cause)
{
	struct os_state *ps = xcalloc(1, sizeof *ps);
	int n = 0;
	pid_t *tids = tasks_list(o->pid, &n);

	ps->timer = -1;
	o->priv = ps;
	for (int i = 0; tids != NULL && i < n; i++)
		os_open_one(o, tids[i]);
	free(tids);
	if (ps->n == 0) {
		set_cause(cause, "process %d: no thread's schedstat readable", (int)o->pid);
		goto fail;
	}
	ps->timer = loop_timer_new(0, cause);
	if (ps->timer < 0 || loop_add_fd(o->loop, ps->timer, os_on_timer, o, cause) < 0)
		goto fail;
	loop_timer_start(ps->timer, 1.0 / o->rate_hz, 1.0 / o->rate_hz);
	o->backend = "sample";
	o->reason = xasprintf(
	    "off-CPU time from schedstat, where from state and /proc syscall at up to %.0f Hz%s",
	    o->hz,
	    o->sampler != NULL && strcmp(sampler_backend_name(o->sampler), "ptrace") == 0
		? ", stacks copied by ptrace and re-used while a thread has not run"
		: "; no stacks of waiting threads (they need the ptrace sampler)");
	return 0;
fail:
	os_stop(o);
	return -1;
}

static void os_update(struct offcpu *o, const pid_t *tids, int n)
{
	struct os_state *ps = o->priv;
	struct tidset want, have;

	tidset_init(&want, tids, n);
	for (int i = 0; i < ps->n;) {
		if (tidset_has(&want, ps->th[i].tid)) {
			i++;
			continue;
		}
		os_close(&ps->th[i]);
		ps->th[i] = ps->th[--ps->n];
	}
	tidset_init_from(&have, ps->n > 0 ? &ps->th[0].tid : NULL, ps->n, sizeof ps->th[0]);
	for (int j = 0; j < n; j++)
		if (!tidset_has(&have, tids[j]))
			os_open_one(o, tids[j]);
	tidset_free(&have);
	tidset_free(&want);
}

struct offcpu *offcpu_new(struct loop *l, pid_t pid, enum offcpu_backend b, double hz,
                          unsigned flags, struct sampler *sampler, offcpu_cb cb, void *arg,
                          char **cause)
{
	struct offcpu *o = xcalloc(1, sizeof *o);
	char *why = NULL;

	o->loop = l;
	o->pid = pid;
	o->hz = hz > 0 ? hz : 99;
	o->rate_hz = o->hz;
	o->flags = flags;
	o->sampler = sampler;
	o->cb = cb;
	o->arg = arg;
	o->period_ns = offcpu_period_ns(o);
	if (b != OFFCPU_SAMPLE) {
		if (offcpu_trace_start(o, &why) == 0) {
			free(why);
			return o;
		}
		if (b == OFFCPU_TRACE) {
			if (cause != NULL)
				*cause = why;
			else
				free(why);
			free(o);
			return NULL;
		}
	}
	if (os_start(o, cause) < 0) {
		free(why);
		free(o);
		return NULL;
	}
	if (why != NULL) {
		char *r = xasprintf("%s (trace: %s)", o->reason, why);

		free(o->reason);
		o->reason = r;
		free(why);
	}
	return o;
}

void offcpu_free(struct offcpu *o)
{
	if (o == NULL)
		return;
	if (o->backend != NULL && strcmp(o->backend, "trace") == 0)
		offcpu_trace_stop(o);
	else
		os_stop(o);
	free(o->last);
	free(o->reason);
	free(o);
}

void offcpu_update_threads(struct offcpu *o, const pid_t *tids, int n)
{
	struct tidset want;
	int k = 0;

	if (o == NULL)
		return;
	if (strcmp(o->backend, "trace") == 0)
		offcpu_trace_update(o, tids, n);
	else
		os_update(o, tids, n);
	tidset_init(&want, tids, n);
	for (int i = 0; i < o->nlast; i++)
		if (tidset_has(&want, o->last[i].tid))
			o->last[k++] = o->last[i];
	o->nlast = k;
	tidset_free(&want);
}

void offcpu_set_flags(struct offcpu *o, unsigned flags)
{
	if (o != NULL)
		o->flags = flags;
}

void offcpu_collect(struct offcpu *o, struct snap_stacks *out)
{
	if (o == NULL)
		return;
	o->period_ns = offcpu_period_ns(o);
	if (strcmp(o->backend, "trace") == 0)
		offcpu_trace_flush(o);
	out->wall_backend = o->backend;
	out->wall_reason = o->reason;
	out->wall_rate_hz = strcmp(o->backend, "sample") == 0 ? o->rate_hz : NAN;
	out->wall_reused = o->reused;
	out->wall_grabs = o->grabs;
	if (strcmp(o->backend, "sample") == 0 && o->sampler != NULL) {
		uint64_t hits, taken;

		/* Stops that copied a stack, and looks that needed none (the
		 * thread had not run, or its copy was still good). */
		sampler_grab_stats(o->sampler, &hits, &taken);
		out->wall_reused = o->reused + hits;
		out->wall_grabs = taken;
	}
}
