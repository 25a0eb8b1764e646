/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * session: wires the collectors for one target, takes snapshots at its
 * own pace and hands them to the sink.  It owns the signalfd, so a fatal
 * user signal (Ctrl-C, SIGTERM, SIGHUP from a dropped ssh) becomes an
 * ordinary event and every exit path releases the target.
 *
 * Job control too: Ctrl-Z (SIGTSTP) lets go of every thread the sampler
 * holds or traces, gives the terminal back through the sink, and only then
 * stops ctop (SIGSTOP to itself); on SIGCONT it samples again.  A stopped
 * ctop therefore never holds a thread of the target.  A plain SIGSTOP
 * cannot be caught: a thread ctop interrupted at that instant (at most
 * one, under ptrace) and any traced thread that receives a signal wait
 * until ctop is continued.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "history.h"
#include "locks.h"
#include "loop.h"
#include "offcpu.h"
#include "pmu.h"
#include "proc.h"
#include "profile.h"
#include "replay.h"
#include "sampler.h"
#include "schedinfo.h"
#include "session.h"
#include "snapshot.h"
#include "stacks.h"
#include "util.h"

/* Ten minutes of history at the default interval. */
#define SESSION_HISTORY 600

/* A quit asked for during a tick is honoured at the tick's next check
 * point; if none comes within this, ctop lets go of the target and
 * exits from the signal handler. */
#define SESSION_QUIT_DEADLINE_US 500000

static const int session_quit_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
static void (*session_emergency)(void);
static volatile pid_t session_emergency_child;

static void session_on_stack(void *arg, pid_t tid, const uint64_t *ips, int n, unsigned weight,
                             double mono)
{
	struct session *s = arg;

	stacks_add_weighted(s->stacks, tid, ips, n, weight, mono);
	locks_note_stack(s->locks, tid, ips, n);
	if (s->wall != NULL) {
		stacks_add_weighted(s->wall, tid, ips, n, weight, mono);
		offcpu_note_stack(s->offcpu, tid, ips, n);
	}
}

/* A stretch off the CPU, into the wall-clock store under its leaf. */
static void session_on_offcpu(void *arg, pid_t tid, const uint64_t *ips, int n, const char *leaf,
                              const char *cls, unsigned weight, double mono)
{
	struct session *s = arg;
	char module[32];

	snprintf(module, sizeof module, "[off-cpu %s]", cls);
	stacks_add_leaf(s->wall, tid, ips, n, leaf, module, weight, mono);
}

void session_set_wall_idle(struct session *s, int on)
{
	s->wall_idle = on;
	offcpu_set_flags(s->offcpu, on ? OFFCPU_SHOW_IDLE : 0);
}

int session_set_wall(struct session *s, int on, char **cause)
{
	char *why = NULL;

	if (!on) {
		offcpu_free(s->offcpu);
		s->offcpu = NULL;
		stacks_free(s->wall);
		s->wall = NULL;
		return 0;
	}
	if (s->offcpu != NULL)
		return 0;
	free(s->wall_reason);
	s->wall_reason = NULL;
	s->wall = stacks_new(s->pid, s->opts->window_s);
	s->offcpu =
	    offcpu_new(s->loop, s->pid, s->opts->wall_backend, s->opts->hz > 0 ? s->opts->hz : 99,
	               s->wall_idle ? OFFCPU_SHOW_IDLE : 0, s->sampler, session_on_offcpu, s, &why);
	if (s->offcpu == NULL) {
		stacks_free(s->wall);
		s->wall = NULL;
		s->wall_reason = why != NULL ? why : xstrdup("off-CPU collector failed");
		if (cause != NULL)
			*cause = xstrdup(s->wall_reason);
		return -1;
	}
	return 0;
}

static int session_open_signals(struct session *s, char **cause)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGQUIT);
	sigaddset(&set, SIGWINCH);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTSTP);
	sigaddset(&set, SIGCONT);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0) {
		set_cause(cause, "sigprocmask: %s", strerror(errno));
		return -1;
	}
	s->sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (s->sigfd < 0) {
		set_cause(cause, "signalfd: %s", strerror(errno));
		return -1;
	}
	return 0;
}

struct session *session_new(const struct ctop_opts *o, pid_t pid, pid_t child, struct loop *l,
                            char **cause)
{
	struct session *s = xcalloc(1, sizeof *s);
	char *why = NULL;

	s->opts = o;
	s->wall_idle = o->wall_idle;
	s->pid = pid;
	s->child = child;
	s->loop = l;
	s->sigfd = -1;
	s->timer = -1;
	s->interval_s = o->interval_s;
	if (session_open_signals(s, cause) < 0)
		goto fail;
	s->proc = proc_new(pid, cause);
	if (s->proc == NULL)
		goto fail;
	s->hist = history_new(SESSION_HISTORY);
	s->sched = sched_new(pid);
	s->cgroup = cgroup_new(pid);
	s->pmu = pmu_new(pid, o->events, cause);
	if (s->pmu == NULL)
		goto fail;
	s->events = o->events != NULL ? xstrdup(o->events) : NULL;
	s->stacks = stacks_new(pid, o->window_s);
	if (o->hz > 0) {
		s->sampler =
		    sampler_new(l, pid, o->sampler, o->hz, o->user_only ? SAMPLER_USER_ONLY : 0,
		                session_on_stack, s, &why);
		if (s->sampler == NULL) {
			/* Sampling is one panel of six: say why, keep going. */
			s->sampler_reason = why != NULL ? why : xstrdup("sampler failed");
			why = NULL;
		}
	} else
		s->sampler_reason = xstrdup("sampling off (-F 0)");
	/* After the sampler: the sample back end takes waiting threads'
	 * stacks from it. */
	if (o->wall && session_set_wall(s, 1, &why) < 0) {
		free(why);
		why = NULL;
	}
	s->locks =
	    locks_new(l, pid, o->locks, o->hz > 0 ? o->hz : 99, o->window_s, s->sampler, &why);
	if (s->locks == NULL) {
		s->locks_reason = why != NULL ? why : xstrdup("lock tracking failed");
		why = NULL;
	}
	/* A first sample so the first shown snapshot already has rates. */
	if (session_tick(s) < 0) {
		set_cause(cause, "process %d: %s", (int)pid, s->gone_reason);
		goto fail;
	}
	return s;
fail:
	free(why);
	session_free(s);
	return NULL;
}

struct session *session_new_replay(const struct ctop_opts *o, struct replay *r, struct loop *l,
                                   char **cause)
{
	struct session *s = xcalloc(1, sizeof *s);

	s->opts = o;
	s->replay = r;
	s->pid = replay_pid(r);
	s->loop = l;
	s->sigfd = -1;
	s->timer = -1;
	s->interval_s = replay_interval(r);
	if (session_open_signals(s, cause) < 0) {
		session_free(s);
		return NULL;
	}
	s->hist = history_new(SESSION_HISTORY);
	session_tick(s);
	/* Starts on the first snapshot, paused: space plays. */
	s->paused = 1;
	return s;
}

void session_free(struct session *s)
{
	if (s == NULL)
		return;
	session_stop(s);
	/* The lock collector first (it borrows the sampler), then the
	 * sampler: it is what could hold the target. */
	locks_free(s->locks);
	offcpu_free(s->offcpu);
	stacks_free(s->wall);
	free(s->wall_reason);
	sampler_free(s->sampler);
	pmu_free(s->pmu);
	stacks_free(s->stacks);
	proc_free(s->proc);
	sched_free(s->sched);
	cgroup_free(s->cgroup);
	history_free(s->hist);
	snapshot_free(s->cur);
	snapshot_free(s->prev);
	profile_unref(s->final_profile);
	replay_free(s->replay);
	if (s->sigfd >= 0)
		close(s->sigfd);
	if (s->timer >= 0)
		close(s->timer);
	free(s->gone_reason);
	free(s->sampler_reason);
	free(s->locks_reason);
	free(s->events);
	free(s);
}

const struct profile *session_last_profile(const struct session *s)
{
	/* --wall: the folded output is of wall-clock stacks. */
	if (s->opts->wall && s->cur != NULL && s->cur->stacks.wall != NULL)
		return s->cur->stacks.wall;
	if (s->final_profile != NULL)
		return s->final_profile;
	return s->cur != NULL ? s->cur->stacks.profile : NULL;
}

int session_set_events(struct session *s, const char *events, char **cause)
{
	struct pmu *p;

	if (events != NULL && events[0] == '\0')
		events = NULL;
	if (events != NULL && pmu_check_events(events, cause) < 0)
		return -1;
	p = pmu_new(s->pid, events, cause);
	if (p == NULL)
		return -1;
	/* Replaced whole: the new groups open on the next tick, as they do
	 * at attach, and the old ones close now. */
	pmu_free(s->pmu);
	s->pmu = p;
	free(s->events);
	s->events = events != NULL ? xstrdup(events) : NULL;
	return 0;
}

/*
 * Reaps our launched child once it has exited; records how it ended.  It
 * peeks first (WNOWAIT): when the ptrace sampler traces the child's main
 * thread, a plain waitpid here would take the sampler's ptrace stops.
 */
static void session_reap(struct session *s)
{
	siginfo_t si;
	int st;

	if (s->child <= 0)
		return;
	memset(&si, 0, sizeof si);
	if (waitid(P_PID, (id_t)s->child, &si, WEXITED | WNOHANG | WNOWAIT) < 0 ||
	    si.si_pid != s->child ||
	    (si.si_code != CLD_EXITED && si.si_code != CLD_KILLED && si.si_code != CLD_DUMPED))
		return;
	if (waitpid(s->child, &st, WNOHANG) == s->child) {
		s->child_status = st;
		s->child = 0;
		s->gone = 1;
		free(s->gone_reason);
		if (WIFEXITED(st))
			s->gone_reason = xasprintf("exited with status %d", WEXITSTATUS(st));
		else if (WIFSIGNALED(st))
			s->gone_reason = xasprintf("killed by signal %d (%s)", WTERMSIG(st),
			                           strsignal(WTERMSIG(st)));
		else
			s->gone_reason = xstrdup("ended");
	}
}

/* The target is gone: no more ticks; the sink hears it once. */
static void session_note_gone(struct session *s)
{
	if (s->timer >= 0)
		loop_timer_set(s->timer, 0);
	if (s->started && s->sink.on_gone != NULL)
		s->sink.on_gone(s->sink.arg, s->gone_reason);
}

/* Ctrl-Z: nothing held while stopped (see the note at the top). */
static void session_suspend(struct session *s)
{
	sampler_suspend(s->sampler, 1);
	if (s->sink.on_suspend != NULL)
		s->sink.on_suspend(s->sink.arg, 1);
	kill(getpid(), SIGSTOP);
	/* Continued. */
	sampler_suspend(s->sampler, 0);
	if (s->sink.on_suspend != NULL)
		s->sink.on_suspend(s->sink.arg, 0);
}

void session_handle_signals(struct session *s)
{
	struct signalfd_siginfo si;

	while (read(s->sigfd, &si, sizeof si) == (ssize_t)sizeof si) {
		switch (si.ssi_signo) {
		case SIGWINCH:
			if (s->sink.on_resize != NULL)
				s->sink.on_resize(s->sink.arg);
			break;
		case SIGTSTP:
			session_suspend(s);
			break;
		case SIGCONT:
			/* After a stop ctop did not choose (SIGSTOP): the
			 * terminal may have been used meanwhile. */
			if (s->sink.on_resize != NULL)
				s->sink.on_resize(s->sink.arg);
			break;
		case SIGCHLD:
			/* Most SIGCHLDs report a ptrace stop of a sampled
			 * thread: the sampler has taken it already, and
			 * nothing the sink shows has changed.  Only our
			 * launched child's exit is news. */
			if (!s->gone) {
				session_reap(s);
				if (s->gone)
					session_note_gone(s);
			}
			break;
		default:
			if (s->sink.on_quit != NULL)
				s->sink.on_quit(s->sink.arg, (int)si.ssi_signo);
			break;
		}
	}
}

static void session_on_signal(int fd, uint32_t events, void *arg)
{
	(void)fd;
	(void)events;
	session_handle_signals(arg);
}

static int session_tick_guarded(struct session *s);

static void session_on_timer(int fd, uint32_t events, void *arg)
{
	struct session *s = arg;
	int rc;

	(void)events;
	loop_timer_drain(fd);
	if (s->paused || s->gone)
		return;
	rc = session_tick_guarded(s);
	if (rc < 0) {
		session_note_gone(s);
		return;
	}
	if (rc > 0)
		return; /* the quit signal is pending again */
	if (s->sink.on_snapshot != NULL)
		s->sink.on_snapshot(s->sink.arg, s->cur);
}

int session_start(struct session *s, const struct session_sink *sink, double first_s, char **cause)
{
	if (s->started)
		session_stop(s);
	s->sink = *sink;
	if (s->timer < 0) {
		s->timer = loop_timer_new(0, cause);
		if (s->timer < 0)
			return -1;
	}
	if (loop_add_fd(s->loop, s->timer, session_on_timer, s, cause) < 0)
		return -1;
	if (loop_add_fd(s->loop, s->sigfd, session_on_signal, s, cause) < 0) {
		loop_del_fd(s->loop, s->timer);
		return -1;
	}
	s->started = 1;
	if (s->gone) {
		session_note_gone(s);
		return 0;
	}
	if (!s->paused)
		loop_timer_start(s->timer, first_s > 0 ? first_s : s->interval_s, s->interval_s);
	return 0;
}

void session_stop(struct session *s)
{
	if (!s->started)
		return;
	s->started = 0;
	loop_timer_set(s->timer, 0);
	loop_del_fd(s->loop, s->timer);
	loop_del_fd(s->loop, s->sigfd);
	memset(&s->sink, 0, sizeof s->sink);
}

void session_set_interval(struct session *s, double seconds)
{
	if (seconds <= 0)
		return;
	s->interval_s = seconds;
	if (s->started && !s->paused && !s->gone)
		loop_timer_set(s->timer, seconds);
}

void session_pause(struct session *s, int paused)
{
	s->paused = paused != 0;
	if (s->started && !s->gone)
		loop_timer_set(s->timer, s->paused ? 0 : s->interval_s);
}

void session_set_emergency(void (*fn)(void))
{
	session_emergency = fn;
}

/* The deadline passed with the tick still busy (a slow /proc read of
 * thousands of threads): let go of the target, end a launched child,
 * and leave.  Records are written whole between ticks, so none is cut. */
static void session_on_quit_deadline(int sig)
{
	(void)sig;
	if (session_emergency != NULL)
		session_emergency();
	if (session_emergency_child > 0)
		kill(session_emergency_child, SIGTERM);
	_exit(0);
}

static void session_on_quit_async(int sig)
{
	struct itimerval it = {{0, 0}, {0, SESSION_QUIT_DEADLINE_US}};

	if (util_quit_signal)
		return;
	util_quit_signal = sig;
	setitimer(ITIMER_REAL, &it, NULL);
}

/* While a tick runs, quit signals are taken by a handler (the loop is not
 * reading the signalfd): they stop the tick early.  Afterwards they are
 * blocked again and the signal is raised once more, pending, for the
 * signalfd to deliver as usual. */
static void session_guard(int on)
{
	static const struct itimerval off;
	struct sigaction sa;
	sigset_t set;

	sigemptyset(&set);
	for (size_t i = 0; i < CTOP_ARRAY_LEN(session_quit_signals); i++)
		sigaddset(&set, session_quit_signals[i]);
	if (on) {
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = session_on_quit_deadline;
		sigaction(SIGALRM, &sa, NULL);
		sa.sa_handler = session_on_quit_async;
		sigfillset(&sa.sa_mask);
		for (size_t i = 0; i < CTOP_ARRAY_LEN(session_quit_signals); i++)
			sigaction(session_quit_signals[i], &sa, NULL);
		util_quit_signal = 0;
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		return;
	}
	sigprocmask(SIG_BLOCK, &set, NULL);
	setitimer(ITIMER_REAL, &off, NULL);
	if (util_quit_signal)
		raise(util_quit_signal);
}

/* A tick of the live session with quit signals honoured inside it.
 * Returns 1 when a quit cut it short (no new snapshot), else as
 * session_tick. */
static int session_tick_guarded(struct session *s)
{
	sigset_t pending;
	int rc;

	/* A quit already waiting in the signalfd comes first. */
	if (sigpending(&pending) == 0)
		for (size_t i = 0; i < CTOP_ARRAY_LEN(session_quit_signals); i++)
			if (sigismember(&pending, session_quit_signals[i]))
				return 1;
	session_emergency_child = s->child;
	session_guard(1);
	rc = session_tick(s);
	session_guard(0);
	return rc;
}

/* The target is gone (cause, or "exited"): no snapshot from now on. */
static int session_gone(struct session *s, char *cause)
{
	session_reap(s);
	if (!s->gone) {
		s->gone = 1;
		s->gone_reason = cause != NULL ? cause : xstrdup("exited");
		cause = NULL;
	}
	free(cause);
	if (s->sampler != NULL && s->final_profile == NULL)
		s->final_profile = stacks_profile(s->stacks, now_mono());
	return -1;
}

int session_tick(struct session *s)
{
	struct snapshot *snap;
	char *cause = NULL;
	pid_t *tids;
	int maps_changed;

	if (s->gone)
		return -1;
	if (s->replay != NULL) {
		if (replay_tick(s) == 1)
			session_pause(s, 1);
		return 0;
	}
	snap = snapshot_new();
	snap->seq = s->cur != NULL ? s->cur->seq + 1 : 0;
	snap->ts = now_wall();
	snap->mono = now_mono();
	if (proc_collect(s->proc, snap, s->hist, &cause) < 0) {
		snapshot_free(snap);
		return session_gone(s, cause);
	}
	if (util_quit_signal) {
		snapshot_free(snap);
		return 1;
	}
	/* The cgroup first: the scheduling hints weigh its throttling. */
	cgroup_collect(s->cgroup, snap);
	sched_collect(s->sched, snap);
	pmu_collect(s->pmu, snap);
	/* The threads of this tick, for every collector that follows them. */
	tids = xcalloc((size_t)snap->nthreads + 1, sizeof *tids);
	for (int i = 0; i < snap->nthreads; i++)
		tids[i] = snap->threads[i].tid;
	if (s->sampler != NULL)
		sampler_update_threads(s->sampler, tids, snap->nthreads);
	if (s->locks != NULL) {
		locks_update_threads(s->locks, tids, snap->nthreads);
		locks_collect(s->locks, snap);
	} else {
		snap->locks.backend = "off";
		snap->locks.reason = xstrdup(s->locks_reason);
		snap->locks.rate_hz = NAN;
	}
	if (util_quit_signal) {
		free(tids);
		snapshot_free(snap);
		return 1;
	}
	maps_changed = stacks_collect(s->stacks, snap);
	if (s->offcpu != NULL) {
		offcpu_update_threads(s->offcpu, tids, snap->nthreads);
		offcpu_collect(s->offcpu, &snap->stacks);
		stacks_fold_ended(s->wall, snap);
		snap->stacks.wall = stacks_next_profile(s->wall, snap->mono);
	} else {
		snap->stacks.wall_backend = "off";
		snap->stacks.wall_reason = s->wall_reason;
	}
	free(tids);
	if (s->sampler != NULL) {
		if (maps_changed)
			sampler_maps_changed(s->sampler);
		sampler_stats(s->sampler, &snap->stacks.sampler);
		sampler_coverage(snap, sampler_weight_hz(s->sampler),
		                 !snap->stacks.sampler.kernel &&
		                     strcmp(snap->stacks.sampler.backend, "perf") == 0);
	} else {
		snap->stacks.sampler.backend = "off";
		snap->stacks.sampler.reason = s->sampler_reason;
		snap->stacks.sampler.requested_hz = s->opts->hz;
		/* Nothing was held because nothing was sampled: unknown, not 0. */
		snap->stacks.sampler.held_us_avg = NAN;
		snap->stacks.sampler.held_pct = NAN;
		snap->stacks.sampler.held_us_max = NAN;
		snap->stacks.sampler.coverage_pct = NAN;
	}
	/* The pid reused while the collectors read /proc: what they read
	 * after proc_collect may be another process's. */
	if (!proc_still_ours(s->proc)) {
		snapshot_free(snap);
		return session_gone(s, NULL);
	}
	snap->collect_s = now_mono() - snap->mono;
	snap->behind = snap->collect_s > s->interval_s ||
	               (!snap->first && snap->interval_s > 1.5 * s->interval_s);
	history_push(s->hist, snap);
	snapshot_free(s->prev);
	s->prev = s->cur;
	s->cur = snap;
	return 0;
}
