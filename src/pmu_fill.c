/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pmu_fill: from the per-thread reads of one tick to the snapshot's
 * counters: per-event totals and rates, process and per-thread ratios,
 * the debounced hints, and, when nothing could be counted, the reason in
 * one short phrase a user can act on.  It reads no fd.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "perm.h"
#include "pmu.h"
#include "pmu_int.h"
#include "snapshot.h"
#include "util.h"

/* A core PMU the kernel registered: x86 "cpu" (hybrid "cpu_core"), Arm
 * "armv8_pmuv3*", others under their own names. */
static int pmu_core_exposed(void)
{
	static const char *const names[] = {"cpu",         "cpu_core",      "cpu_atom",
	                                    "armv8_pmuv3", "armv8_pmuv3_0", "armv7_cortex_a15",
	                                    "riscv-pmu"};
	char path[128];

	for (size_t i = 0; i < CTOP_ARRAY_LEN(names); i++) {
		snprintf(path, sizeof path, "/sys/bus/event_source/devices/%s", names[i]);
		if (access(path, F_OK) == 0)
			return 1;
	}
	return 0;
}

const char *pmu_errno_phrase(const struct perm_ctx *c, int err, uint32_t type, int kernel_mode,
                             char *buf, size_t size)
{
	int hw = type != PERF_TYPE_SOFTWARE && type != PERF_TYPE_TRACEPOINT;

	switch (err) {
	case ENOENT:
	case EOPNOTSUPP:
	case ENODEV:
	case ENOSYS:
	case EINVAL:
		if (!hw)
			snprintf(buf, size, "event not supported by this kernel");
		else if (!pmu_core_exposed())
			snprintf(buf, size, "no PMU exposed");
		else
			snprintf(buf, size, "event not supported by this CPU");
		break;
	case EACCES:
	case EPERM:
		/* Which rule refused: paranoid only where its value forbids
		 * this event, else the owner, a filter, a security module. */
		perm_perf_phrase(c, err, kernel_mode, buf, size);
		break;
	case EMFILE:
	case ENFILE:
		snprintf(buf, size, "out of file descriptors");
		break;
	case EBUSY:
		snprintf(buf, size, "counters busy (another tool holds them)");
		break;
	default:
		snprintf(buf, size, "%s", strerror(err));
		break;
	}
	return buf;
}

/* Sums event e over the threads that counted it this tick. */
static void pmu_fill_event(const struct pmu *p, const struct perm_ctx *pc, int e, double dt,
                           struct snap_counter_event *f)
{
	double sum = 0;
	uint64_t en = 0, run = 0;
	int known = 0, open = 0;

	snprintf(f->name, sizeof f->name, "%s", p->ev[e].name);
	f->user = p->ev[e].user;
	f->reason[0] = '\0';
	for (int i = 0; i < p->nth; i++) {
		const struct pmu_thread *t = &p->th[i];
		const struct pmu_group *g = pmu_group_of(t, e);

		if (g != NULL && g->fd[e - g->lo] >= 0)
			open++;
		if (!t->has[e])
			continue;
		en += t->enabled[e];
		run += t->running[e];
		if (!isnan(t->value[e])) {
			sum += t->value[e];
			known++;
		}
	}
	f->value = known > 0 ? sum : NAN;
	f->per_s = known > 0 && dt > 0 ? sum / dt : NAN;
	f->running_pct = en > 0 ? 100.0 * (double)run / (double)en : NAN;
	if (known > 0)
		return;
	if (e < PMU_NDEFAULT && !p->encoded)
		snprintf(f->reason, sizeof f->reason, "%s", p->setup_reason);
	else if (open == 0 && p->ev_errno[e] != 0)
		pmu_errno_phrase(pc, p->ev_errno[e], p->ev[e].attr.type,
		                 !p->ev[e].attr.exclude_kernel, f->reason, sizeof f->reason);
	else if (open == 0)
		snprintf(f->reason, sizeof f->reason, "no thread counted");
	else if (en > 0)
		snprintf(f->reason, sizeof f->reason, "never scheduled (counters busy)");
	else
		snprintf(f->reason, sizeof f->reason, "first sample");
}

static void pmu_counts_of(struct pmu_counts *c, const double *v)
{
	c->cycles = v[PMU_EV_CYCLES];
	c->instructions = v[PMU_EV_INSTRUCTIONS];
	c->cache_refs = v[PMU_EV_CACHE_REFS];
	c->cache_misses = v[PMU_EV_CACHE_MISSES];
	c->branches = v[PMU_EV_BRANCHES];
	c->branch_misses = v[PMU_EV_BRANCH_MISSES];
}

/* The per-thread figures of the live counted threads, in the order of the
 * snapshot's list (busiest first) when there is one. */
static void pmu_fill_threads(const struct pmu *p, struct snap_counters *c)
{
	c->threads = xcalloc((size_t)p->nth + 1, sizeof *c->threads);
	for (int i = 0; i < p->nth; i++) {
		const struct pmu_thread *t = &p->th[i];
		struct snap_counter_thread *tf;
		double v[PMU_NDEFAULT];
		struct pmu_counts cnt;
		struct pmu_figs f;

		if (!t->alive)
			continue;
		for (int e = 0; e < PMU_NDEFAULT; e++)
			v[e] = e < p->nev && t->has[e] ? t->value[e] : NAN;
		pmu_counts_of(&cnt, v);
		pmu_figs_compute(&f, &cnt);
		tf = &c->threads[c->nthreads++];
		tf->tid = t->tid;
		tf->ipc = f.ipc;
		tf->cache_miss_pct = f.cache_miss_pct;
		tf->branch_miss_pct = f.branch_miss_pct;
		tf->mpki = f.mpki;
	}
}

/* The reason no hardware counter counts: the error of the first default
 * event that failed, or libpfm4's own failure. */
static char *pmu_fill_reason(const struct pmu *p, const struct perm_ctx *pc)
{
	char buf[160];

	if (!p->encoded)
		return xstrdup(p->setup_reason != NULL ? p->setup_reason : "libpfm4 failed");
	for (int e = 0; e < PMU_NDEFAULT; e++)
		if (p->ev_errno[e] != 0)
			return xstrdup(pmu_errno_phrase(pc, p->ev_errno[e], p->ev[e].attr.type,
			                                !p->ev[e].attr.exclude_kernel, buf,
			                                sizeof buf));
	return xstrdup(p->nth == 0 ? "no thread to count" : "not counted");
}

void pmu_fill(struct pmu *p, struct snapshot *snap, double dt)
{
	struct snap_counters *c = &snap->counters;
	double v[PMU_NDEFAULT];
	struct pmu_counts cnt;
	struct pmu_figs f;
	int hw_open = 0;
	struct perm_ctx pc;

	/* The facts behind a refusal, read only when an event was refused
	 * with a permission error (as they are now: the setting may change). */
	memset(&pc, 0, sizeof pc);
	for (int e = 0; e < p->nev; e++)
		if (p->ev_errno[e] == EACCES || p->ev_errno[e] == EPERM) {
			perm_read(&pc, p->pid);
			break;
		}
	c->hint_rules = pmu_hint_rules;
	c->nevents = p->nev;
	c->events = xcalloc((size_t)p->nev, sizeof *c->events);
	for (int e = 0; e < p->nev; e++)
		pmu_fill_event(p, &pc, e, dt, &c->events[e]);
	for (int i = 0; i < p->nth && p->encoded; i++)
		if (p->th[i].grp[PMU_GROUP_DEFAULT].leader >= 0 ||
		    p->th[i].grp[PMU_GROUP_DEFAULT2].leader >= 0)
			hw_open = 1;
	c->available = hw_open;
	c->threads_total = p->threads_total;
	c->hw_groups = !hw_open ? 0 : p->split ? 2 : 1;
	c->thread_cap = p->thread_cap;
	if (!hw_open) {
		c->owned_reason = pmu_fill_reason(p, &pc);
		c->reason = c->owned_reason;
	}
	for (int e = 0; e < PMU_NDEFAULT; e++)
		v[e] = hw_open ? c->events[e].value : NAN;
	pmu_counts_of(&cnt, v);
	pmu_figs_compute(&f, &cnt);
	c->ipc = f.ipc;
	c->cache_miss_pct = f.cache_miss_pct;
	c->branch_miss_pct = f.branch_miss_pct;
	c->mpki = f.mpki;
	c->running_pct = hw_open ? c->events[PMU_EV_CYCLES].running_pct : NAN;
	c->scaled = 0;
	for (int e = 0; e < p->nev; e++)
		if (c->events[e].running_pct < 99.5)
			c->scaled = 1;
	pmu_fill_threads(p, c);
	c->nhints = pmu_hints_update(&p->hints, &f, c->hints, (int)CTOP_ARRAY_LEN(c->hints));
}
