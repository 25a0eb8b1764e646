/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * threads: a multi-threaded workload for the sampler tests.  Four threads
 * alternate ~20 ms of spinning (in threads_spin, a known frame) with ~5 ms
 * of sleep; the main thread writes the total spin count to a file every
 * 50 ms so a test can see the process still makes progress.  It exits by
 * itself after a time limit so a failed test never leaves it behind.
 *
 * Usage: threads COUNTER_FILE [SECONDS]   (default 60 s)
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define THREADS_N 4

static atomic_ulong threads_count;
static volatile unsigned long threads_sink;

static double threads_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

__attribute__((noinline)) static unsigned long threads_spin(double until)
{
	unsigned long x = 0;

	while (threads_now() < until) {
		for (int i = 0; i < 10000; i++)
			x = x * 6364136223846793005ul + 1442695040888963407ul;
		atomic_fetch_add(&threads_count, 1);
	}
	return x;
}

static void *threads_main(void *arg)
{
	struct timespec nap = {0, 5000000};

	(void)arg;
	for (;;) {
		threads_sink += threads_spin(threads_now() + 0.02);
		nanosleep(&nap, NULL);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t th[THREADS_N];
	double end;
	struct timespec tick = {0, 50000000};
	char tmp[4096];

	if (argc < 2) {
		fprintf(stderr, "usage: threads COUNTER_FILE [SECONDS]\n");
		return 2;
	}
	end = threads_now() + (argc > 2 ? atof(argv[2]) : 60);
	for (int i = 0; i < THREADS_N; i++)
		pthread_create(&th[i], NULL, threads_main, NULL);
	snprintf(tmp, sizeof tmp, "%s.tmp", argv[1]);
	while (threads_now() < end) {
		/* Written aside and renamed: a reader never sees it half done. */
		FILE *f = fopen(tmp, "w");
		if (f != NULL) {
			fprintf(f, "%lu\n", (unsigned long)atomic_load(&threads_count));
			if (fclose(f) == 0)
				rename(tmp, argv[1]);
		}
		nanosleep(&tick, NULL);
	}
	return 0;
}
