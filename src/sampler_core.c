/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sampler_core: what both back ends call: cost and hold accounting for
 * the budget, and the hand-over of a copied stack to the unwinder and on
 * to the session.  It calls no back end, so the back ends and the front
 * (sampler.c) depend on it and never on each other.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "grabcache.h"
#include "sampler_int.h"
#include "snapshot.h"
#include "unwind.h"
#include "util.h"

uint64_t sampler_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void sampler_account_cost(struct sampler *s, uint64_t ns)
{
	s->win_cost_ns += ns;
}

void sampler_account_held(struct sampler *s, uint64_t ns)
{
	s->held_ns += ns;
	if (ns > s->held_max_ns)
		s->held_max_ns = ns;
	s->held_count++;
	s->win_held_ns += ns;
	s->win_held_count++;
}

void sampler_emit(struct sampler *s, pid_t tid, const uint64_t *ips, int n, unsigned weight,
                  double mono)
{
	if (n <= 0 || weight == 0)
		return;
	s->samples++;
	s->cb(s->arg, tid, ips, n, weight, mono);
}

void sampler_deliver_k(struct sampler *s, const struct stack_copy *c, const uint64_t *kips, int nk,
                       const uint64_t *fp_ips, int nfp, unsigned weight, double mono)
{
	uint64_t t0 = now_mono_ns(), c0 = sampler_cpu_ns(), cpu;
	int n;

	/* Kernel frames on top; at least half the frames stay for user. */
	if (nk > SAMPLER_MAX_FRAMES / 2)
		nk = SAMPLER_MAX_FRAMES / 2;
	if (nk > 0)
		memcpy(s->ips, kips, (size_t)nk * sizeof *kips);
	n = unwinder_unwind(s->unw, c, s->ips + nk, SAMPLER_MAX_FRAMES - nk);
	/* A frame-pointer chain only when unwinding found nothing past the
	 * PC: in code built with frame pointers it is still right. */
	if (n <= 1 && nfp > n) {
		n = nfp < SAMPLER_MAX_FRAMES - nk ? nfp : SAMPLER_MAX_FRAMES - nk;
		memcpy(s->ips + nk, fp_ips, (size_t)n * sizeof *fp_ips);
	}
	sampler_emit(s, c->tid, s->ips, nk + n, weight, mono);
	/* A sample this expensive loaded something for the first time. */
	cpu = sampler_cpu_ns() - c0;
	if (cpu > SAMPLER_ONEOFF_NS)
		s->win_oneoff_ns += cpu;
	s->cost_ns[s->cost_at] = (uint32_t)(now_mono_ns() - t0);
	s->cost_at = (s->cost_at + 1) % SAMPLER_COST_RING;
	if (s->ncost < SAMPLER_COST_RING)
		s->ncost++;
}

void sampler_deliver(struct sampler *s, const struct stack_copy *c, const uint64_t *fp_ips, int nfp,
                     unsigned weight, double mono)
{
	sampler_deliver_k(s, c, NULL, 0, fp_ips, nfp, weight, mono);
}

/* A thread's schedstat run time (ns), or SNAP_UNKNOWN. */
uint64_t sampler_run_ns(const struct sampler *s, pid_t tid)
{
	char path[96], buf[128];
	unsigned long long run;

	snprintf(path, sizeof path, "/proc/%d/task/%d/schedstat", (int)s->pid, (int)tid);
	if (read_file_buf(path, buf, sizeof buf) < 0 || sscanf(buf, "%llu", &run) != 1)
		return SNAP_UNKNOWN;
	return run;
}

void sampler_grab_late(struct sampler *s, pid_t tid, const uint64_t *ips, int n)
{
	if (s->grabs == NULL || n <= 0)
		return;
	/* The syscall line is the one the grab was asked with. */
	grabcache_put(s->grabs, tid, sampler_run_ns(s, tid), NULL, ips, n);
}
