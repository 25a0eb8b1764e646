/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * snapshot: allocation and release of a tick's figures, and the rate maths
 * every collector shares.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"
#include "snapshot.h"
#include "util.h"

struct snapshot *snapshot_new(void)
{
	struct snapshot *s = xcalloc(1, sizeof *s);

	s->counters.ipc = NAN;
	s->counters.cache_miss_pct = NAN;
	s->counters.branch_miss_pct = NAN;
	s->counters.mpki = NAN;
	s->counters.running_pct = NAN;
	s->memory.rss_growth_bytes_per_s = NAN;
	/* Unknown until the scheduling and cgroup collectors say. */
	s->process.runq_wait_pct = NAN;
	s->stacks.wall_rate_hz = NAN;
	s->process.runq_wait_ms_per_s = NAN;
	s->process.runq_wait_share_pct = NAN;
	s->process.migrations_per_s = NAN;
	s->cgroup.cpu_max = s->cgroup.cpu_quota_us = s->cgroup.cpu_period_us = NAN;
	s->cgroup.throttled_pct = s->cgroup.throttled_ms_per_s = s->cgroup.periods_per_s = NAN;
	s->cgroup.memory_max_bytes = s->cgroup.memory_current_bytes = SNAP_UNKNOWN;
	s->cgroup.oom_events = s->cgroup.oom_kills = SNAP_UNKNOWN;
	s->cgroup.psi_cpu.some_avg10 = s->cgroup.psi_cpu.full_avg10 = NAN;
	s->cgroup.psi_memory = s->cgroup.psi_io = s->cgroup.psi_cpu;
	return s;
}

void snapshot_locks_clear(struct snap_locks *l)
{
	for (int i = 0; i < l->nlocks; i++) {
		struct snap_lock *k = &l->locks[i];

		free(k->name);
		free(k->holder_function);
		for (int j = 0; j < k->nsites; j++) {
			free(k->sites[j].function);
			free(k->sites[j].stack);
		}
		free(k->sites);
		free(k->waiters);
	}
	free(l->locks);
	free(l->reason);
	free(l->note);
	memset(l, 0, sizeof *l);
}

void snapshot_free(struct snapshot *s)
{
	if (s == NULL)
		return;
	free(s->system.cpus);
	free(s->system.disks);
	free(s->threads);
	free(s->counters.events);
	free(s->counters.threads);
	free(s->counters.owned_reason);
	free(s->stacks.sampler.owned_reason);
	snapshot_locks_clear(&s->locks);
	profile_unref(s->stacks.profile);
	profile_unref(s->stacks.wall);
	free(s);
}

const struct snap_thread *snapshot_thread(const struct snapshot *s, pid_t tid)
{
	for (int i = 0; i < s->nthreads; i++)
		if (s->threads[i].tid == tid)
			return &s->threads[i];
	return NULL;
}

double snapshot_rate(uint64_t prev, uint64_t now, double dt)
{
	if (!(dt > 0) || prev == SNAP_UNKNOWN || now == SNAP_UNKNOWN || now < prev)
		return NAN;
	return (double)(now - prev) / dt;
}
