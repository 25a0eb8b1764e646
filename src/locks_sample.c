/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * locks_sample: the lock back end that needs no privilege beyond ptrace
 * rights over the target (same user; with Yama ptrace_scope 1, only
 * ctop's own children).  At the sampling rate it reads each thread's
 * /proc/PID/task/TID/syscall: a thread blocked in futex (nr 202) with a
 * wait op waits on the word in its first argument.  A thread seen waiting
 * on the same word again without having run (schedstat's run time
 * unchanged) is still in the same wait; otherwise a new wait began.  So
 * wait time is samples x period, an estimate, and waits shorter than a
 * period are mostly missed.
 *
 * Call sites: once per new wait (at most LS_GRABS_PER_S a second) the
 * ptrace sampler copies the waiting thread's stack (sampler_grab); the
 * copy is re-used for every later sample of the same wait, so a parked
 * thread is stopped once, not at every sample.  With the perf sampler,
 * or none, there are no call sites and the note says so.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "locks_int.h"
#include "loop.h"
#include "sampler.h"
#include "tasks.h"
#include "util.h"

#define LS_GRABS_PER_S 50

struct ls_thread {
	pid_t tid;
	int sysfd;   /* /proc/PID/task/TID/syscall */
	int schedfd; /* /proc/PID/task/TID/schedstat */
	uint64_t run_ns;
	int nips; /* the copy of the current wait's stack, 0: none */
	uint64_t ips[LOCKS_MAX_FRAMES];
};

struct ls_state {
	struct ls_thread *th;
	int n, cap;
	int timer;
	int first; /* the first round seeds: those waits began before us */
	uint64_t grab_window;
	int grabs;
};

static ssize_t ls_pread(int fd, char *buf, size_t size)
{
	ssize_t r = pread(fd, buf, size - 1, 0);

	buf[r > 0 ? r : 0] = '\0';
	return r;
}

static int ls_open(struct locks *lk, pid_t tid, char **cause)
{
	struct ls_state *ps = lk->priv;
	struct ls_thread t = {.tid = tid, .sysfd = -1, .schedfd = -1};
	char path[96], buf[256];

	snprintf(path, sizeof path, "/proc/%d/task/%d/syscall", (int)lk->pid, (int)tid);
	t.sysfd = open(path, O_RDONLY | O_CLOEXEC);
	/* Opening works for anyone; reading needs ptrace rights. */
	if (t.sysfd < 0 || ls_pread(t.sysfd, buf, sizeof buf) < 0) {
		set_cause(cause, "%s: %s (needs ptrace rights: same user%s)", path, strerror(errno),
		          access("/proc/sys/kernel/yama/ptrace_scope", F_OK) == 0
		              ? "; with Yama ptrace_scope 1 only ctop's own children"
		              : "");
		if (t.sysfd >= 0)
			close(t.sysfd);
		return -1;
	}
	snprintf(path, sizeof path, "/proc/%d/task/%d/schedstat", (int)lk->pid, (int)tid);
	t.schedfd = open(path, O_RDONLY | O_CLOEXEC);
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 16;
		ps->th = xrealloc(ps->th, (size_t)ps->cap * sizeof *ps->th);
	}
	ps->th[ps->n++] = t;
	return 0;
}

static void ls_close(struct ls_thread *t)
{
	if (t->sysfd >= 0)
		close(t->sysfd);
	if (t->schedfd >= 0)
		close(t->schedfd);
}

/* One look at one thread.  Returns -1 when it is gone. */
static int ls_look(struct locks *lk, struct ls_thread *t, uint64_t now, double period_ns)
{
	struct ls_state *ps = lk->priv;
	char buf[256];
	long nr = -1;
	uint64_t uaddr = 0, op = 0, run = t->run_ns;
	uint64_t pending = lk_pending(lk->eng, t->tid);
	int ran;

	if (ls_pread(t->sysfd, buf, sizeof buf) <= 0)
		return -1;
	if (strncmp(buf, "running", 7) != 0)
		sscanf(buf, "%ld 0x%" SCNx64 " 0x%" SCNx64, &nr, &uaddr, &op);
	if (t->schedfd >= 0 && ls_pread(t->schedfd, buf, sizeof buf) > 0)
		sscanf(buf, "%" SCNu64, &run);
	ran = run != t->run_ns;
	t->run_ns = run;
	(void)period_ns;
	if (nr != LK_FUTEX_NR || !lk_futex_is_wait((long)op) || uaddr == 0) {
		if (pending != 0)
			lk_exit(lk->eng, t->tid, now);
		t->nips = 0;
		return 0;
	}
	if (pending == uaddr && !ran) {
		/* The same wait: its stack is the one we copied. */
		if (t->nips > 0)
			locks_add_site(lk, uaddr, t->ips, t->nips, 1);
		return 0;
	}
	if (pending != 0)
		lk_exit(lk->eng, t->tid, now);
	if (ps->first)
		lk_seed(lk->eng, t->tid, now, uaddr, (long)op);
	else
		lk_enter(lk->eng, t->tid, now, uaddr, (long)op);
	t->nips = 0;
	if (now - ps->grab_window > 1000000000ull) {
		ps->grab_window = now;
		ps->grabs = 0;
	}
	if (lk->sampler != NULL && ps->grabs < LS_GRABS_PER_S) {
		int n = sampler_grab(lk->sampler, t->tid, t->ips, LOCKS_MAX_FRAMES);

		ps->grabs++;
		if (n > 0) {
			t->nips = n;
			locks_add_site(lk, uaddr, t->ips, n, 1);
		}
		/* The interrupt made the thread run a little: take its run
		 * time after, or the next look sees a new wait. */
		if (t->schedfd >= 0 && ls_pread(t->schedfd, buf, sizeof buf) > 0)
			sscanf(buf, "%" SCNu64, &t->run_ns);
	}
	return 0;
}

static void ls_round(struct locks *lk)
{
	struct ls_state *ps = lk->priv;
	uint64_t now = now_mono_ns();

	for (int i = 0; i < ps->n;) {
		if (ls_look(lk, &ps->th[i], now, 1e9 / lk->hz) < 0) {
			lk_gone(lk->eng, ps->th[i].tid, now);
			ls_close(&ps->th[i]);
			ps->th[i] = ps->th[--ps->n];
			continue;
		}
		i++;
	}
	ps->first = 0;
}

static void ls_on_timer(int fd, uint32_t events, void *arg)
{
	(void)events;
	loop_timer_drain(fd);
	ls_round(arg);
}

static void ls_stop(struct locks *lk)
{
	struct ls_state *ps = lk->priv;

	if (ps == NULL)
		return;
	if (ps->timer >= 0) {
		loop_del_fd(lk->loop, ps->timer);
		close(ps->timer);
	}
	for (int i = 0; i < ps->n; i++)
		ls_close(&ps->th[i]);
	free(ps->th);
	free(ps);
	lk->priv = NULL;
}

static int ls_start(struct locks *lk, char **cause)
{
	struct ls_state *ps = xcalloc(1, sizeof *ps);
	int n = 0;
	pid_t *tids = tasks_list(lk->pid, &n);
	const char *sb = lk->sampler != NULL ? sampler_backend_name(lk->sampler) : "off";

	ps->timer = -1;
	ps->first = 1;
	lk->priv = ps;
	lk->estimated = 1;
	if (tids == NULL) {
		set_cause(cause, "process %d: no threads readable", (int)lk->pid);
		goto fail;
	}
	for (int i = 0; i < n; i++) {
		char *why = NULL;

		/* One unreadable thread (just exited) is no failure. */
		if (ls_open(lk, tids[i], &why) < 0 && ps->n == 0 && i == n - 1) {
			if (cause != NULL)
				*cause = why;
			else
				free(why);
			goto fail;
		}
		free(why);
	}
	if (ps->n == 0) {
		set_cause(cause, "process %d: no thread's syscall readable", (int)lk->pid);
		goto fail;
	}
	free(tids);
	tids = NULL;
	ps->timer = loop_timer_new(0, cause);
	if (ps->timer < 0 || loop_add_fd(lk->loop, ps->timer, ls_on_timer, lk, cause) < 0)
		goto fail;
	loop_timer_start(ps->timer, 1.0 / lk->hz, 1.0 / lk->hz);
	ls_round(lk);
	if (strcmp(sb, "ptrace") == 0)
		lk->note = xasprintf("wait time from /proc syscall samples at %.0f Hz (estimated); "
		                     "call sites from the ptrace sampler's copy of each new wait "
		                     "(at most %d a second), re-used while the thread has not run",
		                     lk->hz, LS_GRABS_PER_S);
	else
		lk->note = xasprintf("wait time from /proc syscall samples at %.0f Hz (estimated); "
		                     "no call sites: they need the ptrace sampler (sampler is %s)",
		                     lk->hz, sb);
	return 0;
fail:
	free(tids);
	ls_stop(lk);
	return -1;
}

static void ls_update_threads(struct locks *lk, const pid_t *tids, int n)
{
	struct ls_state *ps = lk->priv;
	uint64_t now = now_mono_ns();
	struct tidset want, have;

	tidset_init(&want, tids, n);
	for (int i = 0; i < ps->n;) {
		if (tidset_has(&want, ps->th[i].tid)) {
			i++;
			continue;
		}
		lk_gone(lk->eng, ps->th[i].tid, now);
		ls_close(&ps->th[i]);
		ps->th[i] = ps->th[--ps->n];
	}
	tidset_init_from(&have, ps->n > 0 ? &ps->th[0].tid : NULL, ps->n, sizeof ps->th[0]);
	for (int j = 0; j < n; j++)
		if (!tidset_has(&have, tids[j]))
			ls_open(lk, tids[j], NULL);
	tidset_free(&have);
	tidset_free(&want);
}

static void ls_drain(struct locks *lk)
{
	(void)lk;
}

const struct locks_ops locks_sample_ops = {
    .name = "sample",
    .start = ls_start,
    .stop = ls_stop,
    .update_threads = ls_update_threads,
    .drain = ls_drain,
};
