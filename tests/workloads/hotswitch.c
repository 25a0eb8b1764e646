/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hotswitch: a workload whose hot function changes on a signal, for the
 * differential flame view.  One thread runs main -> work -> alpha until
 * SIGUSR1 arrives, then main -> work -> beta; each SIGUSR1 switches again.
 * Built -O2 without frame pointers like the other workloads.
 *
 * It is not a benchmark.  Usage: hotswitch [SECONDS] (default: until
 * killed).
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static volatile uint64_t hotswitch_sink;
static volatile sig_atomic_t hotswitch_beta;

#define HOTSWITCH_UNIT 200000

static inline __attribute__((always_inline)) uint64_t hotswitch_unit(uint64_t x)
{
	for (int i = 0; i < HOTSWITCH_UNIT; i++)
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
	return x;
}

__attribute__((noinline)) uint64_t alpha(uint64_t x);
__attribute__((noinline)) uint64_t beta(uint64_t x);
__attribute__((noinline)) uint64_t work(uint64_t x);

__attribute__((noinline)) uint64_t alpha(uint64_t x)
{
	x = hotswitch_unit(x);
	__asm__ volatile("" : "+r"(x));
	return x;
}

__attribute__((noinline)) uint64_t beta(uint64_t x)
{
	x = hotswitch_unit(x ^ 0x5555);
	__asm__ volatile("" : "+r"(x));
	return x;
}

__attribute__((noinline)) uint64_t work(uint64_t x)
{
	uint64_t r = hotswitch_beta ? beta(x) : alpha(x);

	/* Used after the call, so the call is not a tail call. */
	hotswitch_sink = r;
	return r + 1;
}

static void hotswitch_flip(int sig)
{
	(void)sig;
	hotswitch_beta = !hotswitch_beta;
}

static double hotswitch_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 0;
	double end = hotswitch_now() + seconds;
	struct sigaction sa = {.sa_handler = hotswitch_flip};
	uint64_t x = 1;

	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	for (;;) {
		x = work(x);
		if (seconds > 0 && hotswitch_now() >= end)
			break;
	}
	printf("%llu\n", (unsigned long long)(x & 1));
	return 0;
}
