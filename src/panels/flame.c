/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * flame: panel 6, a placeholder.  An interactive flame graph of the
 * sampled stacks is not drawn yet; the panel says so, and where the same
 * data can be had today (the Hot panel and --format folded).
 */
#include "config.h"

#include "draw.h"
#include "panels/panel.h"

static void flame_draw(void *st, WINDOW *w, const struct view *v)
{
	(void)st;
	(void)v;
	draw_text(w, 0, 0, -1, draw_attr(DC_TITLE), "Flame: coming");
	draw_text(w, 2, 0, -1, A_NORMAL,
	          "This panel will draw the sampled call stacks as a flame graph:");
	draw_text(w, 3, 2, -1, A_NORMAL, "- one bar per function, width = share of samples");
	draw_text(w, 4, 2, -1, A_NORMAL, "- callers below, callees above; zoom into a frame");
	draw_text(w, 6, 0, -1, draw_attr(DC_WARN), "Not drawn yet.");
	draw_text(w, 7, 0, -1, draw_attr(DC_DIM),
	          "Meanwhile: panel 5 (Hot) lists the hottest functions, and");
	draw_text(w, 8, 0, -1, draw_attr(DC_DIM),
	          "ctop --batch --format folded -p PID | flamegraph.pl > out.svg");
}

const struct panel_class panel_flame_class = {
    .name = "Flame",
    .key = '6',
    .help = "coming: a flame graph of the sampled stacks (not yet)\n"
	    "Until then: panel 5, or --batch --format folded for flamegraph.pl.",
    .draw = flame_draw,
};
