/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * stree: merging call paths into a tree.  While building, children are
 * a linked list and a hash map finds (parent, function) in one probe;
 * stree_finish turns the lists into sorted index arrays, which is all the
 * layout reads.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "profile.h"
#include "stree.h"
#include "u64map.h"
#include "util.h"

static uint32_t stree_push(struct stree *t, uint32_t parent, uint32_t func)
{
	struct stree_node *nd;

	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->nodes = xrealloc(t->nodes, (size_t)t->cap * sizeof *t->nodes);
	}
	nd = &t->nodes[t->n];
	memset(nd, 0, sizeof *nd);
	nd->func = func;
	nd->parent = parent;
	nd->first = STREE_NONE;
	nd->next = STREE_NONE;
	if (parent == STREE_NONE) {
		nd->name = "all";
		nd->module = "";
	} else {
		const struct dict_func *f = dict_func(t->dict, func);

		nd->name = f->name;
		nd->module = f->module;
		nd->depth = t->nodes[parent].depth + 1;
		nd->next = t->nodes[parent].first;
		t->nodes[parent].first = t->n;
		if (nd->depth > t->max_depth)
			t->max_depth = nd->depth;
	}
	return t->n++;
}

struct stree *stree_new(struct dict *d)
{
	struct stree *t = xcalloc(1, sizeof *t);
	struct u64map *m = xcalloc(1, sizeof *m);

	t->dict = dict_ref(d);
	u64map_init(m);
	t->map = m;
	stree_push(t, STREE_NONE, STREE_NONE);
	return t;
}

void stree_free(struct stree *t)
{
	if (t == NULL)
		return;
	if (t->map != NULL) {
		u64map_release(t->map);
		free(t->map);
	}
	dict_unref(t->dict);
	free(t->kids);
	free(t->nodes);
	free(t);
}

/* (parent, function) as a map key.  The map hashes from the middle bits
 * of key times a constant, which sees only a few bits of a parent index
 * kept in the high half; a bijective mix spreads them all.  Bijective with
 * mix(0) = 0, so a non-zero key stays non-zero and distinct. */
static uint64_t stree_key(uint32_t parent, uint32_t func)
{
	uint64_t x = ((uint64_t)parent << 32 | func) + 1;

	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

void stree_add(struct stree *t, const uint32_t *funcs, int n, uint64_t count, uint64_t prev)
{
	struct u64map *m = t->map;
	uint32_t at = 0;

	if (m == NULL)
		return; /* finished */
	t->nodes[0].count += count;
	t->nodes[0].prev += prev;
	for (int i = 0; i < n; i++) {
		uint64_t key = stree_key(at, funcs[i]);
		uint64_t v = u64map_get(m, key);

		if (v == 0) {
			v = (uint64_t)stree_push(t, at, funcs[i]) + 1;
			u64map_set(m, key, v);
		}
		at = (uint32_t)(v - 1);
		t->nodes[at].count += count;
		t->nodes[at].prev += prev;
	}
	t->nodes[at].self += count;
	t->nodes[at].prev_self += prev;
}

static const struct stree *stree_sorting;

static int stree_cmp(const void *a, const void *b)
{
	const struct stree_node *x = &stree_sorting->nodes[*(const uint32_t *)a];
	const struct stree_node *y = &stree_sorting->nodes[*(const uint32_t *)b];
	int c = strcmp(x->name, y->name);

	if (c == 0)
		c = strcmp(x->module, y->module);
	if (c == 0)
		c = x->func < y->func ? -1 : x->func > y->func;
	return c;
}

void stree_finish(struct stree *t)
{
	uint32_t used = 0;

	if (t->map == NULL)
		return;
	u64map_release(t->map);
	free(t->map);
	t->map = NULL;
	t->kids = xcalloc((size_t)t->n + 1, sizeof *t->kids);
	stree_sorting = t;
	for (uint32_t i = 0; i < t->n; i++) {
		struct stree_node *nd = &t->nodes[i];

		nd->kids = used;
		for (uint32_t c = nd->first; c != STREE_NONE; c = t->nodes[c].next)
			t->kids[used + nd->nkids++] = c;
		if (nd->nkids > 1)
			qsort(t->kids + used, nd->nkids, sizeof *t->kids, stree_cmp);
		used += nd->nkids;
	}
	stree_sorting = NULL;
}

static void stree_visit(void *arg, const uint32_t *funcs, int n, uint64_t count,
                        uint64_t prev_count)
{
	stree_add(arg, funcs, n, count, prev_count);
}

struct stree *stree_from_profile(const struct profile *p, pid_t tid, int span)
{
	struct stree *t;

	if (p == NULL)
		return NULL;
	t = stree_new(p->dict);
	profile_foreach(p, tid, span, stree_visit, t);
	stree_finish(t);
	return t;
}

uint32_t stree_child(const struct stree *t, uint32_t node, uint32_t func)
{
	const struct stree_node *nd;

	if (node >= t->n)
		return STREE_NONE;
	nd = &t->nodes[node];
	for (uint32_t i = 0; i < nd->nkids; i++)
		if (t->nodes[t->kids[nd->kids + i]].func == func)
			return t->kids[nd->kids + i];
	return STREE_NONE;
}

int stree_path(const struct stree *t, uint32_t node, uint32_t *funcs, int max)
{
	int depth, n;

	if (node >= t->n || node == 0)
		return 0;
	depth = t->nodes[node].depth;
	n = depth < max ? depth : max;
	/* Walk up, keeping the n frames nearest the root. */
	for (uint32_t at = node; at != 0 && at != STREE_NONE; at = t->nodes[at].parent) {
		int d = t->nodes[at].depth;

		if (d <= n)
			funcs[d - 1] = t->nodes[at].func;
	}
	return n;
}

uint32_t stree_find_path(const struct stree *t, const uint32_t *funcs, int n)
{
	uint32_t at = 0;

	for (int i = 0; i < n; i++) {
		uint32_t c = stree_child(t, at, funcs[i]);

		if (c == STREE_NONE)
			break;
		at = c;
	}
	return at;
}

const char *stree_main_module(const struct stree *t)
{
	const char *start = NULL;

	/* main sits a few frames above the root (_start, libc's start-up);
	 * threads start elsewhere, so only the shallow levels are looked at. */
	for (uint32_t i = 1; i < t->n; i++) {
		const struct stree_node *nd = &t->nodes[i];

		if (nd->depth > 6)
			continue;
		if (strcmp(nd->name, "main") == 0)
			return nd->module;
		if (start == NULL && strcmp(nd->name, "_start") == 0)
			start = nd->module;
	}
	return start;
}

/* A name as one folded frame: ';' separates frames, newline ends lines. */
static void stree_put_name(FILE *out, const char *s)
{
	for (; *s != '\0'; s++)
		fputc(*s == ';' ? ':' : (*s == '\n' || *s == '\r') ? ' ' : *s, out);
}

static long stree_fold(const struct stree *t, uint32_t node, FILE *out)
{
	const struct stree_node *nd = &t->nodes[node];
	long lines = 0;

	if (nd->count == 0)
		return 0;
	if (nd->self > 0 && node != 0) {
		uint32_t chain[512];
		int n = 0;

		for (uint32_t at = node; at != 0 && n < (int)CTOP_ARRAY_LEN(chain);
		     at = t->nodes[at].parent)
			chain[n++] = at;
		while (n-- > 0) {
			stree_put_name(out, t->nodes[chain[n]].name);
			if (n > 0)
				fputc(';', out);
		}
		fprintf(out, " %llu\n", (unsigned long long)nd->self);
		lines++;
	}
	for (uint32_t i = 0; i < nd->nkids; i++)
		lines += stree_fold(t, t->kids[nd->kids + i], out);
	return lines;
}

long stree_write_folded(const struct stree *t, uint32_t node, FILE *out)
{
	if (t == NULL || node >= t->n)
		return 0;
	return stree_fold(t, node, out);
}
