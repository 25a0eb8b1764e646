/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_batch: the JSON Lines and text writers on hand-built snapshots.
 * The JSON line is checked by a small validating parser (so a stray comma
 * or an unescaped quote fails), then for every contract key, null for
 * unknown figures, escaping, and being exactly one line.  The text form
 * must say n/a for unknown figures.
 */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>

#include <cmocka.h>
/* clang-format on */

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "snapshot.h"
#include "util.h"

/* ---- a strict little JSON validator ---- */

static const char *jv_value(const char *s);

static const char *jv_ws(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	return s;
}

static const char *jv_string(const char *s)
{
	if (*s++ != '"')
		return NULL;
	while (*s != '"') {
		if ((unsigned char)*s < 0x20)
			return NULL;
		if (*s == '\\') {
			s++;
			if (*s == 'u') {
				for (int i = 1; i <= 4; i++)
					if (!isxdigit((unsigned char)s[i]))
						return NULL;
				s += 4;
			} else if (strchr("\"\\/bfnrt", *s) == NULL || *s == '\0')
				return NULL;
		}
		s++;
	}
	return s + 1;
}

static const char *jv_number(const char *s)
{
	char *end;

	if (*s != '-' && !isdigit((unsigned char)*s))
		return NULL;
	strtod(s, &end);
	return end > s ? end : NULL;
}

static const char *jv_seq(const char *s, char close, int object)
{
	s = jv_ws(s + 1);
	if (*s == close)
		return s + 1;
	for (;;) {
		if (object) {
			s = jv_string(jv_ws(s));
			if (s == NULL)
				return NULL;
			s = jv_ws(s);
			if (*s++ != ':')
				return NULL;
		}
		s = jv_value(s);
		if (s == NULL)
			return NULL;
		s = jv_ws(s);
		if (*s == close)
			return s + 1;
		if (*s++ != ',')
			return NULL;
	}
}

static const char *jv_value(const char *s)
{
	s = jv_ws(s);
	switch (*s) {
	case '{':
		return jv_seq(s, '}', 1);
	case '[':
		return jv_seq(s, ']', 0);
	case '"':
		return jv_string(s);
	case 't':
		return strncmp(s, "true", 4) == 0 ? s + 4 : NULL;
	case 'f':
		return strncmp(s, "false", 5) == 0 ? s + 5 : NULL;
	case 'n':
		return strncmp(s, "null", 4) == 0 ? s + 4 : NULL;
	default:
		return jv_number(s);
	}
}

static int json_valid(const char *s)
{
	const char *end = jv_value(s);

	return end != NULL && *jv_ws(end) == '\0';
}

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

/* A copy of the object after "key": (braces matched, strings skipped),
 * so a key is looked for in its own section only.  The caller frees it. */
static char *section(const char *json, const char *key)
{
	char pat[64];
	const char *p, *q;
	int depth = 0, in_str = 0;

	snprintf(pat, sizeof pat, "\"%s\":{", key);
	p = strstr(json, pat);
	assert_non_null(p);
	p += strlen(pat) - 1;
	for (q = p; *q != '\0'; q++) {
		if (in_str) {
			if (*q == '\\')
				q++;
			else if (*q == '"')
				in_str = 0;
		} else if (*q == '"')
			in_str = 1;
		else if (*q == '{')
			depth++;
		else if (*q == '}' && --depth == 0)
			break;
	}
	assert_int_equal(*q, '}');
	return strndup(p, (size_t)(q - p + 1));
}

static void assert_has_key(const char *from, const char *key)
{
	char pat[80];

	snprintf(pat, sizeof pat, "\"%s\":", key);
	if (strstr(from, pat) == NULL)
		fail_msg("key %s missing", key);
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
	static const char *const io[] = {"rchar_per_s", "wchar_per_s",      "syscr_per_s",
	                                 "syscw_per_s", "read_bytes_per_s", "write_bytes_per_s",
	                                 "reason"};
	static const char *const sys[] = {
	    "cpus",     "mem_total_bytes", "mem_available_bytes", "load1",     "disks",
	    "user_pct", "sys_pct",         "iowait_pct",          "steal_pct", "cpu"};
	struct snapshot *s = make_snapshot();
	char *out = write_with(batch_write_json, s), *sec;
	size_t len = strlen(out);

	(void)state;
	/* One line, ending in a newline, and valid JSON. */
	assert_true(len > 2);
	assert_int_equal(out[len - 1], '\n');
	assert_ptr_equal(strchr(out, '\n'), out + len - 1);
	out[len - 1] = '\0';
	if (!json_valid(out))
		fail_msg("invalid JSON: %s", out);
	assert_true(strncmp(out, "{\"ctop\":2,", 10) == 0);
	for (size_t i = 0; i < CTOP_ARRAY_LEN(top); i++)
		assert_has_key(out, top[i]);
	sec = section(out, "process");
	for (size_t i = 0; i < CTOP_ARRAY_LEN(process); i++)
		assert_has_key(sec, process[i]);
	free(sec);
	sec = section(out, "memory");
	assert_has_key(sec, "rss_bytes");
	assert_has_key(sec, "rss_growth_bytes_per_s");
	assert_has_key(sec, "growth_window_s");
	free(sec);
	sec = section(out, "io");
	for (size_t i = 0; i < CTOP_ARRAY_LEN(io); i++)
		assert_has_key(sec, io[i]);
	free(sec);
	sec = section(out, "system");
	for (size_t i = 0; i < CTOP_ARRAY_LEN(sys); i++)
		assert_has_key(sec, sys[i]);
	free(sec);
	/* Unknown is null, never 0; known figures keep their value. */
	assert_non_null(strstr(out, "\"swap_bytes\":null"));
	assert_non_null(strstr(out, "\"ctxsw_involuntary_per_s\":null"));
	assert_non_null(strstr(out, "\"rss_growth_bytes_per_s\":null"));
	assert_non_null(strstr(out, "\"wchar_per_s\":null"));
	assert_non_null(strstr(out, "\"steal_pct\":null"));
	assert_non_null(strstr(out, "\"rss_bytes\":10485760"));
	assert_non_null(strstr(out, "\"cpu_pct\":99.5"));
	assert_non_null(strstr(out, "\"reason\":\"no permission to read /proc/PID/io\""));
	/* ts keeps its milliseconds. */
	assert_non_null(strstr(out, "\"ts\":1763766000.250"));
	/* Strings are escaped; state is a one-letter string. */
	assert_non_null(strstr(out, "\"comm\":\"we\\\"ird\\\\name\\t\""));
	assert_non_null(strstr(out, "\"state\":\"R\""));
	assert_non_null(strstr(out, "\"state\":\"S\""));
	/* Threads in the order given, with their own keys. */
	assert_true(strstr(out, "\"tid\":4243") < strstr(out, "\"tid\":4242"));
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
	assert_non_null(strstr(out, "\"reason\":null"));
	assert_non_null(strstr(out, "\"wchar_per_s\":8388608"));
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
	if (!json_valid(out))
		fail_msg("invalid JSON: %s", out);
	assert_non_null(strstr(out, "\"threads\":[]"));
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
	/* The validator itself must be able to fail. */
	(void)state;
	assert_true(json_valid("{\"a\":[1,2,null],\"b\":\"x\\\"y\"}"));
	assert_false(json_valid("{\"a\":1,}"));
	assert_false(json_valid("{\"a\":nan}"));
	assert_false(json_valid("{\"a\":\"x\"y\"}"));
	assert_false(json_valid("{\"a\":1}{"));
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

	return cmocka_run_group_tests(tests, NULL, NULL);
}
