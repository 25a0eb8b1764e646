/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * flame: panel 6, a live flame graph of the sampled stacks.  Each frame is
 * a bar as wide as its share of the samples in the window the Hot panel
 * shows ('w'), callers below callees (root at the bottom; 'i' turns it
 * into an icicle), coloured by module class or, in diff mode ('d'), by how
 * its share changed since the window before.  Arrows select, Enter zooms,
 * '/' searches, 's' saves the stacks shown as folded text.
 *
 * It reads only the snapshot's profile through the view.  The stack tree
 * of (snapshot, span, thread) is built once and kept, so keys redraw from
 * it at once; the layout (flame_layout.h) is pure and redone per frame.
 * Selection and zoom are kept as paths of function ids, so they follow the
 * same frames into the next tick's tree.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "draw.h"
#include "flame_layout.h"
#include "fmt.h"
#include "panels/panel.h"
#include "profile.h"
#include "snapshot.h"
#include "stree.h"
#include "util.h"

#define FL_MAX_PATH 256
#define FL_NOTE_S 6.0

struct flame_panel {
	/* The tree and what it was built from. */
	struct stree *tree;
	unsigned long seq;
	const struct profile *prof;
	int span;
	pid_t tid;
	const char *main_module;
	struct flame_layout L;
	/* Selection and zoom as function paths from the root (length 0:
	 * the root itself), and the nodes they resolve to in tree. */
	uint32_t sel_path[FL_MAX_PATH], zoom_path[FL_MAX_PATH];
	int sel_len, zoom_len;
	uint32_t sel, zoom;
	int depth_first; /* first depth shown when cut; -1: the leaf end */
	int icicle, diff;
	/* Search: a line editor in the bottom row while searching. */
	int searching;
	char pat[96];
	uint8_t *match;
	uint32_t match_n; /* entries in match (the tree's nodes) */
	int match_dirty;
	uint64_t matched; /* samples under the zoom with a match */
	char note[256];
	double note_until;
};

static void *flame_create(void)
{
	struct flame_panel *fp = xcalloc(1, sizeof *fp);

	fp->depth_first = -1;
	fp->span = -1;
	return fp;
}

static void flame_destroy(void *st)
{
	struct flame_panel *fp = st;

	stree_free(fp->tree);
	flame_layout_release(&fp->L);
	free(fp->match);
	free(fp);
}

static void flame_remember(struct flame_panel *fp)
{
	fp->sel_len = stree_path(fp->tree, fp->sel, fp->sel_path, FL_MAX_PATH);
	fp->zoom_len = stree_path(fp->tree, fp->zoom, fp->zoom_path, FL_MAX_PATH);
	fp->match_dirty = 1;
}

/* The tree of the view's snapshot, span and thread, built when any of
 * them changed; selection and zoom found again in it. */
static void flame_tree(struct flame_panel *fp, const struct view *v, int span)
{
	const struct profile *p = view_profile(v);

	if (fp->tree != NULL && fp->seq == v->snap->seq && fp->prof == p && fp->span == span &&
	    fp->tid == v->ui->focus_tid)
		return;
	stree_free(fp->tree);
	fp->tree = stree_from_profile(p, v->ui->focus_tid, span);
	fp->seq = v->snap->seq;
	fp->prof = p;
	fp->span = span;
	fp->tid = v->ui->focus_tid;
	fp->main_module = NULL;
	fp->sel = fp->zoom = 0;
	if (fp->tree == NULL)
		return;
	fp->main_module = stree_main_module(fp->tree);
	fp->zoom = stree_find_path(fp->tree, fp->zoom_path, fp->zoom_len);
	fp->sel = stree_find_path(fp->tree, fp->sel_path, fp->sel_len);
	fp->match_dirty = 1;
}

static void flame_search_update(struct flame_panel *fp)
{
	if (fp->tree == NULL || !fp->match_dirty)
		return;
	if (fp->match_n < fp->tree->n) {
		free(fp->match);
		fp->match = xcalloc(fp->tree->n, 1);
	}
	fp->match_n = fp->tree->n;
	fp->matched = flame_search(fp->tree, fp->zoom, fp->pat, fp->match);
	fp->match_dirty = 0;
}

/* The main program's module: from the tree (main, _start), else the
 * command's base name. */
static const char *flame_main_module(const struct flame_panel *fp, const struct view *v, char *buf,
                                     size_t size)
{
	const char *cmd = v->snap->process.cmdline, *end, *base;

	if (fp->main_module != NULL)
		return fp->main_module;
	if (cmd[0] == '\0') {
		snprintf(buf, size, "%s", v->snap->process.comm);
		return buf;
	}
	end = strchr(cmd, ' ');
	if (end == NULL)
		end = cmd + strlen(cmd);
	base = cmd;
	for (const char *c = cmd; c < end; c++)
		if (*c == '/')
			base = c + 1;
	snprintf(buf, size, "%.*s", (int)(end - base), base);
	return buf;
}

static const enum draw_color flame_class_color[FLAME_NCLASSES] = {
    [FLAME_CLASS_MAIN] = DC_FL_MAIN,       [FLAME_CLASS_LIBC] = DC_FL_LIBC,
    [FLAME_CLASS_LIB] = DC_FL_LIB,         [FLAME_CLASS_KERNEL] = DC_FL_KERNEL,
    [FLAME_CLASS_UNKNOWN] = DC_FL_UNKNOWN,
};

static const char *const flame_class_name[FLAME_NCLASSES] = {
    [FLAME_CLASS_MAIN] = "main",         [FLAME_CLASS_LIBC] = "libc/c++",
    [FLAME_CLASS_LIB] = "libs",          [FLAME_CLASS_KERNEL] = "kernel",
    [FLAME_CLASS_UNKNOWN] = "no symbol",
};

/* Draws one cell: the name (the end of a long one kept) padded to the
 * width, and a separator in the last column so neighbours stay apart
 * without colours too. */
static void flame_draw_cell(struct flame_panel *fp, WINDOW *w, int y, const struct flame_cell *c,
                            const char *main_module, int utf8)
{
	uint32_t sep = utf8 ? 0x2595 : '|'; /* right one-eighth block */
	attr_t a;
	char text[520], name[512];
	const char *prefix = "";
	int room = c->w - 1, len;

	if (c->node == FLAME_MERGED) {
		a = draw_attr(DC_DIM);
		if (c->w == 1) {
			draw_cp(w, y, c->x, utf8 ? 0x2026 : '.', a);
			return;
		}
		draw_cp(w, y, c->x, utf8 ? 0x2026 : '.', a);
		for (int i = 1; i < c->w - 1; i++)
			draw_cp(w, y, c->x + i, ' ', a);
		draw_cp(w, y, c->x + c->w - 1, sep, a);
		return;
	}
	{
		const struct stree_node *nd = &fp->tree->nodes[c->node];

		if (fp->diff) {
			int level = flame_diff_level(flame_diff_pts(fp->tree, c->node));

			a = draw_attr(level > 0   ? DC_FL_GREW
			              : level < 0 ? DC_FL_SHRANK
			                          : DC_FL_SAME);
			if (abs(level) >= 2)
				a |= A_BOLD;
			prefix = level > 0 ? "+" : level < 0 ? "-" : "";
		} else if (c->node == 0) {
			a = draw_attr(DC_FL_UNKNOWN);
		} else {
			a = draw_attr(flame_class_color[flame_module_class(nd->name, nd->module,
			                                                   main_module)]);
		}
		if (fp->pat[0] != '\0' && fp->match != NULL && c->node < fp->match_n &&
		    fp->match[c->node])
			a = draw_attr(DC_FL_MATCH);
		if (c->node == fp->sel)
			a = (draw_has_colors() ? a : A_NORMAL) | A_REVERSE | A_BOLD;
		fmt_trunc_middle(name, sizeof name, nd->name, room - (int)strlen(prefix));
		snprintf(text, sizeof text, "%s%s", room > (int)strlen(prefix) ? prefix : "", name);
	}
	len = (int)strlen(text);
	if (len > room)
		len = room > 0 ? room : 0;
	wattrset(w, a);
	if (len > 0)
		mvwaddnstr(w, y, c->x, text, len);
	for (int i = len; i < room; i++)
		mvwaddch(w, y, c->x + i, ' ');
	wattrset(w, A_NORMAL);
	draw_cp(w, y, c->x + c->w - 1, sep, a);
}

static void flame_draw_legend(struct flame_panel *fp, WINDOW *w, int y, const struct view *v)
{
	int x = 0;

	if (fp->diff) {
		const struct stree_node *r = &fp->tree->nodes[0];

		x += draw_text(w, y, x, -1, A_NORMAL, "diff vs the window before: ");
		x += draw_text(w, y, x, -1, draw_attr(DC_FL_GREW), " +grew ");
		x += draw_text(w, y, x, -1, A_NORMAL, " ");
		x += draw_text(w, y, x, -1, draw_attr(DC_FL_SAME), " same ");
		x += draw_text(w, y, x, -1, A_NORMAL, " ");
		x += draw_text(w, y, x, -1, draw_attr(DC_FL_SHRANK), " -shrank ");
		if (r->prev == 0)
			draw_text(w, y, x, -1, draw_attr(DC_WARN), "  n/a: no samples before%s",
			          isinf(fp->prof->spans[fp->span].seconds) ? " (since attach)"
			                                                   : "");
		return;
	}
	(void)v;
	if (!draw_has_colors()) {
		draw_text(w, y, 0, -1, draw_attr(DC_DIM),
		          "Enter zoom  Bksp out  / search  d diff  i icicle  s save");
		return;
	}
	for (int c = 0; c < FLAME_NCLASSES; c++) {
		x += draw_text(w, y, x, -1, draw_attr(flame_class_color[c]), " %s ",
		               flame_class_name[c]);
		x += draw_text(w, y, x, -1, A_NORMAL, " ");
	}
	draw_text(w, y, x, -1, draw_attr(DC_DIM), " Enter zoom  / search  d diff  i icicle");
}

/* The bottom row: the search being typed, a note, or the selected frame. */
static void flame_draw_status(struct flame_panel *fp, WINDOW *w, int y, const char *main_module)
{
	const struct stree_node *r = &fp->tree->nodes[0], *nd = &fp->tree->nodes[fp->sel];
	const struct stree_node *z = &fp->tree->nodes[fp->zoom];
	char diff[48] = "", search[160] = "";
	int x = 0;

	if (fp->searching || fp->pat[0] != '\0') {
		double pct = z->count ? 100.0 * (double)fp->matched / (double)z->count : 0.0;

		/* While typing, the samples too; after, room for the frame. */
		if (fp->searching)
			snprintf(search, sizeof search, "/%s_ %.1f%% of %llu  ", fp->pat, pct,
			         (unsigned long long)z->count);
		else
			snprintf(search, sizeof search, "/%s %.1f%%  ", fp->pat, pct);
		x += draw_text(w, y, 0, -1, draw_attr(DC_FL_MATCH), "%s", search);
		if (fp->searching) {
			draw_text(w, y, x, -1, draw_attr(DC_DIM), "Enter keep  Esc clear");
			return;
		}
	}
	if (fp->note[0] != '\0' && now_mono() < fp->note_until) {
		draw_text(w, y, x, -1, draw_attr(DC_WARN) | A_BOLD, "%s", fp->note);
		return;
	}
	if (fp->diff) {
		double pts = flame_diff_pts(fp->tree, fp->sel);

		if (isnan(pts))
			snprintf(diff, sizeof diff, "  change n/a");
		else
			snprintf(diff, sizeof diff, "  %+.1f pts", pts);
	}
	x += draw_text(w, y, x, -1, A_BOLD, "total %.1f%%  self %.1f%%  %llu samples%s  ",
	               r->count ? 100.0 * (double)nd->count / (double)r->count : 0.0,
	               r->count ? 100.0 * (double)nd->self / (double)r->count : 0.0,
	               (unsigned long long)nd->count, diff);
	if (fp->sel == 0)
		draw_text(w, y, x, -1, A_NORMAL, "all stacks");
	else
		draw_text(w, y, x, -1, A_NORMAL, "%s  %s (%s)", nd->name, nd->module,
		          flame_class_name[flame_module_class(nd->name, nd->module, main_module)]);
}

/* The screen row of depth d in the band shown, rows g0..g1. */
static int flame_row(const struct flame_panel *fp, int d, int g0, int g1)
{
	const struct flame_layout *L = &fp->L;

	if (fp->icicle)
		return g0 + L->marker + (d - L->first);
	return g1 - L->marker - (d - L->first);
}

static void flame_draw(void *st, WINDOW *w, const struct view *v)
{
	struct flame_panel *fp = st;
	const struct profile *p = view_profile(v);
	int height = getmaxy(w), width = getmaxx(w), span = view_span(v), g0 = 2, g1 = height - 2;
	char who[48], spanbuf[32], zoom[160] = "", mainbuf[128];
	const char *main_module;
	long ci;

	if (p == NULL || span < 0) {
		const struct snap_sampler *sf = &v->snap->stacks.sampler;

		draw_text(w, 0, 0, -1, draw_attr(DC_TITLE), "Flame");
		draw_text(w, 2, 0, -1, draw_attr(DC_WARN), "no samples: sampling is off%s%s%s",
		          sf->reason != NULL ? " (" : "", sf->reason != NULL ? sf->reason : "",
		          sf->reason != NULL ? ")" : "");
		return;
	}
	flame_tree(fp, v, span);
	if (v->ui->focus_tid != 0)
		snprintf(who, sizeof who, "thread %d", (int)v->ui->focus_tid);
	else
		snprintf(who, sizeof who, "all threads");
	if (isinf(p->spans[span].seconds))
		snprintf(spanbuf, sizeof spanbuf, "since attach");
	else
		snprintf(spanbuf, sizeof spanbuf, "last %.0fs", p->spans[span].seconds);
	if (fp->tree == NULL || fp->tree->nodes[0].count == 0) {
		draw_text(w, 0, 0, -1, draw_attr(DC_TITLE), "Flame: %s, %s, 0 samples", spanbuf,
		          who);
		draw_text(w, 2, 0, -1, draw_attr(DC_DIM), "no samples yet in this view");
		return;
	}
	if (fp->zoom != 0)
		snprintf(zoom, sizeof zoom, ", zoom %s", fp->tree->nodes[fp->zoom].name);
	draw_text(w, 0, 0, -1, draw_attr(DC_TITLE), "Flame: %s, %s, %llu samples%s%s%s", spanbuf,
	          who, (unsigned long long)fp->tree->nodes[0].count, fp->diff ? ", diff" : "",
	          fp->icicle ? ", icicle" : "", zoom);
	main_module = flame_main_module(fp, v, mainbuf, sizeof mainbuf);
	if (height < 4) {
		return;
	}
	flame_layout(&fp->L, fp->tree, fp->zoom, width, g1 - g0 + 1, fp->depth_first);
	fp->zoom = fp->L.zoom;
	/* A selection that lost its cell (merged, or zoomed away) moves to
	 * its nearest drawn caller, or to the zoomed frame. */
	while ((ci = flame_layout_find(&fp->L, fp->sel)) < 0 && fp->sel != 0)
		fp->sel = fp->tree->nodes[fp->sel].parent;
	if (ci < 0)
		fp->sel = fp->zoom;
	flame_search_update(fp);
	flame_draw_legend(fp, w, 1, v);
	for (int d = fp->L.first; d < fp->L.first + fp->L.shown; d++) {
		int y = flame_row(fp, d, g0, g1);

		for (size_t i = fp->L.depth_off[d]; i < fp->L.depth_off[d + 1]; i++)
			flame_draw_cell(fp, w, y, &fp->L.cells[i], main_module, v->ui->utf8);
	}
	if (fp->L.marker) {
		int y = fp->icicle ? g0 : g1;

		draw_fill(w, y, draw_attr(DC_DIM));
		draw_text(
		    w, y, 0, -1, draw_attr(DC_WARN),
		    "%s %d levels toward the root, %d toward the leaves not shown: PgUp/PgDn %s",
		    v->ui->utf8 ? "\u2026" : "...", fp->L.cut_root, fp->L.cut_leaf,
		    v->ui->utf8 ? "\u2026" : "...");
	}
	flame_draw_status(fp, w, height - 1, main_module);
}

/* Makes depth d shown, scrolling the band when the tree is cut. */
static void flame_show_depth(struct flame_panel *fp, int d)
{
	const struct flame_layout *L = &fp->L;

	if (!L->marker && L->shown >= L->ndepths)
		return;
	if (d < L->first)
		fp->depth_first = d;
	else if (d >= L->first + L->shown)
		fp->depth_first = d - L->shown + 1;
}

static void flame_select(struct flame_panel *fp, uint32_t node)
{
	fp->sel = node;
	flame_show_depth(fp, fp->tree->nodes[node].depth);
	flame_remember(fp);
}

/* The next cell after the selection (in depth, then x order) that
 * matches the search, wrapping round. */
static void flame_next_match(struct flame_panel *fp)
{
	const struct flame_layout *L = &fp->L;
	long at = flame_layout_find(L, fp->sel);

	if (fp->match == NULL || L->ncells == 0)
		return;
	for (size_t k = 1; k <= L->ncells; k++) {
		size_t i = ((size_t)(at < 0 ? 0 : at) + k) % L->ncells;
		uint32_t n = L->cells[i].node;

		if (n != FLAME_MERGED && n < fp->match_n && fp->match[n]) {
			flame_select(fp, n);
			return;
		}
	}
}

static void flame_note(struct flame_panel *fp, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void flame_note(struct flame_panel *fp, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(fp->note, sizeof fp->note, fmt, ap);
	va_end(ap);
	fp->note_until = now_mono() + FL_NOTE_S;
}

/* 's': the stacks shown (the zoomed frame's, with their callers) as
 * folded lines, in the current directory or else the temporary one. */
static void flame_export(struct flame_panel *fp, const struct view *v)
{
	char name[64], path[512];
	const char *tmp = getenv("TMPDIR");
	time_t now = time(NULL);
	struct tm tm;
	FILE *f;
	long lines;

	localtime_r(&now, &tm);
	snprintf(name, sizeof name, "ctop-%d-%04d%02d%02d-%02d%02d%02d.folded",
	         (int)v->snap->process.pid, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	         tm.tm_hour, tm.tm_min, tm.tm_sec);
	snprintf(path, sizeof path, "%s", name);
	f = fopen(path, "w");
	if (f == NULL) {
		snprintf(path, sizeof path, "%s/%s", tmp != NULL && tmp[0] ? tmp : "/tmp", name);
		f = fopen(path, "w");
	}
	if (f == NULL) {
		flame_note(fp, "cannot write %s", name);
		return;
	}
	lines = stree_write_folded(fp->tree, fp->zoom, f);
	if (fclose(f) != 0) {
		flame_note(fp, "cannot write %s", path);
		return;
	}
	flame_note(fp, "saved %ld stacks to %s", lines, path);
}

static int flame_search_key(struct flame_panel *fp, int key)
{
	size_t len = strlen(fp->pat);

	if (key == 27) {
		fp->searching = 0;
		fp->pat[0] = '\0';
	} else if (key == '\r' || key == '\n' || key == KEY_ENTER) {
		fp->searching = 0;
		if (fp->pat[0] != '\0') {
			flame_search_update(fp);
			flame_next_match(fp);
		}
	} else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
		if (len > 0)
			fp->pat[len - 1] = '\0';
	} else if (key >= 32 && key < 127 && len + 1 < sizeof fp->pat) {
		fp->pat[len] = (char)key;
		fp->pat[len + 1] = '\0';
	}
	fp->match_dirty = 1;
	return 1;
}

static int flame_on_key(void *st, int key, const struct view *v)
{
	struct flame_panel *fp = st;
	const struct flame_layout *L = &fp->L;
	int page;

	if (fp->searching)
		return flame_search_key(fp, key);
	switch (key) {
	case 'i':
		fp->icicle = !fp->icicle;
		return 1;
	case 'd':
		fp->diff = !fp->diff;
		return 1;
	case '/':
		fp->searching = 1;
		fp->pat[0] = '\0';
		fp->match_dirty = 1;
		return 1;
	}
	if (fp->tree == NULL || fp->tree->nodes[0].count == 0 || L->ncells == 0)
		return 0;
	page = L->shown > 2 ? L->shown - 1 : 1;
	switch (key) {
	case KEY_LEFT:
		flame_select(fp, flame_layout_move(L, fp->tree, fp->sel, FLAME_LEFT));
		return 1;
	case KEY_RIGHT:
	case 'l':
		flame_select(fp, flame_layout_move(L, fp->tree, fp->sel, FLAME_RIGHT));
		return 1;
	case KEY_UP:
	case 'k':
		flame_select(fp, flame_layout_move(L, fp->tree, fp->sel,
		                                   fp->icicle ? FLAME_PARENT : FLAME_CHILD));
		return 1;
	case KEY_DOWN:
	case 'j':
		flame_select(fp, flame_layout_move(L, fp->tree, fp->sel,
		                                   fp->icicle ? FLAME_CHILD : FLAME_PARENT));
		return 1;
	case '\r':
	case '\n':
	case KEY_ENTER:
		fp->zoom = fp->sel;
		fp->depth_first = -1;
		flame_remember(fp);
		return 1;
	case KEY_BACKSPACE:
	case 127:
	case 8:
	case 27:
		if (fp->zoom != 0) {
			fp->zoom = fp->tree->nodes[fp->zoom].parent;
			fp->depth_first = -1;
		} else if (key == 27 && fp->pat[0] != '\0') {
			fp->pat[0] = '\0';
		}
		flame_remember(fp);
		return 1;
	case 'n':
		flame_search_update(fp);
		flame_next_match(fp);
		return 1;
	case 's':
		flame_export(fp, v);
		return 1;
	case KEY_PPAGE:
	case KEY_NPAGE:
		/* Up is toward the leaves in a flame, toward the root in an
		 * icicle. */
		fp->depth_first = L->first + ((key == KEY_PPAGE) != fp->icicle ? page : -page);
		if (fp->depth_first < 0)
			fp->depth_first = 0;
		return 1;
	}
	return 0;
}

static int flame_wants_keys(void *st)
{
	return ((struct flame_panel *)st)->searching;
}

const struct panel_class panel_flame_class = {
    .name = "Flame",
    .key = '6',
    .help = "the sampled stacks as a live flame graph (same window as Hot)\n"
	    "Bar width = share of samples in the window; callers below, callees\n"
	    "above; siblings sorted by name.  Colour: main program, libc/libstdc++,\n"
	    "other libs, kernel, no symbol; frames under a cell merge into '...'.\n"
	    "Arrows (j/k/l) select, Enter zooms, Bksp/Esc zoom out, PgUp/PgDn\n"
	    "scroll deep stacks, / search (share once per stack), n next match,\n"
	    "i icicle (root on top), d diff vs the window before (+grew -shrank,\n"
	    "points in the status line), s save as folded stacks, w window,\n"
	    "t thread, space freezes.  On-CPU samples only.",
    .create = flame_create,
    .destroy = flame_destroy,
    .draw = flame_draw,
    .on_key = flame_on_key,
    .wants_keys = flame_wants_keys,
};
