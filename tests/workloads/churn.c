/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * churn: thread churn for the soak tests.  The main thread starts RATE
 * short-lived threads per second (in batches every 10 ms), each spinning
 * ~0.2 ms in churn_work and taking a mutex, and joins them; two more
 * threads alternate ~10 ms of spinning with ~5 ms of sleep, so samplers
 * always have something on the CPU.  The number of threads that ended is
 * written to COUNTER_FILE every 50 ms (aside and renamed), so a test sees
 * the process still makes progress: a churn thread left stopped blocks
 * the join and the count stops.  It exits by itself after SECONDS.
 *
 * Usage: churn COUNTER_FILE [SECONDS] [RATE]   (defaults 60 s, 300/s)
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define CHURN_SPINNERS 2
#define CHURN_BATCH_MAX 64

static atomic_ulong churn_ended;
static pthread_mutex_t churn_lock = PTHREAD_MUTEX_INITIALIZER;
static volatile unsigned long churn_sink;

static double churn_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

__attribute__((noinline)) static unsigned long churn_work(double until)
{
	unsigned long x = 0;

	while (churn_now() < until)
		for (int i = 0; i < 1000; i++)
			x = x * 6364136223846793005ul + 1442695040888963407ul;
	return x;
}

static void *churn_brief(void *arg)
{
	unsigned long x = churn_work(churn_now() + 0.0002);

	(void)arg;
	pthread_mutex_lock(&churn_lock);
	churn_sink += x;
	pthread_mutex_unlock(&churn_lock);
	atomic_fetch_add(&churn_ended, 1);
	return NULL;
}

static void *churn_spinner(void *arg)
{
	struct timespec nap = {0, 5000000};

	(void)arg;
	for (;;) {
		unsigned long x = churn_work(churn_now() + 0.01);

		pthread_mutex_lock(&churn_lock);
		churn_sink += x;
		pthread_mutex_unlock(&churn_lock);
		nanosleep(&nap, NULL);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t spin[CHURN_SPINNERS], batch[CHURN_BATCH_MAX];
	pthread_attr_t attr;
	double end, next_write = 0, carry = 0;
	int rate;
	char tmp[4096];

	if (argc < 2) {
		fprintf(stderr, "usage: churn COUNTER_FILE [SECONDS] [RATE]\n");
		return 2;
	}
	end = churn_now() + (argc > 2 ? atof(argv[2]) : 60);
	rate = argc > 3 ? atoi(argv[3]) : 300;
	snprintf(tmp, sizeof tmp, "%s.tmp", argv[1]);
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	for (int i = 0; i < CHURN_SPINNERS; i++)
		pthread_create(&spin[i], NULL, churn_spinner, NULL);
	while (churn_now() < end) {
		struct timespec tick = {0, 10000000};
		int n;

		/* RATE per second in batches of RATE/100, the fraction
		 * carried to the next batch. */
		carry += rate / 100.0;
		n = (int)carry;
		carry -= n;
		if (n > CHURN_BATCH_MAX)
			n = CHURN_BATCH_MAX;
		for (int i = 0; i < n; i++)
			if (pthread_create(&batch[i], &attr, churn_brief, NULL) != 0)
				n = i;
		for (int i = 0; i < n; i++)
			pthread_join(batch[i], NULL);
		if (churn_now() >= next_write) {
			/* Written aside and renamed: a reader never sees it
			 * half done. */
			FILE *f = fopen(tmp, "w");

			if (f != NULL) {
				fprintf(f, "%lu\n", (unsigned long)atomic_load(&churn_ended));
				if (fclose(f) == 0)
					rename(tmp, argv[1]);
			}
			next_write = churn_now() + 0.05;
		}
		nanosleep(&tick, NULL);
	}
	return 0;
}
