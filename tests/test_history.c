/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_history: rings keep the newest cap values in order across wrap,
 * keep NAN gaps but skip them in statistics, and the least-squares slope
 * is exact on linear data, honours its window and wants three points.
 */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>

#include <cmocka.h>
/* clang-format on */

#include <math.h>

#include "history.h"
#include "snapshot.h"

static void test_ring_wrap(void **state)
{
	struct ring r;

	(void)state;
	ring_init(&r, 4);
	assert_true(isnan(ring_last(&r)));
	assert_true(isnan(ring_get(&r, 0)));
	for (int i = 1; i <= 6; i++)
		ring_push(&r, i, i * 10);
	assert_int_equal(r.len, 4);
	/* Oldest kept is the third push. */
	assert_true(ring_get(&r, 0) == 30);
	assert_true(ring_time(&r, 0) == 3);
	assert_true(ring_get(&r, 3) == 60);
	assert_true(ring_last(&r) == 60);
	assert_true(isnan(ring_get(&r, 4)));
	assert_true(ring_max(&r, 4) == 60);
	assert_true(ring_max(&r, 100) == 60);
	ring_release(&r);
}

static void test_ring_nan_gaps(void **state)
{
	struct ring r;

	(void)state;
	ring_init(&r, 8);
	ring_push(&r, 0, 5);
	ring_push(&r, 1, 9);
	ring_push(&r, 2, NAN);
	ring_push(&r, 3, NAN);
	/* The gap is kept... */
	assert_int_equal(r.len, 4);
	assert_true(isnan(ring_last(&r)));
	/* ...and skipped by max; all-NAN is unknown, not 0. */
	assert_true(ring_max(&r, 4) == 9);
	assert_true(isnan(ring_max(&r, 2)));
	assert_true(ring_max(&r, 3) == 9);
	ring_release(&r);
}

static void test_slope_linear(void **state)
{
	struct ring r;
	double used = -1;

	(void)state;
	ring_init(&r, 64);
	/* 3 units a second, uneven spacing, large monotonic times. */
	double t[] = {1000.0, 1000.9, 1002.1, 1003.0, 1004.2, 1005.0};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		ring_push(&r, t[i], 7 + 3 * (t[i] - 1000));
	assert_float_equal(ring_slope(&r, 60, &used), 3.0, 1e-9);
	assert_float_equal(used, 5.0, 1e-9);
	/* A NAN point is skipped, not taken as zero. */
	ring_push(&r, 1006, NAN);
	assert_float_equal(ring_slope(&r, 60, &used), 3.0, 1e-9);
	ring_release(&r);
}

static void test_slope_window(void **state)
{
	struct ring r;
	double used;

	(void)state;
	ring_init(&r, 64);
	/* Flat for 10 s, then rising 2/s for 4 s. */
	for (int i = 0; i <= 10; i++)
		ring_push(&r, i, 100);
	for (int i = 11; i <= 14; i++)
		ring_push(&r, i, 100 + 2 * (i - 10));
	/* The last 3 s only see the rise (points 11..14). */
	assert_float_equal(ring_slope(&r, 3, &used), 2.0, 1e-9);
	assert_float_equal(used, 3.0, 1e-9);
	/* The whole ring sees less than 2. */
	assert_true(ring_slope(&r, 100, NULL) < 1.5);
	/* A window holding two points has no slope. */
	assert_true(isnan(ring_slope(&r, 1, &used)));
	ring_release(&r);
}

static void test_slope_few_points(void **state)
{
	struct ring r;
	double used;

	(void)state;
	ring_init(&r, 8);
	assert_true(isnan(ring_slope(&r, 10, &used)));
	ring_push(&r, 0, 1);
	ring_push(&r, 1, 2);
	assert_true(isnan(ring_slope(&r, 10, &used)));
	/* Three points, one unknown: still two known. */
	ring_push(&r, 2, NAN);
	assert_true(isnan(ring_slope(&r, 10, &used)));
	/* The extra point of ring_slope_with makes three. */
	assert_float_equal(ring_slope_with(&r, 10, 3, 4, &used), 1.0, 1e-9);
	assert_float_equal(used, 3.0, 1e-9);
	/* Same times give no slope rather than a division by zero. */
	struct ring z;
	ring_init(&z, 4);
	for (int i = 0; i < 3; i++)
		ring_push(&z, 5, i);
	assert_true(isnan(ring_slope(&z, 10, NULL)));
	ring_release(&z);
	ring_release(&r);
}

static void test_history_push(void **state)
{
	struct history *h = history_new(3);
	struct snapshot *s = snapshot_new();

	(void)state;
	s->mono = 42;
	s->process.cpu_pct = 55;
	s->process.rss_bytes = 4096;
	s->process.swap_bytes = SNAP_UNKNOWN;
	s->io.wchar_per_s = 8;
	s->counters.ipc = 1.5;
	history_push(h, s);
	assert_true(ring_last(history_series(h, HIST_CPU_PCT)) == 55);
	assert_true(ring_last(history_series(h, HIST_RSS)) == 4096);
	assert_true(isnan(ring_last(history_series(h, HIST_SWAP))));
	assert_true(ring_last(history_series(h, HIST_WCHAR)) == 8);
	assert_true(ring_last(history_series(h, HIST_IPC)) == 1.5);
	assert_true(ring_time(history_series(h, HIST_IPC), 0) == 42);
	for (int i = 0; i < 5; i++)
		history_push(h, s);
	assert_int_equal(history_series(h, HIST_RSS)->len, 3);
	snapshot_free(s);
	history_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ring_wrap),        cmocka_unit_test(test_ring_nan_gaps),
	    cmocka_unit_test(test_slope_linear),     cmocka_unit_test(test_slope_window),
	    cmocka_unit_test(test_slope_few_points), cmocka_unit_test(test_history_push),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
