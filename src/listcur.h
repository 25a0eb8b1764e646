/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * listcur: the cursor of a scrolling list: which row is selected, which
 * is shown first, and the keys that move them (Up/Down, j/k, PageUp/
 * PageDown, Home/End).  Every list on screen uses it: the CPU panel's
 * thread table, the Hot table, the thread chooser, the picker.  A list
 * without a selection (scroll_only) moves its first row instead.
 */
#ifndef CTOP_LISTCUR_H
#define CTOP_LISTCUR_H

struct listcur {
	int sel;         /* selected row, 0-based */
	int top;         /* first row shown */
	int n;           /* rows in the list */
	int page;        /* rows that fit on screen */
	int scroll_only; /* no selection: the keys scroll */
};

/* Sets the list's length and the rows that fit, and clamps sel and top so
 * the selection stays on screen. */
void listcur_fit(struct listcur *c, int n, int page);

/* Moves for a movement key; returns 1 when the key was one (curses
 * KEY_* codes and 'j'/'k'). */
int listcur_key(struct listcur *c, int key);

/* Selects row i (clamped) and scrolls to it. */
void listcur_select(struct listcur *c, int i);

#endif
