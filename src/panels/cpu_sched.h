/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cpu_sched: the scheduling parts of the CPU panel: the run-queue wait,
 * migration and cgroup lines with their hints, the graph of the
 * process's CPU over the history, and the scheduling cells of a thread
 * row.  Drawn from the snapshot and the history; the CPU panel
 * (panels/cpu.c) calls these.  The Memory panel uses the cgroup memory line.
 */
#ifndef CTOP_CPU_SCHED_H
#define CTOP_CPU_SCHED_H

#include <curses.h>

#include "view.h"

struct snap_thread;

/* Run-queue wait, cgroup CPU limit and throttling, hints from row y, at
 * most max_rows rows; returns the rows used. */
int cpu_sched_draw(WINDOW *w, int y, int max_rows, const struct view *v);

/* The process's CPU (user and system) over the kept history in
 * (y, height); a title row first.  Returns the rows used. */
int cpu_sched_graph(WINDOW *w, int y, int height, const struct view *v);

/* The cgroup's memory limit, usage, OOM kills and pressure on row y;
 * returns 1, or 0 when the target's cgroup has no limit to tell. */
int cpu_sched_cgroup_memory(WINDOW *w, int y, const struct view *v);

/* Cells of a thread row: run-queue wait, migrations, nice, policy,
 * allowed CPUs. */
void cpu_sched_thread_cells(const struct snap_thread *t, char *rq, char *mig, char *ni, char *pol,
                            char *cpus, size_t size);

#endif
