/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * draw: shared drawing primitives.  The first half is arithmetic with no
 * curses in it (levels, resampling, meter splits, glyph choice), so it can
 * be unit-tested; the second half puts the results in a window, always
 * clipped to it: a primitive asked to draw outside its window draws less,
 * never elsewhere, which is what keeps tiny terminals from crashing us.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "draw.h"
#include "history.h"
#include "theme.h"
#include "util.h"

/* ---- pure logic ---- */

int draw_level(double v, double max, int levels)
{
	double l;

	if (isnan(v))
		return -1;
	if (!(max > 0) || v <= 0 || levels <= 0)
		return 0;
	l = v / max * levels;
	if (l >= levels)
		return levels;
	/* A small non-zero value still shows one level: "some" is not "none". */
	if (l < 1)
		return 1;
	return (int)(l + 0.5);
}

int draw_cell_part(int level, int row, int per_cell)
{
	int part = level - row * per_cell;

	if (part < 0)
		return 0;
	return part > per_cell ? per_cell : part;
}

uint32_t draw_braille(int left, int right)
{
	/* Dot bits from the bottom up: left column 7,3,2,1; right 8,6,5,4. */
	static const unsigned lbits[4] = {0x40, 0x04, 0x02, 0x01};
	static const unsigned rbits[4] = {0x80, 0x20, 0x10, 0x08};
	uint32_t cp = 0x2800;

	for (int i = 0; i < 4; i++) {
		if (i < left)
			cp |= lbits[i];
		if (i < right)
			cp |= rbits[i];
	}
	return cp;
}

int draw_per_cell(enum draw_glyphs mode)
{
	return mode == DRAW_BLOCK ? 8 : 4;
}

uint32_t draw_glyph(enum draw_glyphs mode, int part)
{
	static const char ascii[] = " .:|#";

	if (part <= 0)
		return ' ';
	switch (mode) {
	case DRAW_BLOCK:
		return part >= 8 ? 0x2588 : 0x2580 + (uint32_t)part;
	case DRAW_BRAILLE:
		return draw_braille(part > 4 ? 4 : part, part > 4 ? 4 : part);
	case DRAW_ASCII:
	default:
		return (uint32_t)ascii[part > 4 ? 4 : part];
	}
}

void draw_resample(const double *src, size_t n, double *dst, int ncols, int per)
{
	size_t want, start;

	if (ncols <= 0)
		return;
	if (per < 1)
		per = 1;
	for (int c = 0; c < ncols; c++)
		dst[c] = NAN;
	want = (size_t)ncols * (size_t)per;
	start = n > want ? n - want : 0;
	/* Align to the right: the newest value ends the last column. */
	for (size_t i = start; i < n; i++) {
		size_t from_end = n - 1 - i;
		int c = ncols - 1 - (int)(from_end / (size_t)per);

		if (isnan(src[i]))
			continue;
		if (isnan(dst[c]) || src[i] > dst[c])
			dst[c] = src[i];
	}
}

size_t draw_ring_tail(const struct ring *r, double *dst, size_t n)
{
	size_t have, oldest;

	if (r == NULL || r->v == NULL || r->cap == 0 || r->len == 0)
		return 0;
	have = r->len < n ? r->len : n;
	/* head is the next write, so the newest is head-1 and the oldest
	 * of the last `have` is head-have (mod cap). */
	oldest = (r->head + r->cap - have % r->cap) % r->cap;
	for (size_t i = 0; i < have; i++)
		dst[i] = r->v[(oldest + i) % r->cap];
	return have;
}

double draw_ring_span(const struct ring *r, size_t n)
{
	size_t have, newest, oldest;

	if (r == NULL || r->t == NULL || r->cap == 0 || r->len < 2 || n < 2)
		return NAN;
	have = r->len < n ? r->len : n;
	newest = (r->head + r->cap - 1) % r->cap;
	oldest = (r->head + r->cap - have % r->cap) % r->cap;
	return r->t[newest] - r->t[oldest];
}

double draw_nice_max(double v, double base)
{
	static const double steps[] = {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10};
	double unit = 1, m, mag;

	if (isnan(v) || !(v > 0))
		return NAN;
	v *= 1.05;
	while (v / unit >= base)
		unit *= base;
	m = v / unit;
	mag = pow(10, floor(log10(m)));
	for (size_t i = 0; i < CTOP_ARRAY_LEN(steps); i++)
		if (steps[i] * mag >= m) {
			m = steps[i] * mag;
			break;
		}
	/* 1000 of a binary unit would print as "1000K": say "1M". */
	if (m >= 1000 && base > 1000)
		m = base;
	return m * unit;
}

double draw_max(const double *v, size_t n)
{
	double m = NAN;

	for (size_t i = 0; i < n; i++)
		if (!isnan(v[i]) && (isnan(m) || v[i] > m))
			m = v[i];
	return m;
}

void draw_meter_split(const double *vals, int n, double max, int width, int *cells)
{
	double sum = 0;
	int used = 0;

	for (int i = 0; i < n; i++) {
		int upto;

		cells[i] = 0;
		if (isnan(vals[i]) || vals[i] <= 0 || !(max > 0) || width <= 0)
			continue;
		sum += vals[i];
		upto = (int)(sum / max * width + 0.5);
		if (upto > width)
			upto = width;
		if (upto > used) {
			cells[i] = upto - used;
			used = upto;
		}
	}
}

/* ---- curses ---- */

static enum draw_glyphs draw_glyph_mode = DRAW_ASCII;
static int draw_colors;

/* Foreground per role, on the terminal's own background. */
static const short draw_fg[DC_COUNT] = {
    [DC_USER] = COLOR_GREEN,       [DC_SYS] = COLOR_RED,          [DC_IOWAIT] = COLOR_BLUE,
    [DC_STEAL] = COLOR_MAGENTA,    [DC_HEADER] = COLOR_BLACK,     [DC_TAB] = COLOR_WHITE,
    [DC_TAB_ACTIVE] = COLOR_BLACK, [DC_DIM] = COLOR_WHITE,        [DC_WARN] = COLOR_YELLOW,
    [DC_TITLE] = COLOR_CYAN,       [DC_GRAPH] = COLOR_GREEN,      [DC_GRAPH2] = COLOR_CYAN,
    [DC_GRAPH3] = COLOR_YELLOW,    [DC_GRAPH4] = COLOR_MAGENTA,   [DC_SELECT] = COLOR_BLACK,
    [DC_FL_MAIN] = COLOR_BLACK,    [DC_FL_LIBC] = COLOR_BLACK,    [DC_FL_LIB] = COLOR_BLACK,
    [DC_FL_KERNEL] = COLOR_BLACK,  [DC_FL_UNKNOWN] = COLOR_BLACK, [DC_FL_GREW] = COLOR_WHITE,
    [DC_FL_SAME] = COLOR_BLACK,    [DC_FL_SHRANK] = COLOR_WHITE,  [DC_FL_MATCH] = COLOR_WHITE,
};

/* Background per role; unlisted (0) is the terminal's own, as no role
 * wants black.  Flame bars are solid runs of colour: theirs is the colour. */
static const short draw_bg[DC_COUNT] = {
    [DC_HEADER] = COLOR_CYAN,     [DC_SELECT] = COLOR_CYAN,      [DC_TAB_ACTIVE] = COLOR_GREEN,
    [DC_FL_MAIN] = COLOR_YELLOW,  [DC_FL_LIBC] = COLOR_RED,      [DC_FL_LIB] = COLOR_CYAN,
    [DC_FL_KERNEL] = COLOR_GREEN, [DC_FL_UNKNOWN] = COLOR_WHITE, [DC_FL_GREW] = COLOR_RED,
    [DC_FL_SAME] = COLOR_WHITE,   [DC_FL_SHRANK] = COLOR_BLUE,   [DC_FL_MATCH] = COLOR_MAGENTA,
};

void draw_init(enum draw_glyphs mode)
{
	const char *no_color = getenv("NO_COLOR");

	draw_glyph_mode = mode;
	/* NO_COLOR (no-color.org): set and not empty means no colours. */
	draw_colors = has_colors() && theme_uses_color(theme_current(), no_color);
	if (!draw_colors)
		return;
	start_color();
	use_default_colors();
	for (int c = 1; c < DC_COUNT; c++) {
		short fg = draw_fg[c], bg = draw_bg[c] ? draw_bg[c] : -1;

		/* The theme's shades: 256 colours when the terminal has them. */
		theme_pair(theme_current(), (enum draw_color)c, COLORS, &fg, &bg);
		init_pair((short)c, fg, bg);
	}
}

int draw_has_colors(void)
{
	return draw_colors;
}

void draw_set_mode(enum draw_glyphs mode)
{
	draw_glyph_mode = mode;
}

enum draw_glyphs draw_mode(void)
{
	return draw_glyph_mode;
}

attr_t draw_attr(enum draw_color c)
{
	attr_t extra = 0;

	if (c == DC_TITLE || c == DC_TAB_ACTIVE)
		extra = A_BOLD;
	else if (c == DC_DIM)
		extra = A_DIM;
	if (draw_colors && c != DC_NORMAL)
		return COLOR_PAIR(c) | extra;
	/* Without colours, only what must stand out does. */
	switch (c) {
	case DC_HEADER:
	case DC_TAB_ACTIVE:
	case DC_SELECT:
		return A_REVERSE;
	case DC_WARN:
	case DC_TITLE:
		return A_BOLD;
	case DC_FL_MATCH:
		return A_BOLD | A_UNDERLINE;
	default:
		return extra;
	}
}

int draw_text(WINDOW *w, int y, int x, int maxw, attr_t attr, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int room, len;

	if (w == NULL || y < 0 || x < 0 || y >= getmaxy(w) || x >= getmaxx(w))
		return 0;
	room = getmaxx(w) - x;
	if (maxw >= 0 && maxw < room)
		room = maxw;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	len = (int)strlen(buf);
	if (len > room)
		len = room;
	if (len <= 0)
		return 0;
	wattrset(w, attr);
	mvwaddnstr(w, y, x, buf, len);
	wattrset(w, A_NORMAL);
	return len;
}

void draw_cp(WINDOW *w, int y, int x, uint32_t cp, attr_t attr)
{
	if (y < 0 || x < 0 || y >= getmaxy(w) || x >= getmaxx(w))
		return;
	if (cp < 0x80) {
		mvwaddch(w, y, x, (chtype)cp | attr);
	} else {
		cchar_t cc;
		wchar_t wc[2] = {(wchar_t)cp, 0};

		setcchar(&cc, wc, attr & ~A_COLOR, (short)PAIR_NUMBER(attr), NULL);
		mvwadd_wch(w, y, x, &cc);
	}
}

void draw_meter(WINDOW *w, int y, int x, int width, const struct draw_seg *segs, int n, double max,
                const char *label)
{
	double vals[8] = {0};
	int cells[8], inner = width - 2, at, llen;

	if (w == NULL || width < 3 || n > 8)
		return;
	for (int i = 0; i < n; i++)
		vals[i] = segs[i].value;
	draw_meter_split(vals, n, max, inner, cells);
	draw_text(w, y, x, 1, draw_attr(DC_DIM) | A_BOLD, "[");
	at = x + 1;
	for (int i = 0; i < n; i++)
		for (int c = 0; c < cells[i]; c++, at++)
			draw_cp(w, y, at, draw_colors ? '|' : (uint32_t)segs[i].ch,
			        draw_attr(segs[i].color));
	llen = label != NULL ? (int)strlen(label) : 0;
	if (llen > inner)
		llen = 0;
	/* The label sits on top of the bar's right end, as in htop. */
	if (llen > 0)
		draw_text(w, y, x + 1 + inner - llen, llen, A_NORMAL, "%s", label);
	draw_text(w, y, x + width - 1, 1, draw_attr(DC_DIM) | A_BOLD, "]");
}

/* Draws columns cols[0..width or 2*width) already laid out. */
static void draw_columns(WINDOW *w, int y, int x, int height, int width, const double *cols,
                         double max, enum draw_color color)
{
	enum draw_glyphs mode = draw_glyph_mode;
	int per = draw_per_cell(mode);
	attr_t attr = draw_attr(color);

	for (int c = 0; c < width; c++) {
		int l0, l1;

		if (mode == DRAW_BRAILLE) {
			l0 = draw_level(cols[2 * c], max, height * per);
			l1 = draw_level(cols[2 * c + 1], max, height * per);
		} else {
			l0 = l1 = draw_level(cols[c], max, height * per);
		}
		for (int row = 0; row < height; row++) {
			int p0 = draw_cell_part(l0, row, per);
			int p1 = draw_cell_part(l1, row, per);
			uint32_t cp;

			if (mode == DRAW_BRAILLE)
				cp = (p0 || p1) ? draw_braille(p0, p1) : ' ';
			else
				cp = draw_glyph(mode, p0);
			/* A gap (NAN, level -1) stays blank: the window was erased. */
			if (cp != ' ')
				draw_cp(w, y + height - 1 - row, x + c, cp, attr);
		}
	}
}

void draw_graph(WINDOW *w, int y, int x, int height, int width, const double *v, size_t n,
                double max, enum draw_color color)
{
	int ncols = draw_glyph_mode == DRAW_BRAILLE ? width * 2 : width;
	double cols[1024];

	if (w == NULL || height <= 0 || width <= 0 || width > 512)
		return;
	draw_resample(v, n, cols, ncols, 1);
	if (isnan(max) || max <= 0)
		max = draw_max(v, n);
	draw_columns(w, y, x, height, width, cols, max, color);
}

void draw_graph_sweep(WINDOW *w, int y, int x, int height, int width, const double *v, size_t n,
                      uint64_t newest_seq, double max, enum draw_color color)
{
	int ncols = draw_glyph_mode == DRAW_BRAILLE ? width * 2 : width;
	double cols[1024];
	size_t from;

	if (w == NULL || height <= 0 || width <= 0 || width > 512 || n == 0)
		return;
	for (int c = 0; c < ncols; c++)
		cols[c] = NAN;
	/* The newest ncols values, each in its own column for good. */
	from = n > (size_t)ncols ? n - (size_t)ncols : 0;
	for (size_t i = from; i < n; i++) {
		uint64_t seq = newest_seq - (n - 1 - i);

		cols[seq % (uint64_t)ncols] = v[i];
	}
	if (isnan(max) || max <= 0)
		max = draw_max(v + from, n - from);
	draw_columns(w, y, x, height, width, cols, max, color);
}

void draw_graph_ring(WINDOW *w, int y, int x, int height, int width, const struct ring *r,
                     double max, enum draw_color color)
{
	double v[1024];
	size_t want = draw_glyph_mode == DRAW_BRAILLE ? (size_t)width * 2 : (size_t)width;
	size_t n;

	if (width <= 0 || want > CTOP_ARRAY_LEN(v))
		want = width <= 0 ? 0 : CTOP_ARRAY_LEN(v);
	n = draw_ring_tail(r, v, want);
	draw_graph_sweep(w, y, x, height, width, v, n, r != NULL ? r->total - 1 : 0, max, color);
}

void draw_row(WINDOW *w, int y, const struct draw_col *cols, int n, const char *const *cells,
              attr_t attr)
{
	int x = 0;

	for (int i = 0; i < n && x < getmaxx(w); i++) {
		const char *s = cells != NULL ? cells[i] : cols[i].title;
		int cw = cols[i].width;

		if (cw < 0) /* the last column may take the rest */
			cw = getmaxx(w) - x;
		if (cols[i].right)
			draw_text(w, y, x, cw, attr, "%*.*s", cw, cw, s);
		else
			draw_text(w, y, x, cw, attr, "%-*.*s", cw, cw, s);
		x += cw + 1;
	}
}

void draw_fill(WINDOW *w, int y, attr_t attr)
{
	if (w == NULL || y < 0 || y >= getmaxy(w))
		return;
	wattrset(w, attr);
	mvwhline(w, y, 0, ' ', getmaxx(w));
	wattrset(w, A_NORMAL);
}
