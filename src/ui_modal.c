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
#include "panels/cpu_counters.h"
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
    "e                    counters: edit the -e event list (libpfm4 names)",
};

/* Draws the first line of text (up to '\n') at (y, x). */
static void ui_help_line(WINDOW *w, int y, int x, const char *text, attr_t a)
{
	const char *nl = strchr(text, '\n');
	int len = nl != NULL ? (int)(nl - text) : (int)strlen(text);

	draw_text(w, y, x, -1, a, "%.*s", len, text);
}

void ui_help_draw(struct ui *u, WINDOW *w)
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
	if (cur == &panel_cpu_class) {
		/* The rules behind the counter hints, as the issue promises. */
		for (p = pmu_hint_rules; p != NULL && *p != '\0' && y < h; y++) {
			ui_help_line(w, y, 2, p, A_NORMAL);
			p = strchr(p, '\n');
			if (p != NULL)
				p++;
		}
	}
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
	if (cur != &panel_cpu_class && y < h)
		draw_text(
		    w, y++, 0, -1, draw_attr(DC_DIM),
		    "Counter figures and the rules behind hints: see the CPU panel's help (1, h).");
	if (y < h)
		draw_text(w, y, 0, -1, draw_attr(DC_DIM), "Unknown figures show n/a, never 0.");
}

void ui_chooser_open(struct ui *u)
{
	const struct snapshot *snap = u->s->cur;

	u->chooser = 1;
	u->chooser_sel = 0;
	for (int i = 0; i < snap->nthreads; i++)
		if (snap->threads[i].tid == u->st.focus_tid)
			u->chooser_sel = i + 1;
}

void ui_chooser_draw(struct ui *u, WINDOW *w)
{
	const struct snapshot *snap = u->s->cur;
	int h = getmaxy(w), rows = h - 2, first = 0;

	draw_text(w, 0, 0, -1, draw_attr(DC_TITLE),
	          "Focus a thread: Up/Down, Enter picks, Esc or 0: whole process");
	draw_text(w, 1, 0, -1, A_BOLD, "  %7s  %-16s  %6s", "TID", "COMMAND", "CPU%");
	if (rows <= 0)
		return;
	if (u->chooser_sel >= rows)
		first = u->chooser_sel - rows + 1;
	for (int i = first; i <= snap->nthreads && i - first < rows; i++) {
		int y = 2 + i - first;
		attr_t a = i == u->chooser_sel ? draw_attr(DC_SELECT) : A_NORMAL;
		char pct[16];

		if (i == u->chooser_sel)
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
	int n = snap->nthreads + 1;

	switch (ch) {
	case KEY_UP:
	case 'k':
		u->chooser_sel--;
		break;
	case KEY_DOWN:
	case 'j':
		u->chooser_sel++;
		break;
	case KEY_PPAGE:
		u->chooser_sel -= 10;
		break;
	case KEY_NPAGE:
		u->chooser_sel += 10;
		break;
	case KEY_ENTER:
	case '\n':
	case '\r':
		u->st.focus_tid = u->chooser_sel > 0 && u->chooser_sel <= snap->nthreads
		                      ? snap->threads[u->chooser_sel - 1].tid
		                      : 0;
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
	if (u->chooser_sel < 0)
		u->chooser_sel = 0;
	if (u->chooser_sel >= n)
		u->chooser_sel = n - 1;
	return 1;
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
	static const char label[] = " events (Enter applies, Esc cancels): ";
	int width = getmaxx(w), room = width - (int)sizeof label;
	size_t len = strlen(u->prompt_buf);
	/* Long lists scroll so the end being typed stays in view. */
	const char *shown = u->prompt_buf;

	if (room > 1 && len > (size_t)room - 1)
		shown += len - ((size_t)room - 1);
	werase(w);
	draw_text(w, 0, 0, -1, draw_attr(DC_TITLE), "%s", label);
	draw_text(w, 0, (int)sizeof label - 1, -1, A_NORMAL, "%s_", shown);
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
