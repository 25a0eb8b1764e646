/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fmt: the short number formats of the dashboard.  Every function keeps to
 * about five columns for a figure so tables line up on an 80-column
 * screen, and every function prints an unknown figure (NAN) as "n/a"
 * rather than a made-up zero.  Sizes use binary units (K = 1024), counts
 * decimal ones (k = 1000), as top and htop do.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"

static const char fmt_na[] = "n/a";

/* Writes v scaled by base into units, three significant digits at most. */
static char *fmt_scaled(char *buf, size_t size, double v, double base, const char *const *units,
                        size_t nunits, const char *suffix)
{
	const char *sign = "";
	size_t u = 0;

	if (size == 0)
		return buf;
	if (isnan(v) || isinf(v)) {
		snprintf(buf, size, "%s", fmt_na);
		return buf;
	}
	/* What would print as zero is zero, never "-0.00": a tiny
	 * negative rate is rounding noise, and -0.0 is 0. */
	if (fabs(v) < 0.005)
		v = 0;
	if (v < 0) {
		sign = "-";
		v = -v;
	}
	/* Move up a unit before rounding could print "1024K" or "1000k". */
	while (u + 1 < nunits && v >= base * 0.9995)
		v /= base, u++;
	if (u == 0 && v == floor(v))
		snprintf(buf, size, "%s%.0f%s%s", sign, v, units[u], suffix);
	else if (v < 9.995)
		snprintf(buf, size, "%s%.2f%s%s", sign, v, units[u], suffix);
	else if (v < 99.95)
		snprintf(buf, size, "%s%.1f%s%s", sign, v, units[u], suffix);
	else
		snprintf(buf, size, "%s%.0f%s%s", sign, v, units[u], suffix);
	return buf;
}

static const char *const fmt_bin_units[] = {"B", "K", "M", "G", "T", "P"};
static const char *const fmt_dec_units[] = {"", "k", "M", "G", "T"};

char *fmt_bytes(char *buf, size_t size, double bytes)
{
	return fmt_scaled(buf, size, bytes, 1024, fmt_bin_units,
	                  sizeof fmt_bin_units / sizeof fmt_bin_units[0], "");
}

char *fmt_rate(char *buf, size_t size, double bytes_per_s)
{
	return fmt_scaled(buf, size, bytes_per_s, 1024, fmt_bin_units,
	                  sizeof fmt_bin_units / sizeof fmt_bin_units[0], "/s");
}

char *fmt_count(char *buf, size_t size, double n)
{
	if (size > 0 && !isnan(n) && fabs(n) < 999.5 && n == floor(n)) {
		snprintf(buf, size, "%.0f", n);
		return buf;
	}
	if (size > 0 && !isnan(n) && fabs(n) < 99.95) {
		snprintf(buf, size, "%.1f", n);
		return buf;
	}
	return fmt_scaled(buf, size, n, 1000, fmt_dec_units,
	                  sizeof fmt_dec_units / sizeof fmt_dec_units[0], "");
}

char *fmt_pct(char *buf, size_t size, double pct)
{
	if (size == 0)
		return buf;
	if (isnan(pct) || isinf(pct))
		snprintf(buf, size, "%s", fmt_na);
	else if (fabs(pct) < 99.95)
		snprintf(buf, size, "%.1f%%", pct);
	else
		snprintf(buf, size, "%.0f%%", pct);
	return buf;
}

char *fmt_duration(char *buf, size_t size, double s)
{
	unsigned long t;

	if (size == 0)
		return buf;
	if (isnan(s) || isinf(s) || s < 0) {
		snprintf(buf, size, "%s", fmt_na);
		return buf;
	}
	if (s < 10 && s != floor(s)) {
		snprintf(buf, size, "%.1fs", s);
		return buf;
	}
	t = (unsigned long)(s + 0.5);
	if (t < 60)
		snprintf(buf, size, "%lus", t);
	else if (t < 3600)
		snprintf(buf, size, "%lu:%02lu", t / 60, t % 60);
	else if (t < 86400)
		snprintf(buf, size, "%luh%02lum", t / 3600, t / 60 % 60);
	else
		snprintf(buf, size, "%lud%02luh", t / 86400, t / 3600 % 24);
	return buf;
}

char *fmt_trunc_middle(char *buf, size_t size, const char *s, int width)
{
	size_t len = strlen(s), head, tail;

	if (size == 0)
		return buf;
	if (width <= 0) {
		buf[0] = '\0';
		return buf;
	}
	if ((size_t)width >= size)
		width = (int)size - 1;
	if (len <= (size_t)width) {
		memcpy(buf, s, len + 1);
		return buf;
	}
	if (width == 1) {
		/* The end of a name tells most: "worker-7" over "work". */
		buf[0] = s[len - 1];
		buf[1] = '\0';
		return buf;
	}
	/* A third for the start, the rest for the end, one column for "~". */
	head = (size_t)(width - 1) / 3;
	tail = (size_t)width - 1 - head;
	memcpy(buf, s, head);
	buf[head] = '~';
	memcpy(buf + head + 1, s + len - tail, tail);
	buf[width] = '\0';
	return buf;
}

char *fmt_fig(char *buf, size_t size, const char *fmt, double v)
{
	if (isnan(v) || isinf(v))
		snprintf(buf, size, "%s", fmt_na);
	else
		snprintf(buf, size, fmt, v);
	return buf;
}

double fmt_known(uint64_t v)
{
	return v == UINT64_MAX ? NAN : (double)v;
}
