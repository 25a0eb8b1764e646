/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_pmu_events: libpfm4 encoding on this machine: the default set, user
 * events (software, hardware generic, raw), list parsing, and the error for
 * an unknown event, which must name it and give libpfm4's reason.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "pmu.h"
#include "pmu_events.h"

static void test_default_set(void **state)
{
	struct pmu_event ev[PMU_NDEFAULT];
	char *cause = NULL;

	(void)state;
	assert_int_equal(pmu_events_default(ev, &cause), 0);
	assert_null(cause);
	/* The generic hardware events, whatever the CPU. */
	assert_int_equal(ev[PMU_EV_CYCLES].attr.type, PERF_TYPE_HARDWARE);
	assert_int_equal(ev[PMU_EV_CYCLES].attr.config, PERF_COUNT_HW_CPU_CYCLES);
	assert_int_equal(ev[PMU_EV_INSTRUCTIONS].attr.config, PERF_COUNT_HW_INSTRUCTIONS);
	assert_int_equal(ev[PMU_EV_CACHE_REFS].attr.config, PERF_COUNT_HW_CACHE_REFERENCES);
	assert_int_equal(ev[PMU_EV_CACHE_MISSES].attr.config, PERF_COUNT_HW_CACHE_MISSES);
	assert_int_equal(ev[PMU_EV_BRANCHES].attr.config, PERF_COUNT_HW_BRANCH_INSTRUCTIONS);
	assert_int_equal(ev[PMU_EV_BRANCH_MISSES].attr.config, PERF_COUNT_HW_BRANCH_MISSES);
	for (int i = 0; i < PMU_NDEFAULT; i++) {
		assert_int_equal(ev[i].attr.type, PERF_TYPE_HARDWARE);
		/* User space only by default: what paranoid=2 allows. */
		assert_int_equal(ev[i].attr.exclude_kernel, 1);
		assert_int_equal(ev[i].attr.exclude_user, 0);
		assert_int_equal(ev[i].user, 0);
		assert_true(ev[i].name[0] != '\0');
	}
	assert_string_equal(ev[PMU_EV_CYCLES].name, "cycles");
}

static void test_user_events(void **state)
{
	struct pmu_event *ev = NULL;
	char *cause = NULL;
	int n;

	(void)state;
	n = pmu_events_parse(
	    " perf::PAGE-FAULTS , perf::CONTEXT-SWITCHES:u,perf_raw::r0123,cycles,,", &ev, &cause);
	assert_null(cause);
	assert_int_equal(n, 4);
	assert_string_equal(ev[0].name, "perf::PAGE-FAULTS");
	assert_int_equal(ev[0].attr.type, PERF_TYPE_SOFTWARE);
	assert_int_equal(ev[0].attr.config, PERF_COUNT_SW_PAGE_FAULTS);
	assert_int_equal(ev[0].user, 1);
	assert_string_equal(ev[1].name, "perf::CONTEXT-SWITCHES:u");
	assert_int_equal(ev[1].attr.type, PERF_TYPE_SOFTWARE);
	assert_int_equal(ev[1].attr.config, PERF_COUNT_SW_CONTEXT_SWITCHES);
	assert_int_equal(ev[2].attr.type, PERF_TYPE_RAW);
	assert_int_equal(ev[2].attr.config, 0x123);
	assert_int_equal(ev[3].attr.type, PERF_TYPE_HARDWARE);
	free(ev);
	/* Kernel-level counting when the modifiers ask for it. */
	n = pmu_events_parse("perf::PAGE-FAULTS:k", &ev, &cause);
	assert_int_equal(n, 1);
	assert_int_equal(ev[0].attr.exclude_kernel, 0);
	free(ev);
	assert_int_equal(pmu_events_parse(NULL, &ev, &cause), 0);
	assert_null(ev);
}

static void test_unknown_event(void **state)
{
	struct pmu_event *ev = NULL;
	char *cause = NULL;

	(void)state;
	assert_int_equal(pmu_events_parse("perf::PAGE-FAULTS,perf::NO-SUCH-THING", &ev, &cause),
	                 -1);
	assert_null(ev);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "perf::NO-SUCH-THING"));
	assert_non_null(strstr(cause, "event not found")); /* libpfm4's words */
	free(cause);
	cause = NULL;
	assert_int_equal(pmu_check_events("bogus_event_xyz", &cause), -1);
	assert_non_null(strstr(cause, "bogus_event_xyz"));
	free(cause);
	cause = NULL;
	/* A bad modifier is libpfm4's error too. */
	assert_int_equal(pmu_check_events("perf::PAGE-FAULTS:nosuchmod", &cause), -1);
	assert_non_null(strstr(cause, "perf::PAGE-FAULTS:nosuchmod"));
	free(cause);
	cause = NULL;
	assert_int_equal(pmu_check_events(",,", &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(pmu_check_events("perf::PAGE-FAULTS,perf::MINOR-FAULTS", &cause), 0);
	assert_null(cause);
	/* pmu_new refuses the same names before opening anything. */
	assert_null(pmu_new(1, "perf::NO-SUCH-THING", &cause));
	assert_non_null(strstr(cause, "perf::NO-SUCH-THING"));
	free(cause);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_default_set),
	    cmocka_unit_test(test_user_events),
	    cmocka_unit_test(test_unknown_event),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
