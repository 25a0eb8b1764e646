/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_pmu_batch: the counters section of the batch writers, on hand-built
 * snapshots: unknown is null with the reason (never 0), measured figures
 * are numbers, and the text line says "IPC n/a (reason)".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "snapshot.h"

typedef void (*writer)(FILE *, const struct snapshot *);

static char *write_to_string(writer fn, const struct snapshot *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	fn(f, s);
	fclose(f);
	return buf;
}

/* How many members of out are a plain 0. */
static int count_zeros(const char *out)
{
	int n = 0;

	for (size_t i = 0; out[i] != '\0'; i++)
		if (out[i] == ':' && out[i + 1] == '0' && (out[i + 2] == ',' || out[i + 2] == '}'))
			n++;
	return n;
}

static void fill_events(struct snapshot *s, int n)
{
	s->counters.nevents = n;
	s->counters.events = calloc((size_t)n, sizeof *s->counters.events);
	for (int i = 0; i < n; i++) {
		struct snap_counter_event *e = &s->counters.events[i];

		snprintf(e->name, sizeof e->name, "ev%d", i);
		e->value = e->per_s = e->running_pct = NAN;
		snprintf(e->reason, sizeof e->reason, "no PMU exposed");
	}
}

static void test_json_unavailable(void **state)
{
	struct snapshot *s = snapshot_new();
	char *out;

	(void)state;
	s->counters.reason = "no PMU exposed";
	fill_events(s, 7);
	snprintf(s->counters.events[6].name, sizeof s->counters.events[6].name,
	         "perf::PAGE-FAULTS");
	s->counters.events[6].user = 1;
	s->counters.events[6].value = 4100;
	s->counters.events[6].per_s = 4100;
	s->counters.events[6].running_pct = 100;
	s->counters.events[6].reason[0] = '\0';
	s->counters.nthreads = 1;
	s->counters.threads = calloc(1, sizeof *s->counters.threads);
	s->counters.threads[0] = (struct snap_counter_thread){42, NAN, NAN, NAN, NAN};
	s->counters.threads_total = 1;
	s->counters.thread_cap = 64;
	out = write_to_string(batch_json_counters, s);
	assert_true(strncmp(out, ",\"counters\":{", 13) == 0);
	assert_non_null(strstr(out, "\"available\":false"));
	assert_non_null(strstr(out, "\"reason\":\"no PMU exposed\""));
	assert_non_null(strstr(out, "\"ipc\":null"));
	assert_non_null(strstr(out, "\"cache_miss_pct\":null"));
	assert_non_null(strstr(out, "\"branch_miss_pct\":null"));
	assert_non_null(strstr(out, "\"mpki\":null"));
	assert_non_null(strstr(out, "\"running_pct\":null"));
	assert_non_null(strstr(out, "\"scaled\":false"));
	assert_non_null(strstr(out, "{\"name\":\"ev0\",\"value\":null,\"per_s\":null"));
	assert_non_null(strstr(out, "{\"name\":\"perf::PAGE-FAULTS\",\"value\":4100,\"per_s\":4100,"
	                            "\"running_pct\":100,\"user\":true,\"reason\":null}"));
	assert_non_null(strstr(out, "\"threads\":[{\"tid\":42,\"ipc\":null"));
	assert_non_null(strstr(out, "\"threads_counted\":1,\"threads_total\":1,\"thread_cap\":64"));
	assert_non_null(strstr(out, "\"hints\":[]}"));
	/* Nothing unknown became 0: the one 0 is the count of groups open. */
	assert_non_null(strstr(out, "\"hw_groups\":0,"));
	assert_int_equal(count_zeros(out), 1);
	free(out);

	out = write_to_string(batch_text_counters, s);
	assert_non_null(strstr(out, "IPC n/a (no PMU exposed)\n"));
	assert_non_null(strstr(out, "perf::PAGE-FAULTS 4100/s"));
	free(out);
	snapshot_free(s);
}

static void test_json_available(void **state)
{
	struct snapshot *s = snapshot_new();
	char *out;

	(void)state;
	fill_events(s, 6);
	s->counters.available = 1;
	s->counters.ipc = 0.5;
	s->counters.cache_miss_pct = 12.5;
	s->counters.branch_miss_pct = 0;
	s->counters.mpki = 3;
	s->counters.scaled = 1;
	s->counters.running_pct = 50;
	s->counters.hints[0] = "memory-bound: many cache misses";
	s->counters.nhints = 1;
	s->counters.threads_total = 500;
	s->counters.thread_cap = 64;
	s->counters.nthreads = 0;
	out = write_to_string(batch_json_counters, s);
	assert_non_null(strstr(out, "\"available\":true,\"reason\":null,\"ipc\":0.5,"
	                            "\"cache_miss_pct\":12.5,\"branch_miss_pct\":0,\"mpki\":3,"
	                            "\"scaled\":true,\"running_pct\":50"));
	assert_non_null(strstr(out, "\"hints\":[\"memory-bound: many cache misses\"]}"));
	free(out);
	out = write_to_string(batch_text_counters, s);
	assert_non_null(strstr(out, "IPC 0.50  cache miss 12.5% (3.0 MPKI)  branch miss 0.0%"));
	assert_non_null(strstr(out, "[scaled, ran 50%]"));
	assert_non_null(strstr(out, "[0 of 500 threads]"));
	assert_non_null(strstr(out, "hint: memory-bound"));
	free(out);
	snapshot_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_json_unavailable),
	    cmocka_unit_test(test_json_available),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
