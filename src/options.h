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
};

enum { OPTS_OK = 0, OPTS_EXIT = 1, OPTS_USAGE = -1 };

/* OPTS_OK, OPTS_EXIT (help or version printed to stdout), or OPTS_USAGE
 * with a cause. */
int options_parse(int argc, char **argv, struct ctop_opts *o, char **cause);
void options_usage(FILE *out);

#endif
