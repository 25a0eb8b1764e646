/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * flame_bench: what the flame panel costs per frame.  Builds a synthetic
 * profile of NSTACKS distinct stacks (default 5000; shared prefixes, depths
 * 6 to 40, three modules) and times, over many rounds: building the stack
 * tree from the profile (once per tick), laying out and drawing the panel
 * from the cached tree (every redraw: a key, a tick), and both (a new
 * tick).  Drawing goes through the real panel into a curses pad of
 * COLSxROWS cells (default 200x60) on a terminal opened on /dev/null, so
 * no terminal output is timed.  A benchmark, not a test.
 *
 * Usage: flame_bench [NSTACKS] [COLS] [ROWS] [ROUNDS]
 */
#include "config.h"

#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "draw.h"
#include "flame_layout.h"
#include "panels/panel.h"
#include "profile.h"
#include "snapshot.h"
#include "stree.h"
#include "util.h"
#include "view.h"

static int bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double bench_median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, bench_cmp);
	return v[n / 2];
}

/* A profile with nstacks distinct stacks: each one a walk that mostly
 * follows earlier walks (prefixes shared as in real programs). */
static struct profile *bench_profile(struct dict *d, int nstacks)
{
	static const double spans[] = {0, 5, 10, 30, INFINITY};
	static const char *const mods[] = {"prog", "libc.so.6", "libfoo.so.1"};
	struct profile *p = profile_new(d, spans, 5);
	uint32_t funcs[400], walk[48];
	double covered[5] = {1, 5, 10, 30, 60};
	int made = 0;

	for (int i = 0; i < 400; i++) {
		char name[64];

		snprintf(name, sizeof name, "%s_function_%03d",
		         i % 7 == 0 ? "std::vector<int>::" : "fn", i);
		funcs[i] = dict_intern_func(d, name, mods[i % 3]);
	}
	srand(1);
	while (made < nstacks) {
		int depth = 6 + rand() % 35;
		uint32_t before = dict_nstacks(d), id;

		/* Leaf first: the root end picks from few functions, the leaf
		 * end from many, so the tree fans out as it deepens. */
		for (int k = 0; k < depth; k++) {
			int level = depth - 1 - k, pool = 2 + level * level;

			walk[k] = funcs[rand() % (pool < 400 ? pool : 400)];
		}
		id = dict_intern_stack(d, walk, (uint32_t)depth);
		if (dict_nstacks(d) == before)
			continue;
		profile_count(p, 100 + made % 4, id, 2, 0, (uint32_t)(1 + rand() % 40));
		profile_count(p, 100 + made % 4, id, 2, 1, (uint32_t)(rand() % 40));
		made++;
	}
	profile_seal(p, covered);
	return p;
}

int main(int argc, char **argv)
{
	int nstacks = argc > 1 ? atoi(argv[1]) : 5000;
	int cols = argc > 2 ? atoi(argv[2]) : 200;
	int rows = argc > 3 ? atoi(argv[3]) : 60;
	int rounds = argc > 4 ? atoi(argv[4]) : 200;
	struct dict *d = dict_new();
	struct snapshot *snap = snapshot_new();
	struct ui_state ui = {.span_s = 10, .interval_s = 1, .utf8 = 1};
	struct view v = {.snap = snap, .ui = &ui};
	const struct panel_class *pc = &panel_flame_class;
	double *build = xcalloc((size_t)rounds, sizeof *build);
	double *draw = xcalloc((size_t)rounds, sizeof *draw);
	double *tick = xcalloc((size_t)rounds, sizeof *tick);
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	SCREEN *scr;
	WINDOW *pad;
	void *st;
	struct stree *t;

	if (out == NULL || in == NULL)
		fatal("cannot open /dev/null");
	snap->stacks.profile = bench_profile(d, nstacks);
	snap->process.pid = 1;
	snprintf(snap->process.cmdline, sizeof snap->process.cmdline, "/usr/bin/prog");
	scr = newterm("xterm-256color", out, in);
	if (scr == NULL)
		fatal("cannot start curses on /dev/null");
	draw_init(DRAW_BLOCK);
	pad = newpad(rows, cols);
	st = pc->create();
	t = stree_from_profile(snap->stacks.profile, 0, 2);
	for (int r = 0; r < rounds; r++) {
		double t0 = now_mono();
		struct stree *b = stree_from_profile(snap->stacks.profile, 0, 2);

		build[r] = now_mono() - t0;
		stree_free(b);
		/* The same snapshot: the panel keeps its tree. */
		pc->draw(st, pad, &v);
		t0 = now_mono();
		werase(pad);
		pc->draw(st, pad, &v);
		draw[r] = now_mono() - t0;
		/* A new tick: the tree is rebuilt first. */
		snap->seq++;
		t0 = now_mono();
		werase(pad);
		pc->draw(st, pad, &v);
		tick[r] = now_mono() - t0;
	}
	printf("flame view %dx%d, %d stacks, %u tree nodes, depth %d, %d rounds (median ms):\n",
	       cols, rows, nstacks, t->n, t->max_depth, rounds);
	printf("  layout+draw (cached tree, every redraw) %8.3f\n",
	       1e3 * bench_median(draw, rounds));
	printf("  tree build (once per tick)              %8.3f\n",
	       1e3 * bench_median(build, rounds));
	printf("  build+layout+draw (a new tick)          %8.3f\n",
	       1e3 * bench_median(tick, rounds));
	stree_free(t);
	pc->destroy(st);
	delwin(pad);
	endwin();
	delscreen(scr);
	snapshot_free(snap);
	dict_unref(d);
	free(build);
	free(draw);
	free(tick);
	fclose(out);
	fclose(in);
	return 0;
}
