/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * offcpu_trace: the off-CPU trace back end (see offcpu.h).  Per thread one
 * context-switch software event, sampled at every switch-out in the
 * context of the thread leaving the CPU: its kernel callchain (whose
 * __x64_sys_* frame names the syscall it blocks in) and its user
 * registers and stack (unwound offline like a perf sample), plus
 * PERF_RECORD_SWITCH records in both directions (attr.context_switch).
 * A stretch off the CPU runs from the switch-out to the next switch-in;
 * a switch-out marked preempted was time runnable, waiting for a CPU.
 * Waits still going on are handed over up to each tick.  A thread that
 * switches out at the same place (same user PC and stack pointer) as
 * last time re-uses that unwind.
 */
#include "config.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "ksyms.h"
#include "loop.h"
#include "offcpu_int.h"
#include "perfring.h"
#include "tasks.h"
#include "unwind.h"
#include "util.h"

#define OT_PAGES 64 /* data pages per thread: 256 KiB */
#define OT_STACK_BYTES 8192

struct ot_thread {
	pid_t tid;
	int fd;
	struct perfring ring;
	int out;          /* switched out, not yet back */
	int preempted;    /* the switch-out left it runnable */
	uint64_t out_ns;  /* since when it is counted off the CPU */
	uint64_t gone_ns; /* when it last left the CPU (or we came) */
	double carry;
	uint64_t last_ip, last_sp; /* of the stack in ips */
	struct offcpu_why why;
	int nips;
	uint64_t ips[OFFCPU_MAX_FRAMES];
};

struct ot_state {
	struct ot_thread *th;
	int n, cap;
	size_t page;
	struct unwinder *unw;
	struct ksyms *ks;
	uint8_t rec[PERFRING_REC_MAX]; /* one record, made contiguous */
};

static void ot_attr(struct perf_event_attr *a, size_t data_size)
{
	memset(a, 0, sizeof *a);
	a->size = sizeof *a;
	a->type = PERF_TYPE_SOFTWARE;
	a->config = PERF_COUNT_SW_CONTEXT_SWITCHES;
	a->sample_period = 1;
	a->sample_type = PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_CALLCHAIN |
	                 PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER;
	a->sample_regs_user = UNWIND_PERF_REGS_MASK;
	a->sample_stack_user = OT_STACK_BYTES;
	a->context_switch = 1;
	a->sample_id_all = 1;
	a->exclude_hv = 1;
	a->use_clockid = 1;
	a->clockid = CLOCK_MONOTONIC;
	a->watermark = 1;
	a->wakeup_watermark = (uint32_t)(data_size / 2);
}

static struct ot_thread *ot_find(struct ot_state *ps, pid_t tid)
{
	for (int i = 0; i < ps->n; i++)
		if (ps->th[i].tid == tid)
			return &ps->th[i];
	return NULL;
}

/* Hands over t's time off the CPU from out_ns to now_ns. */
static void ot_emit(struct offcpu *o, struct ot_thread *t, uint64_t now_ns)
{
	unsigned w;
	struct offcpu_why rq;
	const struct offcpu_why *why = &t->why;

	if (!t->out || now_ns <= t->out_ns)
		return;
	w = offcpu_periods(now_ns - t->out_ns, o->period_ns, &t->carry);
	t->out_ns = now_ns;
	if (w == 0)
		return;
	if (t->preempted) {
		offcpu_why_runq(&rq);
		why = &rq;
	} else if (!(o->flags & OFFCPU_SHOW_IDLE) &&
	           (double)(now_ns - t->gone_ns) / 1e9 > OFFCPU_IDLE_S) {
		/* Folded: one line for every thread idle this long. */
		offcpu_why_idle(&rq, &t->why);
		o->cb(o->arg, t->tid, NULL, 0, rq.leaf, rq.cls, w, (double)now_ns / 1e9);
		return;
	}
	o->cb(o->arg, t->tid, t->ips, t->nips, why->leaf, why->cls, w, (double)now_ns / 1e9);
}

static void ot_parse_sample(struct offcpu *o, const uint8_t *p, const uint8_t *end)
{
	struct ot_state *ps = o->priv;
	struct stack_copy c;
	uint64_t v, nr, abi, size, dyn = 0, time_ns;
	uint32_t pid_tid[2];
	struct ot_thread *t;
	const char *kname = NULL, *kmod = NULL;
	int found = 0;

	memset(&c, 0, sizeof c);
#define TAKE(dst, n)                                                                               \
	do {                                                                                       \
		if (p + (n) > end)                                                                 \
			return;                                                                    \
		memcpy((dst), p, (n));                                                             \
		p += (n);                                                                          \
	} while (0)
	TAKE(pid_tid, 8);
	c.tid = (pid_t)pid_tid[1];
	TAKE(&time_ns, 8);
	t = ot_find(ps, c.tid);
	if (t == NULL)
		return;
	t->why.leaf[0] = '\0';
	TAKE(&nr, 8);
	for (uint64_t i = 0; i < nr; i++) {
		TAKE(&v, 8);
		if (v >= (uint64_t)-4095 || found || !ksyms_is_kernel(v))
			continue;
		if (ps->ks == NULL)
			ps->ks = ksyms_load();
		ksyms_lookup(ps->ks, v, &kname, &kmod);
		found = offcpu_why_kfunc(&t->why, kname, 'S') == 0;
	}
	if (!found)
		offcpu_why_nr(&t->why, -1, 'S');
	TAKE(&abi, 8);
	if (abi != PERF_SAMPLE_REGS_ABI_NONE)
		for (int bit = 0; bit < UNWIND_NREGS; bit++)
			if (UNWIND_PERF_REGS_MASK & (1ull << bit))
				TAKE(&c.regs[bit], 8);
	TAKE(&size, 8);
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
	/* The same place as last time: the same stack. */
	if (abi == PERF_SAMPLE_REGS_ABI_NONE)
		t->nips = 0;
	else if (t->nips == 0 || c.regs[PERF_REG_X86_IP] != t->last_ip || c.sp != t->last_sp) {
		t->nips =
		    ps->unw != NULL ? unwinder_unwind(ps->unw, &c, t->ips, OFFCPU_MAX_FRAMES) : 0;
		t->last_ip = c.regs[PERF_REG_X86_IP];
		t->last_sp = c.sp;
	} else
		o->reused++;
	o->grabs++;
	t->out = 1;
	t->out_ns = time_ns;
	t->gone_ns = time_ns;
}

static void ot_parse_switch(struct offcpu *o, const struct perf_event_header *h, const uint8_t *p,
                            const uint8_t *end)
{
	struct ot_state *ps = o->priv;
	uint32_t pid_tid[2];
	uint64_t time_ns;
	struct ot_thread *t;

	if (p + 16 > end)
		return;
	memcpy(pid_tid, p, 8);
	memcpy(&time_ns, p + 8, 8);
	t = ot_find(ps, (pid_t)pid_tid[1]);
	if (t == NULL)
		return;
	o->events++;
	if (h->misc & PERF_RECORD_MISC_SWITCH_OUT) {
		t->preempted = (h->misc & PERF_RECORD_MISC_SWITCH_OUT_PREEMPT) != 0;
		if (!t->out) {
			t->out = 1;
			t->out_ns = time_ns;
			t->gone_ns = time_ns;
		}
	} else {
		ot_emit(o, t, time_ns);
		t->out = 0;
		t->preempted = 0;
	}
}

static void ot_on_record(void *arg, const struct perf_event_header *h, const uint8_t *body,
                         const uint8_t *end)
{
	if (h->type == PERF_RECORD_SAMPLE)
		ot_parse_sample(arg, body, end);
	else if (h->type == PERF_RECORD_SWITCH)
		ot_parse_switch(arg, h, body, end);
}

static void ot_drain(struct offcpu *o, struct ot_thread *t)
{
	struct ot_state *ps = o->priv;

	perfring_drain(&t->ring, ps->rec, ot_on_record, o, &o->lost);
}

static void ot_on_ring(int fd, uint32_t events, void *arg)
{
	struct offcpu *o = arg;
	struct ot_state *ps = o->priv;

	(void)events;
	for (int i = 0; i < ps->n; i++)
		if (ps->th[i].fd == fd)
			ot_drain(o, &ps->th[i]);
}

static void ot_close(struct offcpu *o, struct ot_thread *t)
{
	if (t->fd >= 0) {
		loop_del_fd(o->loop, t->fd);
		close(t->fd);
	}
	perfring_unmap(&t->ring);
}

static void ot_seed_why(const struct offcpu *o, struct ot_thread *t)
{
	char path[96], buf[256];
	long nr = -1;

	snprintf(path, sizeof path, "/proc/%d/task/%d/syscall", (int)o->pid, (int)t->tid);
	if (read_file_buf(path, buf, sizeof buf) > 0 && strncmp(buf, "running", 7) != 0)
		nr = strtol(buf, NULL, 10);
	offcpu_why_nr(&t->why, nr, 'S');
}

static int ot_open(struct offcpu *o, pid_t tid, char **cause)
{
	struct ot_state *ps = o->priv;
	struct perf_event_attr a;
	struct ot_thread t;

	memset(&t, 0, sizeof t);
	t.tid = tid;
	ot_attr(&a, OT_PAGES * ps->page);
	t.fd = (int)syscall(SYS_perf_event_open, &a, tid, -1, -1, PERF_FLAG_FD_CLOEXEC);
	if (t.fd < 0) {
		set_cause(cause, "perf_event_open(context-switches, tid %d): %s", (int)tid,
		          strerror(errno));
		return -1;
	}
	if (perfring_map(&t.ring, t.fd, OT_PAGES) < 0) {
		set_cause(cause, "perf ring mmap for tid %d: %s", (int)tid, strerror(errno));
		close(t.fd);
		return -1;
	}
	if (loop_add_fd(o->loop, t.fd, ot_on_ring, o, cause) < 0) {
		perfring_unmap(&t.ring);
		close(t.fd);
		return -1;
	}
	/* A thread asleep when we attach is off the CPU from now on, in the
	 * syscall /proc says; its stack comes with its first switch-out. */
	t.out = 1;
	t.out_ns = now_mono_ns();
	t.gone_ns = t.out_ns;
	ot_seed_why(o, &t);
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 16;
		ps->th = xrealloc(ps->th, (size_t)ps->cap * sizeof *ps->th);
	}
	ps->th[ps->n++] = t;
	return 0;
}

void offcpu_trace_stop(struct offcpu *o)
{
	struct ot_state *ps = o->priv;

	if (ps == NULL)
		return;
	for (int i = 0; i < ps->n; i++)
		ot_close(o, &ps->th[i]);
	unwinder_free(ps->unw);
	ksyms_free(ps->ks);
	free(ps->th);
	free(ps);
	o->priv = NULL;
}

int offcpu_trace_start(struct offcpu *o, char **cause)
{
	struct ot_state *ps = xcalloc(1, sizeof *ps);
	int n = 0;
	pid_t *tids = tasks_list(o->pid, &n);

	ps->page = (size_t)sysconf(_SC_PAGESIZE);
	o->priv = ps;
	for (int i = 0; tids != NULL && i < n; i++)
		if (ot_open(o, tids[i], i == 0 ? cause : NULL) < 0 && i == 0) {
			free(tids);
			offcpu_trace_stop(o);
			return -1;
		}
	free(tids);
	if (ps->n == 0) {
		set_cause(cause, "process %d: no threads", (int)o->pid);
		offcpu_trace_stop(o);
		return -1;
	}
	ps->unw = unwinder_new(o->pid, NULL);
	o->backend = "trace";
	o->reason = xstrdup("context-switch records with the user stack of each switch-out; "
	                    "durations from switch-out to switch-in");
	return 0;
}

void offcpu_trace_update(struct offcpu *o, const pid_t *tids, int n)
{
	struct ot_state *ps = o->priv;
	struct tidset want, have;

	tidset_init(&want, tids, n);
	for (int i = 0; i < ps->n;) {
		if (tidset_has(&want, ps->th[i].tid)) {
			i++;
			continue;
		}
		ot_close(o, &ps->th[i]);
		ps->th[i] = ps->th[--ps->n];
	}
	tidset_init_from(&have, ps->n > 0 ? &ps->th[0].tid : NULL, ps->n, sizeof ps->th[0]);
	for (int j = 0; j < n; j++)
		if (!tidset_has(&have, tids[j]))
			ot_open(o, tids[j], NULL);
	tidset_free(&have);
	tidset_free(&want);
}

void offcpu_trace_flush(struct offcpu *o)
{
	struct ot_state *ps = o->priv;
	uint64_t now = now_mono_ns();

	for (int i = 0; i < ps->n; i++) {
		ot_drain(o, &ps->th[i]);
		ot_emit(o, &ps->th[i], now);
	}
}
