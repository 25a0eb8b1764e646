/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ui_rc: the dashboard's 'W': the settings in use (panel, interval,
 * sampling, window, back ends, events, theme, glyphs) written to ctoprc,
 * with the outcome in the status line.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "ctoprc.h"
#include "panels/panel.h"
#include "session.h"
#include "theme.h"
#include "ui_int.h"

void ui_save_settings(struct ui *u)
{
	const struct ctop_opts *o = u->s->opts;
	struct ctoprc c;
	char *path = ctoprc_path(), *cause = NULL;

	if (path == NULL) {
		ui_message(u, "cannot save: neither XDG_CONFIG_HOME nor HOME is set");
		return;
	}
	ctoprc_init(&c);
	c.panel = panel_classes[u->cur]->key;
	c.interval_s = u->st.interval_s;
	c.hz = o->hz;
	/* The window shown, unless it is "since attach". */
	c.window_s = isinf(u->st.span_s) || !(u->st.span_s >= 1) ? o->window_s : u->st.span_s;
	c.sampler = (int)o->sampler;
	c.locks = (int)o->locks;
	c.theme = (int)theme_current();
	c.ascii = o->ascii;
	c.events = u->s->replay == NULL ? (u->s->events != NULL ? u->s->events : "") : NULL;
	if (ctoprc_write(path, &c, &cause) < 0) {
		ui_message(u, "%s", cause);
		free(cause);
	} else
		ui_message(u, "settings written to %s", path);
	free(path);
}
