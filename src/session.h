/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * session: one watched process and everything that collects from it: the
 * proc collector, counters, sampler and stack store, the history, and the
 * latest snapshots.  The session owns the pace: the interval timerfd and
 * the signalfd (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH, SIGCHLD) are
 * its fds in the loop, and it hands what happens to one sink: a new
 * snapshot, the target's exit, a request to quit, a terminal resize.  The
 * dashboard, batch mode and a replay are sinks; none of them keeps a
 * timer or reads signals itself.
 */
#ifndef CTOP_SESSION_H
#define CTOP_SESSION_H

#include <sys/types.h>

#include "options.h"

struct loop;
struct profile;
struct replay;
struct snapshot;

/* What the session tells its front end.  Every callback may be NULL. */
struct session_sink {
	/* A new snapshot is in s->cur. */
	void (*on_snapshot)(void *arg, const struct snapshot *snap);
	/* The target exited (s->gone_reason says how); no more ticks. */
	void (*on_gone)(void *arg, const char *reason);
	/* SIGINT, SIGTERM, SIGHUP or SIGQUIT arrived. */
	void (*on_quit)(void *arg, int signo);
	/* SIGWINCH arrived. */
	void (*on_resize)(void *arg);
	/* ctop is about to stop itself (Ctrl-Z: stopping = 1; give the
	 * terminal back), or continues (stopping = 0); NULL: nothing to do. */
	void (*on_suspend)(void *arg, int stopping);
	void *arg;
};

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
	struct locks *locks;
	struct sched *sched;   /* run-queue wait, migrations, affinity */
	struct cgroup *cgroup; /* the target's cgroup limits and pressure */
	struct offcpu *offcpu; /* wall-clock mode: time off the CPU, or NULL */
	struct stacks *wall;   /* wall-clock stacks (on- and off-CPU), or NULL */
	char *wall_reason;     /* why wall-clock mode failed, or NULL */
	int wall_idle;         /* idle threads unfolded */
	char *locks_reason;    /* why there is no lock collector, or NULL */
	char *sampler_reason;  /* why there is no sampler, or NULL */
	char *events;          /* the user's -e list now counted, or NULL */
	struct history *hist;
	struct snapshot *cur; /* latest; never NULL once session_new returned */
	struct snapshot *prev;
	/* Since the target exited: the samples up to its end (the last
	 * snapshot's profile misses the part after the last tick). */
	struct profile *final_profile;
	/* A recording played back: snapshots come from it, not from
	 * collectors (replay.c); NULL when watching a live process. */
	struct replay *replay;
	int gone; /* target exited */
	char *gone_reason;
	/* The pace: read them, change them through the setters below. */
	double interval_s;
	int paused;
	/* Private to session.c. */
	int sigfd;
	int timer;
	int started;
	struct session_sink sink;
};

/* Opens every collector for pid and takes a first snapshot.  NULL with a
 * cause when pid cannot be watched at all; a collector that cannot work
 * only records why. */
struct session *session_new(const struct ctop_opts *o, pid_t pid, pid_t child, struct loop *l,
                            char **cause);
void session_free(struct session *s);

/* What to call, from a signal handler, before ctop leaves at once because
 * a quit could not wait for the tick in progress (let go of the target,
 * give the terminal back). */
void session_set_emergency(void (*fn)(void));

/* A session that plays recording r (taken over, freed with the session)
 * at its recorded pace, from its first snapshot.  NULL with a cause. */
struct session *session_new_replay(const struct ctop_opts *o, struct replay *r, struct loop *l,
                                   char **cause);
/* Wall-clock stacks on (the off-CPU collector starts, snapshots carry
 * stacks.wall from the next tick) or off.  -1 with a cause when it cannot
 * start (the reason also goes into the snapshot). */
int session_set_wall(struct session *s, int on, char **cause);
/* Wall-clock mode shows idle threads one by one (on) or folded under one
 * "[idle threads: …]" leaf each (off, the default unless --wall-idle). */
void session_set_wall_idle(struct session *s, int on);

/*
 * Puts the timer and signals in the loop and sends what happens to sink
 * (copied).  The first tick comes after first_s (<= 0: one interval),
 * then one per interval.  -1 with a cause when the fds cannot be added.
 */
int session_start(struct session *s, const struct session_sink *sink, double first_s, char **cause);
/* Takes the fds out of the loop; the sink gets nothing more. */
void session_stop(struct session *s);

/* Ticks every seconds from now on (next tick one interval from now). */
void session_set_interval(struct session *s, double seconds);
/* Paused: no ticks, the latest snapshot stays; resuming ticks at once
 * one interval later. */
void session_pause(struct session *s, int paused);

/* Takes one snapshot into s->cur, without telling the sink.  Returns 0,
 * or -1 when the target has gone (s->gone set, s->gone_reason says how). */
int session_tick(struct session *s);

/* The newest profile of the sampled stacks: the final one once the
 * target has gone, else the latest snapshot's; NULL when sampling is off. */
const struct profile *session_last_profile(const struct session *s);

/*
 * Counts a new list of user events (libpfm4 syntax, comma separated; NULL
 * or "" for none) from the next tick on.  On a bad list the old counters
 * stay and -1 comes back with libpfm4's reason.
 */
int session_set_events(struct session *s, const char *events, char **cause);

/* Reads every pending signal and tells the sink; what only reports a
 * ptrace stop of a sampled thread is dropped without a word. */
void session_handle_signals(struct session *s);

#endif
