/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_batch_hot: the hot-functions section of the batch writers on
 * snapshots whose profile is built by hand (dict + profile_count), so
 * every figure is known in advance.  The JSON "hot" array ranks the
 * interval's functions by self samples, with their self and total shares;
 * samples outside the interval (older, or the span before) stay out; the
 * "sampler" object carries the sampler's figures, null for unknown.  The
 * text form has a header line and at most ten rows, and with sampling off
 * says n/a with the reason.
 */
#include "config.h"

#include "cmocka_main.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "dict.h"
#include "json_path.h"
#include "profile.h"
#include "snapshot.h"
#include "util.h"

static const double spans[] = {0, 10, INFINITY};
#define SPAN_WINDOW 1
#define SPAN_ATTACH 2

/* Interns the stack of function ids given root first, returns its id. */
static uint32_t stack_of(struct dict *d, const uint32_t *root_first, uint32_t n)
{
	uint32_t leaf_first[16];

	assert_true(n <= 16);
	for (uint32_t i = 0; i < n; i++)
		leaf_first[i] = root_first[n - 1 - i];
	return dict_intern_stack(d, leaf_first, n);
}

/*
 * In the interval, 10 samples: main>work>leaf_a 6 (5 on thread 11, 1 on
 * 12), main>work>leaf_b 3, main>work 1.  Self: leaf_a 60 %, leaf_b 30 %,
 * work 10 %, main 0; total: main and work 100 %.  Older samples of "cold"
 * (window and since attach only) and of "before" (the span before the
 * window) must not show.
 */
static struct snapshot *make_snapshot(void)
{
	struct snapshot *s = snapshot_new();
	struct dict *d = dict_new();
	struct profile *p = profile_new(d, spans, 3);
	uint32_t f_main = dict_intern_func(d, "main", "prog");
	uint32_t f_work = dict_intern_func(d, "work", "prog");
	uint32_t f_a = dict_intern_func(d, "leaf_a", "libc.so.6");
	uint32_t f_b = dict_intern_func(d, "leaf_\"b\"", "prog");
	uint32_t f_cold = dict_intern_func(d, "cold", "prog");
	uint32_t f_before = dict_intern_func(d, "before", "prog");
	uint32_t sa[] = {f_main, f_work, f_a}, sb[] = {f_main, f_work, f_b};
	uint32_t sw[] = {f_main, f_work}, sc[] = {f_main, f_cold}, sp[] = {f_main, f_before};
	uint32_t st_a = stack_of(d, sa, 3), st_b = stack_of(d, sb, 3), st_w = stack_of(d, sw, 2);
	uint32_t st_c = stack_of(d, sc, 2), st_p = stack_of(d, sp, 2);
	double covered[] = {1, 10, 60};

	for (int span = 0; span < 3; span++) {
		profile_count(p, 11, st_a, span, 0, 5);
		profile_count(p, 12, st_a, span, 0, 1);
		profile_count(p, 11, st_b, span, 0, 3);
		profile_count(p, 12, st_w, span, 0, 1);
	}
	profile_count(p, 11, st_c, SPAN_WINDOW, 0, 40);
	profile_count(p, 11, st_c, SPAN_ATTACH, 0, 90);
	profile_count(p, 11, st_p, PROF_INTERVAL, 1, 70);
	profile_count(p, 11, st_p, SPAN_WINDOW, 1, 70);
	profile_seal(p, covered);
	dict_unref(d);
	s->stacks.profile = p;
	s->stacks.interval_samples = 10;
	s->stacks.window_s = 10;
	s->stacks.sampler.kernel = 1;
	s->stacks.sampler.backend = "perf";
	s->stacks.sampler.rate_hz = 99;
	s->stacks.sampler.requested_hz = 99;
	s->stacks.sampler.samples = 1234;
	s->stacks.sampler.lost = 2;
	s->stacks.sampler.held_us_avg = NAN;
	s->stacks.sampler.held_pct = NAN;
	return s;
}

static char *write_with(void (*writer)(FILE *, const struct snapshot *), const struct snapshot *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	writer(f, s);
	fclose(f);
	return buf;
}

/* The JSON section is a run of members; an object around them parses. */
static char *json_of(const struct snapshot *s)
{
	char *frag = write_with(batch_json_stacks, s), *json;

	assert_true(frag[0] == ',');
	json = xasprintf("{\"x\":0%s}", frag);
	free(frag);
	if (!jp_valid(json))
		fail_msg("invalid JSON: %s", json);
	return json;
}

static void test_json_hot_ranked_by_self(void **state)
{
	struct snapshot *s = make_snapshot();
	char *j = json_of(s);

	(void)state;
	assert_json(j, "hot_interval.0.function", "\"leaf_a\"");
	assert_json(j, "hot_interval.0.module", "\"libc.so.6\"");
	assert_json(j, "hot_interval.0.self_pct", "60");
	assert_json(j, "hot_interval.0.total_pct", "60");
	assert_json(j, "hot_interval.0.samples", "6");
	assert_json(j, "hot_interval.1.function", "\"leaf_\\\"b\\\"\"");
	assert_json(j, "hot_interval.1.self_pct", "30");
	assert_json(j, "hot_interval.1.samples", "3");
	assert_json(j, "hot_interval.2.function", "\"work\"");
	assert_json(j, "hot_interval.2.self_pct", "10");
	assert_json(j, "hot_interval.2.total_pct", "100");
	assert_json(j, "hot_interval.2.samples", "1");
	/* No self samples: ranked after, with its total. */
	assert_json(j, "hot_interval.3.function", "\"main\"");
	assert_json(j, "hot_interval.3.self_pct", "0");
	assert_json(j, "hot_interval.3.total_pct", "100");
	assert_json(j, "hot_interval.3.samples", "0");
	/* Older samples and the span before stay out of the interval. */
	assert_json(j, "hot_interval.4", "(absent)");
	/* "hot" is the 10 s window: 40 older samples of cold lead it. */
	assert_json(j, "hot_window_s", "10");
	assert_json(j, "hot_window_samples", "50");
	assert_json(j, "hot.0.function", "\"cold\"");
	assert_json(j, "hot.0.self_pct", "80");
	assert_json(j, "hot.1.function", "\"leaf_a\"");
	assert_json(j, "hot.1.self_pct", "12");
	assert_json(j, "hot.5", "(absent)");
	assert_null(strstr(j, "before"));
	free(j);
	snapshot_free(s);
}

static void test_json_sampler(void **state)
{
	struct snapshot *s = make_snapshot();
	char *j = json_of(s);

	(void)state;
	assert_json(j, "sampler.backend", "\"perf\"");
	assert_json(j, "sampler.rate_hz", "99");
	assert_json(j, "sampler.requested_hz", "99");
	assert_json(j, "sampler.samples", "1234");
	assert_json(j, "sampler.lost", "2");
	assert_json(j, "sampler.held_us_avg", "null");
	assert_json(j, "sampler.held_pct", "null");
	assert_json(j, "sampler.interval_samples", "10");
	assert_json(j, "sampler.reason", "null");
	free(j);
	/* ptrace: the hold figures are numbers; a degraded rate says why. */
	s->stacks.sampler.backend = "ptrace";
	s->stacks.sampler.rate_hz = 49.5;
	s->stacks.sampler.held_us_avg = 12.25;
	s->stacks.sampler.held_pct = 0.5;
	s->stacks.sampler.reason = "rate lowered: over the CPU budget";
	j = json_of(s);
	assert_json(j, "sampler.backend", "\"ptrace\"");
	assert_json(j, "sampler.rate_hz", "49.5");
	assert_json(j, "sampler.held_us_avg", "12.25");
	assert_json(j, "sampler.held_pct", "0.5");
	assert_json(j, "sampler.reason", "\"rate lowered: over the CPU budget\"");
	assert_json(j, "hot_interval.0.function", "\"leaf_a\"");
	free(j);
	snapshot_free(s);
}

static struct snapshot *make_off(void)
{
	struct snapshot *s = snapshot_new();

	s->stacks.sampler.backend = "off";
	s->stacks.sampler.reason = "sampling off (-F 0)";
	s->stacks.sampler.requested_hz = 0;
	s->stacks.sampler.held_us_avg = NAN;
	s->stacks.sampler.held_pct = NAN;
	return s;
}

static void test_json_sampling_off(void **state)
{
	struct snapshot *s = make_off();
	char *j = json_of(s);

	(void)state;
	assert_json(j, "hot", "[]");
	assert_json(j, "sampler.backend", "\"off\"");
	assert_json(j, "sampler.reason", "\"sampling off (-F 0)\"");
	assert_json(j, "sampler.samples", "0");
	assert_json(j, "sampler.held_us_avg", "null");
	free(j);
	snapshot_free(s);
}

/* The line of out that contains what, as a copy; fails when none. */
static char *line_with(const char *out, const char *what)
{
	const char *p = strstr(out, what), *b, *e;

	if (p == NULL)
		fail_msg("no line with '%s' in:\n%s", what, out);
	for (b = p; b > out && b[-1] != '\n'; b--)
		;
	e = strchr(p, '\n');
	return strndup(b, e != NULL ? (size_t)(e - b) : strlen(b));
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

static void test_text(void **state)
{
	struct snapshot *s = make_snapshot();
	char *out = write_with(batch_text_stacks, s), *line;
	char self[16], total[16], samples[16], fn[64], mod[64];
	static const char head[] =
	    "Hot (last 10 s): perf, 99 Hz, 50 samples in the window, 10 this interval, 2 lost\n";

	(void)state;
	/* The text shows the window, as the panel does. */
	assert_true(strncmp(out, head, sizeof head - 1) == 0);
	assert_non_null(strstr(out, "SELF%"));
	/* Header, column names, five functions. */
	assert_int_equal(count_lines(out), 7);
	line = line_with(out, "leaf_a");
	assert_int_equal(sscanf(line, "%15s %15s %15s %63s %63s", self, total, samples, fn, mod),
	                 5);
	assert_string_equal(self, "12.0");
	assert_string_equal(total, "12.0");
	assert_string_equal(samples, "6");
	assert_string_equal(mod, "libc.so.6");
	free(line);
	line = line_with(out, " main ");
	assert_int_equal(sscanf(line, "%15s %15s %15s %63s", self, total, samples, fn), 4);
	assert_string_equal(self, "0.0");
	assert_string_equal(total, "100.0");
	free(line);
	/* Ranked: cold before leaf_a before leaf_"b" before work before main. */
	assert_true(strstr(out, " cold ") < strstr(out, "leaf_a"));
	assert_true(strstr(out, "leaf_a") < strstr(out, "leaf_\"b\""));
	assert_true(strstr(out, "leaf_\"b\"") < strstr(out, " work "));
	assert_true(strstr(out, " work ") < strstr(out, " main "));
	assert_null(strstr(out, "before"));
	/* Kernel refused: the text says so, with the system-time share. */
	free(out);
	s->stacks.sampler.kernel = 0;
	s->stacks.sampler.kernel_reason = "perf_event_paranoid is 2";
	s->stacks.window_sys_pct = 25;
	out = write_with(batch_text_stacks, s);
	assert_non_null(strstr(out, "Hot: kernel not sampled (perf_event_paranoid is 2): system "
	                            "time was 25 % of the process's CPU in the window\n"));
	free(out);
	snapshot_free(s);
}

static void test_text_sampling_off(void **state)
{
	struct snapshot *s = make_off();
	char *out = write_with(batch_text_stacks, s);

	(void)state;
	assert_string_equal(out, "Hot: sampling n/a (sampling off (-F 0))\n");
	free(out);
	snapshot_free(s);
	/* A sampler that has a reason and took nothing this interval. */
	s = make_snapshot();
	s->stacks.sampler.backend = "ptrace";
	s->stacks.sampler.reason = "no thread could be traced";
	s->stacks.interval_samples = 0;
	out = write_with(batch_text_stacks, s);
	assert_string_equal(out, "Hot: sampling n/a (no thread could be traced)\n");
	free(out);
	/* The same reason with samples: the figures are shown. */
	s->stacks.interval_samples = 10;
	out = write_with(batch_text_stacks, s);
	assert_true(strncmp(out, "Hot (last 10 s): ptrace, 99 Hz, 50 samples", 42) == 0);
	assert_non_null(strstr(out, "leaf_a"));
	free(out);
	snapshot_free(s);
}

/* Many functions: ten rows in text, fifty in JSON, the hottest first;
 * a long name is cut in the middle to its column. */
static void test_row_limits(void **state)
{
	struct snapshot *s = snapshot_new();
	struct dict *d = dict_new();
	struct profile *p = profile_new(d, spans, 3);
	uint32_t f_main = dict_intern_func(d, "main", "prog");
	char name[128], *out, *j;

	(void)state;
	for (int i = 0; i < 60; i++) {
		uint32_t ids[2], st;

		if (i == 0)
			snprintf(name, sizeof name, "%s_end",
			         "a_very_long_function_name_that_does_not_fit_in_its_column");
		else
			snprintf(name, sizeof name, "fn%02d", i);
		ids[0] = f_main;
		ids[1] = dict_intern_func(d, name, "prog");
		st = stack_of(d, ids, 2);
		profile_count(p, 11, st, PROF_INTERVAL, 0, (uint32_t)(100 - i));
		profile_count(p, 11, st, SPAN_WINDOW, 0, (uint32_t)(100 - i));
	}
	profile_seal(p, NULL);
	dict_unref(d);
	s->stacks.profile = p;
	s->stacks.interval_samples = 4230;
	s->stacks.window_s = 10;
	s->stacks.sampler.kernel = 1;
	s->stacks.sampler.backend = "perf";
	s->stacks.sampler.rate_hz = 99;
	out = write_with(batch_text_stacks, s);
	/* Header, column names, ten rows. */
	assert_int_equal(count_lines(out), 12);
	assert_non_null(strstr(out, " fn09 "));
	assert_null(strstr(out, " fn10 "));
	assert_null(strstr(out, "a_very_long_function_name_that_does_not_fit_in_its_column"));
	assert_non_null(strstr(out, "~"));
	assert_non_null(strstr(out, "column_end"));
	free(out);
	j = json_of(s);
	assert_json(j, "hot.0.function",
	            "\"a_very_long_function_name_that_does_not_fit_in_its_column_end\"");
	assert_json(j, "hot.49.function", "\"fn49\"");
	assert_json(j, "hot.50", "(absent)");
	free(j);
	snapshot_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_json_hot_ranked_by_self), cmocka_unit_test(test_json_sampler),
	    cmocka_unit_test(test_json_sampling_off),       cmocka_unit_test(test_text),
	    cmocka_unit_test(test_text_sampling_off),       cmocka_unit_test(test_row_limits),
	};

	return ctop_status(cmocka_run_group_tests(tests, NULL, NULL));
}
