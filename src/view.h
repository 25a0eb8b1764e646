/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * view: what a panel may look at while drawing: the current snapshot, the
 * history rings, the stack store (read-only by convention), and the UI's
 * own state (focused thread, pause, interval).  Panels never collect.
 */
#ifndef CTOP_VIEW_H
#define CTOP_VIEW_H

#include <sys/types.h>

struct snapshot;
struct history;
struct stacks;

struct ui_state {
	pid_t focus_tid; /* 0: whole process */
	int paused;
	double interval_s;
	int utf8; /* locale can show block and braille glyphs */
};

struct view {
	const struct snapshot *snap; /* never NULL while drawing */
	const struct history *hist;
	struct stacks *stacks; /* may be NULL: sampling off */
	const struct ui_state *ui;
};

#endif
