/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inplace: the "py-spy-style" baseline for bench/overhead.sh.  It samples
 * every thread of PID at HZ the way in-place ptrace profilers do: seize,
 * interrupt a thread, unwind it with libunwind-ptrace while it is stopped
 * (every memory read a PTRACE_PEEKDATA), then let it go.  ctop's ptrace
 * back end copies and lets go before unwinding; this shows what that
 * saves.  Prints the average time a thread was held when PID exits.
 *
 * Usage: inplace PID [HZ]
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libunwind-ptrace.h>

static double inplace_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	pid_t pid, tids[256];
	int n = 0;
	double hz, held = 0;
	long samples = 0, frames = 0;
	char path[64];
	DIR *d;
	struct dirent *e;
	unw_addr_space_t as;

	if (argc < 2) {
		fprintf(stderr, "usage: inplace PID [HZ]\n");
		return 2;
	}
	pid = atoi(argv[1]);
	hz = argc > 2 ? atof(argv[2]) : 99;
	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	d = opendir(path);
	if (d == NULL)
		return 1;
	while ((e = readdir(d)) != NULL && n < 256)
		if (atoi(e->d_name) > 0 && ptrace(PTRACE_SEIZE, atoi(e->d_name), 0, 0) == 0)
			tids[n++] = atoi(e->d_name);
	closedir(d);
	as = unw_create_addr_space(&_UPT_accessors, 0);
	unw_set_caching_policy(as, UNW_CACHE_GLOBAL);
	while (kill(pid, 0) == 0) {
		struct timespec tick = {0, (long)(1e9 / hz)};
		for (int i = 0; i < n; i++) {
			int st;
			double t0 = inplace_now();
			void *upt;
			unw_cursor_t c;
			if (ptrace(PTRACE_INTERRUPT, tids[i], 0, 0) < 0 ||
			    waitpid(tids[i], &st, __WALL) != tids[i] || !WIFSTOPPED(st))
				continue;
			upt = _UPT_create(tids[i]);
			if (unw_init_remote(&c, as, upt) == 0)
				do
					frames++;
				while (unw_step(&c) > 0 && frames < 1000000000);
			_UPT_destroy(upt);
			/* A signal-delivery stop gets its signal back. */
			ptrace(PTRACE_CONT, tids[i], 0,
			       (st >> 16) ? 0 : (void *)(long)WSTOPSIG(st));
			held += inplace_now() - t0;
			samples++;
		}
		nanosleep(&tick, NULL);
	}
	fprintf(stderr, "inplace: %ld samples, %.1f frames/sample, held %.1f us/sample\n", samples,
	        samples ? (double)frames / samples : 0, samples ? held / samples * 1e6 : 0);
	return 0;
}
