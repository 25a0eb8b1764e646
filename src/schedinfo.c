/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * schedinfo: run-queue wait, migrations, policy and affinity per thread (see
 * sched.h).  Rates are over the time between this collector's own two
 * reads of each thread, so a slow tick does not inflate them.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sched_math.h"
#include "schedinfo.h"
#include "snapshot.h"
#include "util.h"

struct sched_prev {
	pid_t tid;
	double mono;
	uint64_t run_ns, wait_ns, migrations; /* SNAP_UNKNOWN unread */
};

struct sched {
	pid_t pid;
	struct sched_prev *prev;
	int nprev;
	struct hint_hold runq, throttle;
};

/* The kernel's struct sched_attr, first version (48 bytes). */
struct sched_attr_v0 {
	uint32_t size;
	uint32_t sched_policy;
	uint64_t sched_flags;
	int32_t sched_nice;
	uint32_t sched_priority;
	uint64_t sched_runtime, sched_deadline, sched_period;
};

struct sched *sched_new(pid_t pid)
{
	struct sched *s = xcalloc(1, sizeof *s);

	s->pid = pid;
	return s;
}

void sched_free(struct sched *s)
{
	if (s == NULL)
		return;
	free(s->prev);
	free(s);
}

static int sched_prev_cmp(const void *a, const void *b)
{
	const struct sched_prev *x = a, *y = b;

	return (x->tid > y->tid) - (x->tid < y->tid);
}

static const struct sched_prev *sched_prev_find(const struct sched *s, pid_t tid)
{
	struct sched_prev key = {.tid = tid};

	if (s->nprev == 0)
		return NULL;
	return bsearch(&key, s->prev, (size_t)s->nprev, sizeof key, sched_prev_cmp);
}

/* Policy, nice and priority as /proc/PID/stat gives them: 20 + nice for
 * the normal classes, -1 - rt priority for the real-time ones. */
static void sched_read_attr(struct snap_thread *t)
{
	struct sched_attr_v0 a;

	memset(&a, 0, sizeof a);
	a.size = sizeof a;
	t->policy = -1;
	t->nice = 0;
	t->prio = 0;
	if (syscall(SYS_sched_getattr, t->tid, &a, (unsigned)sizeof a, 0u) < 0)
		return;
	t->policy = (int)a.sched_policy;
	t->nice = a.sched_nice;
	if (a.sched_policy == SCHED_FIFO || a.sched_policy == SCHED_RR)
		t->prio = -1 - (int)a.sched_priority;
	else
		t->prio = 20 + a.sched_nice;
}

/* The allowed CPUs as a list, "" when every CPU of the machine. */
static void sched_read_affinity(pid_t tid, char *buf, size_t size)
{
	cpu_set_t set;
	long ncpus = sysconf(_SC_NPROCESSORS_CONF);

	buf[0] = '\0';
	if (sched_getaffinity(tid, sizeof set, &set) < 0)
		return;
	if (ncpus > 0 && CPU_COUNT(&set) >= ncpus)
		return;
	sched_cpu_list(buf, size, (const unsigned long *)(const void *)&set, CPU_SETSIZE);
}

static void sched_hints(struct sched *s, struct snapshot *snap)
{
	const struct snap_process *p = &snap->process;
	const struct snap_cgroup *cg = &snap->cgroup;
	struct snap_sched *h = &snap->sched;
	int throttled;

	h->hint_rules = sched_hint_rules;
	throttled = hint_hold_update(&s->throttle, cg->throttled_pct > SCHED_HINT_THROTTLE_PCT);
	if (throttled)
		snprintf(
		    h->hints[h->nhints++], sizeof h->hints[0],
		    "throttled %.0f %% of periods: the cgroup's CPU limit (%.2f CPUs) holds it "
		    "back",
		    isnan(cg->throttled_pct) ? 0.0 : cg->throttled_pct, cg->cpu_max);
	/* Throttled time counts as run-queue wait too: the limit is then
	 * the cause, not the machine. */
	if (hint_hold_update(&s->runq, p->runq_wait_share_pct > SCHED_HINT_RUNQ_PCT) &&
	    !throttled && h->nhints < 2) {
		if (p->cpus_allowed[0] != '\0')
			snprintf(h->hints[h->nhints++], sizeof h->hints[0],
			         "waiting for a CPU %.0f %% of the time: its threads share the "
			         "CPUs they may run on (%.24s)",
			         isnan(p->runq_wait_share_pct) ? 0.0 : p->runq_wait_share_pct,
			         p->cpus_allowed);
		else
			snprintf(
			    h->hints[h->nhints++], sizeof h->hints[0],
			    "waiting for a CPU %.0f %% of the time: the machine is overcommitted",
			    isnan(p->runq_wait_share_pct) ? 0.0 : p->runq_wait_share_pct);
	}
}

void sched_collect(struct sched *s, struct snapshot *snap)
{
	struct sched_prev *cur = xcalloc((size_t)snap->nthreads + 1, sizeof *cur);
	struct snap_process *p = &snap->process;
	double wait_ms = 0, run_ms = 0, mig = 0;
	int known = 0, nmig = 0;
	char path[96], buf[4096];

	for (int i = 0; i < snap->nthreads; i++) {
		struct snap_thread *t = &snap->threads[i];
		struct sched_prev *c = &cur[i];
		const struct sched_prev *o = sched_prev_find(s, t->tid);
		double dt;

		t->runq_wait_pct = t->runq_wait_ms_per_s = t->migrations_per_s = NAN;
		c->tid = t->tid;
		c->mono = now_mono();
		c->run_ns = c->wait_ns = c->migrations = SNAP_UNKNOWN;
		snprintf(path, sizeof path, "/proc/%d/task/%d/schedstat", (int)s->pid, (int)t->tid);
		if (read_file_buf(path, buf, sizeof buf) < 0 ||
		    sched_parse_schedstat(buf, &c->run_ns, &c->wait_ns, NULL) < 0)
			c->run_ns = c->wait_ns = SNAP_UNKNOWN;
		snprintf(path, sizeof path, "/proc/%d/task/%d/sched", (int)s->pid, (int)t->tid);
		if (read_file_buf(path, buf, sizeof buf) < 0 ||
		    sched_parse_sched_field(buf, "se.nr_migrations", &c->migrations) < 0)
			c->migrations = SNAP_UNKNOWN;
		sched_read_attr(t);
		sched_read_affinity(t->tid, t->cpus_allowed, sizeof t->cpus_allowed);
		if (t->tid == s->pid)
			snprintf(p->cpus_allowed, sizeof p->cpus_allowed, "%s", t->cpus_allowed);
		if (o == NULL)
			continue;
		dt = c->mono - o->mono;
		t->runq_wait_ms_per_s = snapshot_rate(o->wait_ns, c->wait_ns, dt) / 1e6;
		t->runq_wait_pct = t->runq_wait_ms_per_s / 10.0;
		t->migrations_per_s = snapshot_rate(o->migrations, c->migrations, dt);
		if (!isnan(t->runq_wait_ms_per_s)) {
			double run = snapshot_rate(o->run_ns, c->run_ns, dt) / 1e6;

			wait_ms += t->runq_wait_ms_per_s;
			run_ms += isnan(run) ? 0 : run;
			known++;
		}
		if (!isnan(t->migrations_per_s)) {
			mig += t->migrations_per_s;
			nmig++;
		}
	}
	if (known > 0) {
		p->runq_wait_ms_per_s = wait_ms;
		p->runq_wait_pct = wait_ms / 10.0;
		p->runq_wait_share_pct =
		    wait_ms + run_ms > 0 ? 100.0 * wait_ms / (wait_ms + run_ms) : NAN;
	}
	if (nmig > 0)
		p->migrations_per_s = mig;
	qsort(cur, (size_t)snap->nthreads, sizeof *cur, sched_prev_cmp);
	free(s->prev);
	s->prev = cur;
	s->nprev = snap->nthreads;
	sched_hints(s, snap);
}

#define SCHED_STR2(x) #x
#define SCHED_STR(x) SCHED_STR2(x)

/* clang-format off */
const char sched_hint_rules[] =
	"Scheduling hints (appear after " SCHED_STR(SCHED_HINT_HOLD) " ticks, go after "
	SCHED_STR(SCHED_HINT_HOLD) " ticks without):\n"
	"  run-queue wait > " SCHED_STR(SCHED_HINT_RUNQ_PCT) "% of the time the threads wanted a CPU\n"
	"    -> overcommitted machine, or threads pinned to too few CPUs\n"
	"  throttled in > " SCHED_STR(SCHED_HINT_THROTTLE_PCT) "% of the cgroup's CPU periods\n"
	"    -> the container's CPU limit, not the machine, holds it back\n"
	"RQWAIT% = time runnable but waiting for a CPU (schedstat), % of wall time.";
/* clang-format on */
