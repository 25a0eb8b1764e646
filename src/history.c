/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * history: fixed rings of figures over time.  A ring keeps the last cap
 * values with the CLOCK_MONOTONIC time each was taken, so statistics use
 * the real spacing of samples (a late tick is not an on-time tick).  NAN
 * values are kept, since a graph must show the gap, and are skipped by
 * every statistic.  It computes nothing from /proc: history_push only
 * copies figures out of a finished snapshot.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "history.h"
#include "snapshot.h"
#include "util.h"

void ring_init(struct ring *r, size_t cap)
{
	if (cap == 0)
		cap = 1;
	r->v = xcalloc(cap, sizeof *r->v);
	r->t = xcalloc(cap, sizeof *r->t);
	r->cap = cap;
	r->len = 0;
	r->head = 0;
}

void ring_release(struct ring *r)
{
	free(r->v);
	free(r->t);
	r->v = r->t = NULL;
	r->cap = r->len = r->head = 0;
}

void ring_push(struct ring *r, double t, double v)
{
	r->v[r->head] = v;
	r->t[r->head] = t;
	r->head = (r->head + 1) % r->cap;
	r->total++;
	if (r->len < r->cap)
		r->len++;
}

/* Array index of the i-th oldest kept entry. */
static size_t ring_index(const struct ring *r, size_t i)
{
	return (r->head + r->cap - r->len + i) % r->cap;
}

double ring_get(const struct ring *r, size_t i)
{
	if (i >= r->len)
		return NAN;
	return r->v[ring_index(r, i)];
}

double ring_time(const struct ring *r, size_t i)
{
	if (i >= r->len)
		return NAN;
	return r->t[ring_index(r, i)];
}

double ring_last(const struct ring *r)
{
	return r->len == 0 ? NAN : ring_get(r, r->len - 1);
}

double ring_max(const struct ring *r, size_t last_n)
{
	double max = NAN;
	size_t from = last_n < r->len ? r->len - last_n : 0;

	for (size_t i = from; i < r->len; i++) {
		double v = ring_get(r, i);

		if (!isnan(v) && (isnan(max) || v > max))
			max = v;
	}
	return max;
}

/* Running sums of a least-squares fit; times are taken relative to t0 so
 * that large monotonic clocks do not eat the precision of the sums. */
struct fit {
	double t0, sx, sy, sxx, sxy;
	double tmin, tmax;
	size_t n;
};

static void fit_add(struct fit *f, double t, double v)
{
	double x;

	if (isnan(v) || isnan(t))
		return;
	x = t - f->t0;
	f->sx += x;
	f->sy += v;
	f->sxx += x * x;
	f->sxy += x * v;
	if (f->n == 0 || t < f->tmin)
		f->tmin = t;
	if (f->n == 0 || t > f->tmax)
		f->tmax = t;
	f->n++;
}

static double fit_slope(const struct fit *f, double *used_s)
{
	double n = (double)f->n, den;

	if (used_s != NULL)
		*used_s = f->n > 0 ? f->tmax - f->tmin : 0;
	if (f->n < 3)
		return NAN;
	den = n * f->sxx - f->sx * f->sx;
	if (!(den > 0))
		return NAN;
	return (n * f->sxy - f->sx * f->sy) / den;
}

/* Adds the ring's points no older than since. */
static void fit_ring(struct fit *f, const struct ring *r, double since)
{
	for (size_t i = 0; i < r->len; i++) {
		double t = ring_time(r, i);

		if (t >= since)
			fit_add(f, t, ring_get(r, i));
	}
}

double ring_slope(const struct ring *r, double window_s, double *used_s)
{
	struct fit f = {0};
	double newest;

	if (r->len == 0) {
		if (used_s != NULL)
			*used_s = 0;
		return NAN;
	}
	newest = ring_time(r, r->len - 1);
	f.t0 = newest;
	fit_ring(&f, r, newest - window_s);
	return fit_slope(&f, used_s);
}

double ring_slope_with(const struct ring *r, double window_s, double t_now, double v_now,
                       double *used_s)
{
	struct fit f = {.t0 = t_now};

	fit_ring(&f, r, t_now - window_s);
	fit_add(&f, t_now, v_now);
	return fit_slope(&f, used_s);
}

struct history *history_new(size_t cap)
{
	struct history *h = xcalloc(1, sizeof *h);

	for (int i = 0; i < HIST_NSERIES; i++)
		ring_init(&h->series[i], cap);
	return h;
}

void history_free(struct history *h)
{
	if (h == NULL)
		return;
	for (int i = 0; i < HIST_NSERIES; i++)
		ring_release(&h->series[i]);
	free(h);
}

/* Byte counts are integers with SNAP_UNKNOWN for unknown. */
static double history_bytes(uint64_t v)
{
	return v == SNAP_UNKNOWN ? NAN : (double)v;
}

void history_push(struct history *h, const struct snapshot *s)
{
	const struct snap_process *p = &s->process;
	const struct snap_io *io = &s->io;
	double v[HIST_NSERIES] = {
	    [HIST_CPU_PCT] = p->cpu_pct,
	    [HIST_USER_PCT] = p->user_pct,
	    [HIST_SYS_PCT] = p->sys_pct,
	    [HIST_RSS] = history_bytes(p->rss_bytes),
	    [HIST_RSS_ANON] = history_bytes(p->rss_anon_bytes),
	    [HIST_RSS_FILE] = history_bytes(p->rss_file_bytes),
	    [HIST_RSS_SHMEM] = history_bytes(p->rss_shmem_bytes),
	    [HIST_SWAP] = history_bytes(p->swap_bytes),
	    [HIST_MINFLT] = p->minflt_per_s,
	    [HIST_MAJFLT] = p->majflt_per_s,
	    [HIST_RCHAR] = io->rchar_per_s,
	    [HIST_WCHAR] = io->wchar_per_s,
	    [HIST_SYSCR] = io->syscr_per_s,
	    [HIST_SYSCW] = io->syscw_per_s,
	    [HIST_READ_BYTES] = io->read_bytes_per_s,
	    [HIST_WRITE_BYTES] = io->write_bytes_per_s,
	    [HIST_CTXSW_VOL] = p->ctxsw_voluntary_per_s,
	    [HIST_CTXSW_INVOL] = p->ctxsw_involuntary_per_s,
	    [HIST_IPC] = s->counters.ipc,
	};

	for (int i = 0; i < HIST_NSERIES; i++)
		ring_push(&h->series[i], s->mono, v[i]);
}

const struct ring *history_series(const struct history *h, enum hist_series id)
{
	return &h->series[id];
}
