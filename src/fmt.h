/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fmt: numbers and names to short strings for narrow screens: bytes with
 * binary units, rates, percentages, durations, and truncation in the
 * middle that keeps the end of a name.  NAN prints as "n/a".
 *
 * It knows nothing of curses or snapshots, so every rule is unit-tested.
 */
#ifndef CTOP_FMT_H
#define CTOP_FMT_H

#include <stddef.h>
#include <stdint.h>

/* Each writes at most size bytes (NUL included) and returns buf. */
char *fmt_bytes(char *buf, size_t size, double bytes);      /* "12.3M" */
char *fmt_rate(char *buf, size_t size, double bytes_per_s); /* "12.3M/s" */
char *fmt_count(char *buf, size_t size, double n);          /* "1.2k" */
char *fmt_pct(char *buf, size_t size, double pct);          /* "12.3%" */
char *fmt_duration(char *buf, size_t size, double s);       /* "3d04h", "12:34" */
/* Fits s into width columns, replacing the middle with "~" when needed. */
char *fmt_trunc_middle(char *buf, size_t size, const char *s, int width);

/* v printed with fmt (one double conversion, e.g. "%.2f"), or "n/a"
 * when v is NAN or infinite. */
char *fmt_fig(char *buf, size_t size, const char *fmt, double v);

/* An integer figure as a double: UINT64_MAX (SNAP_UNKNOWN) becomes NAN,
 * so it prints as "n/a" through the functions above. */
double fmt_known(uint64_t v);

#endif
