/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pool: a thread pool with most threads idle: THREADS threads of which
 * BUSY compute in work_unit and the rest park on a condition variable
 * that is never signalled.  Prints "ops/s N" (work units done by all
 * busy threads) to stderr once a second, for the benchmarks.
 * Usage: pool [THREADS [BUSY [SECONDS]]]   (defaults 200, 4, forever).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pool_cond = PTHREAD_COND_INITIALIZER;
static unsigned long pool_ops;
static volatile unsigned long pool_sink;

static __attribute__((noinline)) unsigned long work_unit(unsigned long x)
{
	for (int i = 0; i < 20000; i++)
		x = x * 6364136223846793005ul + 1442695040888963407ul;
	return x;
}

static void *pool_busy(void *arg)
{
	unsigned long x = (unsigned long)arg;

	for (;;) {
		pool_sink = x = work_unit(x);
		__atomic_add_fetch(&pool_ops, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

static void *pool_idle(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&pool_lock);
	for (;;)
		pthread_cond_wait(&pool_cond, &pool_lock);
	return NULL;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 200, busy = argc > 2 ? atoi(argv[2]) : 4;
	double seconds = argc > 3 ? atof(argv[3]) : 0;
	unsigned long last = 0;

	for (int i = 0; i < n; i++) {
		pthread_t t;

		if (pthread_create(&t, NULL, i < busy ? pool_busy : pool_idle,
		                   (void *)(unsigned long)(i + 1)) != 0)
			return 1;
	}
	for (long s = 0; seconds <= 0 || s < (long)seconds; s++) {
		unsigned long now;

		sleep(1);
		now = __atomic_load_n(&pool_ops, __ATOMIC_RELAXED);
		fprintf(stderr, "ops/s %lu\n", now - last);
		last = now;
	}
	return 0;
}
