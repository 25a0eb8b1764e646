/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * offcpu: three threads that spend their time in three different ways:
 * "sleeper" sleeps in nanosleep called from sleep_here, "reader" blocks
 * in read on a pipe, called from read_here, that the main thread writes
 * a byte to every 200 ms, and "busy" burns CPU in busy_here.  In wall-clock mode each is a third of
 * the time.  Usage: offcpu [SECONDS]   (0 or absent: forever).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static int offcpu_pipe[2];
static volatile unsigned long offcpu_sink;

static __attribute__((noinline)) void sleep_here(void)
{
	struct timespec ts = {0, 50000000};

	nanosleep(&ts, NULL);
	__asm__ volatile("" ::: "memory");
}

static __attribute__((noinline)) void read_here(void)
{
	char c;

	if (read(offcpu_pipe[0], &c, 1) < 0)
		sleep_here();
	__asm__ volatile("" ::: "memory");
}

static __attribute__((noinline)) unsigned long busy_here(unsigned long x)
{
	for (int i = 0; i < 100000; i++)
		x = x * 6364136223846793005ul + 1442695040888963407ul;
	return x;
}

static void *sleeper(void *arg)
{
	(void)arg;
	for (;;)
		sleep_here();
	return NULL;
}

static void *reader(void *arg)
{
	(void)arg;
	for (;;)
		read_here();
	return NULL;
}

static void *busy(void *arg)
{
	unsigned long x = 1;

	(void)arg;
	for (;;)
		offcpu_sink = x = busy_here(x);
	return NULL;
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 0;
	pthread_t t[3];
	void *(*fn[3])(void *) = {sleeper, reader, busy};
	const char *names[3] = {"sleeper", "reader", "busy"};

	if (pipe(offcpu_pipe) < 0)
		return 1;
	for (int i = 0; i < 3; i++) {
		if (pthread_create(&t[i], NULL, fn[i], NULL) != 0)
			return 1;
		pthread_setname_np(t[i], names[i]);
	}
	/* The main thread is the pipe's other end until the end. */
	for (long i = 0; seconds <= 0 || i < (long)(seconds * 5); i++) {
		if (write(offcpu_pipe[1], "x", 1) < 0)
			return 1;
		usleep(200000);
	}
	return 0;
}
