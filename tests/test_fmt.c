/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_fmt: the short number formats: units and their boundaries, signs,
 * NAN as "n/a", durations, and truncation that keeps the end of a name.
 */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fmt.h"

static void test_bytes(void **state)
{
	char b[32];

	(void)state;
	assert_string_equal(fmt_bytes(b, sizeof b, 0), "0B");
	assert_string_equal(fmt_bytes(b, sizeof b, 512), "512B");
	assert_string_equal(fmt_bytes(b, sizeof b, 1536), "1.50K");
	assert_string_equal(fmt_bytes(b, sizeof b, 12.3 * 1024 * 1024), "12.3M");
	assert_string_equal(fmt_bytes(b, sizeof b, 300.0 * 1024 * 1024 * 1024), "300G");
	/* Just under a unit must not print as "1024K". */
	assert_string_equal(fmt_bytes(b, sizeof b, 1024.0 * 1024 - 1), "1.00M");
	assert_string_equal(fmt_bytes(b, sizeof b, 1023), "1023B");
	assert_string_equal(fmt_bytes(b, sizeof b, NAN), "n/a");
	assert_string_equal(fmt_bytes(b, sizeof b, -2048), "-2.00K");
}

static void test_rate(void **state)
{
	char b[32];

	(void)state;
	assert_string_equal(fmt_rate(b, sizeof b, 0), "0B/s");
	assert_string_equal(fmt_rate(b, sizeof b, 12.3 * 1024 * 1024), "12.3M/s");
	assert_string_equal(fmt_rate(b, sizeof b, -1.5 * 1024), "-1.50K/s");
	assert_string_equal(fmt_rate(b, sizeof b, -0.0), "0B/s");
	assert_string_equal(fmt_rate(b, sizeof b, -0.001), "0B/s");
	assert_string_equal(fmt_bytes(b, sizeof b, -0.0), "0B");
	assert_string_equal(fmt_rate(b, sizeof b, NAN), "n/a");
	assert_string_equal(fmt_rate(b, sizeof b, INFINITY), "n/a");
}

static void test_count(void **state)
{
	char b[32];

	(void)state;
	assert_string_equal(fmt_count(b, sizeof b, 0), "0");
	assert_string_equal(fmt_count(b, sizeof b, 42), "42");
	assert_string_equal(fmt_count(b, sizeof b, 3.5), "3.5");
	assert_string_equal(fmt_count(b, sizeof b, 999), "999");
	assert_string_equal(fmt_count(b, sizeof b, 1200), "1.20k");
	assert_string_equal(fmt_count(b, sizeof b, 45000), "45.0k");
	assert_string_equal(fmt_count(b, sizeof b, 2.5e6), "2.50M");
	assert_string_equal(fmt_count(b, sizeof b, NAN), "n/a");
}

static void test_pct(void **state)
{
	char b[32];

	(void)state;
	assert_string_equal(fmt_pct(b, sizeof b, 0), "0.0%");
	assert_string_equal(fmt_pct(b, sizeof b, 12.34), "12.3%");
	assert_string_equal(fmt_pct(b, sizeof b, 99.96), "100%");
	assert_string_equal(fmt_pct(b, sizeof b, 250), "250%");
	assert_string_equal(fmt_pct(b, sizeof b, NAN), "n/a");
}

static void test_duration(void **state)
{
	char b[32];

	(void)state;
	assert_string_equal(fmt_duration(b, sizeof b, 0), "0s");
	assert_string_equal(fmt_duration(b, sizeof b, 0.25), "0.2s");
	assert_string_equal(fmt_duration(b, sizeof b, 42), "42s");
	assert_string_equal(fmt_duration(b, sizeof b, 754), "12:34");
	assert_string_equal(fmt_duration(b, sizeof b, 3 * 3600 + 5 * 60), "3h05m");
	assert_string_equal(fmt_duration(b, sizeof b, 3 * 86400 + 4 * 3600 + 59), "3d04h");
	assert_string_equal(fmt_duration(b, sizeof b, NAN), "n/a");
	assert_string_equal(fmt_duration(b, sizeof b, -1), "n/a");
}

static void test_trunc_middle(void **state)
{
	char b[64];

	(void)state;
	assert_string_equal(fmt_trunc_middle(b, sizeof b, "short", 10), "short");
	assert_string_equal(fmt_trunc_middle(b, sizeof b, "exactly10c", 10), "exactly10c");
	/* The end survives: it is what tells worker-1 from worker-2. */
	fmt_trunc_middle(b, sizeof b, "/usr/lib/jvm/bin/java-worker-17", 12);
	assert_int_equal(strlen(b), 12);
	assert_non_null(strchr(b, '~'));
	assert_string_equal(b + strlen(b) - 5, "er-17");
	assert_string_equal(b, "/us~orker-17");
	assert_string_equal(fmt_trunc_middle(b, sizeof b, "abcdef", 1), "f");
	assert_string_equal(fmt_trunc_middle(b, sizeof b, "abcdef", 0), "");
	/* A buffer smaller than the width is never overrun. */
	fmt_trunc_middle(b, 5, "abcdefghijkl", 20);
	assert_int_equal(strlen(b), 4);
	assert_string_equal(b + 3, "l");
}

static void test_widths(void **state)
{
	char b[32];
	double vals[] = {0, 1, 9.999, 99.99, 999, 1023.9, 1e4, 1e6 - 1, 1e9, 7.3e12};

	(void)state;
	/* Table cells are 8 columns: a rate never needs more. */
	for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		assert_true(strlen(fmt_rate(b, sizeof b, vals[i])) <= 8);
		assert_true(strlen(fmt_bytes(b, sizeof b, vals[i])) <= 6);
		assert_true(strlen(fmt_count(b, sizeof b, vals[i])) <= 6);
	}
	/* A small buffer truncates instead of overflowing. */
	fmt_rate(b, 4, 12.3 * 1024 * 1024);
	assert_int_equal(strlen(b), 3);
	assert_true(isnan(fmt_known(UINT64_MAX)));
	assert_string_equal(fmt_fig(b, sizeof b, "%.2f", 1.234), "1.23");
	assert_string_equal(fmt_fig(b, sizeof b, "%.1f%%", 4.56), "4.6%");
	assert_string_equal(fmt_fig(b, sizeof b, "%.2f", NAN), "n/a");
	assert_string_equal(fmt_fig(b, sizeof b, "%.2f", INFINITY), "n/a");
	assert_string_equal(fmt_fig(b, sizeof b, "%.0f", 0.0), "0");
	assert_true(fmt_known(5) == 5.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bytes),    cmocka_unit_test(test_rate),
	    cmocka_unit_test(test_count),    cmocka_unit_test(test_pct),
	    cmocka_unit_test(test_duration), cmocka_unit_test(test_trunc_middle),
	    cmocka_unit_test(test_widths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
