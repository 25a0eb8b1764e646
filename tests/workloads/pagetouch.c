/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pagetouch: a workload with a known page-fault rate, for the counters
 * tests.  It faults in MIB_PER_S MiB of fresh anonymous memory a second
 * (4 KiB pages: 16 MiB/s is 4096 faults/s), spread over NTHREADS threads,
 * in 64 small steps a second: map a chunk, touch every page once, unmap.
 * Unmapping makes the next touch fault again, and MADV_NOHUGEPAGE keeps
 * one fault to one 4 KiB page.  It runs until killed or for SECONDS.
 *
 * usage: pagetouch [MIB_PER_S [NTHREADS [SECONDS]]]   (16 1 0=forever)
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define STEPS_PER_S 64

struct pt_arg {
	size_t chunk;   /* bytes faulted in per step */
	double seconds; /* 0: forever */
};

static void pt_add_ns(struct timespec *t, long ns)
{
	t->tv_nsec += ns;
	while (t->tv_nsec >= 1000000000L) {
		t->tv_nsec -= 1000000000L;
		t->tv_sec++;
	}
}

static void *pt_run(void *argp)
{
	const struct pt_arg *a = argp;
	long page = sysconf(_SC_PAGESIZE);
	struct timespec next;
	long steps = 0, limit = (long)(a->seconds * STEPS_PER_S);

	clock_gettime(CLOCK_MONOTONIC, &next);
	while (limit == 0 || steps < limit) {
		volatile char *p = mmap(NULL, a->chunk, PROT_READ | PROT_WRITE,
		                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED) {
			perror("pagetouch: mmap");
			exit(1);
		}
		madvise((void *)p, a->chunk, MADV_NOHUGEPAGE);
		for (size_t off = 0; off < a->chunk; off += (size_t)page)
			p[off] = (char)off;
		munmap((void *)p, a->chunk);
		steps++;
		/* Absolute deadlines: a late step does not shift the rate. */
		pt_add_ns(&next, 1000000000L / STEPS_PER_S);
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	double mib = argc > 1 ? atof(argv[1]) : 16;
	int nthreads = argc > 2 ? atoi(argv[2]) : 1;
	struct pt_arg a;
	pthread_t *th;

	if (mib <= 0 || nthreads < 1 || nthreads > 64) {
		fprintf(stderr, "usage: pagetouch [MIB_PER_S [NTHREADS [SECONDS]]]\n");
		return 2;
	}
	a.chunk = (size_t)(mib * 1024 * 1024 / STEPS_PER_S / nthreads);
	a.chunk = (a.chunk + 4095) & ~(size_t)4095;
	a.seconds = argc > 3 ? atof(argv[3]) : 0;
	th = calloc((size_t)nthreads, sizeof *th);
	/* The main thread is one of the workers, so NTHREADS threads fault. */
	for (int i = 1; i < nthreads; i++)
		pthread_create(&th[i], NULL, pt_run, &a);
	pt_run(&a);
	for (int i = 1; i < nthreads; i++)
		pthread_join(th[i], NULL);
	free(th);
	return 0;
}
