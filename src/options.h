/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * options: the command line, parsed into a plain struct.  Nothing else.
 */
#ifndef CTOP_OPTIONS_H
#define CTOP_OPTIONS_H

#include <stdio.h>
#include <sys/types.h>

#include "batch.h"
#include "locks.h"
#include "offcpu.h"
#include "sampler.h"

struct ctop_opts {
	pid_t pid;          /* -p; 0: none given */
	char **cmd;         /* after "--": launch and watch; NULL: none */
	int demo;           /* --demo: launch the bundled workload */
	int batch;          /* --batch */
	const char *output; /* -o FILE; NULL: stdout */
	long count;         /* -n; -1: until the target exits */
	double interval_s;  /* -d */
	enum batch_format format;
	const char *events; /* -e list, or NULL */
	enum sampler_backend sampler;
	enum locks_backend locks;         /* --locks */
	double hz;                        /* -F; 0: sampling off */
	double window_s;                  /* --window for hot functions */
	int ascii;                        /* --ascii: no Unicode glyphs */
	int user_only;                    /* --user-only: no kernel frames (perf) */
	int wall;                         /* --wall: wall-clock stacks from the start */
	enum offcpu_backend wall_backend; /* --wall-backend */
	int wall_idle;                    /* --wall-idle: idle threads unfolded */
	int format_given;                 /* -f was on the command line */
	const char *textfile_dir;         /* --textfile-dir DIR, or NULL */
	int metrics_top;                  /* --metrics-top: functions/locks per snapshot */
	const char *replay;               /* --replay FILE, or NULL */
	const char *theme;                /* --theme NAME, or NULL (the config's, else default) */
	int no_config;                    /* --no-config: do not read ctoprc */
	int panel;                        /* the panel shown first ('1'..'6'), 0: the first */
	/* What the command line set (OPTS_SET_*), so the config file fills
	 * only the rest. */
	unsigned set;
};

enum {
	OPTS_SET_INTERVAL = 1 << 0,
	OPTS_SET_HZ = 1 << 1,
	OPTS_SET_SAMPLER = 1 << 2,
	OPTS_SET_WINDOW = 1 << 3,
	OPTS_SET_EVENTS = 1 << 4,
	OPTS_SET_LOCKS = 1 << 5,
};

enum { OPTS_OK = 0, OPTS_EXIT = 1, OPTS_USAGE = -1 };

/* OPTS_OK, OPTS_EXIT (help or version printed to stdout), or OPTS_USAGE
 * with a cause. */
int options_parse(int argc, char **argv, struct ctop_opts *o, char **cause);
void options_usage(FILE *out);

#endif
