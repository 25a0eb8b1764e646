/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * locks: the lock collector's common part (see locks.h): picks a back
 * end, keeps the wait engine (locks_core.c), names locks and sites, reads
 * holders, keeps each lock's recent history, and fills snap->locks.
 */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "locks_int.h"
#include "snapshot.h"
#include "symbols.h"
#include "unwind.h"
#include "util.h"

static struct locks *locks_try(struct loop *l, pid_t pid, const struct locks_ops *ops, double hz,
                               double window_s, struct sampler *sampler, char **cause)
{
	struct locks *lk = xcalloc(1, sizeof *lk);

	lk->ops = ops;
	lk->loop = l;
	lk->pid = pid;
	lk->hz = hz > 0 ? hz : 99;
	lk->window_s = window_s;
	lk->sampler = sampler;
	lk->last_tick_ns = now_mono_ns();
	lk->eng = lk_engine_new(lk->last_tick_ns);
	lk->sy = symbols_new(pid);
	if (ops->start(lk, cause) < 0) {
		locks_free(lk);
		return NULL;
	}
	return lk;
}

struct locks *locks_new(struct loop *l, pid_t pid, enum locks_backend b, double hz, double window_s,
                        struct sampler *sampler, char **cause)
{
	struct locks *lk;
	char *why = NULL;

	switch (b) {
	case LOCKS_OFF:
		set_cause(cause, "lock tracking off (--locks off)");
		return NULL;
	case LOCKS_TRACE:
		lk = locks_try(l, pid, &locks_trace_ops, hz, window_s, sampler, cause);
		if (lk != NULL && lk->reason == NULL)
			lk->reason = xstrdup("--locks trace");
		return lk;
	case LOCKS_SAMPLE:
		lk = locks_try(l, pid, &locks_sample_ops, hz, window_s, sampler, cause);
		if (lk != NULL) {
			free(lk->reason);
			lk->reason = xstrdup("--locks sample");
		}
		return lk;
	case LOCKS_AUTO:
		break;
	}
	lk = locks_try(l, pid, &locks_trace_ops, hz, window_s, sampler, &why);
	if (lk != NULL) {
		if (lk->reason == NULL)
			lk->reason = xstrdup("futex tracepoints allowed");
		free(why);
		return lk;
	}
	lk = locks_try(l, pid, &locks_sample_ops, hz, window_s, sampler, cause);
	if (lk != NULL) {
		free(lk->reason);
		lk->reason = xasprintf("tracing not allowed (%s); sampling /proc", why);
	} else if (cause != NULL && *cause != NULL && why != NULL) {
		char *both = xasprintf("%s; %s", why, *cause);
		free(*cause);
		*cause = both;
	}
	free(why);
	return lk;
}

void locks_free(struct locks *lk)
{
	if (lk == NULL)
		return;
	if (lk->ops != NULL && lk->ops->stop != NULL)
		lk->ops->stop(lk);
	lk_engine_free(lk->eng);
	symbols_free(lk->sy);
	unwinder_free(lk->unw);
	for (int i = 0; i < lk->nlocks; i++) {
		struct locks_lock *k = &lk->locks[i];

		free(k->name);
		for (int j = 0; j < k->nsites; j++) {
			free(k->sites[j].key);
			free(k->sites[j].function);
		}
		free(k->sites);
	}
	free(lk->locks);
	free(lk->last);
	free(lk->reason);
	free(lk->note);
	free(lk);
}

void locks_update_threads(struct locks *lk, const pid_t *tids, int n)
{
	int w = 0;

	lk->ops->update_threads(lk, tids, n);
	for (int i = 0; i < lk->nlast; i++) {
		for (int j = 0; j < n; j++) {
			if (tids[j] == lk->last[i].tid) {
				lk->last[w++] = lk->last[i];
				break;
			}
		}
	}
	lk->nlast = w;
}

void locks_note_stack(struct locks *lk, pid_t tid, const uint64_t *ips, int n)
{
	struct locks_last *l = NULL;

	if (lk == NULL || n <= 0)
		return;
	for (int i = 0; i < lk->nlast; i++)
		if (lk->last[i].tid == tid)
			l = &lk->last[i];
	if (l == NULL) {
		if (lk->nlast == lk->caplast) {
			lk->caplast = lk->caplast ? lk->caplast * 2 : 16;
			lk->last = xrealloc(lk->last, (size_t)lk->caplast * sizeof *lk->last);
		}
		l = &lk->last[lk->nlast++];
		l->tid = tid;
	}
	l->n = n < LOCKS_MAX_FRAMES ? n : LOCKS_MAX_FRAMES;
	memcpy(l->ips, ips, (size_t)l->n * sizeof *ips);
}

pid_t locks_read_owner(struct locks *lk, uint64_t uaddr)
{
	int owner = 0;
	struct iovec local = {.iov_base = &owner, .iov_len = sizeof owner};
	/* glibc's struct __pthread_mutex_s: __lock, __count, __owner. */
	struct iovec remote = {.iov_base = (void *)(uintptr_t)(uaddr + 8), .iov_len = sizeof owner};
	char path[64];

	if (process_vm_readv(lk->pid, &local, 1, &remote, 1, 0) != (ssize_t)sizeof owner ||
	    owner <= 0)
		return 0;
	/* Only a thread of the target is a holder; anything else means the
	 * word is not a glibc mutex. */
	snprintf(path, sizeof path, "/proc/%d/task/%d", (int)lk->pid, owner);
	return access(path, F_OK) == 0 ? (pid_t)owner : 0;
}

/* The lock's kind: the kind of most of its sampled stacks. */
static enum lk_kind locks_kind(const struct locks_lock *k)
{
	uint64_t votes[LK_OTHER + 1] = {0};
	enum lk_kind best = LK_UNKNOWN;

	for (int i = 0; i < k->nsites; i++)
		votes[k->sites[i].kind] += k->sites[i].samples;
	for (int i = LK_MUTEX; i <= LK_OTHER; i++)
		if (votes[i] > votes[best])
			best = (enum lk_kind)i;
	return best;
}

static const struct locks_site *locks_top_site(const struct locks_lock *k)
{
	const struct locks_site *top = NULL;

	for (int i = 0; i < k->nsites; i++)
		if (top == NULL || k->sites[i].samples > top->samples)
			top = &k->sites[i];
	return top;
}

static char *locks_read_maps(pid_t pid)
{
	char path[64];

	snprintf(path, sizeof path, "/proc/%d/maps", (int)pid);
	return read_file_alloc(path, NULL);
}

/* Names a lock: its data symbol, else region, address and top site. */
static void locks_name(struct locks *lk, struct locks_lock *k, char **maps)
{
	struct sym_info si;
	const struct locks_site *top;
	char region[64];
	int r;

	if (k->named_by_symbol)
		return;
	symbols_refresh(lk->sy);
	r = symbols_lookup_data(lk->sy, k->uaddr, &si);
	if (r == 1) {
		free(k->name);
		k->name = xstrdup(si.function);
		k->named_by_symbol = 1;
		return;
	}
	if (r == 0)
		snprintf(region, sizeof region, "%s", si.function);
	else {
		if (*maps == NULL)
			*maps = locks_read_maps(lk->pid);
		lk_region_label(*maps != NULL ? *maps : "", k->uaddr, region, sizeof region);
		snprintf(region + strlen(region), sizeof region - strlen(region), " 0x%" PRIx64,
		         k->uaddr);
	}
	top = locks_top_site(k);
	free(k->name);
	k->name = top != NULL ? xasprintf("%s (%s)", region, top->function) : xstrdup(region);
}

/* Where a holder was last sampled: its first frame outside libc. */
static char *locks_holder_function(struct locks *lk, pid_t tid)
{
	char names[LOCKS_SITE_FRAMES][LOCKS_NAME], mods[LOCKS_SITE_FRAMES][64];

	for (int i = 0; i < lk->nlast; i++) {
		int n;

		if (lk->last[i].tid != tid)
			continue;
		n = locks_names(lk, lk->last[i].ips, lk->last[i].n, names, mods);
		for (int j = 0; j < n; j++)
			if (!lk_module_is_libc(mods[j]))
				return xstrdup(names[j]);
		return n > 0 ? xstrdup(names[0]) : NULL;
	}
	return NULL;
}

static int locks_snap_cmp(const void *a, const void *b)
{
	const struct snap_lock *x = a, *y = b;
	double vx = x->idle ? x->idle_ms_per_s : x->wait_ms_per_s;
	double vy = y->idle ? y->idle_ms_per_s : y->wait_ms_per_s;

	if (x->idle != y->idle)
		return x->idle - y->idle;
	return vx > vy ? -1 : vx < vy;
}

static int locks_site_cmp(const void *a, const void *b)
{
	const struct snap_lock_site *x = a, *y = b;

	return x->wait_ms_per_s > y->wait_ms_per_s ? -1 : x->wait_ms_per_s < y->wait_ms_per_s;
}

/* Fills one snapshot lock from the interval's figures. */
static void locks_fill(struct locks *lk, const struct lk_stat *st, double dt, struct snap_lock *out,
                       char **maps)
{
	struct locks_lock *k = locks_lock_get(lk, st->uaddr);
	enum lk_kind kind = locks_kind(k);
	uint64_t cont = st->short_ns + (lk_kind_is_lock(kind) ? st->long_ns : 0);
	uint64_t idle = st->short_ns + st->long_ns - cont;
	uint64_t isamples = 0, samples = 0;
	double wsum = 0, wdt = 0;

	locks_name(lk, k, maps);
	out->name = xstrdup(k->name != NULL ? k->name : "?");
	out->address = k->uaddr;
	out->kind = lk_kind_name(kind);
	out->wait_ms_per_s = (double)cont / 1e6 / dt;
	out->idle_ms_per_s = (double)idle / 1e6 / dt;
	out->idle = cont == 0;
	out->contentions_per_s =
	    (double)(st->waits + (lk_kind_is_lock(kind) ? st->long_waits : 0)) / dt;
	out->waiters_now = st->waiters_now;
	out->waiters_max = st->waiters_max;
	out->estimated = lk->estimated;
	if (lk->estimated || st->waits == 0) {
		out->mean_wait_us = NAN;
		out->max_wait_us =
		    lk->estimated || st->max_ns == 0 ? NAN : (double)st->max_ns / 1e3;
	} else {
		out->mean_wait_us = (double)st->sum_ns / (double)st->waits / 1e3;
		out->max_wait_us = (double)st->max_ns / 1e3;
	}
	/* The window: this tick and the ring before it. */
	k->ring_ms[k->ring_at] = out->wait_ms_per_s;
	k->ring_dt[k->ring_at] = dt;
	k->ring_at = (k->ring_at + 1) % LOCKS_RING;
	if (k->ring_n < LOCKS_RING)
		k->ring_n++;
	for (int i = 0; i < k->ring_n && wdt < lk->window_s; i++) {
		int at = (k->ring_at - 1 - i + LOCKS_RING) % LOCKS_RING;

		wsum += k->ring_ms[at] * k->ring_dt[at];
		wdt += k->ring_dt[at];
	}
	out->window_wait_ms_per_s = wdt > 0 ? wsum / wdt : NAN;
	k->quiet = 0;
	/* Holder: a glibc mutex stores its owner's tid. */
	if (cont > 0 && (kind == LK_MUTEX || kind == LK_UNKNOWN)) {
		pid_t h = locks_read_owner(lk, k->uaddr);
		if (h > 0)
			k->holder = h;
	}
	out->holder_tid = k->holder;
	if (k->holder > 0)
		out->holder_function = locks_holder_function(lk, k->holder);
	/* Sites: the interval's stacks when there are, else all so far. */
	for (int i = 0; i < k->nsites; i++) {
		isamples += k->sites[i].interval_samples;
		samples += k->sites[i].samples;
	}
	if (k->nsites > 0) {
		out->sites = xcalloc((size_t)k->nsites, sizeof *out->sites);
		for (int i = 0; i < k->nsites; i++) {
			struct locks_site *s = &k->sites[i];
			double share = isamples > 0 ? (double)s->interval_samples / (double)isamples
			                            : (double)s->samples / (double)samples;
			struct snap_lock_site *o = &out->sites[out->nsites++];

			o->function = xstrdup(s->function);
			o->stack = xstrdup(s->key);
			o->samples = s->samples;
			o->wait_ms_per_s =
			    (out->idle ? out->idle_ms_per_s : out->wait_ms_per_s) * share;
			s->interval_samples = 0;
		}
		qsort(out->sites, (size_t)out->nsites, sizeof *out->sites, locks_site_cmp);
	}
	if (st->ntids > 0) {
		out->waiters = xcalloc((size_t)st->ntids, sizeof *out->waiters);
		out->nwaiters = st->ntids;
		for (int i = 0; i < st->ntids; i++) {
			out->waiters[i].tid = st->tids[i];
			out->waiters[i].wait_ms_per_s = (double)st->tid_ns[i] / 1e6 / dt;
		}
	}
}

void locks_collect(struct locks *lk, struct snapshot *snap)
{
	struct snap_locks *sl = &snap->locks;
	uint64_t now = (uint64_t)(snap->mono * 1e9);
	double dt;
	struct lk_stat *st;
	char *maps = NULL;
	int n;

	lk->ops->drain(lk);
	if (now <= lk->last_tick_ns)
		now = now_mono_ns();
	dt = (double)(now - lk->last_tick_ns) / 1e9;
	lk->last_tick_ns = now;
	st = lk_tick(lk->eng, now, &n);
	sl->backend = lk->ops->name;
	sl->reason = lk->reason != NULL ? xstrdup(lk->reason) : NULL;
	sl->note = lk->note != NULL ? xstrdup(lk->note) : NULL;
	sl->estimated = lk->estimated;
	sl->rate_hz = lk->estimated ? lk->hz : NAN;
	sl->events = lk->events;
	sl->lost = lk->lost;
	sl->window_s = lk->window_s;
	for (int i = 0; i < lk->nlocks; i++)
		lk->locks[i].quiet++;
	if (n > 0 && dt > 0) {
		sl->locks = xcalloc((size_t)n, sizeof *sl->locks);
		for (int i = 0; i < n; i++)
			locks_fill(lk, &st[i], dt, &sl->locks[sl->nlocks++], &maps);
		qsort(sl->locks, (size_t)sl->nlocks, sizeof *sl->locks, locks_snap_cmp);
	}
	/* Quiet locks had no contention this tick: zero in their window. */
	for (int i = 0; i < lk->nlocks; i++) {
		struct locks_lock *k = &lk->locks[i];

		if (k->quiet == 0 || dt <= 0)
			continue;
		k->ring_ms[k->ring_at] = 0;
		k->ring_dt[k->ring_at] = dt;
		k->ring_at = (k->ring_at + 1) % LOCKS_RING;
		if (k->ring_n < LOCKS_RING)
			k->ring_n++;
	}
	/* The top contended lock's recent history, oldest first. */
	if (sl->nlocks > 0 && !sl->locks[0].idle) {
		struct locks_lock *k = locks_lock_get(lk, sl->locks[0].address);
		int m = k->ring_n < SNAP_LOCK_HIST ? k->ring_n : SNAP_LOCK_HIST;

		for (int i = 0; i < m; i++)
			sl->hist[i] = k->ring_ms[(k->ring_at - m + i + LOCKS_RING) % LOCKS_RING];
		sl->nhist = m;
	}
	free(maps);
	free(st);
}
