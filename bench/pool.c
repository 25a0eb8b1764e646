/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pool: a thread pool for the benches: THREADS threads of which BUSY run
 * a fixed unit of work in a loop (three frames deep, no frame pointers
 * when built -O2 -fomit-frame-pointer) and the rest are parked in
 * pthread_cond_wait for good, like the idle workers of a server.  Every
 * second it prints the units done in that second ("ops/s N") on stderr,
 * so a bench can read the throughput a watcher costs, and at the end the
 * units per CPU-second it used after the first two seconds ("ops/cpu-s
 * N"): what a watcher costs the work itself, whatever the machine's load
 * takes from its wall time.  It exits by itself
 * after SECONDS, so a failed bench never leaves it behind.  Not a test
 * workload: nothing in make check runs it.
 *
 * Usage: pool THREADS BUSY SECONDS
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static atomic_ulong pool_units;
static pthread_mutex_t pool_park_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pool_park_cond = PTHREAD_COND_INITIALIZER;
static volatile unsigned long pool_sink;

__attribute__((noinline)) static unsigned long pool_inner(unsigned long x)
{
	for (int i = 0; i < 1000; i++)
		x = x * 6364136223846793005ul + 1442695040888963407ul;
	return x;
}

__attribute__((noinline)) static unsigned long pool_unit(unsigned long x)
{
	for (int i = 0; i < 100; i++)
		x = pool_inner(x) ^ (x >> 7);
	return x;
}

__attribute__((noinline)) static void *pool_busy(void *arg)
{
	unsigned long x = (unsigned long)(size_t)arg;

	for (;;) {
		x = pool_unit(x);
		atomic_fetch_add_explicit(&pool_units, 1, memory_order_relaxed);
		pool_sink = x;
	}
	return NULL;
}

__attribute__((noinline)) static void *pool_parked(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&pool_park_lock);
	for (;;)
		pthread_cond_wait(&pool_park_cond, &pool_park_lock);
	return NULL;
}

/* CPU seconds of the whole process so far. */
static double pool_cpu(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 200;
	int busy = argc > 2 ? atoi(argv[2]) : 4;
	int secs = argc > 3 ? atoi(argv[3]) : 60;
	pthread_attr_t a;
	pthread_t t;
	unsigned long last = 0, u0 = 0;
	double c0 = 0;

	if (n < 1)
		n = 1;
	if (busy > n - 1)
		busy = n - 1;
	pthread_attr_init(&a);
	/* Small stacks, so 2,000 threads fit anywhere. */
	pthread_attr_setstacksize(&a, 128 * 1024);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	for (int i = 0; i < n - 1; i++)
		if (pthread_create(&t, &a, i < busy ? pool_busy : pool_parked,
		                   (void *)(size_t)(i + 1)) != 0) {
			perror("pool: pthread_create");
			return 1;
		}
	for (int s = 0; s < secs; s++) {
		unsigned long now;

		sleep(1);
		now = atomic_load(&pool_units);
		fprintf(stderr, "ops/s %lu\n", now - last);
		last = now;
		if (s == 1) {
			u0 = now;
			c0 = pool_cpu();
		}
	}
	if (secs > 2)
		fprintf(stderr, "ops/cpu-s %.1f\n", (double)(last - u0) / (pool_cpu() - c0));
	return 0;
}
