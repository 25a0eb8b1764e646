/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ui_int: what the pieces of the dashboard (ui.c: set-up, sink, keys,
 * frame; ui_modal.c: help and thread chooser; picker.c: the curses
 * start-up) share.  Not for panels: they see only struct view.
 */
#ifndef CTOP_UI_INT_H
#define CTOP_UI_INT_H

#include <curses.h>

#include "listcur.h"
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
	int help;                   /* the help screen is shown */
	struct listcur help_cur;    /* its scroll position */
	int chooser;                /* the thread chooser is shown */
	struct listcur chooser_cur; /* row 0: whole process, i: thread i-1 */
	int prompt;                 /* the events prompt owns the status line */
	int esc;                    /* in an undecoded escape sequence: 1 ESC, 2 ESC O, 3 CSI */
	char prompt_buf[256];       /* what is being typed there */
	char message[160];          /* a one-line note for the status line */
	double message_until;       /* CLOCK_MONOTONIC time it goes away */
	int dirty;                  /* state changed since the last frame */
	int quitting;               /* q, a quit signal or a lost terminal */
	unsigned long frames;       /* frames drawn */
};

/* Help: drawn into the body instead of the panel; it scrolls when
 * longer than the body (ui_help_key takes the movement keys). */
void ui_help_draw(struct ui *u, WINDOW *w, const struct view *v);
int ui_help_key(struct ui *u, int ch);

/* The thread chooser: draw and keys (returns 1 when it used the key). */
void ui_chooser_open(struct ui *u);
void ui_chooser_draw(struct ui *u, WINDOW *w);
int ui_chooser_key(struct ui *u, int ch);

/* The events prompt ('e'): a line editor in the status line whose Enter
 * hands the list to session_set_events; keys go to it while it is open. */
void ui_prompt_open(struct ui *u);
void ui_prompt_draw(struct ui *u, WINDOW *w);
int ui_prompt_key(struct ui *u, int ch);
/* 'W': writes the settings in use to ctoprc (ui_rc.c). */
void ui_save_settings(struct ui *u);
/* Shows text in the status line for a few seconds. */
void ui_message(struct ui *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Starts curses on the terminal the way every ctop screen wants it
 * (cbreak so Ctrl-C stays a signal, no echo, no cursor, short Esc delay)
 * and sets the glyphs: block and braille when the locale is UTF-8 and
 * ascii is 0 (*utf8, may be NULL, says which).  NULL with a cause.
 */
SCREEN *ui_curses_start(int ascii, int *utf8, char **cause);
/* Restores the terminal and frees scr. */
void ui_curses_stop(SCREEN *scr);

#endif
