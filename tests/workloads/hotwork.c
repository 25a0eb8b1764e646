/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hotwork: workloads with a known place where their CPU goes, for the
 * hot-function tests of the harder cases.  Built -O2 without frame
 * pointers like the other workloads.  Usage: hotwork MODE [SECONDS]
 *   oncpu    thread "heavy" spins in spin_heavy, thread "light" (nice 5)
 *            in spin_light, the main thread ("sleeper") sleeps in 5 ms
 *            naps in nap_loop; pinned to one CPU, the spinners share it
 *            about 3:1 and each waits for it the rest of the time.
 *   syscall  writes 16-byte chunks to /dev/null from write_chunks: most
 *            of its CPU is in the kernel.
 *   vdso     calls clock_gettime in a loop from time_loop.
 *   deep     recurses 60 frames through deep_frame, then spins in
 *            deep_leaf.
 * It is not a benchmark.  SECONDS defaults to 60.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static volatile uint64_t hw_sink;
static double hw_end;

static double hw_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline __attribute__((always_inline)) uint64_t hw_unit(uint64_t x)
{
	for (int i = 0; i < 100000; i++)
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
	return x;
}

__attribute__((noinline)) void spin_heavy(void);
__attribute__((noinline)) void spin_light(void);
__attribute__((noinline)) void nap_loop(void);
__attribute__((noinline)) void write_chunks(int fd);
__attribute__((noinline)) uint64_t time_loop(void);
__attribute__((noinline)) uint64_t deep_leaf(uint64_t x);
__attribute__((noinline)) uint64_t deep_frame(int n, uint64_t x);

__attribute__((noinline)) void spin_heavy(void)
{
	uint64_t x = 1;

	while (hw_now() < hw_end)
		x = hw_unit(x);
	hw_sink = x;
}

__attribute__((noinline)) void spin_light(void)
{
	uint64_t x = 2;

	while (hw_now() < hw_end)
		x = hw_unit(x);
	hw_sink = x;
}

__attribute__((noinline)) void nap_loop(void)
{
	struct timespec ts = {0, 5000000};

	while (hw_now() < hw_end)
		nanosleep(&ts, NULL);
}

static void *hw_heavy(void *arg)
{
	(void)arg;
	pthread_setname_np(pthread_self(), "heavy");
	spin_heavy();
	return NULL;
}

static void *hw_light(void *arg)
{
	(void)arg;
	pthread_setname_np(pthread_self(), "light");
	/* A thread's own nice value (Linux: per thread). */
	setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 5);
	spin_light();
	return NULL;
}

__attribute__((noinline)) void write_chunks(int fd)
{
	static const char chunk[16] = "0123456789abcde";

	while (hw_now() < hw_end)
		for (int i = 0; i < 1000; i++)
			if (write(fd, chunk, sizeof chunk) < 0)
				return;
}

__attribute__((noinline)) uint64_t time_loop(void)
{
	struct timespec ts;
	uint64_t sum = 0;

	do {
		for (int i = 0; i < 1000; i++) {
			clock_gettime(CLOCK_MONOTONIC, &ts);
			sum += (uint64_t)ts.tv_nsec;
		}
	} while ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9 < hw_end);
	return sum;
}

__attribute__((noinline)) uint64_t deep_leaf(uint64_t x)
{
	while (hw_now() < hw_end)
		x = hw_unit(x);
	__asm__ volatile("" : "+r"(x));
	return x;
}

/* A frame with some locals, so the stack is deep in bytes too; the
 * result used after the call keeps it from being a tail call. */
__attribute__((noinline)) uint64_t deep_frame(int n, uint64_t x)
{
	volatile uint64_t pad[8];

	pad[n & 7] = x;
	x = n > 0 ? deep_frame(n - 1, x + 1) : deep_leaf(x);
	__asm__ volatile("" : "+r"(x));
	return x + pad[n & 7];
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	double secs = argc > 2 ? atof(argv[2]) : 60;

	hw_end = hw_now() + secs;
	if (strcmp(mode, "oncpu") == 0) {
		pthread_t a, b;

		pthread_setname_np(pthread_self(), "sleeper");
		pthread_create(&a, NULL, hw_heavy, NULL);
		pthread_create(&b, NULL, hw_light, NULL);
		nap_loop();
		pthread_join(a, NULL);
		pthread_join(b, NULL);
	} else if (strcmp(mode, "syscall") == 0) {
		int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);

		if (fd < 0)
			return 1;
		write_chunks(fd);
		close(fd);
	} else if (strcmp(mode, "vdso") == 0) {
		hw_sink = time_loop();
	} else if (strcmp(mode, "deep") == 0) {
		hw_sink = deep_frame(60, 1);
	} else {
		fprintf(stderr, "usage: hotwork oncpu|syscall|vdso|deep [SECONDS]\n");
		return 2;
	}
	return 0;
}
