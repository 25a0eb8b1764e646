/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pmu: hardware and software counters through libpfm4 and perf_event_open,
 * one event group per thread of the target.  It produces figures for the
 * snapshot; it never draws.
 *
 * The figures it fills are snapshot.h's struct snap_counters.
 */
#ifndef CTOP_PMU_H
#define CTOP_PMU_H

#include <stdint.h>
#include <sys/types.h>

struct snapshot;
struct pmu;

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

#endif
