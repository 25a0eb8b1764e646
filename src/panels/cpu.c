/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cpu: panel 1.  Where the CPU time goes: every core's load split into
 * user, system, iowait and steal; the process's share with its user/system
 * split and context switch rates; the hardware counter rows (drawn by
 * cpu_counters.c); and the threads sorted by CPU.  It only draws the
 * snapshot; Up/Down scroll the thread table.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "fmt.h"
#include "listcur.h"
#include "panels/cpu_counters.h"
#include "panels/cpu_sched.h"
#include "panels/panel.h"
#include "snapshot.h"
#include "util.h"

struct cpu_panel {
	struct listcur rows; /* the thread table scrolls; no selection */
};

static void *cpu_create(void)
{
	struct cpu_panel *cp = xcalloc(1, sizeof *cp);

	cp->rows.scroll_only = 1;
	return cp;
}

static void cpu_destroy(void *st)
{
	free(st);
}

/* One core's meter: "  0[|||||      23.4%]". */
static void cpu_draw_core(WINDOW *w, int y, int x, int width, const struct snap_cpu *c)
{
	struct draw_seg segs[4] = {
	    {c->user_pct, DC_USER, '|'},
	    {c->sys_pct, DC_SYS, '#'},
	    {c->iowait_pct, DC_IOWAIT, 'w'},
	    {c->steal_pct, DC_STEAL, 's'},
	};
	char label[16];

	draw_text(w, y, x, 4, draw_attr(DC_TITLE), "%3d", c->cpu);
	fmt_pct(label, sizeof label, isnan(c->idle_pct) ? NAN : 100 - c->idle_pct);
	draw_meter(w, y, x + 3, width - 3, segs, 4, 100, label);
}

/* The cores in as few rows as fit: up to four columns of meters. */
static int cpu_draw_cores(WINDOW *w, int y, int max_rows, const struct snapshot *snap)
{
	int n = snap->system.ncpus, width = getmaxx(w), ncols = 1, rows, colw;

	if (n <= 0 || snap->system.cpus == NULL) {
		draw_text(w, y, 0, -1, draw_attr(DC_DIM), "CPUs: n/a");
		return 1;
	}
	if (max_rows < 1)
		max_rows = 1;
	while (ncols < 4 && (n + ncols - 1) / ncols > max_rows && width / (ncols + 1) >= 20)
		ncols++;
	rows = (n + ncols - 1) / ncols;
	if (rows > max_rows)
		rows = max_rows;
	colw = width / ncols;
	for (int i = 0; i < n; i++) {
		int r = i % rows, c = i / rows;

		if (c >= ncols)
			break;
		cpu_draw_core(w, y + r, c * colw, colw - 1, &snap->system.cpus[i]);
	}
	/* Say what is missing rather than let a short list pass for all. */
	if (rows * ncols < n) {
		char all[16];

		fmt_pct(all, sizeof all,
		        isnan(snap->system.total.idle_pct) ? NAN
		                                           : 100 - snap->system.total.idle_pct);
		draw_text(w, y + rows, 0, -1, draw_attr(DC_DIM),
		          "%d more cores not shown (taller window); all cores %s busy",
		          n - rows * ncols, all);
		return rows + 1;
	}
	return rows;
}

/* The process: a meter scaled to all cores, then its rates. */
static int cpu_draw_process(WINDOW *w, int y, const struct snapshot *snap)
{
	const struct snap_process *p = &snap->process;
	int ncpus = snap->system.ncpus > 0 ? snap->system.ncpus : 1;
	int width = getmaxx(w), mw;
	struct draw_seg segs[2] = {
	    {p->user_pct, DC_USER, '|'},
	    {p->sys_pct, DC_SYS, '#'},
	};
	char total[16], usr[16], sys[16], label[48], vcs[16], ivcs[16], l1[16], l5[16], l15[16];

	fmt_pct(total, sizeof total, p->cpu_pct);
	fmt_pct(usr, sizeof usr, p->user_pct);
	fmt_pct(sys, sizeof sys, p->sys_pct);
	snprintf(label, sizeof label, "usr %s sys %s", usr, sys);
	mw = width - 24;
	if (mw > 60)
		mw = 60;
	draw_text(w, y, 0, 4, draw_attr(DC_TITLE), "proc");
	if (mw >= 10)
		draw_meter(w, y, 5, mw - 1, segs, 2, 100.0 * ncpus, label);
	draw_text(w, y, mw >= 10 ? 5 + mw : 5, -1, A_BOLD, "%s", total);
	draw_text(w, y, mw >= 10 ? 5 + mw + 7 : 12, -1, draw_attr(DC_DIM), "of %d%%", 100 * ncpus);
	fmt_count(vcs, sizeof vcs, p->ctxsw_voluntary_per_s);
	fmt_count(ivcs, sizeof ivcs, p->ctxsw_involuntary_per_s);
	draw_text(w, y + 1, 0, -1, A_NORMAL,
	          "threads %d   ctx switches/s: voluntary %s  involuntary %s   load %s %s %s",
	          p->threads, vcs, ivcs, fmt_fig(l1, sizeof l1, "%.2f", snap->system.load1),
	          fmt_fig(l5, sizeof l5, "%.2f", snap->system.load5),
	          fmt_fig(l15, sizeof l15, "%.2f", snap->system.load15));
	return 2;
}

static const struct draw_col cpu_cols[] = {
    {"TID", 7, 1},  {"COMMAND", 15, 0}, {"S", 1, 0},      {"CPU%", 6, 1},    {"RQWAIT%", 7, 1},
    {"USR%", 5, 1}, {"SYS%", 5, 1},     {"VCSW/s", 6, 1}, {"IVCSW/s", 7, 1}, {"MIG/s", 5, 1},
    {"NI", 3, 1},   {"POL", 5, 0},      {"CPU", 3, 1},    {"CPUS", 7, 0},    {"COUNTERS", -1, 0},
};

static void cpu_draw_threads(struct cpu_panel *cp, WINDOW *w, int y, int bottom,
                             const struct view *v)
{
	const struct snapshot *snap = v->snap;
	int rows = bottom - y - 1, n = (int)CTOP_ARRAY_LEN(cpu_cols);

	if (rows < 1)
		return;
	draw_fill(w, y, draw_attr(DC_HEADER));
	draw_row(w, y, cpu_cols, n, NULL, draw_attr(DC_HEADER));
	y++;
	/* A table longer than the window gives its last row to a hint. */
	if (snap->nthreads > rows && rows > 1)
		rows--;
	listcur_fit(&cp->rows, snap->nthreads, rows);
	for (int i = cp->rows.top; i < snap->nthreads && i - cp->rows.top < rows; i++) {
		const struct snap_thread *t = &snap->threads[i];
		char tid[16], comm[32], st[4], pct[16], usr[16], sys[16], vcs[16], ivcs[16];
		char cpu[16], ctr[96], rq[16], mig[16], ni[16], pol[16], cpus[16];
		const char *cells[] = {tid,  comm, st, pct, rq,  usr,  sys, vcs,
		                       ivcs, mig,  ni, pol, cpu, cpus, ctr};
		attr_t a = A_NORMAL;

		snprintf(tid, sizeof tid, "%d", (int)t->tid);
		fmt_trunc_middle(comm, sizeof comm, t->comm, 15);
		snprintf(st, sizeof st, "%c", t->state);
		fmt_pct(pct, sizeof pct, t->cpu_pct);
		fmt_pct(usr, sizeof usr, t->user_pct);
		fmt_pct(sys, sizeof sys, t->sys_pct);
		fmt_count(vcs, sizeof vcs, t->ctxsw_voluntary_per_s);
		fmt_count(ivcs, sizeof ivcs, t->ctxsw_involuntary_per_s);
		if (t->processor >= 0)
			snprintf(cpu, sizeof cpu, "%d", t->processor);
		else
			snprintf(cpu, sizeof cpu, "n/a");
		cpu_counters_thread_cells(ctr, sizeof ctr, v, t->tid);
		cpu_sched_thread_cells(t, rq, mig, ni, pol, cpus, sizeof rq);
		if (t->tid == v->ui->focus_tid) {
			a = draw_attr(DC_SELECT);
			draw_fill(w, y, a);
		}
		draw_row(w, y++, cpu_cols, n, cells, a);
	}
	if (snap->nthreads > rows)
		draw_text(w, bottom - 1, 0, -1, draw_attr(DC_DIM),
		          "threads %d-%d of %d (Up/Down scroll)", cp->rows.top + 1,
		          cp->rows.top + rows < snap->nthreads ? cp->rows.top + rows
		                                               : snap->nthreads,
		          snap->nthreads);
}

static void cpu_draw(void *st, WINDOW *w, const struct view *v)
{
	struct cpu_panel *cp = st;
	int h = getmaxy(w), y = 0, counter_rows, left, table, graph;

	/* Cores take at most a third of the height; threads get the rest. */
	y += cpu_draw_cores(w, y, h / 3 - 1, v->snap);
	y++;
	y += cpu_draw_process(w, y, v->snap);
	y += cpu_sched_draw(w, y, h - y - 6 > 4 ? 4 : h - y - 6, v);
	counter_rows = h - y - 6;
	if (counter_rows > 4)
		counter_rows = 4;
	if (counter_rows >= 1)
		y += cpu_counters_draw(w, y, getmaxx(w), counter_rows, v);
	y++;
	/* The thread table takes what it needs (header, rows, a scroll
	 * line), at least half of what is left when it scrolls; the history
	 * graph takes the rest, when that is room enough for one. */
	left = h - y;
	table = v->snap->nthreads + 2;
	if (table <= left - 6)
		graph = left - table - 1;
	else
		graph = left >= 14 ? left / 3 : 0;
	if (graph >= 4 && cpu_sched_graph(w, y, graph, v) > 0)
		y += graph + 1;
	cpu_draw_threads(cp, w, y, h, v);
}

static int cpu_on_key(void *st, int key, const struct view *v)
{
	struct cpu_panel *cp = st;

	(void)v;
	return listcur_key(&cp->rows, key);
}

/* Lines of rules text from row y; returns the rows used. */
static int cpu_help_lines(WINDOW *w, int y, int height, const char *p)
{
	int y0 = y;

	while (p != NULL && *p != '\0' && y < height) {
		const char *nl = strchr(p, '\n');
		int len = nl != NULL ? (int)(nl - p) : (int)strlen(p);

		draw_text(w, y++, 2, -1, A_NORMAL, "%.*s", len, p);
		p = nl != NULL ? nl + 1 : NULL;
	}
	return y - y0;
}

/* The rules behind the counter and scheduling hints, from the snapshot
 * that applied them. */
static int cpu_help_more(WINDOW *w, int y, int height, const struct view *v)
{
	int n = cpu_help_lines(w, y, height, v->snap->counters.hint_rules);

	return n + cpu_help_lines(w, y + n, height, v->snap->sched.hint_rules);
}

const struct panel_class panel_cpu_class = {
    .name = "CPU",
    .key = '1',
    .help = "per-core load, process CPU, hardware counters, threads\n"
	    "Core meters: green user, red system, blue iowait, magenta steal; % = busy.\n"
	    "proc: the process's CPU of all cores (200% = two cores busy), user/system.\n"
	    "Context switches: voluntary = the thread waited (IO, locks, sleep);\n"
	    "involuntary = the scheduler took the CPU away (too many runnable threads).\n"
	    "Counters: IPC = instructions per cycle; cache and branch miss rates, MPKI;\n"
	    "hints are rules over these figures, shown only once they hold for a while.\n"
	    "RQWAIT% = time runnable but waiting for a CPU; cgroup: tightest CPU limit.\n"
	    "Threads: sorted by CPU; the focused thread (t) is highlighted. Up/Down scroll.",
    .create = cpu_create,
    .destroy = cpu_destroy,
    .draw = cpu_draw,
    .on_key = cpu_on_key,
    .help_more = cpu_help_more,
};
