/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_proc: the collector on real processes: itself (threads it starts,
 * a busy one, IO it does, memory it grows), a pid that does not exist and
 * a zombie.  No mocks: this is /proc and libproc2 as they are.
 */
#define _GNU_SOURCE
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>

#include <cmocka.h>
/* clang-format on */

#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "history.h"
#include "proc.h"
#include "snapshot.h"
#include "util.h"

static volatile int stop_spin;
static volatile unsigned long spin_sink;

static void *spin_thread(void *arg)
{
	unsigned long x = 1;

	(void)arg;
	while (!stop_spin)
		for (int i = 0; i < 10000; i++)
			spin_sink = x = x * 6364136223846793005ul + 1;
	return NULL;
}

static int idle_pipe[2];

static void *idle_thread(void *arg)
{
	char c;

	(void)arg;
	/* Blocks until the test closes the pipe. */
	while (read(idle_pipe[0], &c, 1) > 0)
		;
	return NULL;
}

static void sleep_s(double s)
{
	struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};

	while (nanosleep(&ts, &ts) != 0)
		;
}

static struct snapshot *collect(struct proc *p, const struct history *h)
{
	struct snapshot *s = snapshot_new();
	char *cause = NULL;

	s->ts = now_wall();
	s->mono = now_mono();
	if (proc_collect(p, s, h, &cause) < 0)
		fail_msg("proc_collect on a live process: %s", cause);
	return s;
}

static void test_check_pid(void **state)
{
	char *cause = NULL;

	(void)state;
	assert_int_equal(proc_check_pid(getpid(), &cause), 0);
	assert_null(cause);
	assert_int_equal(proc_check_pid(2147483646, &cause), -1);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "process 2147483646: no such process"));
	free(cause);
	cause = NULL;
	assert_int_equal(proc_check_pid(0, &cause), -1);
	assert_non_null(cause);
	free(cause);
}

static const struct snap_thread *find_comm(const struct snapshot *s, const char *comm)
{
	for (int i = 0; i < s->nthreads; i++)
		if (strcmp(s->threads[i].comm, comm) == 0)
			return &s->threads[i];
	return NULL;
}

static void test_collect_self(void **state)
{
	struct proc *p;
	struct snapshot *s1, *s2, *s3;
	const struct snap_thread *spin, *idle, *main_t;
	pthread_t ts, ti;
	clockid_t spin_clock;
	struct timespec spin_cpu;
	double spin_truth;
	char *cause = NULL;
	static char buf[64 * 1024];
	int fd;

	(void)state;
	assert_int_equal(pipe(idle_pipe), 0);
	assert_int_equal(pthread_create(&ti, NULL, idle_thread, NULL), 0);
	pthread_setname_np(ti, "t-idle");
	p = proc_new(getpid(), &cause);
	assert_non_null(p);

	s1 = collect(p, NULL);
	assert_int_equal(s1->first, 1);
	assert_true(isnan(s1->process.cpu_pct));
	assert_true(isnan(s1->io.wchar_per_s));
	assert_int_equal(s1->process.threads, 2);
	assert_int_equal(s1->nthreads, 2);

	stop_spin = 0;
	assert_int_equal(pthread_create(&ts, NULL, spin_thread, NULL), 0);
	pthread_setname_np(ts, "t-spin");
	/* 1 MiB through write(2) from the main thread: counted as wchar even
	 * to /dev/null. */
	fd = open("/dev/null", O_WRONLY);
	assert_true(fd >= 0);
	for (int i = 0; i < 16; i++)
		assert_int_equal(write(fd, buf, sizeof buf), (ssize_t)sizeof buf);
	close(fd);
	sleep_s(1.0);

	s2 = collect(p, NULL);
	/* The truth: the spinner's own CPU clock (it was born after s1). */
	assert_int_equal(pthread_getcpuclockid(ts, &spin_clock), 0);
	assert_int_equal(clock_gettime(spin_clock, &spin_cpu), 0);
	spin_truth = ((double)spin_cpu.tv_sec + spin_cpu.tv_nsec / 1e9) / s2->interval_s * 100;
	assert_int_equal(s2->first, 0);
	assert_true(s2->interval_s > 0.9 && s2->interval_s < 5);
	assert_int_equal(s2->process.pid, getpid());
	assert_int_equal(s2->process.threads, 3);
	assert_int_equal(s2->nthreads, 3);
	spin = find_comm(s2, "t-spin");
	idle = find_comm(s2, "t-idle");
	main_t = snapshot_thread(s2, getpid());
	assert_non_null(spin);
	assert_non_null(idle);
	assert_non_null(main_t);
	/* Sorted busiest first. */
	assert_ptr_equal(&s2->threads[0], spin);
	print_message("spinner: ctop %.1f%%, its CPU clock %.1f%%\n", spin->cpu_pct, spin_truth);
	assert_true(fabs(spin->cpu_pct - spin_truth) < 10);
	/* On an idle machine that is most of a core; a loaded one (tests in
	 * parallel on two cores) may starve it, and that is not our fault. */
	if (spin_truth > 60)
		assert_true(spin->cpu_pct > 50);
	assert_true(idle->cpu_pct < 20);
	/* The main thread shows its own time, not the whole process's. */
	assert_true(main_t->cpu_pct < 30);
	assert_true(s2->process.cpu_pct >= spin->cpu_pct - 5);
	/* IO is ours to read; the writes show in the process and the thread. */
	assert_null(s2->io.reason);
	assert_true(s2->io.wchar_per_s * s2->interval_s >= 1024 * 1024);
	assert_true(main_t->io.wchar_per_s * s2->interval_s >= 1024 * 1024);
	assert_true(spin->io.wchar_per_s < 1024);
	assert_false(isnan(s2->process.ctxsw_voluntary_per_s));
	/* Memory and the machine. */
	assert_true(s2->process.rss_bytes != SNAP_UNKNOWN && s2->process.rss_bytes > 0);
	assert_true(s2->process.vsz_bytes >= s2->process.rss_bytes);
	assert_true(s2->memory.rss_bytes == s2->process.rss_bytes);
	assert_true(s2->process.uptime_s >= 1.0);
	assert_true(s2->system.ncpus >= 1);
	assert_non_null(s2->system.cpus);
	assert_false(isnan(s2->system.total.user_pct));
	assert_true(s2->system.mem_total_bytes > s2->system.mem_available_bytes);
	for (int i = 1; i < s2->nthreads; i++)
		assert_true(isnan(s2->threads[i].cpu_pct) ||
		            s2->threads[i - 1].cpu_pct >= s2->threads[i].cpu_pct);

	/* A thread that ended leaves the table. */
	stop_spin = 1;
	pthread_join(ts, NULL);
	s3 = collect(p, NULL);
	assert_int_equal(s3->nthreads, 2);
	assert_null(find_comm(s3, "t-spin"));

	snapshot_free(s1);
	snapshot_free(s2);
	snapshot_free(s3);
	close(idle_pipe[1]);
	pthread_join(ti, NULL);
	close(idle_pipe[0]);
	proc_free(p);
}

static void test_rss_growth(void **state)
{
	struct history *h = history_new(32);
	struct proc *p = proc_new(getpid(), NULL);
	struct snapshot *s = NULL;
	enum { STEP = 8 << 20, STEPS = 5 };
	char *blocks[STEPS];

	(void)state;
	assert_non_null(p);
	for (int i = 0; i < STEPS; i++) {
		snapshot_free(s);
		s = collect(p, h);
		if (i < 2)
			assert_true(isnan(s->memory.rss_growth_bytes_per_s));
		history_push(h, s);
		blocks[i] = malloc(STEP);
		assert_non_null(blocks[i]);
		memset(blocks[i], 1, STEP);
		sleep_s(0.2);
	}
	snapshot_free(s);
	s = collect(p, h);
	/* 8 MiB every ~0.2 s is ~40 MiB/s: wide bounds, the sleeps are loose. */
	assert_true(s->memory.rss_growth_bytes_per_s > 10e6);
	assert_true(s->memory.rss_growth_bytes_per_s < 80e6);
	assert_true(s->memory.growth_window_s > 0.5);
	for (int i = 0; i < STEPS; i++)
		free(blocks[i]);
	snapshot_free(s);
	proc_free(p);
	history_free(h);
}

static void test_zombie(void **state)
{
	char path[64], buf[512], *cause = NULL;
	struct snapshot *s = snapshot_new();
	struct proc *p;
	pid_t pid;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(0);
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	/* Wait for the child to become a zombie. */
	for (int i = 0; i < 200; i++) {
		char *c;

		if (read_file_buf(path, buf, sizeof buf) > 0 && (c = strrchr(buf, ')')) &&
		    c[2] == 'Z')
			break;
		sleep_s(0.01);
	}
	assert_int_equal(proc_check_pid(pid, &cause), -1);
	assert_non_null(strstr(cause, "exited"));
	free(cause);
	cause = NULL;
	p = proc_new(pid, &cause);
	assert_non_null(p);
	s->mono = now_mono();
	assert_int_equal(proc_collect(p, s, NULL, &cause), -1);
	assert_non_null(cause);
	assert_string_equal(cause, "exited");
	free(cause);
	proc_free(p);
	snapshot_free(s);
	waitpid(pid, NULL, 0);
}

/*
 * A target whose /proc/PID/io we may not read (not dumpable, so its files
 * belong to root; we drop root first when we have it): the IO figures are
 * NAN with a reason, everything else is still measured.
 */
static int io_denied_check(pid_t target)
{
	struct proc *p;
	struct snapshot *s1 = NULL, *s2 = NULL;
	int rc = 0;

	if (geteuid() == 0 && (setgid(65534) < 0 || setuid(65534) < 0))
		return 10;
	p = proc_new(target, NULL);
	if (p == NULL)
		return 11;
	s1 = snapshot_new();
	s1->mono = now_mono();
	if (proc_collect(p, s1, NULL, NULL) < 0) {
		rc = 12;
		goto out;
	}
	sleep_s(0.2);
	s2 = snapshot_new();
	s2->mono = now_mono();
	if (proc_collect(p, s2, NULL, NULL) < 0)
		rc = 13;
	else if (s2->io.reason == NULL || strstr(s2->io.reason, "no permission") == NULL)
		rc = 14;
	else if (!isnan(s2->io.wchar_per_s) || !isnan(s2->io.rchar_per_s))
		rc = 15;
	else if (s2->nthreads != 1 || !isnan(s2->threads[0].io.wchar_per_s))
		rc = 16;
	else if (isnan(s2->process.cpu_pct) || s2->process.rss_bytes == SNAP_UNKNOWN)
		rc = 17;
out:
	/* Freed before _exit too: a leak checker (valgrind) checks the child. */
	snapshot_free(s1);
	snapshot_free(s2);
	proc_free(p);
	return rc;
}

static void test_io_denied(void **state)
{
	pid_t target, checker;
	int st;

	(void)state;
	target = fork();
	assert_true(target >= 0);
	if (target == 0) {
		if (geteuid() == 0 && (setgid(65534) < 0 || setuid(65534) < 0))
			_exit(1);
		prctl(PR_SET_DUMPABLE, 0);
		for (;;)
			pause();
	}
	sleep_s(0.1);
	checker = fork();
	assert_true(checker >= 0);
	if (checker == 0)
		_exit(io_denied_check(target));
	assert_int_equal(waitpid(checker, &st, 0), checker);
	kill(target, SIGKILL);
	waitpid(target, NULL, 0);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_check_pid),  cmocka_unit_test(test_collect_self),
	    cmocka_unit_test(test_rss_growth), cmocka_unit_test(test_zombie),
	    cmocka_unit_test(test_io_denied),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
