/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * view: what a panel may look at while drawing: the current snapshot (with
 * its profile of sampled stacks), the history rings, and the UI's own
 * state (focused thread, span of the stack views, pause, interval).
 * Panels never collect and never reach a collector: everything they show
 * comes from here, so a key that changes a view (thread, span, zoom)
 * redraws from the same snapshot at once, also while paused.
 */
#ifndef CTOP_VIEW_H
#define CTOP_VIEW_H

#include <sys/types.h>

struct snapshot;
struct history;

struct ui_state {
	pid_t focus_tid; /* 0: whole process */
	/* The span the stack views (Hot, Flame) show, in seconds: one of
	 * the profile's windows, or INFINITY for since attach ('w'). */
	double span_s;
	int paused;
	double interval_s;
	int utf8; /* locale can show block and braille glyphs */
	/* 'o': the stack views show wall-clock stacks (on- and off-CPU). */
	int wall;
	/* 'I' in wall clock: idle threads one by one, not folded. */
	int wall_idle;
};

struct view {
	const struct snapshot *snap; /* never NULL while drawing */
	const struct history *hist;
	const struct ui_state *ui;
};

/* The profile the stack views show: the wall-clock one when v->ui->wall
 * (NULL until it has a tick), else the on-CPU one. */
const struct profile *view_profile(const struct view *v);

/* The profile span of v->ui->span_s in the snapshot's profile (the
 * longest window when that length is not there), or -1 with no profile. */
int view_span(const struct view *v);

#endif
