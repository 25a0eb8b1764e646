/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ui: the dashboard: a sink of the session plus the terminal.  Whatever
 * happens (a snapshot, a key, a resize, the target's exit) only changes
 * state and marks the screen dirty; the loop's before-wait hook draws one
 * frame per pass when it is dirty.  A frame goes through the panels into
 * four windows (header, tab bar, body, status line) with one doupdate()
 * and never a clear(), so it costs only the cells that changed.  Wakes
 * that change nothing (the SIGCHLD of each ptrace stop) draw nothing.
 *
 * It is not a collector: it never reads /proc itself (the picker in
 * picker.c is the one exception, before a session exists).  Help and the
 * thread chooser live in ui_modal.c.
 */
#include "config.h"

#include <curses.h>
#include <langinfo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

#include "draw.h"
#include "fmt.h"
#include "loop.h"
#include "panels/panel.h"
#include "profile.h"
#include "replay.h"
#include "session.h"
#include "snapshot.h"
#include "ui.h"
#include "ui_int.h"
#include "util.h"
#include "watchdog.h"

/* Below this the dashboard shows only the header and a hint. */
#define UI_MIN_COLS 30
#define UI_MIN_LINES 6

static const double ui_intervals[] = {0.25, 0.5, 1, 2, 5, 10};

/* Set while curses owns the terminal, for ui_emergency_restore. */
static volatile int ui_curses_active;

static void ui_view(const struct ui *u, struct view *v)
{
	v->snap = u->s->cur;
	v->hist = u->s->hist;
	v->ui = &u->st;
}

static void ui_drop_windows(struct ui *u)
{
	WINDOW **ws[] = {&u->hdr, &u->tabs, &u->body, &u->status};

	for (size_t i = 0; i < CTOP_ARRAY_LEN(ws); i++) {
		if (*ws[i] != NULL)
			delwin(*ws[i]);
		*ws[i] = NULL;
	}
}

/* (Re)creates the windows for the current LINES x COLS. */
static void ui_layout(struct ui *u)
{
	ui_drop_windows(u);
	u->tiny = LINES < UI_MIN_LINES || COLS < UI_MIN_COLS;
	u->hdr = newwin(1, COLS, 0, 0);
	if (u->tiny) {
		if (LINES > 1)
			u->body = newwin(LINES - 1, COLS, 1, 0);
	} else {
		u->tabs = newwin(1, COLS, 1, 0);
		u->body = newwin(LINES - 3, COLS, 2, 0);
		u->status = newwin(1, COLS, LINES - 1, 0);
	}
	/* Keys are read through the header window: it exists at every size
	 * and is refreshed each frame, so wgetch never repaints stale cells. */
	if (u->hdr != NULL) {
		keypad(u->hdr, TRUE);
		nodelay(u->hdr, TRUE);
	}
}

static void ui_resize(struct ui *u)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	ui_layout(u);
}

/* A limited cgroup's limits go before the rest of the right side. */
static void ui_header_cgroup(char *right, size_t size, const struct snap_cgroup *g)
{
	char lim[64] = "", mem[16], tail[128];

	if (!g->limited)
		return;
	if (!isnan(g->cpu_max))
		snprintf(lim, sizeof lim, " cpu max %.2f", g->cpu_max);
	if (g->memory_max_bytes != SNAP_UNKNOWN)
		snprintf(lim + strlen(lim), sizeof lim - strlen(lim), " mem max %s",
		         fmt_bytes(mem, sizeof mem, (double)g->memory_max_bytes));
	snprintf(tail, sizeof tail, "%s", right);
	if (snprintf(right, size, "  cgroup%.40s%.80s", lim, tail) >= (int)size)
		snprintf(right, size, "%s", tail);
}

static void ui_draw_header(struct ui *u, WINDOW *w)
{
	const struct snap_process *p = &u->s->cur->process;
	char up[16], iv[16], left[160], right[128], cmd[256];
	const char *name = p->cmdline[0] != '\0' ? p->cmdline : p->comm;
	int width = getmaxx(w), room;

	wbkgdset(w, ' ' | draw_attr(DC_HEADER));
	werase(w);
	fmt_duration(up, sizeof up, p->uptime_s);
	snprintf(iv, sizeof iv, "%gs", u->st.interval_s);
	if (u->s->replay != NULL)
		replay_header(u->s, left, sizeof left);
	else
		snprintf(left, sizeof left, " ctop  pid %d ", (int)u->s->pid);
	snprintf(right, sizeof right, "  %c  up %s  every %s  %d thr%s ",
	         p->state != '\0' ? p->state : '?', up, iv, p->threads,
	         u->st.paused ? "  PAUSED" : "");
	ui_header_cgroup(right, sizeof right, &u->s->cur->cgroup);
	/* The command gets what is left; its end (the arguments that tell
	 * instances apart) is kept over its middle. */
	room = width - (int)strlen(left) - (int)strlen(right);
	if (room < 4)
		room = 4;
	fmt_trunc_middle(cmd, sizeof cmd, name[0] != '\0' ? name : "?", room);
	draw_text(w, 0, 0, -1, draw_attr(DC_HEADER) | A_BOLD, "%s%s", left, cmd);
	draw_text(w, 0, (int)(strlen(left) + strlen(cmd)), -1, draw_attr(DC_HEADER), "%s", right);
}

static void ui_draw_tabs(struct ui *u, WINDOW *w)
{
	int x = 0, full = 0, compact;

	werase(w);
	for (int i = 0; i < u->npanels; i++)
		full += (int)strlen(panel_classes[i]->name) + 6;
	/* Too narrow for every name: only the current panel keeps its name. */
	compact = full > getmaxx(w);
	for (int i = 0; i < u->npanels; i++) {
		const struct panel_class *pc = panel_classes[i];
		attr_t a = draw_attr(i == u->cur ? DC_TAB_ACTIVE : DC_NORMAL);

		if (compact && i != u->cur)
			x += draw_text(w, 0, x, -1, a, "%c", pc->key);
		else
			x += draw_text(w, 0, x, -1, a, " %c %s ", pc->key, pc->name);
		x += draw_text(w, 0, x, -1, A_NORMAL, compact ? " " : "  ");
	}
}

static void ui_draw_status(struct ui *u, WINDOW *w)
{
	struct session *s = u->s;

	werase(w);
	if (s->gone) {
		const char *why = s->gone_reason != NULL ? s->gone_reason : "gone";

		/* "exited (exited)" says nothing twice. */
		if (strcmp(why, "exited") == 0)
			draw_text(w, 0, 0, -1, draw_attr(DC_WARN) | A_BOLD,
			          " process %d exited %s q to quit", (int)s->pid,
			          u->st.utf8 ? "\u2014" : "-");
		else
			draw_text(w, 0, 0, -1, draw_attr(DC_WARN) | A_BOLD,
			          " process %d exited (%s) %s q to quit", (int)s->pid, why,
			          u->st.utf8 ? "\u2014" : "-");
		return;
	}
	if (u->prompt) {
		ui_prompt_draw(u, w);
		return;
	}
	if (u->message[0] != '\0' && now_mono() < u->message_until) {
		draw_text(w, 0, 0, -1, draw_attr(DC_WARN) | A_BOLD, " %s", u->message);
		return;
	}
	if (s->replay != NULL) {
		char line[256];

		replay_status(s, line, sizeof line);
		draw_text(w, 0, 0, -1, draw_attr(DC_WARN) | A_BOLD, "%s", line);
		return;
	}
	if (u->st.paused) {
		draw_text(w, 0, 0, -1, draw_attr(DC_WARN) | A_BOLD,
		          " PAUSED  space resumes  q quit  h help");
		return;
	}
	if (s->cur->behind) {
		draw_text(w, 0, 0, -1, draw_attr(DC_WARN) | A_BOLD,
		          " behind: a snapshot takes %.1f s, more than every %gs  q quit  + slower",
		          s->cur->collect_s, u->st.interval_s);
		return;
	}
	draw_text(w, 0, 0, -1, draw_attr(DC_DIM),
	          " q quit  h help  1-6/Tab panel  space pause  +/- interval  t thread");
	if (u->st.focus_tid != 0) {
		char buf[32];
		int len = snprintf(buf, sizeof buf, " thread %d ", (int)u->st.focus_tid);

		draw_text(w, 0, getmaxx(w) - len, -1, draw_attr(DC_SELECT), "%s", buf);
	}
}

static void ui_draw_frame(struct ui *u)
{
	struct view v;

	ui_view(u, &v);
	if (u->hdr != NULL) {
		ui_draw_header(u, u->hdr);
		wnoutrefresh(u->hdr);
	}
	if (u->tiny) {
		if (u->body != NULL) {
			werase(u->body);
			draw_text(u->body, 0, 0, -1, draw_attr(DC_WARN),
			          "too small: need %dx%d (q quits)", UI_MIN_COLS, UI_MIN_LINES);
			wnoutrefresh(u->body);
		}
		doupdate();
		u->frames++;
		return;
	}
	ui_draw_tabs(u, u->tabs);
	wnoutrefresh(u->tabs);
	werase(u->body);
	if (u->help)
		ui_help_draw(u, u->body, &v);
	else if (u->chooser)
		ui_chooser_draw(u, u->body);
	else
		panel_classes[u->cur]->draw(u->pstate[u->cur], u->body, &v);
	wnoutrefresh(u->body);
	ui_draw_status(u, u->status);
	wnoutrefresh(u->status);
	doupdate();
	u->frames++;
}

static void ui_set_interval(struct ui *u, int dir)
{
	size_t n = CTOP_ARRAY_LEN(ui_intervals), i = 0;

	/* The step nearest the current interval, then one along. */
	for (size_t j = 1; j < n; j++)
		if (fabs(ui_intervals[j] - u->st.interval_s) <
		    fabs(ui_intervals[i] - u->st.interval_s))
			i = j;
	if (dir > 0 && i + 1 < n)
		i++;
	else if (dir < 0 && i > 0)
		i--;
	u->st.interval_s = ui_intervals[i];
	session_set_interval(u->s, ui_intervals[i]);
}

/* 'w': the stack views (Hot, Flame) step through the profile's spans,
 * shortest window first, then since attach, then round again (span 0, the
 * interval, is too short to read).  Without a profile: --window and since
 * attach. */
static void ui_next_span(struct ui *u)
{
	const struct profile *p = u->s->cur != NULL ? u->s->cur->stacks.profile : NULL;
	int i;

	if (p == NULL || p->nspans < 2) {
		u->st.span_s = isinf(u->st.span_s) ? u->s->opts->window_s : INFINITY;
		return;
	}
	i = profile_span_find(p, u->st.span_s);
	i = i < 1 || i + 1 >= p->nspans ? 1 : i + 1;
	u->st.span_s = p->spans[i].seconds;
}

static void ui_quit(struct ui *u)
{
	u->quitting = 1;
	loop_stop(u->s->loop);
}

static void ui_switch(struct ui *u, int to)
{
	u->cur = (to + u->npanels) % u->npanels;
	u->help = 0;
	u->chooser = 0;
}

static void ui_on_key(struct ui *u, int ch)
{
	const struct panel_class *pc = panel_classes[u->cur];
	struct view v;

	if (ch == KEY_RESIZE) {
		ui_layout(u);
		return;
	}
	if (u->prompt && ui_prompt_key(u, ch))
		return;
	if (u->chooser && ui_chooser_key(u, ch))
		return;
	if (u->help && (ch == 27 || ch == 'h' || ch == '?')) {
		u->help = 0;
		return;
	}
	if (u->help && ui_help_key(u, ch))
		return;
	/* A panel's line editor (the flame search) takes every key. */
	if (!u->help && !u->chooser && pc->wants_keys != NULL && pc->on_key != NULL &&
	    pc->wants_keys(u->pstate[u->cur])) {
		ui_view(u, &v);
		pc->on_key(u->pstate[u->cur], ch, &v);
		return;
	}
	/* A replay's seek keys stop play where they land. */
	if (u->s->replay != NULL && replay_key(u->s, ch)) {
		u->st.paused = 1;
		session_pause(u->s, 1);
		return;
	}
	switch (ch) {
	case 'q':
		ui_quit(u);
		return;
	case '\t':
		ui_switch(u, u->cur + 1);
		return;
	case KEY_BTAB:
		ui_switch(u, u->cur - 1);
		return;
	case 'h':
	case '?':
		u->help = 1;
		u->chooser = 0;
		memset(&u->help_cur, 0, sizeof u->help_cur);
		return;
	case ' ':
		if (u->s->gone)
			return;
		u->st.paused = !u->st.paused;
		session_pause(u->s, u->st.paused);
		return;
	case 'w':
		ui_next_span(u);
		return;
	case 'o':
		/* Wall-clock stacks in Hot and Flame: the off-CPU collector
		 * runs only while they are asked for. */
		if (strcmp(panel_classes[u->cur]->name, "Hot") != 0 &&
		    strcmp(panel_classes[u->cur]->name, "Flame") != 0)
			return;
		u->st.wall = !u->st.wall;
		session_set_wall(u->s, u->st.wall, NULL);
		return;
	case 'I':
		/* Wall clock: idle threads one by one, or folded. */
		if (!u->st.wall || (strcmp(panel_classes[u->cur]->name, "Hot") != 0 &&
		                    strcmp(panel_classes[u->cur]->name, "Flame") != 0))
			break;
		u->st.wall_idle = !u->st.wall_idle;
		session_set_wall_idle(u->s, u->st.wall_idle);
		return;
	case '+':
	case '=':
		ui_set_interval(u, 1);
		return;
	case '-':
		ui_set_interval(u, -1);
		return;
	case 'g':
		/* Block, braille, ASCII: the last for fonts without glyphs. */
		if (u->st.utf8)
			draw_set_mode(draw_mode() == DRAW_BLOCK     ? DRAW_BRAILLE
			              : draw_mode() == DRAW_BRAILLE ? DRAW_ASCII
			                                            : DRAW_BLOCK);
		return;
	case 't':
		u->help = 0;
		ui_chooser_open(u);
		return;
	case 'W':
		ui_save_settings(u);
		return;
	case 'e':
		if (u->s->gone || u->s->replay != NULL)
			return;
		u->help = 0;
		u->chooser = 0;
		ui_prompt_open(u);
		return;
	}
	for (int i = 0; i < u->npanels; i++)
		if (ch == panel_classes[i]->key) {
			ui_switch(u, i);
			return;
		}
	ui_view(u, &v);
	if (pc->on_key != NULL)
		pc->on_key(u->pstate[u->cur], ch, &v);
}

static void ui_on_stdin(int fd, uint32_t events, void *arg)
{
	struct ui *u = arg;
	int ch;

	(void)fd;
	/* The terminal is gone (hangup without SIGHUP): nobody to draw for,
	 * and an fd that stays readable would spin the loop. */
	if (events & (EPOLLHUP | EPOLLERR)) {
		ui_quit(u);
		return;
	}
	while (u->hdr != NULL && !u->quitting && (ch = wgetch(u->hdr)) != ERR) {
		/* A function key curses did not decode (its bytes arrived
		 * apart, or the terminal's description lacks it) is ESC O x
		 * or ESC [ ... final: Esc acts, the rest is swallowed, so
		 * F2 (ESC O Q) never reads as keys. */
		if (u->esc == 1 && (ch == 'O' || ch == '[')) {
			u->esc = ch == 'O' ? 2 : 3;
			continue;
		}
		if (u->esc == 2 || (u->esc == 3 && ch >= 0x40 && ch <= 0x7e)) {
			u->esc = 0;
			continue;
		}
		if (u->esc == 3)
			continue;
		u->esc = ch == 27;
		ui_on_key(u, ch);
		u->dirty = 1;
	}
}

static void ui_on_snapshot(void *arg, const struct snapshot *snap)
{
	struct ui *u = arg;

	(void)snap;
	u->dirty = 1;
}

static void ui_on_gone(void *arg, const char *reason)
{
	struct ui *u = arg;

	(void)reason;
	u->st.paused = 0;
	u->dirty = 1;
}

static void ui_on_quit(void *arg, int signo)
{
	(void)signo;
	ui_quit(arg);
}

static void ui_on_resize(void *arg)
{
	struct ui *u = arg;

	ui_resize(u);
	u->dirty = 1;
}

static void ui_on_suspend(void *arg, int stopping)
{
	struct ui *u = arg;

	if (stopping) {
		endwin();
		fflush(stdout);
		return;
	}
	clearok(curscr, TRUE);
	ui_on_resize(u);
}

/* The one place a frame is drawn: once per loop pass, when dirty. */
static void ui_before_wait(void *arg)
{
	struct ui *u = arg;

	if (!u->dirty || u->quitting)
		return;
	u->dirty = 0;
	ui_draw_frame(u);
}

SCREEN *ui_curses_start(int ascii, int *utf8, char **cause)
{
	const char *cs = nl_langinfo(CODESET);
	struct termios saved;
	int have_modes = tcgetattr(STDIN_FILENO, &saved) == 0;
	SCREEN *scr = newterm(NULL, stdout, stdin);
	int u8;

	if (scr == NULL) {
		set_cause(cause, "cannot start curses on this terminal (TERM?)");
		return NULL;
	}
	/* A terminal that cannot move its cursor (TERM=dumb) would get
	 * every frame on one line. */
	if (tigetstr("cup") == NULL || tigetstr("cup") == (char *)-1) {
		const char *term = getenv("TERM");

		endwin();
		delscreen(scr);
		set_cause(
		    cause,
		    "terminal type '%s' cannot move the cursor: set TERM (e.g. xterm-256color) "
		    "or use --batch",
		    term != NULL ? term : "");
		return NULL;
	}
	ui_curses_active = 1;
	/* Should ctop die where no handler can run, a child gives the
	 * terminal back (watchdog.c). */
	if (have_modes)
		watchdog_start(&saved);
	/* cbreak, not raw: Ctrl-C still raises SIGINT, which the session's
	 * signalfd turns into an orderly quit. */
	cbreak();
	noecho();
	nonl();
	curs_set(0);
	set_escdelay(25);
	u8 = !ascii && cs != NULL && strcmp(cs, "UTF-8") == 0;
	draw_init(u8 ? DRAW_BLOCK : DRAW_ASCII);
	if (utf8 != NULL)
		*utf8 = u8;
	/* Paint the blank screen once; from here on only windows draw. */
	refresh();
	return scr;
}

void ui_curses_stop(SCREEN *scr)
{
	if (scr == NULL)
		return;
	endwin();
	ui_curses_active = 0;
	watchdog_stop();
	delscreen(scr);
}

static void ui_stop_curses(struct ui *u)
{
	ui_drop_windows(u);
	ui_curses_stop(u->screen);
	u->screen = NULL;
}

int ui_run(struct session *s)
{
	struct ui u;
	struct session_sink sink = {
	    .on_snapshot = ui_on_snapshot,
	    .on_gone = ui_on_gone,
	    .on_quit = ui_on_quit,
	    .on_resize = ui_on_resize,
	    .on_suspend = ui_on_suspend,
	};
	char *cause = NULL;
	int rc = 0;

	memset(&u, 0, sizeof u);
	u.s = s;
	u.st.interval_s = s->interval_s;
	u.st.span_s = s->opts->window_s;
	u.st.paused = s->paused; /* a replay starts paused */
	u.st.wall = s->opts->wall;
	u.st.wall_idle = s->opts->wall_idle;
	sink.arg = &u;
	while (panel_classes[u.npanels] != NULL && u.npanels < UI_MAX_PANELS)
		u.npanels++;
	if (u.npanels == 0)
		fatal("no panels registered");
	for (int i = 0; i < u.npanels; i++)
		if (panel_classes[i]->key == s->opts->panel)
			u.cur = i;
	for (int i = 0; i < u.npanels; i++)
		if (panel_classes[i]->create != NULL)
			u.pstate[i] = panel_classes[i]->create();
	u.screen = ui_curses_start(s->opts->ascii, &u.st.utf8, &cause);
	if (u.screen == NULL)
		goto fail;
	ui_layout(&u);
	/* The session's first snapshot has no rates yet: take the second one
	 * soon, so the dashboard does not show n/a for a whole interval. */
	if (session_start(s, &sink, s->cur->first && s->interval_s > 0.3 ? 0.3 : 0, &cause) < 0 ||
	    loop_add_fd(s->loop, STDIN_FILENO, ui_on_stdin, &u, &cause) < 0)
		goto fail;
	loop_set_before_wait(s->loop, ui_before_wait, &u);
	u.dirty = 1;
	loop_run(s->loop);
	goto out;
fail:
	ui_stop_curses(&u);
	fprintf(stderr, "ctop: %s\n", cause != NULL ? cause : "cannot start the dashboard");
	free(cause);
	rc = 1;
out:
	loop_set_before_wait(s->loop, NULL, NULL);
	session_stop(s);
	loop_del_fd(s->loop, STDIN_FILENO);
	ui_stop_curses(&u);
	for (int i = 0; i < u.npanels; i++)
		if (panel_classes[i]->destroy != NULL && u.pstate[i] != NULL)
			panel_classes[i]->destroy(u.pstate[i]);
	return rc;
}

void ui_emergency_restore(void)
{
	if (ui_curses_active) {
		ui_curses_active = 0;
		endwin();
	}
}
