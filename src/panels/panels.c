/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * panels: the one list of panels, in key order.  Adding a panel is its
 * own file plus one line here (and one in a mk fragment).
 */
#include "config.h"

#include <stddef.h>

#include "panels/panel.h"

const struct panel_class *const panel_classes[] = {
    &panel_cpu_class,
    &panel_memory_class,
    &panel_io_class,
    &panel_locks_class,
    &panel_hot_class,
    &panel_flame_class,
    NULL,
};
