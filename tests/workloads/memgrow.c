/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * memgrow: grows its anonymous RSS by 16 MiB/s: every 1/16 s it allocates
 * 1 MiB and writes every page of it, on an absolute CLOCK_MONOTONIC
 * schedule.  At 1 GiB it stops growing and holds what it has.
 * Usage: memgrow [SECONDS]   (0 or absent: forever).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define STEP (1024 * 1024)
#define STEPS_PER_S 16
#define CAP (1024L * 1024 * 1024)

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 0;
	long steps = seconds > 0 ? (long)(seconds * STEPS_PER_S) : -1;
	long held = 0;
	struct timespec next;

	clock_gettime(CLOCK_MONOTONIC, &next);
	for (long i = 0; steps < 0 || i < steps; i++) {
		if (held < CAP) {
			char *p = malloc(STEP);

			if (p == NULL)
				return 1;
			/* Touching the pages is what makes them resident. */
			memset(p, (int)(i & 0xff) | 1, STEP);
			held += STEP;
		}
		next.tv_nsec += 1000000000L / STEPS_PER_S;
		if (next.tv_nsec >= 1000000000L) {
			next.tv_nsec -= 1000000000L;
			next.tv_sec++;
		}
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR)
			;
	}
	return 0;
}
