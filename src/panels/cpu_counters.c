/* STUB: to be written by the counters work. */
#include "config.h"
#include <stdio.h>
#include "panels/cpu_counters.h"
int cpu_counters_draw(WINDOW *w, int y, int width, int max_rows, const struct view *v)
{
	(void)width; (void)max_rows; (void)v;
	mvwaddstr(w, y, 0, "Counters: n/a (not written yet)");
	return 1;
}
char *cpu_counters_thread_cells(char *buf, size_t size, const struct view *v, pid_t tid)
{
	(void)v; (void)tid;
	snprintf(buf, size, "IPC n/a");
	return buf;
}
