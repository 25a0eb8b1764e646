/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pmu_events: turning event names into perf_event_attr through libpfm4.
 * It knows the default set (cycles, instructions, LLC references and
 * misses, branches and mispredicts) and parses the user's -e list.  It
 * opens nothing: whether the kernel can count an event is pmu.c's
 * business.
 */
#ifndef CTOP_PMU_EVENTS_H
#define CTOP_PMU_EVENTS_H

/* libpfm4 ships its own copy of the perf_event ABI, which clashes with
 * linux/perf_event.h: the pmu module uses libpfm4's only. */
#include <perfmon/pfmlib_perf_event.h>

/* In this order so that the set splits into two contiguous halves, each
 * holding both sides of its ratios (see pmu_int.h, PMU_SPLIT_AT). */
enum pmu_default_event {
	PMU_EV_CYCLES,
	PMU_EV_INSTRUCTIONS,
	PMU_EV_BRANCHES,
	PMU_EV_BRANCH_MISSES,
	PMU_EV_CACHE_REFS,
	PMU_EV_CACHE_MISSES,
	PMU_NDEFAULT
};

struct pmu_event {
	char name[96];               /* as shown: short name or the user's string */
	struct perf_event_attr attr; /* from libpfm4 */
	int user;                    /* from -e */
};

/* pfm_initialize, once per process; -1 with cause when libpfm4 fails. */
int pmu_events_init(char **cause);

/* Encodes one libpfm4 event string (user-level counting unless its
 * modifiers say otherwise); -1 with a cause naming the event. */
int pmu_event_encode(const char *name, struct perf_event_attr *attr, char **cause);

/* Fills out[0..PMU_NDEFAULT) with the default set; -1 with cause. */
int pmu_events_default(struct pmu_event *out, char **cause);

/*
 * Parses a comma list of libpfm4 event strings into a fresh array
 * (*out, freed by the caller) and returns the count, 0 for NULL or "";
 * -1 with a cause naming the first bad event and libpfm4's reason.
 */
int pmu_events_parse(const char *list, struct pmu_event **out, char **cause);

#endif
