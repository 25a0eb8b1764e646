/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_draw: the arithmetic under the graphs and meters, without a
 * terminal: value to level, cell parts, braille dots, glyph choice and the
 * ASCII fallback, resampling into columns (NAN gaps, right alignment),
 * reading a wrapped history ring, and meter splits.
 */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "draw.h"
#include "history.h"

static void test_level(void **state)
{
	(void)state;
	assert_int_equal(draw_level(0, 100, 8), 0);
	assert_int_equal(draw_level(100, 100, 8), 8);
	assert_int_equal(draw_level(250, 100, 8), 8);
	assert_int_equal(draw_level(50, 100, 8), 4);
	/* Tiny but non-zero shows one level. */
	assert_int_equal(draw_level(0.01, 100, 8), 1);
	assert_int_equal(draw_level(NAN, 100, 8), -1);
	assert_int_equal(draw_level(5, 0, 8), 0);
	assert_int_equal(draw_level(-3, 100, 8), 0);
	assert_int_equal(draw_level(60, 100, 32), 19);
}

static void test_cell_part(void **state)
{
	(void)state;
	/* A column of level 19 over four rows of 8: 8, 8, 3, 0. */
	assert_int_equal(draw_cell_part(19, 0, 8), 8);
	assert_int_equal(draw_cell_part(19, 1, 8), 8);
	assert_int_equal(draw_cell_part(19, 2, 8), 3);
	assert_int_equal(draw_cell_part(19, 3, 8), 0);
	assert_int_equal(draw_cell_part(-1, 0, 8), 0);
}

static void test_braille(void **state)
{
	(void)state;
	assert_int_equal(draw_braille(0, 0), 0x2800);
	assert_int_equal(draw_braille(4, 4), 0x28ff);
	/* One dot at the bottom left is dot 7. */
	assert_int_equal(draw_braille(1, 0), 0x2840);
	assert_int_equal(draw_braille(0, 1), 0x2880);
	assert_int_equal(draw_braille(4, 0), 0x2847);
	assert_int_equal(draw_braille(2, 3), 0x2800 | 0x40 | 0x04 | 0x80 | 0x20 | 0x10);
}

static void test_glyphs(void **state)
{
	(void)state;
	assert_int_equal(draw_per_cell(DRAW_BLOCK), 8);
	assert_int_equal(draw_per_cell(DRAW_ASCII), 4);
	assert_int_equal(draw_glyph(DRAW_BLOCK, 0), ' ');
	assert_int_equal(draw_glyph(DRAW_BLOCK, 1), 0x2581);
	assert_int_equal(draw_glyph(DRAW_BLOCK, 7), 0x2587);
	assert_int_equal(draw_glyph(DRAW_BLOCK, 8), 0x2588);
	/* ASCII never leaves 7-bit and grows with the level. */
	assert_int_equal(draw_glyph(DRAW_ASCII, 0), ' ');
	assert_int_equal(draw_glyph(DRAW_ASCII, 1), '.');
	assert_int_equal(draw_glyph(DRAW_ASCII, 2), ':');
	assert_int_equal(draw_glyph(DRAW_ASCII, 3), '|');
	assert_int_equal(draw_glyph(DRAW_ASCII, 4), '#');
	assert_int_equal(draw_glyph(DRAW_ASCII, 9), '#');
	for (int i = 0; i <= 8; i++)
		assert_true(draw_glyph(DRAW_ASCII, i) < 0x80);
}

static void test_resample(void **state)
{
	double src[] = {1, 5, 2, NAN, 3, 4}, dst[8];

	(void)state;
	/* One value per column, right-aligned: two empty columns on the left. */
	draw_resample(src, 6, dst, 8, 1);
	assert_true(isnan(dst[0]) && isnan(dst[1]));
	assert_true(dst[2] == 1 && dst[3] == 5 && dst[7] == 4);
	assert_true(isnan(dst[5]));
	/* Two per column: the largest of each pair, newest pair last. */
	draw_resample(src, 6, dst, 3, 2);
	assert_true(dst[0] == 5 && dst[1] == 2 && dst[2] == 4);
	/* Fewer columns than values: only the newest are kept. */
	draw_resample(src, 6, dst, 2, 1);
	assert_true(dst[0] == 3 && dst[1] == 4);
	/* An all-NAN group stays a gap. */
	{
		double g[] = {NAN, NAN, 7, 8};

		draw_resample(g, 4, dst, 2, 2);
		assert_true(isnan(dst[0]) && dst[1] == 8);
	}
}

static void test_ring_tail(void **state)
{
	struct ring r;
	double v[10];
	size_t n;

	(void)state;
	memset(&r, 0, sizeof r);
	assert_int_equal(draw_ring_tail(&r, v, 4), 0);
	r.cap = 4;
	r.v = (double[4]){0};
	r.t = (double[4]){0};
	/* Write 1..6 into a ring of 4: it keeps 3 4 5 6, wrapped. */
	for (int i = 1; i <= 6; i++) {
		r.v[r.head] = i;
		r.t[r.head] = i * 0.5;
		r.head = (r.head + 1) % r.cap;
		if (r.len < r.cap)
			r.len++;
	}
	n = draw_ring_tail(&r, v, 10);
	assert_int_equal(n, 4);
	assert_true(v[0] == 3 && v[1] == 4 && v[2] == 5 && v[3] == 6);
	n = draw_ring_tail(&r, v, 2);
	assert_int_equal(n, 2);
	assert_true(v[0] == 5 && v[1] == 6);
	assert_true(fabs(draw_ring_span(&r, 4) - 1.5) < 1e-9);
	assert_true(fabs(draw_ring_span(&r, 2) - 0.5) < 1e-9);
	assert_true(draw_max(v, 2) == 6);
	v[0] = NAN;
	v[1] = NAN;
	assert_true(isnan(draw_max(v, 2)));
}

static void test_nice_max(void **state)
{
	(void)state;
	assert_true(draw_nice_max(1.8 * 1048576, 1024) == 2 * 1048576.0);
	assert_true(draw_nice_max(3.1 * 1048576, 1024) == 4 * 1048576.0);
	assert_true(draw_nice_max(700, 1000) == 800);
	assert_true(draw_nice_max(940, 1000) == 1000);
	assert_true(draw_nice_max(960, 1000) == 1200);
	assert_true(draw_nice_max(879 * 1024.0, 1024) == 1048576.0);
	assert_true(draw_nice_max(80, 1000) == 100);
	assert_true(draw_nice_max(100, 1000) == 120);
	assert_true(draw_nice_max(285e6, 1000) == 300e6);
	assert_true(draw_nice_max(0.3, 1000) == 0.4);
	assert_true(isnan(draw_nice_max(0, 1000)));
	assert_true(isnan(draw_nice_max(NAN, 1024)));
	/* Always above the value, never more than a step (4/3) above the headroom. */
	for (double v = 0.7; v < 1e12; v *= 1.37) {
		double m = draw_nice_max(v, 1024);

		assert_true(m > v && m <= 1.34 * 1.05 * v);
	}
}

static void test_meter_split(void **state)
{
	double vals[4] = {30, 20, NAN, 0};
	int cells[4];

	(void)state;
	draw_meter_split(vals, 4, 100, 10, cells);
	assert_int_equal(cells[0], 3);
	assert_int_equal(cells[1], 2);
	assert_int_equal(cells[2], 0);
	assert_int_equal(cells[3], 0);
	/* Over 100%: the parts never exceed the width. */
	vals[0] = 80;
	vals[1] = 70;
	draw_meter_split(vals, 2, 100, 10, cells);
	assert_int_equal(cells[0], 8);
	assert_int_equal(cells[1], 2);
	/* Rounding of the running sum: 3 x 33.3% fill 10 cells exactly. */
	vals[0] = vals[1] = vals[2] = 100.0 / 3;
	draw_meter_split(vals, 3, 100, 10, cells);
	assert_int_equal(cells[0] + cells[1] + cells[2], 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_level),    cmocka_unit_test(test_cell_part),
	    cmocka_unit_test(test_braille),  cmocka_unit_test(test_glyphs),
	    cmocka_unit_test(test_resample), cmocka_unit_test(test_ring_tail),
	    cmocka_unit_test(test_nice_max), cmocka_unit_test(test_meter_split),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
