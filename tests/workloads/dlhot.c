/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dlhot: a process whose hot code arrives late, by dlopen.  For argv[2]
 * seconds it spins in dl_before (in this program), then dlopens argv[1]
 * (libdlhot.so) and spins in its dl_hot until argv[3] seconds in all.
 * ctop must notice the new mapping and name dl_hot, and unwind through it
 * back to main.  Built -O2 without frame pointers.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double dl_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static volatile unsigned long dl_sink;

__attribute__((noinline)) static unsigned long dl_before(unsigned long x)
{
	for (int i = 0; i < 100000; i++)
		x = x * 6364136223846793005ul + 1442695040888963407ul;
	return x;
}

int main(int argc, char **argv)
{
	double t0 = dl_now(), before, all;
	unsigned long (*hot)(unsigned long);
	unsigned long x = 1;
	void *h;

	if (argc < 4) {
		fprintf(stderr, "usage: dlhot LIB BEFORE_S TOTAL_S\n");
		return 2;
	}
	before = atof(argv[2]);
	all = atof(argv[3]);
	while (dl_now() - t0 < before)
		x = dl_before(x);
	h = dlopen(argv[1], RTLD_NOW);
	if (h == NULL) {
		fprintf(stderr, "dlhot: %s\n", dlerror());
		return 1;
	}
	*(void **)&hot = dlsym(h, "dl_hot");
	if (hot == NULL)
		return 1;
	while (dl_now() - t0 < all)
		x = hot(x) + 1;
	dl_sink = x;
	return 0;
}
