/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_openmetrics: the metrics writer on hand-built snapshots.  Checks
 * the two flavours' differences (# EOF, info type, counter TYPE names),
 * that every sample line parses as name{labels} value with escaped label
 * values, that unknown figures are left out, that function and lock
 * series stop at the top N plus one "other" series whose share completes
 * the whole, and that the textfile is replaced atomically.
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
#include <sys/stat.h>
#include <unistd.h>

#include "dict.h"
#include "openmetrics.h"
#include "profile.h"
#include "snapshot.h"
#include "util.h"

static struct snapshot *make_snapshot(int nfuncs, int nlocks)
{
	struct snapshot *s = snapshot_new();
	static const double spans[] = {0, 10, INFINITY};
	double covered[] = {1, 10, 10};
	struct dict *d = dict_new();
	struct profile *p = profile_new(d, spans, 3);

	s->ts = 1763766000.25;
	s->interval_s = 1.0;
	s->process.pid = 4242;
	snprintf(s->process.comm, sizeof s->process.comm, "we\"ird\\name");
	s->process.threads = 2;
	s->process.uptime_s = 30;
	s->process.user_pct = 150;
	s->process.sys_pct = 10;
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
	s->memory.rss_growth_bytes_per_s = NAN;
	s->io.rchar_per_s = 1000;
	s->io.wchar_per_s = s->io.syscr_per_s = s->io.syscw_per_s = NAN;
	s->io.read_bytes_per_s = s->io.write_bytes_per_s = NAN;
	s->counters.available = 0;
	s->stacks.sampler.backend = "perf";
	s->stacks.sampler.samples = 500;
	s->stacks.window_s = 10;
	/* Function i is the leaf of main;fi with (nfuncs - i) * 10 samples. */
	for (int i = 0; i < nfuncs; i++) {
		char name[32];
		uint32_t ids[2];

		snprintf(name, sizeof name, "f%d", i);
		ids[0] = dict_intern_func(d, name, "app");
		ids[1] = dict_intern_func(d, "main", "app");
		profile_count(p, 1, dict_intern_stack(d, ids, 2), 1, 0,
		              (uint32_t)(nfuncs - i) * 10);
	}
	profile_seal(p, covered);
	dict_unref(d);
	s->stacks.profile = p;
	s->locks.backend = "trace";
	s->locks.nlocks = nlocks;
	s->locks.locks = xcalloc((size_t)nlocks + 1, sizeof *s->locks.locks);
	for (int i = 0; i < nlocks; i++) {
		s->locks.locks[i].name = xasprintf("lock%d", i);
		s->locks.locks[i].kind = "mutex";
		s->locks.locks[i].wait_ms_per_s = 100.0 * (nlocks - i);
	}
	return s;
}

static __attribute__((noinline)) char *write_om(const struct snapshot *s, enum om_flavour fl,
                                                int top)
{
	struct om_opts o = {.flavour = fl, .top = top};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	om_write(f, s, &o);
	fclose(f);
	return buf;
}

/* name{k="v",...} value: the label values escaped, the value a number. */
static int sample_line_ok(const char *l)
{
	const char *p = l;

	if (!isalpha((unsigned char)*p))
		return 0;
	while (isalnum((unsigned char)*p) || *p == '_')
		p++;
	if (*p++ != '{')
		return 0;
	for (;;) {
		while (isalnum((unsigned char)*p) || *p == '_')
			p++;
		if (*p++ != '=' || *p++ != '"')
			return 0;
		while (*p != '"') {
			if (*p == '\0' || *p == '\n')
				return 0;
			if (*p == '\\') {
				p++;
				if (*p != '\\' && *p != '"' && *p != 'n')
					return 0;
			}
			p++;
		}
		p++;
		if (*p == '}')
			break;
		if (*p++ != ',')
			return 0;
	}
	p++;
	if (*p++ != ' ')
		return 0;
	strtod(p, (char **)&p);
	return *p == '\n' || *p == '\0';
}

static void check_lines(const char *text)
{
	char *copy = xstrdup(text), *save = NULL;

	for (char *l = strtok_r(copy, "\n", &save); l != NULL; l = strtok_r(NULL, "\n", &save)) {
		if (l[0] == '#') {
			assert_true(strncmp(l, "# HELP ", 7) == 0 ||
			            strncmp(l, "# TYPE ", 7) == 0 || strcmp(l, "# EOF") == 0);
			continue;
		}
		if (!sample_line_ok(l))
			fail_msg("bad sample line: %s", l);
	}
	free(copy);
}

static int count_of(const char *text, const char *needle)
{
	int n = 0;

	for (const char *p = text; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

static void test_flavours(void **state)
{
	struct snapshot *s = make_snapshot(3, 1);
	char *om = write_om(s, OM_OPENMETRICS, 10), *pr = write_om(s, OM_PROMETHEUS, 10);

	(void)state;
	check_lines(om);
	check_lines(pr);
	/* OpenMetrics ends with # EOF; 0.0.4 must not have it. */
	assert_non_null(strstr(om, "\n# EOF\n"));
	assert_null(strstr(pr, "# EOF"));
	assert_non_null(strstr(om, "# TYPE ctop info\n"));
	assert_non_null(strstr(pr, "# TYPE ctop_info gauge\n"));
	assert_non_null(strstr(om, "# TYPE ctop_sampler_samples counter\n"));
	assert_non_null(strstr(pr, "# TYPE ctop_sampler_samples_total counter\n"));
	assert_non_null(strstr(om, "ctop_sampler_samples_total{pid=\"4242\""));
	assert_non_null(strstr(pr, "ctop_info{pid=\"4242\",comm=\"we\\\"ird\\\\name\",version="));
	assert_non_null(strstr(pr, "ctop_process_cpu_ratio{pid=\"4242\",comm=\"we\\\"ird\\\\name\","
	                           "mode=\"user\"} 1.5\n"));
	assert_non_null(strstr(pr, "ctop_process_resident_memory_bytes{pid=\"4242\",comm=\"we\\\""
	                           "ird\\\\name\"} 10485760\n"));
	/* Unknown is left out: swap, involuntary switches, the write rates;
	 * no counters family at all. */
	assert_null(strstr(pr, "ctop_process_swap_bytes"));
	assert_null(strstr(pr, "type=\"involuntary\""));
	assert_null(strstr(pr, "direction=\"write\",layer=\"syscall\""));
	assert_null(strstr(pr, "instructions_per_cycle"));
	assert_non_null(strstr(pr, "direction=\"read\",layer=\"syscall\"} 1000\n"));
	/* A measured zero stays. */
	assert_non_null(strstr(pr, "type=\"major\"} 0\n"));
	free(om);
	free(pr);
	snapshot_free(s);
}

static void test_top_n_and_other(void **state)
{
	struct snapshot *s = make_snapshot(15, 14);
	char *pr = write_om(s, OM_PROMETHEUS, 10), *line;
	double other;

	(void)state;
	check_lines(pr);
	/* Ten functions plus other; ten locks plus other. */
	assert_int_equal(count_of(pr, "ctop_function_self_ratio{"), 11);
	assert_int_equal(count_of(pr, "ctop_lock_wait_seconds_per_second{"), 11);
	assert_non_null(strstr(pr, "function=\"f0\",module=\"app\"} "));
	assert_null(strstr(pr, "function=\"f10\""));
	/* f10..f14 have 50+40+30+20+10 of 1200 samples. */
	line = strstr(pr, "function=\"other\",module=\"other\"} ");
	assert_non_null(line);
	other = strtod(strchr(line, '}') + 2, NULL);
	assert_true(fabs(other - 150.0 / 1200.0) < 1e-6);
	/* lock10..lock13: 400+300+200+100 ms/s = 1 s/s. */
	line = strstr(pr, "lock=\"other\",kind=\"other\"} ");
	assert_non_null(line);
	assert_true(fabs(strtod(strchr(line, '}') + 2, NULL) - 1.0) < 1e-9);
	assert_non_null(strstr(pr, "lock=\"lock0\",kind=\"mutex\"} 1.4\n"));
	free(pr);
	/* A smaller N. */
	pr = write_om(s, OM_OPENMETRICS, 3);
	assert_int_equal(count_of(pr, "ctop_function_self_ratio{"), 4);
	assert_int_equal(count_of(pr, "ctop_lock_wait_seconds_per_second{"), 4);
	free(pr);
	snapshot_free(s);
}

static void test_textfile_atomic(void **state)
{
	struct snapshot *s = make_snapshot(2, 0);
	struct om_opts o = {.flavour = OM_PROMETHEUS, .top = 10};
	char dir[] = "/tmp/ctop-om-XXXXXX", path[128], *cause = NULL, buf[65536];
	ssize_t n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(om_write_textfile(dir, s, &o, &cause), 0);
	snprintf(path, sizeof path, "%s/ctop_4242.prom", dir);
	n = read_file_buf(path, buf, sizeof buf);
	assert_true(n > 100);
	assert_non_null(strstr(buf, "ctop_info{"));
	/* Again: replaced, and no temporary file left beside it. */
	s->process.threads = 7;
	assert_int_equal(om_write_textfile(dir, s, &o, &cause), 0);
	n = read_file_buf(path, buf, sizeof buf);
	assert_non_null(
	    strstr(buf, "ctop_process_threads{pid=\"4242\",comm=\"we\\\"ird\\\\name\"} 7\n"));
	unlink(path);
	assert_int_equal(rmdir(dir), 0);
	/* A directory that is not there: an error with a cause. */
	assert_int_equal(om_write_textfile("/nonexistent/ctop", s, &o, &cause), -1);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "/nonexistent/ctop"));
	free(cause);
	snapshot_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_flavours),
	    cmocka_unit_test(test_top_n_and_other),
	    cmocka_unit_test(test_textfile_atomic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
