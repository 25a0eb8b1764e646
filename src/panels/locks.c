/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * locks: panel 4, lock contention.  The contended locks of the interval
 * ranked by wait (ms of thread time per second), with the back end and
 * why; Enter on a lock shows its call sites, holder and the threads that
 * waited; 'i' shows the idle (parked) waits instead.  A small graph of
 * the top lock's wait.  It reads only snap->locks.
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
#include "snapshot.h"
#include "util.h"

struct locks_panel {
	struct listcur cur;
	int detail; /* Enter: the selected lock's sites, holder, waiters */
	int idle;   /* i: show the idle waits instead */
	unsigned long long sel_addr;
};

static void *locks_create(void)
{
	return xcalloc(1, sizeof(struct locks_panel));
}

static void locks_destroy(void *st)
{
	free(st);
}

/* The locks shown: contended ones, or (i) the idle ones. */
static int locks_rows(const struct snap_locks *l, int idle, const struct snap_lock **rows, int max)
{
	int n = 0;

	for (int i = 0; i < l->nlocks && n < max; i++)
		if (l->locks[i].idle == idle)
			rows[n++] = &l->locks[i];
	return n;
}

static void locks_fig(char *buf, size_t size, double v, int est)
{
	if (isnan(v))
		snprintf(buf, size, "n/a");
	else
		snprintf(buf, size, "%s%.0f", est ? "~" : "", v);
}

static void locks_draw_detail(WINDOW *w, int y, int h, const struct snap_lock *k)
{
	char a[32], b[32];

	draw_text(w, y++, 0, -1, draw_attr(DC_TITLE), "%s  (%s, 0x%llx)", k->name, k->kind,
	          (unsigned long long)k->address);
	locks_fig(a, sizeof a, k->mean_wait_us, 0);
	locks_fig(b, sizeof b, k->max_wait_us, 0);
	draw_text(w, y++, 2, -1, A_NORMAL,
	          "wait %s%.0f ms/s (window %.0f), %.0f contentions/s, waiters %d now %d max, "
	          "mean %s us, max %s us",
	          k->estimated ? "~" : "", k->wait_ms_per_s, k->window_wait_ms_per_s,
	          k->contentions_per_s, k->waiters_now, k->waiters_max, a, b);
	if (k->holder_tid > 0)
		draw_text(w, y++, 2, -1, A_NORMAL, "holder (sampled): tid %d in %s",
		          (int)k->holder_tid,
		          k->holder_function != NULL ? k->holder_function : "(not sampled)");
	else
		draw_text(w, y++, 2, -1, draw_attr(DC_DIM),
		          "holder: n/a (not a glibc mutex, or unread)");
	draw_text(w, y++, 0, -1, draw_attr(DC_HEADER), "%-10s %-30s %s", "WAIT ms/s", "SITE",
	          "STACK (leaf first)");
	for (int i = 0; i < k->nsites && y < h - 3; i++) {
		const struct snap_lock_site *s = &k->sites[i];

		draw_text(w, y++, 0, -1, A_NORMAL, "%10.0f %-30.30s %s", s->wait_ms_per_s,
		          s->function, s->stack);
	}
	if (k->nsites == 0)
		draw_text(w, y++, 2, -1, draw_attr(DC_DIM), "no call site sampled yet");
	if (y < h - 1) {
		int x = 2;

		draw_text(w, y, 0, -1, draw_attr(DC_HEADER), "waited:");
		x = 8;
		for (int i = 0; i < k->nwaiters && x < getmaxx(w) - 20; i++) {
			char cell[40];

			snprintf(cell, sizeof cell, " %d:%.0f", (int)k->waiters[i].tid,
			         k->waiters[i].wait_ms_per_s);
			draw_text(w, y, x, -1, A_NORMAL, "%s", cell);
			x += (int)strlen(cell);
		}
	}
}

static void locks_draw(void *st, WINDOW *w, const struct view *v)
{
	struct locks_panel *lp = st;
	const struct snap_locks *l = &v->snap->locks;
	const struct snap_lock *rows[256];
	int h = getmaxy(w), width = getmaxx(w), y = 0, n, graph_h = 4, namew;

	if (l->backend == NULL || strcmp(l->backend, "off") == 0) {
		draw_text(w, 0, 0, -1, draw_attr(DC_TITLE), "Locks: n/a");
		draw_text(w, 1, 2, -1, draw_attr(DC_WARN), "%s",
		          l->reason != NULL ? l->reason : "not measured");
		return;
	}
	draw_text(w, y++, 0, -1, draw_attr(DC_TITLE), "Locks: %s back end%s - %s", l->backend,
	          l->estimated ? " (estimated from samples)" : " (every wait)",
	          l->reason != NULL ? l->reason : "");
	if (l->note != NULL)
		draw_text(w, y++, 0, -1, draw_attr(DC_DIM), "%s", l->note);
	n = locks_rows(l, lp->idle, rows, (int)CTOP_ARRAY_LEN(rows));
	/* Keep the selected lock selected as the ranking moves. */
	for (int i = 0; i < n; i++)
		if (rows[i]->address == lp->sel_addr)
			listcur_select(&lp->cur, i);
	if (lp->detail && n > 0 && lp->cur.sel < n) {
		locks_draw_detail(w, y, h, rows[lp->cur.sel]);
		return;
	}
	if (!lp->idle && l->nhist > 1 && h > 12) {
		char label[160];

		snprintf(label, sizeof label, "top lock wait ms/s: %s",
		         rows[0] != NULL && n > 0 ? rows[0]->name : "");
		draw_text(w, y++, 0, -1, draw_attr(DC_DIM), "%s", label);
		draw_graph(w, y, 0, graph_h, width < 60 ? width : 60, l->hist, (size_t)l->nhist, 0,
		           DC_GRAPH);
		y += graph_h;
	}
	/* The name takes what the figures leave, keeping room for the top
	 * site: 14 to 36 columns (80 columns show every figure). */
	namew = width - 53 - 16;
	namew = namew < 14 ? 14 : namew > 36 ? 36 : namew;
	draw_text(w, y++, 0, -1, draw_attr(DC_HEADER), "%-*s %-8s %9s %8s %7s %7s %8s %s", namew,
	          lp->idle ? "PARKED ON" : "LOCK", "KIND", lp->idle ? "PARKED/s" : "WAIT ms/s",
	          "WINDOW", "CONT/s", "WAITERS", "MAX us", "TOP SITE");
	listcur_fit(&lp->cur, n, h - y);
	for (int i = lp->cur.top; i < n && y < h; i++) {
		const struct snap_lock *k = rows[i];
		char name[40], mx[16], wt[16];
		attr_t at = i == lp->cur.sel ? A_REVERSE : A_NORMAL;

		fmt_trunc_middle(name, sizeof name, k->name, namew);
		locks_fig(mx, sizeof mx, k->max_wait_us, 0);
		snprintf(wt, sizeof wt, "%d/%d", k->waiters_now, k->waiters_max);
		draw_text(w, y++, 0, -1, at, "%-*s %-8.8s %9.0f %8.0f %7.0f %7s %8s %s", namew,
		          name, k->kind, lp->idle ? k->idle_ms_per_s : k->wait_ms_per_s,
		          k->window_wait_ms_per_s, k->contentions_per_s, wt, mx,
		          k->nsites > 0 ? k->sites[0].function : "-");
	}
	if (n == 0)
		draw_text(w, y, 2, -1, draw_attr(DC_DIM),
		          lp->idle ? "no parked waits"
		                   : "no contention this interval (i: idle waits)");
	if (n > 0 && lp->cur.sel < n)
		lp->sel_addr = rows[lp->cur.sel]->address;
}

static int locks_on_key(void *st, int key, const struct view *v)
{
	struct locks_panel *lp = st;

	(void)v;
	if (key == '\n' || key == '\r' || key == KEY_ENTER) {
		lp->detail = !lp->detail;
		return 1;
	}
	if (key == 27 && lp->detail) {
		lp->detail = 0;
		return 1;
	}
	if (key == 'i') {
		lp->idle = !lp->idle;
		lp->detail = 0;
		lp->sel_addr = 0;
		listcur_select(&lp->cur, 0);
		return 1;
	}
	return listcur_key(&lp->cur, key);
}

const struct panel_class panel_locks_class = {
    .name = "Locks",
    .key = '4',
    .help = "futex waits of the target's threads, by lock word, most waited first.\n"
	    "WAIT ms/s sums over threads: 1000 = one thread blocked all the time.\n"
	    "Names: the data symbol holding the word (a global mutex, _PyRuntime+0x..),\n"
	    "else heap/stack/anon 0x.. with its top waiting function.  Kind from the\n"
	    "libc frames of sampled waiting stacks.  Idle vs contended is told by\n"
	    "behaviour: a wait of 0.5 s or more on anything but a mutex or rwlock is a\n"
	    "park (a pool thread in pthread_cond_wait, main in pthread_join) and is\n"
	    "listed apart ('i'); short, repeated waits by threads that then run are\n"
	    "contention whatever the primitive (e.g. CPython's GIL, a condvar).\n"
	    "trace back end: every wait counted and timed; sample: /proc samples,\n"
	    "wait time estimated (~).  Enter: sites, holder (sampled), waiters.",
    .create = locks_create,
    .destroy = locks_destroy,
    .draw = locks_draw,
    .on_key = locks_on_key,
};
