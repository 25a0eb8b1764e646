/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sampler_perf: the perf back end.  One cpu-clock sampling event per
 * thread of the target; the kernel copies the user registers and the top
 * of the user stack into the event's mmap ring at each sample, so the
 * thread is never held by us.  Rings are read when the loop says one is
 * past its watermark (a few times a second, not per sample) and on every
 * sampler_update_threads call; the copies go to the offline unwinder.
 * It samples on-CPU time only.  It does not use frame-pointer callchains
 * (most binaries have none) except as a last resort when unwinding fails.
 *
 * Where allowed (root, CAP_PERFMON, perf_event_paranoid <= 1) and not
 * --user-only, it samples kernel mode too: the kernel's callchain gives
 * the kernel frames and the user part is unwound from the user registers
 * and stack copy as always, one stack per sample, kernel frames on top.
 * When the kernel refuses, it samples user mode only and says why.
 */
#include "config.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "loop.h"
#include "perfring.h"
#include "perm.h"
#include "sampler_int.h"
#include "tasks.h"
#include "util.h"

#define PERF_RING_PAGES 128   /* data pages per thread: 512 KiB */
#define PERF_MIN_PAGES 8      /* two records of 16 KiB of stack */
#define PERF_TOTAL_PAGES 4096 /* 16 MiB of rings for the whole process */

struct perf_thread {
	pid_t tid;
	int fd;
	struct perfring ring;
};

struct perf_state {
	struct perf_thread *th;
	int n, cap;
	size_t pages; /* data pages per ring, after fallbacks */
	uint8_t *rec; /* a wrapped record, made contiguous */
	size_t page;
	int kernel;     /* events count and sample kernel mode too */
	int open_errno; /* of the last perf_event_open that failed */
};

static void perf_attr_fill(struct perf_event_attr *a, double hz, size_t data_size, int kernel)
{
	memset(a, 0, sizeof *a);
	a->size = sizeof *a;
	a->type = PERF_TYPE_SOFTWARE;
	a->config = PERF_COUNT_SW_CPU_CLOCK;
	/* cpu-clock counts nanoseconds: the period is the interval. */
	a->sample_period = (uint64_t)(1e9 / hz);
	a->sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME |
	                 PERF_SAMPLE_CALLCHAIN | PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER;
	a->sample_regs_user = UNWIND_PERF_REGS_MASK;
	a->sample_stack_user = SAMPLER_STACK_BYTES;
	a->exclude_kernel = !kernel;
	a->exclude_hv = 1;
	a->exclude_callchain_kernel = !kernel;
	a->use_clockid = 1;
	a->clockid = CLOCK_MONOTONIC;
	/* Wake the loop when half the ring is full: a few times a second. */
	a->watermark = 1;
	a->wakeup_watermark = (uint32_t)(data_size / 2);
}

static void perf_thread_close(struct sampler *s, struct perf_thread *t)
{
	if (t->fd >= 0) {
		loop_del_fd(s->loop, t->fd);
		close(t->fd);
	}
	perfring_unmap(&t->ring);
	t->fd = -1;
}

/* Parses one PERF_RECORD_SAMPLE body in the sample_type order. */
static void perf_parse_sample(struct sampler *s, const uint8_t *p, const uint8_t *end)
{
	struct stack_copy c;
	uint64_t v, nr, abi, size, dyn;
	uint32_t pid_tid[2];
	uint64_t fp_ips[SAMPLER_MAX_FRAMES], kips[SAMPLER_MAX_FRAMES];
	int nfp = 0, nk = 0, in_kernel = 0;
	double mono;

	memset(&c, 0, sizeof c);
/* Takes n bytes from the record, or gives up on a truncated one. */
#define TAKE(dst, n)                                                                               \
	do {                                                                                       \
		if (p + (n) > end)                                                                 \
			return;                                                                    \
		memcpy((dst), p, (n));                                                             \
		p += (n);                                                                          \
	} while (0)
	TAKE(&v, 8); /* IP */
	c.regs[PERF_REG_X86_IP] = v;
	TAKE(pid_tid, 8); /* PID, TID */
	c.tid = (pid_t)pid_tid[1];
	/* The event was opened on a tid read from the target's task list;
	 * had that thread ended just before, the number could have gone to
	 * another process's thread: its samples are not the target's. */
	if ((pid_t)pid_tid[0] != s->pid)
		return;
	TAKE(&v, 8); /* TIME (CLOCK_MONOTONIC ns) */
	mono = (double)v / 1e9;
	TAKE(&nr, 8); /* CALLCHAIN: [KERNEL marker, kernel ips,] USER marker, user ips */
	for (uint64_t i = 0; i < nr; i++) {
		TAKE(&v, 8);
		if (v >= (uint64_t)-4095) {
			in_kernel = v == (uint64_t)PERF_CONTEXT_KERNEL;
			continue;
		}
		if (in_kernel && nk < SAMPLER_MAX_FRAMES)
			kips[nk++] = v;
		else if (!in_kernel && nfp < SAMPLER_MAX_FRAMES)
			fp_ips[nfp++] = v;
	}
	TAKE(&abi, 8); /* REGS_USER */
	if (abi != PERF_SAMPLE_REGS_ABI_NONE) {
		for (int bit = 0; bit < UNWIND_NREGS; bit++) {
			if (UNWIND_PERF_REGS_MASK & (1ull << bit))
				TAKE(&c.regs[bit], 8);
		}
	}
	TAKE(&size, 8); /* STACK_USER */
	if (size > 0) {
		if (p + size + 8 > end)
			return;
		c.stack = p;
		p += size;
		memcpy(&dyn, p, 8);
		c.len = dyn < size ? dyn : size;
	}
#undef TAKE
	c.sp = c.regs[PERF_REG_X86_SP];
	if (abi == PERF_SAMPLE_REGS_ABI_NONE) {
		/* A kernel thread or no user context: the chains are all. */
		if (nk > 0 && nfp < SAMPLER_MAX_FRAMES) {
			int room = SAMPLER_MAX_FRAMES - nk;
			memmove(kips + nk, fp_ips, (size_t)(nfp < room ? nfp : room) * 8);
			nfp = nk + (nfp < room ? nfp : room);
			sampler_emit(s, c.tid, kips, nfp, 1, mono);
		} else
			sampler_emit(s, c.tid, fp_ips, nfp, 1, mono);
	} else
		sampler_deliver_k(s, &c, kips, nk, fp_ips, nfp, 1, mono);
}

static void perf_on_record(void *arg, const struct perf_event_header *h, const uint8_t *body,
                           const uint8_t *end)
{
	if (h->type == PERF_RECORD_SAMPLE)
		perf_parse_sample(arg, body, end);
}

static void perf_drain(struct sampler *s, struct perf_thread *t)
{
	struct perf_state *ps = s->priv;

	perfring_drain(&t->ring, ps->rec, perf_on_record, s, &s->lost);
}

static void perf_on_ring(int fd, uint32_t events, void *arg)
{
	struct sampler *s = arg;
	struct perf_state *ps = s->priv;
	uint64_t t0 = sampler_cpu_ns();

	for (int i = 0; i < ps->n; i++) {
		struct perf_thread *t = &ps->th[i];
		if (t->fd != fd)
			continue;
		perf_drain(s, t);
		/* The thread exited: its ring will never fill again. */
		if (events & (EPOLLHUP | EPOLLERR)) {
			perf_thread_close(s, t);
			ps->th[i] = ps->th[--ps->n];
		}
		break;
	}
	sampler_account_cost(s, sampler_cpu_ns() - t0);
}

static int perf_thread_open(struct sampler *s, pid_t tid, char **cause)
{
	struct perf_state *ps = s->priv;
	struct perf_event_attr a;
	struct perf_thread t = {.tid = tid, .fd = -1};

	for (size_t pages = ps->pages; pages >= PERF_MIN_PAGES; pages /= 2) {
		perf_attr_fill(&a, s->rate_hz, pages * ps->page, ps->kernel);
		t.fd = (int)syscall(SYS_perf_event_open, &a, tid, -1, -1, PERF_FLAG_FD_CLOEXEC);
		if (t.fd < 0) {
			char why[192];
			struct perm_ctx pc;
			int err = errno;

			ps->open_errno = err;
			if (cause != NULL) {
				perm_read(&pc, s->pid);
				if (perm_perf_phrase(&pc, err, ps->kernel, why, sizeof why) != NULL)
					set_cause(cause, "%s", why);
				else
					set_cause(cause, "perf_event_open(cpu-clock, tid %d): %s",
					          (int)tid, strerror(err));
			}
			return -1;
		}
		if (perfring_map(&t.ring, t.fd, pages) == 0) {
			/* Later threads need no second round of fallbacks. */
			ps->pages = pages;
			break;
		}
		close(t.fd);
		t.fd = -1;
		if (errno != EPERM && errno != ENOMEM)
			break;
	}
	if (t.fd < 0) {
		set_cause(cause, "perf ring mmap for tid %d: %s", (int)tid, strerror(errno));
		return -1;
	}
	if (loop_add_fd(s->loop, t.fd, perf_on_ring, s, cause) < 0) {
		perfring_unmap(&t.ring);
		close(t.fd);
		return -1;
	}
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 16;
		ps->th = xrealloc(ps->th, (size_t)ps->cap * sizeof *ps->th);
	}
	ps->th[ps->n++] = t;
	return 0;
}

static void perf_update_threads(struct sampler *s, const pid_t *tids, int n)
{
	struct perf_state *ps = s->priv;
	struct tidset want, have;

	for (int i = 0; i < ps->n; i++)
		perf_drain(s, &ps->th[i]);
	/* Forget threads that are gone (their last samples were read above). */
	tidset_init(&want, tids, n);
	for (int i = 0; i < ps->n;) {
		if (tidset_has(&want, ps->th[i].tid)) {
			i++;
			continue;
		}
		perf_thread_close(s, &ps->th[i]);
		ps->th[i] = ps->th[--ps->n];
	}
	/* A thread that vanished before we opened it is no error. */
	tidset_init_from(&have, ps->n > 0 ? &ps->th[0].tid : NULL, ps->n, sizeof ps->th[0]);
	for (int j = 0; j < n; j++)
		if (!tidset_has(&have, tids[j]))
			perf_thread_open(s, tids[j], NULL);
	tidset_free(&have);
	tidset_free(&want);
}

static void perf_stop(struct sampler *s)
{
	struct perf_state *ps = s->priv;

	if (ps == NULL)
		return;
	for (int i = 0; i < ps->n; i++)
		perf_thread_close(s, &ps->th[i]);
	free(ps->th);
	free(ps->rec);
	free(ps);
	s->priv = NULL;
}

/* Why the kernel refused kernel-mode sampling with err, in the user's
 * terms: the rule that refused, from the errno and the settings now. */
static const char *perf_kernel_refused(struct sampler *s, int err)
{
	struct perm_ctx pc;

	perm_read(&pc, s->pid);
	if (perm_perf_phrase(&pc, err, 1, s->kernel_why, sizeof s->kernel_why) == NULL)
		snprintf(s->kernel_why, sizeof s->kernel_why, "kernel-mode sampling refused: %s",
		         strerror(err));
	return s->kernel_why;
}

static int perf_start(struct sampler *s, char **cause)
{
	struct perf_state *ps = xcalloc(1, sizeof *ps);
	pid_t *tids;
	int n, rc = 0;

	s->priv = ps;
	ps->page = (size_t)sysconf(_SC_PAGESIZE);
	ps->pages = PERF_RING_PAGES;
	ps->rec = xmalloc(PERFRING_REC_MAX);
	tids = tasks_list(s->pid, &n);
	/* Many threads get smaller rings: only as many as there are CPUs
	 * fill theirs at once, and ring memory is locked memory. */
	while (ps->pages > PERF_MIN_PAGES && ps->pages * (size_t)n > PERF_TOTAL_PAGES)
		ps->pages /= 2;
	if (n == 0) {
		set_cause(cause, "process %d: no threads", (int)s->pid);
		rc = -1;
	}
	/* The first thread decides whether kernel mode may be sampled,
	 * then whether perf works here at all. */
	ps->kernel = !s->user_only;
	if (n > 0 && ps->kernel && perf_thread_open(s, tids[0], NULL) < 0) {
		ps->kernel = 0;
		s->kernel_reason = perf_kernel_refused(s, ps->open_errno);
	} else if (n > 0 && ps->kernel) {
		perf_thread_close(s, &ps->th[--ps->n]);
	}
	if (s->user_only)
		s->kernel_reason = "--user-only";
	s->kernel = ps->kernel;
	/* A kernel thread has no user stacks: kernel ones or nothing. */
	if (s->kthread && rc == 0 && !ps->kernel) {
		set_cause(cause, "kernel thread: no user stacks; kernel stacks: %s",
		          s->kernel_reason);
		rc = -1;
	} else if (s->kthread && rc == 0) {
		free(s->reason);
		s->reason = xstrdup("kernel thread: kernel stacks only");
	}
	for (int i = 0; i < n && rc == 0; i++)
		if (perf_thread_open(s, tids[i], i == 0 ? cause : NULL) < 0 && i == 0)
			rc = -1;
	free(tids);
	if (rc < 0)
		perf_stop(s);
	return rc;
}

static void perf_apply_rate(struct sampler *s)
{
	struct perf_state *ps = s->priv;
	uint64_t period = (uint64_t)(1e9 / s->rate_hz);

	for (int i = 0; i < ps->n; i++)
		ioctl(ps->th[i].fd, PERF_EVENT_IOC_PERIOD, &period);
}

const struct sampler_ops sampler_perf_ops = {
    .name = "perf",
    .start = perf_start,
    .stop = perf_stop,
    .update_threads = perf_update_threads,
    .apply_rate = perf_apply_rate,
};
