/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_stree: stack trees built by hand and from a profile: merged paths
 * with counts, self and previous counts, children sorted by name whatever
 * the order stacks arrive in, paths to and from nodes, the main module,
 * the thread filter and folded output of the whole tree and of a subtree.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
/* cmocka.h needs the three above first. */

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "profile.h"
#include "stree.h"

/* Interns "a;b;c" (root first) as function ids in out; returns the count. */
static int ids_of(struct dict *d, const char *path, uint32_t *out)
{
	char buf[256], *save = NULL;
	int n = 0;

	snprintf(buf, sizeof buf, "%s", path);
	for (char *tok = strtok_r(buf, ";", &save); tok != NULL; tok = strtok_r(NULL, ";", &save))
		out[n++] =
		    dict_intern_func(d, tok, strcmp(tok, "memcpy") == 0 ? "libc.so.6" : "prog");
	return n;
}

static void add(struct stree *t, struct dict *d, const char *path, uint64_t n, uint64_t prev)
{
	uint32_t ids[64];
	int len = ids_of(d, path, ids);

	stree_add(t, ids, len, n, prev);
}

static uint32_t node_at(const struct stree *t, struct dict *d, const char *path)
{
	uint32_t ids[64];
	int len = ids_of(d, path, ids);

	return stree_find_path(t, ids, len);
}

static void test_merge_and_sort(void **state)
{
	struct dict *d = dict_new();
	struct stree *t = stree_new(d);
	uint32_t main_n, work, hot, cold, path[8];

	(void)state;
	/* Stacks arrive in an order unlike the names'. */
	add(t, d, "main;work;zeta", 30, 1);
	add(t, d, "main;work;alpha", 10, 2);
	add(t, d, "main;work", 5, 0);
	add(t, d, "main;work;alpha", 2, 0);
	stree_finish(t);
	assert_int_equal(t->n, 5);
	assert_int_equal(t->max_depth, 3);
	assert_string_equal(t->nodes[0].name, "all");
	assert_int_equal(t->nodes[0].count, 47);
	assert_int_equal(t->nodes[0].prev, 3);
	main_n = node_at(t, d, "main");
	work = node_at(t, d, "main;work");
	hot = node_at(t, d, "main;work;zeta");
	cold = node_at(t, d, "main;work;alpha");
	assert_int_equal(t->nodes[main_n].count, 47);
	assert_int_equal(t->nodes[main_n].self, 0);
	assert_int_equal(t->nodes[work].count, 47);
	assert_int_equal(t->nodes[work].self, 5);
	assert_int_equal(t->nodes[hot].count, 30);
	assert_int_equal(t->nodes[hot].prev, 1);
	assert_int_equal(t->nodes[cold].count, 12);
	assert_int_equal(t->nodes[cold].prev_self, 2);
	assert_int_equal(t->nodes[cold].depth, 3);
	/* Sorted by name: alpha before zeta though zeta came first. */
	assert_int_equal(t->nodes[work].nkids, 2);
	assert_int_equal(t->kids[t->nodes[work].kids], cold);
	assert_int_equal(t->kids[t->nodes[work].kids + 1], hot);
	/* Paths both ways. */
	assert_int_equal(stree_path(t, hot, path, 8), 3);
	assert_string_equal(dict_func(d, path[0])->name, "main");
	assert_string_equal(dict_func(d, path[2])->name, "zeta");
	assert_int_equal(stree_find_path(t, path, 3), hot);
	/* Only the root end when max is short. */
	assert_int_equal(stree_path(t, hot, path, 2), 2);
	assert_string_equal(dict_func(d, path[1])->name, "work");
	/* A path that left the tree ends at its deepest known node. */
	path[2] = dict_intern_func(d, "gone", "prog");
	assert_int_equal(stree_find_path(t, path, 3), work);
	assert_int_equal(stree_child(t, work, path[2]), STREE_NONE);
	assert_string_equal(stree_main_module(t), "prog");
	stree_free(t);
	dict_unref(d);
}

static void test_same_name_other_module(void **state)
{
	struct dict *d = dict_new();
	struct stree *t = stree_new(d);
	uint32_t a[2], b[2];

	(void)state;
	a[0] = b[0] = dict_intern_func(d, "main", "prog");
	a[1] = dict_intern_func(d, "init", "libz.so");
	b[1] = dict_intern_func(d, "init", "liba.so");
	stree_add(t, a, 2, 1, 0);
	stree_add(t, b, 2, 1, 0);
	stree_finish(t);
	/* Two frames, ordered by module when the names tie. */
	assert_int_equal(t->nodes[1].nkids, 2);
	assert_string_equal(t->nodes[t->kids[t->nodes[1].kids]].module, "liba.so");
	stree_free(t);
	dict_unref(d);
}

static char *folded(const struct stree *t, uint32_t node, long *lines)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	*lines = stree_write_folded(t, node, f);
	fclose(f);
	return buf;
}

static void test_folded(void **state)
{
	struct dict *d = dict_new();
	struct stree *t = stree_new(d);
	long lines;
	char *out;

	(void)state;
	add(t, d, "main;work;b", 3, 0);
	add(t, d, "main;work;a", 1, 0);
	add(t, d, "main;other", 2, 0);
	add(t, d, "main;work", 4, 0);
	add(t, d, "main;gone", 0, 7); /* only in the span before: not written */
	stree_finish(t);
	out = folded(t, 0, &lines);
	assert_int_equal(lines, 4);
	assert_string_equal(out, "main;other 2\nmain;work 4\nmain;work;a 1\nmain;work;b 3\n");
	free(out);
	/* A subtree keeps its callers. */
	out = folded(t, node_at(t, d, "main;work"), &lines);
	assert_int_equal(lines, 3);
	assert_string_equal(out, "main;work 4\nmain;work;a 1\nmain;work;b 3\n");
	free(out);
	stree_free(t);
	dict_unref(d);
}

static void test_from_profile(void **state)
{
	static const double spans[] = {0, 5, INFINITY};
	struct dict *d = dict_new();
	struct profile *p = profile_new(d, spans, 3);
	uint32_t f[3], s1, s2, hot, cold;
	struct stree *t;
	double covered[3] = {1, 5, 5};

	(void)state;
	/* Stacks are leaf first in the dictionary. */
	f[2] = dict_intern_func(d, "main", "prog");
	f[1] = dict_intern_func(d, "work", "prog");
	f[0] = dict_intern_func(d, "hot", "prog");
	s1 = dict_intern_stack(d, f, 3);
	f[0] = dict_intern_func(d, "cold", "prog");
	s2 = dict_intern_stack(d, f, 3);
	profile_count(p, 100, s1, 1, 0, 30);
	profile_count(p, 101, s1, 1, 0, 15);
	profile_count(p, 100, s2, 1, 0, 10);
	profile_count(p, 100, s2, 1, 1, 40);
	profile_seal(p, covered);
	t = stree_from_profile(p, 0, 1);
	hot = node_at(t, d, "main;work;hot");
	cold = node_at(t, d, "main;work;cold");
	assert_int_equal(t->nodes[0].count, 55);
	assert_int_equal(t->nodes[hot].count, 45);
	assert_int_equal(t->nodes[cold].count, 10);
	assert_int_equal(t->nodes[cold].prev, 40);
	stree_free(t);
	/* One thread only. */
	t = stree_from_profile(p, 101, 1);
	assert_int_equal(t->nodes[0].count, 15);
	assert_int_equal(node_at(t, d, "main;work;cold"), node_at(t, d, "main;work"));
	stree_free(t);
	/* The tree keeps the names alive after the profile goes. */
	t = stree_from_profile(p, 0, 1);
	profile_unref(p);
	dict_unref(d);
	assert_string_equal(t->nodes[t->kids[t->nodes[2].kids]].name, "cold");
	stree_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_merge_and_sort),
	    cmocka_unit_test(test_same_name_other_module),
	    cmocka_unit_test(test_folded),
	    cmocka_unit_test(test_from_profile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
