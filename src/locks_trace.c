/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * locks_trace: the exact lock back end.  Per thread, three perf events on
 * the futex syscall tracepoints share one ring (PERF_EVENT_IOC_SET_OUTPUT):
 * sys_enter_futex and sys_exit_futex with every record (thread, time, raw
 * fields: address and op, or return value; no stack), so every wait is
 * paired and timed exactly; and a third sys_enter_futex event filtered to
 * wait ops (PERF_EVENT_IOC_SET_FILTER) with user registers and stack,
 * one record every LOCKS_STACK_PERIOD waits, unwound here for the call
 * sites.  Tracepoint ids and field offsets come from tracefs, looked for
 * at /sys/kernel/tracing and /sys/kernel/debug/tracing and mounted on the
 * first when missing and allowed.
 *
 * It is not a syscall tracer: no other syscall, no kernel stacks.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "locks_int.h"
#include "loop.h"
#include "perfring.h"
#include "tasks.h"
#include "unwind.h"
#include "util.h"

#define LT_PAGES 64 /* data pages per thread: 256 KiB */
#define LT_STACK_BYTES 8192
#define LT_MAX_THREADS 1024

struct lt_thread {
	pid_t tid;
	int fd_enter, fd_exit, fd_stack;
	uint64_t id_enter, id_exit, id_stack;
	struct perfring ring;
};

struct lt_state {
	struct lt_thread *th;
	int n, cap;
	int id_enter, id_exit; /* tracepoint ids */
	int off_uaddr, off_op, off_ret;
	size_t page;
	uint8_t *rec;
	char *filter;
};

static const char *const lt_roots[] = {"/sys/kernel/tracing", "/sys/kernel/debug/tracing"};

static int lt_read_int(const char *path, int *out)
{
	FILE *f = fopen(path, "re");
	int ok;

	if (f == NULL)
		return -1;
	ok = fscanf(f, "%d", out) == 1;
	fclose(f);
	return ok ? 0 : -1;
}

/* The offset of field name in a tracepoint format file, or -1. */
static int lt_field_offset(const char *root, const char *event, const char *field)
{
	char path[256], line[256], want[64];
	FILE *f;
	int off = -1;

	snprintf(path, sizeof path, "%s/events/syscalls/%s/format", root, event);
	snprintf(want, sizeof want, " %s;", field);
	f = fopen(path, "re");
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL) {
		char *p = strstr(line, want), *o;

		if (p != NULL && (o = strstr(p, "offset:")) != NULL) {
			off = atoi(o + 7);
			break;
		}
	}
	fclose(f);
	return off;
}

/* Finds tracefs (mounting it when allowed); *how says what was done. */
static const char *lt_find_tracefs(char **how, char **cause)
{
	char path[256];

	*how = NULL;
	for (size_t i = 0; i < CTOP_ARRAY_LEN(lt_roots); i++) {
		snprintf(path, sizeof path, "%s/events/syscalls/sys_enter_futex/id", lt_roots[i]);
		if (access(path, R_OK) == 0)
			return lt_roots[i];
	}
	if (geteuid() == 0 && mount("nodev", lt_roots[0], "tracefs", 0, NULL) == 0) {
		snprintf(path, sizeof path, "%s/events/syscalls/sys_enter_futex/id", lt_roots[0]);
		if (access(path, R_OK) == 0) {
			*how = xasprintf("mounted tracefs on %s", lt_roots[0]);
			return lt_roots[0];
		}
	}
	set_cause(cause, "no futex tracepoints: tracefs not readable at %s or %s%s", lt_roots[0],
	          lt_roots[1],
	          geteuid() == 0 ? " and mounting it failed" : " and only root may mount it");
	return NULL;
}

static int lt_open_event(struct perf_event_attr *a, pid_t tid, int group)
{
	(void)group;
	return (int)syscall(SYS_perf_event_open, a, tid, -1, -1, PERF_FLAG_FD_CLOEXEC);
}

static void lt_attr(struct perf_event_attr *a, int id, uint64_t type, size_t data_size)
{
	memset(a, 0, sizeof *a);
	a->size = sizeof *a;
	a->type = PERF_TYPE_TRACEPOINT;
	a->config = (uint64_t)id;
	a->sample_period = 1;
	a->sample_type = PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_TID | PERF_SAMPLE_TIME | type;
	a->use_clockid = 1;
	a->clockid = CLOCK_MONOTONIC;
	a->watermark = 1;
	a->wakeup_watermark = (uint32_t)(data_size / 2);
}

static void lt_thread_close(struct locks *lk, struct lt_thread *t)
{
	if (t->fd_enter >= 0)
		loop_del_fd(lk->loop, t->fd_enter);
	if (t->fd_stack >= 0)
		close(t->fd_stack);
	if (t->fd_exit >= 0)
		close(t->fd_exit);
	perfring_unmap(&t->ring);
	if (t->fd_enter >= 0)
		close(t->fd_enter);
	t->fd_enter = t->fd_exit = t->fd_stack = -1;
}

static void lt_parse(struct locks *lk, struct lt_thread *t, const uint8_t *p, const uint8_t *end)
{
	struct lt_state *ps = lk->priv;
	uint64_t id, ns;
	uint32_t pt[2], rawsize;

#define TAKE(dst, n)                                                                               \
	do {                                                                                       \
		if (p + (n) > end)                                                                 \
			return;                                                                    \
		memcpy((dst), p, (n));                                                             \
		p += (n);                                                                          \
	} while (0)
	TAKE(&id, 8);
	TAKE(pt, 8);
	TAKE(&ns, 8);
	lk->events++;
	if (id == t->id_enter || id == t->id_exit) {
		const uint8_t *raw;

		TAKE(&rawsize, 4);
		raw = p;
		if (p + rawsize > end)
			return;
		if (id == t->id_enter) {
			uint64_t uaddr = 0, op = 0;

			if ((size_t)ps->off_op + 8 > rawsize)
				return;
			memcpy(&uaddr, raw + ps->off_uaddr, 8);
			memcpy(&op, raw + ps->off_op, 8);
			lk_enter(lk->eng, (pid_t)pt[1], ns, uaddr, (long)op);
		} else
			lk_exit(lk->eng, (pid_t)pt[1], ns);
		return;
	}
	if (id == t->id_stack) {
		struct stack_copy c;
		uint64_t abi, size, dyn, uaddr;
		int n;

		memset(&c, 0, sizeof c);
		c.tid = (pid_t)pt[1];
		TAKE(&abi, 8);
		if (abi == PERF_SAMPLE_REGS_ABI_NONE)
			return;
		for (int bit = 0; bit < UNWIND_NREGS; bit++)
			if (UNWIND_PERF_REGS_MASK & (1ull << bit))
				TAKE(&c.regs[bit], 8);
		TAKE(&size, 8);
		if (size == 0 || p + size + 8 > end)
			return;
		c.stack = p;
		memcpy(&dyn, p + size, 8);
		c.len = dyn < size ? dyn : size;
		c.sp = c.regs[PERF_REG_X86_SP];
		/* At syscall entry the futex word is in rdi. */
		uaddr = c.regs[PERF_REG_X86_DI];
		n = lk->unw != NULL ? unwinder_unwind(lk->unw, &c, lk->ips, LOCKS_MAX_FRAMES) : 0;
		if (n > 0)
			locks_add_site(lk, uaddr, lk->ips, n, 1);
	}
#undef TAKE
}

struct lt_drain_ctx {
	struct locks *lk;
	struct lt_thread *t;
};

static void lt_on_record(void *arg, const struct perf_event_header *h, const uint8_t *body,
                         const uint8_t *end)
{
	struct lt_drain_ctx *c = arg;

	if (h->type == PERF_RECORD_SAMPLE)
		lt_parse(c->lk, c->t, body, end);
}

static void lt_drain_one(struct locks *lk, struct lt_thread *t)
{
	struct lt_state *ps = lk->priv;
	struct lt_drain_ctx c = {lk, t};

	perfring_drain(&t->ring, ps->rec, lt_on_record, &c, &lk->lost);
}

static void lt_on_ring(int fd, uint32_t events, void *arg)
{
	struct locks *lk = arg;
	struct lt_state *ps = lk->priv;

	for (int i = 0; i < ps->n; i++) {
		if (ps->th[i].fd_enter == fd) {
			lt_drain_one(lk, &ps->th[i]);
			/* The thread exited: its ring holds all it will, and a
			 * hung-up fd stays ready, which would spin the loop
			 * until the thread list drops it (never, once the
			 * whole target is gone). */
			if (events & (EPOLLHUP | EPOLLERR))
				loop_del_fd(lk->loop, fd);
			break;
		}
	}
}

static int lt_thread_open(struct locks *lk, pid_t tid, char **cause)
{
	struct lt_state *ps = lk->priv;
	struct lt_thread t = {.tid = tid, .fd_enter = -1, .fd_exit = -1, .fd_stack = -1};
	struct perf_event_attr a;
	size_t data = LT_PAGES * ps->page;

	if (ps->n >= LT_MAX_THREADS) {
		set_cause(cause, "more than %d threads", LT_MAX_THREADS);
		return -1;
	}
	lt_attr(&a, ps->id_enter, PERF_SAMPLE_RAW, data);
	t.fd_enter = lt_open_event(&a, tid, -1);
	if (t.fd_enter < 0) {
		set_cause(cause, "perf_event_open(syscalls:sys_enter_futex, tid %d): %s", (int)tid,
		          strerror(errno));
		return -1;
	}
	if (perfring_map(&t.ring, t.fd_enter, LT_PAGES) < 0) {
		set_cause(cause, "futex trace ring for tid %d: %s", (int)tid, strerror(errno));
		goto fail;
	}
	lt_attr(&a, ps->id_exit, PERF_SAMPLE_RAW, data);
	t.fd_exit = lt_open_event(&a, tid, -1);
	if (t.fd_exit < 0 || ioctl(t.fd_exit, PERF_EVENT_IOC_SET_OUTPUT, t.fd_enter) < 0) {
		set_cause(cause, "perf_event_open(syscalls:sys_exit_futex, tid %d): %s", (int)tid,
		          strerror(errno));
		goto fail;
	}
	lt_attr(&a, ps->id_enter, PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER, data);
	a.sample_period = LOCKS_STACK_PERIOD;
	a.sample_regs_user = UNWIND_PERF_REGS_MASK;
	a.sample_stack_user = LT_STACK_BYTES;
	a.disabled = 1;
	t.fd_stack = lt_open_event(&a, tid, -1);
	/* Call sites are a bonus: counting goes on without them. */
	if (t.fd_stack >= 0 && (ioctl(t.fd_stack, PERF_EVENT_IOC_SET_FILTER, ps->filter) < 0 ||
	                        ioctl(t.fd_stack, PERF_EVENT_IOC_SET_OUTPUT, t.fd_enter) < 0 ||
	                        ioctl(t.fd_stack, PERF_EVENT_IOC_ID, &t.id_stack) < 0 ||
	                        ioctl(t.fd_stack, PERF_EVENT_IOC_ENABLE, 0) < 0)) {
		close(t.fd_stack);
		t.fd_stack = -1;
	}
	if (ioctl(t.fd_enter, PERF_EVENT_IOC_ID, &t.id_enter) < 0 ||
	    ioctl(t.fd_exit, PERF_EVENT_IOC_ID, &t.id_exit) < 0) {
		set_cause(cause, "PERF_EVENT_IOC_ID: %s", strerror(errno));
		goto fail;
	}
	if (t.fd_stack < 0)
		t.id_stack = (uint64_t)-1;
	if (loop_add_fd(lk->loop, t.fd_enter, lt_on_ring, lk, cause) < 0)
		goto fail;
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 16;
		ps->th = xrealloc(ps->th, (size_t)ps->cap * sizeof *ps->th);
	}
	ps->th[ps->n++] = t;
	return 0;
fail:
	if (t.fd_stack >= 0)
		close(t.fd_stack);
	if (t.fd_exit >= 0)
		close(t.fd_exit);
	perfring_unmap(&t.ring);
	close(t.fd_enter);
	return -1;
}

/* A thread found in a futex wait when we begin: seed its pending wait. */
static void lt_seed(struct locks *lk, pid_t tid)
{
	char path[96], buf[256];
	long nr = -1;
	unsigned long long uaddr = 0, op = 0;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/task/%d/syscall", (int)lk->pid, (int)tid);
	f = fopen(path, "re");
	if (f == NULL)
		return;
	if (fgets(buf, sizeof buf, f) != NULL &&
	    sscanf(buf, "%ld 0x%llx 0x%llx", &nr, &uaddr, &op) == 3 && nr == LK_FUTEX_NR)
		lk_seed(lk->eng, tid, now_mono_ns(), uaddr, (long)op);
	fclose(f);
}

/* The filter keeping wait ops: each command with each flag combination. */
static char *lt_wait_filter(void)
{
	static const int cmds[] = {0, 6, 9, 11, 13};
	char buf[1024];
	size_t at = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < CTOP_ARRAY_LEN(cmds); i++)
		for (int flags = 0; flags < 4; flags++)
			at += (size_t)snprintf(buf + at, sizeof buf - at, "%sop == %d",
			                       at > 0 ? " || " : "", cmds[i] | (flags << 7));
	return xstrdup(buf);
}

static void lt_stop(struct locks *lk)
{
	struct lt_state *ps = lk->priv;

	if (ps == NULL)
		return;
	for (int i = 0; i < ps->n; i++)
		lt_thread_close(lk, &ps->th[i]);
	free(ps->th);
	free(ps->rec);
	free(ps->filter);
	free(ps);
	lk->priv = NULL;
}

static int lt_start(struct locks *lk, char **cause)
{
	struct lt_state *ps = xcalloc(1, sizeof *ps);
	char path[256], *how = NULL, *why = NULL;
	const char *root;
	pid_t *tids;
	int n = 0;

	lk->priv = ps;
	ps->page = (size_t)sysconf(_SC_PAGESIZE);
	ps->rec = xmalloc(PERFRING_REC_MAX);
	ps->filter = lt_wait_filter();
	root = lt_find_tracefs(&how, cause);
	if (root == NULL)
		goto fail;
	snprintf(path, sizeof path, "%s/events/syscalls/sys_enter_futex/id", root);
	if (lt_read_int(path, &ps->id_enter) < 0) {
		set_cause(cause, "%s: %s", path, strerror(errno));
		goto fail;
	}
	snprintf(path, sizeof path, "%s/events/syscalls/sys_exit_futex/id", root);
	if (lt_read_int(path, &ps->id_exit) < 0) {
		set_cause(cause, "%s: %s", path, strerror(errno));
		goto fail;
	}
	/* The raw record holds the fields after the 4-byte size. */
	ps->off_uaddr = lt_field_offset(root, "sys_enter_futex", "uaddr");
	ps->off_op = lt_field_offset(root, "sys_enter_futex", "op");
	ps->off_ret = lt_field_offset(root, "sys_exit_futex", "ret");
	if (ps->off_uaddr < 0 || ps->off_op < 0) {
		set_cause(cause, "%s: futex tracepoint format not understood", root);
		goto fail;
	}
	tids = tasks_list(lk->pid, &n);
	if (tids == NULL) {
		set_cause(cause, "process %d: no threads", (int)lk->pid);
		goto fail;
	}
	for (int i = 0; i < n; i++) {
		if (lt_thread_open(lk, tids[i], &why) < 0) {
			/* The first thread tells whether tracing is allowed. */
			if (i == 0) {
				if (cause != NULL)
					*cause = why;
				else
					free(why);
				free(tids);
				goto fail;
			}
			free(why);
			why = NULL;
			continue;
		}
		lt_seed(lk, tids[i]);
	}
	free(tids);
	lk->unw = unwinder_new(lk->pid, NULL);
	lk->note = xasprintf("every futex wait counted and timed exactly (%s/%s); call sites "
	                     "from user stacks of one wait in %d",
	                     "sys_enter_futex", "sys_exit_futex", LOCKS_STACK_PERIOD);
	lk->reason = how;
	return 0;
fail:
	free(how);
	lt_stop(lk);
	return -1;
}

static void lt_update_threads(struct locks *lk, const pid_t *tids, int n)
{
	struct lt_state *ps = lk->priv;
	uint64_t now = now_mono_ns();
	struct tidset want, have;

	tidset_init(&want, tids, n);
	for (int i = 0; i < ps->n;) {
		if (tidset_has(&want, ps->th[i].tid)) {
			i++;
			continue;
		}
		lt_drain_one(lk, &ps->th[i]);
		lk_gone(lk->eng, ps->th[i].tid, now);
		lt_thread_close(lk, &ps->th[i]);
		ps->th[i] = ps->th[--ps->n];
	}
	tidset_init_from(&have, ps->n > 0 ? &ps->th[0].tid : NULL, ps->n, sizeof ps->th[0]);
	for (int j = 0; j < n; j++)
		if (!tidset_has(&have, tids[j]))
			lt_thread_open(lk, tids[j], NULL);
	tidset_free(&have);
	tidset_free(&want);
}

static void lt_drain(struct locks *lk)
{
	struct lt_state *ps = lk->priv;

	for (int i = 0; i < ps->n; i++)
		lt_drain_one(lk, &ps->th[i]);
}

const struct locks_ops locks_trace_ops = {
    .name = "trace",
    .start = lt_start,
    .stop = lt_stop,
    .update_threads = lt_update_threads,
    .drain = lt_drain,
};
