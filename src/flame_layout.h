/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * flame_layout: a flame graph fitted to a grid of terminal cells, as a
 * pure function of a stack tree (stree.h), a width, a zoomed node and the
 * rows there are.  One row per depth; each frame a run of cells whose
 * width is its share of its parent's samples; children left to right in
 * the tree's (name) order inside their parent's run, the parent's self
 * samples as the gap at the right.
 *
 * Widths are whole cells, shared out by largest remainder so the cells of
 * one parent add up to its width and a heavier frame is never narrower
 * than a lighter sibling.  Frames that would get less than a cell are not
 * dropped: all of one parent's go into a single "merged" cell (drawn as
 * "…"), and their samples stay in the parent.  Zoom shows the zoomed
 * node and its callers at the full width.  When there are more depths
 * than rows, one row becomes a marker and the rest show a band of depths,
 * by default the band at the leaf end.
 *
 * Also pure and here: the search share (counted once per stack), the
 * differential change of a frame in points, the module class of a frame
 * and moving a selection between cells.  Drawing is the panel's.
 */
#ifndef CTOP_FLAME_LAYOUT_H
#define CTOP_FLAME_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "stree.h"

/* cell.node of a merged cell: the sub-cell frames of one parent. */
#define FLAME_MERGED UINT32_MAX

struct flame_cell {
	uint32_t node;   /* tree node, or FLAME_MERGED */
	uint32_t parent; /* the node whose run this cell is in (STREE_NONE: root) */
	int depth;       /* depth in the tree, 0 = root */
	int x, w;        /* columns [x, x + w) */
	uint64_t count;  /* samples the cell stands for */
};

struct flame_layout {
	int width, rows; /* as asked */
	uint32_t zoom;   /* the node that fills the width */
	int ndepths;     /* depths with cells: 0 .. ndepths - 1 */
	/* The band of depths drawn: first .. first + shown - 1.  marker: one
	 * more row says how many levels are hidden at each end. */
	int first, shown, marker;
	int cut_root, cut_leaf;
	struct flame_cell *cells; /* by depth, then x */
	size_t ncells, cap;
	size_t *depth_off; /* cells of depth d: [depth_off[d], depth_off[d+1]) */
	int depth_cap;
};

/*
 * Shares width cells among n children with counts[] of a parent with
 * total samples (total >= the children's sum; the rest is the parent's
 * self).  cells[i] gets child i's width, 0 for a child merged into the
 * one merged cell, whose width is returned (0: nothing merged).  Children
 * with no samples get 0 and are not merged.  The widths plus the merged
 * cell never exceed width; with no self samples they fill it.
 */
int flame_split(const uint64_t *counts, int n, uint64_t total, int width, int *cells);

/*
 * Lays out t at width columns with node zoom (0: the root) filling the
 * width, for rows rows of graph.  depth_first is the first depth to show
 * when there are more depths than rows (< 0: the band at the leaf end),
 * clamped.  Reuses L's memory; free with flame_layout_release.
 */
void flame_layout(struct flame_layout *L, const struct stree *t, uint32_t zoom, int width, int rows,
                  int depth_first);
void flame_layout_release(struct flame_layout *L);

/* The cell of node, or -1 when it has none (merged or off the layout). */
long flame_layout_find(const struct flame_layout *L, uint32_t node);

enum flame_move {
	FLAME_LEFT,   /* the frame drawn left of it in its row */
	FLAME_RIGHT,  /* the frame drawn right of it */
	FLAME_CHILD,  /* its widest drawn child */
	FLAME_PARENT, /* its caller */
};

/* The node a selection on sel moves to (sel itself when it cannot). */
uint32_t flame_layout_move(const struct flame_layout *L, const struct stree *t, uint32_t sel,
                           enum flame_move m);

/*
 * Marks in match[] (t->n entries) the nodes whose name contains pat
 * (ignoring case unless pat has a capital) and returns the samples under
 * node under whose stacks hold a match, each stack counted once however
 * many matching frames it has.
 */
uint64_t flame_search(const struct stree *t, uint32_t under, const char *pat, uint8_t *match);

/* The change of node's share of all samples from the span before to this
 * one, in percentage points; NAN when either span has no samples. */
double flame_diff_pts(const struct stree *t, uint32_t node);

/* A colour step for a change in points: -3 (shrank a lot) .. 3 (grew a
 * lot), 0 for no clear change or NAN. */
int flame_diff_level(double pts);

enum flame_class {
	FLAME_CLASS_MAIN,    /* the main program */
	FLAME_CLASS_LIBC,    /* libc, libm, libstdc++, the dynamic loader, ... */
	FLAME_CLASS_LIB,     /* any other library */
	FLAME_CLASS_KERNEL,  /* kernel and vdso */
	FLAME_CLASS_UNKNOWN, /* no symbol: module+0x..., [unknown] */
	FLAME_NCLASSES
};

/* The class of a frame named name in module (main_module may be NULL). */
enum flame_class flame_module_class(const char *name, const char *module, const char *main_module);

#endif
