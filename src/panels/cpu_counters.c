/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cpu_counters: the counter rows of the CPU panel.  Row one: IPC with a
 * sparkline of its history, cache miss % and MPKI, branch miss %, and
 * whether the figures were scaled (multiplexed) and for how much of the
 * time they ran; or "IPC n/a (reason)".  Then the hints, then the user's
 * -e events with their rates, as far as max_rows allows.  Draws only.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "history.h"
#include "panels/cpu_counters.h"
#include "snapshot.h"

const char cpu_counters_thread_header[] = "  IPC  MISS%   BR%";

#define CC_SPARK 12

/* Draws s at (y, *x) clipped to width; advances *x. */
static void cc_put(WINDOW *w, int y, int *x, int width, const char *s, attr_t a)
{
	int room = width - *x, n = (int)strlen(s);

	if (room <= 0)
		return;
	if (n > room)
		n = room;
	wattron(w, a);
	mvwaddnstr(w, y, *x, s, n);
	wattroff(w, a);
	*x += n;
}

/* The last CC_SPARK IPC values as bars scaled to the highest shown; gaps
 * (unknown) stay blank. */
static void cc_spark(WINDOW *w, int y, int *x, int width, const struct view *v)
{
	static const char *const blocks[] = {"\u2581", "\u2582", "\u2583", "\u2584",
	                                     "\u2585", "\u2586", "\u2587", "\u2588"};
	static const char ascii[] = "_.-=+*#@";
	const struct ring *r;
	size_t n, from;
	double top = 0;

	if (v->hist == NULL || width - *x < CC_SPARK + 1)
		return;
	r = history_series(v->hist, HIST_IPC);
	if (r == NULL || r->len == 0)
		return;
	n = r->len < CC_SPARK ? r->len : CC_SPARK;
	from = r->len - n;
	for (size_t i = from; i < r->len; i++) {
		double val = ring_get(r, i);

		if (!isnan(val) && val > top)
			top = val;
	}
	if (!(top > 0))
		return;
	cc_put(w, y, x, width, " ", 0);
	for (size_t i = from; i < r->len; i++) {
		double val = ring_get(r, i);
		int level = isnan(val) ? -1 : (int)lround(val / top * 7);

		if (level < 0)
			cc_put(w, y, x, width, " ", 0);
		else if (v->ui != NULL && v->ui->utf8) {
			mvwaddstr(w, y, *x, blocks[level > 7 ? 7 : level]);
			(*x)++;
		} else {
			char c[2] = {ascii[level > 7 ? 7 : level], '\0'};

			cc_put(w, y, x, width, c, 0);
		}
	}
}

/* Counters are opened on at most thread_cap threads (file descriptors):
 * say so when some threads go uncounted. */
static void cc_cap_note(WINDOW *w, int y, int *x, int width, const struct snap_counters *c)
{
	char line[64];

	if (c->nthreads >= c->threads_total)
		return;
	snprintf(line, sizeof line, "  counters on %d of %d threads", c->nthreads,
	         c->threads_total);
	cc_put(w, y, x, width, line, A_DIM);
}

static int cc_draw_main(WINDOW *w, int y, int width, const struct view *v)
{
	const struct snap_counters *c = &v->snap->counters;
	char a[32], b[32], d[32], line[160];
	int x = 0;

	if (!c->available) {
		snprintf(line, sizeof line, "IPC n/a (%s)",
		         c->reason != NULL ? c->reason : "unknown");
		cc_put(w, y, &x, width, line, A_DIM);
		cc_cap_note(w, y, &x, width, c);
		return 1;
	}
	snprintf(line, sizeof line, "IPC %s", fmt_fig(a, sizeof a, "%.2f", c->ipc));
	cc_put(w, y, &x, width, line, A_BOLD);
	cc_spark(w, y, &x, width, v);
	snprintf(line, sizeof line, "  cache miss %s (%s MPKI)  branch miss %s",
	         fmt_fig(a, sizeof a, "%.1f%%", c->cache_miss_pct),
	         fmt_fig(b, sizeof b, "%.1f", c->mpki),
	         fmt_fig(d, sizeof d, "%.1f%%", c->branch_miss_pct));
	cc_put(w, y, &x, width, line, 0);
	if (c->scaled) {
		snprintf(line, sizeof line, "  scaled, ran %s",
		         fmt_fig(a, sizeof a, "%.0f%%", c->running_pct));
		cc_put(w, y, &x, width, line, A_DIM);
	}
	cc_cap_note(w, y, &x, width, c);
	return 1;
}

int cpu_counters_draw(WINDOW *w, int y, int width, int max_rows, const struct view *v)
{
	const struct snap_counters *c = &v->snap->counters;
	char a[32], line[256];
	int rows, x;

	if (max_rows < 1)
		return 0;
	rows = cc_draw_main(w, y, width, v);
	for (int i = 0; i < c->nhints && rows < max_rows; i++) {
		x = 0;
		snprintf(line, sizeof line, "  hint: %s", c->hints[i]);
		cc_put(w, y + rows++, &x, width, line, A_BOLD);
	}
	for (int i = 0; i < c->nevents && rows < max_rows; i++) {
		const struct snap_counter_event *e = &c->events[i];

		if (!e->user)
			continue;
		x = 0;
		if (isnan(e->per_s))
			snprintf(line, sizeof line, "  %s n/a (%s)", e->name,
			         e->reason[0] != '\0' ? e->reason : "unknown");
		else {
			snprintf(line, sizeof line, "  %s %s/s", e->name,
			         fmt_count(a, sizeof a, e->per_s));
			if (e->running_pct < 99.5)
				snprintf(line + strlen(line), sizeof line - strlen(line),
				         " (scaled, ran %.0f%%)", e->running_pct);
		}
		cc_put(w, y + rows++, &x, width, line, 0);
	}
	return rows;
}

char *cpu_counters_thread_cells(char *buf, size_t size, const struct view *v, pid_t tid)
{
	const struct snap_counters *c = &v->snap->counters;
	char a[16], b[16], d[16];

	/* With no hardware counters at all, three n/a columns per thread say
	 * nothing the counter row above does not already say with its reason. */
	if (!c->available) {
		snprintf(buf, size, "n/a");
		return buf;
	}
	for (int i = 0; i < c->nthreads; i++) {
		const struct snap_counter_thread *t = &c->threads[i];

		if (t->tid != tid)
			continue;
		snprintf(buf, size, "%5s %6s %5s", fmt_fig(a, sizeof a, "%.2f", t->ipc),
		         fmt_fig(b, sizeof b, "%.1f", t->cache_miss_pct),
		         fmt_fig(d, sizeof d, "%.1f", t->branch_miss_pct));
		return buf;
	}
	snprintf(buf, size, "%5s %6s %5s", "n/a", "n/a", "n/a");
	return buf;
}
