/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ui_modal: what takes the keys for a moment: the help (keys, what each
 * panel shows, the current panel's own help), the thread chooser (pick one
 * thread for the panels to focus on) and the events prompt (edit the -e
 * list while running).  They only change ui and session state; the frame
 * is drawn by ui.c.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "fmt.h"
#include "listcur.h"
#include "panels/panel.h"
#include "session.h"
#include "snapshot.h"
#include "ui_int.h"
#include "util.h"

static const char *const ui_help_keys[] = {
    "1-6, Tab, Shift-Tab  switch panel        q          quit",
    "h, ?                 this help (Esc)     space      pause / resume",
    "+ / -                interval 0.25..10s  t          focus a thread (0: all)",
    "g                    graph glyphs: block, braille, ASCII",
    "w                    Hot/Flame window: 5s, 10s, 30s, since attach",
    "o / I                Hot/Flame: wall clock / idle threads unfolded",
    "e                    counters: edit the -e event list (libpfm4 names)",
    "W                    save these settings to ~/.config/ctop/ctoprc",
    "replay: space play   . , step  ] [ ten  > < last/first line",
};

/* Draws the first line of text (up to '\n') at (y, x). */
static void ui_help_line(WINDOW *w, int y, int x, const char *text, attr_t a)
{
	const char *nl = strchr(text, '\n');
	int len = nl != NULL ? (int)(nl - text) : (int)strlen(text);

	draw_text(w, y, x, -1, a, "%.*s", len, text);
}

/* The whole help, drawn into w (a pad taller than any screen) from row
 * 0; returns the rows used. */
static int ui_help_render(struct ui *u, WINDOW *w, const struct view *v)
{
	const struct panel_class *cur = panel_classes[u->cur];
	int y = 0, h = getmaxy(w);
	const char *p;

	draw_text(w, y++, 0, -1, draw_attr(DC_TITLE), "Keys");
	for (size_t i = 0; i < sizeof ui_help_keys / sizeof ui_help_keys[0] && y < h; i++)
		draw_text(w, y++, 2, -1, A_NORMAL, "%s", ui_help_keys[i]);
	/* The current panel's help first: it is what the user asked about. */
	draw_text(w, y++, 0, -1, draw_attr(DC_TITLE), "This panel: %s", cur->name);
	p = cur->help != NULL ? strchr(cur->help, '\n') : NULL;
	while (p != NULL && y < h) {
		ui_help_line(w, y++, 2, p + 1, A_NORMAL);
		p = strchr(p + 1, '\n');
	}
	if (cur->help_more != NULL)
		y += cur->help_more(w, y, h, v);
	if (y < h)
		draw_text(w, y++, 0, -1, draw_attr(DC_TITLE), "Panels");
	/* The first line of a panel's help says what it shows. */
	for (int i = 0; i < u->npanels && y < h; i++) {
		const struct panel_class *pc = panel_classes[i];

		draw_text(w, y, 2, -1, A_BOLD, "%c %s", pc->key, pc->name);
		if (pc->help != NULL && pc->help[0] != '\0')
			ui_help_line(w, y, 13, pc->help, A_NORMAL);
		y++;
	}
	if (y < h)
		draw_text(w, y++, 0, -1, draw_attr(DC_DIM), "Unknown figures show n/a, never 0.");
	return y;
}

/* Rows the help may take; more than any panel's help needs. */
#define UI_HELP_ROWS 400

void ui_help_draw(struct ui *u, WINDOW *w, const struct view *v)
{
	int h = getmaxy(w), width = getmaxx(w), rows;
	WINDOW *pad = newpad(UI_HELP_ROWS, width);

	if (pad == NULL)
		return;
	rows = ui_help_render(u, pad, v);
	/* Longer than the screen: it scrolls, and the last row says so. */
	u->help_cur.scroll_only = 1;
	listcur_fit(&u->help_cur, rows, rows > h ? h - 1 : h);
	copywin(pad, w, u->help_cur.top, 0, 0, 0, (rows > h ? h - 1 : h) - 1, width - 1, FALSE);
	if (rows > h)
		draw_text(
		    w, h - 1, 0, -1, draw_attr(DC_DIM),
		    "-- help rows %d-%d of %d: Up/Down/PgUp/PgDn/Home/End scroll, Esc closes --",
		    u->help_cur.top + 1, u->help_cur.top + h - 1, rows);
	delwin(pad);
}

int ui_help_key(struct ui *u, int ch)
{
	return listcur_key(&u->help_cur, ch);
}

void ui_chooser_open(struct ui *u)
{
	const struct snapshot *snap = u->s->cur;

	u->chooser = 1;
	memset(&u->chooser_cur, 0, sizeof u->chooser_cur);
	u->chooser_cur.n = snap->nthreads + 1;
	for (int i = 0; i < snap->nthreads; i++)
		if (snap->threads[i].tid == u->st.focus_tid)
			u->chooser_cur.sel = i + 1;
}

void ui_chooser_draw(struct ui *u, WINDOW *w)
{
	const struct snapshot *snap = u->s->cur;
	int h = getmaxy(w), rows = h - 2, first, sel;

	draw_text(w, 0, 0, -1, draw_attr(DC_TITLE),
	          "Focus a thread: Up/Down, Enter picks, Esc or 0: whole process");
	draw_text(w, 1, 0, -1, A_BOLD, "  %7s  %-16s  %6s", "TID", "COMMAND", "CPU%");
	if (rows <= 0)
		return;
	listcur_fit(&u->chooser_cur, snap->nthreads + 1, rows);
	first = u->chooser_cur.top;
	sel = u->chooser_cur.sel;
	for (int i = first; i <= snap->nthreads && i - first < rows; i++) {
		int y = 2 + i - first;
		attr_t a = i == sel ? draw_attr(DC_SELECT) : A_NORMAL;
		char pct[16];

		if (i == sel)
			draw_fill(w, y, a);
		if (i == 0) {
			draw_text(w, y, 0, -1, a, "  %7s  %-16s  %6s", "all", "whole process",
			          fmt_pct(pct, sizeof pct, snap->process.cpu_pct));
			continue;
		}
		draw_text(w, y, 0, -1, a, "  %7d  %-16.16s  %6s", (int)snap->threads[i - 1].tid,
		          snap->threads[i - 1].comm,
		          fmt_pct(pct, sizeof pct, snap->threads[i - 1].cpu_pct));
	}
}

int ui_chooser_key(struct ui *u, int ch)
{
	const struct snapshot *snap = u->s->cur;
	int sel = u->chooser_cur.sel;

	if (listcur_key(&u->chooser_cur, ch))
		return 1;
	switch (ch) {
	case KEY_ENTER:
	case '\n':
	case '\r':
		u->st.focus_tid = sel > 0 && sel <= snap->nthreads ? snap->threads[sel - 1].tid : 0;
		u->chooser = 0;
		return 1;
	case 27:
	case '0':
		u->st.focus_tid = 0;
		u->chooser = 0;
		return 1;
	case 'q':
		return 0;
	default:
		/* Everything else closes the chooser and does its usual job. */
		u->chooser = 0;
		return 0;
	}
}

void ui_message(struct ui *u, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(u->message, sizeof u->message, fmt, ap);
	va_end(ap);
	u->message_until = now_mono() + 5;
}

void ui_prompt_open(struct ui *u)
{
	u->prompt = 1;
	snprintf(u->prompt_buf, sizeof u->prompt_buf, "%s",
	         u->s->events != NULL ? u->s->events : "");
}

void ui_prompt_draw(struct ui *u, WINDOW *w)
{
	size_t len = strlen(u->prompt_buf);
	/* Input stops at the buffer's end, and says so. */
	const char *label = len + 1 >= sizeof u->prompt_buf
	                        ? " events (FULL, 255 max; Enter applies, Esc cancels): "
	                        : " events (Enter applies, Esc cancels): ";
	int lw = (int)strlen(label) + 1, width = getmaxx(w), room = width - lw;
	/* Long lists scroll so the end being typed stays in view. */
	const char *shown = u->prompt_buf;

	if (room > 1 && len > (size_t)room - 1)
		shown += len - ((size_t)room - 1);
	werase(w);
	draw_text(w, 0, 0, -1, draw_attr(DC_TITLE), "%s", label);
	draw_text(w, 0, lw - 1, -1, A_NORMAL, "%s_", shown);
}

int ui_prompt_key(struct ui *u, int ch)
{
	size_t len = strlen(u->prompt_buf);
	char *cause = NULL;

	switch (ch) {
	case 27:
		u->prompt = 0;
		return 1;
	case KEY_ENTER:
	case '\n':
	case '\r':
		u->prompt = 0;
		if (session_set_events(u->s, u->prompt_buf, &cause) < 0) {
			ui_message(u, "events not changed: %s", cause != NULL ? cause : "failed");
			free(cause);
		} else if (u->prompt_buf[0] != '\0')
			ui_message(u, "counting %s from the next tick", u->prompt_buf);
		else
			ui_message(u, "no user events");
		return 1;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		if (len > 0)
			u->prompt_buf[len - 1] = '\0';
		return 1;
	case 21: /* Ctrl-U: the whole line, as in a shell */
		u->prompt_buf[0] = '\0';
		return 1;
	default:
		/* Event names are ASCII: letters, digits and : , _ - = . */
		if (ch >= 0x20 && ch < 0x7f && len + 1 < sizeof u->prompt_buf) {
			u->prompt_buf[len] = (char)ch;
			u->prompt_buf[len + 1] = '\0';
		}
		return 1;
	}
}
