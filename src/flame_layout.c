/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * flame_layout: widths by largest remainder, merged sub-cell frames, the
 * band of depths shown, search, diff and module classes.  Everything is
 * integer arithmetic on sample counts (a count times a width stays far
 * below 2^64 for any real profile), so a layout is exact and repeatable.
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "flame_layout.h"
#include "util.h"

/* A claimant on a parent's cells: a child, the merged group or the
 * parent's self gap. */
struct fl_party {
	uint64_t count;
	uint64_t rem; /* remainder of count * width / total */
	int idx;      /* child index; n: merged group; n + 1: self */
	int cells;
};

static int fl_rem_cmp(const void *a, const void *b)
{
	const struct fl_party *x = a, *y = b;

	/* Largest remainder first; equal remainders with equal floors mean
	 * equal counts, so the count and the index only make it stable. */
	if (x->rem != y->rem)
		return x->rem > y->rem ? -1 : 1;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return x->idx - y->idx;
}

enum { FL_ZERO, FL_WIDE, FL_MERGED };

int flame_split(const uint64_t *counts, int n, uint64_t total, int width, int *cells)
{
	unsigned char st_buf[64];
	struct fl_party p_buf[66];
	unsigned char *st = n <= 64 ? st_buf : xcalloc((size_t)n, 1);
	struct fl_party *p = n <= 64 ? p_buf : xcalloc((size_t)n + 2, sizeof *p);
	uint64_t sum = 0;
	int merged_w = 0;

	for (int i = 0; i < n; i++) {
		cells[i] = 0;
		sum += counts[i];
	}
	if (width <= 0 || total == 0)
		goto out;
	if (sum > total)
		total = sum; /* a caller's rounding: never share more than width */
	for (int i = 0; i < n; i++)
		st[i] = counts[i] == 0                        ? FL_ZERO
		        : counts[i] * (uint64_t)width < total ? FL_MERGED
		                                              : FL_WIDE;
	for (;;) {
		uint64_t mcount = 0, t = total, used = 0;
		int w = width, np = 0, reserve = 0, any_m = 0, again = 0;

		for (int i = 0; i < n; i++)
			if (st[i] == FL_MERGED) {
				mcount += counts[i];
				any_m = 1;
			}
		/* A merged group under one cell still gets one: the frames
		 * are there, only too small to draw one by one. */
		if (any_m && mcount * (uint64_t)width < total) {
			reserve = 1;
			w = width - 1;
			t = total - mcount;
		}
		for (int i = 0; i < n; i++)
			if (st[i] == FL_WIDE)
				p[np++] = (struct fl_party){.count = counts[i], .idx = i};
		if (any_m && !reserve)
			p[np++] = (struct fl_party){.count = mcount, .idx = n};
		if (total > sum)
			p[np++] = (struct fl_party){.count = total - sum, .idx = n + 1};
		for (int k = 0; k < np; k++) {
			uint64_t prod = p[k].count * (uint64_t)w;

			p[k].cells = (int)(prod / t);
			p[k].rem = prod % t;
			used += (uint64_t)p[k].cells;
		}
		if (used < (uint64_t)w) {
			qsort(p, (size_t)np, sizeof *p, fl_rem_cmp);
			for (int k = 0; used < (uint64_t)w && k < np; k++, used++)
				p[k].cells++;
		}
		merged_w = reserve ? 1 : 0;
		for (int k = 0; k < np; k++) {
			if (p[k].idx == n)
				merged_w = p[k].cells;
			else if (p[k].idx < n && p[k].cells == 0) {
				/* Lost its cell to the merged one: it joins it. */
				st[p[k].idx] = FL_MERGED;
				again = 1;
			} else if (p[k].idx < n)
				cells[p[k].idx] = p[k].cells;
		}
		if (!again)
			break;
		for (int i = 0; i < n; i++)
			cells[i] = 0;
	}
out:
	if (st != st_buf)
		free(st);
	if (p != p_buf)
		free(p);
	return merged_w;
}

static struct flame_cell *fl_push(struct flame_layout *L)
{
	if (L->ncells == L->cap) {
		L->cap = L->cap ? L->cap * 2 : 256;
		L->cells = xrealloc(L->cells, L->cap * sizeof *L->cells);
	}
	return &L->cells[L->ncells++];
}

static void fl_mark_depth(struct flame_layout *L, int d)
{
	if (d + 2 > L->depth_cap) {
		L->depth_cap = (d + 2) * 2;
		L->depth_off = xrealloc(L->depth_off, (size_t)L->depth_cap * sizeof *L->depth_off);
	}
	L->depth_off[d] = L->ncells;
}

/* Lays out the children of the cell at index ci (at depth d) as cells of
 * depth d + 1. */
static void fl_children(struct flame_layout *L, const struct stree *t, size_t ci, uint64_t **counts,
                        int **widths, uint32_t *cap)
{
	struct flame_cell c = L->cells[ci];
	const struct stree_node *nd = &t->nodes[c.node];
	int x = c.x, merged;

	if (nd->nkids == 0)
		return;
	if (nd->nkids > *cap) {
		*cap = nd->nkids * 2;
		*counts = xrealloc(*counts, *cap * sizeof **counts);
		*widths = xrealloc(*widths, *cap * sizeof **widths);
	}
	for (uint32_t i = 0; i < nd->nkids; i++)
		(*counts)[i] = t->nodes[t->kids[nd->kids + i]].count;
	merged = flame_split(*counts, (int)nd->nkids, nd->count, c.w, *widths);
	for (uint32_t i = 0; i < nd->nkids; i++) {
		struct flame_cell *k;

		if ((*widths)[i] == 0)
			continue;
		k = fl_push(L);
		k->node = t->kids[nd->kids + i];
		k->parent = c.node;
		k->depth = c.depth + 1;
		k->x = x;
		k->w = (*widths)[i];
		k->count = (*counts)[i];
		x += k->w;
	}
	if (merged > 0) {
		struct flame_cell *k = fl_push(L);
		uint64_t drawn = 0;

		for (uint32_t i = 0; i < nd->nkids; i++)
			if ((*widths)[i] > 0)
				drawn += (*counts)[i];
		k->node = FLAME_MERGED;
		k->parent = c.node;
		k->depth = c.depth + 1;
		k->x = x;
		k->w = merged;
		k->count = nd->count - nd->self - drawn;
	}
}

void flame_layout(struct flame_layout *L, const struct stree *t, uint32_t zoom, int width, int rows,
                  int depth_first)
{
	uint32_t chain[1024], cap = 0;
	uint64_t *counts = NULL;
	int *widths = NULL, nchain = 0;
	size_t lo, hi;

	L->width = width;
	L->rows = rows;
	L->ncells = 0;
	L->ndepths = L->first = L->shown = L->marker = L->cut_root = L->cut_leaf = 0;
	L->zoom = 0;
	if (t == NULL || t->n == 0 || t->nodes[0].count == 0 || width <= 0)
		return;
	if (zoom >= t->n || t->nodes[zoom].count == 0)
		zoom = 0;
	L->zoom = zoom;
	/* The zoomed node and its callers, root first, each the full width. */
	for (uint32_t at = zoom; at != STREE_NONE && nchain < (int)CTOP_ARRAY_LEN(chain);
	     at = t->nodes[at].parent)
		chain[nchain++] = at;
	for (int i = nchain - 1; i >= 0; i--) {
		const struct stree_node *nd = &t->nodes[chain[i]];
		struct flame_cell *c;

		fl_mark_depth(L, nd->depth);
		c = fl_push(L);
		c->node = chain[i];
		c->parent = nd->parent;
		c->depth = nd->depth;
		c->x = 0;
		c->w = width;
		c->count = nd->count;
	}
	/* Then a level at a time below the zoomed node. */
	lo = L->ncells - 1;
	hi = L->ncells;
	while (lo < hi) {
		fl_mark_depth(L, L->cells[lo].depth + 1);
		for (size_t ci = lo; ci < hi; ci++)
			if (L->cells[ci].node != FLAME_MERGED)
				fl_children(L, t, ci, &counts, &widths, &cap);
		lo = hi;
		hi = L->ncells;
	}
	free(counts);
	free(widths);
	L->ndepths = L->cells[L->ncells - 1].depth + 1;
	L->depth_off[L->ndepths] = L->ncells;
	if (rows <= 0)
		return;
	if (L->ndepths <= rows) {
		L->shown = L->ndepths;
		return;
	}
	L->marker = rows >= 2;
	L->shown = rows - L->marker;
	L->first = L->ndepths - L->shown;
	if (depth_first >= 0 && depth_first < L->first)
		L->first = depth_first;
	L->cut_root = L->first;
	L->cut_leaf = L->ndepths - L->first - L->shown;
}

void flame_layout_release(struct flame_layout *L)
{
	free(L->cells);
	free(L->depth_off);
	memset(L, 0, sizeof *L);
}

long flame_layout_find(const struct flame_layout *L, uint32_t node)
{
	if (node == FLAME_MERGED)
		return -1;
	for (size_t i = 0; i < L->ncells; i++)
		if (L->cells[i].node == node)
			return (long)i;
	return -1;
}

uint32_t flame_layout_move(const struct flame_layout *L, const struct stree *t, uint32_t sel,
                           enum flame_move m)
{
	long ci = flame_layout_find(L, sel);
	size_t lo, hi, best = SIZE_MAX;
	int d;

	if (ci < 0)
		return sel;
	d = L->cells[ci].depth;
	switch (m) {
	case FLAME_LEFT:
		for (long i = ci - 1; i >= (long)L->depth_off[d]; i--)
			if (L->cells[i].node != FLAME_MERGED)
				return L->cells[i].node;
		return sel;
	case FLAME_RIGHT:
		for (size_t i = (size_t)ci + 1; i < L->depth_off[d + 1]; i++)
			if (L->cells[i].node != FLAME_MERGED)
				return L->cells[i].node;
		return sel;
	case FLAME_CHILD:
		if (d + 1 >= L->ndepths)
			return sel;
		lo = L->depth_off[d + 1];
		hi = L->depth_off[d + 2];
		for (size_t i = lo; i < hi; i++)
			if (L->cells[i].parent == sel && L->cells[i].node != FLAME_MERGED &&
			    (best == SIZE_MAX || L->cells[i].count > L->cells[best].count))
				best = i;
		return best == SIZE_MAX ? sel : L->cells[best].node;
	case FLAME_PARENT:
		return t->nodes[sel].parent == STREE_NONE ? sel : t->nodes[sel].parent;
	}
	return sel;
}

/* Whether s contains pat; fold case when asked. */
static int fl_contains(const char *s, const char *pat, int fold)
{
	size_t n = strlen(pat);

	if (!fold)
		return strstr(s, pat) != NULL;
	for (; *s != '\0'; s++) {
		size_t i = 0;

		while (i < n && s[i] != '\0' &&
		       tolower((unsigned char)s[i]) == tolower((unsigned char)pat[i]))
			i++;
		if (i == n)
			return 1;
	}
	return 0;
}

uint64_t flame_search(const struct stree *t, uint32_t under, const char *pat, uint8_t *match)
{
	uint8_t *covered, *inside;
	uint64_t sum = 0;
	int fold = 1;

	if (t == NULL)
		return 0;
	memset(match, 0, t->n);
	if (pat == NULL || pat[0] == '\0')
		return 0;
	for (const char *c = pat; *c != '\0'; c++)
		if (isupper((unsigned char)*c))
			fold = 0;
	if (under >= t->n)
		under = 0;
	/* Parents come before their children in the node array (a child is
	 * added after its parent), so one pass in index order sees a node's
	 * ancestors first.  covered: a caller matched already. */
	covered = xcalloc(t->n, 1);
	inside = xcalloc(t->n, 1);
	for (uint32_t i = 0; i < t->n; i++) {
		const struct stree_node *nd = &t->nodes[i];
		uint32_t up = nd->parent;

		match[i] = i != 0 && fl_contains(nd->name, pat, fold);
		covered[i] = match[i] || (up != STREE_NONE && covered[up]);
		inside[i] = i == under || (up != STREE_NONE && inside[up]);
		if (!inside[i] || !covered[i])
			continue;
		/* The first covered node of the subtree counts its samples:
		 * under itself when a caller of it matched, else the match. */
		if (i == under || (match[i] && !covered[up]))
			sum += nd->count;
	}
	free(covered);
	free(inside);
	return sum;
}

double flame_diff_pts(const struct stree *t, uint32_t node)
{
	const struct stree_node *r, *nd;

	if (t == NULL || node >= t->n)
		return NAN;
	r = &t->nodes[0];
	nd = &t->nodes[node];
	if (r->count == 0 || r->prev == 0)
		return NAN;
	return 100.0 * ((double)nd->count / (double)r->count - (double)nd->prev / (double)r->prev);
}

int flame_diff_level(double pts)
{
	double a = fabs(pts);
	int l;

	if (isnan(pts) || a < 0.5)
		return 0;
	l = a < 2 ? 1 : a < 10 ? 2 : 3;
	return pts < 0 ? -l : l;
}

static int fl_prefix(const char *s, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strncmp(s, *list, strlen(*list)) == 0)
			return 1;
	return 0;
}

enum flame_class flame_module_class(const char *name, const char *module, const char *main_module)
{
	static const char *const libc[] = {
	    "libc.so",    "libc-",   "libm.so",    "libm-",   "libstdc++", "libgcc_s",
	    "ld-linux",   "ld-musl", "ld.so",      "libdl.",  "libdl-",    "librt.",
	    "libpthread", "libc++",  "libatomic.", "libmvec", "libresolv", NULL,
	};

	if (name == NULL || module == NULL || module[0] == '\0')
		return FLAME_CLASS_UNKNOWN;
	if (strncmp(module, "[kernel", 7) == 0 || strcmp(module, "[vdso]") == 0 ||
	    strcmp(module, "[vsyscall]") == 0)
		return FLAME_CLASS_KERNEL;
	if (module[0] == '[' || strstr(name, "+0x") != NULL)
		return FLAME_CLASS_UNKNOWN;
	if (main_module != NULL && strcmp(module, main_module) == 0)
		return FLAME_CLASS_MAIN;
	if (fl_prefix(module, libc))
		return FLAME_CLASS_LIBC;
	return FLAME_CLASS_LIB;
}
