/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lockmutex: a workload with known lock behaviour.  Four threads queue
 * on one global mutex (contended_lock), holding it for a little work in
 * hold_contended; a fifth thread takes another global mutex (quiet_lock)
 * alone; a sixth is parked in pthread_cond_wait for good, and main waits
 * in pthread_join.  Every second it prints the locked sections done per
 * second ("ops/s N") on stderr, so a bench can read the throughput.
 * Runs until killed, or for argv[1] seconds.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

pthread_mutex_t contended_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t quiet_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t park_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t park_cond = PTHREAD_COND_INITIALIZER;

void hold_contended(void);
void use_quiet(void);
void wait_for_work(void);

static volatile unsigned long shared_counter;
static volatile unsigned long ops;
static volatile int stop;

__attribute__((noinline)) static void spin(int n)
{
	for (volatile int i = 0; i < n; i++)
		;
}

__attribute__((noinline)) void hold_contended(void)
{
	pthread_mutex_lock(&contended_lock);
	shared_counter++;
	spin(2000);
	pthread_mutex_unlock(&contended_lock);
}

static void *contender(void *arg)
{
	(void)arg;
	while (!stop) {
		hold_contended();
		__atomic_add_fetch(&ops, 1, __ATOMIC_RELAXED);
		spin(500);
	}
	return NULL;
}

__attribute__((noinline)) void use_quiet(void)
{
	pthread_mutex_lock(&quiet_lock);
	spin(2000);
	pthread_mutex_unlock(&quiet_lock);
}

static void *loner(void *arg)
{
	(void)arg;
	while (!stop) {
		use_quiet();
		usleep(1000);
	}
	return NULL;
}

__attribute__((noinline)) void wait_for_work(void)
{
	pthread_mutex_lock(&park_lock);
	while (!stop)
		pthread_cond_wait(&park_cond, &park_lock);
	pthread_mutex_unlock(&park_lock);
}

static void *parked(void *arg)
{
	(void)arg;
	wait_for_work();
	return NULL;
}

static void *reporter(void *arg)
{
	long seconds = (long)arg;
	unsigned long last = 0;

	for (long s = 0; seconds <= 0 || s < seconds; s++) {
		sleep(1);
		fprintf(stderr, "ops/s %lu\n", ops - last);
		last = ops;
	}
	stop = 1;
	pthread_mutex_lock(&park_lock);
	pthread_cond_broadcast(&park_cond);
	pthread_mutex_unlock(&park_lock);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[7];
	long seconds = argc > 1 ? atol(argv[1]) : 0;

	setvbuf(stderr, NULL, _IOLBF, 0);
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, contender, NULL);
	pthread_create(&t[4], NULL, loner, NULL);
	pthread_create(&t[5], NULL, parked, NULL);
	pthread_create(&t[6], NULL, reporter, (void *)seconds);
	/* main parks in pthread_join until the run ends */
	pthread_join(t[6], NULL);
	for (int i = 0; i < 6; i++)
		pthread_join(t[i], NULL);
	return 0;
}
