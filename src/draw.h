/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * draw: the drawing primitives every panel shares: clipped text, meters
 * made of coloured segments, graphs of a history ring (braille, block
 * elements or plain ASCII), and table rows.  Nothing here reads a snapshot
 * or decides what to show; panels do that.
 *
 * The arithmetic (value to glyph level, column resampling, meter splits,
 * braille dots) is in plain functions that tests call without a terminal.
 */
#ifndef CTOP_DRAW_H
#define CTOP_DRAW_H

#include <curses.h>
#include <stddef.h>
#include <stdint.h>

struct ring;

enum draw_glyphs {
	DRAW_ASCII,   /* " .:|#": any terminal, any locale */
	DRAW_BLOCK,   /* U+2581..U+2588, eight levels per cell */
	DRAW_BRAILLE, /* U+2800.., two columns of four dots per cell */
};

/* Colour roles; each maps to a pair or, without colours, an attribute. */
enum draw_color {
	DC_NORMAL,
	DC_USER,
	DC_SYS,
	DC_IOWAIT,
	DC_STEAL,
	DC_HEADER,
	DC_TAB,
	DC_TAB_ACTIVE,
	DC_DIM,
	DC_WARN,
	DC_TITLE,
	DC_GRAPH,
	DC_GRAPH2,
	DC_GRAPH3,
	DC_GRAPH4,
	DC_SELECT,
	/* Flame graph bars: by module class, by change (diff), a match. */
	DC_FL_MAIN,
	DC_FL_LIBC,
	DC_FL_LIB,
	DC_FL_KERNEL,
	DC_FL_UNKNOWN,
	DC_FL_GREW,
	DC_FL_SAME,
	DC_FL_SHRANK,
	DC_FL_MATCH,
	DC_COUNT
};

/* ---- pure logic, no curses ---- */

/* The level 0..levels of v on a scale of 0..max (rounded, clamped);
 * -1 for NAN, so a gap can be drawn. */
int draw_level(double v, double max, int levels);

/* The part 0..per_cell of a cell at row `row` (0 = bottom) of a graph
 * whose column reaches `level` (out of rows * per_cell). */
int draw_cell_part(int level, int row, int per_cell);

/* The braille code point for a cell whose left and right dot columns are
 * filled from the bottom with left and right dots (0..4 each). */
uint32_t draw_braille(int left, int right);

/* The glyph (a code point, ASCII in DRAW_ASCII mode) for a cell filled to
 * part out of the mode's per-cell levels. */
uint32_t draw_glyph(enum draw_glyphs mode, int part);
/* Levels per cell row: 8 for block, 4 for braille and ASCII. */
int draw_per_cell(enum draw_glyphs mode);

/*
 * Resamples the n values of src (oldest first) into ncols columns, newest
 * at the right, each column the largest of `per` values (NAN only when all
 * its values are NAN).  Columns with no data at the left are NAN.
 */
void draw_resample(const double *src, size_t n, double *dst, int ncols, int per);

/* Copies the newest n values of r, oldest first, into dst; returns how
 * many it copied (fewer when the ring holds fewer). */
size_t draw_ring_tail(const struct ring *r, double *dst, size_t n);

/*
 * A round scale above v with some headroom: 1, 1.2, 1.5, 2, 2.5, 3, 4,
 * 5, 6 or 8 times a power of ten of the unit that fmt would print (base
 * 1024 for bytes, 1000 for counts), so "2.00M" tops a graph whose largest
 * value is 1.8M.  NAN
 * when v is not positive or not known.
 */
double draw_nice_max(double v, double base);

/* Seconds between the newest value of r and the n-th newest (NAN when
 * fewer than two values are kept). */
double draw_ring_span(const struct ring *r, size_t n);

/* The largest known value of dst[0..n), or NAN when none is known. */
double draw_max(const double *v, size_t n);

/*
 * Splits width cells among n segments of a meter scaled 0..max, rounding
 * the running sum so the parts never exceed width.  NAN segments get 0.
 */
void draw_meter_split(const double *vals, int n, double max, int width, int *cells);

/* ---- curses ---- */

/* Starts the colour pairs when the terminal has colours. */
void draw_init(enum draw_glyphs mode);
enum draw_glyphs draw_mode(void);
void draw_set_mode(enum draw_glyphs mode);
attr_t draw_attr(enum draw_color c);

/* Whether colours are in use (a colour terminal, NO_COLOR unset). */
int draw_has_colors(void);

/* One code point at (y, x) (ASCII or not), if the cell is in the window. */
void draw_cp(WINDOW *w, int y, int x, uint32_t cp, attr_t attr);

/* printf at (y, x), clipped to the window and to maxw columns (maxw < 0:
 * to the right edge).  Returns the columns written. */
int draw_text(WINDOW *w, int y, int x, int maxw, attr_t attr, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* One segment of a meter. */
struct draw_seg {
	double value;
	enum draw_color color;
	char ch; /* the character when there are no colours */
};

/* "[|||||     label]" in width columns from (y, x); the label (may be NULL)
 * is right-aligned inside the brackets. */
void draw_meter(WINDOW *w, int y, int x, int width, const struct draw_seg *segs, int n, double max,
                const char *label);

/*
 * A graph of the values v[0..n) (oldest first) in the rectangle
 * (y, x, height, width), scaled 0..max (max <= 0 or NAN: the largest
 * value).  NAN values leave a gap.
 */
void draw_graph(WINDOW *w, int y, int x, int height, int width, const double *v, size_t n,
                double max, enum draw_color color);

/*
 * The same values sweeping like an oscilloscope: value number k (counting
 * every value ever pushed; v[n-1] is number newest_seq) keeps column k
 * modulo the columns, so the newest overwrites the oldest and the seam
 * between them is where the sweep is.  A new value rewrites one column
 * instead of shifting all of them (what a terminal over a slow link pays
 * for), and a value equal to the one it replaces rewrites nothing.
 */
void draw_graph_sweep(WINDOW *w, int y, int x, int height, int width, const double *v, size_t n,
                      uint64_t newest_seq, double max, enum draw_color color);

/* draw_graph_sweep over the newest values of a history ring. */
void draw_graph_ring(WINDOW *w, int y, int x, int height, int width, const struct ring *r,
                     double max, enum draw_color color);

/* A table column: a title, a width, and whether it is right-aligned. */
struct draw_col {
	const char *title;
	int width;
	int right;
};

/* Writes cells (or the titles when cells is NULL) in the columns, one
 * space apart, clipped to the window. */
void draw_row(WINDOW *w, int y, const struct draw_col *cols, int n, const char *const *cells,
              attr_t attr);

/* Fills row y with spaces in attr (a highlighted line). */
void draw_fill(WINDOW *w, int y, attr_t attr);

#endif
