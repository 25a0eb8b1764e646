/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cpu_counters: the hardware-counter rows of the CPU panel (IPC, cache and
 * branch miss rates, hints, user events), drawn from snap->counters.
 *
 * The CPU panel (panels/cpu.c) calls these; they only draw.
 */
#ifndef CTOP_CPU_COUNTERS_H
#define CTOP_CPU_COUNTERS_H

#include <curses.h>
#include <sys/types.h>

#include "view.h"

/* Draws the process's counter rows at row y, at most max_rows rows and
 * width columns; returns the rows used (1 when counters are n/a). */
int cpu_counters_draw(WINDOW *w, int y, int width, int max_rows, const struct view *v);

/* Writes the counter columns of one thread (e.g. " IPC 1.23  miss 4.5%")
 * into buf, n/a when unknown; returns buf.  Used in the thread table. */
char *cpu_counters_thread_cells(char *buf, size_t size, const struct view *v, pid_t tid);

/* The heading of those columns, as wide as the cells. */
extern const char cpu_counters_thread_header[];

#endif
