/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_options: the command line contract: defaults, each option's range,
 * the target alternatives, and the errors that must exit 2.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "util.h"

static int parse(struct ctop_opts *o, char **cause, ...)
{
	char *argv[32];
	int argc = 0;
	va_list ap;
	char *a;

	argv[argc++] = "ctop";
	va_start(ap, cause);
	while ((a = va_arg(ap, char *)) != NULL)
		argv[argc++] = a;
	va_end(ap);
	argv[argc] = NULL;
	*cause = NULL;
	return options_parse(argc, argv, o, cause);
}

static void test_defaults(void **state)
{
	struct ctop_opts o;
	char *cause;

	(void)state;
	assert_int_equal(parse(&o, &cause, "-p", "42", NULL), OPTS_OK);
	assert_int_equal(o.pid, 42);
	assert_true(o.interval_s == 1.0);
	assert_int_equal(o.count, -1);
	assert_true(o.hz == 99);
	assert_int_equal(o.sampler, SAMPLER_AUTO);
	assert_int_equal(o.format, BATCH_TEXT);
	assert_null(o.cmd);
	assert_false(o.batch);
}

static void test_batch_options(void **state)
{
	struct ctop_opts o;
	char *cause;

	(void)state;
	assert_int_equal(parse(&o, &cause, "-p", "7", "--batch", "-n", "3", "-d", "0.25",
	                       "--format", "json", "-o", "/tmp/x", "-F", "0", "--sampler", "ptrace",
	                       "-e", "perf::PAGE-FAULTS", NULL),
	                 OPTS_OK);
	assert_true(o.batch);
	assert_int_equal(o.count, 3);
	assert_true(o.interval_s == 0.25);
	assert_int_equal(o.format, BATCH_JSON);
	assert_string_equal(o.output, "/tmp/x");
	assert_true(o.hz == 0);
	assert_int_equal(o.sampler, SAMPLER_PTRACE);
	assert_string_equal(o.events, "perf::PAGE-FAULTS");
}

static void test_launch_keeps_command_options(void **state)
{
	/* o.cmd points into argv: argv must outlive the checks, so it is
	 * this function's (parse()'s own array is gone once it returns). */
	char *argv[] = {"ctop", "-d", "2", "--", "sleep", "-x", "10", NULL};
	struct ctop_opts o;
	char *cause = NULL;

	(void)state;
	assert_int_equal(options_parse((int)CTOP_ARRAY_LEN(argv) - 1, argv, &o, &cause), OPTS_OK);
	assert_non_null(o.cmd);
	assert_string_equal(o.cmd[0], "sleep");
	assert_string_equal(o.cmd[1], "-x");
	assert_string_equal(o.cmd[2], "10");
	assert_null(o.cmd[3]);
	assert_true(o.interval_s == 2);
}

static void expect_usage(const char *why, ...)
{
	char *argv[32];
	int argc = 0;
	va_list ap;
	char *a, *cause = NULL;
	struct ctop_opts o;

	argv[argc++] = "ctop";
	va_start(ap, why);
	while ((a = va_arg(ap, char *)) != NULL)
		argv[argc++] = a;
	va_end(ap);
	argv[argc] = NULL;
	if (options_parse(argc, argv, &o, &cause) != OPTS_USAGE)
		fail_msg("expected a usage error: %s", why);
	assert_non_null(cause);
	free(cause);
}

static void test_usage_errors(void **state)
{
	(void)state;
	expect_usage("pid not a number", "-p", "abc", NULL);
	expect_usage("pid zero", "-p", "0", NULL);
	expect_usage("negative pid", "-p", "-5", NULL);
	expect_usage("interval too small", "-p", "1", "-d", "0.001", NULL);
	expect_usage("interval junk", "-p", "1", "-d", "1s", NULL);
	expect_usage("count zero", "-p", "1", "--batch", "-n", "0", NULL);
	expect_usage("bad format", "-p", "1", "--batch", "-f", "xml", NULL);
	expect_usage("bad sampler", "-p", "1", "--sampler", "dtrace", NULL);
	expect_usage("negative rate", "-p", "1", "-F", "-1", NULL);
	expect_usage("two targets", "-p", "1", "--", "sleep", "1", NULL);
	expect_usage("demo and pid", "-p", "1", "--demo", NULL);
	expect_usage("batch without target", "--batch", NULL);
	expect_usage("stray argument", "-p", "1", "extra", NULL);
	expect_usage("-- without command", "--", NULL);
	expect_usage("-n without batch", "-p", "1", "-n", "3", NULL);
	expect_usage("unknown option", "--frobnicate", NULL);
	expect_usage("missing argument", "-p", NULL);
	expect_usage("folded without sampling", "-p", "1", "--batch", "-f", "folded", "-F", "0",
	             NULL);
}

/* The message for argv names the option as typed, with no control bytes. */
static void expect_message(const char *want, const char *a1, const char *a2)
{
	char *argv[4] = {"ctop", (char *)a1, (char *)a2, NULL};
	char *cause = NULL;
	struct ctop_opts o;

	assert_int_equal(options_parse(a2 != NULL ? 3 : 2, argv, &o, &cause), OPTS_USAGE);
	assert_non_null(cause);
	if (strstr(cause, want) == NULL)
		fail_msg("for %s: '%s' does not say '%s'", a1, cause, want);
	for (const char *p = cause; *p != '\0'; p++)
		assert_true((unsigned char)*p >= 0x20);
	free(cause);
}

/* Odd values: leading blanks, rates below 1 Hz, NaN, inf, huge, empty,
 * trailing junk; missing arguments named. */
static void test_odd_values(void **state)
{
	(void)state;
	expect_usage("pid with a blank", "-p", " 12", NULL);
	expect_usage("empty pid", "-p", "", NULL);
	expect_usage("interval with a blank", "-p", "1", "-d", " 1", NULL);
	expect_usage("tiny rate", "-p", "1", "-F", "1e-300", NULL);
	expect_usage("rate below 1", "-p", "1", "-F", "0.5", NULL);
	expect_usage("NaN rate", "-p", "1", "-F", "nan", NULL);
	expect_usage("inf interval", "-p", "1", "-d", "inf", NULL);
	expect_usage("huge pid", "-p", "99999999999999999999", NULL);
	expect_usage("huge window", "-p", "1", "--window", "1e309", NULL);
	expect_usage("rate junk", "-p", "1", "-F", "99x", NULL);
	expect_message("option --window needs an argument", "--window", NULL);
	expect_message("option -F needs an argument", "-F", NULL);
	expect_message("option --demo=1 takes no argument", "--demo=1", NULL);
	expect_message("unknown option: -x", "-x", NULL);
	expect_message("unknown option: --bogus", "--bogus", NULL);
	expect_message("-F wants 0 (off)", "-F", "1e-300");
	expect_message("-p wants a process id, not ' 12'", "-p", " 12");
}

static void test_help_and_version_exit(void **state)
{
	struct ctop_opts o;
	char *cause;

	(void)state;
	assert_int_equal(parse(&o, &cause, "--version", NULL), OPTS_EXIT);
	assert_int_equal(parse(&o, &cause, "-h", NULL), OPTS_EXIT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test(test_batch_options),
	    cmocka_unit_test(test_launch_keeps_command_options),
	    cmocka_unit_test(test_usage_errors),
	    cmocka_unit_test(test_odd_values),
	    cmocka_unit_test(test_help_and_version_exit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
