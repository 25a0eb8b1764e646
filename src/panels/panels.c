/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * panels: the one list of panels, in key order.  Adding a panel is its
 * own file plus one line here (and one in a mk fragment).  Also the
 * helpers every panel may use on a view.
 */
#include "config.h"

#include <stddef.h>

#include "panels/panel.h"
#include "profile.h"
#include "snapshot.h"
#include "view.h"

const struct panel_class *const panel_classes[] = {
    &panel_cpu_class,
    &panel_memory_class,
    &panel_io_class,
    &panel_locks_class,
    &panel_hot_class,
    &panel_flame_class,
    NULL,
};

int view_span(const struct view *v)
{
	const struct profile *p = v->snap->stacks.profile;
	int i;

	if (p == NULL || p->nspans < 2)
		return -1;
	i = profile_span_find(p, v->ui->span_s);
	/* Not one of this profile's lengths: its longest window. */
	return i > 0 ? i : p->nspans - 2;
}
