/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ui: the curses front end: set-up and restore of the terminal, the header
 * line, tabs, help, keys and the frame (one doupdate per frame).  It is a
 * sink of the session: it draws the snapshots the session hands it
 * through the panels, one frame per loop pass when something changed.
 */
#ifndef CTOP_UI_H
#define CTOP_UI_H

#include <sys/types.h>

struct session;

/* Runs the dashboard until the user quits or the target exits (then it
 * shows a last frame saying so and waits for q).  Returns the exit
 * status for main. */
int ui_run(struct session *s);

/* Restores the terminal on a fatal path: endwin() is not async-signal-
 * safe, but the process is dying and a usable terminal is worth the risk. */
void ui_emergency_restore(void);

/*
 * The process picker: a sortable list of processes by CPU, type to filter,
 * Enter picks.  Returns the chosen pid, 0 if the user quit, -1 with cause
 * on error.
 */
pid_t picker_run(char **cause);

#endif
