/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pmu_math: scaling, ratios and hints for the counters (see pmu_math.h).
 * Pure functions of numbers: no perf_event, no libpfm4, no snapshot.
 */
#include "config.h"

#include <math.h>

#include "pmu_math.h"

double pmu_scale(uint64_t dvalue, uint64_t denabled, uint64_t drunning)
{
	if (denabled == 0)
		return (double)dvalue; /* not scheduled in: a real zero (or near) */
	if (drunning == 0)
		return NAN; /* enabled but never on a counter */
	if (drunning >= denabled)
		return (double)dvalue;
	return (double)dvalue * ((double)denabled / (double)drunning);
}

double pmu_delta(uint64_t prev, uint64_t now)
{
	if (now < prev)
		return NAN;
	return (double)(now - prev);
}

double pmu_ratio(double num, double den)
{
	if (isnan(num) || isnan(den) || den == 0)
		return NAN;
	return num / den;
}

void pmu_figs_compute(struct pmu_figs *f, const struct pmu_counts *c)
{
	f->ipc = pmu_ratio(c->instructions, c->cycles);
	f->cache_miss_pct = 100.0 * pmu_ratio(c->cache_misses, c->cache_refs);
	f->mpki = 1000.0 * pmu_ratio(c->cache_misses, c->instructions);
	f->branch_miss_pct = 100.0 * pmu_ratio(c->branch_misses, c->branches);
}

static const char *const pmu_hint_words[PMU_NHINTS] = {
    [PMU_HINT_IPC] = "low IPC: stalls, little instruction-level parallelism",
    [PMU_HINT_CACHE] = "memory-bound: many cache misses",
    [PMU_HINT_BRANCH] = "unpredictable branches: many mispredicts",
};

const char *pmu_hint_text(enum pmu_hint_id id)
{
	return id < PMU_NHINTS ? pmu_hint_words[id] : "";
}

/* 1 when the rule holds, 0 when it does not or the figure is unknown
 * (comparisons with NAN are false). */
static int pmu_hint_rule(enum pmu_hint_id id, const struct pmu_figs *f)
{
	switch (id) {
	case PMU_HINT_IPC:
		return f->ipc < PMU_HINT_IPC_BELOW;
	case PMU_HINT_CACHE:
		return f->cache_miss_pct > PMU_HINT_CACHE_ABOVE_PCT;
	case PMU_HINT_BRANCH:
		return f->branch_miss_pct > PMU_HINT_BRANCH_ABOVE_PCT;
	case PMU_NHINTS:
		break;
	}
	return 0;
}

int pmu_hints_update(struct pmu_hints *h, const struct pmu_figs *f, const char **out, int max)
{
	int n = 0;

	for (int i = 0; i < PMU_NHINTS; i++) {
		int holds = pmu_hint_rule((enum pmu_hint_id)i, f);

		if (holds == h->on[i])
			h->streak[i] = 0;
		else if (++h->streak[i] >= PMU_HINT_HOLD) {
			h->on[i] = holds;
			h->streak[i] = 0;
		}
		if (h->on[i] && n < max)
			out[n++] = pmu_hint_words[i];
	}
	return n;
}

#define PMU_STR2(x) #x
#define PMU_STR(x) PMU_STR2(x)

/* One rule per source line, as on the screen. */
/* clang-format off */
const char pmu_hint_rules[] =
	"Counter hints (appear after " PMU_STR(PMU_HINT_HOLD) " ticks, go after "
	PMU_STR(PMU_HINT_HOLD) " ticks without):\n"
	"  IPC < " PMU_STR(PMU_HINT_IPC_BELOW) "  -> low instruction-level parallelism / stalls\n"
	"  cache misses > " PMU_STR(PMU_HINT_CACHE_ABOVE_PCT) "% of references  -> memory-bound\n"
	"  branch mispredicts > " PMU_STR(PMU_HINT_BRANCH_ABOVE_PCT) "% of branches  -> unpredictable branches\n"
	"Counters are per thread (at most 64 threads, the busiest); 'scaled' means\n"
	"the PMU was shared and figures were extrapolated from the time they ran.";
/* clang-format on */
