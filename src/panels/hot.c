/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hot: panel 5, the hot functions.  A ranked table of the functions the
 * sampled stacks land in (self %: the leaf; total %: anywhere on the stack,
 * counted once per stack), over the recent window or since attach, for
 * the whole process or the focused thread; under it the hottest callers
 * and callees of the selected function and a line on the sampler itself.
 *
 * It asks the stack store (stacks_hot, stacks_neighbours) while drawing;
 * it never samples or symbolizes.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "fmt.h"
#include "panels/panel.h"
#include "snapshot.h"
#include "stacks.h"
#include "util.h"

/* Rows of the table we ever ask for; the screen shows what fits. */
#define HOT_MAX_ROWS 200
#define HOT_NEIGHBOURS 3

struct hot_panel {
	int sel;    /* selected row */
	int sel_id; /* its function id, to follow it as ranks move */
	int top;    /* first row shown */
	enum stacks_sort sort;
	enum stacks_span span;
	int nrows; /* rows at the last draw, for the keys */
};

static void *hot_create(void)
{
	struct hot_panel *hp = xcalloc(1, sizeof *hp);

	hp->sel_id = -1;
	hp->sort = STACKS_SORT_SELF;
	hp->span = STACKS_WINDOW;
	return hp;
}

static void hot_destroy(void *st)
{
	free(st);
}

/* The sampler's line: what samples these are, or why there are none. */
static void hot_draw_status(WINDOW *w, int y, const struct view *v)
{
	const struct sampler_fig *sf = &v->snap->stacks.sampler;
	char rate[32], held[32];

	if (sf->reason != NULL && (sf->backend == NULL || strcmp(sf->backend, "off") == 0)) {
		draw_text(w, y, 0, -1, draw_attr(DC_WARN), "sampling n/a (%s)", sf->reason);
		return;
	}
	fmt_count(rate, sizeof rate, sf->rate_hz);
	held[0] = '\0';
	if (!isnan(sf->held_us_avg) && sf->held_us_avg > 0)
		snprintf(held, sizeof held, ", held %.0f us/sample", sf->held_us_avg);
	draw_text(w, y, 0, -1, draw_attr(DC_DIM), "%s %s Hz/thread, %llu samples, %llu lost%s%s%s",
	          sf->backend != NULL ? sf->backend : "n/a", rate, (unsigned long long)sf->samples,
	          (unsigned long long)sf->lost, held, sf->reason != NULL ? "; " : "",
	          sf->reason != NULL ? sf->reason : "");
}

/* "name 62%, name 30%" into buf, names cut to fit. */
static void hot_neighbour_list(char *buf, size_t size, const struct stacks_neighbour *n, int count,
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

static void hot_draw_detail(WINDOW *w, int y, int width, const struct view *v,
                            const struct hot_panel *hp, const struct hot_fig *f)
{
	struct stacks_neighbour up[HOT_NEIGHBOURS], down[HOT_NEIGHBOURS];
	int nup, ndown;
	char list[512];

	stacks_neighbours(v->stacks, v->ui->focus_tid, hp->span, f->id, up, &nup, down, &ndown,
	                  HOT_NEIGHBOURS);
	hot_neighbour_list(list, sizeof list, up, nup, f->total_samples, width - 10);
	draw_text(w, y, 0, -1, A_NORMAL, "callers: %s", list);
	hot_neighbour_list(list, sizeof list, down, ndown, f->total_samples, width - 10);
	draw_text(w, y + 1, 0, -1, A_NORMAL, "callees: %s", list);
}

static void hot_draw(void *st, WINDOW *w, const struct view *v)
{
	struct hot_panel *hp = st;
	static struct hot_fig rows[HOT_MAX_ROWS];
	int height = getmaxy(w), width = getmaxx(w);
	int fnw, modw, body, n;
	uint64_t nsamples = 0;
	char who[48], span[32];

	if (v->ui->focus_tid != 0)
		snprintf(who, sizeof who, "thread %d", (int)v->ui->focus_tid);
	else
		snprintf(who, sizeof who, "all threads");
	n = stacks_hot(v->stacks, v->ui->focus_tid, hp->span, hp->sort, rows, HOT_MAX_ROWS,
	               &nsamples);
	hp->nrows = n;
	if (hp->span == STACKS_WINDOW)
		snprintf(span, sizeof span, "last %.0fs", stacks_window_s(v->stacks));
	else
		snprintf(span, sizeof span, "since attach");
	draw_text(w, 0, 0, -1, draw_attr(DC_TITLE), "Hot functions: %s, by %s, %s, %llu samples",
	          span, hp->sort == STACKS_SORT_SELF ? "self" : "total", who,
	          (unsigned long long)nsamples);
	hot_draw_status(w, height - 1, v);
	/* Follow the selected function as the ranking moves. */
	for (int i = 0; i < n; i++)
		if (rows[i].id == hp->sel_id)
			hp->sel = i;
	if (hp->sel >= n)
		hp->sel = n > 0 ? n - 1 : 0;
	hp->sel_id = n > 0 ? rows[hp->sel].id : -1;
	if (n == 0) {
		draw_text(w, 2, 0, -1, draw_attr(DC_DIM),
		          v->stacks == NULL ? "no samples: sampling is off"
		                            : "no samples yet in this view");
		return;
	}
	/* Title, header, table, two detail lines, status. */
	body = height - 5;
	if (body < 1)
		body = 1;
	if (hp->sel < hp->top)
		hp->top = hp->sel;
	if (hp->sel >= hp->top + body)
		hp->top = hp->sel - body + 1;
	modw = width >= 80 ? 16 : 10;
	fnw = width - 23 - modw - 1;
	if (fnw < 10)
		fnw = 10;
	draw_text(w, 1, 0, -1, draw_attr(DC_HEADER), "%6s %6s %8s %-*s %-*s", "SELF%", "TOTAL%",
	          "SAMPLES", fnw, "FUNCTION", modw, "MODULE");
	for (int r = 0; r < body && hp->top + r < n; r++) {
		const struct hot_fig *f = &rows[hp->top + r];
		char fn[256], mod[64];
		attr_t a = hp->top + r == hp->sel ? draw_attr(DC_SELECT) : A_NORMAL;

		fmt_trunc_middle(fn, sizeof fn, f->function, fnw);
		fmt_trunc_middle(mod, sizeof mod, f->module, modw);
		if (a != A_NORMAL)
			draw_fill(w, 2 + r, a);
		draw_text(w, 2 + r, 0, -1, a, "%6.1f %6.1f %8llu %-*s %-*s", f->self_pct,
		          f->total_pct, (unsigned long long)f->samples, fnw, fn, modw, mod);
	}
	if (height >= 6)
		hot_draw_detail(w, height - 3, width, v, hp, &rows[hp->sel]);
}

static int hot_on_key(void *st, int key, const struct view *v)
{
	struct hot_panel *hp = st;

	(void)v;
	switch (key) {
	case KEY_UP:
	case 'k':
		if (hp->sel > 0)
			hp->sel--;
		break;
	case KEY_DOWN:
	case 'j':
		if (hp->sel + 1 < hp->nrows)
			hp->sel++;
		break;
	case KEY_PPAGE:
		hp->sel = hp->sel > 10 ? hp->sel - 10 : 0;
		break;
	case KEY_NPAGE:
		hp->sel = hp->sel + 10 < hp->nrows ? hp->sel + 10 : hp->nrows - 1;
		break;
	case 's':
		hp->sort = hp->sort == STACKS_SORT_SELF ? STACKS_SORT_TOTAL : STACKS_SORT_SELF;
		return 1;
	case 'w':
		hp->span = hp->span == STACKS_WINDOW ? STACKS_TOTAL : STACKS_WINDOW;
		return 1;
	default:
		return 0;
	}
	if (hp->sel < 0)
		hp->sel = 0;
	hp->sel_id = -1; /* the keys chose a row, not a function */
	return 1;
}

const struct panel_class panel_hot_class = {
    .name = "Hot",
    .key = '5',
    .help = "functions the sampled stacks land in, hottest first\n"
	    "self %: samples whose leaf is the function; total %: samples with it\n"
	    "anywhere on the stack (counted once per stack, so recursion is not\n"
	    "double counted).  Names like lib.so+0x1a2b are code without symbols,\n"
	    "grouped by function start.  Up/down select, s sort by self/total,\n"
	    "w last --window seconds / since attach; t focuses a thread.\n"
	    "Bottom: the selected function's hottest callers and callees.\n"
	    "Both back ends (perf, ptrace) sample on-CPU time only: waits do not show.",
    .create = hot_create,
    .destroy = hot_destroy,
    .draw = hot_draw,
    .on_key = hot_on_key,
};
