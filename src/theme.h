/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * theme: the colour themes of the dashboard.  "default" draws coloured
 * text on the terminal's own background (so it reads on dark and light
 * terminals alike) and takes richer shades from the 256-colour palette
 * when the terminal has one, the eight basic colours otherwise; "mono"
 * uses no colour at all, only bold, reverse and dim, as NO_COLOR does.
 *
 * It only chooses colours: draw.c starts curses' colour pairs from them.
 */
#ifndef CTOP_THEME_H
#define CTOP_THEME_H

#include "draw.h"

enum theme_id { THEME_DEFAULT, THEME_MONO, THEME_COUNT };

/* The theme of that name, or -1. */
int theme_find(const char *name);
const char *theme_name(enum theme_id t);

/* The theme in use (THEME_DEFAULT until set). */
void theme_set(enum theme_id t);
enum theme_id theme_current(void);

/*
 * Whether a theme draws in colour: not mono, and NO_COLOR (no-color.org)
 * unset or empty.  no_color is getenv("NO_COLOR").
 */
int theme_uses_color(enum theme_id t, const char *no_color);

/*
 * The colours of role c for a terminal with ncolors colours: *fg and *bg
 * hold the 8-colour choice on entry and may be changed; -1 is the
 * terminal's default.
 */
void theme_pair(enum theme_id t, enum draw_color c, int ncolors, short *fg, short *bg);

#endif
