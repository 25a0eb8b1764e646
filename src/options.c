/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * options: getopt_long over the command line into struct ctop_opts, with
 * every check that can be made before anything starts.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "openmetrics.h"
#include "options.h"
#include "theme.h"
#include "util.h"
#include "version.h"

#define USAGE_LINE                                                                                 \
	"usage: ctop [-p PID | --demo | -- CMD [ARG...]] [--batch [-o FILE] [-n COUNT]\n"          \
	"            [-f text|json|folded|openmetrics] [--textfile-dir DIR]]\n"                    \
	"            [-d SECONDS] [-F HZ] [--sampler auto|perf|ptrace] [-e EVENT[,EVENT...]]\n"    \
	"            [--window SECONDS] [--user-only] [--ascii] [--theme NAME]\n"                  \
	"       ctop --replay FILE.jsonl\n"

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
	      "                         (I in Hot and Flame switches)\n"
	      "  -e, --events LIST      extra libpfm4 events, comma separated (e.g.\n"
	      "                         perf::PAGE-FAULTS,perf::CONTEXT-SWITCHES)\n"
	      "\n"
	      "Batch mode (no screen):\n"
	      "  -b, --batch            write one snapshot per interval instead of drawing\n"
	      "  -o, --output FILE      write to FILE instead of standard output (- for it)\n"
	      "  -n, --iterations N     stop after N snapshots (default: until the target exits)\n"
	      "  -f, --format FMT       text (like top -b), json (JSON Lines), folded\n"
	      "                         (collapsed stacks of the whole run, for flamegraph.pl)\n"
	      "                         or openmetrics (OpenMetrics text per snapshot)\n"
	      "      --textfile-dir DIR also write DIR/ctop_PID.prom (Prometheus text 0.0.4,\n"
	      "                         atomically) each interval, for node_exporter; with\n"
	      "                         no -f and no -o nothing else is written\n"
	      "      --metrics-top N    functions and locks exported per snapshot (default\n"
	      "                         10; the rest are summed in an \"other\" series)\n"
	      "\n"
	      "Replay:\n"
	      "      --replay FILE      show a recording (--batch -f json) in the dashboard:\n"
	      "                         space play/pause, . and , step, [ ] seek 10, Home/End\n"
	      "\n"
	      "Display:\n"
	      "      --ascii            draw graphs with ASCII only\n"
	      "      --theme NAME       colours: default or mono (NO_COLOR also means mono)\n"
	      "      --no-config        do not read $XDG_CONFIG_HOME/ctop/ctoprc\n"
	      "  -h, --help             this help;  -V, --version  versions of ctop and its\n"
	      "                         libraries\n"
	      "\n"
	      "Keys: 1-6/Tab switch panels, t thread, e events, space pause, +/- interval,\n"
	      "g glyphs, w Hot/Flame window, o Hot/Flame wall clock, W save settings, h help,\n"
	      "q quit.  Flame (6): arrows select, Enter zoom, Bksp out, / search, n next,\n"
	      "i icicle, d diff, s save folded.\n"
	      "Exit status: 0 ok, 1 the target cannot be watched, 2 usage error.\n",
	      out);
}

static int parse_double(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	/* strtod and strtol skip leading blanks; an option value does not. */
	if (*s == '\0' || isspace((unsigned char)*s))
		return -1;
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

	if (*s == '\0' || isspace((unsigned char)*s))
		return -1;
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
	OPT_TEXTFILE_DIR,
	OPT_METRICS_TOP,
	OPT_REPLAY,
	OPT_THEME,
	OPT_NO_CONFIG,
	OPT_WALL,
	OPT_WALL_BACKEND,
	OPT_WALL_IDLE,
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
    {"textfile-dir", required_argument, NULL, OPT_TEXTFILE_DIR},
    {"metrics-top", required_argument, NULL, OPT_METRICS_TOP},
    {"replay", required_argument, NULL, OPT_REPLAY},
    {"theme", required_argument, NULL, OPT_THEME},
    {"no-config", no_argument, NULL, OPT_NO_CONFIG},
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
	o->metrics_top = OM_TOP_DEFAULT;

	optind = 1;
	opterr = 0;
	/* '+': stop at the first non-option, so "-- CMD -x" keeps CMD's options. */
	while ((c = getopt_long(argc, argv, "+:p:d:n:bo:f:e:F:hV", long_opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (parse_long(optarg, 1, INT_MAX, &l) < 0) {
				set_cause(cause, "-p wants a process id, not '%s'", optarg);
				return OPTS_USAGE;
			}
			o->pid = (pid_t)l;
			break;
		case 'd':
			o->set |= OPTS_SET_INTERVAL;
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
				set_cause(cause,
				          "-f wants text, json, folded or openmetrics, not '%s'",
				          optarg);
				return OPTS_USAGE;
			}
			o->format = (enum batch_format)batch_parse_format(optarg);
			o->format_given = 1;
			break;
		case 'e':
			o->set |= OPTS_SET_EVENTS;
			o->events = optarg;
			break;
		case 'F':
			o->set |= OPTS_SET_HZ;
			/* 0 turns sampling off; below 1 Hz no interval would
			 * hold a sample, and the timers refuse such periods. */
			if (parse_double(optarg, 0, 10000, &o->hz) < 0 ||
			    (o->hz > 0 && o->hz < 1)) {
				set_cause(cause,
				          "-F wants 0 (off) or samples per second from 1 to 10000, "
				          "not '%s'",
				          optarg);
				return OPTS_USAGE;
			}
			break;
		case OPT_SAMPLER:
			o->set |= OPTS_SET_SAMPLER;
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
			o->set |= OPTS_SET_LOCKS;
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
			o->set |= OPTS_SET_WINDOW;
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
		case OPT_TEXTFILE_DIR:
			o->textfile_dir = optarg;
			break;
		case OPT_METRICS_TOP:
			if (parse_long(optarg, 1, 1000, &l) < 0) {
				set_cause(cause,
				          "--metrics-top wants a count from 1 to 1000, not '%s'",
				          optarg);
				return OPTS_USAGE;
			}
			o->metrics_top = (int)l;
			break;
		case OPT_REPLAY:
			o->replay = optarg;
			break;
		case OPT_THEME:
			if (theme_find(optarg) < 0) {
				set_cause(cause, "--theme wants default or mono, not '%s'", optarg);
				return OPTS_USAGE;
			}
			o->theme = optarg;
			break;
		case OPT_NO_CONFIG:
			o->no_config = 1;
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
			version_print(stdout);
			return OPTS_EXIT;
		case ':':
			/* argv[optind - 1] is the option as typed ("--window"). */
			set_cause(cause, "option %s needs an argument", argv[optind - 1]);
			return OPTS_USAGE;
		case '?':
		default:
			/* optopt is a character only for short options; a long
			 * one is named as typed. */
			if (optopt > 0 && optopt < 128 && strncmp(argv[optind - 1], "--", 2) != 0)
				set_cause(cause, "unknown option: -%c", optopt);
			else if (optopt != 0)
				set_cause(cause, "option %s takes no argument", argv[optind - 1]);
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

	if (o->replay != NULL && (o->pid != 0 || o->cmd != NULL || o->demo || o->batch)) {
		set_cause(cause, "--replay shows a recording: no -p, --demo, -- CMD or --batch");
		return OPTS_USAGE;
	}
	if (o->textfile_dir != NULL && !o->batch) {
		set_cause(cause, "--textfile-dir is for --batch");
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
