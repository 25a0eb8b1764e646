/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sampler: the common part of stack sampling.  It picks a back end (perf,
 * else ptrace), owns the offline unwinder, delivers unwound stacks to the
 * caller's callback, and keeps the cost budget: when ctop spends more
 * than SAMPLER_CPU_BUDGET of one CPU on sampling, or (ptrace) holds a
 * thread for more than SAMPLER_HELD_BUDGET of its time, the rate is
 * halved; when the requested (else 1.5 times the) rate would still be
 * well under budget it climbs back (sampler_rate_next, a pure function so
 * that the policy is unit-tested).  One-off work on the sample path (the
 * first load of a big binary's symbols or of /proc/kallsyms) is left out
 * of the budget up to an allowance (sampler_window_cost): it does not
 * grow with the rate, so lowering the rate would not pay for it.  It does not read
 * samples itself: the back ends do.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "grabcache.h"
#include "perm.h"
#include "sampler.h"
#include "sampler_int.h"
#include "snapshot.h"
#include "unwind.h"
#include "util.h"

/* Every back end, for the fatal-signal path. */
static const struct sampler_ops *const sampler_backends[] = {&sampler_perf_ops,
                                                             &sampler_ptrace_ops};

/* How often the budget is checked, in ns. */
#define SAMPLER_WINDOW_NS 1000000000ull

double sampler_rate_next(double rate, double requested, double cost, double held, const char **why)
{
	double up;

	if (cost > SAMPLER_CPU_BUDGET || held > SAMPLER_HELD_BUDGET) {
		*why = cost > SAMPLER_CPU_BUDGET
		           ? "rate lowered: sampling cost over 2% of a CPU"
		           : "rate lowered: threads held over 2% of their time";
		return rate / 2 > SAMPLER_MIN_HZ ? rate / 2 : SAMPLER_MIN_HZ;
	}
	if (rate >= requested || rate <= 0)
		return rate;
	/* Climb only where the higher rate would stay well inside the
	 * budget, so the rate does not swing at its edge: the whole way
	 * when the cost scaled to the requested rate fits (a rate lowered
	 * by a passing peak comes back in one window), else by half. */
	up = requested / rate;
	if (cost * up < SAMPLER_CPU_BUDGET * 0.7 && held * up < SAMPLER_HELD_BUDGET * 0.7) {
		*why = NULL;
		return requested;
	}
	if (cost * 1.5 < SAMPLER_CPU_BUDGET * 0.7 && held * 1.5 < SAMPLER_HELD_BUDGET * 0.7)
		return rate * 1.5 < requested ? rate * 1.5 : requested;
	return rate;
}

double sampler_window_cost(uint64_t cost_ns, uint64_t oneoff_ns, uint64_t span_ns,
                           uint64_t *left_ns)
{
	uint64_t out = oneoff_ns < *left_ns ? oneoff_ns : *left_ns;

	if (out > cost_ns)
		out = cost_ns;
	*left_ns -= out;
	return span_ns > 0 ? (double)(cost_ns - out) / (double)span_ns : 0;
}

/*
 * Closes the budget window when it is a second old and moves the rate.
 * The held share is per thread: each thread is held at most rate_hz times
 * a second, so the average hold times the rate bounds it.
 */
static void sampler_budget(struct sampler *s)
{
	uint64_t now = now_mono_ns();
	uint64_t span = now - s->win_start_ns;
	double cost, held = 0, hz;

	if (span < SAMPLER_WINDOW_NS)
		return;
	cost = sampler_window_cost(s->win_cost_ns, s->win_oneoff_ns, span, &s->oneoff_left_ns);
	if (s->win_held_count > 0)
		held = (double)s->win_held_ns / (double)s->win_held_count * 1e-9 * s->rate_hz;
	/* A thread cannot be held more than all of its time: a hold longer
	 * than a period means fewer samples of it, not more than 100 %. */
	if (held > 1)
		held = 1;
	s->held_pct = held * 100;
	hz = sampler_rate_next(s->rate_hz, s->requested_hz, cost, held, &s->budget_reason);
	if (hz != s->rate_hz) {
		s->rate_hz = hz;
		s->ops->apply_rate(s);
	}
	s->win_start_ns = now;
	s->win_cost_ns = 0;
	s->win_oneoff_ns = 0;
	s->win_held_ns = 0;
	s->win_held_count = 0;
}

static struct sampler *sampler_try(struct loop *l, pid_t pid, const struct sampler_ops *ops,
                                   double hz, unsigned flags, sampler_stack_cb cb, void *arg,
                                   char **cause)
{
	struct sampler *s = xcalloc(1, sizeof *s);

	s->user_only = (flags & SAMPLER_USER_ONLY) != 0;
	s->ops = ops;
	s->loop = l;
	s->pid = pid;
	s->cb = cb;
	s->arg = arg;
	s->requested_hz = hz;
	s->rate_hz = hz;
	s->win_start_ns = now_mono_ns();
	s->oneoff_left_ns = SAMPLER_ONEOFF_MAX_NS;
	s->kthread = perm_kthread(pid);
	s->unw = unwinder_new(pid, cause);
	if (s->unw == NULL || ops->start(s, cause) < 0) {
		unwinder_free(s->unw);
		free(s->reason);
		free(s);
		return NULL;
	}
	return s;
}

void sampler_set_reason(struct sampler *s, const char *text)
{
	free(s->reason);
	s->reason = text != NULL ? xstrdup(text) : NULL;
}

struct sampler *sampler_new(struct loop *l, pid_t pid, enum sampler_backend b, double hz,
                            unsigned flags, sampler_stack_cb cb, void *arg, char **cause)
{
	struct sampler *s;
	struct perm_ctx pc;
	char *why = NULL;

	if (hz <= 0) {
		set_cause(cause, "sampling rate must be above 0");
		return NULL;
	}
	/* Another user's process: neither back end may look without root,
	 * CAP_PERFMON (perf) or CAP_SYS_PTRACE; one reason, not two. */
	perm_read(&pc, pid);
	if (pc.other_user && !pc.root && !pc.cap_ptrace &&
	    (!pc.cap_perfmon || b == SAMPLER_PTRACE)) {
		set_cause(cause,
		          "process of another user (uid %u): stack sampling needs root, "
		          "CAP_PERFMON or CAP_SYS_PTRACE",
		          pc.target_uid);
		return NULL;
	}
	/* A kernel thread has no user stacks: only perf, sampling kernel
	 * mode, can see anything of it. */
	if (perm_kthread(pid) && (b == SAMPLER_PTRACE || (flags & SAMPLER_USER_ONLY))) {
		set_cause(cause, "kernel thread: no user stacks%s",
		          b == SAMPLER_PTRACE ? " (the ptrace back end sees user frames only)"
		                              : " (--user-only)");
		return NULL;
	}
	switch (b) {
	case SAMPLER_PERF:
		return sampler_try(l, pid, &sampler_perf_ops, hz, flags, cb, arg, cause);
	case SAMPLER_PTRACE:
		return sampler_try(l, pid, &sampler_ptrace_ops, hz, flags, cb, arg, cause);
	case SAMPLER_AUTO:
		break;
	}
	s = sampler_try(l, pid, &sampler_perf_ops, hz, flags, cb, arg, &why);
	if (s != NULL || perm_kthread(pid)) {
		if (s == NULL && cause != NULL) {
			free(*cause);
			*cause = why;
			why = NULL;
		}
		free(why);
		return s;
	}
	s = sampler_try(l, pid, &sampler_ptrace_ops, hz, flags, cb, arg, cause);
	if (s != NULL) {
		/* Said in every snapshot while it holds: which rule refused
		 * perf, and that the ptrace back end stands in. */
		char *note = xasprintf("perf not allowed (%s); using ptrace",
		                       why != NULL ? why : "perf_event_open failed");
		sampler_set_reason(s, note);
		free(note);
	} else if (cause != NULL && *cause != NULL && why != NULL) {
		char *both = xasprintf("%s; %s", why, *cause);
		free(*cause);
		*cause = both;
	}
	free(why);
	return s;
}

void sampler_free(struct sampler *s)
{
	if (s == NULL)
		return;
	s->ops->stop(s);
	unwinder_free(s->unw);
	grabcache_free(s->grabs);
	free(s->reason);
	free(s);
}

void sampler_update_threads(struct sampler *s, const pid_t *tids, int n)
{
	uint64_t t0 = sampler_cpu_ns();

	s->ops->update_threads(s, tids, n);
	grabcache_retain(s->grabs, tids, n);
	sampler_account_cost(s, sampler_cpu_ns() - t0);
	sampler_budget(s);
}

static int sampler_u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Median and 99th percentile of the recent per-sample costs, in µs. */
static void sampler_cost_quantiles(const struct sampler *s, double *median, double *p99)
{
	uint32_t v[SAMPLER_COST_RING];
	unsigned n = s->ncost;

	*median = *p99 = NAN;
	if (n == 0)
		return;
	memcpy(v, s->cost_ns, n * sizeof *v);
	qsort(v, n, sizeof *v, sampler_u32_cmp);
	*median = v[n / 2] / 1e3;
	*p99 = v[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1] / 1e3;
}

void sampler_stats(const struct sampler *s, struct snap_sampler *out)
{
	memset(out, 0, sizeof *out);
	out->backend = s->ops->name;
	/* The back end's note holds as long as the sampler: a lowered rate
	 * is said beside it, not instead.  The snapshot owns its copy. */
	if (s->reason != NULL && s->budget_reason != NULL)
		out->owned_reason = xasprintf("%s; %s", s->reason, s->budget_reason);
	else if (s->reason != NULL)
		out->owned_reason = xstrdup(s->reason);
	out->reason = out->owned_reason != NULL ? out->owned_reason : s->budget_reason;
	out->rate_hz = s->rate_hz;
	out->requested_hz = s->requested_hz;
	out->samples = s->samples;
	out->lost = s->lost;
	out->kernel = s->kernel;
	if (!s->kernel)
		out->kernel_reason = s->kernel_reason != NULL ? s->kernel_reason
		                     : s->ops == &sampler_ptrace_ops
		                         ? "the ptrace back end sees user frames only"
		                         : "kernel frames not sampled";
	out->vm_reads = s->vm_reads + unwinder_vm_reads(s->unw);
	sampler_cost_quantiles(s, &out->unwind_us_median, &out->unwind_us_p99);
	/* Only a back end that holds threads accounts hold times. */
	if (s->held_count > 0) {
		out->held_us_avg = (double)s->held_ns / (double)s->held_count / 1e3;
		out->held_pct = s->held_pct;
		out->held_us_max = (double)s->held_max_ns / 1e3;
	} else {
		out->held_us_avg = NAN;
		out->held_pct = NAN;
		out->held_us_max = NAN;
	}
}

void sampler_emergency_release(void)
{
	for (size_t i = 0; i < CTOP_ARRAY_LEN(sampler_backends); i++)
		if (sampler_backends[i]->emergency != NULL)
			sampler_backends[i]->emergency();
}

void sampler_maps_changed(struct sampler *s)
{
	if (s != NULL && s->unw != NULL)
		unwinder_flush(s->unw);
}

int sampler_grab_cached(struct sampler *s, pid_t tid, uint64_t run_ns, const char *where,
                        uint64_t *ips, int max)
{
	int n;

	if (s == NULL || s->ops->grab == NULL)
		return -1;
	if (s->grabs == NULL)
		s->grabs = grabcache_new();
	if (run_ns != SNAP_UNKNOWN) {
		n = grabcache_get(s->grabs, tid, run_ns, where, ips, max);
		if (n > 0)
			return n;
	}
	grabcache_expect(s->grabs, tid, where);
	n = s->ops->grab(s, tid, ips, max);
	/* The interrupt made the thread run a little: the copy is valid
	 * for the run time after it (settling, see grabcache.h). */
	if (n > 0)
		grabcache_put(s->grabs, tid, sampler_run_ns(s, tid), where, ips, n);
	return n;
}

int sampler_grab(struct sampler *s, pid_t tid, uint64_t *ips, int max)
{
	if (s == NULL || s->ops->grab == NULL)
		return -1;
	return sampler_grab_cached(s, tid, sampler_run_ns(s, tid), NULL, ips, max);
}

void sampler_grab_stats(const struct sampler *s, uint64_t *reused, uint64_t *taken)
{
	*reused = s != NULL ? grabcache_hits(s->grabs) : 0;
	*taken = s != NULL ? grabcache_puts(s->grabs) : 0;
}

double sampler_weight_hz(const struct sampler *s)
{
	if (s == NULL)
		return NAN;
	/* ptrace weights samples in periods of the requested rate; a perf
	 * sample is one period of the rate in force. */
	return s->ops == &sampler_ptrace_ops ? s->requested_hz : s->rate_hz;
}

void sampler_suspend(struct sampler *s, int on)
{
	if (s != NULL && s->ops->suspend != NULL)
		s->ops->suspend(s, on);
}

const char *sampler_backend_name(const struct sampler *s)
{
	return s != NULL ? s->ops->name : "off";
}

void sampler_coverage(struct snapshot *snap, double weight_hz, int user_time_only)
{
	struct snap_sampler *sf = &snap->stacks.sampler;
	const struct snap_process *pr = &snap->process;
	double dt = snap->interval_s, cpu_s, sampled_s, listed_s = 0, exited_pct;

	sf->coverage_pct = NAN;
	sf->coverage_reason[0] = '\0';
	if (snap->first || !(dt > 0) || !(weight_hz > 0))
		return;
	cpu_s = (user_time_only ? pr->user_pct : pr->cpu_pct) / 100.0 * dt;
	if (isnan(cpu_s) || cpu_s < SAMPLER_COVER_MIN_CPU_S ||
	    cpu_s < SAMPLER_COVER_MIN_PERIODS / weight_hz)
		return;
	sampled_s = (double)snap->stacks.interval_samples / weight_hz;
	sf->coverage_pct = 100.0 * sampled_s / cpu_s;
	if (sf->coverage_pct >= SAMPLER_COVER_LOW_PCT || cpu_s < SAMPLER_COVER_BUSY * dt)
		return;
	for (int i = 0; i < snap->nthreads; i++) {
		double t = user_time_only ? snap->threads[i].user_pct : snap->threads[i].cpu_pct;

		if (!isnan(t))
			listed_s += t / 100.0 * dt;
	}
	exited_pct = listed_s < cpu_s ? 100.0 * (cpu_s - listed_s) / cpu_s : 0;
	if (exited_pct >= (100.0 - sf->coverage_pct) / 2)
		snprintf(sf->coverage_reason, sizeof sf->coverage_reason,
		         "%.0f %% of CPU time ran in threads shorter than a scan: not sampled",
		         exited_pct);
	else
		snprintf(sf->coverage_reason, sizeof sf->coverage_reason,
		         "samples cover %.0f %% of the CPU time", sf->coverage_pct);
}
