/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * iowrite: writes 8 MiB/s through write(2), in 64 KiB chunks paced on an
 * absolute CLOCK_MONOTONIC schedule, so the wchar rate is exact whatever
 * the machine's load (a late chunk is caught up, not lost).  The file is
 * in $TMPDIR (default /tmp) and is unlinked as soon as it is open, so it
 * disappears however we exit; it is rewound every 64 MiB to bound its size.
 * Usage: iowrite [SECONDS]   (0 or absent: forever).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (64 * 1024)
#define RATE (8 * 1024 * 1024)
#define WRAP (64 * 1024 * 1024)

static void ts_add_ns(struct timespec *t, long ns)
{
	t->tv_nsec += ns;
	while (t->tv_nsec >= 1000000000L) {
		t->tv_nsec -= 1000000000L;
		t->tv_sec++;
	}
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 0;
	const char *dir = getenv("TMPDIR");
	static char buf[CHUNK];
	char path[4096];
	struct timespec next;
	long period_ns = (long)(1e9 * CHUNK / RATE);
	long chunks, written = 0;
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	snprintf(path, sizeof path, "%s/iowrite.XXXXXX", dir);
	fd = mkstemp(path);
	if (fd < 0) {
		fprintf(stderr, "iowrite: %s: %s\n", path, strerror(errno));
		return 1;
	}
	unlink(path);
	memset(buf, 'x', sizeof buf);
	chunks = seconds > 0 ? (long)(seconds * RATE / CHUNK) : -1;
	clock_gettime(CLOCK_MONOTONIC, &next);
	for (long i = 0; chunks < 0 || i < chunks; i++) {
		if (write(fd, buf, sizeof buf) != (ssize_t)sizeof buf) {
			fprintf(stderr, "iowrite: write: %s\n", strerror(errno));
			return 1;
		}
		written += CHUNK;
		if (written >= WRAP) {
			lseek(fd, 0, SEEK_SET);
			written = 0;
		}
		ts_add_ns(&next, period_ns);
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR)
			;
	}
	close(fd);
	return 0;
}
