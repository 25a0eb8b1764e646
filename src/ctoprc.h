/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ctoprc: the settings file, $XDG_CONFIG_HOME/ctop/ctoprc (by default
 * ~/.config/ctop/ctoprc), lines of "key = value", '#' comments.  Keys:
 * panel, interval, freq, sampler, window, locks, events, theme, ascii.
 * A bad line is reported as file:line with the reason and ignored: the
 * file never stops ctop.  Options on the command line win over it.  The
 * dashboard's 'W' writes the settings in use back (ctoprc_write).
 *
 * It reads and writes the file and fills options; it draws nothing.
 */
#ifndef CTOP_CTOPRC_H
#define CTOP_CTOPRC_H

#include <stdio.h>

struct ctop_opts;

/* A file's settings; unset ones are NAN, -1, 0 or NULL as noted. */
struct ctoprc {
	int panel;          /* '1'..'6'; 0 unset */
	double interval_s;  /* NAN unset */
	double hz;          /* NAN unset */
	double window_s;    /* NAN unset */
	int sampler;        /* enum sampler_backend; -1 unset */
	int locks;          /* enum locks_backend; -1 unset */
	int theme;          /* enum theme_id; -1 unset */
	int ascii;          /* 0 or 1; -1 unset */
	const char *events; /* NULL unset ("" = none); owned when parsed */
};

void ctoprc_init(struct ctoprc *c);
void ctoprc_release(struct ctoprc *c);

/*
 * Reads settings from f into c; each bad line is reported on err (may be
 * NULL) as "name:LINE: reason" and skipped.  Returns the bad lines.
 */
int ctoprc_parse(FILE *f, const char *name, struct ctoprc *c, FILE *err);

/* Fills the options the command line left unset (o->set) from c. */
void ctoprc_apply(const struct ctoprc *c, struct ctop_opts *o);

/* The file's path (owned by the caller), or NULL when neither
 * XDG_CONFIG_HOME nor HOME is set. */
char *ctoprc_path(void);

/*
 * Start-up: reads the file (unless --no-config; a missing file is no
 * error), applies it, and sets the theme (--theme, else the file's).
 */
void ctoprc_setup(struct ctop_opts *o);

/* Writes c to path through a temporary file and a rename, making the
 * directory when needed.  -1 with a cause. */
int ctoprc_write(const char *path, const struct ctoprc *c, char **cause);

#endif
