/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_sampler: both back ends through the sampler interface, on a forked
 * child of this test whose spinning thread sits in known functions
 * (sampler_child_spin called by sampler_child_thread).  The child shares
 * our binary, so its frames are our function addresses.  Each back end
 * must deliver stacks that go from the spin function through its caller,
 * and after sampler_free no thread of the child may be stopped or traced.
 * A back end the kernel refuses here (no perf, no ptrace) is skipped.
 * The rate budget policy is checked on its own, as a pure function.
 */
#include "config.h"

#include "cmocka_main.h"

#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "loop.h"
#include "sampler.h"
#include "sampler_int.h"
#include "snapshot.h"
#include "stacks.h"
#include "util.h"

static volatile unsigned long sampler_sink;

__attribute__((noipa)) static unsigned long sampler_child_spin(void)
{
	unsigned long x = 1;

	for (;;) {
		for (int i = 0; i < 1000000; i++)
			x = x * 6364136223846793005ul + 1;
		sampler_sink = x;
	}
	return x;
}

__attribute__((noipa)) static void *sampler_child_thread(void *arg)
{
	sampler_sink += sampler_child_spin();
	return arg;
}

static pid_t sampler_fork_child(void)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		pthread_t t;
		pthread_create(&t, NULL, sampler_child_thread, NULL);
		pthread_join(t, NULL);
		_exit(0);
	}
	return pid;
}

struct seen {
	int samples;
	int spin;  /* stacks with the spin function at the top */
	int chain; /* ... and its caller right below */
};

static int in_fn(uint64_t ip, void *fn)
{
	return ip > (uintptr_t)fn && ip - (uintptr_t)fn < 512;
}

static void on_stack(void *arg, pid_t tid, const uint64_t *ips, int n, unsigned weight, double mono)
{
	struct seen *s = arg;

	(void)tid;
	(void)mono;
	assert_true(weight >= 1);
	s->samples++;
	if (n >= 1 && in_fn(ips[0], (void *)sampler_child_spin)) {
		s->spin++;
		if (n >= 2 && in_fn(ips[1], (void *)sampler_child_thread))
			s->chain++;
	}
}

/* Stands in for the session, which reads SIGCHLD from its signalfd. */
static void on_signal(int fd, uint32_t events, void *arg)
{
	struct signalfd_siginfo si;

	(void)events;
	(void)arg;
	while (read(fd, &si, sizeof si) == (ssize_t)sizeof si)
		;
}

static int thread_ids(pid_t pid, pid_t *tids, int max)
{
	char path[64];
	FILE *f;
	int n = 0;

	snprintf(path, sizeof path, "ls /proc/%d/task", (int)pid);
	f = popen(path, "r");
	assert_non_null(f);
	while (n < max && fscanf(f, "%d", &tids[n]) == 1)
		n++;
	pclose(f);
	return n;
}

/* No thread of pid is in t/T state and the process has no tracer. */
static void check_released(pid_t pid)
{
	char path[128], buf[4096];
	pid_t tids[16];
	int n = thread_ids(pid, tids, 16);

	assert_true(n >= 2);
	for (int i = 0; i < n; i++) {
		char *p;
		snprintf(path, sizeof path, "/proc/%d/task/%d/stat", (int)pid, (int)tids[i]);
		assert_true(read_file_buf(path, buf, sizeof buf) > 0);
		p = strrchr(buf, ')');
		assert_non_null(p);
		assert_true(p[2] != 't' && p[2] != 'T');
	}
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	assert_true(read_file_buf(path, buf, sizeof buf) > 0);
	assert_non_null(strstr(buf, "TracerPid:\t0\n"));
}

static void run_backend(enum sampler_backend b, const char *name)
{
	struct seen seen = {0};
	struct snap_sampler fig;
	struct loop *l = loop_new(NULL);
	sigset_t set;
	int sigfd;
	pid_t child, tids[16];
	struct sampler *s;
	char *cause = NULL;
	double end;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	assert_true(sigfd >= 0);
	assert_int_equal(loop_add_fd(l, sigfd, on_signal, NULL, NULL), 0);
	child = sampler_fork_child();
	/* Wait for the spinning thread to exist. */
	for (int i = 0; i < 200 && thread_ids(child, tids, 16) < 2; i++)
		usleep(10000);
	s = sampler_new(l, child, b, 200, 0, on_stack, &seen, &cause);
	if (s == NULL) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		print_message("%s back end unavailable: %s\n", name, cause);
		free(cause);
		loop_free(l);
		close(sigfd);
		skip();
	}
	/* Until 20 samples (a count: a loaded machine gives the child less
	 * CPU, and the samples follow its CPU time), or 60 s at most. */
	end = now_mono() + 60;
	while (seen.samples < 20 && now_mono() < end) {
		int n = thread_ids(child, tids, 16);
		loop_run_once(l, 100);
		sampler_update_threads(s, tids, n);
	}
	sampler_stats(s, &fig);
	assert_string_equal(fig.backend, name);
	assert_true(fig.samples > 0);
	assert_true(fig.rate_hz > 0 && fig.rate_hz <= 200);
	if (b == SAMPLER_PTRACE) {
		assert_true(isfinite(fig.held_us_avg) && fig.held_us_avg > 0);
	}
	sampler_free(s);
	check_released(child);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	loop_free(l);
	close(sigfd);
	print_message("%s: %d samples, %d in the spin function, %d with its caller, "
	              "rate %.1f Hz, held %.1f us\n",
	              name, seen.samples, seen.spin, seen.chain, fig.rate_hz, fig.held_us_avg);
	/* The child spins all the time: most samples are in the spin, and
	 * the unwinder finds the caller below it. */
	assert_true(seen.samples >= 10);
	assert_true(seen.spin * 2 >= seen.samples);
	assert_true(seen.chain * 10 >= seen.spin * 9);
}

static void test_sampler_perf(void **state)
{
	(void)state;
	run_backend(SAMPLER_PERF, "perf");
}

static void test_sampler_ptrace(void **state)
{
	(void)state;
	run_backend(SAMPLER_PTRACE, "ptrace");
}

/* A thread that spends its life in vfork (the vfork child sleeps 300 ms
 * then exits): a killable wait that an interrupt does not break, so its
 * stop comes only when the vfork ends. */
static pid_t sampler_fork_vforker(void)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		for (;;) {
			pid_t c = vfork();

			if (c == 0) {
				struct timespec ts = {0, 300000000};

				nanosleep(&ts, NULL);
				_exit(0);
			}
			if (c > 0)
				waitpid(c, NULL, 0);
		}
	}
	return pid;
}

static char thread_state(pid_t pid)
{
	char path[64], buf[512], *p;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if (read_file_buf(path, buf, sizeof buf) <= 0 || (p = strrchr(buf, ')')) == NULL)
		return '?';
	return p[2];
}

/*
 * The main thread busy for a long time (a slow tick) while an interrupted
 * thread's stop arrives: the stop is taken and the thread let go within
 * milliseconds all the same, not when the main loop comes back.
 */
static void test_sampler_ptrace_long_tick(void **state)
{
	struct loop *l = loop_new(NULL);
	struct snap_sampler fig;
	struct seen seen = {0};
	struct sampler *s;
	char *cause = NULL, st;
	uint64_t ips[8];
	pid_t child;
	double end;
	int grabbed, stopped = 0;

	(void)state;
	child = sampler_fork_vforker();
	/* Until it sits in a vfork (the D state of a killable wait). */
	end = now_mono() + 10;
	while (thread_state(child) != 'D' && now_mono() < end)
		usleep(1000);
	assert_int_equal(thread_state(child), 'D');
	s = sampler_new(l, child, SAMPLER_PTRACE, 1, 0, on_stack, &seen, &cause);
	if (s == NULL) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		print_message("ptrace back end unavailable: %s\n", cause);
		free(cause);
		loop_free(l);
		skip();
	}
	/* The grab's stop cannot come while the vfork lasts: it gives up
	 * and leaves the thread interrupted. */
	grabbed = sampler_grab(s, child, ips, 8);
	/* A tick that takes 1.5 s of CPU, never returning to the loop. */
	end = now_mono() + 1.5;
	while (now_mono() < end) {
		st = thread_state(child);
		if (st == 't' || st == 'T')
			stopped++;
		for (volatile int i = 0; i < 100000; i++)
			;
	}
	/* Back in the loop: what was taken meanwhile is counted. */
	loop_run_once(l, 10);
	sampler_stats(s, &fig);
	print_message("grab %d, looks at the thread in a stop %d, longest hold %.0f us\n", grabbed,
	              stopped, fig.held_us_max);
	sampler_free(s);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	loop_free(l);
	/* The vfork ended a few hundred ms in; without a rescue the thread
	 * would sit in its stop to the end of the tick (over 1 s). */
	assert_int_equal(grabbed, -1);
	assert_true(stopped < 50);
	/* The hold is dated from the handler's last look, which a loaded
	 * machine can delay along with this whole process: only a bound
	 * well under the busy stretch is certain. */
	assert_true(isfinite(fig.held_us_max) && fig.held_us_max < 1000000);
}

/* The budget policy: halve when over, climb back when well under. */
static void test_sampler_rate_next(void **state)
{
	const char *why = NULL;
	double hz;

	(void)state;
	/* Inside both budgets at the requested rate: no change. */
	assert_true(sampler_rate_next(99, 99, 0.01, 0.01, &why) == 99);
	assert_null(why);
	/* Over the CPU budget, then over the held budget. */
	assert_true(sampler_rate_next(99, 99, 0.03, 0.0, &why) == 49.5);
	assert_non_null(strstr(why, "CPU"));
	assert_true(sampler_rate_next(99, 99, 0.0, 0.05, &why) == 49.5);
	assert_non_null(strstr(why, "held"));
	/* Never under 1 Hz. */
	assert_true(sampler_rate_next(1.5, 99, 0.5, 0.5, &why) == 1.0);
	/* Near the edge: stays where it is (no swinging). */
	assert_true(sampler_rate_next(49.5, 99, 0.012, 0.0, &why) == 49.5);
	assert_non_null(why);
	/* Well under at the requested rate (the cost scales with the
	 * rate): straight back to it, and the reason clears. */
	hz = sampler_rate_next(24.75, 99, 0.003, 0.001, &why);
	assert_true(hz == 99);
	assert_null(why);
	/* Well under at 1.5 times the rate but not at the requested one:
	 * climbs by half, and the reason stays. */
	why = "rate lowered";
	hz = sampler_rate_next(40, 99, 0.006, 0.001, &why);
	assert_true(hz == 60);
	assert_non_null(why);
	hz = sampler_rate_next(90, 99, 0.009, 0.001, &why);
	assert_true(hz == 99);
	/* The held share scales too and can hold the climb back. */
	why = "rate lowered";
	assert_true(sampler_rate_next(40, 99, 0.001, 0.0095, &why) == 40);
	assert_non_null(why);
}

/* One-off work is left out of the budget, up to the allowance. */
static void test_sampler_window_cost(void **state)
{
	const uint64_t ms = 1000000;
	uint64_t left = SAMPLER_ONEOFF_MAX_NS;
	const char *why = NULL;
	double cost;

	(void)state;
	/* The first second of a big program: 90 ms loading kallsyms and
	 * 40 ms its symbols, 5 ms of steady unwinding. */
	cost = sampler_window_cost(135 * ms, 130 * ms, 1000 * ms, &left);
	assert_true(fabs(cost - 0.005) < 1e-9);
	assert_true(left == SAMPLER_ONEOFF_MAX_NS - 130 * ms);
	/* So the rate stays where it was asked. */
	assert_true(sampler_rate_next(99, 99, cost, 0, &why) == 99);
	assert_null(why);
	/* No one-off: everything counts. */
	cost = sampler_window_cost(30 * ms, 0, 1000 * ms, &left);
	assert_true(fabs(cost - 0.03) < 1e-9);
	assert_true(sampler_rate_next(99, 99, cost, 0, &why) == 49.5);
	/* Past the allowance the rest counts: a target that makes every
	 * sample expensive is still held to the budget. */
	left = 50 * ms;
	cost = sampler_window_cost(500 * ms, 480 * ms, 1000 * ms, &left);
	assert_true(fabs(cost - 0.45) < 1e-9);
	assert_true(left == 0);
	cost = sampler_window_cost(500 * ms, 480 * ms, 1000 * ms, &left);
	assert_true(fabs(cost - 0.5) < 1e-9);
	/* Never more left out than was spent, and an empty window is free. */
	left = SAMPLER_ONEOFF_MAX_NS;
	assert_true(sampler_window_cost(20 * ms, 40 * ms, 1000 * ms, &left) == 0);
	assert_true(left == SAMPLER_ONEOFF_MAX_NS - 20 * ms);
	assert_true(sampler_window_cost(0, 0, 0, &left) == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sampler_rate_next),
	    cmocka_unit_test(test_sampler_window_cost),
	    cmocka_unit_test(test_sampler_perf),
	    cmocka_unit_test(test_sampler_ptrace),
	    cmocka_unit_test(test_sampler_ptrace_long_tick),
	};

	return ctop_status(cmocka_run_group_tests(tests, NULL, NULL));
}
