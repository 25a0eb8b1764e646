/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_redraw: nothing changed, nothing written.  Every panel draws the
 * same snapshot twice into a real curses screen whose terminal is a file;
 * the second frame must write no byte (no clock, jitter or repaint in a
 * panel), and a frame where one figure changed must write far less than
 * the first full frame (only the changed cells go out).  Both glyph modes.
 * A graph of varying values that gets one more value rewrites one column
 * when it sweeps, where shifting rewrites all of them.
 * It tests the panels' drawing, not the collectors: the snapshot is built
 * by hand, the stacks through the real store.
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <curses.h>

#include "draw.h"
#include "history.h"
#include "panels/panel.h"
#include "snapshot.h"
#include "stacks.h"
#include "util.h"

static struct snapshot *make_snapshot(struct stacks *st, double mono)
{
	struct snapshot *s = snapshot_new();

	s->ts = 1763766000.25 + mono;
	s->mono = mono;
	s->interval_s = 1.0;
	s->process.pid = 4242;
	snprintf(s->process.comm, sizeof s->process.comm, "server");
	snprintf(s->process.cmdline, sizeof s->process.cmdline, "/usr/bin/server --port 80");
	s->process.state = 'R';
	s->process.threads = 2;
	s->process.uptime_s = 3600;
	s->process.cpu_pct = 99.5;
	s->process.user_pct = 90;
	s->process.sys_pct = 9.5;
	s->process.rss_bytes = 10 << 20;
	s->process.rss_anon_bytes = 8 << 20;
	s->process.rss_file_bytes = 2 << 20;
	s->process.swap_bytes = SNAP_UNKNOWN;
	s->process.vsz_bytes = 100 << 20;
	s->process.minflt_per_s = 12;
	s->process.ctxsw_voluntary_per_s = 3;
	s->process.ctxsw_involuntary_per_s = 1;
	s->memory.rss_bytes = 10 << 20;
	s->memory.rss_growth_bytes_per_s = 0;
	s->io.rchar_per_s = s->io.wchar_per_s = 4096;
	s->io.syscr_per_s = s->io.syscw_per_s = 2;
	s->io.read_bytes_per_s = s->io.write_bytes_per_s = 0;
	s->system.ncpus = 2;
	s->system.cpus = xcalloc(2, sizeof *s->system.cpus);
	for (int i = 0; i < 2; i++) {
		s->system.cpus[i].cpu = i;
		s->system.cpus[i].user_pct = 50;
		s->system.cpus[i].sys_pct = 5;
		s->system.cpus[i].iowait_pct = 1;
		s->system.cpus[i].steal_pct = 0;
	}
	s->system.total.cpu = -1;
	s->system.mem_total_bytes = 1ull << 34;
	s->system.mem_available_bytes = 1ull << 33;
	s->system.load1 = 1.5;
	s->nthreads = 2;
	s->threads = xcalloc(2, sizeof *s->threads);
	s->threads[0].tid = 4243;
	snprintf(s->threads[0].comm, sizeof s->threads[0].comm, "worker");
	s->threads[0].state = 'R';
	s->threads[0].cpu_pct = 99;
	s->threads[1].tid = 4242;
	snprintf(s->threads[1].comm, sizeof s->threads[1].comm, "main");
	s->threads[1].state = 'S';
	s->threads[1].cpu_pct = 0.5;
	s->stacks.sampler.backend = "perf";
	s->stacks.sampler.rate_hz = 99;
	s->stacks.sampler.requested_hz = 99;
	stacks_collect(st, s);
	return s;
}

struct screen {
	FILE *out, *in;
	SCREEN *scr;
	WINDOW *win;
};

static void screen_open(struct screen *t)
{
	t->out = tmpfile();
	t->in = fopen("/dev/null", "r");
	assert_non_null(t->out);
	assert_non_null(t->in);
	/* A 120x40 terminal: the output is a file, so curses takes the size
	 * from the environment. */
	setenv("LINES", "40", 1);
	setenv("COLUMNS", "120", 1);
	t->scr = newterm("xterm-256color", t->out, t->in);
	if (t->scr == NULL)
		skip();
	set_term(t->scr);
	/* The dashboard's body on a 120x40 terminal. */
	t->win = newwin(37, 120, 2, 0);
	assert_non_null(t->win);
}

static void screen_close(struct screen *t)
{
	delwin(t->win);
	endwin();
	delscreen(t->scr);
	fclose(t->out);
	fclose(t->in);
}

/* Draws one frame of panel pc the way the dashboard does; returns the
 * bytes it wrote to the terminal. */
static long frame(struct screen *t, const struct panel_class *pc, void *ps, const struct view *v)
{
	long before;

	fflush(t->out);
	before = ftell(t->out);
	werase(t->win);
	pc->draw(ps, t->win, v);
	wnoutrefresh(t->win);
	doupdate();
	fflush(t->out);
	return ftell(t->out) - before;
}

static void check_panels(enum draw_glyphs mode)
{
	struct stacks *st = stacks_new(4242, 10);
	struct history *h = history_new(600);
	struct snapshot *a, *b;
	struct ui_state ui = {.span_s = 10, .interval_s = 1, .utf8 = mode != DRAW_ASCII};
	struct view v = {.hist = h, .ui = &ui};
	const char *names[] = {"leaf_work", "middle", "main"};
	const char *mods[] = {"server", "server", "server"};
	struct screen t;

	for (int i = 0; i < 50; i++)
		stacks_add_named(st, 4243, names, mods, 3, 1 + i * 0.01);
	for (int i = 0; i < 20; i++)
		stacks_add_named(st, 4242, names + 1, mods + 1, 2, 1.5 + i * 0.01);
	a = make_snapshot(st, 2);
	for (int i = 0; i < 30; i++)
		history_push(h, a);
	b = make_snapshot(st, 2);
	b->process.cpu_pct = 42.5;
	b->process.user_pct = 33;
	b->threads[0].cpu_pct = 41.5;
	b->threads[0].user_pct = 41.5;
	screen_open(&t);
	draw_init(mode);
	for (int i = 0; panel_classes[i] != NULL; i++) {
		const struct panel_class *pc = panel_classes[i];
		void *ps = pc->create != NULL ? pc->create() : NULL;
		long first, same, changed;

		v.snap = a;
		first = frame(&t, pc, ps, &v);
		same = frame(&t, pc, ps, &v);
		v.snap = b;
		changed = frame(&t, pc, ps, &v);
		print_message(
		    "%-8s %s: first frame %ld B, same snapshot %ld B, one figure changed %ld B\n",
		    pc->name, mode == DRAW_ASCII ? "ascii" : "utf8", first, same, changed);
		assert_true(first > 0);
		/* Nothing changed: nothing written. */
		assert_int_equal(same, 0);
		/* A changed figure costs its cells, not a repaint. */
		assert_true(changed < first / 2);
		/* And back: the old frame again is cheap too. */
		v.snap = a;
		assert_true(frame(&t, pc, ps, &v) < first / 2);
		if (pc->destroy != NULL)
			pc->destroy(ps);
		/* A clean screen for the next panel's first frame. */
		werase(t.win);
		wnoutrefresh(t.win);
		doupdate();
	}
	screen_close(&t);
	snapshot_free(a);
	snapshot_free(b);
	history_free(h);
	stacks_free(st);
}

/* One tick of a graph of noisy values: bytes written when the series
 * gets one more value, sweeping or shifting. */
static long graph_tick(struct screen *t, int sweep, long *first)
{
	double v[400];
	long before;

	for (int i = 0; i < 400; i++)
		v[i] = 50 + 40 * sin(i * 0.7) + (i * 37 % 11);
	for (int k = 0; k < 2; k++) {
		fflush(t->out);
		before = ftell(t->out);
		werase(t->win);
		/* 300 values, then 301: the newest is number 299, then 300. */
		if (sweep)
			draw_graph_sweep(t->win, 0, 0, 8, 100, v, 300 + (size_t)k,
			                 299 + (uint64_t)k, 100, DC_GRAPH);
		else
			draw_graph(t->win, 0, 0, 8, 100, v, 300 + (size_t)k, 100, DC_GRAPH);
		wnoutrefresh(t->win);
		doupdate();
		fflush(t->out);
		if (k == 0)
			*first = ftell(t->out) - before;
	}
	return ftell(t->out) - before;
}

static void test_graph_sweeps(void **state)
{
	struct screen t;
	long first_sweep, first_shift, sweep, shift;

	(void)state;
	screen_open(&t);
	draw_init(DRAW_ASCII);
	shift = graph_tick(&t, 0, &first_shift);
	werase(t.win);
	wnoutrefresh(t.win);
	doupdate();
	sweep = graph_tick(&t, 1, &first_sweep);
	screen_close(&t);
	print_message(
	    "100x8 graph: shifting %ld B per tick (first %ld), sweeping %ld B (first %ld)\n", shift,
	    first_shift, sweep, first_sweep);
	assert_true(first_sweep > 0 && sweep > 0);
	/* One column of eight rows, with cursor moves: under a tenth of
	 * the whole graph, and of what shifting writes. */
	assert_true(sweep * 10 < first_sweep);
	assert_true(sweep * 10 < shift);
}

/* The CPU panel at steady state: two threads whose CPU swaps by one clock
 * tick (the resolution of /proc's times at a 1 s interval) keep their
 * rows and figures; a real change is drawn. */
static void test_cpu_steady(void **state)
{
	struct stacks *st = stacks_new(4242, 10);
	struct history *h = history_new(600);
	struct snapshot *a = make_snapshot(st, 2), *b = make_snapshot(st, 3),
			*c = make_snapshot(st, 4);
	struct ui_state ui = {.span_s = 10, .interval_s = 1};
	struct view v = {.hist = h, .ui = &ui};
	const struct panel_class *pc = &panel_cpu_class;
	void *ps = pc->create();
	struct screen t;
	long first, swapped, changed;

	(void)state;
	if (sysconf(_SC_CLK_TCK) != 100)
		skip();
	a->threads[0].user_pct = a->threads[0].cpu_pct = 4;
	a->threads[1].user_pct = a->threads[1].cpu_pct = 3;
	b->threads[0].user_pct = b->threads[0].cpu_pct = 3;
	b->threads[1].user_pct = b->threads[1].cpu_pct = 4;
	/* The collector sorts by CPU: b lists the other thread first. */
	{
		struct snap_thread tmp = b->threads[0];

		b->threads[0] = b->threads[1];
		b->threads[1] = tmp;
	}
	c->threads[0].user_pct = c->threads[0].cpu_pct = 30;
	screen_open(&t);
	draw_init(DRAW_ASCII);
	v.snap = a;
	first = frame(&t, pc, ps, &v);
	v.snap = b;
	swapped = frame(&t, pc, ps, &v);
	v.snap = c;
	changed = frame(&t, pc, ps, &v);
	print_message("CPU panel: first %ld B, one-tick swap %ld B, real change %ld B\n", first,
	              swapped, changed);
	assert_true(first > 0);
	assert_int_equal(swapped, 0);
	assert_true(changed > 0);
	pc->destroy(ps);
	screen_close(&t);
	snapshot_free(a);
	snapshot_free(b);
	snapshot_free(c);
	history_free(h);
	stacks_free(st);
}

static void test_nothing_changed_ascii(void **state)
{
	(void)state;
	check_panels(DRAW_ASCII);
}

static void test_nothing_changed_utf8(void **state)
{
	(void)state;
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		skip();
	check_panels(DRAW_BLOCK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_nothing_changed_ascii),
	    cmocka_unit_test(test_nothing_changed_utf8),
	    cmocka_unit_test(test_graph_sweeps),
	    cmocka_unit_test(test_cpu_steady),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
