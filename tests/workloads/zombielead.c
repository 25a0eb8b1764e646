/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zombielead: a live process whose main thread has called pthread_exit,
 * so its leader shows as a zombie (Z) while another thread keeps working.
 * Usage: zombielead SECONDS.  The worker spins a little and naps, and
 * ends the process after SECONDS.
 */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static volatile unsigned long sink;

static void *work(void *arg)
{
	time_t end = time(NULL) + (time_t)(long)arg;
	struct timespec nap = {0, 5000000};

	while (time(NULL) < end) {
		for (int i = 0; i < 1000000; i++)
			sink += (unsigned long)i;
		nanosleep(&nap, NULL);
	}
	exit(0);
}

int main(int argc, char **argv)
{
	pthread_t th;
	long secs = argc > 1 ? atol(argv[1]) : 60;

	pthread_create(&th, NULL, work, (void *)secs);
	pthread_exit(NULL);
}
