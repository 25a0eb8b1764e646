/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_batch: the JSON Lines and text writers on hand-built snapshots.
 * The JSON line is checked by a small validating parser (so a stray comma
 * or an unescaped quote fails), then every contract key and value is
 * looked up by its path (json_path.h), in its own section: io.reason is
 * io's, and a "reason" of the sampler or a figure of a thread does not
 * stand in for it.  Null for unknown figures, escaping, and being exactly
 * one line.  The text form must say n/a for unknown figures.
 */
#include "cmocka_main.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "json_path.h"
#include "snapshot.h"
#include "util.h"

/* ---- fixtures ---- */

static struct snapshot *make_snapshot(void)
{
	struct snapshot *s = snapshot_new();

	s->ts = 1763766000.25;
	s->mono = 100;
	s->interval_s = 1.0;
	s->process.pid = 4242;
	snprintf(s->process.comm, sizeof s->process.comm, "we\"ird\\name\t");
	snprintf(s->process.cmdline, sizeof s->process.cmdline, "/bin/x --flag");
	s->process.state = 'R';
	s->process.threads = 2;
	s->process.uptime_s = 3600;
	s->process.cpu_pct = 99.5;
	s->process.user_pct = 90;
	s->process.sys_pct = 9.5;
	s->process.rss_bytes = 10 << 20;
	s->process.rss_anon_bytes = 8 << 20;
	s->process.rss_file_bytes = 2 << 20;
	s->process.rss_shmem_bytes = 0;
	s->process.swap_bytes = SNAP_UNKNOWN;
	s->process.vsz_bytes = 100 << 20;
	s->process.minflt_per_s = 12;
	s->process.majflt_per_s = 0;
	s->process.ctxsw_voluntary_per_s = 3;
	s->process.ctxsw_involuntary_per_s = NAN;
	s->memory.rss_bytes = 10 << 20;
	s->memory.rss_growth_bytes_per_s = NAN;
	s->io.rchar_per_s = s->io.wchar_per_s = NAN;
	s->io.syscr_per_s = s->io.syscw_per_s = NAN;
	s->io.read_bytes_per_s = s->io.write_bytes_per_s = NAN;
	s->io.reason = "no permission to read /proc/PID/io";
	s->system.ncpus = 2;
	s->system.cpus = xcalloc(2, sizeof *s->system.cpus);
	for (int i = 0; i < 2; i++) {
		s->system.cpus[i].cpu = i;
		s->system.cpus[i].user_pct = 50;
		s->system.cpus[i].sys_pct = 5;
		s->system.cpus[i].iowait_pct = 1;
		s->system.cpus[i].steal_pct = NAN;
	}
	s->system.total.cpu = -1;
	s->system.mem_total_bytes = 1ull << 34;
	s->system.mem_available_bytes = 1ull << 33;
	s->system.load1 = 1.5;
	s->system.ndisks = 1;
	s->system.disks = xcalloc(1, sizeof *s->system.disks);
	snprintf(s->system.disks[0].name, sizeof s->system.disks[0].name, "vda");
	s->system.disks[0].util_pct = NAN;
	s->nthreads = 2;
	s->threads = xcalloc(2, sizeof *s->threads);
	s->threads[0].tid = 4243;
	snprintf(s->threads[0].comm, sizeof s->threads[0].comm, "spinner");
	s->threads[0].state = 'R';
	s->threads[0].cpu_pct = 99;
	s->threads[1].tid = 4242;
	snprintf(s->threads[1].comm, sizeof s->threads[1].comm, "main");
	s->threads[1].state = 'S';
	s->threads[1].cpu_pct = NAN;
	s->threads[1].io.wchar_per_s = NAN;
	return s;
}

static __attribute__((noinline)) char *write_with(void (*writer)(FILE *, const struct snapshot *),
                                                  const struct snapshot *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	writer(f, s);
	fclose(f);
	return buf;
}

/* Every contract key, looked for in its own section. */
static void assert_keys(const char *json, const char *section, const char *const *keys, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char path[128];
		size_t len;

		snprintf(path, sizeof path, "%s%s%s", section, section[0] != '\0' ? "." : "",
		         keys[i]);
		if (jp_find(json, path, &len) == NULL)
			fail_msg("key %s missing", path);
	}
}

static void test_json_contract(void **state)
{
	static const char *const top[] = {"ctop",   "ts", "interval_s", "process",
	                                  "memory", "io", "system",     "threads"};
	static const char *const process[] = {"pid",
	                                      "comm",
	                                      "state",
	                                      "threads",
	                                      "cpu_pct",
	                                      "user_pct",
	                                      "sys_pct",
	                                      "rss_bytes",
	                                      "rss_anon_bytes",
	                                      "rss_file_bytes",
	                                      "swap_bytes",
	                                      "vsz_bytes",
	                                      "minflt_per_s",
	                                      "majflt_per_s",
	                                      "ctxsw_voluntary_per_s",
	                                      "ctxsw_involuntary_per_s"};
	static const char *const memory[] = {"rss_bytes", "rss_growth_bytes_per_s",
	                                     "growth_window_s"};
	static const char *const io[] = {"rchar_per_s", "wchar_per_s",      "syscr_per_s",
	                                 "syscw_per_s", "read_bytes_per_s", "write_bytes_per_s",
	                                 "reason"};
	static const char *const sys[] = {"cpu_total",           "cpus",  "mem_total_bytes",
	                                  "mem_available_bytes", "load1", "disks"};
	static const char *const cpu[] = {"cpu", "user_pct", "sys_pct", "iowait_pct", "steal_pct"};
	struct snapshot *s = make_snapshot();
	char *out = write_with(batch_write_json, s);
	size_t len = strlen(out);

	(void)state;
	/* One line, ending in a newline, and valid JSON. */
	assert_true(len > 2);
	assert_int_equal(out[len - 1], '\n');
	assert_ptr_equal(strchr(out, '\n'), out + len - 1);
	out[len - 1] = '\0';
	if (!jp_valid(out))
		fail_msg("invalid JSON: %s", out);
	assert_true(strncmp(out, "{\"ctop\":2,", 10) == 0);
	assert_keys(out, "", top, CTOP_ARRAY_LEN(top));
	assert_keys(out, "process", process, CTOP_ARRAY_LEN(process));
	assert_keys(out, "memory", memory, CTOP_ARRAY_LEN(memory));
	assert_keys(out, "io", io, CTOP_ARRAY_LEN(io));
	assert_keys(out, "system", sys, CTOP_ARRAY_LEN(sys));
	assert_keys(out, "system.cpu_total", cpu, CTOP_ARRAY_LEN(cpu));
	assert_keys(out, "system.cpus.1", cpu, CTOP_ARRAY_LEN(cpu));
	/* Unknown is null, never 0; known figures keep their value; each
	 * in its own section. */
	assert_json(out, "process.swap_bytes", "null");
	assert_json(out, "process.ctxsw_involuntary_per_s", "null");
	assert_json(out, "process.ctxsw_voluntary_per_s", "3");
	assert_json(out, "memory.rss_growth_bytes_per_s", "null");
	assert_json(out, "io.wchar_per_s", "null");
	assert_json(out, "io.rchar_per_s", "null");
	assert_json(out, "system.cpus.0.steal_pct", "null");
	assert_json(out, "system.cpus.1.user_pct", "50");
	assert_json(out, "system.disks.0.name", "\"vda\"");
	assert_json(out, "system.disks.0.util_pct", "null");
	assert_json(out, "process.rss_bytes", "10485760");
	assert_json(out, "memory.rss_bytes", "10485760");
	assert_json(out, "process.cpu_pct", "99.5");
	assert_json(out, "io.reason", "\"no permission to read /proc/PID/io\"");
	/* ts keeps its milliseconds. */
	assert_json(out, "ts", "1763766000.250");
	/* Strings are escaped; state is a one-letter string. */
	assert_json(out, "process.comm", "\"we\\\"ird\\\\name\\t\"");
	assert_json(out, "process.state", "\"R\"");
	/* Threads in the order given, with their own keys. */
	assert_json(out, "threads.0.tid", "4243");
	assert_json(out, "threads.0.comm", "\"spinner\"");
	assert_json(out, "threads.0.cpu_pct", "99");
	assert_json(out, "threads.1.tid", "4242");
	assert_json(out, "threads.1.state", "\"S\"");
	assert_json(out, "threads.1.cpu_pct", "null");
	assert_json(out, "threads.1.wchar_per_s", "null");
	assert_json(out, "threads.2", "(absent)");
	free(out);
	snapshot_free(s);
}

static void test_json_reason_null_when_readable(void **state)
{
	struct snapshot *s = make_snapshot();
	char *out;

	(void)state;
	s->io.reason = NULL;
	s->io.wchar_per_s = 8388608;
	out = write_with(batch_write_json, s);
	assert_json(out, "io.reason", "null");
	assert_json(out, "io.wchar_per_s", "8388608");
	assert_json(out, "io.rchar_per_s", "null");
	/* The reason is io's own: no other section carries it. */
	assert_null(strstr(out, "no permission"));
	free(out);
	snapshot_free(s);
}

static void test_json_empty_snapshot(void **state)
{
	/* A fresh snapshot (no threads, no CPUs) still writes valid JSON. */
	struct snapshot *s = snapshot_new();
	char *out;

	(void)state;
	out = write_with(batch_write_json, s);
	out[strlen(out) - 1] = '\0';
	if (!jp_valid(out))
		fail_msg("invalid JSON: %s", out);
	assert_json(out, "threads", "[]");
	assert_json(out, "system.cpus", "[]");
	free(out);
	snapshot_free(s);
}

static void test_text(void **state)
{
	struct snapshot *s = make_snapshot();
	char *out = write_with(batch_write_text, s);
	size_t len = strlen(out);

	(void)state;
	assert_non_null(strstr(out, "pid 4242"));
	assert_non_null(strstr(out, "n/a"));
	assert_non_null(strstr(out, "no permission to read /proc/PID/io"));
	assert_non_null(strstr(out, "TID"));
	assert_non_null(strstr(out, "spinner"));
	assert_non_null(strstr(out, "%Cpu0"));
	assert_non_null(strstr(out, "vda"));
	/* A blank line ends the snapshot. */
	assert_true(len >= 2 && out[len - 1] == '\n' && out[len - 2] == '\n');
	free(out);
	snapshot_free(s);
}

static void test_parse_format(void **state)
{
	(void)state;
	assert_int_equal(batch_parse_format("json"), BATCH_JSON);
	assert_int_equal(batch_parse_format("text"), BATCH_TEXT);
	assert_int_equal(batch_parse_format("folded"), BATCH_FOLDED);
	assert_int_equal(batch_parse_format("xml"), -1);
}

static void test_validator_rejects(void **state)
{
	static const char doc[] = "{\"a\":{\"r\":1},\"b\":{\"q\":[{\"r\":2},null]},\"r\":3}";

	/* The validator and the path lookup must be able to fail. */
	(void)state;
	assert_true(jp_valid("{\"a\":[1,2,null],\"b\":\"x\\\"y\"}"));
	assert_false(jp_valid("{\"a\":1,}"));
	assert_false(jp_valid("{\"a\":nan}"));
	assert_false(jp_valid("{\"a\":-nan}"));
	assert_false(jp_valid("{\"a\":\"x\"y\"}"));
	assert_false(jp_valid("{\"a\":1}{"));
	assert_true(jp_is(doc, "a.r", "1"));
	assert_true(jp_is(doc, "b.q.0.r", "2"));
	assert_true(jp_is(doc, "b.q.1", "null"));
	assert_true(jp_is(doc, "r", "3"));
	/* A key of another section, or past the end, is not found. */
	assert_false(jp_is(doc, "b.r", "1"));
	assert_false(jp_is(doc, "b.q.2", "null"));
	assert_false(jp_is(doc, "a.q", "null"));
	assert_false(jp_is(doc, "a.r", "2"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_validator_rejects),
	    cmocka_unit_test(test_json_contract),
	    cmocka_unit_test(test_json_reason_null_when_readable),
	    cmocka_unit_test(test_json_empty_snapshot),
	    cmocka_unit_test(test_text),
	    cmocka_unit_test(test_parse_format),
	};

	return ctop_status(cmocka_run_group_tests(tests, NULL, NULL));
}
