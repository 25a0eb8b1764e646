/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * panel: the one interface every panel implements.  A panel is a class: a
 * const table of functions filled at the bottom of its own file, listed
 * once in panels.c.  Adding a panel touches its file and one line there.
 * draw() only reads the view; on_key() may change the panel's own state.
 */
#ifndef CTOP_PANEL_H
#define CTOP_PANEL_H

#include <curses.h>

#include "view.h"

struct panel_class {
	const char *name; /* tab title, e.g. "CPU" */
	int key;          /* '1'..'6' */
	const char *help; /* lines for the help screen, '\n' separated */
	void *(*create)(void);
	void (*destroy)(void *state);
	/* Draws into win (already erased) from v. */
	void (*draw)(void *state, WINDOW *win, const struct view *v);
	/* Returns 1 when the key was used. */
	int (*on_key)(void *state, int key, const struct view *v);
	/* Optional: 1 while the panel takes every key (a line editor is
	 * open), global keys included; Esc or Enter should end that. */
	int (*wants_keys)(void *state);
	/* Optional: more help drawn from the snapshot (rows y..height-1);
	 * returns the rows used. */
	int (*help_more)(WINDOW *win, int y, int height, const struct view *v);
};

/* The panels, each defined at the bottom of its own file. */
extern const struct panel_class panel_cpu_class;
extern const struct panel_class panel_memory_class;
extern const struct panel_class panel_io_class;
extern const struct panel_class panel_locks_class;
extern const struct panel_class panel_hot_class;
extern const struct panel_class panel_flame_class;

/* NULL-terminated, in key order. */
extern const struct panel_class *const panel_classes[];

#endif
