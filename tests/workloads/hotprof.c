/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hotprof: a workload with a known profile for the hot-functions tests.
 * One thread runs main -> work -> leaf_hot about 75 % of its CPU time and
 * main -> work -> leaf_cold about 25 %: each round leaf_hot does three
 * units of work and leaf_cold one.  It is built -O2 without frame
 * pointers, so a profiler has to unwind through CFI to see `work`.
 *
 * It is not a benchmark: the unit of work is only meant to be equal in
 * both leaves.  Usage: hotprof [SECONDS] (default: run until killed).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Volatile sinks keep the compiler from folding the loops away and force
 * every call's result to be used after the call, so no call is a tail call
 * and the frames of work and main exist when the leaves run. */
static volatile uint64_t hotprof_sink;
static volatile double hotprof_fsink;

#define HOTPROF_UNIT 200000

/* One unit: integer and float work with a loop-carried dependency. */
static inline __attribute__((always_inline)) uint64_t hotprof_unit(uint64_t x)
{
	double f = (double)(x & 0xff) + 1.0;

	for (int i = 0; i < HOTPROF_UNIT; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		f = f * 0.999999 + (double)(x >> 60);
	}
	hotprof_fsink = f;
	return x;
}

__attribute__((noinline)) uint64_t leaf_hot(uint64_t x);
__attribute__((noinline)) uint64_t leaf_cold(uint64_t x);
__attribute__((noinline)) uint64_t work(uint64_t x);

__attribute__((noinline)) uint64_t leaf_hot(uint64_t x)
{
	for (int u = 0; u < 3; u++)
		x = hotprof_unit(x);
	__asm__ volatile("" : "+r"(x));
	return x;
}

__attribute__((noinline)) uint64_t leaf_cold(uint64_t x)
{
	x = hotprof_unit(x ^ 0x5555);
	__asm__ volatile("" : "+r"(x));
	return x;
}

__attribute__((noinline)) uint64_t work(uint64_t x)
{
	uint64_t a = leaf_hot(x);
	uint64_t b = leaf_cold(a + 1);

	/* Using both results after the calls keeps them from being tail calls. */
	hotprof_sink = a ^ b;
	return a + b;
}

static double hotprof_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 0;
	double end = hotprof_now() + seconds;
	uint64_t x = 1;

	for (;;) {
		x = work(x);
		hotprof_sink = x;
		if (seconds > 0 && hotprof_now() >= end)
			break;
	}
	printf("%llu\n", (unsigned long long)(x & 1));
	return 0;
}
