/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_pmu_math: the counter arithmetic: scaling by enabled/running, the
 * ratios and their unknown (zero-denominator) cases, and the hysteresis of
 * the hints.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "pmu_math.h"

static void test_scale(void **state)
{
	(void)state;
	/* Ran the whole time: the count as read. */
	assert_true(pmu_scale(1000, 500, 500) == 1000.0);
	/* Ran a quarter of the time it was enabled: four times the count. */
	assert_true(pmu_scale(1000, 400, 100) == 4000.0);
	/* Ran half the time. */
	assert_true(fabs(pmu_scale(333, 1000, 500) - 666.0) < 1e-9);
	/* Thread did not run at all: a measured zero, not unknown. */
	assert_true(pmu_scale(0, 0, 0) == 0.0);
	/* Enabled but never on a counter: unknown. */
	assert_true(isnan(pmu_scale(0, 1000, 0)));
	/* Running can exceed enabled by rounding: never scale down. */
	assert_true(pmu_scale(10, 100, 101) == 10.0);
}

static void test_delta(void **state)
{
	(void)state;
	assert_true(pmu_delta(10, 25) == 15.0);
	assert_true(pmu_delta(7, 7) == 0.0);
	assert_true(isnan(pmu_delta(25, 10)));
}

static void test_ratio(void **state)
{
	(void)state;
	assert_true(pmu_ratio(3, 2) == 1.5);
	assert_true(pmu_ratio(0, 2) == 0.0);
	assert_true(isnan(pmu_ratio(3, 0)));
	assert_true(isnan(pmu_ratio(NAN, 2)));
	assert_true(isnan(pmu_ratio(3, NAN)));
}

static void test_figs(void **state)
{
	struct pmu_counts c = {
	    .cycles = 2e9,
	    .instructions = 3e9,
	    .cache_refs = 1e7,
	    .cache_misses = 6e5,
	    .branches = 5e8,
	    .branch_misses = 1.5e7,
	};
	struct pmu_figs f;

	(void)state;
	pmu_figs_compute(&f, &c);
	assert_true(fabs(f.ipc - 1.5) < 1e-12);
	assert_true(fabs(f.cache_miss_pct - 6.0) < 1e-9);
	assert_true(fabs(f.mpki - 0.2) < 1e-12);
	assert_true(fabs(f.branch_miss_pct - 3.0) < 1e-9);
}

static void test_figs_unknown(void **state)
{
	struct pmu_counts c = {
	    .cycles = 0,
	    .instructions = 0,
	    .cache_refs = 0,
	    .cache_misses = 0,
	    .branches = NAN,
	    .branch_misses = NAN,
	};
	struct pmu_figs f;

	(void)state;
	pmu_figs_compute(&f, &c);
	assert_true(isnan(f.ipc));
	assert_true(isnan(f.cache_miss_pct));
	assert_true(isnan(f.mpki));
	assert_true(isnan(f.branch_miss_pct));
	/* Known zero numerators over known denominators are zeros. */
	c.cycles = 100;
	c.cache_refs = 100;
	pmu_figs_compute(&f, &c);
	assert_true(f.ipc == 0.0);
	assert_true(f.cache_miss_pct == 0.0);
	assert_true(isnan(f.mpki));
}

static int has_hint(const char **out, int n, enum pmu_hint_id id)
{
	for (int i = 0; i < n; i++)
		if (strcmp(out[i], pmu_hint_text(id)) == 0)
			return 1;
	return 0;
}

static void test_hints_hysteresis(void **state)
{
	struct pmu_hints h;
	struct pmu_figs low = {.ipc = 0.5, .cache_miss_pct = 1, .mpki = 1, .branch_miss_pct = 0.1};
	struct pmu_figs good = {.ipc = 2.0, .cache_miss_pct = 1, .mpki = 1, .branch_miss_pct = 0.1};
	const char *out[4];
	int n;

	(void)state;
	memset(&h, 0, sizeof h);
	/* The rule must hold PMU_HINT_HOLD ticks before the hint shows. */
	for (int i = 1; i < PMU_HINT_HOLD; i++)
		assert_int_equal(pmu_hints_update(&h, &low, out, 4), 0);
	n = pmu_hints_update(&h, &low, out, 4);
	assert_int_equal(n, 1);
	assert_true(has_hint(out, n, PMU_HINT_IPC));
	/* One good tick in between does not clear it, nor restart it. */
	assert_int_equal(pmu_hints_update(&h, &good, out, 4), 1);
	assert_int_equal(pmu_hints_update(&h, &low, out, 4), 1);
	/* Flickering around the threshold never shows a change... */
	for (int i = 0; i < 10; i++) {
		assert_int_equal(pmu_hints_update(&h, i % 2 ? &low : &good, out, 4), 1);
	}
	/* ...but PMU_HINT_HOLD good ticks in a row clear it. */
	for (int i = 1; i < PMU_HINT_HOLD; i++)
		assert_int_equal(pmu_hints_update(&h, &good, out, 4), 1);
	assert_int_equal(pmu_hints_update(&h, &good, out, 4), 0);
}

static void test_hints_rules(void **state)
{
	struct pmu_hints h;
	struct pmu_figs bad = {
	    .ipc = 0.9, .cache_miss_pct = 5.1, .mpki = 9, .branch_miss_pct = 2.1};
	struct pmu_figs edge = {
	    .ipc = 1.0, .cache_miss_pct = 5.0, .mpki = 9, .branch_miss_pct = 2.0};
	struct pmu_figs unknown = {
	    .ipc = NAN, .cache_miss_pct = NAN, .mpki = NAN, .branch_miss_pct = NAN};
	const char *out[4];
	int n = 0;

	(void)state;
	memset(&h, 0, sizeof h);
	for (int i = 0; i < PMU_HINT_HOLD; i++)
		n = pmu_hints_update(&h, &bad, out, 4);
	assert_int_equal(n, 3);
	assert_true(has_hint(out, n, PMU_HINT_IPC));
	assert_true(has_hint(out, n, PMU_HINT_CACHE));
	assert_true(has_hint(out, n, PMU_HINT_BRANCH));
	/* At the thresholds themselves the rules do not hold. */
	memset(&h, 0, sizeof h);
	for (int i = 0; i < 2 * PMU_HINT_HOLD; i++)
		assert_int_equal(pmu_hints_update(&h, &edge, out, 4), 0);
	/* Unknown figures make no hints, and clear old ones in time. */
	memset(&h, 0, sizeof h);
	for (int i = 0; i < PMU_HINT_HOLD; i++)
		n = pmu_hints_update(&h, &bad, out, 4);
	assert_int_equal(n, 3);
	for (int i = 0; i < PMU_HINT_HOLD; i++)
		n = pmu_hints_update(&h, &unknown, out, 4);
	assert_int_equal(n, 0);
	/* max limits the output. */
	memset(&h, 0, sizeof h);
	for (int i = 0; i < PMU_HINT_HOLD; i++)
		n = pmu_hints_update(&h, &bad, out, 2);
	assert_int_equal(n, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_scale),        cmocka_unit_test(test_delta),
	    cmocka_unit_test(test_ratio),        cmocka_unit_test(test_figs),
	    cmocka_unit_test(test_figs_unknown), cmocka_unit_test(test_hints_hysteresis),
	    cmocka_unit_test(test_hints_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
