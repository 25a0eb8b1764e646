/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_sched: parsing of schedstat, sched, /proc/PID/cgroup (v1 and v2),
 * cgroup limit, stat and pressure files; CPU lists; the hysteresis of
 * the scheduling hints.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "sched_math.h"
#include "snapshot.h"

static void test_schedstat(void **state)
{
	uint64_t run, wait, sl;

	(void)state;
	assert_int_equal(sched_parse_schedstat("1234567 890 12\n", &run, &wait, &sl), 0);
	assert_true(run == 1234567 && wait == 890 && sl == 12);
	assert_int_equal(sched_parse_schedstat("garbage", &run, &wait, &sl), -1);
	assert_int_equal(sched_parse_schedstat("", &run, &wait, NULL), -1);
}

static void test_sched_field(void **state)
{
	const char *buf = "cat (17742, #threads: 1)\n"
			  "---------------------------\n"
			  "se.exec_start                                :       2148564.857415\n"
			  "se.nr_migrations                             :                   42\n"
			  "nr_switches                                  :                    7\n";
	uint64_t v = 0;

	(void)state;
	assert_int_equal(sched_parse_sched_field(buf, "se.nr_migrations", &v), 0);
	assert_true(v == 42);
	assert_int_equal(sched_parse_sched_field(buf, "nr_switches", &v), 0);
	assert_true(v == 7);
	/* A key that is only a prefix of another line's key is not that line. */
	assert_int_equal(sched_parse_sched_field(buf, "se.nr", &v), -1);
	assert_int_equal(sched_parse_sched_field(buf, "nope", &v), -1);
}

static void test_cpu_list(void **state)
{
	unsigned long m[2] = {0, 0};
	char buf[64];

	(void)state;
	assert_string_equal(sched_cpu_list(buf, sizeof buf, m, 128), "");
	m[0] = 1ul;
	assert_string_equal(sched_cpu_list(buf, sizeof buf, m, 128), "0");
	m[0] = 0xful | 1ul << 6 | 1ul << 8 | 1ul << 9;
	assert_string_equal(sched_cpu_list(buf, sizeof buf, m, 128), "0-3,6,8-9");
	m[0] = 1ul << 63;
	m[1] = 1ul;
	assert_string_equal(sched_cpu_list(buf, sizeof buf, m, 128), "63-64");
	/* Too long for the buffer: cut, and says so. */
	m[0] = 0x5555555555555555ul;
	sched_cpu_list(buf, 12, m, 64);
	assert_int_equal(strlen(buf), 11);
	assert_string_equal(buf + 8, "...");
}

static void test_proc_cgroup(void **state)
{
	const char *v1 = "9:name=systemd:/\n8:pids:/\n4:memory:/process_api/abc\n"
			 "2:cpuacct:/\n1:cpu,cpuacct:/ctop/t1\n0::/\n";
	const char *v2 = "0::/system.slice/redis.service\n";
	char p[128];

	(void)state;
	assert_int_equal(cg_parse_proc_cgroup(v1, "cpu", p, sizeof p), 0);
	assert_string_equal(p, "/ctop/t1");
	assert_int_equal(cg_parse_proc_cgroup(v1, "memory", p, sizeof p), 0);
	assert_string_equal(p, "/process_api/abc");
	assert_int_equal(cg_parse_proc_cgroup(v1, NULL, p, sizeof p), 0);
	assert_string_equal(p, "/");
	/* "cpuacct" is not "cpu", and "name=systemd" is no controller. */
	assert_int_equal(cg_parse_proc_cgroup("2:cpuacct:/x\n", "cpu", p, sizeof p), -1);
	assert_int_equal(cg_parse_proc_cgroup(v1, "systemd", p, sizeof p), -1);
	assert_int_equal(cg_parse_proc_cgroup(v2, NULL, p, sizeof p), 0);
	assert_string_equal(p, "/system.slice/redis.service");
	assert_int_equal(cg_parse_proc_cgroup(v2, "cpu", p, sizeof p), -1);
}

static void test_cpu_max(void **state)
{
	double q, p;

	(void)state;
	assert_int_equal(cg_parse_cpu_max("20000 100000\n", &q, &p), 0);
	assert_true(q == 20000 && p == 100000);
	assert_int_equal(cg_parse_cpu_max("max 100000\n", &q, &p), 0);
	assert_true(q < 0 && p == 100000);
	assert_int_equal(cg_parse_cpu_max("", &q, &p), -1);
	assert_int_equal(cg_parse_cpu_max("10 0", &q, &p), -1);
}

static void test_keys_limits(void **state)
{
	const char *stat = "nr_periods 120\nnr_throttled 48\nthrottled_time 2400000000\n"
			   "nr_bursts 0\n";
	const char *events = "low 0\nhigh 0\nmax 3\noom 2\noom_kill 1\noom_group_kill 0\n";
	uint64_t v;

	(void)state;
	assert_int_equal(cg_parse_key(stat, "nr_throttled", &v), 0);
	assert_true(v == 48);
	assert_int_equal(cg_parse_key(stat, "throttled_time", &v), 0);
	assert_true(v == 2400000000ull);
	assert_int_equal(cg_parse_key(events, "oom", &v), 0);
	assert_true(v == 2);
	assert_int_equal(cg_parse_key(events, "oom_kill", &v), 0);
	assert_true(v == 1);
	assert_int_equal(cg_parse_key(events, "oom_kil", &v), -1);
	assert_int_equal(cg_parse_limit("max\n", &v), 0);
	assert_true(v == SNAP_UNKNOWN);
	assert_int_equal(cg_parse_limit("9223372036854771712\n", &v), 0);
	assert_true(v == SNAP_UNKNOWN);
	assert_int_equal(cg_parse_limit("536870912\n", &v), 0);
	assert_true(v == 536870912ull);
	assert_int_equal(cg_parse_limit("x", &v), -1);
}

static void test_psi(void **state)
{
	double s, f;

	(void)state;
	assert_int_equal(cg_parse_psi("some avg10=12.50 avg60=3.00 avg300=1.00 total=5\n"
	                              "full avg10=0.75 avg60=0.00 avg300=0.00 total=0\n",
	                              &s, &f),
	                 0);
	assert_true(fabs(s - 12.5) < 1e-9 && fabs(f - 0.75) < 1e-9);
	/* cpu.pressure of older kernels has no full line: unknown, not 0. */
	assert_int_equal(cg_parse_psi("some avg10=1.00 avg60=0 avg300=0 total=1\n", &s, &f), 0);
	assert_true(s == 1.0 && isnan(f));
	assert_int_equal(cg_parse_psi("", &s, &f), -1);
}

static void test_parent(void **state)
{
	char p[64];

	(void)state;
	strcpy(p, "/a/b/c");
	assert_int_equal(cg_parent(p), 0);
	assert_string_equal(p, "/a/b");
	assert_int_equal(cg_parent(p), 0);
	assert_int_equal(cg_parent(p), 0);
	assert_string_equal(p, "/");
	assert_int_equal(cg_parent(p), -1);
	strcpy(p, "/x/");
	assert_int_equal(cg_parent(p), 0);
	assert_string_equal(p, "/");
}

static void test_hint_hold(void **state)
{
	struct hint_hold h = {0, 0};

	(void)state;
	/* Needs SCHED_HINT_HOLD ticks in a row to appear... */
	for (int i = 0; i < SCHED_HINT_HOLD - 1; i++)
		assert_int_equal(hint_hold_update(&h, 1), 0);
	/* ...a miss in between starts the count again... */
	assert_int_equal(hint_hold_update(&h, 0), 0);
	for (int i = 0; i < SCHED_HINT_HOLD - 1; i++)
		assert_int_equal(hint_hold_update(&h, 1), 0);
	assert_int_equal(hint_hold_update(&h, 1), 1);
	/* ...and as many to go: hovering at the threshold does not flicker. */
	assert_int_equal(hint_hold_update(&h, 0), 1);
	assert_int_equal(hint_hold_update(&h, 1), 1);
	for (int i = 0; i < SCHED_HINT_HOLD - 1; i++)
		assert_int_equal(hint_hold_update(&h, 0), 1);
	assert_int_equal(hint_hold_update(&h, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_schedstat), cmocka_unit_test(test_sched_field),
	    cmocka_unit_test(test_cpu_list),  cmocka_unit_test(test_proc_cgroup),
	    cmocka_unit_test(test_cpu_max),   cmocka_unit_test(test_keys_limits),
	    cmocka_unit_test(test_psi),       cmocka_unit_test(test_parent),
	    cmocka_unit_test(test_hint_hold),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
