/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ctop-demo: a small program with something to see on every panel, for
 * `ctop --demo` and for trying ctop without a real workload.
 *   - "compute" thread: hot functions with a stable profile under one
 *     parent (demo_step: mostly demo_hash, then demo_parse's printf
 *     and strtoul work, then demo_sort's qsort);
 *   - four "worker" threads queueing on one mutex (lock contention);
 *   - "writer" thread: about 2 MiB/s of write(2) to a temporary file,
 *     read back now and then;
 *   - "grower" thread: RSS that grows about 4 MiB/s to 256 MiB, then
 *     drops back and grows again.
 * It runs until killed (or for argv[1] seconds) and cleans its file up.
 * It is not a benchmark: the numbers are approximate by design.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t demo_stop;
static char demo_path[256];
static pthread_mutex_t demo_lock = PTHREAD_MUTEX_INITIALIZER;
static volatile uint64_t demo_sink;

static void demo_sleep(double s)
{
	struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR && !demo_stop)
		;
}

static __attribute__((noinline)) uint64_t demo_hash(uint64_t seed, int n)
{
	uint64_t h = seed;

	for (int i = 0; i < n; i++)
		h = (h ^ (h >> 29)) * 0xbf58476d1ce4e5b9ull + (uint64_t)i;
	return h;
}

static int demo_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

static __attribute__((noinline)) uint64_t demo_sort(uint64_t seed, int n)
{
	uint32_t v[256];

	for (int i = 0; i < 256; i++)
		v[i] = (uint32_t)(seed * (uint64_t)(i + 1) >> 7);
	for (int k = 0; k < n; k++)
		qsort(v, 256, sizeof v[0], demo_cmp);
	return v[n & 255];
}

static __attribute__((noinline)) uint64_t demo_parse(uint64_t seed, int n)
{
	char buf[64];
	uint64_t sum = 0;

	for (int i = 0; i < n; i++) {
		snprintf(buf, sizeof buf, "%llu", (unsigned long long)(seed + (uint64_t)i));
		sum += strtoull(buf, NULL, 10);
	}
	return sum;
}

static __attribute__((noinline)) uint64_t demo_step(uint64_t seed)
{
	uint64_t r = demo_hash(seed, 600000);

	r += demo_sort(r, 12);
	r += demo_parse(r, 2500);
	return r;
}

static void *demo_compute(void *arg)
{
	uint64_t s = 1;

	(void)arg;
	while (!demo_stop)
		s = demo_step(s);
	demo_sink = s;
	return NULL;
}

/* Holds the lock while working, so the others queue on it. */
static __attribute__((noinline)) void demo_critical(void)
{
	pthread_mutex_lock(&demo_lock);
	demo_sink += demo_hash(demo_sink, 20000);
	pthread_mutex_unlock(&demo_lock);
}

static void *demo_worker(void *arg)
{
	(void)arg;
	while (!demo_stop) {
		demo_critical();
		demo_sleep(0.0005);
	}
	return NULL;
}

static void *demo_writer(void *arg)
{
	static char chunk[64 * 1024];
	int fd;
	unsigned n = 0;

	(void)arg;
	memset(chunk, 'c', sizeof chunk);
	fd = open(demo_path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return NULL;
	while (!demo_stop) {
		if (write(fd, chunk, sizeof chunk) < 0)
			break;
		/* Every 64 MiB start over, so the file stays small. */
		if (++n % 1024 == 0) {
			char rb[64 * 1024];
			lseek(fd, 0, SEEK_SET);
			while (read(fd, rb, sizeof rb) > 0 && !demo_stop)
				;
			if (ftruncate(fd, 0) < 0 || lseek(fd, 0, SEEK_SET) < 0)
				break;
		}
		demo_sleep(1.0 / 32);
	}
	close(fd);
	return NULL;
}

static void *demo_grower(void *arg)
{
	const size_t step = 1 << 20, cap = 256u << 20;

	(void)arg;
	while (!demo_stop) {
		char *p =
		    mmap(NULL, cap, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return NULL;
		for (size_t off = 0; off < cap && !demo_stop; off += step) {
			memset(p + off, 1, step);
			demo_sleep(0.25);
		}
		munmap(p, cap);
	}
	return NULL;
}

static void demo_on_signal(int sig)
{
	(void)sig;
	demo_stop = 1;
}

int main(int argc, char **argv)
{
	pthread_t t[8];
	int nt = 0;
	double secs = argc > 1 ? atof(argv[1]) : 0;
	const char *tmp = getenv("TMPDIR");

	snprintf(demo_path, sizeof demo_path, "%s/ctop-demo.%d", tmp ? tmp : "/tmp", (int)getpid());
	signal(SIGTERM, demo_on_signal);
	signal(SIGINT, demo_on_signal);
	signal(SIGHUP, demo_on_signal);
	pthread_create(&t[nt++], NULL, demo_compute, NULL);
	for (int i = 0; i < 4; i++)
		pthread_create(&t[nt++], NULL, demo_worker, NULL);
	pthread_create(&t[nt++], NULL, demo_writer, NULL);
	pthread_create(&t[nt++], NULL, demo_grower, NULL);
	pthread_setname_np(t[0], "compute");
	for (int i = 1; i <= 4; i++)
		pthread_setname_np(t[i], "worker");
	pthread_setname_np(t[5], "writer");
	pthread_setname_np(t[6], "grower");
	if (secs > 0) {
		demo_sleep(secs);
		demo_stop = 1;
	}
	for (int i = 0; i < nt; i++)
		pthread_join(t[i], NULL);
	unlink(demo_path);
	return 0;
}
