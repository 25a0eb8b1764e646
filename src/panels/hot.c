/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hot: panel 5, the hot functions.  A ranked table of the functions the
 * sampled stacks land in (self %: the leaf; total %: anywhere on the stack,
 * counted once per stack), over the recent window or since attach, for
 * the whole process or the focused thread; under it the hottest callers
 * and callees of the selected function and a line on the sampler itself.
 *
 * It reads the snapshot's profile (profile_hot, profile_neighbours), so
 * every key answers at once from the same snapshot, also while paused.
 * A percentage on screen holds still while the new figure is within its
 * sampling noise (one standard error of a share of the window's samples)
 * of the one shown, and rows are ranked by what is shown: a steady
 * program gives a steady table, and a slow link is not spent on noise.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "fmt.h"
#include "listcur.h"
#include "panels/panel.h"
#include "profile.h"
#include "snapshot.h"
#include "util.h"

/* Rows of the table we ever ask for; the screen shows what fits. */
#define HOT_MAX_ROWS 200
#define HOT_NEIGHBOURS 3

/* What a row showed in the previous frame. */
struct hot_shown {
	uint32_t func;
	double self_pct, total_pct;
};

struct hot_panel {
	struct listcur cur;
	int64_t sel_id; /* the selected function's id, to follow it as ranks move */
	int chosen;     /* the user moved the selection: follow it; else the top row */
	enum profile_sort sort;
	struct hot_shown shown[HOT_MAX_ROWS]; /* the previous frame's rows, in order */
	int nshown;
	/* What the shown rows were of: a change starts afresh. */
	pid_t shown_tid;
	int shown_span;
	enum profile_sort shown_sort;
};

/* The figure to show: the one shown before while the new one is within
 * the sampling noise of a share of n samples (and 0.05 points). */
static double hot_hold(double shown, double now, uint64_t n)
{
	double p = now / 100, tol = 0.05;

	if (isnan(shown) || isnan(now))
		return now;
	if (n > 0 && p > 0 && p < 1 && 100 * sqrt(p * (1 - p) / (double)n) > tol)
		tol = 100 * sqrt(p * (1 - p) / (double)n);
	return fabs(now - shown) < tol ? shown : now;
}

/*
 * Holds each row's percentages within their noise of the previous frame
 * and ranks the rows by the held figure (ties keep their previous order,
 * then the profile's), so only changes beyond noise move the table.
 */
static void hot_steady(struct hot_panel *hp, struct profile_hot *rows, int n, uint64_t nsamples,
                       pid_t tid, int span)
{
	static int prev_rank[HOT_MAX_ROWS];

	if (tid != hp->shown_tid || span != hp->shown_span || hp->sort != hp->shown_sort)
		hp->nshown = 0;
	for (int i = 0; i < n; i++) {
		prev_rank[i] = HOT_MAX_ROWS + i;
		for (int j = 0; j < hp->nshown; j++)
			if (hp->shown[j].func == rows[i].func) {
				rows[i].self_pct =
				    hot_hold(hp->shown[j].self_pct, rows[i].self_pct, nsamples);
				rows[i].total_pct =
				    hot_hold(hp->shown[j].total_pct, rows[i].total_pct, nsamples);
				prev_rank[i] = j;
				break;
			}
	}
	/* Insertion sort: stable, and n is small. */
	for (int i = 1; i < n; i++) {
		struct profile_hot r = rows[i];
		int pr = prev_rank[i], j = i - 1;
		double key = hp->sort == PROFILE_SORT_SELF ? r.self_pct : r.total_pct;

		while (j >= 0) {
			double kj =
			    hp->sort == PROFILE_SORT_SELF ? rows[j].self_pct : rows[j].total_pct;

			if (kj > key || (kj == key && prev_rank[j] <= pr))
				break;
			rows[j + 1] = rows[j];
			prev_rank[j + 1] = prev_rank[j];
			j--;
		}
		rows[j + 1] = r;
		prev_rank[j + 1] = pr;
	}
	for (int i = 0; i < n; i++) {
		hp->shown[i].func = rows[i].func;
		hp->shown[i].self_pct = rows[i].self_pct;
		hp->shown[i].total_pct = rows[i].total_pct;
	}
	hp->nshown = n;
	hp->shown_tid = tid;
	hp->shown_span = span;
	hp->shown_sort = hp->sort;
}

static void *hot_create(void)
{
	struct hot_panel *hp = xcalloc(1, sizeof *hp);

	hp->sel_id = -1;
	hp->sort = PROFILE_SORT_SELF;
	return hp;
}

static void hot_destroy(void *st)
{
	free(st);
}

/* The sampler's line: what samples these are, or why there are none. */
static void hot_draw_status(WINDOW *w, int y, const struct view *v)
{
	const struct snap_sampler *sf = &v->snap->stacks.sampler;
	char rate[32], held[32];
	int x;

	if (sf->reason != NULL && (sf->backend == NULL || strcmp(sf->backend, "off") == 0)) {
		draw_text(w, y, 0, -1, draw_attr(DC_WARN), "sampling n/a (%s)", sf->reason);
		return;
	}
	fmt_count(rate, sizeof rate, sf->rate_hz);
	held[0] = '\0';
	if (!isnan(sf->held_us_avg) && sf->held_us_avg > 0)
		snprintf(held, sizeof held, ", held %.0f us/sample", sf->held_us_avg);
	x = draw_text(w, y, 0, -1, draw_attr(DC_DIM),
	              "%s %s Hz/thread, %llu samples, %llu lost%s%s%s",
	              sf->backend != NULL ? sf->backend : "n/a", rate,
	              (unsigned long long)sf->samples, (unsigned long long)sf->lost, held,
	              sf->reason != NULL ? "; " : "", sf->reason != NULL ? sf->reason : "");
	/* What the samples missed, when they missed much of the CPU time. */
	if (sf->coverage_reason[0] != '\0')
		draw_text(w, y, x, -1, draw_attr(DC_WARN), "; %s", sf->coverage_reason);
}

/*
 * What the list cannot see: kernel frames not sampled, with the system
 * share of the process's CPU in the same window; or kernel names hidden.
 */
static void hot_draw_kernel(WINDOW *w, int y, const struct view *v)
{
	const struct snap_sampler *sf = &v->snap->stacks.sampler;
	double sys = v->snap->stacks.window_sys_pct;
	char pct[16];

	if (sf->backend == NULL || strcmp(sf->backend, "off") == 0)
		return;
	if (sf->kernel) {
		if (v->snap->stacks.kernel_names_note != NULL)
			draw_text(w, y, 0, -1, draw_attr(DC_WARN), "%s",
			          v->snap->stacks.kernel_names_note);
		return;
	}
	if (isnan(sys))
		snprintf(pct, sizeof pct, "n/a");
	else
		snprintf(pct, sizeof pct, "%.0f%%", sys);
	draw_text(w, y, 0, -1, draw_attr(DC_WARN),
	          "kernel not sampled (%s): system time %s of the process's CPU in the last %.0fs",
	          sf->kernel_reason != NULL ? sf->kernel_reason : "n/a", pct,
	          v->snap->stacks.window_s);
}

/* "name 62%, name 30%" into buf, names cut to fit. */
static void hot_neighbour_list(char *buf, size_t size, const struct profile_neighbour *n, int count,
                               uint64_t base, int width)
{
	size_t len = 0;
	int each = count > 0 ? width / count - 6 : width;

	buf[0] = '\0';
	if (count == 0)
		snprintf(buf, size, "(none)");
	for (int i = 0; i < count && len < size; i++) {
		char name[128];

		fmt_trunc_middle(name, sizeof name, n[i].function, each > 8 ? each : 8);
		len += (size_t)snprintf(buf + len, size - len, "%s%s %.0f%%", i ? ", " : "", name,
		                        base ? 100.0 * (double)n[i].samples / (double)base : 0.0);
	}
}

static void hot_draw_detail(WINDOW *w, int y, int width, const struct view *v, int span,
                            const struct profile_hot *f)
{
	struct profile_neighbour up[HOT_NEIGHBOURS], down[HOT_NEIGHBOURS];
	int nup, ndown;
	char list[512], name[256];
	int namew = width / 3 > 12 ? width / 3 : 12;

	profile_neighbours(view_profile(v), v->ui->focus_tid, span, f->func, up, &nup, down, &ndown,
	                   HOT_NEIGHBOURS);
	/* The line names the row it describes: the selected one. */
	fmt_trunc_middle(name, sizeof name, f->function, namew);
	hot_neighbour_list(list, sizeof list, up, nup, f->total_samples,
	                   width - 14 - (int)strlen(name));
	draw_text(w, y, 0, -1, A_NORMAL, "callers of %s: %s", name, list);
	hot_neighbour_list(list, sizeof list, down, ndown, f->total_samples,
	                   width - 14 - (int)strlen(name));
	draw_text(w, y + 1, 0, -1, A_NORMAL, "callees of %s: %s", name, list);
}

static void hot_draw(void *st, WINDOW *w, const struct view *v)
{
	struct hot_panel *hp = st;
	static struct profile_hot rows[HOT_MAX_ROWS];
	const struct profile *p = view_profile(v);
	int height = getmaxy(w), width = getmaxx(w);
	int fnw, modw, body, n = 0, span = view_span(v);
	uint64_t nsamples = 0;
	char who[48], spanbuf[32];

	if (v->ui->focus_tid != 0)
		snprintf(who, sizeof who, "thread %d", (int)v->ui->focus_tid);
	else
		snprintf(who, sizeof who, "all threads");
	if (span >= 0 && p != NULL) {
		n = profile_hot(p, v->ui->focus_tid, span, hp->sort, rows, HOT_MAX_ROWS, &nsamples);
		hot_steady(hp, rows, n, nsamples, v->ui->focus_tid, span);
	}
	if (span < 0 || p == NULL || isinf(p->spans[span].seconds))
		snprintf(spanbuf, sizeof spanbuf, "since attach");
	else
		snprintf(spanbuf, sizeof spanbuf, "last %.0fs", p->spans[span].seconds);
	draw_text(w, 0, 0, -1, draw_attr(DC_TITLE), "%s: %s, by %s, %s, %llu samples",
	          v->ui->wall ? (v->ui->wall_idle ? "Wall clock, idle too" : "Wall clock")
	                      : "Hot functions",
	          spanbuf, hp->sort == PROFILE_SORT_SELF ? "self" : "total", who,
	          (unsigned long long)nsamples);
	if (v->ui->wall && p == NULL)
		draw_text(w, 1, 0, -1, draw_attr(DC_DIM), "wall clock: %s",
		          v->snap->stacks.wall_reason != NULL ? v->snap->stacks.wall_reason
		                                              : "starting (next tick)");
	hot_draw_status(w, height - 1, v);
	/* Title, header, table, [kernel line,] two detail lines, status. */
	body = height - 5;
	if (v->snap->stacks.sampler.backend != NULL &&
	    (!v->snap->stacks.sampler.kernel || v->snap->stacks.kernel_names_note != NULL) &&
	    height >= 8) {
		hot_draw_kernel(w, height - 4, v);
		body--;
	}
	if (body < 1)
		body = 1;
	/* Follow the function the user selected as the ranking moves;
	 * until they choose one, the selection is the top row. */
	for (int i = 0; i < n && hp->chosen; i++)
		if ((int64_t)rows[i].func == hp->sel_id)
			hp->cur.sel = i;
	listcur_fit(&hp->cur, n, body);
	hp->sel_id = n > 0 ? (int64_t)rows[hp->cur.sel].func : -1;
	if (n == 0) {
		draw_text(w, 2, 0, -1, draw_attr(DC_DIM),
		          p == NULL ? "no samples: sampling is off"
		                    : "no samples yet in this view");
		return;
	}
	modw = width >= 80 ? 16 : 10;
	fnw = width - 23 - modw - 1;
	if (fnw < 10)
		fnw = 10;
	draw_text(w, 1, 0, -1, draw_attr(DC_HEADER), "%6s %6s %8s %-*s %-*s", "SELF%", "TOTAL%",
	          "SAMPLES", fnw, "FUNCTION", modw, "MODULE");
	for (int r = 0; r < body && hp->cur.top + r < n; r++) {
		const struct profile_hot *f = &rows[hp->cur.top + r];
		char fn[256], mod[64];
		attr_t a = hp->cur.top + r == hp->cur.sel ? draw_attr(DC_SELECT) : A_NORMAL;

		fmt_trunc_middle(fn, sizeof fn, f->function, fnw);
		fmt_trunc_middle(mod, sizeof mod, f->module, modw);
		if (a != A_NORMAL)
			draw_fill(w, 2 + r, a);
		draw_text(w, 2 + r, 0, -1, a, "%6.1f %6.1f %8llu %-*s %-*s", f->self_pct,
		          f->total_pct, (unsigned long long)f->samples, fnw, fn, modw, mod);
	}
	if (height >= 6)
		hot_draw_detail(w, height - 3, width, v, span, &rows[hp->cur.sel]);
}

static int hot_on_key(void *st, int key, const struct view *v)
{
	struct hot_panel *hp = st;

	(void)v;
	if (key == 's') {
		hp->sort = hp->sort == PROFILE_SORT_SELF ? PROFILE_SORT_TOTAL : PROFILE_SORT_SELF;
		return 1;
	}
	if (!listcur_key(&hp->cur, key))
		return 0;
	hp->sel_id = -1; /* the keys chose a row, not a function */
	hp->chosen = 1;
	return 1;
}

const struct panel_class panel_hot_class = {
    .name = "Hot",
    .key = '5',
    .help = "functions the sampled stacks land in, hottest first\n"
	    "self %: samples whose leaf is the function; total %: samples with it\n"
	    "anywhere on the stack (counted once per stack, so recursion is not\n"
	    "double counted).  Names like lib.so+0x1a2b are code without symbols,\n"
	    "grouped by function start.  A percentage holds still while it moves\n"
	    "within its sampling noise (one standard error); rows rank by what is\n"
	    "shown.  Up/Down/PgUp/PgDn/Home/End select,\n"
	    "s sort by self/total, w window: 5s, 10s, 30s, since attach (Flame\n"
	    "follows); t focuses a thread.\n"
	    "Bottom: the selected row's hottest callers and callees (named).\n"
	    "Both back ends (perf, ptrace) sample on-CPU time only: waits do not show;\n"
	    "o switches to wall clock (also in Flame): every thread counts all the time,\n"
	    "waits under a leaf saying why, e.g. [off-cpu: epoll_wait] (module: its\n"
	    "class lock/io/poll/sleep/fault/runq); threads idle 5 s fold into\n"
	    "[idle threads: why]; I shows them one by one (again: folded).\n"
	    "perf shows kernel frames ([kernel]) where allowed; otherwise a line says\n"
	    "'kernel not sampled' and how much of the CPU was system time.  ptrace\n"
	    "cannot see kernel frames; it weights each sample by the thread's CPU time.\n"
	    "C++ names are demangled in full: overloads are separate rows.",
    .create = hot_create,
    .destroy = hot_destroy,
    .draw = hot_draw,
    .on_key = hot_on_key,
};
