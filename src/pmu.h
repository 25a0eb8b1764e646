/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pmu: hardware and software counters through libpfm4 and perf_event_open,
 * one event group per thread of the target.  It produces figures for the
 * snapshot; it never draws.
 *
 * OWNER: the counters work (issue 3).  The struct below is the contract the
 * snapshot, the CPU panel and the JSON writer read; extend it freely.
 */
#ifndef CTOP_PMU_H
#define CTOP_PMU_H

#include <stdint.h>
#include <sys/types.h>

struct snapshot;
struct pmu;

struct pmu_event_fig {
	char name[96];
	double value; /* scaled count over the interval, NAN unknown */
	double per_s;
	double running_pct; /* share of the interval the event was counted */
	int user;           /* 1: asked for with -e; 0: the default set */
	char reason[64];    /* why value is NAN, "" when counted */
};

struct pmu_thread_fig {
	pid_t tid;
	double ipc, cache_miss_pct, branch_miss_pct, mpki;
};

struct pmu_snapshot {
	int available;      /* hardware counters counted this tick */
	const char *reason; /* why not, in a short phrase; NULL if available */
	double ipc;         /* NAN when unknown */
	double cache_miss_pct;
	double branch_miss_pct;
	double mpki;
	int scaled;    /* multiplexed: figures extrapolated */
	int hw_groups; /* groups the default set is opened as: 0 none, 1, 2 */
	double running_pct;
	int nevents;
	struct pmu_event_fig *events;
	int nthreads; /* threads with counters (threads[] entries) */
	struct pmu_thread_fig *threads;
	int threads_total; /* threads of the target this tick */
	int thread_cap;    /* most threads given counters (fd budget) */
	/* Hints in plain words, already debounced; NULL when none. */
	const char *hints[4];
	int nhints;
	char *owned_reason; /* storage behind reason; freed by release */
};

/*
 * Opens the default set (and user events, a comma list in libpfm4 syntax,
 * or NULL) for every thread of pid.  Fails only for a bad event name
 * (before anything starts); a missing PMU is not a failure: the pmu then
 * reports available=0 with the reason.
 */
struct pmu *pmu_new(pid_t pid, const char *user_events, char **cause);
void pmu_free(struct pmu *p);

/* Checks user event names without opening anything; -1 with cause. */
int pmu_check_events(const char *user_events, char **cause);

/* Follows the thread list of snap (opens new threads, closes gone ones),
 * reads every group and fills snap->counters. */
void pmu_collect(struct pmu *p, struct snapshot *snap);

/* Frees what pmu_collect allocated inside a pmu_snapshot. */
void pmu_snapshot_release(struct pmu_snapshot *c);

#endif
