/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * stacks_query: questions asked of the sample store.  Hot functions (self
 * and inclusive shares), the callers and callees of one function, the
 * collapsed ("folded") form of the whole run, and the per-snapshot hot
 * list.  Every query first reduces its samples to one count per interned
 * stack, then walks the stacks once, so its cost grows with the number of
 * distinct stacks, not of samples.
 *
 * It only reads the store (stacks.c adds to it) and never draws.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "snapshot.h"
#include "stacks.h"
#include "stacks_priv.h"
#include "util.h"

struct stk_rank {
	int id;
	uint64_t self;
	uint64_t total;
};

static enum stacks_sort stk_sort_key;

static int stk_rank_cmp(const void *a, const void *b)
{
	const struct stk_rank *x = a, *y = b;
	uint64_t kx = stk_sort_key == STACKS_SORT_SELF ? x->self : x->total;
	uint64_t ky = stk_sort_key == STACKS_SORT_SELF ? y->self : y->total;
	uint64_t tx = stk_sort_key == STACKS_SORT_SELF ? x->total : x->self;
	uint64_t ty = stk_sort_key == STACKS_SORT_SELF ? y->total : y->self;

	if (kx != ky)
		return kx > ky ? -1 : 1;
	if (tx != ty)
		return tx > ty ? -1 : 1;
	return x->id - y->id; /* stable across ticks */
}

int stacks_hot(struct stacks *st, pid_t tid, enum stacks_span span, enum stacks_sort sort,
               struct hot_fig *out, int max, uint64_t *nsamples)
{
	uint64_t sum, *counts;
	struct stk_rank *r;
	uint32_t *mark;
	int n = 0;

	if (nsamples != NULL)
		*nsamples = 0;
	if (st == NULL || max <= 0)
		return 0;
	counts = stk_counts(st, tid, span, &sum);
	r = xcalloc((size_t)st->nfuncs + 1, sizeof *r);
	/* mark[f] == stack + 1: f already counted in this stack (recursion). */
	mark = xcalloc((size_t)st->nfuncs + 1, sizeof *mark);
	for (int i = 0; i < st->nfuncs; i++)
		r[i].id = i;
	for (int s = 0; s < st->nstacks; s++) {
		const uint32_t *fr = st->frames + st->stacks[s].off;

		if (counts[s] == 0)
			continue;
		r[fr[0]].self += counts[s];
		for (uint32_t i = 0; i < st->stacks[s].n; i++) {
			if (mark[fr[i]] != (uint32_t)s + 1) {
				mark[fr[i]] = (uint32_t)s + 1;
				r[fr[i]].total += counts[s];
			}
		}
	}
	stk_sort_key = sort;
	qsort(r, (size_t)st->nfuncs, sizeof *r, stk_rank_cmp);
	for (int i = 0; i < st->nfuncs && n < max; i++) {
		const struct stk_func *f = &st->funcs[r[i].id];

		/* Functions with no self samples still rank (by total) after
		 * the rest: main and work are what a reader looks for. */
		if (r[i].total == 0)
			break;
		out[n].function = f->name;
		out[n].module = f->module;
		out[n].id = r[i].id;
		out[n].samples = r[i].self;
		out[n].total_samples = r[i].total;
		out[n].self_pct = 100.0 * (double)r[i].self / (double)sum;
		out[n].total_pct = 100.0 * (double)r[i].total / (double)sum;
		n++;
	}
	if (nsamples != NULL)
		*nsamples = sum;
	free(mark);
	free(r);
	free(counts);
	return n;
}

/* Keeps the max largest of acc (indexed by function id) in out. */
static int stk_top_neighbours(const struct stacks *st, const uint64_t *acc,
                              struct stacks_neighbour *out, int max)
{
	int n = 0;

	for (int f = 0; f < st->nfuncs; f++) {
		int at;

		if (acc[f] == 0)
			continue;
		for (at = n; at > 0 && out[at - 1].samples < acc[f]; at--)
			if (at < max)
				out[at] = out[at - 1];
		if (at >= max)
			continue;
		out[at].function = st->funcs[f].name;
		out[at].module = st->funcs[f].module;
		out[at].samples = acc[f];
		if (n < max)
			n++;
	}
	return n;
}

void stacks_neighbours(struct stacks *st, pid_t tid, enum stacks_span span, int id,
                       struct stacks_neighbour *callers, int *ncallers,
                       struct stacks_neighbour *callees, int *ncallees, int max)
{
	uint64_t sum, *counts, *up, *down;
	uint32_t *mark_up, *mark_down;

	*ncallers = *ncallees = 0;
	if (st == NULL || id < 0 || id >= st->nfuncs || max <= 0)
		return;
	counts = stk_counts(st, tid, span, &sum);
	up = xcalloc((size_t)st->nfuncs, sizeof *up);
	down = xcalloc((size_t)st->nfuncs, sizeof *down);
	mark_up = xcalloc((size_t)st->nfuncs, sizeof *mark_up);
	mark_down = xcalloc((size_t)st->nfuncs, sizeof *mark_down);
	for (int s = 0; s < st->nstacks; s++) {
		const uint32_t *fr = st->frames + st->stacks[s].off;
		uint32_t n = st->stacks[s].n;

		if (counts[s] == 0)
			continue;
		/* Frames are leaf first: the caller of fr[i] is fr[i + 1]. */
		for (uint32_t i = 0; i < n; i++) {
			if (fr[i] != (uint32_t)id)
				continue;
			if (i + 1 < n && mark_up[fr[i + 1]] != (uint32_t)s + 1) {
				mark_up[fr[i + 1]] = (uint32_t)s + 1;
				up[fr[i + 1]] += counts[s];
			}
			if (i > 0 && mark_down[fr[i - 1]] != (uint32_t)s + 1) {
				mark_down[fr[i - 1]] = (uint32_t)s + 1;
				down[fr[i - 1]] += counts[s];
			}
		}
	}
	*ncallers = stk_top_neighbours(st, up, callers, max);
	*ncallees = stk_top_neighbours(st, down, callees, max);
	free(mark_up);
	free(mark_down);
	free(up);
	free(down);
	free(counts);
}

/* Writes a name with the characters the folded format reserves replaced. */
static void stk_put_folded_name(FILE *out, const char *s)
{
	for (; *s != '\0'; s++)
		fputc(*s == ';' ? ':' : *s == '\n' || *s == '\r' ? ' ' : *s, out);
}

void stacks_write_folded(struct stacks *st, FILE *out)
{
	uint64_t sum, *counts;

	if (st == NULL)
		return;
	counts = stk_counts(st, 0, STACKS_TOTAL, &sum);
	for (int s = 0; s < st->nstacks; s++) {
		const uint32_t *fr = st->frames + st->stacks[s].off;

		if (counts[s] == 0)
			continue;
		/* Stored leaf first; folded lines are root first. */
		for (uint32_t i = st->stacks[s].n; i-- > 0;) {
			stk_put_folded_name(out, st->funcs[fr[i]].name);
			if (i > 0)
				fputc(';', out);
		}
		fprintf(out, " %llu\n", (unsigned long long)counts[s]);
	}
	free(counts);
}

void stacks_foreach(struct stacks *st, pid_t tid, enum stacks_span span, stacks_visit_fn fn,
                    void *arg)
{
	uint64_t sum, *counts;
	const char **names = NULL;
	uint32_t cap = 0;

	if (st == NULL)
		return;
	counts = stk_counts(st, tid, span, &sum);
	for (int s = 0; s < st->nstacks; s++) {
		const uint32_t *fr = st->frames + st->stacks[s].off;
		uint32_t n = st->stacks[s].n;

		if (counts[s] == 0)
			continue;
		if (n > cap) {
			cap = n;
			names = xrealloc(names, cap * sizeof *names);
		}
		for (uint32_t i = 0; i < n; i++)
			names[i] = st->funcs[fr[n - 1 - i]].name;
		fn(arg, names, (int)n, counts[s]);
	}
	free(names);
	free(counts);
}

#define STK_SNAP_HOT 50

void stacks_collect(struct stacks *st, struct snapshot *snap)
{
	struct hot_fig top[STK_SNAP_HOT];
	uint64_t sum = 0;
	int n;

	if (st == NULL)
		return;
	snap->stacks.maps_changed = stacks_refresh_symbols(st);
	stacks_expire(st, snap->mono);
	n = stacks_hot(st, 0, STACKS_INTERVAL, STACKS_SORT_SELF, top, STK_SNAP_HOT, &sum);
	/* The snapshot outlives nothing of the store's by contract, but it
	 * is cheap to own its strings and then it cannot dangle. */
	snap->stacks.hot = n > 0 ? xcalloc((size_t)n, sizeof *snap->stacks.hot) : NULL;
	for (int i = 0; i < n; i++) {
		snap->stacks.hot[i] = top[i];
		snap->stacks.hot[i].function = xstrdup(top[i].function);
		snap->stacks.hot[i].module = xstrdup(top[i].module);
	}
	snap->stacks.nhot = n;
	snap->stacks.interval_samples = sum;
	st->interval_n = 0;
}

void stacks_snapshot_release(struct stacks_snapshot *s)
{
	for (int i = 0; i < s->nhot; i++) {
		free(s->hot[i].function);
		free(s->hot[i].module);
	}
	free(s->hot);
	s->hot = NULL;
	s->nhot = 0;
}
