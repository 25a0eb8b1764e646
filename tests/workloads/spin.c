/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spin: a workload with exactly one busy thread.  The main thread starts a
 * thread named "spinner" that burns CPU in user space, then sleeps; so
 * the process has two threads, one at ~100% of a core and one idle.
 * Usage: spin [SECONDS]   (0 or absent: forever).  Exits 0.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static volatile unsigned long spin_sink;

/* Kept out of line so that stack samplers see a named frame. */
static __attribute__((noinline)) unsigned long spin_work(unsigned long x)
{
	for (int i = 0; i < 100000; i++)
		x = x * 6364136223846793005ul + 1442695040888963407ul;
	return x;
}

static void *spin_thread(void *arg)
{
	unsigned long x = 1;

	(void)arg;
	for (;;) {
		x = spin_work(x);
		spin_sink = x;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 0;
	pthread_t t;
	struct timespec ts;

	if (pthread_create(&t, NULL, spin_thread, NULL) != 0)
		return 1;
	pthread_setname_np(t, "spinner");
	if (seconds <= 0)
		for (;;)
			pause();
	ts.tv_sec = (time_t)seconds;
	ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) != 0)
		;
	return 0;
}
