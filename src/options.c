/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * options: getopt_long over the command line into struct ctop_opts, with
 * every check that can be made before anything starts.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "util.h"

#define USAGE_LINE                                                                                 \
	"usage: ctop [-p PID | --demo | -- CMD [ARG...]] [--batch [-o FILE] [-n COUNT]\n"          \
	"            [-f text|json|folded]] [-d SECONDS] [-F HZ] [--sampler auto|perf|ptrace]\n"   \
	"            [-e EVENT[,EVENT...]] [--window SECONDS] [--user-only] [--ascii]\n"

void options_usage(FILE *out)
{
	fputs(USAGE_LINE, out);
}

static void options_help(FILE *out)
{
	options_usage(out);
	fputs("\n"
	      "Watch one live process: CPU and hardware counters, memory, IO and\n"
	      "where it spends its time (stack sampling), in a terminal dashboard.\n"
	      "\n"
	      "Target (one of):\n"
	      "  -p, --pid PID          attach to a running process\n"
	      "  -- CMD [ARG...]        launch CMD and watch it; ctop ends when it ends\n"
	      "      --demo             launch the bundled demo workload and watch it\n"
	      "  (none)                 pick a process from a list (interactive only)\n"
	      "\n"
	      "Sampling and counters:\n"
	      "  -d, --delay SECONDS    interval between snapshots (default 1; fractions ok)\n"
	      "  -F, --freq HZ          stack samples per second per thread (default 99;\n"
	      "                         0 turns sampling off; lowered when it costs too much)\n"
	      "      --sampler KIND     auto (perf if allowed, else ptrace), perf or ptrace;\n"
	      "                         both count on-CPU time only.  perf also samples\n"
	      "                         kernel frames when allowed (root or\n"
	      "                         perf_event_paranoid <= 1); ptrace sees user frames\n"
	      "                         only, samples a thread only if it ran since its\n"
	      "                         last sample and weights it by that CPU time\n"
	      "      --user-only        perf: user-space frames only, no kernel frames\n"
	      "      --window SECONDS   Hot/Flame window at start, and the locks window\n"
	      "                         (default 10; w steps 5s, 10s, 30s, since attach)\n"
	      "      --locks KIND       auto (trace if allowed, else sample), trace (futex\n"
	      "                         tracepoints: every wait, exact; root), sample (reads\n"
	      "                         /proc/PID/task/TID/syscall at -F: estimated; same\n"
	      "                         user), or off\n"
	      "      --wall             wall-clock stacks (o in Hot and Flame): time off the\n"
	      "                         CPU under a leaf saying why ([off-cpu: read]);\n"
	      "                         batch JSON adds hot_wall\n"
	      "      --wall-backend KIND  auto, trace (context-switch records; root) or\n"
	      "                         sample (schedstat, /proc syscall, ptrace stack\n"
	      "                         copies re-used while a thread has not run)\n"
	      "      --wall-idle        show threads idle for 5 s one by one, not folded\n"
	      "  -e, --events LIST      extra libpfm4 events, comma separated (e.g.\n"
	      "                         perf::PAGE-FAULTS,perf::CONTEXT-SWITCHES)\n"
	      "\n"
	      "Batch mode (no screen):\n"
	      "  -b, --batch            write one snapshot per interval instead of drawing\n"
	      "  -o, --output FILE      write to FILE instead of standard output\n"
	      "  -n, --iterations N     stop after N snapshots (default: until the target exits)\n"
	      "  -f, --format FMT       text (like top -b), json (JSON Lines), or folded\n"
	      "                         (collapsed stacks of the whole run, for flamegraph.pl)\n"
	      "\n"
	      "Display:\n"
	      "      --ascii            draw graphs with ASCII only\n"
	      "  -h, --help             this help;  -V, --version  the version\n"
	      "\n"
	      "Keys: 1-6/Tab switch panels, t thread, e events, space pause, +/- interval,\n"
	      "g glyphs, w Hot/Flame window, o Hot/Flame wall clock, h help, q quit.\n"
	      "Flame (6): arrows select, Enter zoom, Bksp out, / search, n next,\n"
	      "i icicle, d diff, s save folded.\n"
	      "Exit status: 0 ok, 1 the target cannot be watched, 2 usage error.\n",
	      out);
}

static int parse_double(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end != '\0' || isnan(v) || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

enum {
	OPT_SAMPLER = 256,
	OPT_WINDOW,
	OPT_DEMO,
	OPT_ASCII,
	OPT_LOCKS,
	OPT_USER_ONLY,
	OPT_WALL,
	OPT_WALL_BACKEND,
	OPT_WALL_IDLE
};

static const struct option long_opts[] = {
    {"pid", required_argument, NULL, 'p'},
    {"delay", required_argument, NULL, 'd'},
    {"iterations", required_argument, NULL, 'n'},
    {"batch", no_argument, NULL, 'b'},
    {"output", required_argument, NULL, 'o'},
    {"format", required_argument, NULL, 'f'},
    {"events", required_argument, NULL, 'e'},
    {"freq", required_argument, NULL, 'F'},
    {"sampler", required_argument, NULL, OPT_SAMPLER},
    {"locks", required_argument, NULL, OPT_LOCKS},
    {"window", required_argument, NULL, OPT_WINDOW},
    {"demo", no_argument, NULL, OPT_DEMO},
    {"ascii", no_argument, NULL, OPT_ASCII},
    {"user-only", no_argument, NULL, OPT_USER_ONLY},
    {"wall", no_argument, NULL, OPT_WALL},
    {"wall-backend", required_argument, NULL, OPT_WALL_BACKEND},
    {"wall-idle", no_argument, NULL, OPT_WALL_IDLE},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

int options_parse(int argc, char **argv, struct ctop_opts *o, char **cause)
{
	long l;
	int c;

	memset(o, 0, sizeof *o);
	o->count = -1;
	o->interval_s = 1.0;
	o->format = BATCH_TEXT;
	o->sampler = SAMPLER_AUTO;
	o->locks = LOCKS_AUTO;
	o->hz = 99;
	o->window_s = 10;

	optind = 1;
	opterr = 0;
	/* '+': stop at the first non-option, so "-- CMD -x" keeps CMD's options. */
	while ((c = getopt_long(argc, argv, "+p:d:n:bo:f:e:F:hV", long_opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (parse_long(optarg, 1, INT_MAX, &l) < 0) {
				set_cause(cause, "-p wants a process id, not '%s'", optarg);
				return OPTS_USAGE;
			}
			o->pid = (pid_t)l;
			break;
		case 'd':
			if (parse_double(optarg, 0.05, 3600, &o->interval_s) < 0) {
				set_cause(cause, "-d wants seconds between 0.05 and 3600, not '%s'",
				          optarg);
				return OPTS_USAGE;
			}
			break;
		case 'n':
			if (parse_long(optarg, 1, LONG_MAX, &o->count) < 0) {
				set_cause(cause, "-n wants a count of 1 or more, not '%s'", optarg);
				return OPTS_USAGE;
			}
			break;
		case 'b':
			o->batch = 1;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'f':
			if (batch_parse_format(optarg) < 0) {
				set_cause(cause, "-f wants text, json or folded, not '%s'", optarg);
				return OPTS_USAGE;
			}
			o->format = (enum batch_format)batch_parse_format(optarg);
			break;
		case 'e':
			o->events = optarg;
			break;
		case 'F':
			if (parse_double(optarg, 0, 10000, &o->hz) < 0) {
				set_cause(cause,
				          "-F wants samples per second from 0 to 10000, not '%s'",
				          optarg);
				return OPTS_USAGE;
			}
			break;
		case OPT_SAMPLER:
			if (!strcmp(optarg, "auto"))
				o->sampler = SAMPLER_AUTO;
			else if (!strcmp(optarg, "perf"))
				o->sampler = SAMPLER_PERF;
			else if (!strcmp(optarg, "ptrace"))
				o->sampler = SAMPLER_PTRACE;
			else {
				set_cause(cause, "--sampler wants auto, perf or ptrace, not '%s'",
				          optarg);
				return OPTS_USAGE;
			}
			break;
		case OPT_LOCKS:
			if (!strcmp(optarg, "auto"))
				o->locks = LOCKS_AUTO;
			else if (!strcmp(optarg, "trace"))
				o->locks = LOCKS_TRACE;
			else if (!strcmp(optarg, "sample"))
				o->locks = LOCKS_SAMPLE;
			else if (!strcmp(optarg, "off"))
				o->locks = LOCKS_OFF;
			else {
				set_cause(cause,
				          "--locks wants auto, trace, sample or off, not '%s'",
				          optarg);
				return OPTS_USAGE;
			}
			break;
		case OPT_WINDOW:
			if (parse_double(optarg, 1, 3600, &o->window_s) < 0) {
				set_cause(cause, "--window wants seconds from 1 to 3600, not '%s'",
				          optarg);
				return OPTS_USAGE;
			}
			break;
		case OPT_DEMO:
			o->demo = 1;
			break;
		case OPT_ASCII:
			o->ascii = 1;
			break;
		case OPT_USER_ONLY:
			o->user_only = 1;
			break;
		case OPT_WALL:
			o->wall = 1;
			break;
		case OPT_WALL_IDLE:
			o->wall_idle = 1;
			break;
		case OPT_WALL_BACKEND:
			if (!strcmp(optarg, "auto"))
				o->wall_backend = OFFCPU_AUTO;
			else if (!strcmp(optarg, "trace"))
				o->wall_backend = OFFCPU_TRACE;
			else if (!strcmp(optarg, "sample"))
				o->wall_backend = OFFCPU_SAMPLE;
			else {
				set_cause(cause,
				          "--wall-backend wants auto, trace or sample, not '%s'",
				          optarg);
				return OPTS_USAGE;
			}
			o->wall = 1;
			break;
		case 'h':
			options_help(stdout);
			return OPTS_EXIT;
		case 'V':
			printf("ctop %s\n", PACKAGE_VERSION);
			return OPTS_EXIT;
		case '?':
		default:
			if (optopt)
				set_cause(cause, "unknown option or missing argument: -%c", optopt);
			else
				set_cause(cause, "unknown option: %s", argv[optind - 1]);
			return OPTS_USAGE;
		}
	}

	if (optind < argc) {
		if (strcmp(argv[optind - 1], "--") != 0) {
			set_cause(cause,
			          "unexpected argument '%s' (to launch a command, put it after --)",
			          argv[optind]);
			return OPTS_USAGE;
		}
		o->cmd = &argv[optind];
	} else if (optind > 1 && strcmp(argv[optind - 1], "--") == 0) {
		set_cause(cause, "-- must be followed by a command to launch");
		return OPTS_USAGE;
	}

	if ((o->pid != 0) + (o->cmd != NULL) + o->demo > 1) {
		set_cause(cause, "-p, --demo and -- CMD are alternatives: give one");
		return OPTS_USAGE;
	}
	if (o->batch && o->pid == 0 && o->cmd == NULL && !o->demo) {
		set_cause(cause, "--batch needs a target: -p PID, --demo or -- CMD");
		return OPTS_USAGE;
	}
	if (!o->batch && (o->output || o->count > 0)) {
		set_cause(cause, "-o and -n are for --batch");
		return OPTS_USAGE;
	}
	if (!o->batch && o->format != BATCH_TEXT) {
		set_cause(cause, "-f is for --batch");
		return OPTS_USAGE;
	}
	if (o->format == BATCH_FOLDED && o->hz == 0) {
		set_cause(cause, "-f folded needs stack sampling (-F above 0)");
		return OPTS_USAGE;
	}
	return OPTS_OK;
}
