/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_stacks: the sample store fed with synthetic stacks made of this
 * test's own function addresses (pid = getpid()): interning, window expiry
 * with explicit times, self and total shares with recursion counted once,
 * the thread filter, callers and callees, the ip-1 rule, the per-snapshot
 * hot list and the folded output, all asked of the profiles the store
 * builds (stacks_profile, stacks_collect), as the panels and writers do.
 * The dictionary under the store keeps every id as it grows.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
/* cmocka.h needs the three above first. */

#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "dict.h"
#include "profile.h"
#include "snapshot.h"
#include "stacks.h"
#include "symbols.h"
#include "util.h"

__attribute__((noinline)) int stktest_leaf(int x);
__attribute__((noinline)) int stktest_mid(int x);
__attribute__((noinline)) int stktest_root(int x);
__attribute__((noinline)) int stktest_other(int x);

__attribute__((noinline)) int stktest_leaf(int x)
{
	__asm__ volatile("" : "+r"(x));
	return x + 1;
}

__attribute__((noinline)) int stktest_mid(int x)
{
	__asm__ volatile("" : "+r"(x));
	return x + 2;
}

__attribute__((noinline)) int stktest_root(int x)
{
	__asm__ volatile("" : "+r"(x));
	return x + 3;
}

__attribute__((noinline)) int stktest_other(int x)
{
	__asm__ volatile("" : "+r"(x));
	return x + 4;
}

/* A PC inside fn, and a return address whose call lies inside fn. */
#define PC(fn) ((uint64_t)(uintptr_t) & (fn) + 1)
#define RET(fn) ((uint64_t)(uintptr_t) & (fn) + 2)

/* The window the store is made with, and since attach. */
#define WIN 10.0
#define ALL INFINITY
/* A time after every sample of these tests. */
#define LATER 1e6

static const struct profile_hot *find_hot(const struct profile_hot *h, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(h[i].function, name) == 0)
			return &h[i];
	return NULL;
}

/* The folded output as a string (caller frees). */
static char *folded(struct stacks *st)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct profile *p = stacks_profile(st, LATER);

	profile_write_folded(p, 0, profile_span_find(p, ALL), f);
	profile_unref(p);
	fclose(f);
	return buf;
}

/* The hot list of the span span_s long as of now; the names stay valid
 * while the store lives. */
static int hot(struct stacks *st, double now, pid_t tid, double span_s, enum profile_sort sort,
               struct profile_hot *h, int max, uint64_t *n)
{
	struct profile *p = stacks_profile(st, now);
	int span = profile_span_find(p, span_s), k;

	assert_true(span > 0);
	k = profile_hot(p, tid, span, sort, h, max, n);
	profile_unref(p);
	return k;
}

static void test_interning_and_folded(void **state)
{
	struct stacks *st = stacks_new(getpid(), 10);
	uint64_t a[] = {PC(stktest_leaf), RET(stktest_mid), RET(stktest_root)};
	uint64_t b[] = {PC(stktest_other), RET(stktest_root)};
	char *out;

	(void)state;
	stacks_add(st, 100, a, 3, 1.0);
	stacks_add(st, 101, a, 3, 1.1); /* same stack, another thread */
	stacks_add(st, 100, a, 3, 1.2);
	stacks_add(st, 100, b, 2, 1.3);
	assert_int_equal(stacks_total_samples(st), 4);
	out = folded(st);
	/* Root first, one line per distinct stack, threads merged. */
	assert_string_equal(out, "stktest_root;stktest_mid;stktest_leaf 3\n"
	                         "stktest_root;stktest_other 1\n");
	free(out);
	stacks_free(st);
}

static void test_window_expiry(void **state)
{
	struct stacks *st = stacks_new(getpid(), 10);
	uint64_t a[] = {PC(stktest_leaf), RET(stktest_root)};
	uint64_t b[] = {PC(stktest_other), RET(stktest_root)};
	struct profile_hot h[8];
	uint64_t n;
	int k;

	(void)state;
	stacks_add(st, 1, a, 2, 100.0);
	stacks_add(st, 1, a, 2, 105.0);
	stacks_add(st, 1, b, 2, 112.0); /* pushes the first out of 10 s */
	assert_int_equal(stacks_window_samples(st), 2);
	k = hot(st, 112.0, 0, WIN, PROFILE_SORT_SELF, h, 8, &n);
	assert_int_equal(n, 2);
	assert_true(k >= 2);
	assert_string_equal(h[0].function, "stktest_leaf");
	assert_float_equal(h[0].self_pct, 50.0, 1e-9);
	stacks_expire(st, 115.5); /* 105 is older than 115.5 - 10 */
	assert_int_equal(stacks_window_samples(st), 1);
	k = hot(st, 115.5, 0, WIN, PROFILE_SORT_SELF, h, 8, &n);
	assert_int_equal(n, 1);
	assert_string_equal(h[0].function, "stktest_other");
	stacks_expire(st, 200);
	k = hot(st, 200.0, 0, WIN, PROFILE_SORT_SELF, h, 8, &n);
	assert_int_equal(k, 0);
	assert_int_equal(n, 0);
	/* The cumulative view keeps everything. */
	k = hot(st, LATER, 0, ALL, PROFILE_SORT_SELF, h, 8, &n);
	assert_int_equal(n, 3);
	assert_string_equal(h[0].function, "stktest_leaf");
	assert_int_equal(h[0].samples, 2);
	stacks_free(st);
}

static void test_recursion_counted_once(void **state)
{
	struct stacks *st = stacks_new(getpid(), 10);
	/* leaf <- mid <- leaf <- mid <- root: leaf and mid recurse. */
	uint64_t r[] = {PC(stktest_leaf), RET(stktest_mid), RET(stktest_leaf), RET(stktest_mid),
	                RET(stktest_root)};
	uint64_t o[] = {PC(stktest_mid), RET(stktest_root)};
	const struct profile_hot *leaf, *mid, *root;
	struct profile_hot h[8];
	uint64_t n;
	int k;

	(void)state;
	stacks_add(st, 1, r, 5, 1.0);
	stacks_add(st, 1, o, 2, 1.0);
	k = hot(st, LATER, 0, ALL, PROFILE_SORT_TOTAL, h, 8, &n);
	assert_int_equal(n, 2);
	assert_int_equal(k, 3);
	leaf = find_hot(h, k, "stktest_leaf");
	mid = find_hot(h, k, "stktest_mid");
	root = find_hot(h, k, "stktest_root");
	assert_non_null(leaf);
	assert_non_null(mid);
	assert_non_null(root);
	assert_int_equal(leaf->samples, 1);
	assert_int_equal(leaf->total_samples, 1); /* not 2 */
	assert_float_equal(leaf->total_pct, 50.0, 1e-9);
	assert_int_equal(mid->samples, 1);
	assert_int_equal(mid->total_samples, 2); /* not 3 */
	assert_float_equal(mid->total_pct, 100.0, 1e-9);
	assert_int_equal(root->samples, 0);
	assert_float_equal(root->self_pct, 0.0, 1e-9);
	/* Sorted by total: root and mid (100 %) before leaf (50 %). */
	assert_string_equal(h[2].function, "stktest_leaf");
	assert_string_equal(h[0].module, program_invocation_short_name);
	/* By self, functions with no self samples come last. */
	k = hot(st, LATER, 0, ALL, PROFILE_SORT_SELF, h, 8, &n);
	assert_int_equal(k, 3);
	assert_string_equal(h[0].function, "stktest_mid");  /* self 1, total 2 */
	assert_string_equal(h[1].function, "stktest_leaf"); /* self 1, total 1 */
	assert_string_equal(h[2].function, "stktest_root");
	/* max bounds the answer. */
	k = hot(st, LATER, 0, ALL, PROFILE_SORT_SELF, h, 1, &n);
	assert_int_equal(k, 1);
	stacks_free(st);
}

static void test_thread_filter(void **state)
{
	struct stacks *st = stacks_new(getpid(), 10);
	uint64_t a[] = {PC(stktest_leaf), RET(stktest_root)};
	uint64_t b[] = {PC(stktest_other), RET(stktest_root)};
	struct profile_hot h[8];
	uint64_t n;
	int k;

	(void)state;
	for (int i = 0; i < 3; i++)
		stacks_add(st, 7, a, 2, 1.0 + i);
	stacks_add(st, 8, b, 2, 1.5);
	/* Thread 8 saw other <- root only: leaf is not in its list. */
	k = hot(st, 3.0, 8, WIN, PROFILE_SORT_SELF, h, 8, &n);
	assert_int_equal(k, 2);
	assert_int_equal(n, 1);
	assert_string_equal(h[0].function, "stktest_other");
	assert_float_equal(h[0].self_pct, 100.0, 1e-9);
	assert_string_equal(h[1].function, "stktest_root");
	k = hot(st, LATER, 7, ALL, PROFILE_SORT_SELF, h, 8, &n);
	assert_int_equal(k, 2);
	assert_int_equal(n, 3);
	assert_string_equal(h[0].function, "stktest_leaf");
	assert_string_equal(h[1].function, "stktest_root");
	k = hot(st, LATER, 0, ALL, PROFILE_SORT_SELF, h, 8, &n);
	assert_int_equal(n, 4);
	assert_float_equal(h[0].self_pct, 75.0, 1e-9);
	k = hot(st, LATER, 9, ALL, PROFILE_SORT_SELF, h, 8, &n);
	assert_int_equal(k, 0);
	stacks_free(st);
}

static void test_neighbours(void **state)
{
	struct stacks *st = stacks_new(getpid(), 10);
	uint64_t a[] = {PC(stktest_leaf), RET(stktest_mid), RET(stktest_root)};
	uint64_t b[] = {PC(stktest_other), RET(stktest_mid), RET(stktest_root)};
	uint64_t c[] = {PC(stktest_mid), RET(stktest_other)};
	struct profile_neighbour up[4], down[4];
	struct profile_hot h[8];
	const struct profile_hot *mid;
	struct profile *p;
	int nup, ndown, k, all;

	(void)state;
	stacks_add(st, 1, a, 3, 1.0);
	stacks_add(st, 1, a, 3, 1.0);
	stacks_add(st, 1, b, 3, 1.0);
	stacks_add(st, 1, c, 2, 1.0);
	p = stacks_profile(st, LATER);
	all = profile_span_find(p, ALL);
	k = profile_hot(p, 0, all, PROFILE_SORT_TOTAL, h, 8, NULL);
	mid = find_hot(h, k, "stktest_mid");
	assert_non_null(mid);
	profile_neighbours(p, 0, all, mid->func, up, &nup, down, &ndown, 4);
	assert_int_equal(nup, 2);
	assert_string_equal(up[0].function, "stktest_root");
	assert_int_equal(up[0].samples, 3);
	assert_string_equal(up[1].function, "stktest_other");
	assert_int_equal(up[1].samples, 1);
	assert_int_equal(ndown, 2);
	assert_string_equal(down[0].function, "stktest_leaf");
	assert_int_equal(down[0].samples, 2);
	assert_string_equal(down[1].function, "stktest_other");
	/* max bounds the answer. */
	profile_neighbours(p, 0, all, mid->func, up, &nup, down, &ndown, 1);
	assert_int_equal(nup, 1);
	assert_string_equal(up[0].function, "stktest_root");
	profile_unref(p);
	stacks_free(st);
}

/* A return address just past a function's last byte is its caller's. */
static void test_ip_minus_one(void **state)
{
	struct symbols *sy = symbols_new(getpid());
	struct stacks *st = stacks_new(getpid(), 10);
	struct sym_info si;
	uint64_t ips[2];
	char *out, *want;

	(void)state;
	symbols_lookup(sy, PC(stktest_mid), &si);
	assert_true(si.end != 0);
	ips[0] = PC(stktest_leaf);
	ips[1] = si.end; /* a call at mid's very end */
	symbols_lookup(sy, si.end, &si);
	assert_string_not_equal(si.function, "stktest_mid");
	stacks_add(st, 1, ips, 2, 1.0);
	out = folded(st);
	want = xasprintf("stktest_mid;stktest_leaf 1\n");
	assert_string_equal(out, want);
	/* The leaf PC is not adjusted: a PC at a function's start is its own. */
	free(out);
	free(want);
	ips[0] = (uint64_t)(uintptr_t)&stktest_other;
	ips[1] = RET(stktest_root);
	stacks_add(st, 1, ips, 2, 2.0);
	out = folded(st);
	assert_non_null(strstr(out, "stktest_root;stktest_other 1\n"));
	free(out);
	stacks_free(st);
	symbols_free(sy);
}

static void test_collect_interval(void **state)
{
	struct stacks *st = stacks_new(getpid(), 10);
	uint64_t a[] = {PC(stktest_leaf), RET(stktest_root)};
	uint64_t b[] = {PC(stktest_other), RET(stktest_root)};
	struct snapshot *s1 = snapshot_new(), *s2 = snapshot_new(), *s3 = snapshot_new();
	struct profile_hot h[50];
	int k;

	(void)state;
	for (int i = 0; i < 3; i++)
		stacks_add(st, 1, a, 2, 1.0);
	stacks_add(st, 1, b, 2, 1.0);
	s1->mono = 2.0;
	stacks_collect(st, s1);
	assert_int_equal(s1->stacks.interval_samples, 4);
	k = profile_hot(s1->stacks.profile, 0, PROF_INTERVAL, PROFILE_SORT_SELF, h, 50, NULL);
	assert_int_equal(k, 3);
	assert_string_equal(h[2].function, "stktest_root");
	assert_float_equal(h[2].self_pct, 0.0, 1e-9);
	assert_float_equal(h[2].total_pct, 100.0, 1e-9);
	assert_string_equal(h[0].function, "stktest_leaf");
	assert_float_equal(h[0].self_pct, 75.0, 1e-9);
	assert_float_equal(h[1].self_pct, 25.0, 1e-9);
	/* Nothing new: an empty interval, not the old figures. */
	s2->mono = 3.0;
	stacks_collect(st, s2);
	assert_int_equal(s2->stacks.interval_samples, 0);
	k = profile_hot(s2->stacks.profile, 0, PROF_INTERVAL, PROFILE_SORT_SELF, h, 50, NULL);
	assert_int_equal(k, 0);
	stacks_add(st, 1, b, 2, 3.5);
	s3->mono = 4.0;
	stacks_collect(st, s3);
	assert_int_equal(s3->stacks.interval_samples, 1);
	k = profile_hot(s3->stacks.profile, 0, PROF_INTERVAL, PROFILE_SORT_SELF, h, 50, NULL);
	assert_true(k >= 1);
	assert_string_equal(h[0].function, "stktest_other");
	assert_float_equal(h[0].self_pct, 100.0, 1e-9);
	snapshot_free(s1);
	snapshot_free(s2);
	snapshot_free(s3);
	stacks_free(st);
}

/* Since-attach entries of ended threads fold into one per stack: the
 * whole-process counts stay, and once their samples left the windows a
 * profile has one entry per stack, however many threads came and went. */
static void test_fold_ended(void **state)
{
	struct stacks *st = stacks_new(getpid(), 10);
	uint64_t a[] = {PC(stktest_leaf), RET(stktest_root)};
	uint64_t b[] = {PC(stktest_other), RET(stktest_root)};
	struct snapshot *s1 = snapshot_new(), *s2 = snapshot_new();
	const struct profile *p;
	int all, since, own = 0, ended = 0;

	(void)state;
	for (pid_t tid = 100; tid < 1100; tid++)
		stacks_add(st, tid, tid % 2 ? a : b, 2, 1.0);
	stacks_add(st, 7, a, 2, 1.0);
	s1->mono = 2.0;
	s1->nthreads = 1;
	s1->threads = xcalloc(1, sizeof *s1->threads);
	s1->threads[0].tid = 7;
	stacks_collect(st, s1);
	p = s1->stacks.profile;
	since = p->nspans - 1;
	all = (int)p->spans[since].samples;
	assert_int_equal(all, 1001);
	for (size_t i = 0; i < p->nentries; i++) {
		if (p->entries[i].tid == 7)
			own += (int)p->entries[i].n[since];
		else if (p->entries[i].tid == STACKS_ENDED_TID)
			ended += (int)p->entries[i].n[since];
		else
			assert_int_equal(p->entries[i].n[since], 0);
	}
	assert_int_equal(own, 1);
	assert_int_equal(ended, 1000);
	/* Past every window: one entry per (live thread or ended, stack). */
	stacks_add(st, 7, b, 2, 99.0);
	s2->mono = 100.0;
	s2->nthreads = 1;
	s2->threads = xcalloc(1, sizeof *s2->threads);
	s2->threads[0].tid = 7;
	stacks_collect(st, s2);
	p = s2->stacks.profile;
	assert_int_equal(p->spans[since].samples, 1002);
	assert_int_equal(p->nentries, 4);
	snapshot_free(s1);
	snapshot_free(s2);
	stacks_free(st);
}

static void test_folded_unknown(void **state)
{
	struct stacks *st = stacks_new(getpid(), 10);
	/* Address 0 and a never-mapped one: unknown frames still fold. */
	uint64_t ips[] = {16, 0, RET(stktest_root)};
	char *out;

	(void)state;
	stacks_add(st, 1, ips, 3, 1.0);
	out = folded(st);
	assert_string_equal(out, "stktest_root;[unknown];[unknown] 1\n");
	free(out);
	stacks_free(st);
}

/* ';' separates frames and '\n' lines: names must not carry them. */
static void test_folded_names_sanitized(void **state)
{
	struct stacks *st = stacks_new(getpid(), 10);
	const char *names[] = {"op;er\nator", "main"};
	const char *mods[] = {"m", "m"};
	char *out;

	(void)state;
	stacks_add_named(st, 1, names, mods, 2, 1.0);
	stacks_add_named(st, 1, names, mods, 2, 1.5);
	out = folded(st);
	assert_string_equal(out, "main;op:er ator 2\n");
	free(out);
	stacks_free(st);
}

struct visit {
	const struct profile *p;
	int calls;
	uint64_t leaf_count;
	char first[128];
};

static const char *fname(const struct visit *v, uint32_t id)
{
	return profile_func(v->p, id)->name;
}

static void visit_one(void *arg, const uint32_t *funcs, int n, uint64_t count, uint64_t prev)
{
	struct visit *v = arg;

	(void)prev;
	if (count == 0)
		return;
	v->calls++;
	if (strcmp(fname(v, funcs[n - 1]), "stktest_leaf") == 0) {
		v->leaf_count += count;
		snprintf(v->first, sizeof v->first, "%s>%s>%s", fname(v, funcs[0]),
		         fname(v, funcs[1]), fname(v, funcs[2]));
	}
}

static void test_foreach(void **state)
{
	struct stacks *st = stacks_new(getpid(), 10);
	uint64_t a[] = {PC(stktest_leaf), RET(stktest_mid), RET(stktest_root)};
	uint64_t b[] = {PC(stktest_other), RET(stktest_root)};
	struct visit v = {0};

	(void)state;
	stacks_add(st, 1, a, 3, 1.0);
	stacks_add(st, 2, a, 3, 1.0);
	stacks_add(st, 2, b, 2, 1.0);
	v.p = stacks_profile(st, 1.0);
	profile_foreach(v.p, 0, profile_span_find(v.p, ALL), visit_one, &v);
	assert_int_equal(v.calls, 2);
	assert_int_equal(v.leaf_count, 2);
	assert_string_equal(v.first, "stktest_root>stktest_mid>stktest_leaf");
	v.calls = 0;
	v.leaf_count = 0;
	profile_foreach(v.p, 1, profile_span_find(v.p, WIN), visit_one, &v);
	assert_int_equal(v.calls, 1);
	assert_int_equal(v.leaf_count, 1);
	profile_unref((struct profile *)v.p);
	stacks_free(st);
}

/*
 * The batch JSON's "hot" is the default window (what the Hot panel shows),
 * with its length and sample count; "hot_interval" is the last interval.
 */
static void test_batch_hot_window(void **state)
{
	struct stacks *st = stacks_new(getpid(), 10);
	uint64_t a[] = {PC(stktest_leaf), RET(stktest_root)};
	uint64_t b[] = {PC(stktest_other), RET(stktest_root)};
	struct snapshot *s1 = snapshot_new(), *s2 = snapshot_new();
	char *buf = NULL, *hot, *interval;
	size_t len = 0;
	FILE *f;

	(void)state;
	for (int i = 0; i < 3; i++)
		stacks_add(st, 1, a, 2, 1.0);
	s1->mono = 2.0;
	stacks_collect(st, s1);
	stacks_add(st, 1, b, 2, 3.5);
	s2->mono = 4.0;
	stacks_collect(st, s2);
	f = open_memstream(&buf, &len);
	batch_write_json(f, s2);
	fclose(f);
	assert_non_null(strstr(buf, "{\"ctop\":2,"));
	assert_non_null(strstr(buf, "\"hot_window_s\":10,"));
	assert_non_null(strstr(buf, "\"hot_window_samples\":4,"));
	hot = strstr(buf, "\"hot\":[{\"function\":\"stktest_leaf\"");
	interval = strstr(buf, "\"hot_interval\":[{\"function\":\"stktest_other\"");
	if (hot == NULL || interval == NULL)
		fail_msg("window or interval list wrong: %s", buf);
	assert_non_null(strstr(hot, "\"self_pct\":75,"));
	assert_non_null(strstr(interval, "\"self_pct\":100,"));
	free(buf);
	snapshot_free(s1);
	snapshot_free(s2);
	stacks_free(st);
}

/* A weighted sample counts weight times in every span; weight 0 is none. */
static void test_weighted(void **state)
{
	struct stacks *st = stacks_new(getpid(), 10);
	uint64_t a[] = {PC(stktest_leaf), RET(stktest_root)};
	uint64_t b[] = {PC(stktest_other), RET(stktest_root)};
	struct profile_hot h[8];
	uint64_t n;
	int k;

	(void)state;
	stacks_add_weighted(st, 1, a, 2, 3, 1.0);
	stacks_add_weighted(st, 2, b, 2, 1, 1.0);
	stacks_add_weighted(st, 2, b, 2, 0, 1.0);
	k = hot(st, 2.0, 0, WIN, PROFILE_SORT_SELF, h, 8, &n);
	assert_int_equal(n, 4);
	assert_true(k >= 2);
	assert_string_equal(h[0].function, "stktest_leaf");
	assert_int_equal(h[0].samples, 3);
	assert_float_equal(h[0].self_pct, 75.0, 1e-9);
	k = hot(st, 2.0, 0, ALL, PROFILE_SORT_SELF, h, 8, &n);
	assert_int_equal(n, 4);
	assert_int_equal(stacks_total_samples(st), 4);
	assert_int_equal(stacks_window_samples(st), 4);
	stacks_free(st);
}

/*
 * The dictionary past its first tables (64 entries each): every name and
 * stack interned once keeps its id, and asking again finds it, not a new
 * one.  Growth happens while an entry is being added; the entry that
 * caused it must land in the new table.
 */
static void test_dict_grows(void **state)
{
	enum { N = 1000 };
	struct dict *d = dict_new();
	char name[32];

	(void)state;
	for (uint32_t i = 0; i < N; i++) {
		uint32_t ids[2];

		snprintf(name, sizeof name, "fn%u", i);
		assert_int_equal(dict_intern_func(d, name, "mod"), i);
		ids[0] = i;
		ids[1] = 0;
		assert_int_equal(dict_intern_stack(d, ids, 2), i);
	}
	for (uint32_t i = 0; i < N; i++) {
		uint32_t ids[2] = {i, 0}, n;

		snprintf(name, sizeof name, "fn%u", i);
		assert_int_equal(dict_intern_func(d, name, "mod"), i);
		assert_int_equal(dict_intern_stack(d, ids, 2), i);
		assert_string_equal(dict_func(d, i)->name, name);
		assert_int_equal(dict_stack(d, i, &n)[0], i);
		assert_int_equal(n, 2);
	}
	assert_int_equal(dict_nfuncs(d), N);
	assert_int_equal(dict_nstacks(d), N);
	dict_unref(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_interning_and_folded),
	    cmocka_unit_test(test_window_expiry),
	    cmocka_unit_test(test_recursion_counted_once),
	    cmocka_unit_test(test_thread_filter),
	    cmocka_unit_test(test_neighbours),
	    cmocka_unit_test(test_ip_minus_one),
	    cmocka_unit_test(test_collect_interval),
	    cmocka_unit_test(test_folded_unknown),
	    cmocka_unit_test(test_folded_names_sanitized),
	    cmocka_unit_test(test_fold_ended),
	    cmocka_unit_test(test_foreach),
	    cmocka_unit_test(test_batch_hot_window),
	    cmocka_unit_test(test_weighted),
	    cmocka_unit_test(test_dict_grows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
