/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * locks: panel 4, a placeholder.  Lock contention (futex waits grouped
 * into locks and call sites) is not measured yet; this panel says what it
 * will show so nobody reads its emptiness as "no contention".
 */
#include "config.h"

#include "draw.h"
#include "panels/panel.h"

static void locks_draw(void *st, WINDOW *w, const struct view *v)
{
	(void)st;
	(void)v;
	draw_text(w, 0, 0, -1, draw_attr(DC_TITLE), "Locks: coming");
	draw_text(w, 2, 0, -1, A_NORMAL, "This panel will show where threads wait for each other:");
	draw_text(w, 3, 2, -1, A_NORMAL,
	          "- futex waits grouped into locks, with wait time per second");
	draw_text(w, 4, 2, -1, A_NORMAL, "- the call sites that wait and those that hold");
	draw_text(w, 5, 2, -1, A_NORMAL, "- mutex, condition variable or other, by how it is used");
	draw_text(w, 7, 0, -1, draw_attr(DC_WARN),
	          "Not measured yet: an empty panel here does not mean no contention.");
	draw_text(w, 8, 0, -1, draw_attr(DC_DIM),
	          "Meanwhile: high voluntary context switches (panel 1) hint at waiting.");
}

const struct panel_class panel_locks_class = {
    .name = "Locks",
    .key = '4',
    .help = "coming: futex waits by lock and site (not measured yet)\n"
	    "Until then, voluntary context switches on the CPU panel hint at waiting.",
    .draw = locks_draw,
};
