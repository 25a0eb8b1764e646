/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * memory: panel 2.  How much memory the process holds and whether it is
 * growing: the current resident set split into anon/file/shmem, swap and
 * virtual size, fault rates, the RSS growth slope, a graph of RSS over the
 * kept history and one line per part of it, and what the system has left.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>

#include "draw.h"
#include "fmt.h"
#include "history.h"
#include "panels/cpu_sched.h"
#include "panels/panel.h"
#include "snapshot.h"

static void memory_draw_figures(WINDOW *w, const struct snapshot *snap)
{
	const struct snap_process *p = &snap->process;
	const struct snap_memory *m = &snap->memory;
	char rss[16], anon[16], file[16], shm[16], swap[16], vsz[16];
	char minf[16], majf[16], grow[24], win[16], avail[16], total[16];
	int x;

	fmt_bytes(rss, sizeof rss, fmt_known(p->rss_bytes));
	fmt_bytes(anon, sizeof anon, fmt_known(p->rss_anon_bytes));
	fmt_bytes(file, sizeof file, fmt_known(p->rss_file_bytes));
	fmt_bytes(shm, sizeof shm, fmt_known(p->rss_shmem_bytes));
	fmt_bytes(swap, sizeof swap, fmt_known(p->swap_bytes));
	fmt_bytes(vsz, sizeof vsz, fmt_known(p->vsz_bytes));
	x = draw_text(w, 0, 0, -1, draw_attr(DC_TITLE), "RSS %s", rss);
	if (m->reason != NULL)
		draw_text(w, 0, x, -1, draw_attr(DC_WARN), " (%s)", m->reason);
	else
		draw_text(w, 0, x, -1, A_NORMAL, "   anon %s  file %s  shmem %s  swap %s  VSZ %s",
		          anon, file, shm, swap, vsz);

	fmt_count(minf, sizeof minf, p->minflt_per_s);
	fmt_count(majf, sizeof majf, p->majflt_per_s);
	draw_text(w, 1, 0, -1, A_NORMAL, "faults/s  minor %s  major %s", minf, majf);
	if (isnan(m->rss_growth_bytes_per_s)) {
		draw_text(w, 2, 0, -1, A_NORMAL, "growth n/a (needs 3 samples)");
	} else {
		fmt_rate(grow, sizeof grow, m->rss_growth_bytes_per_s);
		fmt_duration(win, sizeof win, m->growth_window_s);
		draw_text(w, 2, 0, -1,
		          m->rss_growth_bytes_per_s > 0 ? draw_attr(DC_WARN) : A_NORMAL,
		          "growth %s%s over the last %s", m->rss_growth_bytes_per_s > 0 ? "+" : "",
		          grow, win);
	}
	fmt_bytes(avail, sizeof avail, fmt_known(snap->system.mem_available_bytes));
	fmt_bytes(total, sizeof total, fmt_known(snap->system.mem_total_bytes));
	draw_text(w, 1, 40, -1, A_NORMAL, "system available %s of %s", avail, total);
}

/* One part of RSS: a one-row graph between its name and its value. */
static void memory_draw_part(WINDOW *w, int y, const char *name, const struct ring *r, double max,
                             uint64_t now, enum draw_color c)
{
	int width = getmaxx(w);
	char val[16];

	draw_text(w, y, 0, 6, draw_attr(c), "%s", name);
	draw_graph_ring(w, y, 6, 1, width - 16, r, max, c);
	draw_text(w, y, width - 9, -1, A_NORMAL, "%9s", fmt_bytes(val, sizeof val, fmt_known(now)));
}

static void memory_draw(void *st, WINDOW *w, const struct view *v)
{
	const struct snapshot *snap = v->snap;
	const struct ring *rss = history_series(v->hist, HIST_RSS);
	int h = getmaxy(w), width = getmaxx(w), gh, y = 4, cols = width - 10;
	double vals[1024], max, span, kept;
	size_t n;
	char smax[16], sspan[16], skept[16];

	(void)st;
	memory_draw_figures(w, snap);
	/* The cgroup's limit, when there is one, under the figures. */
	y += cpu_sched_cgroup_memory(w, 3, v);
	gh = h - y - 1 - 5;
	if (cols < 1)
		return;
	if (cols > 512)
		cols = 512;
	n = draw_ring_tail(rss, vals,
	                   draw_mode() == DRAW_BRAILLE ? (size_t)cols * 2 : (size_t)cols);
	max = draw_nice_max(draw_max(vals, n), 1024);
	span = draw_ring_span(rss, n);
	fmt_bytes(smax, sizeof smax, max);
	fmt_duration(sspan, sizeof sspan, span);
	/* How much history there is: the graph may show less than is kept
	 * (narrow screen) or all of it (early on, "of ... kept" says so). */
	kept = draw_ring_span(rss, rss != NULL ? rss->len : 0);
	fmt_duration(skept, sizeof skept, kept);
	draw_text(w, y - 1, 0, -1, draw_attr(DC_TITLE),
	          "RSS over the last %s (history: %s, %zu samples)", sspan, skept,
	          rss != NULL ? rss->len : (size_t)0);
	if (gh >= 2) {
		/* The scale on the left: the top is the largest RSS shown. */
		draw_text(w, y, 0, 9, draw_attr(DC_DIM), "%8s", smax);
		draw_text(w, y + gh - 1, 0, 9, draw_attr(DC_DIM), "%8s", "0");
		draw_graph_sweep(w, y, 10, gh, cols, vals, n, rss != NULL ? rss->total - 1 : 0, max,
		                 DC_GRAPH);
		y += gh + 1;
	}
	/* The parts share one scale, so their heights compare. */
	memory_draw_part(w, y++, "anon", history_series(v->hist, HIST_RSS_ANON), max,
	                 snap->process.rss_anon_bytes, DC_GRAPH2);
	memory_draw_part(w, y++, "file", history_series(v->hist, HIST_RSS_FILE), max,
	                 snap->process.rss_file_bytes, DC_GRAPH3);
	memory_draw_part(w, y++, "shmem", history_series(v->hist, HIST_RSS_SHMEM), max,
	                 snap->process.rss_shmem_bytes, DC_GRAPH4);
	memory_draw_part(w, y, "swap", history_series(v->hist, HIST_SWAP), max,
	                 snap->process.swap_bytes, DC_SYS);
}

const struct panel_class panel_memory_class = {
    .name = "Memory",
    .key = '2',
    .help = "RSS and its parts over time, faults, growth, system memory\n"
	    "RSS = resident memory: anon (heap, stacks), file (mapped files), shmem.\n"
	    "The graph scale is the largest RSS shown; the part lines share it.\n"
	    "growth: least-squares slope of RSS over the last window (+ means growing).\n"
	    "Major faults read from disk; a steady rate means memory pressure.\n"
	    "cgroup: the tightest memory limit of the target's cgroup and its ancestors,\n"
	    "the cgroup's usage and OOM kills, and pressure (PSI some avg10).",
    .draw = memory_draw,
};
