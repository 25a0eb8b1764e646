/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * picker: `ctop` with no pid.  A full-screen list of processes (pid, user,
 * CPU, RSS, command) refreshed each second; typing filters by command,
 * '<' '>' or F6 change the sort, Enter picks.  It ends curses before
 * returning: ui_run starts it again for the dashboard.
 *
 * This is the one place outside the collector that reads processes: it
 * runs before any session exists, and it reads every process (the
 * collector reads only the target), through libproc2's pids API, which
 * keeps the previous tick counts so PIDS_TICS_ALL_DELTA gives CPU directly.
 */
#include "config.h"

#include <curses.h>
#include <libproc2/pids.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "draw.h"
#include "fmt.h"
#include "listcur.h"
#include "ui.h"
#include "ui_int.h"
#include "util.h"

enum { PK_PID, PK_USER, PK_TICS, PK_RSS, PK_CMD, PK_CMDLINE };

static enum pids_item picker_items[] = {
    PIDS_ID_PID, PIDS_ID_EUSER, PIDS_TICS_ALL_DELTA, PIDS_VM_RSS, PIDS_CMD, PIDS_CMDLINE,
};

enum picker_sort { SORT_CPU, SORT_RSS, SORT_PID, SORT_N };
static const char *const picker_sort_names[SORT_N] = {"CPU", "RSS", "PID"};

struct picker_row {
	pid_t pid;
	char user[16];
	double cpu_pct; /* NAN until two samples */
	double rss;
	char cmd[200];
};

struct picker {
	struct pids_info *info;
	struct picker_row *rows;
	int nrows;
	int *shown; /* indices into rows that pass the filter, sorted */
	int nshown;
	char filter[64];
	enum picker_sort sort;
	struct listcur cur;
	pid_t sel_pid; /* keeps the selection on a process across refreshes */
	double last;   /* monotonic time of the previous sample */
	int samples;
};

static int picker_cmp_sort;
static const struct picker_row *picker_cmp_rows;

static int picker_cmp(const void *a, const void *b)
{
	const struct picker_row *x = &picker_cmp_rows[*(const int *)a];
	const struct picker_row *y = &picker_cmp_rows[*(const int *)b];
	double dx, dy;

	switch (picker_cmp_sort) {
	case SORT_RSS:
		dx = x->rss, dy = y->rss;
		break;
	case SORT_PID:
		return x->pid < y->pid ? -1 : x->pid > y->pid;
	default:
		dx = isnan(x->cpu_pct) ? -1 : x->cpu_pct;
		dy = isnan(y->cpu_pct) ? -1 : y->cpu_pct;
		break;
	}
	if (dx != dy)
		return dx < dy ? 1 : -1;
	return x->pid < y->pid ? -1 : x->pid > y->pid;
}

/* Applies the filter and the sort, keeping the selected pid selected. */
static void picker_arrange(struct picker *p)
{
	p->nshown = 0;
	for (int i = 0; i < p->nrows; i++)
		if (p->filter[0] == '\0' || strstr(p->rows[i].cmd, p->filter) != NULL)
			p->shown[p->nshown++] = i;
	picker_cmp_sort = p->sort;
	picker_cmp_rows = p->rows;
	qsort(p->shown, (size_t)p->nshown, sizeof *p->shown, picker_cmp);
	for (int i = 0; i < p->nshown; i++)
		if (p->rows[p->shown[i]].pid == p->sel_pid)
			p->cur.sel = i;
	listcur_fit(&p->cur, p->nshown, p->cur.page);
}

static int picker_sample(struct picker *p, char **cause)
{
	struct pids_fetch *f = procps_pids_reap(p->info, PIDS_FETCH_TASKS_ONLY);
	double now = now_mono(), dt = now - p->last;
	long hz = sysconf(_SC_CLK_TCK);
	pid_t self = getpid();
	int n;

	if (f == NULL) {
		set_cause(cause, "cannot read the process list");
		return -1;
	}
	n = f->counts->total;
	p->rows = xrealloc(p->rows, (size_t)(n > 0 ? n : 1) * sizeof *p->rows);
	p->shown = xrealloc(p->shown, (size_t)(n > 0 ? n : 1) * sizeof *p->shown);
	p->nrows = 0;
	for (int i = 0; i < n; i++) {
		struct pids_stack *st = f->stacks[i];
		struct picker_row *r = &p->rows[p->nrows];
		const char *cmdline = PIDS_VAL(PK_CMDLINE, str, st, p->info);

		r->pid = PIDS_VAL(PK_PID, s_int, st, p->info);
		if (r->pid == self)
			continue;
		snprintf(r->user, sizeof r->user, "%s", PIDS_VAL(PK_USER, str, st, p->info));
		r->cpu_pct = p->samples > 0 && dt > 0
		                 ? PIDS_VAL(PK_TICS, u_int, st, p->info) / (double)hz / dt * 100
		                 : NAN;
		r->rss = (double)PIDS_VAL(PK_RSS, ul_int, st, p->info) * 1024;
		/* Kernel threads have no command line: show [name] as ps does. */
		if (cmdline != NULL && cmdline[0] != '\0' && cmdline[0] != '-')
			snprintf(r->cmd, sizeof r->cmd, "%s", cmdline);
		else
			snprintf(r->cmd, sizeof r->cmd, "[%s]", PIDS_VAL(PK_CMD, str, st, p->info));
		p->nrows++;
	}
	p->last = now;
	p->samples++;
	picker_arrange(p);
	return 0;
}

static void picker_draw(struct picker *p, WINDOW *w)
{
	int h = getmaxy(w), rows = h - 3;
	char cpu[16], rss[16];

	werase(w);
	draw_fill(w, 0, draw_attr(DC_HEADER));
	draw_text(w, 0, 0, -1, draw_attr(DC_HEADER),
	          " ctop: pick a process  type to filter  Enter watch  </> sort  Esc quit");
	draw_text(w, 1, 0, -1, A_NORMAL, " filter: %s_   sort: %s   %d of %d processes%s",
	          p->filter, picker_sort_names[p->sort], p->nshown, p->nrows,
	          p->samples < 2 ? "   (CPU% after a second)" : "");
	draw_fill(w, 2, draw_attr(DC_TITLE) | A_REVERSE);
	draw_text(w, 2, 0, -1, draw_attr(DC_TITLE) | A_REVERSE, " %7s %-10s %6s %7s  %s", "PID",
	          "USER", "CPU%", "RSS", "COMMAND");
	if (rows <= 0)
		return;
	listcur_fit(&p->cur, p->nshown, rows);
	for (int i = p->cur.top; i < p->nshown && i - p->cur.top < rows; i++) {
		const struct picker_row *r = &p->rows[p->shown[i]];
		attr_t a = i == p->cur.sel ? draw_attr(DC_SELECT) : A_NORMAL;
		int y = 3 + i - p->cur.top;

		if (i == p->cur.sel)
			draw_fill(w, y, a);
		draw_text(w, y, 0, -1, a, " %7d %-10.10s %6s %7s  %s", (int)r->pid, r->user,
		          fmt_pct(cpu, sizeof cpu, r->cpu_pct), fmt_bytes(rss, sizeof rss, r->rss),
		          r->cmd);
	}
	wnoutrefresh(w);
	doupdate();
}

/* Returns 1 to keep going, 0 when done (with *out set). */
static int picker_key(struct picker *p, int ch, pid_t *out)
{
	size_t len = strlen(p->filter);

	/* j and k are filter letters here: only the keys that cannot be. */
	if (ch != 'j' && ch != 'k' && listcur_key(&p->cur, ch)) {
		p->sel_pid = p->nshown > 0 ? p->rows[p->shown[p->cur.sel]].pid : 0;
		return 1;
	}
	switch (ch) {
	case 27:
		*out = 0;
		return 0;
	case KEY_ENTER:
	case '\n':
	case '\r':
		if (p->nshown > 0) {
			*out = p->rows[p->shown[p->cur.sel]].pid;
			return 0;
		}
		return 1;
	case KEY_F(6):
	case '>':
		p->sort = (p->sort + 1) % SORT_N;
		break;
	case '<':
		p->sort = (p->sort + SORT_N - 1) % SORT_N;
		break;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		if (len > 0)
			p->filter[len - 1] = '\0';
		break;
	case KEY_RESIZE:
		break;
	default:
		/* q quits only when it cannot be the start of a filter. */
		if (ch == 'q' && len == 0) {
			*out = 0;
			return 0;
		}
		if (ch >= 32 && ch < 127 && len + 1 < sizeof p->filter) {
			p->filter[len] = (char)ch;
			p->filter[len + 1] = '\0';
		}
		break;
	}
	if (ch == KEY_F(6) || ch == KEY_BACKSPACE || (ch >= 32 && ch <= 127) || ch == 8) {
		/* A new order or filter starts at its top, not wherever the
		 * old pick went. */
		p->sel_pid = 0;
		p->cur.sel = 0;
		p->cur.top = 0;
	}
	picker_arrange(p);
	p->sel_pid = p->nshown > 0 ? p->rows[p->shown[p->cur.sel]].pid : 0;
	return 1;
}

pid_t picker_run(char **cause)
{
	struct picker p;
	SCREEN *scr;
	WINDOW *w;
	pid_t out = 0;
	int rc;

	memset(&p, 0, sizeof p);
	if (procps_pids_new(&p.info, picker_items, (int)CTOP_ARRAY_LEN(picker_items)) < 0) {
		set_cause(cause, "libproc2: cannot read processes");
		return -1;
	}
	if (picker_sample(&p, cause) < 0) {
		procps_pids_unref(&p.info);
		return -1;
	}
	scr = ui_curses_start(1, NULL, cause);
	if (scr == NULL) {
		procps_pids_unref(&p.info);
		return -1;
	}
	w = stdscr;
	keypad(w, TRUE);
	/* Wake at least four times a second to refresh once a second. */
	wtimeout(w, 250);
	rc = 1;
	while (rc) {
		int ch;

		if (now_mono() - p.last >= 1.0 && picker_sample(&p, cause) < 0) {
			out = -1;
			break;
		}
		picker_draw(&p, w);
		ch = wgetch(w);
		if (ch != ERR)
			rc = picker_key(&p, ch, &out);
	}
	ui_curses_stop(scr);
	procps_pids_unref(&p.info);
	free(p.rows);
	free(p.shown);
	return out;
}
