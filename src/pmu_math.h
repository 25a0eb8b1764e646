/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pmu_math: the arithmetic of counters, apart from any file descriptor so
 * it can be tested on numbers: scaling a multiplexed count by the time it
 * was enabled over the time it ran, the ratios shown to the user (IPC,
 * miss rates, MPKI), and the hints with their hysteresis.
 *
 * Every function returns NAN for an unknown figure (a zero denominator, a
 * count that went backwards, an event that never ran): never a made-up 0.
 */
#ifndef CTOP_PMU_MATH_H
#define CTOP_PMU_MATH_H

#include <stdint.h>

/*
 * The count an event would have reached had it run the whole time it was
 * enabled: dvalue * denabled / drunning, for deltas over one interval.
 * A thread that did not run at all (denabled == 0) counted a true 0; one
 * that was enabled but never got a counter (drunning == 0) is unknown.
 */
double pmu_scale(uint64_t dvalue, uint64_t denabled, uint64_t drunning);

/* now - prev of a cumulative count, NAN when it went backwards. */
double pmu_delta(uint64_t prev, uint64_t now);

/* num / den; NAN when either is NAN or den is 0. */
double pmu_ratio(double num, double den);

/* The counts of the default set over one interval (NAN unknown). */
struct pmu_counts {
	double cycles, instructions;
	double cache_refs, cache_misses;
	double branches, branch_misses;
};

struct pmu_figs {
	double ipc;             /* instructions per cycle */
	double cache_miss_pct;  /* cache misses per 100 references */
	double mpki;            /* cache misses per 1000 instructions */
	double branch_miss_pct; /* mispredicted per 100 branches */
};

void pmu_figs_compute(struct pmu_figs *f, const struct pmu_counts *c);

/*
 * Hints.  The rules (also the text of the help screen, pmu_hint_rules,
 * which the snapshot carries as counters.hint_rules): IPC < 1.0, cache misses > 5 % of references,
 * branch mispredicts > 2 % of branches.  A hint appears only after its
 * rule held PMU_HINT_HOLD ticks in a row and goes only after it failed
 * PMU_HINT_HOLD ticks in a row, so a figure hovering at the threshold
 * does not make the line flicker.  An unknown figure counts as "rule does
 * not hold": hints fade out when counters stop.
 */
#define PMU_HINT_IPC_BELOW 1.0
#define PMU_HINT_CACHE_ABOVE_PCT 5.0
#define PMU_HINT_BRANCH_ABOVE_PCT 2.0
#define PMU_HINT_HOLD 3

enum pmu_hint_id { PMU_HINT_IPC, PMU_HINT_CACHE, PMU_HINT_BRANCH, PMU_NHINTS };

struct pmu_hints {
	int on[PMU_NHINTS];
	int streak[PMU_NHINTS]; /* ticks in a row the rule disagreed with on[] */
};

/* The rules above in words, one per line, for help screens. */
extern const char pmu_hint_rules[];

/* The words of one hint, a static string. */
const char *pmu_hint_text(enum pmu_hint_id id);

/*
 * Feeds one tick's figures; writes the hints now shown (static strings)
 * into out (at most max) and returns how many.
 */
int pmu_hints_update(struct pmu_hints *h, const struct pmu_figs *f, const char **out, int max);

#endif
