/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_session: the session on a real child of this test, a real loop,
 * the real collectors and a sink that counts its calls.  Ticks come at
 * the session's pace and follow session_set_interval; none come while
 * paused; the child's death is told once and ends the ticks; SIGTERM,
 * SIGINT and SIGWINCH reach the sink as a quit and a resize.  Under the
 * ptrace sampler at a high rate, every ptrace stop raises SIGCHLD: over
 * M ticks the sink must hear exactly M snapshots and nothing else, which
 * is what keeps a ptrace stop from ever marking the dashboard dirty.
 *
 * Every wait is for a count of callbacks; a time bound only turns a hang
 * into a failure.  Pace checks use the one bound a timer cannot break: it
 * never fires early.
 */
#include "config.h"

#include "cmocka_main.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include "loop.h"
#include "options.h"
#include "session.h"
#include "snapshot.h"
#include "util.h"

/* A wait that has not come true by then is a failure, not a pass. */
#define HANG_S 30.0

struct counts {
	struct session *s;
	int snapshots;
	int gone;
	int quit;
	int resize;
	int last_signo;
	int after_gone; /* snapshots told after the target's exit */
	int bad_seq;    /* snapshots that were not s->cur or skipped a seq */
	unsigned long seq;
	double last_mono; /* CLOCK_MONOTONIC of the latest snapshot call */
	char reason[128];
};

struct fixture {
	pid_t child; /* 0 once reaped */
	struct loop *l;
	struct session *s;
	struct ctop_opts o;
	struct counts c;
};

static volatile unsigned long session_spin_sink;

static pid_t fork_child(int busy)
{
	pid_t parent = getpid(), pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		sigset_t none;

		/* Dies with the test, however the test ends. */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
			_exit(1);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		if (!busy)
			for (;;)
				pause();
		for (unsigned long x = 1;; x = x * 6364136223846793005ul + 1)
			session_spin_sink = x;
	}
	return pid;
}

static void on_snapshot(void *arg, const struct snapshot *snap)
{
	struct counts *c = arg;

	if (c->gone > 0)
		c->after_gone++;
	if (snap != c->s->cur || (c->snapshots > 0 && snap->seq != c->seq + 1))
		c->bad_seq++;
	c->seq = snap->seq;
	c->snapshots++;
	c->last_mono = now_mono();
}

static void on_gone(void *arg, const char *reason)
{
	struct counts *c = arg;

	c->gone++;
	snprintf(c->reason, sizeof c->reason, "%s", reason != NULL ? reason : "(null)");
}

static void on_quit(void *arg, int signo)
{
	struct counts *c = arg;

	c->quit++;
	c->last_signo = signo;
}

static void on_resize(void *arg)
{
	struct counts *c = arg;

	c->resize++;
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);

	f->l = loop_new(NULL);
	if (f->l == NULL) {
		free(f);
		return -1;
	}
	f->o.interval_s = 1.0;
	f->o.hz = 0; /* sampling off unless a test asks */
	f->o.window_s = 10;
	f->o.sampler = SAMPLER_AUTO;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	session_free(f->s);
	if (f->child > 0) {
		kill(f->child, SIGKILL);
		waitpid(f->child, NULL, 0);
	}
	loop_free(f->l);
	free(f);
	return 0;
}

/* A session on a fresh child, started with the counting sink. */
static void start(struct fixture *f, int busy, double interval_s, double first_s)
{
	struct session_sink sink = {
	    .on_snapshot = on_snapshot,
	    .on_gone = on_gone,
	    .on_quit = on_quit,
	    .on_resize = on_resize,
	    .arg = &f->c,
	};
	char *cause = NULL;

	f->child = fork_child(busy);
	f->o.interval_s = interval_s;
	f->s = session_new(&f->o, f->child, f->child, f->l, &cause);
	if (f->s == NULL)
		fail_msg("session_new: %s", cause);
	f->c.s = f->s;
	if (session_start(f->s, &sink, first_s, &cause) < 0)
		fail_msg("session_start: %s", cause);
}

/* Runs loop passes until *counter reaches target. */
static void run_until(struct loop *l, const int *counter, int target)
{
	double hang = now_mono() + HANG_S;

	while (*counter < target) {
		if (now_mono() > hang)
			fail_msg("count %d of %d after %.0f s", *counter, target, HANG_S);
		assert_true(loop_run_once(l, 100) >= 0);
	}
}

static void on_pass_timer(int fd, uint32_t events, void *arg)
{
	int *passes = arg;

	(void)events;
	if (loop_timer_drain(fd) > 0)
		(*passes)++;
}

/* Runs the loop through n wake-ups of a 10 ms timerfd of its own, so the
 * session gets every chance to tick if it wrongly would. */
static void run_passes(struct loop *l, int n)
{
	int passes = 0, fd = loop_timer_new(0.01, NULL);

	assert_true(fd >= 0);
	assert_int_equal(loop_add_fd(l, fd, on_pass_timer, &passes, NULL), 0);
	run_until(l, &passes, n);
	loop_del_fd(l, fd);
	close(fd);
}

/* No process: no session, and a cause that names the pid. */
static void test_new_no_such_pid(void **state)
{
	struct fixture *f = *state;
	char *cause = NULL, *want;
	pid_t pid = fork_child(0);

	/* A pid that was just ours and is now free. */
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	assert_null(session_new(&f->o, pid, 0, f->l, &cause));
	assert_non_null(cause);
	want = xasprintf("process %d: ", (int)pid);
	assert_non_null(strstr(cause, want));
	free(want);
	free(cause);
}

/* Ticks reach the sink as snapshots, one per tick, each the latest. */
static void test_snapshots_counted(void **state)
{
	struct fixture *f = *state;

	start(f, 0, 0.05, 0.05);
	assert_int_equal(f->s->cur->seq, 0);
	run_until(f->l, &f->c.snapshots, 5);
	assert_int_equal(f->c.snapshots, 5);
	assert_int_equal(f->c.bad_seq, 0);
	assert_int_equal(f->c.seq, 5);
	assert_int_equal(f->s->cur->process.pid, f->child);
	assert_false(f->s->cur->first);
	assert_false(isnan(f->s->cur->process.cpu_pct));
	assert_int_equal(f->c.gone + f->c.quit + f->c.resize, 0);
}

/* The pace follows session_set_interval, both ways. */
static void test_set_interval(void **state)
{
	struct fixture *f = *state;
	double t0, fast, slow;

	/* At 1 s, ten ticks would take at least 10 s. */
	start(f, 0, 1.0, 1.0);
	t0 = now_mono();
	session_set_interval(f->s, 0.02);
	assert_true(f->s->interval_s == 0.02);
	run_until(f->l, &f->c.snapshots, 10);
	fast = f->c.last_mono - t0;
	/* At 0.3 s, three ticks cannot come sooner than 0.9 s. */
	t0 = now_mono();
	session_set_interval(f->s, 0.3);
	run_until(f->l, &f->c.snapshots, 13);
	slow = f->c.last_mono - t0;
	print_message("10 ticks at 0.02 s: %.3f s; 3 ticks at 0.3 s: %.3f s\n", fast, slow);
	assert_true(fast < 5.0);
	assert_true(slow >= 0.9 - 0.001);
	/* Nonsense is refused, the pace stays. */
	session_set_interval(f->s, 0);
	session_set_interval(f->s, -1);
	assert_true(f->s->interval_s == 0.3);
	assert_int_equal(f->c.bad_seq, 0);
}

/* Paused: no tick, the latest snapshot stays, also when the interval
 * changes meanwhile; resumed: ticks again. */
static void test_pause(void **state)
{
	struct fixture *f = *state;
	unsigned long seq;
	int n;

	start(f, 0, 0.02, 0.02);
	run_until(f->l, &f->c.snapshots, 2);
	session_pause(f->s, 1);
	assert_true(f->s->paused);
	n = f->c.snapshots;
	seq = f->s->cur->seq;
	/* 300 ms: fifteen intervals. */
	run_passes(f->l, 30);
	session_set_interval(f->s, 0.01);
	run_passes(f->l, 10);
	assert_int_equal(f->c.snapshots, n);
	assert_int_equal(f->s->cur->seq, seq);
	session_pause(f->s, 0);
	assert_false(f->s->paused);
	run_until(f->l, &f->c.snapshots, n + 3);
	assert_int_equal(f->s->cur->seq, seq + 3);
	assert_int_equal(f->c.bad_seq, 0);
	assert_int_equal(f->c.gone + f->c.quit + f->c.resize, 0);
}

/* The child's death is told once, with how it died; no tick after. */
static void test_gone(void **state)
{
	struct fixture *f = *state;
	int n;

	start(f, 0, 0.02, 0.02);
	run_until(f->l, &f->c.snapshots, 2);
	kill(f->child, SIGKILL);
	run_until(f->l, &f->c.gone, 1);
	n = f->c.snapshots;
	run_passes(f->l, 20);
	assert_int_equal(f->c.gone, 1);
	assert_int_equal(f->c.snapshots, n);
	assert_int_equal(f->c.after_gone, 0);
	assert_true(f->s->gone);
	assert_non_null(strstr(f->c.reason, "killed by signal 9"));
	/* The session reaped it: the status is kept, the pid is free. */
	assert_true(WIFSIGNALED(f->s->child_status) && WTERMSIG(f->s->child_status) == SIGKILL);
	assert_int_equal(waitpid(f->child, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
	f->child = 0;
	/* A tick asked for by hand says gone too. */
	assert_int_equal(session_tick(f->s), -1);
	assert_int_equal(f->c.quit + f->c.resize, 0);
}

/* SIGTERM and SIGINT, blocked and read through the signalfd, are quits;
 * no snapshot comes of them. */
static void test_quit(void **state)
{
	struct fixture *f = *state;

	start(f, 0, 60, 60);
	raise(SIGTERM);
	run_until(f->l, &f->c.quit, 1);
	assert_int_equal(f->c.last_signo, SIGTERM);
	raise(SIGINT);
	run_until(f->l, &f->c.quit, 2);
	assert_int_equal(f->c.last_signo, SIGINT);
	run_passes(f->l, 5);
	assert_int_equal(f->c.quit, 2);
	assert_int_equal(f->c.snapshots + f->c.gone + f->c.resize, 0);
}

static void test_resize(void **state)
{
	struct fixture *f = *state;

	start(f, 0, 60, 60);
	raise(SIGWINCH);
	run_until(f->l, &f->c.resize, 1);
	run_passes(f->l, 5);
	assert_int_equal(f->c.resize, 1);
	assert_int_equal(f->c.snapshots + f->c.gone + f->c.quit, 0);
}

/* After session_stop the sink hears nothing, signals included. */
static void test_stop(void **state)
{
	struct fixture *f = *state;
	sigset_t winch;
	struct timespec zero = {0, 0};

	start(f, 0, 0.02, 0.02);
	run_until(f->l, &f->c.snapshots, 1);
	session_stop(f->s);
	raise(SIGWINCH);
	run_passes(f->l, 10);
	assert_int_equal(f->c.snapshots, 1);
	assert_int_equal(f->c.resize, 0);
	/* Still blocked and pending: take it, or a later session reads it. */
	sigemptyset(&winch);
	sigaddset(&winch, SIGWINCH);
	assert_int_equal(sigtimedwait(&winch, NULL, &zero), SIGWINCH);
}

/* ---- ptrace stops flood the loop with SIGCHLD ---- */

/* 1: this process may ptrace its children; 0: the kernel forbids it. */
static int ptrace_permitted(void)
{
	pid_t pid = fork_child(0);
	int ok = ptrace(PTRACE_SEIZE, pid, NULL, NULL) == 0 || errno != EPERM;

	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return ok;
}

static void on_spy(int fd, uint32_t events, void *arg)
{
	int *wakes = arg;

	(void)fd;
	(void)events;
	(*wakes)++;
}

/* The child has no tracer and no thread stopped. */
static void assert_released(pid_t pid)
{
	char path[64], buf[4096], *p;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	assert_true(read_file_buf(path, buf, sizeof buf) > 0);
	assert_non_null(strstr(buf, "TracerPid:\t0\n"));
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	assert_true(read_file_buf(path, buf, sizeof buf) > 0);
	p = strrchr(buf, ')');
	assert_non_null(p);
	assert_true(p[2] != 't' && p[2] != 'T');
}

static void test_ptrace_sigchld_reaches_no_sink(void **state)
{
	enum { M = 10 };
	const double interval = 0.1;
	struct fixture *f = *state;
	int spy, wakes = 0;
	double t0, elapsed;
	uint64_t samples;

	if (!ptrace_permitted()) {
		print_message("ptrace of a child is not permitted here\n");
		skip();
	}
	f->o.sampler = SAMPLER_PTRACE;
	f->o.hz = 500;
	t0 = now_mono();
	start(f, 1, interval, interval);
	if (f->s->sampler == NULL)
		fail_msg("no ptrace sampler: %s", f->s->sampler_reason);
	/* A second fd on the session's signalfd, never read: it wakes with
	 * the session's fd, so it counts the passes that had a signal. */
	spy = dup(f->s->sigfd);
	assert_true(spy >= 0);
	assert_int_equal(loop_add_fd(f->l, spy, on_spy, &wakes, NULL), 0);
	run_until(f->l, &f->c.snapshots, M);
	elapsed = f->c.last_mono - t0;
	samples = f->s->cur->stacks.sampler.samples;
	loop_del_fd(f->l, spy);
	close(spy);
	print_message("%d ticks in %.2f s: %d signal wakes of the session, %llu ptrace samples "
	              "(each a stop and a SIGCHLD), rate now %.0f Hz\n",
	              M, elapsed, wakes, (unsigned long long)samples,
	              f->s->cur->stacks.sampler.rate_hz);
	/* The sink heard exactly the ticks: one per interval at most (a
	 * timer never fires early), nothing else... */
	assert_int_equal(f->c.snapshots, M);
	assert_true(elapsed >= M * interval - 0.001);
	assert_int_equal(f->c.bad_seq, 0);
	assert_int_equal(f->c.gone, 0);
	assert_int_equal(f->c.quit, 0);
	assert_int_equal(f->c.resize, 0);
	/* ...while the flood really happened.  Built with the sanitizers
	 * (CTOP_SANITIZE set by make check) a sample holds the thread about
	 * twice as long, and on a loaded machine the sampler's hold budget
	 * can then lower its rate below a flood: said, not failed. */
	if (samples < 3 * M && getenv("CTOP_SANITIZE") != NULL &&
	    *getenv("CTOP_SANITIZE") != '\0') {
		print_message("sanitizer build: the ptrace sampler lowered its rate below a flood "
		              "(%llu samples)\n",
		              (unsigned long long)samples);
		skip(); /* the teardown frees the session */
	}
	assert_true(samples >= 3 * M);
	assert_true(wakes >= 2 * M);
	/* And the child is let go whole. */
	session_free(f->s);
	f->s = NULL;
	assert_released(f->child);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_new_no_such_pid, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_snapshots_counted, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_set_interval, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_pause, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_gone, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_quit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_resize, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_stop, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ptrace_sigchld_reaches_no_sink, setup, teardown),
	};

	return ctop_status(cmocka_run_group_tests(tests, NULL, NULL));
}
