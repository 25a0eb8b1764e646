/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cpu_sched: scheduling and cgroup rows of the CPU (and Memory) panels
 * and the CPU history graph (see cpu_sched.h).  It only draws.
 */
#include "config.h"

#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include "draw.h"
#include "fmt.h"
#include "history.h"
#include "panels/cpu_sched.h"
#include "snapshot.h"
#include "util.h"

static const char *cpu_sched_policy(int policy)
{
	switch (policy) {
	case SCHED_OTHER:
		return "other";
	case SCHED_BATCH:
		return "batch";
	case SCHED_IDLE:
		return "idle";
	case SCHED_FIFO:
		return "fifo";
	case SCHED_RR:
		return "rr";
	case 6:
		return "dline";
	default:
		return "n/a";
	}
}

void cpu_sched_thread_cells(const struct snap_thread *t, char *rq, char *mig, char *ni, char *pol,
                            char *cpus, size_t size)
{
	fmt_pct(rq, size, t->runq_wait_pct);
	fmt_count(mig, size, t->migrations_per_s);
	if (t->policy >= 0)
		snprintf(ni, size, "%d", t->nice);
	else
		snprintf(ni, size, "n/a");
	snprintf(pol, size, "%s", cpu_sched_policy(t->policy));
	fmt_trunc_middle(cpus, size, t->cpus_allowed[0] != '\0' ? t->cpus_allowed : "all", 7);
}

static void cpu_sched_psi(char *buf, size_t size, const struct snap_cgroup *g)
{
	char c[16], m[16], i[16];

	buf[0] = '\0';
	if (g->psi_scope == NULL)
		return;
	snprintf(buf, size, "  pressure (%s) cpu %s mem %s io %s", g->psi_scope,
	         fmt_pct(c, sizeof c, g->psi_cpu.some_avg10),
	         fmt_pct(m, sizeof m, g->psi_memory.some_avg10),
	         fmt_pct(i, sizeof i, g->psi_io.some_avg10));
}

int cpu_sched_draw(WINDOW *w, int y, int max_rows, const struct view *v)
{
	const struct snapshot *snap = v->snap;
	const struct snap_process *p = &snap->process;
	const struct snap_cgroup *g = &snap->cgroup;
	char a[16], b[16], c[16], d[16], psi[96];
	int y0 = y;

	if (max_rows < 1)
		return 0;
	fmt_pct(a, sizeof a, p->runq_wait_pct);
	fmt_fig(b, sizeof b, "%.0f", p->runq_wait_ms_per_s);
	fmt_pct(c, sizeof c, p->runq_wait_share_pct);
	fmt_count(d, sizeof d, p->migrations_per_s);
	draw_text(w, y++, 0, -1, A_NORMAL,
	          "run-queue wait %s (%s ms/s, %s of the time it wanted a CPU)   migrations %s/s"
	          "   CPUs %s",
	          a, b, c, d, p->cpus_allowed[0] != '\0' ? p->cpus_allowed : "all");
	cpu_sched_psi(psi, sizeof psi, g);
	if (y - y0 < max_rows) {
		if (g->version == 0)
			draw_text(w, y++, 0, -1, draw_attr(DC_DIM), "cgroup: n/a (%s)%s",
			          g->reason != NULL ? g->reason : "unknown", psi);
		else if (!isnan(g->cpu_max))
			draw_text(w, y++, 0, -1, A_NORMAL,
			          "cgroup v%d %s: cpu max %.2f CPUs (%s)  throttled %s of periods, "
			          "%s ms/s%s",
			          g->version, g->path, g->cpu_max, g->cpu_max_path,
			          fmt_pct(a, sizeof a, g->throttled_pct),
			          fmt_fig(b, sizeof b, "%.0f", g->throttled_ms_per_s), psi);
		else
			draw_text(w, y++, 0, -1, draw_attr(DC_DIM), "cgroup v%d %s: no CPU limit%s",
			          g->version, g->path, psi);
	}
	for (int i = 0; i < snap->sched.nhints && y - y0 < max_rows; i++)
		draw_text(w, y++, 0, -1, draw_attr(DC_WARN), "hint: %s", snap->sched.hints[i]);
	return y - y0;
}

int cpu_sched_graph(WINDOW *w, int y, int height, const struct view *v)
{
	const struct ring *cpu = history_series(v->hist, HIST_CPU_PCT);
	const struct ring *sys = history_series(v->hist, HIST_SYS_PCT);
	int width = getmaxx(w) - 10, ncpus = v->snap->system.ncpus > 0 ? v->snap->system.ncpus : 1;
	double vals[1024], max;
	size_t n;
	char smax[16], sspan[16];

	if (height < 3 || width < 10 || cpu == NULL)
		return 0;
	if (width > 512)
		width = 512;
	n = draw_ring_tail(cpu, vals,
	                   draw_mode() == DRAW_BRAILLE ? (size_t)width * 2 : (size_t)width);
	/* The scale: the busiest interval shown, rounded up, at most all cores. */
	max = draw_nice_max(draw_max(vals, n), 10);
	if (max > 100.0 * ncpus || isnan(max))
		max = 100.0 * ncpus;
	fmt_duration(sspan, sizeof sspan, draw_ring_span(cpu, n));
	draw_text(w, y, 0, -1, draw_attr(DC_TITLE),
	          "process CPU over the last %s (user green, system red; %zu samples)", sspan, n);
	snprintf(smax, sizeof smax, "%.0f%%", max);
	draw_text(w, y + 1, 0, 9, draw_attr(DC_DIM), "%8s", smax);
	draw_text(w, y + height - 1, 0, 9, draw_attr(DC_DIM), "%8s", "0%");
	draw_graph(w, y + 1, 10, height - 1, width, vals, n, max, DC_USER);
	/* System time drawn over the bottom of the same columns: stacked. */
	n = draw_ring_tail(sys, vals,
	                   draw_mode() == DRAW_BRAILLE ? (size_t)width * 2 : (size_t)width);
	draw_graph(w, y + 1, 10, height - 1, width, vals, n, max, DC_SYS);
	return height;
}

int cpu_sched_cgroup_memory(WINDOW *w, int y, const struct view *v)
{
	const struct snap_cgroup *g = &v->snap->cgroup;
	char a[16], b[16], c[16], psi[96];

	if (g->version == 0 || g->memory_max_bytes == SNAP_UNKNOWN)
		return 0;
	cpu_sched_psi(psi, sizeof psi, g);
	draw_text(w, y, 0, -1, A_NORMAL, "cgroup v%d memory %s of max %s  OOM kills %s%s",
	          g->version, fmt_bytes(a, sizeof a, fmt_known(g->memory_current_bytes)),
	          fmt_bytes(b, sizeof b, (double)g->memory_max_bytes),
	          g->oom_kills == SNAP_UNKNOWN ? "n/a"
	                                       : fmt_count(c, sizeof c, (double)g->oom_kills),
	          psi);
	return 1;
}
