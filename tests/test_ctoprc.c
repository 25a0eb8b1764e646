/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_ctoprc: the settings file.  Good lines set what they say (names
 * and numbers, comments and blank lines skipped, spaces trimmed); each
 * bad line (no '=', unknown key, a value out of range or not in the
 * list) is reported as file:line and ignored while the lines around it
 * still count; the command line wins over the file; and what 'W' writes
 * reads back the same.
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

#include "ctoprc.h"
#include "options.h"
#include "theme.h"
#include "util.h"

static __attribute__((noinline)) int parse(const char *text, struct ctoprc *c, char **errs)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	size_t len = 0;
	FILE *err = open_memstream(errs, &len);
	int bad;

	bad = ctoprc_parse(in, "rc", c, err);
	fclose(in);
	fclose(err);
	return bad;
}

static void test_good(void **state)
{
	struct ctoprc c;
	char *errs = NULL;

	(void)state;
	ctoprc_init(&c);
	assert_int_equal(parse("# comment\n\n  panel = hot  \ninterval=0.5\nfreq = 199\n"
	                       "window = 30\nsampler = ptrace\nlocks = off\ntheme = mono\n"
	                       "ascii = yes\nevents = perf::PAGE-FAULTS, perf::CONTEXT-SWITCHES\n",
	                       &c, &errs),
	                 0);
	assert_string_equal(errs, "");
	assert_int_equal(c.panel, '5');
	assert_true(c.interval_s == 0.5 && c.hz == 199 && c.window_s == 30);
	assert_int_equal(c.sampler, SAMPLER_PTRACE);
	assert_int_equal(c.locks, LOCKS_OFF);
	assert_int_equal(c.theme, THEME_MONO);
	assert_int_equal(c.ascii, 1);
	assert_string_equal(c.events, "perf::PAGE-FAULTS, perf::CONTEXT-SWITCHES");
	ctoprc_release(&c);
	free(errs);
}

static void test_bad_lines(void **state)
{
	struct ctoprc c;
	char *errs = NULL;

	(void)state;
	ctoprc_init(&c);
	assert_int_equal(parse("interval = 2\n"       /* 1 good */
	                       "just words\n"         /* 2 no = */
	                       "colour_depth = 256\n" /* 3 unknown */
	                       "interval = 0.001\n"   /* 4 too short */
	                       "freq = lots\n"        /* 5 not a number */
	                       "sampler = dtrace\n"   /* 6 not in the list */
	                       "panel = 9\n"          /* 7 no such panel */
	                       "theme = neon\n"       /* 8 */
	                       "ascii = maybe\n"      /* 9 */
	                       "window = 5\n",        /* 10 good */
	                       &c, &errs),
	                 8);
	assert_non_null(strstr(errs, "rc:2: not \"key = value\": just words (ignored)\n"));
	assert_non_null(strstr(errs, "rc:3: unknown key 'colour_depth' (ignored)\n"));
	assert_non_null(strstr(errs, "rc:4: interval wants seconds between 0.05 and 3600, not "
	                             "'0.001' (ignored)\n"));
	assert_non_null(strstr(errs, "rc:5: freq wants"));
	assert_non_null(strstr(errs, "rc:6: sampler wants auto, perf or ptrace, not 'dtrace'"));
	assert_non_null(strstr(errs, "rc:7: panel wants"));
	assert_non_null(strstr(errs, "rc:8: theme wants default or mono"));
	assert_non_null(strstr(errs, "rc:9: ascii wants yes or no"));
	/* The good lines around them still count; the bad ones changed nothing. */
	assert_true(c.interval_s == 2);
	assert_true(c.window_s == 5);
	assert_true(isnan(c.hz));
	assert_int_equal(c.sampler, -1);
	assert_int_equal(c.panel, 0);
	assert_int_equal(c.theme, -1);
	ctoprc_release(&c);
	free(errs);
}

static void test_command_line_wins(void **state)
{
	char *argv[] = {"ctop", "-d", "3", "--sampler", "perf", "-p", "1", NULL};
	struct ctop_opts o;
	struct ctoprc c;
	char *errs = NULL, *cause = NULL;

	(void)state;
	assert_int_equal(options_parse(7, argv, &o, &cause), OPTS_OK);
	ctoprc_init(&c);
	parse("interval = 0.5\nsampler = ptrace\nfreq = 49\nwindow = 30\ntheme = mono\n", &c,
	      &errs);
	ctoprc_apply(&c, &o);
	assert_true(o.interval_s == 3);
	assert_int_equal(o.sampler, SAMPLER_PERF);
	assert_true(o.hz == 49);
	assert_true(o.window_s == 30);
	assert_string_equal(o.theme, "mono");
	ctoprc_release(&c);
	free(errs);
}

static void test_write_reads_back(void **state)
{
	char dir[] = "/tmp/ctop-rc-XXXXXX", path[128], *cause = NULL, *errs = NULL;
	struct ctoprc w, r;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	/* A directory that is not there yet is made. */
	snprintf(path, sizeof path, "%s/ctop/ctoprc", dir);
	ctoprc_init(&w);
	w.panel = '6';
	w.interval_s = 0.25;
	w.hz = 99;
	w.window_s = 10;
	w.sampler = SAMPLER_AUTO;
	w.locks = LOCKS_TRACE;
	w.theme = THEME_DEFAULT;
	w.ascii = 0;
	w.events = "";
	assert_int_equal(ctoprc_write(path, &w, &cause), 0);
	f = fopen(path, "r");
	assert_non_null(f);
	ctoprc_init(&r);
	{
		size_t len = 0;
		FILE *err = open_memstream(&errs, &len);

		assert_int_equal(ctoprc_parse(f, path, &r, err), 0);
		fclose(err);
	}
	fclose(f);
	assert_int_equal(r.panel, '6');
	assert_true(r.interval_s == 0.25 && r.hz == 99 && r.window_s == 10);
	assert_int_equal(r.sampler, SAMPLER_AUTO);
	assert_int_equal(r.locks, LOCKS_TRACE);
	assert_int_equal(r.theme, THEME_DEFAULT);
	assert_int_equal(r.ascii, 0);
	assert_string_equal(r.events, "");
	ctoprc_release(&r);
	unlink(path);
	snprintf(path, sizeof path, "%s/ctop", dir);
	assert_int_equal(rmdir(path), 0);
	assert_int_equal(rmdir(dir), 0);
	free(errs);
}

static void test_path(void **state)
{
	char *p;

	(void)state;
	setenv("XDG_CONFIG_HOME", "/x/cfg", 1);
	setenv("HOME", "/home/u", 1);
	p = ctoprc_path();
	assert_string_equal(p, "/x/cfg/ctop/ctoprc");
	free(p);
	/* Relative or empty XDG_CONFIG_HOME is ignored. */
	setenv("XDG_CONFIG_HOME", "rel", 1);
	p = ctoprc_path();
	assert_string_equal(p, "/home/u/.config/ctop/ctoprc");
	free(p);
	unsetenv("XDG_CONFIG_HOME");
	p = ctoprc_path();
	assert_string_equal(p, "/home/u/.config/ctop/ctoprc");
	free(p);
}

static void test_themes(void **state)
{
	short fg, bg;

	(void)state;
	assert_int_equal(theme_find("default"), THEME_DEFAULT);
	assert_int_equal(theme_find("mono"), THEME_MONO);
	assert_int_equal(theme_find("neon"), -1);
	/* NO_COLOR set and not empty, or mono: no colour. */
	assert_true(theme_uses_color(THEME_DEFAULT, NULL));
	assert_true(theme_uses_color(THEME_DEFAULT, ""));
	assert_false(theme_uses_color(THEME_DEFAULT, "1"));
	assert_false(theme_uses_color(THEME_MONO, NULL));
	/* 8 colours: the basic table stays (within 0..7), dim text keeps the
	 * terminal's foreground; 256: richer shades beyond the first 16. */
	fg = COLOR_YELLOW, bg = -1;
	theme_pair(THEME_DEFAULT, DC_WARN, 8, &fg, &bg);
	assert_int_equal(fg, COLOR_YELLOW);
	fg = COLOR_WHITE;
	theme_pair(THEME_DEFAULT, DC_DIM, 8, &fg, &bg);
	assert_int_equal(fg, -1);
	fg = COLOR_YELLOW, bg = -1;
	theme_pair(THEME_DEFAULT, DC_WARN, 256, &fg, &bg);
	assert_true(fg > 15 && fg < 256);
	assert_int_equal(bg, -1);
	fg = COLOR_BLACK, bg = COLOR_YELLOW;
	theme_pair(THEME_DEFAULT, DC_FL_MAIN, 256, &fg, &bg);
	assert_true(bg > 15 && bg < 256);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good),
	    cmocka_unit_test(test_bad_lines),
	    cmocka_unit_test(test_command_line_wins),
	    cmocka_unit_test(test_write_reads_back),
	    cmocka_unit_test(test_path),
	    cmocka_unit_test(test_themes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
