/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmocka_main: what a cmocka test program includes instead of cmocka.h:
 * the headers cmocka needs, in its order, and an exit status automake
 * understands.  cmocka's runner returns the number of failed tests, so a
 * program whose tests skipped (no permission for ptrace, no perf) would
 * exit 0 and be reported PASS.  Here skip() is counted, and ctop_status()
 * turns the runners' results into 1 (FAIL) when any test failed, else 77
 * (SKIP) when any test skipped, else 0 (PASS).  The log says which tests
 * passed and which skipped and why.
 *
 * It is not a test framework: only the exit status changes.
 */
#ifndef CTOP_TESTS_CMOCKA_MAIN_H
#define CTOP_TESTS_CMOCKA_MAIN_H

/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>

#include <cmocka.h>
/* clang-format on */

/* automake's exit status for a test that could not run here. */
#define CTOP_EXIT_SKIP 77

static int ctop_tests_skipped;

static inline void ctop_skip(const char *file, int line)
{
	ctop_tests_skipped++;
	_skip(file, line);
}

#undef skip
#define skip() ctop_skip(__FILE__, __LINE__)

/* The exit status for failed, the sum of the group runners' results. */
static inline int ctop_status(int failed)
{
	if (failed != 0)
		return 1;
	if (ctop_tests_skipped > 0) {
		print_message("%d test(s) skipped: reported as SKIP\n", ctop_tests_skipped);
		return CTOP_EXIT_SKIP;
	}
	return 0;
}

#endif
