/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * stree: a stack tree, the merged call paths of one span of a profile.
 * Node 0 is a synthetic root ("all") holding every sample; each other
 * node is a function called from its parent, with the samples whose stack
 * passes through that path (count), those that end there (self), and the
 * same two for the equally long span before (for the differential view).
 * Children are sorted by name (then module), as flamegraph.pl sorts them,
 * so a tree rebuilt from the next tick's profile draws in the same order.
 *
 * It is built from a profile (stree_from_profile) or by hand (stree_add,
 * for tests and benchmarks), then frozen with stree_finish.  It is not a
 * layout: widths, zoom and search live in flame_layout.h.
 */
#ifndef CTOP_STREE_H
#define CTOP_STREE_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

struct dict;
struct profile;

#define STREE_NONE UINT32_MAX

struct stree_node {
	uint32_t func;   /* dict function id; STREE_NONE for the root */
	uint32_t parent; /* node index; STREE_NONE for the root */
	uint32_t kids;   /* index of the first child in stree.kids */
	uint32_t nkids;
	int depth;          /* 0 for the root */
	uint64_t count;     /* samples through this path */
	uint64_t self;      /* samples ending here */
	uint64_t prev;      /* count in the span before */
	uint64_t prev_self; /* self in the span before */
	const char *name;   /* "all" for the root */
	const char *module; /* "" for the root */
	uint32_t next;      /* building: next sibling */
	uint32_t first;     /* building: first child */
};

struct stree {
	struct stree_node *nodes;
	uint32_t n, cap;
	uint32_t *kids;    /* children of node i: kids[nodes[i].kids ..+nkids] */
	int max_depth;     /* deepest node */
	struct dict *dict; /* a reference: names stay valid while the tree lives */
	void *map;         /* building: (parent, func) -> node */
};

/* An empty tree (just the root) whose names come from d. */
struct stree *stree_new(struct dict *d);
void stree_free(struct stree *t);

/* Adds count (and prev) samples of the path funcs[0..n), root first. */
void stree_add(struct stree *t, const uint32_t *funcs, int n, uint64_t count, uint64_t prev);

/* Ends building: sorts every node's children by name, then module. */
void stree_finish(struct stree *t);

/* The finished tree of span (and the span before it) for thread tid
 * (0: all) of p. */
struct stree *stree_from_profile(const struct profile *p, pid_t tid, int span);

/* The child of node with function func, or STREE_NONE. */
uint32_t stree_child(const struct stree *t, uint32_t node, uint32_t func);

/* Up to max function ids of the path from the root's child down to node,
 * root end first; returns how many (the full length may be more). */
int stree_path(const struct stree *t, uint32_t node, uint32_t *funcs, int max);

/* The deepest node along funcs[0..n) from the root (root when n is 0 or
 * the first function is not there). */
uint32_t stree_find_path(const struct stree *t, const uint32_t *funcs, int n);

/*
 * The module of the main program: that of `main` near the root, else of
 * `_start`; NULL when neither was sampled.
 */
const char *stree_main_module(const struct stree *t);

/*
 * Writes the stacks through node in collapsed form ("a;b;c COUNT\n", one
 * line per path with self samples, root end first, ';' and newlines in
 * names replaced), from the real root so the lines keep their callers.
 * Returns the lines written.
 */
long stree_write_folded(const struct stree *t, uint32_t node, FILE *out);

#endif
