/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_snapshot: the rate maths every collector shares (unknown in,
 * unknown out; a counter that went backwards is unknown, not negative),
 * the thread lookup, and that a fresh snapshot says "unknown" for the
 * figures nobody has measured yet.  snapshot_free is run on a snapshot
 * that owns everything it can own (arrays, a reason, a profile still
 * referenced elsewhere): valgrind or a sanitizer sees a leak or a double
 * free there, and the profile must survive for its other holder.
 */
#include "config.h"

#include "cmocka_main.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "profile.h"
#include "snapshot.h"
#include "util.h"

static void test_rate_normal(void **state)
{
	(void)state;
	assert_true(snapshot_rate(100, 300, 2.0) == 100.0);
	assert_true(snapshot_rate(5, 5, 0.5) == 0.0);
	assert_true(snapshot_rate(0, 1, 0.25) == 4.0);
	/* Large counters keep their precision well enough. */
	assert_true(fabs(snapshot_rate(1ull << 50, (1ull << 50) + 1000, 1.0) - 1000.0) < 1e-6);
	/* The largest known value is still a value. */
	assert_true(snapshot_rate(0, SNAP_UNKNOWN - 1, 1.0) > 1e18);
}

static void test_rate_unknown(void **state)
{
	(void)state;
	/* No time passed, or time went backwards: no rate. */
	assert_true(isnan(snapshot_rate(1, 2, 0)));
	assert_true(isnan(snapshot_rate(1, 2, -1)));
	assert_true(isnan(snapshot_rate(1, 2, NAN)));
	/* Either side unknown. */
	assert_true(isnan(snapshot_rate(SNAP_UNKNOWN, 2, 1)));
	assert_true(isnan(snapshot_rate(1, SNAP_UNKNOWN, 1)));
	assert_true(isnan(snapshot_rate(SNAP_UNKNOWN, SNAP_UNKNOWN, 1)));
	/* A counter that went backwards (reused id, reset). */
	assert_true(isnan(snapshot_rate(10, 9, 1)));
	assert_true(isnan(snapshot_rate(UINT64_MAX - 2, 0, 1)));
}

static void test_new_says_unknown(void **state)
{
	struct snapshot *s = snapshot_new();

	(void)state;
	assert_true(isnan(s->counters.ipc));
	assert_true(isnan(s->counters.cache_miss_pct));
	assert_true(isnan(s->counters.branch_miss_pct));
	assert_true(isnan(s->counters.mpki));
	assert_true(isnan(s->counters.running_pct));
	assert_true(isnan(s->memory.rss_growth_bytes_per_s));
	assert_int_equal(s->nthreads, 0);
	assert_null(s->threads);
	assert_null(s->stacks.profile);
	assert_null(snapshot_thread(s, 1));
	snapshot_free(s);
	snapshot_free(NULL);
}

static void test_thread_lookup(void **state)
{
	struct snapshot *s = snapshot_new();
	static const pid_t tids[] = {300, 17, 4242, 18};

	(void)state;
	s->nthreads = (int)CTOP_ARRAY_LEN(tids);
	s->threads = xcalloc(CTOP_ARRAY_LEN(tids), sizeof *s->threads);
	for (size_t i = 0; i < CTOP_ARRAY_LEN(tids); i++) {
		s->threads[i].tid = tids[i];
		snprintf(s->threads[i].comm, sizeof s->threads[i].comm, "t%d", (int)tids[i]);
	}
	for (size_t i = 0; i < CTOP_ARRAY_LEN(tids); i++) {
		const struct snap_thread *t = snapshot_thread(s, tids[i]);

		assert_ptr_equal(t, &s->threads[i]);
		assert_int_equal(t->tid, tids[i]);
	}
	assert_null(snapshot_thread(s, 0));
	assert_null(snapshot_thread(s, 19));
	assert_null(snapshot_thread(s, -1));
	/* Only the first nthreads entries count. */
	s->nthreads = 2;
	assert_null(snapshot_thread(s, 4242));
	s->nthreads = 4;
	snapshot_free(s);
}

/* A snapshot owning all it can: freed without a leak, and the profile
 * stays whole for its other holder. */
static void test_free_everything(void **state)
{
	static const double spans[] = {0, INFINITY};
	struct snapshot *s = snapshot_new();
	struct dict *d = dict_new();
	struct profile *p = profile_new(d, spans, 2);
	uint32_t f, st;
	struct profile_hot hot[2];

	(void)state;
	f = dict_intern_func(d, "main", "prog");
	st = dict_intern_stack(d, &f, 1);
	profile_count(p, 1, st, 0, 0, 3);
	profile_seal(p, NULL);
	dict_unref(d); /* the profile holds its own reference */
	s->stacks.profile = profile_ref(p);
	s->system.ncpus = 2;
	s->system.cpus = xcalloc(2, sizeof *s->system.cpus);
	s->system.ndisks = 1;
	s->system.disks = xcalloc(1, sizeof *s->system.disks);
	s->nthreads = 1;
	s->threads = xcalloc(1, sizeof *s->threads);
	s->counters.nevents = 3;
	s->counters.events = xcalloc(3, sizeof *s->counters.events);
	s->counters.nthreads = 1;
	s->counters.threads = xcalloc(1, sizeof *s->counters.threads);
	s->counters.owned_reason = xstrdup("counters: no permission");
	s->counters.reason = s->counters.owned_reason;
	snapshot_free(s);
	/* Still ours, and still answers. */
	assert_int_equal(p->refs, 1);
	assert_int_equal(profile_hot(p, 0, PROF_INTERVAL, PROFILE_SORT_SELF, hot, 2, NULL), 1);
	assert_string_equal(hot[0].function, "main");
	assert_int_equal(hot[0].samples, 3);
	profile_unref(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rate_normal),      cmocka_unit_test(test_rate_unknown),
	    cmocka_unit_test(test_new_says_unknown), cmocka_unit_test(test_thread_lookup),
	    cmocka_unit_test(test_free_everything),
	};

	return ctop_status(cmocka_run_group_tests(tests, NULL, NULL));
}
