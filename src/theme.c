/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * theme: names, the current theme, and the 256-colour shades of the
 * default theme.  With eight colours the default theme keeps draw.c's
 * basic table, except that text meant to recede (DC_DIM) keeps the
 * terminal's own foreground and is only dimmed: white on a light
 * background would vanish.
 */
#include "config.h"

#include <string.h>

#include "theme.h"

static const char *const theme_names[THEME_COUNT] = {"default", "mono"};
static enum theme_id theme_cur = THEME_DEFAULT;

/* 256-colour shades: xterm palette indices, chosen to be readable on
 * both black and white backgrounds (mid-luminance, saturated). */
struct theme_shade {
	short fg, bg; /* 0: keep the 8-colour choice */
};

static const struct theme_shade theme_256[DC_COUNT] = {
    [DC_USER] = {34, 0},      /* green3 */
    [DC_SYS] = {160, 0},      /* red3 */
    [DC_IOWAIT] = {33, 0},    /* dodger blue */
    [DC_STEAL] = {129, 0},    /* purple */
    [DC_HEADER] = {16, 74},   /* black on steel blue */
    [DC_TITLE] = {31, 0},     /* deep sky blue 3 */
    [DC_WARN] = {166, 0},     /* dark orange 3: yellow is unreadable on white */
    [DC_GRAPH] = {34, 0},     /* green3 */
    [DC_GRAPH2] = {37, 0},    /* dark cyan */
    [DC_GRAPH3] = {136, 0},   /* dark goldenrod */
    [DC_GRAPH4] = {127, 0},   /* magenta3 */
    [DC_SELECT] = {16, 117},  /* black on sky blue */
    [DC_FL_MAIN] = {16, 214}, /* black on orange */
    [DC_FL_LIBC] = {16, 203}, /* black on salmon */
    [DC_FL_LIB] = {16, 80},   /* black on turquoise */
    [DC_FL_KERNEL] = {16, 114}, [DC_FL_UNKNOWN] = {16, 250}, [DC_FL_GREW] = {231, 160},
    [DC_FL_SAME] = {16, 252},   [DC_FL_SHRANK] = {231, 27},  [DC_FL_MATCH] = {231, 127},
};

int theme_find(const char *name)
{
	for (int i = 0; i < THEME_COUNT; i++)
		if (name != NULL && strcmp(name, theme_names[i]) == 0)
			return i;
	return -1;
}

const char *theme_name(enum theme_id t)
{
	return t >= 0 && t < THEME_COUNT ? theme_names[t] : "default";
}

void theme_set(enum theme_id t)
{
	if (t >= 0 && t < THEME_COUNT)
		theme_cur = t;
}

enum theme_id theme_current(void)
{
	return theme_cur;
}

int theme_uses_color(enum theme_id t, const char *no_color)
{
	return t != THEME_MONO && (no_color == NULL || no_color[0] == '\0');
}

void theme_pair(enum theme_id t, enum draw_color c, int ncolors, short *fg, short *bg)
{
	if (t != THEME_DEFAULT || c <= DC_NORMAL || c >= DC_COUNT)
		return;
	if (c == DC_DIM || c == DC_TAB)
		*fg = -1;
	if (ncolors < 256)
		return;
	if (theme_256[c].fg != 0)
		*fg = theme_256[c].fg;
	if (theme_256[c].bg != 0)
		*bg = theme_256[c].bg;
}
