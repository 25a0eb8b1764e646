/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * profile: building a tick's immutable picture of the samples, and the
 * questions asked of it.  Every query first reduces the entries of its
 * span and thread to one count per stack, then walks those stacks once,
 * so its cost grows with the number of distinct stacks, not of samples.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"
#include "u64map.h"
#include "util.h"

struct profile *profile_new(struct dict *d, const double *seconds, int nspans)
{
	struct profile *p = xcalloc(1, sizeof *p);

	if (nspans > PROF_MAX_SPANS)
		nspans = PROF_MAX_SPANS;
	p->refs = 1;
	p->dict = dict_ref(d);
	p->nspans = nspans;
	for (int i = 0; i < nspans; i++)
		p->spans[i].seconds = seconds[i];
	p->build = xcalloc(1, sizeof *p->build);
	u64map_init(p->build);
	return p;
}

void profile_count(struct profile *p, pid_t tid, uint32_t stack, int span, int prev, uint32_t n)
{
	uint64_t key = (uint64_t)(uint32_t)tid << 32 | stack;
	uint64_t at;
	struct prof_entry *e;

	if (span < 0 || span >= p->nspans || p->build == NULL)
		return;
	/* Key 0 is the map's "empty": tid 0 with stack 0 never occurs for a
	 * real thread, but keep it distinct anyway. */
	if (key == 0)
		key = UINT64_MAX;
	at = u64map_get(p->build, key);
	if (at == 0) {
		if (p->nentries == p->capentries) {
			p->capentries = p->capentries ? p->capentries * 2 : 64;
			p->entries = xrealloc(p->entries, p->capentries * sizeof *p->entries);
		}
		e = &p->entries[p->nentries++];
		memset(e, 0, sizeof *e);
		e->tid = tid;
		e->stack = stack;
		at = p->nentries;
		u64map_set(p->build, key, at);
	}
	e = &p->entries[at - 1];
	if (prev)
		e->prev[span] += n;
	else
		e->n[span] += n;
}

void profile_seal(struct profile *p, const double *covered)
{
	if (p->build != NULL) {
		u64map_release(p->build);
		free(p->build);
		p->build = NULL;
	}
	p->nfuncs = dict_nfuncs(p->dict);
	p->nstacks = dict_nstacks(p->dict);
	for (int i = 0; i < p->nspans; i++) {
		p->spans[i].samples = p->spans[i].prev_samples = 0;
		p->spans[i].covered_s = covered != NULL ? covered[i] : NAN;
	}
	for (size_t k = 0; k < p->nentries; k++)
		for (int i = 0; i < p->nspans; i++) {
			p->spans[i].samples += p->entries[k].n[i];
			p->spans[i].prev_samples += p->entries[k].prev[i];
		}
}

struct profile *profile_ref(struct profile *p)
{
	p->refs++;
	return p;
}

void profile_unref(struct profile *p)
{
	if (p == NULL || --p->refs > 0)
		return;
	if (p->build != NULL) {
		u64map_release(p->build);
		free(p->build);
	}
	dict_unref(p->dict);
	free(p->entries);
	free(p);
}

int profile_span_find(const struct profile *p, double seconds)
{
	for (int i = 0; p != NULL && i < p->nspans; i++)
		if (p->spans[i].seconds == seconds)
			return i;
	return -1;
}

const struct dict_func *profile_func(const struct profile *p, uint32_t id)
{
	return dict_func(p->dict, id);
}

/* Per-stack counts of span for tid (0: all): calloc'd, nstacks long. */
static uint64_t *profile_counts(const struct profile *p, pid_t tid, int span, int prev,
                                uint64_t *sum)
{
	uint64_t *c = xcalloc((size_t)p->nstacks + 1, sizeof *c);

	*sum = 0;
	if (span < 0 || span >= p->nspans)
		return c;
	for (size_t i = 0; i < p->nentries; i++) {
		const struct prof_entry *e = &p->entries[i];
		uint32_t v = prev ? e->prev[span] : e->n[span];

		if (v == 0 || (tid != 0 && e->tid != tid) || e->stack >= p->nstacks)
			continue;
		c[e->stack] += v;
		*sum += v;
	}
	return c;
}

struct prof_rank {
	uint32_t id;
	uint64_t self;
	uint64_t total;
};

static int prof_rank_cmp_self(const void *a, const void *b)
{
	const struct prof_rank *x = a, *y = b;

	if (x->self != y->self)
		return x->self > y->self ? -1 : 1;
	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int prof_rank_cmp_total(const void *a, const void *b)
{
	const struct prof_rank *x = a, *y = b;

	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	if (x->self != y->self)
		return x->self > y->self ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

int profile_hot(const struct profile *p, pid_t tid, int span, enum profile_sort sort,
                struct profile_hot *out, int max, uint64_t *nsamples)
{
	uint64_t sum, *counts;
	struct prof_rank *r;
	uint32_t *mark;
	int n = 0;

	if (nsamples != NULL)
		*nsamples = 0;
	if (p == NULL || max <= 0)
		return 0;
	counts = profile_counts(p, tid, span, 0, &sum);
	r = xcalloc((size_t)p->nfuncs + 1, sizeof *r);
	/* mark[f] == stack + 1: f already counted in this stack (recursion). */
	mark = xcalloc((size_t)p->nfuncs + 1, sizeof *mark);
	for (uint32_t i = 0; i < p->nfuncs; i++)
		r[i].id = i;
	for (uint32_t s = 0; s < p->nstacks; s++) {
		uint32_t len;
		const uint32_t *fr;

		if (counts[s] == 0)
			continue;
		fr = dict_stack(p->dict, s, &len);
		r[fr[0]].self += counts[s];
		for (uint32_t i = 0; i < len; i++) {
			if (mark[fr[i]] != s + 1) {
				mark[fr[i]] = s + 1;
				r[fr[i]].total += counts[s];
			}
		}
	}
	qsort(r, p->nfuncs, sizeof *r,
	      sort == PROFILE_SORT_SELF ? prof_rank_cmp_self : prof_rank_cmp_total);
	for (uint32_t i = 0; i < p->nfuncs && n < max; i++) {
		const struct dict_func *f = dict_func(p->dict, r[i].id);

		/* Functions with no self samples still rank (by total) after
		 * the rest: main and work are what a reader looks for. */
		if (r[i].total == 0)
			break;
		out[n].func = r[i].id;
		out[n].function = f->name;
		out[n].module = f->module;
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
static int prof_top_neighbours(const struct profile *p, const uint64_t *acc,
                               struct profile_neighbour *out, int max)
{
	int n = 0;

	for (uint32_t f = 0; f < p->nfuncs; f++) {
		int at;

		if (acc[f] == 0)
			continue;
		for (at = n; at > 0 && out[at - 1].samples < acc[f]; at--)
			if (at < max)
				out[at] = out[at - 1];
		if (at >= max)
			continue;
		out[at].function = dict_func(p->dict, f)->name;
		out[at].module = dict_func(p->dict, f)->module;
		out[at].samples = acc[f];
		if (n < max)
			n++;
	}
	return n;
}

void profile_neighbours(const struct profile *p, pid_t tid, int span, uint32_t func,
                        struct profile_neighbour *callers, int *ncallers,
                        struct profile_neighbour *callees, int *ncallees, int max)
{
	uint64_t sum, *counts, *up, *down;
	uint32_t *mark_up, *mark_down;

	*ncallers = *ncallees = 0;
	if (p == NULL || func >= p->nfuncs || max <= 0)
		return;
	counts = profile_counts(p, tid, span, 0, &sum);
	up = xcalloc(p->nfuncs, sizeof *up);
	down = xcalloc(p->nfuncs, sizeof *down);
	mark_up = xcalloc(p->nfuncs, sizeof *mark_up);
	mark_down = xcalloc(p->nfuncs, sizeof *mark_down);
	for (uint32_t s = 0; s < p->nstacks; s++) {
		uint32_t n;
		const uint32_t *fr;

		if (counts[s] == 0)
			continue;
		fr = dict_stack(p->dict, s, &n);
		/* Frames are leaf first: the caller of fr[i] is fr[i + 1]. */
		for (uint32_t i = 0; i < n; i++) {
			if (fr[i] != func)
				continue;
			if (i + 1 < n && mark_up[fr[i + 1]] != s + 1) {
				mark_up[fr[i + 1]] = s + 1;
				up[fr[i + 1]] += counts[s];
			}
			if (i > 0 && mark_down[fr[i - 1]] != s + 1) {
				mark_down[fr[i - 1]] = s + 1;
				down[fr[i - 1]] += counts[s];
			}
		}
	}
	*ncallers = prof_top_neighbours(p, up, callers, max);
	*ncallees = prof_top_neighbours(p, down, callees, max);
	free(mark_up);
	free(mark_down);
	free(up);
	free(down);
	free(counts);
}

void profile_foreach(const struct profile *p, pid_t tid, int span, profile_visit_fn fn, void *arg)
{
	uint64_t sum, psum, *counts, *prev;
	uint32_t *ids = NULL, cap = 0;

	if (p == NULL)
		return;
	counts = profile_counts(p, tid, span, 0, &sum);
	prev = profile_counts(p, tid, span, 1, &psum);
	for (uint32_t s = 0; s < p->nstacks; s++) {
		uint32_t n;
		const uint32_t *fr;

		if (counts[s] == 0 && prev[s] == 0)
			continue;
		fr = dict_stack(p->dict, s, &n);
		if (n > cap) {
			cap = n;
			ids = xrealloc(ids, cap * sizeof *ids);
		}
		for (uint32_t i = 0; i < n; i++)
			ids[i] = fr[n - 1 - i];
		fn(arg, ids, (int)n, counts[s], prev[s]);
	}
	free(ids);
	free(prev);
	free(counts);
}

/* Writes a name with the characters the folded format reserves replaced. */
static void prof_put_folded_name(FILE *out, const char *s)
{
	for (; *s != '\0'; s++)
		fputc(*s == ';' ? ':' : *s == '\n' || *s == '\r' ? ' ' : *s, out);
}

void profile_write_folded(const struct profile *p, pid_t tid, int span, FILE *out)
{
	uint64_t sum, *counts;

	if (p == NULL)
		return;
	counts = profile_counts(p, tid, span, 0, &sum);
	for (uint32_t s = 0; s < p->nstacks; s++) {
		uint32_t n;
		const uint32_t *fr;

		if (counts[s] == 0)
			continue;
		fr = dict_stack(p->dict, s, &n);
		/* Stored leaf first; folded lines are root first. */
		for (uint32_t i = n; i-- > 0;) {
			prof_put_folded_name(out, dict_func(p->dict, fr[i])->name);
			if (i > 0)
				fputc(';', out);
		}
		fprintf(out, " %llu\n", (unsigned long long)counts[s]);
	}
	free(counts);
}
