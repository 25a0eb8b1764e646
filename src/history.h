/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * history: fixed rings of figures over time, for graphs and for slopes
 * (RSS growth).  One ring per series; a series is named by an enum so the
 * panels and the collector agree without strings.  NAN entries are kept
 * (a gap in a graph), and skipped by the statistics.
 */
#ifndef CTOP_HISTORY_H
#define CTOP_HISTORY_H

#include <stddef.h>
#include <stdint.h>

struct snapshot;

struct ring {
	double *v;
	double *t; /* CLOCK_MONOTONIC seconds of each value */
	size_t cap;
	size_t len;
	size_t head;    /* index of the next write */
	uint64_t total; /* values ever pushed: the newest is number total-1 */
};

void ring_init(struct ring *r, size_t cap);
void ring_release(struct ring *r);
void ring_push(struct ring *r, double t, double v);
/* i = 0 is the oldest kept value, len-1 the newest. */
double ring_get(const struct ring *r, size_t i);
double ring_time(const struct ring *r, size_t i);
double ring_last(const struct ring *r);
double ring_max(const struct ring *r, size_t last_n);
/*
 * Least-squares slope (value per second) of the values within window_s of
 * the newest; NAN with fewer than 3 known points.  *used_s (may be NULL)
 * receives the span of time the slope covers.
 */
double ring_slope(const struct ring *r, double window_s, double *used_s);
/*
 * The same slope with one more point (t_now, v_now) taken as the newest:
 * for a collector that wants its current value in the fit before the
 * snapshot is pushed.  A NAN v_now is skipped like any other gap.
 */
double ring_slope_with(const struct ring *r, double window_s, double t_now, double v_now,
                       double *used_s);

enum hist_series {
	HIST_CPU_PCT,
	HIST_USER_PCT,
	HIST_SYS_PCT,
	HIST_RSS,
	HIST_RSS_ANON,
	HIST_RSS_FILE,
	HIST_RSS_SHMEM,
	HIST_SWAP,
	HIST_MINFLT,
	HIST_MAJFLT,
	HIST_RCHAR,
	HIST_WCHAR,
	HIST_SYSCR,
	HIST_SYSCW,
	HIST_READ_BYTES,
	HIST_WRITE_BYTES,
	HIST_CTXSW_VOL,
	HIST_CTXSW_INVOL,
	HIST_IPC,
	HIST_NSERIES
};

struct history {
	struct ring series[HIST_NSERIES];
};

struct history *history_new(size_t cap);
void history_free(struct history *h);
/* Appends the figures of one snapshot. */
void history_push(struct history *h, const struct snapshot *s);
const struct ring *history_series(const struct history *h, enum hist_series id);

#endif
