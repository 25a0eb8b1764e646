/* STUB: to be written by the symbols/stacks work. */
#include "config.h"
#include "panels/panel.h"
static void hot_draw(void *st, WINDOW *w, const struct view *v) { (void)st; (void)v; mvwaddstr(w, 0, 0, "Hot functions: coming"); }
const struct panel_class panel_hot_class = { .name = "Hot", .key = '5', .help = "", .draw = hot_draw };
