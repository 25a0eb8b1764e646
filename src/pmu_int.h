/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pmu_int: the state pmu.c (opening and reading groups) shares with
 * pmu_fill.c (turning the reads into the snapshot's figures).  Nothing
 * outside the pmu module includes this.
 */
#ifndef CTOP_PMU_INT_H
#define CTOP_PMU_INT_H

#include <stdint.h>
#include <sys/types.h>

#include "pmu_events.h"
#include "pmu_math.h"

/* Counters for at most this many threads (the busiest first). */
#define PMU_THREAD_CAP 64
/* File descriptors left for the rest of ctop when sizing the cap. */
#define PMU_FD_RESERVE 64

/*
 * Groups per thread.  The default set is one group (PMU_GROUP_DEFAULT)
 * while it fits on the PMU.  A group of six can be too big to ever be
 * scheduled (an NMI watchdog holding a counter, a PMU with four general
 * counters): the kernel accepts it and then never runs it.  When that is
 * seen, the set is reopened as two groups split at PMU_SPLIT_AT, each
 * holding both sides of its ratios (IPC and branch misses in the first,
 * cache misses per reference in the second), multiplexed and scaled.
 * The user's events are a group of their own: a software event must count
 * even where the hardware group cannot open.
 */
enum { PMU_GROUP_DEFAULT, PMU_GROUP_DEFAULT2, PMU_GROUP_USER, PMU_NGROUPS };
#define PMU_SPLIT_AT PMU_EV_CACHE_REFS

/* One perf_event group on one thread: events [lo, hi) of the pmu. */
struct pmu_group {
	int lo, hi;
	int leader;     /* fd, -1 when none of the events opened */
	int *fd;        /* hi-lo entries, -1 not open */
	uint64_t *id;   /* kernel ids, to match the group read */
	uint64_t *prev; /* counts at the previous read (0 at open) */
	uint64_t prev_enabled, prev_running;
};

struct pmu_thread {
	pid_t tid;
	struct pmu_group grp[PMU_NGROUPS];
	/* Per event, over the last interval (valid where has[e]): */
	int *has;
	double *value; /* scaled, NAN when it never ran */
	uint64_t *enabled, *running;
	int alive; /* seen in this tick's thread list */
};

struct pmu {
	pid_t pid;
	struct pmu_event *ev; /* PMU_NDEFAULT defaults, then the user's */
	int nev;
	int encoded;        /* the default set encoded (libpfm4 worked) */
	int split;          /* the default set is opened as two groups */
	int never_ran;      /* a whole default group was never scheduled */
	char *setup_reason; /* why nothing can be counted, or NULL */
	int *ev_errno;      /* per event: the last perf_event_open error */
	struct pmu_thread *th;
	int nth;
	int thread_cap;
	int threads_total;
	struct pmu_hints hints;
	double last_mono;
	uint64_t *buf; /* one group read */
	size_t buf_words;
};

struct perm_ctx;
/* A short phrase for a perf_event_open errno on an event of attr type
 * that counts kernel mode too (kernel_mode) or not; c holds the facts
 * behind a permission error (perm.h). */
const char *pmu_errno_phrase(const struct perm_ctx *c, int err, uint32_t type, int kernel_mode,
                             char *buf, size_t size);

/* Reopens the default set of every thread as two groups (see above). */
void pmu_split_default(struct pmu *p);

/* The group of thread t that holds event e, or NULL. */
static inline const struct pmu_group *pmu_group_of(const struct pmu_thread *t, int e)
{
	for (int g = 0; g < PMU_NGROUPS; g++)
		if (e >= t->grp[g].lo && e < t->grp[g].hi)
			return &t->grp[g];
	return NULL;
}

/* Fills snap counters from the reads of this tick; dt in seconds. */
struct snapshot;
void pmu_fill(struct pmu *p, struct snapshot *snap, double dt);

#endif
