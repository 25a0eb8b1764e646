/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pinned: N busy threads (default 2) named "busy1".."busyN" and an idle
 * main thread.  Run under taskset on one CPU, the busy threads take turns
 * on it, so each waits in the run queue about half the time; run in a
 * cgroup with a CPU quota, it is throttled.
 * Usage: pinned [THREADS [SECONDS]]   (SECONDS 0 or absent: forever).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static volatile unsigned long pinned_sink;

static __attribute__((noinline)) unsigned long pinned_work(unsigned long x)
{
	for (int i = 0; i < 100000; i++)
		x = x * 6364136223846793005ul + 1442695040888963407ul;
	return x;
}

static void *pinned_thread(void *arg)
{
	unsigned long x = (unsigned long)arg;

	for (;;)
		pinned_sink = x = pinned_work(x);
	return NULL;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 2;
	double seconds = argc > 2 ? atof(argv[2]) : 0;

	for (int i = 0; i < n; i++) {
		pthread_t t;
		char name[16];

		if (pthread_create(&t, NULL, pinned_thread, (void *)(unsigned long)(i + 1)) != 0)
			return 1;
		snprintf(name, sizeof name, "busy%d", i + 1);
		pthread_setname_np(t, name);
	}
	if (seconds <= 0)
		for (;;)
			pause();
	usleep((useconds_t)(seconds * 1e6));
	return 0;
}
