// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_perm: the refusal phrases as pure functions of the facts (each
 * rule names a setting only where its value forbids what was asked), the
 * facts read from this machine (ctop's own process, a kernel thread when
 * one is visible), and the sampler's coverage arithmetic on hand-built
 * snapshots: short-lived threads' CPU is said, a steady thread is not.
 */
#include "config.h"

#include "cmocka_main.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "perm.h"
#include "sampler.h"
#include "snapshot.h"
#include "util.h"

static const char *perf(const struct perm_ctx *c, int err, int kernel_mode)
{
	static char buf[192];

	return perm_perf_phrase(c, err, kernel_mode, buf, sizeof buf);
}

static const char *pt(const struct perm_ctx *c, int err)
{
	static char buf[192];

	return perm_ptrace_phrase(c, err, buf, sizeof buf);
}

static void test_perf_paranoid_only_where_it_forbids(void **state)
{
	struct perm_ctx c = {.paranoid = 2, .yama = -1};

	(void)state;
	/* Kernel mode at 2: paranoid is the reason. */
	assert_string_equal(perf(&c, EACCES, 1),
	                    "perf_event_paranoid=2: kernel mode needs <= 1, root or CAP_PERFMON");
	/* User mode on one's own process at 2 is allowed: not the reason. */
	assert_string_equal(perf(&c, EACCES, 0),
	                    "perf_event_open EACCES though perf_event_paranoid=2 allows it: a "
	                    "security module?");
	/* 3 forbids user mode too (kernels with that level). */
	c.paranoid = 3;
	assert_string_equal(perf(&c, EACCES, 0),
	                    "perf_event_paranoid=3: perf needs root or CAP_PERFMON");
	assert_string_equal(perf(&c, EACCES, 1),
	                    "perf_event_paranoid=3: kernel mode needs <= 1, root or CAP_PERFMON");
	/* EPERM is not the kernel's paranoid check: a filter is named. */
	c.seccomp = 1;
	assert_string_equal(perf(&c, EPERM, 1), "perf_event_open EPERM, not a perf_event_paranoid "
	                                        "refusal: a seccomp filter on ctop (a container?)");
	/* Root is not subject to paranoid at all. */
	c.seccomp = 0;
	c.root = 1;
	assert_string_equal(perf(&c, EACCES, 1),
	                    "perf_event_open EACCES for root: a security module?");
	/* Not a permission error: no phrase here. */
	assert_null(perf(&c, ENOENT, 0));
}

static void test_perf_other_user(void **state)
{
	struct perm_ctx c = {.paranoid = 1, .yama = -1, .other_user = 1, .target_uid = 0};

	(void)state;
	assert_string_equal(perf(&c, EACCES, 0),
	                    "process of another user (uid 0): perf needs root, CAP_PERFMON or "
	                    "CAP_SYS_PTRACE");
	/* CAP_SYS_PTRACE lifts the owner rule: something else refused. */
	c.cap_ptrace = 1;
	assert_null(strstr(perf(&c, EACCES, 0), "another user"));
}

static void test_ptrace_phrases(void **state)
{
	struct perm_ctx c = {.paranoid = 2, .yama = -1};

	(void)state;
	assert_string_equal(pt(&c, EPERM), "ptrace EPERM: a security module?");
	c.yama = 1;
	assert_string_equal(pt(&c, EPERM),
	                    "ptrace denied: kernel.yama.ptrace_scope=1; run as root or with "
	                    "CAP_SYS_PTRACE, or start it with ctop -- CMD");
	c.yama = 2;
	assert_string_equal(pt(&c, EPERM),
	                    "ptrace denied: kernel.yama.ptrace_scope=2; run with CAP_SYS_PTRACE");
	c.yama = 3;
	assert_string_equal(pt(&c, EPERM),
	                    "ptrace denied: kernel.yama.ptrace_scope=3 forbids it to all");
	/* Yama 1 does not stop root. */
	c.yama = 1;
	c.root = 1;
	assert_string_equal(pt(&c, EPERM), "ptrace EPERM: a security module?");
	c.root = 0;
	c.other_user = 1;
	c.target_uid = 0;
	assert_string_equal(pt(&c, EPERM),
	                    "process of another user (uid 0): ptrace needs root or CAP_SYS_PTRACE");
	c.tracer = 1234;
	assert_string_equal(pt(&c, EPERM),
	                    "ptrace denied: already traced by pid 1234 (a debugger?)");
	c.kthread = 1;
	assert_string_equal(pt(&c, EPERM), "kernel thread: no user stacks");
	assert_string_equal(pt(&c, ESRCH), "ptrace: the thread exited");
}

/* The facts of this very process: ours, not a kernel thread, untraced
 * (unless a debugger runs the test), the paranoid value the file says. */
static void test_read_self(void **state)
{
	struct perm_ctx c;
	char buf[32];

	(void)state;
	perm_read(&c, getpid());
	assert_int_equal(c.other_user, 0);
	assert_int_equal(c.kthread, 0);
	assert_int_equal(c.root, geteuid() == 0);
	if (read_file_buf("/proc/sys/kernel/perf_event_paranoid", buf, sizeof buf) > 0)
		assert_int_equal(c.paranoid, atoi(buf));
	assert_int_equal(c.yama >= 0, access("/proc/sys/kernel/yama/ptrace_scope", F_OK) == 0);
	assert_int_equal(perm_kthread(getpid()), 0);
}

/* kthreadd (pid 2) where this pid namespace shows it. */
static void test_kthread(void **state)
{
	char comm[64] = "";

	(void)state;
	if (read_file_buf("/proc/2/comm", comm, sizeof comm) <= 0 ||
	    strncmp(comm, "kthreadd", 8) != 0)
		skip();
	assert_int_equal(perm_kthread(2), 1);
	assert_int_equal(perm_kthread(1), 0);
}

/* A snapshot of one interval: cpu_pct of the process, listed threads'
 * cpu_pct, samples (weights) at 100 Hz. */
static struct snapshot *cover_snap(double cpu_pct, const double *threads, int n, uint64_t samples)
{
	struct snapshot *s = snapshot_new();

	s->interval_s = 1.0;
	s->process.cpu_pct = s->process.user_pct = cpu_pct;
	s->threads = xcalloc((size_t)n + 1, sizeof *s->threads);
	for (int i = 0; i < n; i++)
		s->threads[i].cpu_pct = s->threads[i].user_pct = threads[i];
	s->nthreads = n;
	s->stacks.interval_samples = samples;
	return s;
}

static void test_coverage(void **state)
{
	double one[] = {100.0}, idle[] = {0.0, 0.0};
	struct snapshot *s;

	(void)state;
	/* A steady thread, fully sampled: ~100 %, nothing said. */
	s = cover_snap(100.0, one, 1, 99);
	sampler_coverage(s, 100.0, 0);
	assert_true(fabs(s->stacks.sampler.coverage_pct - 99.0) < 1e-9);
	assert_string_equal(s->stacks.sampler.coverage_reason, "");
	snapshot_free(s);
	/* A process at one CPU whose listed threads are idle: its time ran
	 * in threads that ended within the interval. */
	s = cover_snap(100.0, idle, 2, 4);
	sampler_coverage(s, 100.0, 0);
	assert_true(fabs(s->stacks.sampler.coverage_pct - 4.0) < 1e-9);
	assert_string_equal(s->stacks.sampler.coverage_reason,
	                    "100 % of CPU time ran in threads shorter than a scan: not sampled");
	snapshot_free(s);
	/* Low but not from exited threads: the coverage itself is said. */
	s = cover_snap(100.0, one, 1, 30);
	sampler_coverage(s, 100.0, 0);
	assert_string_equal(s->stacks.sampler.coverage_reason,
	                    "samples cover 30 % of the CPU time");
	snapshot_free(s);
	/* Too little CPU to tell, and the first snapshot: unknown. */
	s = cover_snap(2.0, idle, 2, 0);
	sampler_coverage(s, 100.0, 0);
	assert_true(isnan(s->stacks.sampler.coverage_pct));
	s->first = 1;
	s->process.cpu_pct = 100.0;
	sampler_coverage(s, 100.0, 0);
	assert_true(isnan(s->stacks.sampler.coverage_pct));
	snapshot_free(s);
	/* User time only (perf without kernel mode): system time is not
	 * missing from the samples. */
	s = cover_snap(100.0, one, 1, 50);
	s->process.user_pct = 50.0;
	s->threads[0].user_pct = 50.0;
	sampler_coverage(s, 100.0, 1);
	assert_true(fabs(s->stacks.sampler.coverage_pct - 100.0) < 1e-9);
	snapshot_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_perf_paranoid_only_where_it_forbids),
	    cmocka_unit_test(test_perf_other_user),
	    cmocka_unit_test(test_ptrace_phrases),
	    cmocka_unit_test(test_read_self),
	    cmocka_unit_test(test_kthread),
	    cmocka_unit_test(test_coverage),
	};

	return ctop_status(cmocka_run_group_tests(tests, NULL, NULL));
}
