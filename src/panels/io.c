/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * io: panel 3.  What the process reads and writes: bytes through read and
 * write calls (rchar/wchar), bytes that reached storage, syscall rates,
 * their history, the threads doing the IO, and how busy the disks are.
 * When the kernel does not let us read /proc/PID/io, the figures say n/a
 * and why; the disks are system-wide and still shown.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "draw.h"
#include "fmt.h"
#include "history.h"
#include "panels/panel.h"
#include "snapshot.h"
#include "util.h"

static int io_draw_figures(WINDOW *w, const struct snapshot *snap)
{
	const struct snap_io *io = &snap->io;
	char a[16], b[16], c[16];

	if (io->reason != NULL) {
		draw_text(w, 0, 0, -1, draw_attr(DC_WARN), "process IO: n/a (%s)", io->reason);
		return 1;
	}
	draw_text(w, 0, 0, -1, A_NORMAL, "read   %9s by calls  %9s from storage  %7s calls/s",
	          fmt_rate(a, sizeof a, io->rchar_per_s),
	          fmt_rate(b, sizeof b, io->read_bytes_per_s),
	          fmt_count(c, sizeof c, io->syscr_per_s));
	draw_text(w, 1, 0, -1, A_NORMAL, "write  %9s by calls  %9s to storage    %7s calls/s",
	          fmt_rate(a, sizeof a, io->wchar_per_s),
	          fmt_rate(b, sizeof b, io->write_bytes_per_s),
	          fmt_count(c, sizeof c, io->syscw_per_s));
	return 2;
}

/* A titled graph with its largest value as the scale. */
static void io_draw_graph(WINDOW *w, int y, int x, int h, int width, const char *title,
                          const struct ring *r, enum draw_color c)
{
	double vals[1024], max;
	size_t n;
	char smax[16];

	if (width < 4 || h < 2)
		return;
	if (width > 512)
		width = 512;
	n = draw_ring_tail(r, vals,
	                   draw_mode() == DRAW_BRAILLE ? (size_t)width * 2 : (size_t)width);
	max = draw_nice_max(draw_max(vals, n), 1024);
	draw_text(w, y, x, width, draw_attr(DC_TITLE), "%s", title);
	draw_text(w, y, x + width - 13, 13, draw_attr(DC_DIM), "scale %s",
	          isnan(max) ? "0" : fmt_rate(smax, sizeof smax, max));
	draw_graph_sweep(w, y + 1, x, h - 1, width, vals, n, r != NULL ? r->total - 1 : 0, max, c);
}

static double io_thread_bytes(const struct snap_thread *t)
{
	double b = 0;

	if (!isnan(t->io.rchar_per_s))
		b += t->io.rchar_per_s;
	if (!isnan(t->io.wchar_per_s))
		b += t->io.wchar_per_s;
	return b;
}

static int io_cmp_threads(const void *a, const void *b)
{
	double x = io_thread_bytes(*(const struct snap_thread *const *)a);
	double y = io_thread_bytes(*(const struct snap_thread *const *)b);

	return x < y ? 1 : x > y ? -1 : 0;
}

static const struct draw_col io_thread_cols[] = {
    {"TID", 7, 1},     {"COMMAND", 15, 0}, {"RCHAR/s", 8, 1}, {"WCHAR/s", 8, 1},
    {"SYSCR/s", 7, 1}, {"SYSCW/s", 7, 1},  {"READ/s", 8, 1},  {"WRITE/s", 8, 1},
};

static void io_draw_threads(WINDOW *w, int y, int rows, const struct view *v)
{
	const struct snapshot *snap = v->snap;
	const struct snap_thread **order;
	int n = (int)CTOP_ARRAY_LEN(io_thread_cols);

	if (rows < 2 || snap->nthreads <= 0)
		return;
	order = xcalloc((size_t)snap->nthreads, sizeof *order);
	for (int i = 0; i < snap->nthreads; i++)
		order[i] = &snap->threads[i];
	/* The busiest IO threads first, whatever their CPU. */
	qsort(order, (size_t)snap->nthreads, sizeof *order, io_cmp_threads);
	draw_fill(w, y, draw_attr(DC_HEADER));
	draw_row(w, y++, io_thread_cols, n, NULL, draw_attr(DC_HEADER));
	for (int i = 0; i < snap->nthreads && i < rows - 1; i++) {
		const struct snap_thread *t = order[i];
		char tid[16], comm[32], rc[16], wc[16], sr[16], sw[16], rb[16], wb[16];
		const char *cells[] = {tid, comm, rc, wc, sr, sw, rb, wb};
		attr_t a = A_NORMAL;

		snprintf(tid, sizeof tid, "%d", (int)t->tid);
		fmt_trunc_middle(comm, sizeof comm, t->comm, 15);
		fmt_rate(rc, sizeof rc, t->io.rchar_per_s);
		fmt_rate(wc, sizeof wc, t->io.wchar_per_s);
		fmt_count(sr, sizeof sr, t->io.syscr_per_s);
		fmt_count(sw, sizeof sw, t->io.syscw_per_s);
		fmt_rate(rb, sizeof rb, t->io.read_bytes_per_s);
		fmt_rate(wb, sizeof wb, t->io.write_bytes_per_s);
		if (t->tid == v->ui->focus_tid) {
			a = draw_attr(DC_SELECT);
			draw_fill(w, y, a);
		}
		draw_row(w, y++, io_thread_cols, n, cells, a);
	}
	free(order);
}

static const struct draw_col io_disk_cols[] = {
    {"DISK", 12, 0}, {"READ/s", 8, 1}, {"WRITE/s", 8, 1},
    {"R/s", 7, 1},   {"W/s", 7, 1},    {"BUSY%", 6, 1},
};

static void io_draw_disks(WINDOW *w, int y, int rows, const struct snapshot *snap)
{
	int n = (int)CTOP_ARRAY_LEN(io_disk_cols);

	if (rows < 1)
		return;
	if (snap->system.ndisks <= 0) {
		draw_text(w, y, 0, -1, draw_attr(DC_DIM), "disks: n/a (none found)");
		return;
	}
	/* Set apart from the process's rows: these are every process's. */
	if (rows >= 3) {
		draw_text(w, y++, 0, -1, draw_attr(DC_TITLE),
		          "Disks, system-wide (all processes, not only this one)");
		rows--;
	}
	draw_fill(w, y, draw_attr(DC_HEADER));
	draw_row(w, y++, io_disk_cols, n, NULL, draw_attr(DC_HEADER));
	for (int i = 0; i < snap->system.ndisks && i < rows - 1; i++) {
		const struct snap_disk *d = &snap->system.disks[i];
		char rb[16], wb[16], rs[16], ws[16], u[16];
		const char *cells[] = {d->name, rb, wb, rs, ws, u};

		fmt_rate(rb, sizeof rb, d->read_bytes_per_s);
		fmt_rate(wb, sizeof wb, d->write_bytes_per_s);
		fmt_count(rs, sizeof rs, d->reads_per_s);
		fmt_count(ws, sizeof ws, d->writes_per_s);
		fmt_pct(u, sizeof u, d->util_pct);
		draw_row(w, y++, io_disk_cols, n, cells, A_NORMAL);
	}
}

static void io_draw(void *st, WINDOW *w, const struct view *v)
{
	const struct snapshot *snap = v->snap;
	int h = getmaxy(w), width = getmaxx(w), y, gh, disk_rows, thread_rows;

	(void)st;
	y = io_draw_figures(w, snap) + 1;
	disk_rows = snap->system.ndisks > 0 ? snap->system.ndisks + 1 : 1;
	if (disk_rows > 5)
		disk_rows = 5;
	gh = (h - y - disk_rows) / 3;
	if (gh > 8)
		gh = 8;
	if (snap->io.reason == NULL && gh >= 3) {
		int half = width / 2;

		io_draw_graph(w, y, 0, gh, half - 1, "read by calls",
		              history_series(v->hist, HIST_RCHAR), DC_GRAPH);
		io_draw_graph(w, y, half + 1, gh, width - half - 1, "write by calls",
		              history_series(v->hist, HIST_WCHAR), DC_GRAPH3);
		y += gh + 1;
	}
	thread_rows = h - y - disk_rows - 1;
	if (snap->io.reason == NULL && thread_rows >= 2) {
		int shown = snap->nthreads + 1 < thread_rows ? snap->nthreads + 1 : thread_rows;

		io_draw_threads(w, y, shown, v);
		y += shown + 1;
	}
	io_draw_disks(w, y, h - y, snap);
}

const struct panel_class panel_io_class = {
    .name = "IO",
    .key = '3',
    .help = "read/write rates and history, threads by IO, disks\n"
	    "by calls (rchar/wchar): bytes through read/write-like syscalls, cache hits too.\n"
	    "storage (read_bytes/write_bytes): what the block layer really moved.\n"
	    "calls/s: read and write syscalls; many small calls cost CPU.\n"
	    "Disks: system-wide; BUSY% is time the device had IO in flight.",
    .draw = io_draw,
};
