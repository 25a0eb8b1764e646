/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_pmu: the real group/open/read/scale path on this very process,
 * with software events (they count on every machine, PMU or not): page
 * faults we make ourselves must be counted, new threads followed, gone
 * threads read one last time then closed, and the thread cap honoured.
 * The hardware set must either count or say why in a phrase.
 */
#include "cmocka_main.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "perm.h"
#include "pmu.h"
#include "pmu_int.h"
#include "snapshot.h"

#define EVENTS "perf::PAGE-FAULTS,perf::CONTEXT-SWITCHES"
#define EV_FAULTS PMU_NDEFAULT

static void touch_pages(int n)
{
	size_t len = (size_t)n * 4096;
	volatile char *p =
	    mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	assert_true(p != MAP_FAILED);
	madvise((void *)p, len, MADV_NOHUGEPAGE);
	for (size_t off = 0; off < len; off += 4096)
		p[off] = 1;
	munmap((void *)p, len);
}

/* A snapshot with no thread list: pmu lists /proc/self/task itself. */
static struct snapshot *collect(struct pmu *p, double interval)
{
	struct snapshot *s = snapshot_new();

	s->interval_s = interval;
	pmu_collect(p, s);
	return s;
}

static int skip_if_denied(const struct snapshot *s)
{
	const struct snap_counter_event *e = &s->counters.events[EV_FAULTS];

	return strstr(e->reason, "paranoid") != NULL;
}

static void test_counts_own_faults(void **state)
{
	char *cause = NULL;
	struct pmu *p = pmu_new(getpid(), EVENTS, &cause);
	struct snapshot *s;
	const struct snap_counter_event *e;

	(void)state;
	assert_non_null(p);
	s = collect(p, 0);
	if (skip_if_denied(s)) {
		snapshot_free(s);
		pmu_free(p);
		skip();
	}
	assert_int_equal(s->counters.nevents, PMU_NDEFAULT + 2);
	e = &s->counters.events[EV_FAULTS];
	assert_string_equal(e->name, "perf::PAGE-FAULTS");
	assert_int_equal(e->user, 1);
	/* Opened this tick: nothing to difference yet, and it says so. */
	assert_true(isnan(e->value));
	assert_string_equal(e->reason, "first sample");
	assert_true(s->counters.threads_total >= 1);
	snapshot_free(s);

	touch_pages(256);
	s = collect(p, 0.5);
	e = &s->counters.events[EV_FAULTS];
	assert_true(e->value >= 256);
	assert_true(e->value < 256 + 200); /* cmocka and malloc fault a little */
	assert_true(fabs(e->per_s - e->value / 0.5) < 1e-6);
	assert_true(e->running_pct > 99.9); /* software events always run */
	assert_string_equal(e->reason, "");
	assert_int_equal(s->counters.nthreads, 1);
	assert_int_equal(s->counters.threads[0].tid, getpid());
	/* The hardware set: counted, or n/a with a short reason. */
	if (s->counters.available) {
		assert_null(s->counters.reason);
	} else {
		assert_non_null(s->counters.reason);
		assert_true(strlen(s->counters.reason) > 0);
		assert_true(isnan(s->counters.ipc));
		assert_true(isnan(s->counters.events[PMU_EV_CYCLES].value));
		assert_string_equal(s->counters.events[PMU_EV_CYCLES].reason, s->counters.reason);
		assert_true(isnan(s->counters.threads[0].ipc));
	}
	snapshot_free(s);
	pmu_free(p);
}

struct worker {
	sem_t go, touched;
	pid_t tid;
};

static void *worker_run(void *arg)
{
	struct worker *w = arg;

	w->tid = (pid_t)syscall(SYS_gettid);
	sem_post(&w->touched);
	sem_wait(&w->go);
	touch_pages(300);
	return NULL;
}

/* pthread_join returns when the thread cleared its tid, a moment before
 * the kernel drops it from /proc/self/task: wait for that (at most 2 s). */
static void wait_task_gone(pid_t tid)
{
	char path[64];

	snprintf(path, sizeof path, "/proc/self/task/%d", (int)tid);
	for (int i = 0; i < 200 && access(path, F_OK) == 0; i++)
		usleep(10000);
}

static int has_thread(const struct snapshot *s, pid_t tid)
{
	for (int i = 0; i < s->counters.nthreads; i++)
		if (s->counters.threads[i].tid == tid)
			return 1;
	return 0;
}

static void test_follows_threads(void **state)
{
	char *cause = NULL;
	struct pmu *p = pmu_new(getpid(), EVENTS, &cause);
	struct worker w;
	pthread_t th;
	struct snapshot *s;

	(void)state;
	assert_non_null(p);
	s = collect(p, 0);
	if (skip_if_denied(s)) {
		snapshot_free(s);
		pmu_free(p);
		skip();
	}
	snapshot_free(s);
	sem_init(&w.go, 0, 0);
	sem_init(&w.touched, 0, 0);
	assert_int_equal(pthread_create(&th, NULL, worker_run, &w), 0);
	sem_wait(&w.touched);
	/* The new thread is found and opened at this tick. */
	s = collect(p, 1);
	assert_int_equal(s->counters.threads_total, 2);
	assert_true(has_thread(s, w.tid));
	snapshot_free(s);
	/* It faults, then exits before the next tick: its last counts are
	 * read and summed all the same. */
	sem_post(&w.go);
	pthread_join(th, NULL);
	wait_task_gone(w.tid);
	s = collect(p, 1);
	assert_true(s->counters.events[EV_FAULTS].value >= 300);
	assert_int_equal(s->counters.threads_total, 1);
	assert_false(has_thread(s, w.tid));
	snapshot_free(s);
	/* And it was closed: only this thread holds groups now. */
	assert_int_equal(p->nth, 1);
	sem_destroy(&w.go);
	sem_destroy(&w.touched);
	pmu_free(p);
}

static void test_thread_cap(void **state)
{
	char *cause = NULL;
	struct pmu *p = pmu_new(getpid(), EVENTS, &cause);
	struct worker w;
	pthread_t th;
	struct snapshot *s;

	(void)state;
	assert_non_null(p);
	assert_true(p->thread_cap >= 1 && p->thread_cap <= PMU_THREAD_CAP);
	p->thread_cap = 1;
	sem_init(&w.go, 0, 0);
	sem_init(&w.touched, 0, 0);
	assert_int_equal(pthread_create(&th, NULL, worker_run, &w), 0);
	sem_wait(&w.touched);
	s = collect(p, 1);
	assert_int_equal(s->counters.threads_total, 2);
	assert_int_equal(s->counters.thread_cap, 1);
	assert_true(p->nth <= 1);
	snapshot_free(s);
	s = collect(p, 1);
	assert_int_equal(s->counters.nthreads, 1);
	snapshot_free(s);
	sem_post(&w.go);
	pthread_join(th, NULL);
	sem_destroy(&w.go);
	sem_destroy(&w.touched);
	pmu_free(p);
}

/* The snapshot's own thread list, when the collector gives one, decides
 * which threads are counted (busiest first). */
static void test_uses_snapshot_threads(void **state)
{
	char *cause = NULL;
	struct pmu *p = pmu_new(getpid(), EVENTS, &cause);
	struct snapshot *s = snapshot_new();

	(void)state;
	s->nthreads = 1;
	s->threads = calloc(1, sizeof *s->threads);
	s->threads[0].tid = getpid();
	pmu_collect(p, s);
	assert_int_equal(s->counters.threads_total, 1);
	assert_int_equal(p->nth, 1);
	assert_int_equal(p->th[0].tid, getpid());
	snapshot_free(s);
	pmu_free(p);
}

/* A default group too big for the PMU is reopened as two groups, each
 * with both sides of its ratios; the user's group is left alone. */
static void test_split_default(void **state)
{
	char *cause = NULL;
	struct pmu *p = pmu_new(getpid(), EVENTS, &cause);
	struct snapshot *s;
	const struct pmu_thread *t;

	(void)state;
	s = collect(p, 0);
	snapshot_free(s);
	assert_int_equal(p->nth, 1);
	t = &p->th[0];
	assert_int_equal(t->grp[PMU_GROUP_DEFAULT].hi - t->grp[PMU_GROUP_DEFAULT].lo, PMU_NDEFAULT);
	pmu_split_default(p);
	assert_int_equal(p->split, 1);
	assert_ptr_equal(pmu_group_of(t, PMU_EV_CYCLES), pmu_group_of(t, PMU_EV_INSTRUCTIONS));
	assert_ptr_equal(pmu_group_of(t, PMU_EV_BRANCHES), pmu_group_of(t, PMU_EV_BRANCH_MISSES));
	assert_ptr_equal(pmu_group_of(t, PMU_EV_CYCLES), pmu_group_of(t, PMU_EV_BRANCHES));
	assert_ptr_equal(pmu_group_of(t, PMU_EV_CACHE_REFS), pmu_group_of(t, PMU_EV_CACHE_MISSES));
	assert_ptr_not_equal(pmu_group_of(t, PMU_EV_CYCLES), pmu_group_of(t, PMU_EV_CACHE_REFS));
	assert_ptr_equal(pmu_group_of(t, EV_FAULTS), &t->grp[PMU_GROUP_USER]);
	/* The user's events go on counting across the split. */
	touch_pages(100);
	s = collect(p, 1);
	if (!skip_if_denied(s))
		assert_true(s->counters.events[EV_FAULTS].value >= 100);
	assert_int_equal(s->counters.hw_groups, s->counters.available ? 2 : 0);
	snapshot_free(s);
	pmu_free(p);
}

/*
 * The path a real PMU takes (available, ratios, per-thread figures,
 * hints), run here with software events standing in for the hardware set
 * in the very same groups: this machine may have no PMU.  (A group led by
 * perf::TASK-CLOCK counted no page faults on a self-monitored thread
 * here, so page faults stand in for every event.)
 */
static void test_available_path(void **state)
{
	static const char *const stand_in[PMU_NDEFAULT] = {
	    [PMU_EV_CYCLES] = "perf::PAGE-FAULTS",     [PMU_EV_INSTRUCTIONS] = "perf::PAGE-FAULTS",
	    [PMU_EV_BRANCHES] = "perf::PAGE-FAULTS",   [PMU_EV_BRANCH_MISSES] = "perf::PAGE-FAULTS",
	    [PMU_EV_CACHE_REFS] = "perf::PAGE-FAULTS", [PMU_EV_CACHE_MISSES] = "perf::PAGE-FAULTS",
	};
	char *cause = NULL;
	struct pmu *p = pmu_new(getpid(), NULL, &cause);
	struct snapshot *s = NULL;
	const struct snap_counters *c;
	int memory_bound = 0;

	(void)state;
	assert_non_null(p);
	for (int e = 0; e < PMU_NDEFAULT; e++)
		assert_int_equal(pmu_event_encode(stand_in[e], &p->ev[e].attr, &cause), 0);
	s = collect(p, 0);
	if (!s->counters.available && strstr(s->counters.reason, "paranoid") != NULL) {
		snapshot_free(s);
		pmu_free(p);
		skip();
	}
	assert_true(s->counters.available);
	snapshot_free(s);
	for (int tick = 0; tick < PMU_HINT_HOLD; tick++) {
		touch_pages(200);
		s = collect(p, 1);
		c = &s->counters;
		assert_true(c->available);
		assert_null(c->reason);
		assert_int_equal(c->hw_groups, 1);
		assert_int_equal(c->scaled, 0);
		assert_true(c->running_pct > 99.9);
		assert_true(c->events[PMU_EV_INSTRUCTIONS].value >= 200);
		/* The same event on both sides of every ratio, in one group:
		 * exactly 1, which a group read guarantees and separate
		 * reads would not. */
		assert_true(c->ipc == 1.0);
		assert_true(c->cache_miss_pct == 100.0);
		assert_true(c->branch_miss_pct == 100.0);
		assert_true(c->mpki == 1000.0);
		assert_int_equal(c->nthreads, 1);
		assert_true(c->threads[0].ipc == 1.0);
		assert_true(c->threads[0].cache_miss_pct == 100.0);
		memory_bound = 0;
		for (int i = 0; i < c->nhints; i++)
			if (strstr(c->hints[i], "memory-bound") != NULL)
				memory_bound = 1;
		/* Debounced: shown only on the PMU_HINT_HOLD-th tick. */
		assert_int_equal(memory_bound, tick == PMU_HINT_HOLD - 1);
		snapshot_free(s);
	}
	pmu_free(p);
}

/* The reasons are short phrases a user can act on; a permission error
 * names perf_event_paranoid only where its value forbids the event. */
static void test_reason_phrases(void **state)
{
	char buf[160];
	struct perm_ctx pc = {.paranoid = 2};

	(void)state;
	pmu_errno_phrase(&pc, EACCES, PERF_TYPE_HARDWARE, 1, buf, sizeof buf);
	assert_string_equal(buf,
	                    "perf_event_paranoid=2: kernel mode needs <= 1, root or CAP_PERFMON");
	/* User mode on one's own process: paranoid 2 allows it, so it is
	 * not the reason. */
	pmu_errno_phrase(&pc, EACCES, PERF_TYPE_HARDWARE, 0, buf, sizeof buf);
	assert_null(strstr(buf, "perf_event_paranoid=2:"));
	assert_non_null(strstr(buf, "allows it"));
	/* No hardware event: no PMU at all, or this CPU lacks the event. */
	pmu_errno_phrase(&pc, ENOENT, PERF_TYPE_HARDWARE, 0, buf, sizeof buf);
	if (access("/sys/bus/event_source/devices/cpu", F_OK) == 0)
		assert_string_equal(buf, "event not supported by this CPU");
	else
		assert_string_equal(buf, "no PMU exposed");
	pmu_errno_phrase(&pc, ENOENT, PERF_TYPE_SOFTWARE, 0, buf, sizeof buf);
	assert_string_equal(buf, "event not supported by this kernel");
	pmu_errno_phrase(&pc, EMFILE, PERF_TYPE_SOFTWARE, 0, buf, sizeof buf);
	assert_string_equal(buf, "out of file descriptors");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_counts_own_faults), cmocka_unit_test(test_follows_threads),
	    cmocka_unit_test(test_thread_cap),        cmocka_unit_test(test_uses_snapshot_threads),
	    cmocka_unit_test(test_split_default),     cmocka_unit_test(test_available_path),
	    cmocka_unit_test(test_reason_phrases),
	};

	return ctop_status(cmocka_run_group_tests(tests, NULL, NULL));
}
