/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sampler_ptrace: the back end for when perf_event_open is not allowed.
 * Every thread is PTRACE_SEIZEd (never PTRACE_ATTACH, which would send
 * SIGSTOP); at each tick of a timerfd, each thread that is running is
 * interrupted on its own, held only while its registers and the top of
 * its stack are copied, and let go; the copy is unwound afterwards by the
 * offline unwinder.  So the process is never stopped as a whole and a
 * thread is held for tens of microseconds, not for the unwinding.
 *
 * Waiting for an interrupt stop is bounded: a thread that is not on a CPU
 * (or is in an uninterruptible syscall) stops later, when it gets one; the
 * SIGCHLD of that stop wakes us (or, failing that, a short one-shot poll
 * timer).  The time a thread is held runs from the interrupt, or for such
 * a late stop from its SIGCHLD or the last look that found it running,
 * to its release: the wait for a CPU before the stop is not ours.  Stops
 * that are not ours are passed on: signals are re-injected with
 * PTRACE_CONT, group-stops are left to stand with PTRACE_LISTEN.
 *
 * When the target is our own child (launched with --), its main thread is
 * traced like any other: the session only peeks (WNOWAIT) at that pid
 * until it has exited, so our ptrace stops stay ours.
 *
 * At most one thread is interrupted at a time: the next is interrupted
 * only once the last one's stop was taken and let go, so however many
 * threads the target has and however busy the machine is, at most one is
 * held by us at any moment, and the round resumes at the next thread on
 * the next tick (holding threads in parallel made holds of tens of
 * milliseconds with thousands of threads).  Letting go of all threads
 * (the end, or Ctrl-Z of ctop) interrupts them all at once and detaches
 * each as its stop comes, under one deadline, so it takes milliseconds
 * whatever their number, not one wait per thread.
 *
 * Only threads that ran are sampled, and each sample is weighted by the
 * CPU time the thread used since its previous one:
 * /proc/PID/task/TID/schedstat gives on-CPU nanoseconds exactly (its
 * second field, the run-queue wait, is not work).  A thread that was
 * asleep or waiting for a CPU costs no interrupt and adds no weight.
 * Without schedstat a thread is sampled while in state R, weight 1.
 *
 * It is not a debugger: no breakpoints, no syscall tracing, no options.
 */
#include "config.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "loop.h"
#include "perm.h"
#include "sampler_due.h"
#include "sampler_int.h"
#include "tasks.h"
#include "util.h"

/* How long a sample waits for its stop before leaving it pending. */
#define PT_SPIN_NS 30000ull
/* How soon a pending stop is looked for again. */
#define PT_POLL_NS 500000ull
/* How long letting go waits for the stops (of one thread, or of all at
 * once) before leaving the rest to the kernel, which detaches every tracee
 * when ctop exits: long enough for a thread waiting for a CPU on a loaded
 * machine, short enough for a prompt quit. */
#define PT_RELEASE_NS 500000000ull
#define PT_MAX_SEIZED 4096
/*
 * The rescue: while ctop's main thread is busy (out of the loop's wait:
 * a tick reading 2,000 threads from /proc on a loaded machine, a large
 * binary's symbols, a frame), a timer sends it PT_RESCUE_SIG every
 * PT_RESCUE_NS.  The handler does what the loop would do at once if it
 * were waiting, with system calls only: it takes the stop of the thread
 * we interrupted (registers, stack, PTRACE_CONT), and lets go of any other
 * stop of a traced thread (a signal on its way to the target, a
 * group-stop), so no thread waits for the end of a long tick, stopped by
 * us, with its signal undelivered.  The main code blocks the signal while
 * it works on the tracees itself and unwinds a rescued copy at its next
 * entry.  Ptrace calls must come from the tracing thread: that is why
 * this is a signal to ctop's only thread and not a second thread.
 */
#define PT_RESCUE_NS 1000000ull
/* How often the handler looks for other stops (waitid over every tracee
 * costs the kernel a walk of them all: 30-130 us with 2,000 threads), and
 * only while a SIGCHLD says some child or tracee changed state. */
#define PT_PEEK_NS 10000000ull
#define PT_RESCUE_SIG (SIGRTMIN + 3)

struct pt_thread {
	pid_t tid;
	int statfd;             /* /proc/PID/task/TID/stat */
	int schedfd;            /* /proc/PID/task/TID/schedstat, or -1 */
	struct sampler_due due; /* on-CPU time seen and owed to samples */
	unsigned weight;        /* of the sample being taken */
	int pending;            /* interrupted, stop not seen yet */
	int grab;               /* the interrupt was for sampler_grab */
	int gone;               /* exited: forgotten at the end of the round */
	uint64_t t_int;         /* when interrupted */
	uint64_t t_seen;        /* last look that found no stop */
};

/* What one interrupt stop yielded: registers and the top of the stack. */
struct pt_copy {
	int have_regs;
	struct user_regs_struct regs;
	ssize_t got; /* stack bytes copied, or -1 */
};

/* A stop taken by the rescue signal's handler, for the main code to
 * unwind and count at its next entry. */
struct pt_rescued {
	volatile sig_atomic_t full;
	pid_t tid;
	uint64_t held_ns;
	struct pt_copy copy;
	uint8_t stack[SAMPLER_STACK_BYTES];
};

struct pt_state {
	struct pt_thread *th;
	int n, cap;
	int depth;       /* nesting of pt_enter: the rescue signal is blocked */
	int any_pending; /* a thread was left pending at the last pt_leave */
	uint64_t peeked; /* when the rescue last looked for other stops */
	int rescue_ok;   /* the rescue timer exists */
	timer_t rescue;  /* fires PT_RESCUE_SIG while a stop is pending */
	struct pt_rescued rs;
	int timer; /* the sampling tick */
	int poll;  /* one-shot: pending stops */
	int chld;  /* signalfd for SIGCHLD, never read */
	int next;  /* where the next round starts sampling */
};

/* Seized tids for sampler_emergency_release: plain stores only. */
static volatile pid_t pt_seized[PT_MAX_SEIZED];

static int pt_find(const struct pt_state *ps, pid_t tid);
static void pt_release(struct pt_thread *t);

static void pt_seized_set(pid_t old, pid_t tid)
{
	for (int i = 0; i < PT_MAX_SEIZED; i++)
		if (pt_seized[i] == old) {
			pt_seized[i] = tid;
			return;
		}
}

static void pt_emergency(void)
{
	/* A thread in a stop is let go now; a running one is only traced,
	 * and the kernel detaches it when we die a moment later. */
	for (int i = 0; i < PT_MAX_SEIZED; i++)
		if (pt_seized[i] > 0)
			syscall(SYS_ptrace, PTRACE_DETACH, pt_seized[i], 0, 0);
}

static int pt_is_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

/* Is the thread on a CPU or runnable?  Only those are sampled, as perf
 * samples on-CPU time only. */
static int pt_running(const struct pt_thread *t)
{
	char buf[512];
	ssize_t r = pread(t->statfd, buf, sizeof buf - 1, 0);
	char *p;

	if (r <= 0)
		return 0;
	buf[r] = '\0';
	p = strrchr(buf, ')');
	return p != NULL && p[1] == ' ' && p[2] == 'R';
}

/* The thread's on-CPU nanoseconds (schedstat's first field); -1 when
 * unreadable. */
static int pt_oncpu(const struct pt_thread *t, uint64_t *ns)
{
	char buf[96];
	ssize_t r;

	if (t->schedfd < 0)
		return -1;
	r = pread(t->schedfd, buf, sizeof buf - 1, 0);
	if (r <= 0)
		return -1;
	buf[r] = '\0';
	*ns = strtoull(buf, NULL, 10);
	return 0;
}

/*
 * Whether to sample the thread now, and with what weight.  With schedstat:
 * only when it ran at least half a period of the requested rate since its
 * last sample (the time is owed to the next sample, the rounding carried),
 * whatever its state now: a thread that ran and went to sleep is
 * interrupted in its syscall, where the wrapper is the honest leaf.
 */
static int pt_due(const struct sampler *s, struct pt_thread *t)
{
	uint64_t ns;

	if (pt_oncpu(t, &ns) < 0) {
		t->weight = 1;
		return pt_running(t);
	}
	return sampler_due(&t->due, ns, s->requested_hz, &t->weight);
}

static void pt_forget(struct pt_state *ps, int i)
{
	struct pt_thread *t = &ps->th[i];

	pt_seized_set(t->tid, 0);
	if (t->statfd >= 0)
		close(t->statfd);
	if (t->schedfd >= 0)
		close(t->schedfd);
	ps->th[i] = ps->th[--ps->n];
}

/*
 * Copies up to len bytes of stack from sp.  One remote piece per page: a
 * read stops at the first piece it cannot read, so the copy ends at the
 * stack mapping's end without parsing maps.
 */
static ssize_t pt_read_stack(pid_t tid, uint64_t sp, uint8_t *buf, size_t len)
{
	struct iovec local = {.iov_base = buf, .iov_len = len};
	struct iovec remote[SAMPLER_STACK_BYTES / 4096 + 1];
	uint64_t at = sp, end = sp + len;
	int n = 0;

	while (at < end && n < (int)CTOP_ARRAY_LEN(remote)) {
		uint64_t next = (at | 4095) + 1;
		if (next > end || n == (int)CTOP_ARRAY_LEN(remote) - 1)
			next = end;
		remote[n].iov_base = (void *)(uintptr_t)at;
		remote[n].iov_len = (size_t)(next - at);
		n++;
		at = next;
	}
	return process_vm_readv(tid, &local, 1, remote, (unsigned long)n, 0);
}

/* Copies registers and stack of a thread in our interrupt stop into c
 * and stack, and lets it go.  Only system calls: the rescue signal's
 * handler uses it too. */
static void pt_copy_stop(pid_t tid, struct pt_copy *c, uint8_t *stack, size_t size)
{
	struct iovec io = {.iov_base = &c->regs, .iov_len = sizeof c->regs};

	c->got = -1;
	c->have_regs = ptrace(PTRACE_GETREGSET, tid, (void *)NT_PRSTATUS, &io) == 0;
	if (c->have_regs)
		c->got = pt_read_stack(tid, c->regs.rsp, stack, size);
	ptrace(PTRACE_CONT, tid, 0, 0);
}

/* Unwinds a copy: the frames go to out (their number is returned) when
 * given, else to the sampler's callback as a sample of weight. */
static int pt_unwind_copy(struct sampler *s, pid_t tid, const struct pt_copy *pc, uint8_t *stack,
                          unsigned weight, uint64_t *out, int max)
{
	const struct user_regs_struct *r = &pc->regs;
	struct stack_copy c;

	if (!pc->have_regs)
		return 0;
	memset(&c, 0, sizeof c);
	c.tid = tid;
	c.regs[PERF_REG_X86_AX] = r->rax;
	c.regs[PERF_REG_X86_BX] = r->rbx;
	c.regs[PERF_REG_X86_CX] = r->rcx;
	c.regs[PERF_REG_X86_DX] = r->rdx;
	c.regs[PERF_REG_X86_SI] = r->rsi;
	c.regs[PERF_REG_X86_DI] = r->rdi;
	c.regs[PERF_REG_X86_BP] = r->rbp;
	c.regs[PERF_REG_X86_SP] = r->rsp;
	c.regs[PERF_REG_X86_IP] = r->rip;
	c.regs[PERF_REG_X86_R8] = r->r8;
	c.regs[PERF_REG_X86_R9] = r->r9;
	c.regs[PERF_REG_X86_R10] = r->r10;
	c.regs[PERF_REG_X86_R11] = r->r11;
	c.regs[PERF_REG_X86_R12] = r->r12;
	c.regs[PERF_REG_X86_R13] = r->r13;
	c.regs[PERF_REG_X86_R14] = r->r14;
	c.regs[PERF_REG_X86_R15] = r->r15;
	c.sp = r->rsp;
	c.stack = stack;
	c.len = pc->got > 0 ? (size_t)pc->got : 0;
	if (out != NULL)
		return unwinder_unwind(s->unw, &c, out, max);
	sampler_deliver(s, &c, NULL, 0, weight, now_mono());
	return 0;
}

/* Copies registers and stack of a thread in our interrupt stop, lets it
 * go, then unwinds.  held_from is the earliest the stop could have begun.
 * With out, the frames go there (their number is returned) instead of to
 * the sampler's callback. */
static int pt_take(struct sampler *s, struct pt_thread *t, uint64_t held_from, uint64_t *out,
                   int max)
{
	struct pt_copy pc;

	pt_copy_stop(t->tid, &pc, s->stack, sizeof s->stack);
	if (pc.have_regs)
		s->vm_reads++;
	sampler_account_held(s, now_mono_ns() - held_from);
	t->pending = 0;
	return pt_unwind_copy(s, t->tid, &pc, s->stack, t->weight, out, max);
}

enum pt_event { PT_NONE, PT_GONE, PT_OURS };

/*
 * Collects whatever stops the thread has reported, passing on those that
 * are not ours.  Returns PT_OURS when it sits in our interrupt stop (the
 * caller copies and continues it), PT_GONE when it exited, else PT_NONE.
 */
static enum pt_event pt_collect(struct pt_thread *t)
{
	int st, sig;

	for (;;) {
		pid_t r = waitpid(t->tid, &st, __WALL | WNOHANG);
		if (r < 0)
			return errno == EINTR ? PT_NONE : PT_GONE;
		if (r == 0)
			return PT_NONE;
		if (WIFEXITED(st) || WIFSIGNALED(st))
			return PT_GONE;
		if (!WIFSTOPPED(st))
			continue;
		sig = WSTOPSIG(st);
		if ((st >> 16) == PTRACE_EVENT_STOP) {
			if (pt_is_stop_signal(sig)) {
				/* A group-stop: someone stopped the process;
				 * it stays stopped, and we no longer wait. */
				t->pending = 0;
				ptrace(PTRACE_LISTEN, t->tid, 0, 0);
				continue;
			}
			if (t->pending)
				return PT_OURS;
			/* A re-trap after SIGCONT from PTRACE_LISTEN. */
			ptrace(PTRACE_CONT, t->tid, 0, 0);
			continue;
		}
		/* A signal-delivery stop: the signal is not ours to keep. */
		ptrace(PTRACE_CONT, t->tid, 0, (void *)(long)sig);
	}
}

/* The state the rescue handler works on; set while the back end runs. */
static struct pt_state *volatile pt_rescue_ps;

static void pt_rescue_arm(struct pt_state *ps, int on)
{
	struct itimerspec its;

	if (!ps->rescue_ok)
		return;
	memset(&its, 0, sizeof its);
	if (on) {
		its.it_value.tv_nsec = (long)PT_RESCUE_NS;
		its.it_interval.tv_nsec = (long)PT_RESCUE_NS;
	}
	timer_settime(ps->rescue, 0, &its, NULL);
}

/* PT_RESCUE_SIG while the main thread is busy (see PT_RESCUE_NS).  Runs
 * only outside the back end (the signal is blocked inside), so the thread
 * table is stable. */
static void pt_on_rescue(int sig)
{
	struct pt_state *ps = pt_rescue_ps;
	int saved = errno;
	sigset_t chld;
	uint64_t now;

	(void)sig;
	if (ps == NULL || ps->depth > 0)
		return;
	/* The thread we interrupted, when its stop has come. */
	for (int i = 0; ps->any_pending && i < ps->n && !ps->rs.full; i++) {
		struct pt_thread *t = &ps->th[i];
		uint64_t from;

		if (!t->pending || t->gone)
			continue;
		switch (pt_collect(t)) {
		case PT_OURS:
			from = t->t_seen > t->t_int ? t->t_seen : t->t_int;
			pt_copy_stop(t->tid, &ps->rs.copy, ps->rs.stack, sizeof ps->rs.stack);
			ps->rs.held_ns = now_mono_ns() - from;
			ps->rs.tid = t->tid;
			ps->rs.full = 1;
			t->pending = 0;
			break;
		case PT_GONE:
			t->gone = 1;
			break;
		case PT_NONE:
			t->t_seen = now_mono_ns();
			break;
		}
	}
	/* Any other traced thread in a stop (peeked, then collected by
	 * tid): its signal is passed on.  Exits are left to the main code
	 * (the session reaps a child of its own). */
	now = now_mono_ns();
	if (sigpending(&chld) < 0 || !sigismember(&chld, SIGCHLD) ||
	    now - ps->peeked < PT_PEEK_NS) {
		errno = saved;
		return;
	}
	ps->peeked = now;
	for (int k = 0; k < 64; k++) {
		siginfo_t si;
		int i;

		memset(&si, 0, sizeof si);
		if (waitid(P_ALL, 0, &si, WSTOPPED | WNOHANG | WNOWAIT | __WALL) < 0 ||
		    si.si_pid == 0 || (si.si_code != CLD_TRAPPED && si.si_code != CLD_STOPPED))
			break;
		i = pt_find(ps, si.si_pid);
		if (i < 0 || ps->th[i].pending || ps->th[i].gone)
			break;
		if (pt_collect(&ps->th[i]) == PT_GONE)
			ps->th[i].gone = 1;
	}
	errno = saved;
}

/* The main code's entry into the back end: the rescue signal is blocked
 * until pt_leave, and a rescued stop is unwound and counted now. */
static void pt_enter(struct sampler *s)
{
	struct pt_state *ps = s->priv;
	sigset_t set;

	if (ps->depth++ > 0)
		return;
	sigemptyset(&set);
	sigaddset(&set, PT_RESCUE_SIG);
	sigprocmask(SIG_BLOCK, &set, NULL);
	if (ps->rs.full) {
		int i = pt_find(ps, ps->rs.tid);
		struct pt_thread *t = i >= 0 ? &ps->th[i] : NULL;

		s->vm_reads += ps->rs.copy.have_regs;
		sampler_account_held(s, ps->rs.held_ns);
		if (t != NULL && t->grab) {
			uint64_t ips[GRABCACHE_FRAMES];
			int n = pt_unwind_copy(s, t->tid, &ps->rs.copy, ps->rs.stack, 0, ips,
			                       GRABCACHE_FRAMES);

			t->grab = 0;
			sampler_grab_late(s, t->tid, ips, n);
		} else if (t != NULL)
			pt_unwind_copy(s, t->tid, &ps->rs.copy, ps->rs.stack, t->weight, NULL, 0);
		ps->rs.full = 0;
	}
}

/* Leaves the back end, the rescue signal unblocked. */
static void pt_leave(struct sampler *s)
{
	struct pt_state *ps = s->priv;
	sigset_t set;
	int pending = 0;

	if (--ps->depth > 0)
		return;
	for (int i = 0; i < ps->n && !pending; i++)
		pending = ps->th[i].pending && !ps->th[i].gone;
	ps->any_pending = pending;
	sigemptyset(&set);
	sigaddset(&set, PT_RESCUE_SIG);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

/* Looks at one thread's stops; takes the sample if ours arrived.
 * Returns -1 when the thread is gone. */
static int pt_poll_one(struct sampler *s, struct pt_thread *t)
{
	uint64_t now;

	switch (pt_collect(t)) {
	case PT_GONE:
		return -1;
	case PT_OURS:
		if (t->grab) {
			/* A grab that gave up before its stop came: the
			 * stack goes to the copies, not to the samples. */
			uint64_t ips[GRABCACHE_FRAMES];
			int n = pt_take(s, t, t->t_seen > t->t_int ? t->t_seen : t->t_int, ips,
			                GRABCACHE_FRAMES);

			t->grab = 0;
			sampler_grab_late(s, t->tid, ips, n);
		} else
			pt_take(s, t, t->t_seen > t->t_int ? t->t_seen : t->t_int, NULL, 0);
		return 0;
	case PT_NONE:
		break;
	}
	now = now_mono_ns();
	if (t->pending)
		t->t_seen = now;
	return 0;
}

static void pt_arm_poll(struct pt_state *ps)
{
	struct itimerspec its = {.it_value = {0, (long)PT_POLL_NS}};

	timerfd_settime(ps->poll, 0, &its, NULL);
}

/* Interrupts one thread and waits a little for the stop. */
static int pt_sample_one(struct sampler *s, struct pt_thread *t)
{
	uint64_t deadline;

	if (t->pending || !pt_due(s, t))
		return pt_poll_one(s, t);
	if (ptrace(PTRACE_INTERRUPT, t->tid, 0, 0) < 0)
		return errno == ESRCH ? -1 : 0;
	t->pending = 1;
	t->t_int = now_mono_ns();
	t->t_seen = 0;
	deadline = t->t_int + PT_SPIN_NS;
	for (;;) {
		if (pt_poll_one(s, t) < 0)
			return -1;
		if (!t->pending || now_mono_ns() > deadline)
			return 0;
		/* No sched_yield: on a busy machine it hands our CPU away
		 * for a whole time slice while the thread sits stopped. */
	}
}

/*
 * One stack of a thread that is not running (blocked in a syscall), for
 * the lock and wall-clock collectors: interrupted like a sample (a wait
 * restarts transparently), copied, let go, unwound into ips.  A blocked
 * thread must first be woken and given a CPU to reach the stop: when it
 * has not within PT_GRAB_NS the grab gives up (-1) without spinning on,
 * the thread stays pending, and its stack goes to the sampler's copies
 * when the stop comes (sampler_grab_late), for the caller's next look.
 * -1 as well while another thread is held, and for threads not traced.
 */
#define PT_GRAB_NS 2000000ull
static int pt_grab_in(struct sampler *s, pid_t tid, uint64_t *ips, int max)
{
	struct pt_state *ps = s->priv;
	uint64_t t0 = sampler_cpu_ns(), deadline;
	int i = ps != NULL ? pt_find(ps, tid) : -1, n = -1;
	struct pt_thread *t;

	if (i < 0)
		return -1;
	/* One thread held at a time (see the note at the top). */
	for (int k = 0; k < ps->n; k++)
		if (ps->th[k].pending) {
			if (pt_poll_one(s, &ps->th[k]) < 0)
				ps->th[k].gone = 1;
			if (ps->th[k].pending)
				return -1;
		}
	t = &ps->th[i];
	if (t->gone || ptrace(PTRACE_INTERRUPT, t->tid, 0, 0) < 0)
		return -1;
	t->pending = 1;
	t->grab = 1;
	t->t_int = now_mono_ns();
	t->t_seen = 0;
	deadline = t->t_int + PT_GRAB_NS;
	for (;;) {
		enum pt_event ev = pt_collect(t);

		if (ev == PT_OURS) {
			t->grab = 0;
			n = pt_take(s, t, t->t_int, ips, max);
			break;
		}
		if (ev == PT_GONE) {
			t->pending = 0;
			t->grab = 0;
			t->gone = 1;
			break;
		}
		if (now_mono_ns() > deadline) {
			pt_arm_poll(ps);
			break;
		}
	}
	sampler_account_cost(s, sampler_cpu_ns() - t0);
	return n;
}

/*
 * Looks at the interrupted thread (at most one), then, when sampling and
 * none is left interrupted, samples threads from where the last round
 * stopped until one is left interrupted (its stop late) or all were seen.
 */
static void pt_round(struct sampler *s, int sample)
{
	struct pt_state *ps = s->priv;
	uint64_t t0 = sampler_cpu_ns();
	int pending = 0, k;

	for (int i = 0; i < ps->n; i++) {
		struct pt_thread *t = &ps->th[i];

		if (!t->pending)
			continue;
		if (pt_poll_one(s, t) < 0)
			t->gone = 1;
		pending |= t->pending;
	}
	for (k = 0; sample && !pending && k < ps->n; k++) {
		struct pt_thread *t = &ps->th[(ps->next + k) % ps->n];

		if (t->gone)
			continue;
		if (pt_sample_one(s, t) < 0)
			t->gone = 1;
		pending = t->pending;
	}
	if (ps->n > 0)
		ps->next = (ps->next + k) % ps->n;
	for (int i = ps->n - 1; i >= 0; i--)
		if (ps->th[i].gone)
			pt_forget(ps, i);
	if (pending)
		pt_arm_poll(ps);
	sampler_account_cost(s, sampler_cpu_ns() - t0);
}

static int pt_grab(struct sampler *s, pid_t tid, uint64_t *ips, int max)
{
	int n;

	if (s->priv == NULL)
		return -1;
	pt_enter(s);
	n = pt_grab_in(s, tid, ips, max);
	pt_leave(s);
	return n;
}

static void pt_on_timer(int fd, uint32_t events, void *arg)
{
	(void)events;
	loop_timer_drain(fd);
	pt_enter(arg);
	pt_round(arg, 1);
	pt_leave(arg);
}

static void pt_on_poll(int fd, uint32_t events, void *arg)
{
	(void)events;
	loop_timer_drain(fd);
	pt_enter(arg);
	pt_round(arg, 0);
	pt_leave(arg);
}

/*
 * A tracee's stop sends us SIGCHLD.  The session reads SIGCHLD from its
 * own signalfd on the same loop; ours is only a second watcher of the same
 * pending signal, so the loop wakes us the moment a late stop arrives and
 * the thread is not left waiting for the poll timer.  We never read it:
 * that would take the signal away from the session.
 */
static void pt_on_sigchld(int fd, uint32_t events, void *arg)
{
	struct sampler *s = arg;
	struct pt_state *ps = s->priv;

	uint64_t now = now_mono_ns();
	int pending = 0;

	(void)fd;
	(void)events;
	/* Without the rescue timer, a pending thread that stops now was
	 * waiting for a CPU until just before this signal, not held by us:
	 * its hold starts here (leaving out our own wake-up latency).  With
	 * it, the handler's looks every PT_RESCUE_NS date the stop better. */
	for (int i = 0; i < ps->n; i++)
		if (ps->th[i].pending) {
			if (!ps->rescue_ok)
				ps->th[i].t_seen = now;
			pending = 1;
		}
	if (pending) {
		pt_enter(s);
		pt_round(s, 0);
		pt_leave(s);
	}
}

static int pt_find(const struct pt_state *ps, pid_t tid)
{
	for (int i = 0; i < ps->n; i++)
		if (ps->th[i].tid == tid)
			return i;
	return -1;
}

static int pt_seize(struct sampler *s, pid_t tid, char **cause)
{
	struct pt_state *ps = s->priv;
	struct pt_thread t = {.tid = tid, .statfd = -1, .schedfd = -1, .weight = 1};
	char path[64];

	snprintf(path, sizeof path, "/proc/%d/task/%d/stat", (int)s->pid, (int)tid);
	t.statfd = open(path, O_RDONLY | O_CLOEXEC);
	if (t.statfd < 0) {
		set_cause(cause, "%s: %s", path, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof path, "/proc/%d/task/%d/schedstat", (int)s->pid, (int)tid);
	t.schedfd = open(path, O_RDONLY | O_CLOEXEC);
	/* Time used before we came is no sample's. */
	if (pt_oncpu(&t, &t.due.oncpu_ns) < 0 && t.schedfd >= 0) {
		close(t.schedfd);
		t.schedfd = -1;
	}
	/* Recorded first: a crash right after the seize still releases it. */
	pt_seized_set(0, tid);
	if (ptrace(PTRACE_SEIZE, tid, 0, 0) < 0) {
		int err = errno;

		if (cause != NULL) {
			char why[192];
			struct perm_ctx pc;

			perm_read(&pc, s->pid);
			set_cause(cause, "%s", perm_ptrace_phrase(&pc, err, why, sizeof why));
		}
		pt_seized_set(tid, 0);
		close(t.statfd);
		if (t.schedfd >= 0)
			close(t.schedfd);
		return -1;
	}
	/* The tid was read from the target's task list a moment ago; had
	 * that thread ended since, the number may now be another process's
	 * thread, and that one was just seized.  statfd was opened on the
	 * thread itself (through the target's task directory), so it reads
	 * only while that thread exists: if it no longer does, let go at
	 * once, before anything else is done to the seized thread. */
	if (pread(t.statfd, path, 1, 0) != 1) {
		set_cause(cause, "thread %d ended while being traced", (int)tid);
		pt_release(&t);
		pt_seized_set(tid, 0);
		close(t.statfd);
		if (t.schedfd >= 0)
			close(t.schedfd);
		return -1;
	}
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 16;
		ps->th = xrealloc(ps->th, (size_t)ps->cap * sizeof *ps->th);
	}
	ps->th[ps->n++] = t;
	return 0;
}

/* Lets one thread go for good, waiting briefly for a stop to detach in. */
static void pt_release(struct pt_thread *t)
{
	uint64_t deadline = now_mono_ns() + PT_RELEASE_NS;
	int st;

	if (!t->pending && ptrace(PTRACE_INTERRUPT, t->tid, 0, 0) < 0) {
		/* Exited: collect the exit, or its parent could not reap it
		 * while we still hold it as tracer. */
		waitpid(t->tid, &st, __WALL | WNOHANG);
		return;
	}
	while (now_mono_ns() < deadline) {
		pid_t r = waitpid(t->tid, &st, __WALL | WNOHANG);
		if (r < 0 || (r > 0 && (WIFEXITED(st) || WIFSIGNALED(st))))
			return;
		if (r == 0) {
			struct timespec ts = {0, 100000};
			nanosleep(&ts, NULL);
			continue;
		}
		if (!WIFSTOPPED(st))
			continue;
		/* Our stop or a group-stop: detach leaves it as it should
		 * be.  A signal-delivery stop: detach delivers the signal. */
		if ((st >> 16) == PTRACE_EVENT_STOP)
			ptrace(PTRACE_DETACH, t->tid, 0, 0);
		else
			ptrace(PTRACE_DETACH, t->tid, 0, (void *)(long)WSTOPSIG(st));
		return;
	}
	/* Still not stopped (uninterruptible sleep): the kernel detaches it
	 * when ctop exits; a running traced thread is not held. */
	ptrace(PTRACE_DETACH, t->tid, 0, 0);
}

/*
 * Lets every thread go at once: all are interrupted, then each is detached
 * as its stop arrives, until all are or the deadline passes (a thread in
 * an uninterruptible sleep stops only when it wakes; the kernel detaches
 * it when ctop exits).  Milliseconds for thousands of threads.
 */
static void pt_release_all(struct pt_state *ps)
{
	uint64_t deadline = now_mono_ns() + PT_RELEASE_NS;
	int left = 0;

	for (int i = 0; i < ps->n; i++) {
		struct pt_thread *t = &ps->th[i];
		int st;

		t->gone = 0;
		if (!t->pending && ptrace(PTRACE_INTERRUPT, t->tid, 0, 0) < 0) {
			waitpid(t->tid, &st, __WALL | WNOHANG);
			t->gone = 1;
			continue;
		}
		t->pending = 1;
		left++;
	}
	while (left > 0 && now_mono_ns() < deadline) {
		int seen = 0;

		for (int i = 0; i < ps->n; i++) {
			struct pt_thread *t = &ps->th[i];
			pid_t r;
			int st;

			if (t->gone)
				continue;
			r = waitpid(t->tid, &st, __WALL | WNOHANG);
			if (r == 0 ||
			    (r > 0 && !WIFSTOPPED(st) && !WIFEXITED(st) && !WIFSIGNALED(st)))
				continue;
			seen = 1;
			if (r > 0 && WIFSTOPPED(st)) {
				/* Our stop or a group-stop: detach leaves it as
				 * it should be; a signal-delivery stop: detach
				 * delivers the signal. */
				if ((st >> 16) == PTRACE_EVENT_STOP)
					ptrace(PTRACE_DETACH, t->tid, 0, 0);
				else
					ptrace(PTRACE_DETACH, t->tid, 0,
					       (void *)(long)WSTOPSIG(st));
			}
			t->gone = 1;
			left--;
		}
		if (!seen && left > 0) {
			struct timespec ts = {0, 100000};
			nanosleep(&ts, NULL);
		}
	}
	for (int i = 0; i < ps->n; i++)
		if (!ps->th[i].gone)
			ptrace(PTRACE_DETACH, ps->th[i].tid, 0, 0);
	while (ps->n > 0)
		pt_forget(ps, ps->n - 1);
}

static void pt_suspend(struct sampler *s, int on)
{
	struct pt_state *ps = s->priv;

	if (ps == NULL)
		return;
	pt_enter(s);
	if (on) {
		loop_timer_set(ps->timer, 0);
		loop_timer_set(ps->poll, 0);
		pt_release_all(ps);
	} else
		loop_timer_set(ps->timer, 1.0 / s->rate_hz);
	pt_leave(s);
}

static void pt_stop(struct sampler *s)
{
	struct pt_state *ps = s->priv;

	sigset_t set;

	if (ps == NULL)
		return;
	/* Blocked by hand, not through pt_enter: a copy the rescue took
	 * is dropped, not delivered, as whoever receives samples may be
	 * gone already at the end. */
	sigemptyset(&set);
	sigaddset(&set, PT_RESCUE_SIG);
	sigprocmask(SIG_BLOCK, &set, NULL);
	ps->depth++;
	ps->rs.full = 0;
	pt_release_all(ps);
	pt_rescue_ps = NULL;
	if (ps->rescue_ok) {
		loop_set_awake(s->loop, NULL, NULL);
		timer_delete(ps->rescue);
	}
	sigemptyset(&set);
	sigaddset(&set, PT_RESCUE_SIG);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	if (ps->timer >= 0) {
		loop_del_fd(s->loop, ps->timer);
		close(ps->timer);
	}
	if (ps->poll >= 0) {
		loop_del_fd(s->loop, ps->poll);
		close(ps->poll);
	}
	if (ps->chld >= 0) {
		loop_del_fd(s->loop, ps->chld);
		close(ps->chld);
	}
	free(ps->th);
	free(ps);
	s->priv = NULL;
}

static void pt_update_threads(struct sampler *s, const pid_t *tids, int n)
{
	struct pt_state *ps = s->priv;
	struct tidset want, have;

	tidset_init(&want, tids, n);
	pt_enter(s);
	/* Collect stops first: an exited thread is reaped here. */
	pt_round(s, 0);
	for (int i = 0; i < ps->n;) {
		if (tidset_has(&want, ps->th[i].tid)) {
			i++;
			continue;
		}
		pt_release(&ps->th[i]);
		pt_forget(ps, i);
	}
	tidset_init_from(&have, ps->n > 0 ? &ps->th[0].tid : NULL, ps->n, sizeof ps->th[0]);
	for (int j = 0; j < n; j++)
		if (!tidset_has(&have, tids[j]))
			pt_seize(s, tids[j], NULL);
	pt_leave(s);
	tidset_free(&have);
	tidset_free(&want);
}

/* The loop's wait begins (0) or ends (1): the rescue timer runs only
 * while ctop is busy, never while it waits (then the loop itself wakes
 * for every stop). */
static void pt_on_awake(void *arg, int awake)
{
	struct sampler *s = arg;

	if (s->priv != NULL)
		pt_rescue_arm(s->priv, awake);
}

/* The rescue timer and handler; without them (no timer) a stop waits for
 * the main loop. */
static void pt_rescue_start(struct pt_state *ps)
{
	struct sigaction sa;
	struct sigevent sev;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = pt_on_rescue;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(PT_RESCUE_SIG, &sa, NULL) < 0)
		return;
	memset(&sev, 0, sizeof sev);
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = PT_RESCUE_SIG;
	sev._sigev_un._tid = (pid_t)syscall(SYS_gettid); /* sigev_notify_thread_id */
	if (timer_create(CLOCK_MONOTONIC, &sev, &ps->rescue) < 0)
		return;
	ps->rescue_ok = 1;
	pt_rescue_ps = ps;
	/* Busy now: the loop is not waiting. */
	pt_rescue_arm(ps, 1);
}

static int pt_start(struct sampler *s, char **cause)
{
	struct pt_state *ps = xcalloc(1, sizeof *ps);
	pid_t *tids;
	int n, seized = 0;
	char *why = NULL;
	sigset_t chld;

	s->priv = ps;
	ps->timer = ps->poll = ps->chld = -1;
	tids = tasks_list(s->pid, &n);
	for (int i = 0; i < n; i++)
		if (pt_seize(s, tids[i], why == NULL ? &why : NULL) == 0)
			seized++;
	free(tids);
	if (seized == 0) {
		set_cause(cause, "%s", why != NULL ? why : "no thread could be traced");
		goto fail;
	}
	free(why);
	why = NULL;
	pt_rescue_start(ps);
	if (ps->rescue_ok)
		loop_set_awake(s->loop, pt_on_awake, s);
	ps->timer = loop_timer_new(1.0 / s->rate_hz, cause);
	if (ps->timer < 0 || loop_add_fd(s->loop, ps->timer, pt_on_timer, s, cause) < 0)
		goto fail;
	ps->poll = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (ps->poll < 0) {
		set_cause(cause, "timerfd_create: %s", strerror(errno));
		goto fail;
	}
	if (loop_add_fd(s->loop, ps->poll, pt_on_poll, s, cause) < 0)
		goto fail;
	/* SIGCHLD is blocked by main and read by the session's signalfd. */
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	ps->chld = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
	if (ps->chld >= 0 && loop_add_fd(s->loop, ps->chld, pt_on_sigchld, s, NULL) < 0) {
		close(ps->chld);
		ps->chld = -1;
	}
	return 0;
fail:
	free(why);
	pt_stop(s);
	return -1;
}

static void pt_apply_rate(struct sampler *s)
{
	struct pt_state *ps = s->priv;

	loop_timer_set(ps->timer, 1.0 / s->rate_hz);
}

const struct sampler_ops sampler_ptrace_ops = {
    .name = "ptrace",
    .start = pt_start,
    .stop = pt_stop,
    .update_threads = pt_update_threads,
    .apply_rate = pt_apply_rate,
    .emergency = pt_emergency,
    .grab = pt_grab,
    .suspend = pt_suspend,
};
