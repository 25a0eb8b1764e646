/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_replay: the JSON reader and the replay's round trip.  Snapshots
 * built by hand are written by the real JSON Lines writer and read back:
 * the figures, the threads, the locks and the hot functions (from the
 * recorded interval stacks, summed over the window) come back as they
 * were; unknown stays unknown.  A truncated last line is ignored with a
 * warning naming file:line, a bad line elsewhere and a newer schema are
 * refused.
 */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>

#include <cmocka.h>
/* clang-format on */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "dict.h"
#include "jsonp.h"
#include "profile.h"
#include "replay.h"
#include "snapshot.h"
#include "util.h"

static void test_jsonp(void **state)
{
	const char *t = "{\"a\":[1,-2.5e3,true,null,\"x\\\"\\u00e9\\ud83d\\ude00\"],\"b\":{}}";
	struct jv *v;
	char *cause = NULL;

	(void)state;
	v = jv_parse(t, strlen(t), &cause);
	assert_non_null(v);
	assert_int_equal(jv_len(jv_get(v, "a")), 5);
	assert_true(jv_num(jv_at(jv_get(v, "a"), 1)) == -2500);
	assert_true(jv_true(jv_at(jv_get(v, "a"), 2)));
	assert_true(isnan(jv_num(jv_at(jv_get(v, "a"), 3))));
	assert_string_equal(jv_str(jv_at(jv_get(v, "a"), 4)), "x\"\xc3\xa9\xf0\x9f\x98\x80");
	assert_int_equal(jv_get(v, "b")->type, JV_OBJ);
	assert_null(jv_get(v, "c"));
	assert_true(isnan(jv_getnum(v, "c")));
	jv_free(v);
	/* Errors, each with a cause naming the offset. */
	{
		const char *bad[] = {"{\"a\":1",    "{\"a\" 1}", "[1,]",           "\"abc",
		                     "{\"a\":tru}", "[1] x",     "{\"a\":\"\t\"}", ""};
		for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
			v = jv_parse(bad[i], strlen(bad[i]), &cause);
			if (v != NULL)
				fail_msg("parsed bad JSON: %s", bad[i]);
			assert_non_null(strstr(cause, "at byte"));
		}
	}
	free(cause);
}

/* A snapshot with a profile over d: 30 samples of main;hot and 10 of
 * main;cold in the interval; one lock. */
static struct snapshot *make_snapshot(struct dict *d, unsigned long seq, double ts)
{
	static const double spans[] = {0, 10, INFINITY};
	double covered[] = {1, 10, 10};
	struct snapshot *s = snapshot_new();
	struct profile *p = profile_new(d, spans, 3);
	uint32_t hot[2], cold[2];

	s->seq = seq;
	s->ts = ts;
	s->interval_s = seq == 0 ? NAN : 1.0;
	s->first = seq == 0;
	s->process.pid = 777;
	snprintf(s->process.comm, sizeof s->process.comm, "srv \"x\"");
	s->process.state = 'R';
	s->process.threads = 2;
	s->process.user_pct = 42.5 + (double)seq;
	s->process.sys_pct = NAN;
	s->process.rss_bytes = 123456789;
	s->process.swap_bytes = SNAP_UNKNOWN;
	s->nthreads = 1;
	s->threads = xcalloc(1, sizeof *s->threads);
	s->threads[0].tid = 778;
	snprintf(s->threads[0].comm, sizeof s->threads[0].comm, "worker");
	s->threads[0].cpu_pct = 40;
	s->stacks.sampler.backend = "perf";
	s->stacks.window_s = 10;
	hot[0] = dict_intern_func(d, "hot", "srv");
	hot[1] = cold[1] = dict_intern_func(d, "main", "srv");
	cold[0] = dict_intern_func(d, "cold", "libc.so.6");
	profile_count(p, 778, dict_intern_stack(d, hot, 2), PROF_INTERVAL, 0, 30);
	profile_count(p, 778, dict_intern_stack(d, cold, 2), PROF_INTERVAL, 0, 10);
	profile_seal(p, covered);
	s->stacks.profile = p;
	s->locks.backend = "trace";
	s->locks.nlocks = 1;
	s->locks.locks = xcalloc(1, sizeof *s->locks.locks);
	s->locks.locks[0].name = xstrdup("big_lock");
	s->locks.locks[0].kind = "mutex";
	s->locks.locks[0].wait_ms_per_s = 250 + (double)seq;
	s->locks.locks[0].mean_wait_us = NAN;
	s->locks.locks[0].max_wait_us = NAN;
	return s;
}

static char *record(int n)
{
	char *path = xstrdup("/tmp/ctop-replay-XXXXXX");
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	struct dict *d = dict_new();

	for (int i = 0; i < n; i++) {
		struct snapshot *s = make_snapshot(d, (unsigned long)i, 1700000000 + i);

		batch_write_json(f, s);
		snapshot_free(s);
	}
	dict_unref(d);
	fclose(f);
	return path;
}

static void test_round_trip(void **state)
{
	char *path = record(3), *cause = NULL;
	struct replay *r = replay_open(path, &cause);
	struct snapshot *s;
	struct profile_hot hot[4];
	uint64_t nsamples;
	int n, span;

	(void)state;
	assert_non_null(r);
	assert_null(replay_warning(r));
	assert_int_equal(replay_count(r), 3);
	assert_int_equal(replay_pid(r), 777);
	assert_true(fabs(replay_interval(r) - 1.0) < 1e-9);
	s = replay_snapshot(r, 2);
	assert_int_equal(s->seq, 2);
	assert_int_equal(s->process.pid, 777);
	assert_string_equal(s->process.comm, "srv \"x\"");
	assert_true(s->process.user_pct == 44.5);
	assert_true(isnan(s->process.sys_pct));
	assert_true(s->process.rss_bytes == 123456789);
	assert_true(s->process.swap_bytes == SNAP_UNKNOWN);
	assert_int_equal(s->nthreads, 1);
	assert_string_equal(s->threads[0].comm, "worker");
	assert_int_equal(s->locks.nlocks, 1);
	assert_string_equal(s->locks.locks[0].name, "big_lock");
	/* The lock graph: the top lock over the three lines. */
	assert_int_equal(s->locks.nhist, 3);
	assert_true(s->locks.hist[0] == 250 && s->locks.hist[2] == 252);
	/* Three intervals of 40 samples in the 10 s window, 40 in the last. */
	assert_non_null(s->stacks.profile);
	span = profile_span_find(s->stacks.profile, 10);
	assert_true(span > 0);
	n = profile_hot(s->stacks.profile, 0, span, PROFILE_SORT_SELF, hot, 4, &nsamples);
	assert_true(n >= 2);
	assert_int_equal(nsamples, 120);
	assert_string_equal(hot[0].function, "hot");
	assert_string_equal(hot[0].module, "srv");
	assert_true(fabs(hot[0].self_pct - 75) < 1e-9);
	assert_string_equal(hot[1].module, "libc.so.6");
	n = profile_hot(s->stacks.profile, 0, PROF_INTERVAL, PROFILE_SORT_SELF, hot, 4, &nsamples);
	assert_int_equal(nsamples, 40);
	/* Per thread too. */
	n = profile_hot(s->stacks.profile, 778, span, PROFILE_SORT_SELF, hot, 4, &nsamples);
	assert_int_equal(nsamples, 120);
	snapshot_free(s);
	replay_free(r);
	unlink(path);
	free(path);
}

static void append(const char *path, const char *text)
{
	FILE *f = fopen(path, "a");

	fputs(text, f);
	fclose(f);
}

static void test_truncated_and_refused(void **state)
{
	char *path = record(2), *cause = NULL;
	struct replay *r;

	(void)state;
	/* Half a line at the end: ignored, said. */
	append(path, "{\"ctop\":2,\"ts\":17000");
	r = replay_open(path, &cause);
	assert_non_null(r);
	assert_int_equal(replay_count(r), 2);
	assert_non_null(replay_warning(r));
	assert_non_null(strstr(replay_warning(r), ":3: truncated last line ignored"));
	replay_free(r);
	/* The same line complete but broken, followed by another: an error. */
	append(path, "\n{\"ctop\":2}\n");
	assert_null(replay_open(path, &cause));
	assert_non_null(strstr(cause, ":3: not JSON"));
	free(cause); /* each refusal sets a new cause, the caller's to free */
	cause = NULL;
	unlink(path);
	free(path);
	/* A newer schema. */
	path = record(1);
	append(path, "{\"ctop\":3,\"ts\":1700000009}\n");
	assert_null(replay_open(path, &cause));
	assert_non_null(strstr(cause, ":2: schema version 3 is newer than this ctop reads (2)"));
	free(cause);
	cause = NULL;
	unlink(path);
	free(path);
	/* Not a recording at all. */
	path = record(0);
	append(path, "{\"hello\":1}\n");
	assert_null(replay_open(path, &cause));
	assert_non_null(strstr(cause, "not a ctop recording"));
	free(cause);
	cause = NULL;
	unlink(path);
	free(path);
	/* Empty. */
	path = record(0);
	assert_null(replay_open(path, &cause));
	assert_non_null(strstr(cause, "no snapshots to replay"));
	free(cause);
	cause = NULL;
	unlink(path);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_jsonp),
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_truncated_and_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
