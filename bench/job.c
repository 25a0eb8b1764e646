/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * job: a fixed CPU-bound job for bench/overhead.sh.  It waits a moment (so
 * a watcher can attach), then runs a fixed number of iterations through a
 * few frames (job_outer → job_mid → job_inner) on THREADS threads, and
 * prints the wall time of the compute part alone, in seconds.
 *
 * Usage: job [ITERATIONS_MILLIONS [THREADS [DELAY_S]]]
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static long job_iters;
static volatile unsigned long job_sink;

static double job_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

__attribute__((noinline)) static unsigned long job_inner(unsigned long x)
{
	for (int i = 0; i < 1000; i++)
		x = x * 6364136223846793005ul + 1442695040888963407ul;
	return x;
}

__attribute__((noinline)) static unsigned long job_mid(unsigned long x)
{
	for (int i = 0; i < 100; i++)
		x = job_inner(x) ^ (x >> 7);
	return x;
}

__attribute__((noinline)) static void *job_outer(void *arg)
{
	unsigned long x = (unsigned long)(size_t)arg;

	for (long i = 0; i < job_iters * 10; i++)
		x = job_mid(x);
	job_sink += x;
	return NULL;
}

int main(int argc, char **argv)
{
	long millions = argc > 1 ? atol(argv[1]) : 3000;
	int n = argc > 2 ? atoi(argv[2]) : 1;
	double delay = argc > 3 ? atof(argv[3]) : 0.5;
	pthread_t th[64];
	struct timespec d = {(time_t)delay, (long)((delay - (time_t)delay) * 1e9)};
	double t0;

	if (n < 1 || n > 64)
		n = 1;
	/* iterations of job_inner's loop, in millions, per thread */
	job_iters = millions / n;
	nanosleep(&d, NULL);
	t0 = job_now();
	for (int i = 1; i < n; i++)
		pthread_create(&th[i], NULL, job_outer, (void *)(size_t)i);
	job_outer((void *)(size_t)n);
	for (int i = 1; i < n; i++)
		pthread_join(th[i], NULL);
	printf("%.3f\n", job_now() - t0);
	return 0;
}
