/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * session: one watched process and everything that collects from it: the
 * proc collector, counters, sampler and stack store, the history, and the
 * latest snapshots.  The UI and batch mode both drive a session: each tick
 * they call session_tick and then read session->cur.
 */
#ifndef CTOP_SESSION_H
#define CTOP_SESSION_H

#include <sys/types.h>

#include "options.h"

struct loop;

struct session {
	const struct ctop_opts *opts;
	pid_t pid;
	pid_t child;      /* launched by us (--, --demo), else 0 */
	int child_status; /* wait status once reaped */
	struct loop *loop;
	struct proc *proc;
	struct pmu *pmu;
	struct sampler *sampler;
	struct stacks *stacks;
	char *sampler_reason; /* why there is no sampler, or NULL */
	char *events;         /* the user's -e list now counted, or NULL */
	struct history *hist;
	struct snapshot *cur; /* latest; NULL before the first tick */
	struct snapshot *prev;
	int gone; /* target exited */
	char *gone_reason;
	int sigfd; /* signalfd: SIGINT SIGTERM SIGWINCH SIGCHLD */
	int quit;  /* set by SIGINT/SIGTERM */
	int winch; /* set by SIGWINCH */
	double interval_s;
};

/* Opens every collector for pid.  -1 with a cause when pid cannot be
 * watched at all; a collector that cannot work only records why. */
struct session *session_new(const struct ctop_opts *o, pid_t pid, pid_t child, struct loop *l,
                            char **cause);
void session_free(struct session *s);

/* Takes one snapshot into s->cur.  Returns 0, or -1 when the target has
 * gone (s->gone set, s->gone_reason says how). */
int session_tick(struct session *s);

/*
 * Counts a new list of user events (libpfm4 syntax, comma separated; NULL
 * or "" for none) from the next tick on.  On a bad list the old counters
 * stay and -1 comes back with libpfm4's reason.
 */
int session_set_events(struct session *s, const char *events, char **cause);

/* Reads pending signals from the signalfd into quit/winch/child state. */
void session_handle_signals(struct session *s);

#endif
