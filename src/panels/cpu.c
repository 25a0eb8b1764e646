/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cpu: panel 1.  Where the CPU time goes: every core's load split into
 * user, system, iowait and steal; the process's share with its user/system
 * split and context switch rates; the hardware counter rows (drawn by
 * cpu_counters.c); and the threads sorted by CPU.  It only draws the
 * snapshot; Up/Down scroll the thread table.
 *
 * The thread table holds still at steady state: a thread's CPU figures
 * keep what they showed while they move by no more than one clock tick
 * of the interval (the resolution of /proc's CPU times), its context
 * switch rates while they move within their counting noise, and rows are
 * ordered by what is shown (ties keep their place).  Without that, four
 * equal spinners swap rows every tick on one tick of rounding.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "draw.h"
#include "fmt.h"
#include "listcur.h"
#include "panels/cpu_counters.h"
#include "panels/cpu_sched.h"
#include "panels/panel.h"
#include "snapshot.h"
#include "util.h"

/* What a thread's row showed in the previous frame. */
struct cpu_shown {
	pid_t tid;
	double usr, sys, vcs, ivcs;
};

struct cpu_panel {
	struct listcur rows;            /* the thread table scrolls; no selection */
	struct cpu_shown *shown, *next; /* previous frame's rows in order; this one's */
	int *order;                     /* this frame: snapshot index per row */
	int nshown, cap;
	struct cpu_shown proc; /* the process line, held the same way */
};

/* shown while now is within tol of it, else now (unknowns pass). */
static double cpu_hold(double shown, double now, double tol)
{
	if (isnan(shown) || isnan(now))
		return now;
	return fabs(now - shown) <= tol ? shown : now;
}

/* A rate of events counted over dt: within its counting noise
 * (the square root of the count, and at least one event). */
static double cpu_hold_rate(double shown, double now, double dt)
{
	double n = isnan(shown) || shown < 0 ? 0 : shown * dt;

	if (dt <= 0)
		return now;
	return cpu_hold(shown, now, (n > 1 ? sqrt(n) : 1) / dt + 1e-9);
}

static int cpu_cmp_shown(const struct cpu_shown *a, int ra, const struct cpu_shown *b, int rb)
{
	double x = a->usr + a->sys, y = b->usr + b->sys;
	int xn = isnan(x), yn = isnan(y);

	if (xn != yn)
		return xn - yn;
	if (!xn && x != y)
		return x > y ? -1 : 1;
	return (ra > rb) - (ra < rb);
}

/*
 * The thread rows of this frame: each thread's figures held against what
 * it showed, then ordered by the held CPU, ties by previous position and
 * then the snapshot's order.  Leaves cp->order and cp->next (swapped into
 * cp->shown).
 */
static void cpu_steady(struct cpu_panel *cp, const struct snapshot *snap)
{
	static long clk;
	double dt = snap->interval_s, tick;
	int n = snap->nthreads;
	int *rank;

	if (clk == 0)
		clk = sysconf(_SC_CLK_TCK) > 0 ? sysconf(_SC_CLK_TCK) : 100;
	tick = dt > 0 ? 100.0 / (dt * (double)clk) + 1e-9 : 0;
	if (n > cp->cap) {
		cp->cap = n;
		cp->shown = xrealloc(cp->shown, (size_t)n * sizeof *cp->shown);
		cp->next = xrealloc(cp->next, (size_t)n * sizeof *cp->next);
		cp->order = xrealloc(cp->order, (size_t)n * sizeof *cp->order);
	}
	rank = xcalloc(n > 0 ? (size_t)n : 1, sizeof *rank);
	for (int i = 0; i < n; i++) {
		const struct snap_thread *t = &snap->threads[i];
		struct cpu_shown *x = &cp->next[i];

		x->tid = t->tid;
		x->usr = t->user_pct;
		x->sys = t->sys_pct;
		x->vcs = t->ctxsw_voluntary_per_s;
		x->ivcs = t->ctxsw_involuntary_per_s;
		rank[i] = n + i;
		for (int j = 0; j < cp->nshown; j++)
			if (cp->shown[j].tid == t->tid) {
				const struct cpu_shown *o = &cp->shown[j];

				x->usr = cpu_hold(o->usr, x->usr, tick);
				x->sys = cpu_hold(o->sys, x->sys, tick);
				x->vcs = cpu_hold_rate(o->vcs, x->vcs, dt);
				x->ivcs = cpu_hold_rate(o->ivcs, x->ivcs, dt);
				rank[i] = j;
				break;
			}
		cp->order[i] = i;
	}
	/* Insertion sort of the row order: stable, and tables are short. */
	for (int i = 1; i < n; i++) {
		int k = cp->order[i], j = i - 1;

		while (j >= 0 && cpu_cmp_shown(&cp->next[cp->order[j]], rank[cp->order[j]],
		                               &cp->next[k], rank[k]) > 0) {
			cp->order[j + 1] = cp->order[j];
			j--;
		}
		cp->order[j + 1] = k;
	}
	/* Next frame's "previous", in row order. */
	for (int i = 0; i < n; i++)
		cp->shown[i] = cp->next[cp->order[i]];
	cp->nshown = n;
	free(rank);
}

static void *cpu_create(void)
{
	struct cpu_panel *cp = xcalloc(1, sizeof *cp);

	cp->rows.scroll_only = 1;
	return cp;
}

static void cpu_destroy(void *st)
{
	struct cpu_panel *cp = st;

	free(cp->shown);
	free(cp->next);
	free(cp->order);
	free(cp);
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
static int cpu_draw_process(struct cpu_panel *cp, WINDOW *w, int y, const struct snapshot *snap)
{
	const struct snap_process *p = &snap->process;
	struct cpu_shown *h = &cp->proc;
	double dt = snap->interval_s;
	/* Process CPU is the sum over threads: a tick per thread at most. */
	double tol = dt > 0 ? 100.0 * (p->threads > 0 ? p->threads : 1) / (dt * 100) : 0;
	int ncpus = snap->system.ncpus > 0 ? snap->system.ncpus : 1;
	int width = getmaxx(w), mw;
	struct draw_seg segs[2];
	char total[16], usr[16], sys[16], label[48], vcs[16], ivcs[16], l1[16], l5[16], l15[16];

	if (h->tid != p->pid) {
		h->tid = p->pid;
		h->usr = h->sys = h->vcs = h->ivcs = NAN;
	}
	/* At most one tick of rounding per thread, and never past 1 %. */
	h->usr = cpu_hold(h->usr, p->user_pct, tol < 1 ? tol : 1);
	h->sys = cpu_hold(h->sys, p->sys_pct, tol < 1 ? tol : 1);
	h->vcs = cpu_hold_rate(h->vcs, p->ctxsw_voluntary_per_s, dt);
	h->ivcs = cpu_hold_rate(h->ivcs, p->ctxsw_involuntary_per_s, dt);
	segs[0] = (struct draw_seg){h->usr, DC_USER, '|'};
	segs[1] = (struct draw_seg){h->sys, DC_SYS, '#'};
	fmt_pct(total, sizeof total, h->usr + h->sys);
	fmt_pct(usr, sizeof usr, h->usr);
	fmt_pct(sys, sizeof sys, h->sys);
	snprintf(label, sizeof label, "usr %s sys %s", usr, sys);
	mw = width - 24;
	if (mw > 60)
		mw = 60;
	draw_text(w, y, 0, 4, draw_attr(DC_TITLE), "proc");
	if (mw >= 10)
		draw_meter(w, y, 5, mw - 1, segs, 2, 100.0 * ncpus, label);
	draw_text(w, y, mw >= 10 ? 5 + mw : 5, -1, A_BOLD, "%s", total);
	draw_text(w, y, mw >= 10 ? 5 + mw + 7 : 12, -1, draw_attr(DC_DIM), "of %d%%", 100 * ncpus);
	fmt_count(vcs, sizeof vcs, h->vcs);
	fmt_count(ivcs, sizeof ivcs, h->ivcs);
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
	cpu_steady(cp, snap);
	for (int i = cp->rows.top; i < snap->nthreads && i - cp->rows.top < rows; i++) {
		const struct snap_thread *t = &snap->threads[cp->order[i]];
		const struct cpu_shown *held = &cp->next[cp->order[i]];
		char tid[16], comm[32], st[4], pct[16], usr[16], sys[16], vcs[16], ivcs[16];
		char cpu[16], ctr[96], rq[16], mig[16], ni[16], pol[16], cpus[16];
		const char *cells[] = {tid,  comm, st, pct, rq,  usr,  sys, vcs,
		                       ivcs, mig,  ni, pol, cpu, cpus, ctr};
		attr_t a = A_NORMAL;

		snprintf(tid, sizeof tid, "%d", (int)t->tid);
		fmt_trunc_middle(comm, sizeof comm, t->comm, 15);
		snprintf(st, sizeof st, "%c", t->state);
		fmt_pct(pct, sizeof pct, held->usr + held->sys);
		fmt_pct(usr, sizeof usr, held->usr);
		fmt_pct(sys, sizeof sys, held->sys);
		fmt_count(vcs, sizeof vcs, held->vcs);
		fmt_count(ivcs, sizeof ivcs, held->ivcs);
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

	/* Paused (or stepping a replay): the user reads one snapshot, so
	 * its figures show exactly, without the hold that keeps a live
	 * screen from flickering. */
	if (v->ui->paused) {
		cp->proc.tid = 0;
		cp->nshown = 0;
	}
	/* Cores take at most a third of the height; threads get the rest. */
	y += cpu_draw_cores(w, y, h / 3 - 1, v->snap);
	y++;
	y += cpu_draw_process(cp, w, y, v->snap);
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
    .help =
	"per-core load, process CPU, hardware counters, threads\n"
	"Core meters: green user, red system, blue iowait, magenta steal; % = busy.\n"
	"proc: the process's CPU of all cores (200% = two cores busy), user/system.\n"
	"Context switches: voluntary = the thread waited (IO, locks, sleep);\n"
	"involuntary = the scheduler took the CPU away (too many runnable threads).\n"
	"Counters: IPC = instructions per cycle; cache and branch miss rates, MPKI;\n"
	"hints are rules over these figures, shown only once they hold for a while.\n"
	"RQWAIT% = time runnable but waiting for a CPU; cgroup: tightest CPU limit.\n"
	"Threads: sorted by CPU; the focused thread (t) is highlighted. Up/Down/PgUp/PgDn scroll.\n"
	"A thread's figures hold still while they move by one clock tick or less\n"
	"(CPU) or within counting noise (switches), so equal threads keep their rows;\n"
	"paused (or stepping a replay), every figure shows exactly.",
    .create = cpu_create,
    .destroy = cpu_destroy,
    .draw = cpu_draw,
    .on_key = cpu_on_key,
    .help_more = cpu_help_more,
};
