/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * profile: an immutable picture of the sampled stacks at one tick.  For
 * each (thread, stack) it holds how many samples fell in each span: the
 * interval since the previous tick, a few sliding windows (5 s, 10 s,
 * 30 s and the --window length), and everything since attach; and, for
 * each window, how many fell in the window before it (for the
 * differential flame view).
 *
 * The sample store (stacks.c) builds one at every tick and the snapshot
 * carries it, so the Hot and Flame panels and the batch writers answer
 * every question (another window, another thread, callers of another
 * function) from the snapshot alone, also while paused.  The queries
 * below are pure functions of a profile.  Names come from the shared,
 * append-only dictionary (dict.h).
 */
#ifndef CTOP_PROFILE_H
#define CTOP_PROFILE_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "dict.h"

struct u64map;

#define PROF_MAX_SPANS 6
/* Span 0 is always the interval since the previous tick. */
#define PROF_INTERVAL 0

struct profile_span {
	double seconds;        /* 0: the interval; INFINITY: since attach */
	double covered_s;      /* time the samples really cover (less early on) */
	uint64_t samples;      /* in the span, all threads */
	uint64_t prev_samples; /* in the equally long span before it */
};

struct prof_entry {
	pid_t tid;
	uint32_t stack; /* a dict stack id */
	uint32_t n[PROF_MAX_SPANS];
	uint32_t prev[PROF_MAX_SPANS];
};

struct profile {
	int refs;
	struct dict *dict;
	uint32_t nfuncs, nstacks; /* the dictionary's size at the tick */
	int nspans;
	struct profile_span spans[PROF_MAX_SPANS];
	size_t nentries, capentries;
	struct prof_entry *entries;
	struct u64map *build; /* (tid, stack) -> entry + 1 while building */
};

/* ---- building (the store, tests, replays) ---- */

/* An empty profile over d with the given spans (span 0 must be 0 s, the
 * interval; INFINITY for since attach). */
struct profile *profile_new(struct dict *d, const double *seconds, int nspans);
/* Adds n samples of (tid, stack) to span, or to the span before it. */
void profile_count(struct profile *p, pid_t tid, uint32_t stack, int span, int prev, uint32_t n);
/* Ends building: totals per span; covered[i] is span i's covered time. */
void profile_seal(struct profile *p, const double *covered);
struct profile *profile_ref(struct profile *p);
void profile_unref(struct profile *p);

/* ---- queries (pure) ---- */

/* The span of that length (0 interval, INFINITY since attach), or -1. */
int profile_span_find(const struct profile *p, double seconds);
const struct dict_func *profile_func(const struct profile *p, uint32_t id);

enum profile_sort { PROFILE_SORT_SELF, PROFILE_SORT_TOTAL };

struct profile_hot {
	uint32_t func; /* dict function id, to follow a row or ask for neighbours */
	const char *function;
	const char *module;
	uint64_t samples;       /* self: the function is the leaf */
	uint64_t total_samples; /* anywhere on the stack, once per stack */
	double self_pct;
	double total_pct;
};

/*
 * The hot functions among the samples of span and thread tid (0: all),
 * sorted by sort (ties: the other figure, then first seen), at most max.
 * Returns how many; *nsamples (may be NULL) gets the samples counted.
 */
int profile_hot(const struct profile *p, pid_t tid, int span, enum profile_sort sort,
                struct profile_hot *out, int max, uint64_t *nsamples);

struct profile_neighbour {
	const char *function;
	const char *module;
	uint64_t samples; /* samples in which it calls, or is called by, the function */
};

/* The callers and callees of function func in the same samples, most
 * samples first, each counted once per stack; at most max of each. */
void profile_neighbours(const struct profile *p, pid_t tid, int span, uint32_t func,
                        struct profile_neighbour *callers, int *ncallers,
                        struct profile_neighbour *callees, int *ncallees, int max);

/* Called once per distinct stack with samples in span (or in the span
 * before it): function ids root first, and both counts. */
typedef void (*profile_visit_fn)(void *arg, const uint32_t *funcs, int n, uint64_t count,
                                 uint64_t prev_count);
void profile_foreach(const struct profile *p, pid_t tid, int span, profile_visit_fn fn, void *arg);

/* Writes span in collapsed form, "root;...;leaf COUNT\n", a line per
 * distinct stack (';' and newlines in names replaced). */
void profile_write_folded(const struct profile *p, pid_t tid, int span, FILE *out);

#endif
