/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ui_int: what the pieces of the dashboard (ui.c: set-up, loop, keys,
 * frame; ui_modal.c: help and thread chooser) share.  Not for panels:
 * they see only struct view.
 *
 * OWNER: the UI work (issue 2).
 */
#ifndef CTOP_UI_INT_H
#define CTOP_UI_INT_H

#include <curses.h>

#include "view.h"

struct session;

#define UI_MAX_PANELS 8

struct ui {
	struct session *s;
	SCREEN *screen; /* from newterm; NULL when curses is off */
	WINDOW *hdr, *tabs, *body, *status;
	int tiny; /* too small for more than the header */
	int cur;  /* index into panel_classes */
	int npanels;
	void *pstate[UI_MAX_PANELS];
	struct ui_state st;
	int help;             /* the help screen is shown */
	int chooser;          /* the thread chooser is shown */
	int chooser_sel;      /* 0: whole process, i: thread i-1 */
	int prompt;           /* the events prompt owns the status line */
	char prompt_buf[256]; /* what is being typed there */
	char message[160];    /* a one-line note for the status line */
	double message_until; /* CLOCK_MONOTONIC time it goes away */
	int timer;            /* interval timerfd */
	int gone_seen;        /* the exit was noticed: timer stopped */
	int done;
};

/* Help: drawn into the body instead of the panel. */
void ui_help_draw(struct ui *u, WINDOW *w);

/* The thread chooser: draw and keys (returns 1 when it used the key). */
void ui_chooser_open(struct ui *u);
void ui_chooser_draw(struct ui *u, WINDOW *w);
int ui_chooser_key(struct ui *u, int ch);

/* The events prompt ('e'): a line editor in the status line whose Enter
 * hands the list to session_set_events; keys go to it while it is open. */
void ui_prompt_open(struct ui *u);
void ui_prompt_draw(struct ui *u, WINDOW *w);
int ui_prompt_key(struct ui *u, int ch);
/* Shows text in the status line for a few seconds. */
void ui_message(struct ui *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Records whether curses owns the terminal, for ui_emergency_restore. */
void ui_curses_mark(int active);

#endif
