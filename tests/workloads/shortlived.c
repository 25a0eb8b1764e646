// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * shortlived: CPU spent only in short-lived threads.  The main thread starts
 * RATE threads per second (in batches every 10 ms); each burns BUSY_US
 * microseconds of its own CPU time in user space and ends, so every
 * thread lives far less than a second and nearly all the process's CPU
 * time is in threads no once-a-tick scan ever lists.  At most 64 run at
 * once (a starved machine does not pile them up).  The main thread
 * itself sleeps.  Exits after SECONDS (0: never).
 *
 * Usage: shortlived [RATE] [BUSY_US] [SECONDS]   (defaults 2500 400 0)
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static atomic_int sl_alive;
static long sl_busy_ns;
static volatile unsigned long sl_sink;

static long sl_thread_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static __attribute__((noinline)) void sl_burn(void)
{
	long end = sl_thread_ns() + sl_busy_ns;

	while (sl_thread_ns() < end)
		for (int i = 0; i < 1000; i++)
			sl_sink = sl_sink * 6364136223846793005ul + 1;
}

static void *sl_brief(void *arg)
{
	(void)arg;
	sl_burn();
	atomic_fetch_sub(&sl_alive, 1);
	return NULL;
}

int main(int argc, char **argv)
{
	long rate = argc > 1 ? atol(argv[1]) : 2500;
	long busy_us = argc > 2 ? atol(argv[2]) : 400;
	double seconds = argc > 3 ? atof(argv[3]) : 0;
	struct timespec tick = {0, 10 * 1000 * 1000}, start, now;
	pthread_attr_t attr;
	double carry = 0;

	sl_busy_ns = busy_us * 1000;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (seconds > 0 && (double)(now.tv_sec - start.tv_sec) +
		                           (double)(now.tv_nsec - start.tv_nsec) / 1e9 >=
		                       seconds)
			return 0;
		carry += (double)rate / 100.0;
		for (; carry >= 1; carry -= 1) {
			pthread_t t;

			if (atomic_load(&sl_alive) >= 64)
				continue;
			atomic_fetch_add(&sl_alive, 1);
			if (pthread_create(&t, &attr, sl_brief, NULL) != 0)
				atomic_fetch_sub(&sl_alive, 1);
		}
		nanosleep(&tick, NULL);
	}
}
