/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * manythreads: a large target for the prompt-quit and soak tests.  N
 * threads (default 2000) of which B (default 4) spin and the rest wake
 * every 50 ms; with a churn rate C > 0 the main thread also starts and
 * ends C short-lived threads per second (each lives ~1 ms).  Once every
 * thread is running it writes "ready N" to READY_FILE, so a test waits
 * for that line, not for a time.  It exits by itself after SECONDS.
 *
 * Usage: manythreads READY_FILE [N] [B] [SECONDS] [C]
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static atomic_int mt_started;
static volatile unsigned long mt_sink;

static void *mt_spin(void *arg)
{
	(void)arg;
	atomic_fetch_add(&mt_started, 1);
	for (;;)
		for (unsigned long i = 0; i < 1000000; i++)
			mt_sink += i;
	return NULL;
}

static void *mt_nap(void *arg)
{
	struct timespec ts = {0, 50 * 1000 * 1000};

	(void)arg;
	atomic_fetch_add(&mt_started, 1);
	for (;;)
		nanosleep(&ts, NULL);
	return NULL;
}

static void *mt_brief(void *arg)
{
	struct timespec ts = {0, 1000 * 1000};

	(void)arg;
	for (unsigned long i = 0; i < 100000; i++)
		mt_sink += i;
	nanosleep(&ts, NULL);
	return NULL;
}

int main(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[2]) : 2000;
	int busy = argc > 3 ? atoi(argv[3]) : 4;
	int seconds = argc > 4 ? atoi(argv[4]) : 120;
	int churn = argc > 5 ? atoi(argv[5]) : 0;
	pthread_attr_t attr;
	time_t end = time(NULL) + seconds;
	FILE *f;

	if (argc < 2) {
		fprintf(stderr, "usage: manythreads READY_FILE [N] [B] [SECONDS] [CHURN]\n");
		return 2;
	}
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	for (int i = 0; i < n; i++) {
		pthread_t t;

		if (pthread_create(&t, &attr, i < busy ? mt_spin : mt_nap, NULL) != 0) {
			perror("pthread_create");
			return 1;
		}
	}
	while (atomic_load(&mt_started) < n)
		usleep(1000);
	f = fopen(argv[1], "w");
	if (f == NULL) {
		perror(argv[1]);
		return 1;
	}
	fprintf(f, "ready %d\n", n);
	fclose(f);
	while (time(NULL) < end) {
		if (churn <= 0) {
			sleep(1);
			continue;
		}
		for (int i = 0; i < churn / 10; i++) {
			pthread_t t;

			pthread_create(&t, &attr, mt_brief, NULL);
		}
		usleep(100 * 1000);
	}
	return 0;
}
