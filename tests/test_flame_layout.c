/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_flame_layout: the flame graph layout on hand-built stack trees:
 * exact widths and their rounding (a heavier frame never narrower than a
 * lighter sibling) at every width from 1 to 300 columns, narrow frames
 * merged into one cell per parent, one frame holding 100 %, zoom, the band
 * of depths when the tree is deeper than the screen, moving a selection,
 * the search share counted once per stack, diff points and module classes.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
/* cmocka.h needs the three above first. */

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "flame_layout.h"
#include "stree.h"

static struct dict *dict;

static int ids_of(const char *path, uint32_t *out)
{
	char buf[1024], *save = NULL;
	int n = 0;

	snprintf(buf, sizeof buf, "%s", path);
	for (char *tok = strtok_r(buf, ";", &save); tok != NULL; tok = strtok_r(NULL, ";", &save))
		out[n++] = dict_intern_func(dict, tok, "prog");
	return n;
}

static void add(struct stree *t, const char *path, uint64_t n, uint64_t prev)
{
	uint32_t ids[256];

	stree_add(t, ids, ids_of(path, ids), n, prev);
}

static uint32_t node_at(const struct stree *t, const char *path)
{
	uint32_t ids[256];

	return stree_find_path(t, ids, ids_of(path, ids));
}

static const struct flame_cell *cell_of(const struct flame_layout *L, uint32_t node)
{
	long i = flame_layout_find(L, node);

	assert_true(i >= 0);
	return &L->cells[i];
}

/* The hotprof shape: main -> work -> leaf_hot 75 % / leaf_cold 25 %. */
static struct stree *hotprof_tree(void)
{
	struct stree *t = stree_new(dict);

	add(t, "main;work;leaf_hot", 75, 25);
	add(t, "main;work;leaf_cold", 25, 75);
	stree_finish(t);
	return t;
}

static int setup(void **state)
{
	(void)state;
	dict = dict_new();
	srand(7);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	dict_unref(dict);
	return 0;
}

static void test_split_exact(void **state)
{
	uint64_t c[5] = {75, 25};
	int w[5], m;

	(void)state;
	m = flame_split(c, 2, 100, 80, w);
	assert_int_equal(m, 0);
	assert_int_equal(w[0], 60);
	assert_int_equal(w[1], 20);
	/* Three equal thirds of 10: the spare cell goes to one of them. */
	c[0] = c[1] = c[2] = 3;
	m = flame_split(c, 3, 9, 10, w);
	assert_int_equal(w[0] + w[1] + w[2], 10);
	assert_true(w[0] >= 3 && w[1] >= 3 && w[2] >= 3);
	/* Self samples leave a gap: 40 of 100 drawn in 50 columns. */
	c[0] = 40;
	m = flame_split(c, 1, 100, 50, w);
	assert_int_equal(w[0], 20);
	/* 2.6 and 2.4 of 5 cells (+ self): the heavier one rounds up. */
	c[0] = 26;
	c[1] = 24;
	m = flame_split(c, 2, 100, 10, w);
	assert_int_equal(w[0], 3);
	assert_int_equal(w[1], 2);
	/* Nothing to share. */
	assert_int_equal(flame_split(c, 2, 0, 10, w), 0);
	assert_int_equal(w[0] + w[1], 0);
	assert_int_equal(flame_split(c, 2, 50, 0, w), 0);
	assert_int_equal(w[0] + w[1], 0);
}

static void test_split_merges_narrow(void **state)
{
	uint64_t c[6] = {1000, 1, 1, 0, 1, 1};
	int w[6], m;

	(void)state;
	m = flame_split(c, 6, 1004, 10, w);
	/* Four frames of 1/1004 of 10 columns: one merged cell, not dropped. */
	assert_int_equal(m, 1);
	assert_int_equal(w[0], 9);
	assert_int_equal(w[1] + w[2] + w[3] + w[4] + w[5], 0);
	/* Narrow frames that together are wide get their real share. */
	for (int i = 0; i < 6; i++)
		c[i] = 10;
	m = flame_split(c, 6, 60, 4, w);
	assert_int_equal(m, 4);
	/* One column for two halves: the merged cell holds both. */
	c[0] = c[1] = 5;
	m = flame_split(c, 2, 10, 1, w);
	assert_int_equal(m, 1);
	assert_int_equal(w[0] + w[1], 0);
	/* A child at exactly one cell is drawn, not merged. */
	c[0] = 1;
	c[1] = 9;
	m = flame_split(c, 2, 10, 10, w);
	assert_int_equal(m, 0);
	assert_int_equal(w[0], 1);
	assert_int_equal(w[1], 9);
}

/* The rules every split must keep, on random children at each width. */
static void test_split_rules_all_widths(void **state)
{
	(void)state;
	for (int round = 0; round < 200; round++) {
		uint64_t c[40], sum = 0, total;
		int n = 1 + rand() % 40, w[40];

		for (int i = 0; i < n; i++) {
			/* Heavy-tailed: a few big frames and many small ones. */
			int r = rand() % 10;

			c[i] = r == 0  ? 0
			       : r < 7 ? (uint64_t)(rand() % 5 + 1)
			               : (uint64_t)(rand() % 5000);
			sum += c[i];
		}
		total = sum + (round % 3 == 0 ? (uint64_t)(rand() % 1000) : 0);
		if (total == 0)
			continue;
		for (int width = 1; width <= 300; width++) {
			int m = flame_split(c, n, total, width, w), used = m, narrow = 0;

			for (int i = 0; i < n; i++) {
				used += w[i];
				if (c[i] == 0)
					assert_int_equal(w[i], 0);
				if (c[i] > 0 && w[i] == 0)
					narrow = 1;
				for (int j = 0; j < n; j++)
					if (c[i] > c[j])
						assert_true(w[i] >= w[j]);
				/* Without a merged cell every width is its share,
				 * rounded down or up. */
				if (m == 0 && c[i] > 0) {
					double exact = (double)c[i] * width / (double)total;

					assert_true(fabs(w[i] - exact) < 1.0);
				}
			}
			assert_true(used <= width);
			if (total == sum)
				assert_int_equal(used, width);
			/* A sampled frame is drawn or merged, never dropped. */
			assert_int_equal(narrow, m > 0);
		}
	}
}

static void test_layout_hotprof(void **state)
{
	struct stree *t = hotprof_tree();
	struct flame_layout L = {0};
	const struct flame_cell *hot, *cold, *work;

	(void)state;
	flame_layout(&L, t, 0, 80, 20, -1);
	assert_int_equal(L.ndepths, 4);
	assert_int_equal(L.shown, 4);
	assert_int_equal(L.first, 0);
	assert_int_equal(L.marker, 0);
	work = cell_of(&L, node_at(t, "main;work"));
	hot = cell_of(&L, node_at(t, "main;work;leaf_hot"));
	cold = cell_of(&L, node_at(t, "main;work;leaf_cold"));
	assert_int_equal(work->depth, 2);
	assert_int_equal(work->w, 80);
	/* Sorted by name: cold left of hot, three times narrower. */
	assert_int_equal(cold->x, 0);
	assert_int_equal(cold->w, 20);
	assert_int_equal(hot->x, 20);
	assert_int_equal(hot->w, 60);
	assert_int_equal(hot->depth, 3);
	assert_int_equal(hot->parent, node_at(t, "main;work"));
	flame_layout_release(&L);
	stree_free(t);
}

/* Every cell inside its parent's run, in x order, no overlaps, at most
 * one merged cell per parent; at every width. */
static void test_layout_rules_all_widths(void **state)
{
	struct stree *t = stree_new(dict);
	struct flame_layout L = {0};
	char path[512];

	(void)state;
	for (int s = 0; s < 400; s++) {
		int depth = 1 + rand() % 12, len = 0;

		for (int d = 0; d < depth; d++)
			len += snprintf(path + len, sizeof path - (size_t)len, "%sf%d",
			                d ? ";" : "", rand() % (d < 2 ? 2 : 6));
		add(t, path, (uint64_t)(1 + (s % 7 == 0 ? rand() % 2000 : rand() % 20)), 0);
	}
	stree_finish(t);
	for (int width = 1; width <= 300; width++) {
		flame_layout(&L, t, 0, width, 100, -1);
		assert_true(L.ndepths >= 2 && L.ndepths <= t->max_depth + 1);
		for (int d = 0; d < L.ndepths; d++) {
			int end = 0;
			uint32_t last_merged_parent = STREE_NONE;

			for (size_t i = L.depth_off[d]; i < L.depth_off[d + 1]; i++) {
				const struct flame_cell *c = &L.cells[i], *p;

				assert_int_equal(c->depth, d);
				assert_true(c->w >= 1);
				assert_true(c->x >= end);
				end = c->x + c->w;
				assert_true(end <= width);
				if (d == 0)
					continue;
				p = cell_of(&L, c->parent);
				assert_true(c->x >= p->x && c->x + c->w <= p->x + p->w);
				if (c->node == FLAME_MERGED) {
					assert_true(c->parent != last_merged_parent);
					last_merged_parent = c->parent;
				} else {
					assert_int_equal(t->nodes[c->node].parent, c->parent);
				}
			}
		}
	}
	flame_layout_release(&L);
	stree_free(t);
}

static void test_layout_one_frame_all(void **state)
{
	struct stree *t = stree_new(dict);
	struct flame_layout L = {0};

	(void)state;
	add(t, "main;only;leaf", 12345, 0);
	stree_finish(t);
	for (int width = 1; width <= 300; width++) {
		flame_layout(&L, t, 0, width, 10, -1);
		assert_int_equal(L.ncells, 4);
		for (size_t i = 0; i < L.ncells; i++) {
			assert_int_equal(L.cells[i].x, 0);
			assert_int_equal(L.cells[i].w, width);
			assert_int_equal(L.cells[i].count, 12345);
			assert_int_equal(L.cells[i].depth, (int)i);
		}
	}
	flame_layout_release(&L);
	stree_free(t);
}

static void test_layout_zoom(void **state)
{
	struct stree *t = stree_new(dict);
	struct flame_layout L = {0};
	uint32_t a;

	(void)state;
	add(t, "main;a;x", 25, 0);
	add(t, "main;a;y", 25, 0);
	add(t, "main;b", 50, 0);
	stree_finish(t);
	a = node_at(t, "main;a");
	flame_layout(&L, t, 0, 80, 20, -1);
	assert_int_equal(cell_of(&L, a)->w, 40);
	assert_int_equal(cell_of(&L, node_at(t, "main;a;x"))->w, 20);
	flame_layout(&L, t, a, 80, 20, -1);
	assert_int_equal(L.zoom, a);
	/* The zoomed frame and its callers fill the width; its siblings go. */
	assert_int_equal(cell_of(&L, a)->w, 80);
	assert_int_equal(cell_of(&L, node_at(t, "main"))->w, 80);
	assert_int_equal(cell_of(&L, 0)->w, 80);
	assert_int_equal(flame_layout_find(&L, node_at(t, "main;b")), -1);
	assert_int_equal(cell_of(&L, node_at(t, "main;a;x"))->w, 40);
	assert_int_equal(cell_of(&L, node_at(t, "main;a;y"))->x, 40);
	/* A zoom that is not in the tree is the root. */
	flame_layout(&L, t, 9999, 80, 20, -1);
	assert_int_equal(L.zoom, 0);
	flame_layout_release(&L);
	stree_free(t);
}

static void test_layout_depth_band(void **state)
{
	struct stree *t = stree_new(dict);
	struct flame_layout L = {0};
	char path[1024];
	int len = 0;

	(void)state;
	for (int d = 0; d < 50; d++)
		len += snprintf(path + len, sizeof path - (size_t)len, "%sd%d", d ? ";" : "", d);
	add(t, path, 10, 0);
	add(t, "d0;short", 10, 0);
	stree_finish(t);
	/* 51 depths (with the root) on 10 rows: a marker and the 9 at the
	 * leaf end. */
	flame_layout(&L, t, 0, 100, 10, -1);
	assert_int_equal(L.ndepths, 51);
	assert_int_equal(L.marker, 1);
	assert_int_equal(L.shown, 9);
	assert_int_equal(L.first, 42);
	assert_int_equal(L.cut_root, 42);
	assert_int_equal(L.cut_leaf, 0);
	/* Scrolled to the root end. */
	flame_layout(&L, t, 0, 100, 10, 0);
	assert_int_equal(L.first, 0);
	assert_int_equal(L.cut_root, 0);
	assert_int_equal(L.cut_leaf, 42);
	/* Past the leaf end is clamped. */
	flame_layout(&L, t, 0, 100, 10, 1000);
	assert_int_equal(L.first, 42);
	/* Everything fits: no marker. */
	flame_layout(&L, t, 0, 100, 51, 7);
	assert_int_equal(L.marker, 0);
	assert_int_equal(L.first, 0);
	assert_int_equal(L.shown, 51);
	/* One row: no room for a marker. */
	flame_layout(&L, t, 0, 100, 1, -1);
	assert_int_equal(L.marker, 0);
	assert_int_equal(L.shown, 1);
	assert_int_equal(L.first, 50);
	flame_layout_release(&L);
	stree_free(t);
}

static void test_move(void **state)
{
	struct stree *t = hotprof_tree();
	struct flame_layout L = {0};
	uint32_t work, hot, cold;

	(void)state;
	work = node_at(t, "main;work");
	hot = node_at(t, "main;work;leaf_hot");
	cold = node_at(t, "main;work;leaf_cold");
	flame_layout(&L, t, 0, 80, 20, -1);
	/* Up to the widest child, across the row, back down. */
	assert_int_equal(flame_layout_move(&L, t, work, FLAME_CHILD), hot);
	assert_int_equal(flame_layout_move(&L, t, hot, FLAME_LEFT), cold);
	assert_int_equal(flame_layout_move(&L, t, cold, FLAME_LEFT), cold);
	assert_int_equal(flame_layout_move(&L, t, cold, FLAME_RIGHT), hot);
	assert_int_equal(flame_layout_move(&L, t, hot, FLAME_RIGHT), hot);
	assert_int_equal(flame_layout_move(&L, t, hot, FLAME_CHILD), hot);
	assert_int_equal(flame_layout_move(&L, t, cold, FLAME_PARENT), work);
	assert_int_equal(flame_layout_move(&L, t, 0, FLAME_PARENT), 0);
	flame_layout_release(&L);
	stree_free(t);
}

static void test_search_once_per_stack(void **state)
{
	struct stree *t = stree_new(dict);
	uint8_t *match;

	(void)state;
	/* f twice on one stack (recursion) counts that stack once. */
	add(t, "main;f;g;f", 10, 0);
	add(t, "main;g;fx", 5, 0);
	add(t, "main;h", 85, 0);
	stree_finish(t);
	match = calloc(t->n, 1);
	assert_int_equal(flame_search(t, 0, "f", match), 15);
	assert_true(match[node_at(t, "main;f")]);
	assert_true(match[node_at(t, "main;f;g;f")]);
	assert_true(match[node_at(t, "main;g;fx")]);
	assert_false(match[node_at(t, "main;h")]);
	assert_false(match[0]);
	/* A capital makes the case count. */
	assert_int_equal(flame_search(t, 0, "F", match), 0);
	assert_int_equal(flame_search(t, 0, "MAIN", match), 0);
	assert_int_equal(flame_search(t, 0, "MaIn", match), 0);
	assert_int_equal(flame_search(t, 0, "main", match), 100);
	/* Under a zoomed frame: only its samples; all of them when a caller
	 * matched. */
	assert_int_equal(flame_search(t, node_at(t, "main;g"), "f", match), 5);
	assert_int_equal(flame_search(t, node_at(t, "main;f;g"), "f", match), 10);
	assert_int_equal(flame_search(t, 0, "", match), 0);
	assert_int_equal(flame_search(t, 0, "nothing", match), 0);
	free(match);
	stree_free(t);
}

static void test_diff(void **state)
{
	struct stree *t = hotprof_tree();
	struct stree *none = stree_new(dict);

	(void)state;
	/* leaf_hot: 75 % now, 25 % before. */
	assert_float_equal(flame_diff_pts(t, node_at(t, "main;work;leaf_hot")), 50.0, 1e-9);
	assert_float_equal(flame_diff_pts(t, node_at(t, "main;work;leaf_cold")), -50.0, 1e-9);
	assert_float_equal(flame_diff_pts(t, node_at(t, "main;work")), 0.0, 1e-9);
	/* No span before: unknown, not zero. */
	add(none, "main;x", 10, 0);
	stree_finish(none);
	assert_true(isnan(flame_diff_pts(none, 1)));
	assert_int_equal(flame_diff_level(NAN), 0);
	assert_int_equal(flame_diff_level(0.2), 0);
	assert_int_equal(flame_diff_level(-0.2), 0);
	assert_int_equal(flame_diff_level(1), 1);
	assert_int_equal(flame_diff_level(-5), -2);
	assert_int_equal(flame_diff_level(50), 3);
	assert_int_equal(flame_diff_level(-50), -3);
	stree_free(none);
	stree_free(t);
}

static void test_module_class(void **state)
{
	(void)state;
	assert_int_equal(flame_module_class("main", "prog", "prog"), FLAME_CLASS_MAIN);
	assert_int_equal(flame_module_class("memcpy", "libc.so.6", "prog"), FLAME_CLASS_LIBC);
	assert_int_equal(flame_module_class("operator new", "libstdc++.so.6", "prog"),
	                 FLAME_CLASS_LIBC);
	assert_int_equal(flame_module_class("_dl_x", "ld-linux-x86-64.so.2", "prog"),
	                 FLAME_CLASS_LIBC);
	assert_int_equal(flame_module_class("inflate", "libz.so.1", "prog"), FLAME_CLASS_LIB);
	assert_int_equal(flame_module_class("do_syscall_64", "[kernel.kallsyms]", "prog"),
	                 FLAME_CLASS_KERNEL);
	assert_int_equal(flame_module_class("__vdso_clock_gettime", "[vdso]", "prog"),
	                 FLAME_CLASS_KERNEL);
	assert_int_equal(flame_module_class("libz.so.1+0x1a2b", "libz.so.1", "prog"),
	                 FLAME_CLASS_UNKNOWN);
	assert_int_equal(flame_module_class("[unknown]", "[unknown]", "prog"), FLAME_CLASS_UNKNOWN);
	/* No main module known: the program's frames are some library's. */
	assert_int_equal(flame_module_class("main", "prog", NULL), FLAME_CLASS_LIB);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_split_exact),
	    cmocka_unit_test(test_split_merges_narrow),
	    cmocka_unit_test(test_split_rules_all_widths),
	    cmocka_unit_test(test_layout_hotprof),
	    cmocka_unit_test(test_layout_rules_all_widths),
	    cmocka_unit_test(test_layout_one_frame_all),
	    cmocka_unit_test(test_layout_zoom),
	    cmocka_unit_test(test_layout_depth_band),
	    cmocka_unit_test(test_move),
	    cmocka_unit_test(test_search_once_per_stack),
	    cmocka_unit_test(test_diff),
	    cmocka_unit_test(test_module_class),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
