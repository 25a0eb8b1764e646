/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * stacks: the sample store.  Each sample's addresses are symbolized
 * (through a per-address cache, so a sample costs a few hash probes once
 * the code is warm), turned into function ids, and the array of ids is
 * interned in the dictionary, so a sample is kept as (time, thread, stack
 * id).  Two views are kept: a ring of recent samples and the cumulative
 * count per (thread, stack) since attach.  At each tick both are folded
 * into a new immutable profile.
 *
 * It does not unwind (the sampler delivers addresses), answers no
 * queries (profile.c does) and never draws.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "ksyms.h"
#include "profile.h"
#include "snapshot.h"
#include "stacks.h"
#include "symbols.h"
#include "u64map.h"
#include "util.h"

/* Stacks deeper than this are cut at the root end. */
#define STK_MAX_FRAMES 256
/* The windows every profile carries besides --window. */
static const double stk_windows[] = {5, 10, 30};
/* At most this many recent samples are kept (16 bytes each): a busy
 * process sampled at a high rate keeps a shorter history, and the
 * profile's covered_s says how much. */
#define STK_RING_MAX (1u << 18)
/* Hard bounds of what grows with the code the target runs, so a long
 * watch of a big program stays within a fixed memory budget: the address
 * cache is flushed when full (it refills from the symbolizer), and once
 * the dictionary holds this many bytes new stacks are counted under one
 * "[stack table full]" stack instead of growing it further (ids are
 * never evicted: the since-attach counts and live profiles refer to
 * them).  A dictionary array may still double once past the bound. */
#define STK_ADDR_CACHE_MAX (1u << 16)
#define STK_DICT_MAX_BYTES (8u << 20)

struct stk_sample {
	double mono;
	pid_t tid;
	uint32_t stack;
	uint32_t weight; /* samples this one stands for */
};

struct stacks {
	pid_t pid;
	double window_s;
	double spans[PROF_MAX_SPANS]; /* interval, windows ascending, since attach */
	int nspans;
	double keep_s; /* twice the longest window */
	struct symbols *sy;
	struct dict *dict;
	struct u64map addr_cache;  /* looked-up address -> function id + 1 */
	size_t addr_max, dict_max; /* the bounds above */
	uint64_t addr_flushes;     /* times the address cache was full */
	uint64_t overflow;         /* samples counted as "[stack table full]" */

	struct stk_sample *ring; /* recent samples, oldest at head */
	size_t head, n, cap;
	double dropped_mono;      /* newest sample dropped for room, or -INF */
	struct u64map cumulative; /* tid << 32 | stack -> count */
	uint64_t total;
	double first_mono; /* of the first sample, NAN before */
	double now;        /* the store's clock: latest sample or expire */
	size_t interval_n; /* samples since the last collect */
	struct ksyms *ks;  /* kernel names, read at the first kernel address */
	/* The process's user and system CPU seconds per tick, for the
	 * system share over the window (oldest first). */
	struct stk_cpu {
		double mono, user_s, sys_s;
	} * cpu;
	size_t ncpu, capcpu;
};

struct stacks *stacks_new(pid_t pid, double window_s)
{
	struct stacks *st = xcalloc(1, sizeof *st);
	int have = 0;

	st->pid = pid;
	st->window_s = window_s > 0 ? window_s : 10;
	st->spans[st->nspans++] = 0;
	/* The windows in ascending order, --window among them once. */
	for (size_t i = 0; i < CTOP_ARRAY_LEN(stk_windows); i++) {
		if (!have && st->window_s <= stk_windows[i]) {
			if (st->window_s < stk_windows[i])
				st->spans[st->nspans++] = st->window_s;
			have = 1;
		}
		st->spans[st->nspans++] = stk_windows[i];
	}
	if (!have)
		st->spans[st->nspans++] = st->window_s;
	st->spans[st->nspans++] = INFINITY;
	st->keep_s = 2 * st->spans[st->nspans - 2];
	st->dict = dict_new();
	u64map_init(&st->addr_cache);
	u64map_init(&st->cumulative);
	st->addr_max = STK_ADDR_CACHE_MAX;
	st->dict_max = STK_DICT_MAX_BYTES;
	st->first_mono = NAN;
	st->now = -INFINITY;
	st->dropped_mono = -INFINITY;
	return st;
}

void stacks_free(struct stacks *st)
{
	if (st == NULL)
		return;
	symbols_free(st->sy);
	ksyms_free(st->ks);
	free(st->cpu);
	dict_unref(st->dict);
	u64map_release(&st->addr_cache);
	u64map_release(&st->cumulative);
	free(st->ring);
	free(st);
}

static const struct stk_sample *stk_at(const struct stacks *st, size_t i)
{
	return &st->ring[(st->head + i) % st->cap];
}

static void stk_ring_push(struct stacks *st, const struct stk_sample *s)
{
	if (st->n == st->cap && st->cap < STK_RING_MAX) {
		size_t cap = st->cap ? st->cap * 2 : 1024;
		struct stk_sample *w = xmalloc(cap * sizeof *w);

		/* Unroll the ring into the new array, oldest first. */
		for (size_t i = 0; i < st->n; i++)
			w[i] = *stk_at(st, i);
		free(st->ring);
		st->ring = w;
		st->cap = cap;
		st->head = 0;
	}
	if (st->n == st->cap) {
		st->dropped_mono = stk_at(st, 0)->mono;
		st->head = (st->head + 1) % st->cap;
		st->n--;
	}
	st->ring[(st->head + st->n) % st->cap] = *s;
	st->n++;
}

void stacks_expire(struct stacks *st, double now)
{
	if (now > st->now)
		st->now = now;
	while (st->n > 0 && stk_at(st, 0)->mono < st->now - st->keep_s) {
		st->head = (st->head + 1) % st->cap;
		st->n--;
	}
	if (st->interval_n > st->n)
		st->interval_n = st->n;
}

/* Remembers addr's function id; a full cache starts over. */
static void stk_cache_put(struct stacks *st, uint64_t addr, uint32_t id)
{
	if (st->addr_cache.n >= st->addr_max) {
		u64map_release(&st->addr_cache);
		u64map_init(&st->addr_cache);
		st->addr_flushes++;
	}
	u64map_set(&st->addr_cache, addr, (uint64_t)id + 1);
}

/* The function id of one looked-up address, through the cache. */
static uint32_t stk_func_of(struct stacks *st, uint64_t addr)
{
	struct sym_info si;
	uint64_t v;
	uint32_t id;

	if (addr == 0 || addr == UINT64_MAX)
		return dict_intern_func(st->dict, "[unknown]", "[unknown]");
	v = u64map_get(&st->addr_cache, addr);
	if (v != 0)
		return (uint32_t)(v - 1);
	if (ksyms_is_kernel(addr)) {
		const char *name, *module;

		if (st->ks == NULL)
			st->ks = ksyms_load();
		ksyms_lookup(st->ks, addr, &name, &module);
		id = dict_intern_func(st->dict, name, module);
		stk_cache_put(st, addr, id);
		return id;
	}
	/* The symbolizer opens every mapped ELF file: only once there is a
	 * sample, so that ctop -F 0 never reads them. */
	if (st->sy == NULL)
		st->sy = symbols_new(st->pid);
	symbols_lookup(st->sy, addr, &si);
	id = dict_intern_func(st->dict, si.function, si.module);
	stk_cache_put(st, addr, id);
	return id;
}

/* Whether the dictionary reached its bound: new stacks go to one. */
static int stk_full(struct stacks *st)
{
	return dict_bytes(st->dict) >= st->dict_max;
}

static void stk_add_ids(struct stacks *st, pid_t tid, const uint32_t *ids, int n, unsigned weight,
                        double mono);

/* One sample past the dictionary's bound: counted, under one stack. */
static void stk_add_overflow(struct stacks *st, pid_t tid, unsigned weight, double mono)
{
	uint32_t id = dict_intern_func(st->dict, "[stack table full]", "[ctop]");

	st->overflow += weight;
	stk_add_ids(st, tid, &id, 1, weight, mono);
}

static void stk_add_ids(struct stacks *st, pid_t tid, const uint32_t *ids, int n, unsigned weight,
                        double mono)
{
	struct stk_sample s;

	s.mono = mono;
	s.tid = tid;
	s.weight = weight;
	s.stack = dict_intern_stack(st->dict, ids, (uint32_t)n);
	if (isnan(st->first_mono))
		st->first_mono = mono;
	stk_ring_push(st, &s);
	st->interval_n++;
	stacks_expire(st, mono);
	u64map_add(&st->cumulative, (uint64_t)(uint32_t)tid << 32 | s.stack, weight);
	st->total += weight;
}

void stacks_add(struct stacks *st, pid_t tid, const uint64_t *ips, int n, double mono)
{
	stacks_add_weighted(st, tid, ips, n, 1, mono);
}

void stacks_add_weighted(struct stacks *st, pid_t tid, const uint64_t *ips, int n, unsigned weight,
                         double mono)
{
	uint32_t ids[STK_MAX_FRAMES];

	if (st == NULL || n <= 0 || weight == 0)
		return;
	if (n > STK_MAX_FRAMES)
		n = STK_MAX_FRAMES;
	if (stk_full(st)) {
		stk_add_overflow(st, tid, weight, mono);
		return;
	}
	for (int i = 0; i < n; i++) {
		/* A return address points after its call, which may be the
		 * first byte of the next function: look up the call itself. */
		ids[i] = stk_func_of(st, i == 0 ? ips[i] : ips[i] - 1);
	}
	stk_add_ids(st, tid, ids, n, weight, mono);
}

void stacks_add_leaf(struct stacks *st, pid_t tid, const uint64_t *ips, int n, const char *leaf,
                     const char *module, unsigned weight, double mono)
{
	uint32_t ids[STK_MAX_FRAMES];

	if (st == NULL || weight == 0 || n < 0)
		return;
	if (n > STK_MAX_FRAMES - 1)
		n = STK_MAX_FRAMES - 1;
	ids[0] = dict_intern_func(st->dict, leaf, module);
	for (int i = 0; i < n; i++)
		ids[i + 1] = stk_func_of(st, i == 0 ? ips[i] : ips[i] - 1);
	stk_add_ids(st, tid, ids, n + 1, weight, mono);
}

void stacks_add_named(struct stacks *st, pid_t tid, const char *const *names,
                      const char *const *modules, int n, double mono)
{
	uint32_t ids[STK_MAX_FRAMES];

	if (st == NULL || n <= 0)
		return;
	if (n > STK_MAX_FRAMES)
		n = STK_MAX_FRAMES;
	if (stk_full(st)) {
		stk_add_overflow(st, tid, 1, mono);
		return;
	}
	for (int i = 0; i < n; i++)
		ids[i] = dict_intern_func(st->dict, names[i], modules[i]);
	stk_add_ids(st, tid, ids, n, 1, mono);
}

struct profile *stacks_profile(const struct stacks *st, double now)
{
	struct profile *p = profile_new(st->dict, st->spans, st->nspans);
	double covered[PROF_MAX_SPANS];
	double since = isnan(st->first_mono) ? 0 : now - st->first_mono;
	/* Samples older than a dropped one are gone from the ring. */
	double held = isinf(st->dropped_mono) ? since : now - st->dropped_mono;

	for (size_t i = 0; i < st->cumulative.cap; i++) {
		uint64_t k = st->cumulative.keys[i];

		if (k != 0)
			profile_count(p, (pid_t)(k >> 32), (uint32_t)k, st->nspans - 1, 0,
			              (uint32_t)st->cumulative.vals[i]);
	}
	for (size_t i = 0; i < st->n; i++) {
		const struct stk_sample *s = stk_at(st, i);
		double age = now - s->mono;

		if (age < 0)
			age = 0;
		if (i >= st->n - st->interval_n)
			profile_count(p, s->tid, s->stack, PROF_INTERVAL, 0, s->weight);
		for (int k = 1; k < st->nspans - 1; k++) {
			if (age < st->spans[k])
				profile_count(p, s->tid, s->stack, k, 0, s->weight);
			else if (age < 2 * st->spans[k])
				profile_count(p, s->tid, s->stack, k, 1, s->weight);
		}
	}
	covered[PROF_INTERVAL] = NAN;
	for (int k = 1; k < st->nspans; k++) {
		double c = k < st->nspans - 1 && st->spans[k] < held ? st->spans[k] : held;

		covered[k] = c > 0 ? c : 0;
	}
	covered[st->nspans - 1] = since > 0 ? since : 0;
	profile_seal(p, covered);
	return p;
}

/*
 * New mappings (dlopen, exec) invalidate cached addresses, so the cache
 * is dropped when the maps changed.  Addresses looked up between a change
 * and this refresh may be cached stale (as "[unknown]") until then: one
 * tick at most.  Function ids stay, so counts already taken keep their
 * names.
 */
static int stk_refresh_symbols(struct stacks *st)
{
	/* Nothing sampled since the last tick: nothing looked up, and the
	 * next lookup's tick refreshes soon enough. */
	if (st->sy == NULL || st->interval_n == 0)
		return 0;
	if (symbols_refresh(st->sy)) {
		u64map_release(&st->addr_cache);
		u64map_init(&st->addr_cache);
		return 1;
	}
	return 0;
}

/*
 * The share of the process's CPU that was system time over the last
 * window_s, from the per-interval user and system shares of the snapshots
 * (what a user-only sample cannot see); NAN before any is known.
 */
static double stk_window_sys(struct stacks *st, const struct snapshot *snap)
{
	const struct snap_process *pr = &snap->process;
	double user = 0, sys = 0;
	size_t keep = 0;

	if (!isnan(pr->user_pct) && !isnan(pr->sys_pct) && snap->interval_s > 0) {
		if (st->ncpu == st->capcpu) {
			st->capcpu = st->capcpu ? st->capcpu * 2 : 64;
			st->cpu = xrealloc(st->cpu, st->capcpu * sizeof *st->cpu);
		}
		st->cpu[st->ncpu].mono = snap->mono;
		st->cpu[st->ncpu].user_s = pr->user_pct / 100.0 * snap->interval_s;
		st->cpu[st->ncpu].sys_s = pr->sys_pct / 100.0 * snap->interval_s;
		st->ncpu++;
	}
	/* An interval belongs to the window when it ended inside it. */
	while (keep < st->ncpu && st->cpu[keep].mono <= snap->mono - st->window_s)
		keep++;
	if (keep > 0) { /* st->cpu is NULL until the first interval */
		memmove(st->cpu, st->cpu + keep, (st->ncpu - keep) * sizeof *st->cpu);
		st->ncpu -= keep;
	}
	for (size_t i = 0; i < st->ncpu; i++) {
		user += st->cpu[i].user_s;
		sys += st->cpu[i].sys_s;
	}
	return user + sys > 0 ? 100.0 * sys / (user + sys) : NAN;
}

static int stk_cmp_tid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

void stacks_fold_ended(struct stacks *st, const struct snapshot *snap)
{
	pid_t *live;
	struct u64map kept;
	const uint64_t ended = (uint64_t)(uint32_t)STACKS_ENDED_TID << 32;
	int n = snap->nthreads, any = 0;

	if (st == NULL || n <= 0 || st->cumulative.n == 0)
		return;
	live = xmalloc((size_t)n * sizeof *live);
	for (int i = 0; i < n; i++)
		live[i] = snap->threads[i].tid;
	qsort(live, (size_t)n, sizeof *live, stk_cmp_tid);
	for (size_t i = 0; i < st->cumulative.cap && !any; i++) {
		uint64_t k = st->cumulative.keys[i];
		pid_t tid = (pid_t)(k >> 32);

		any = k != 0 && (k & ~0xffffffffull) != ended &&
		      bsearch(&tid, live, (size_t)n, sizeof *live, stk_cmp_tid) == NULL;
	}
	if (any) {
		/* No removal in the map: the live entries move to a new one. */
		u64map_init(&kept);
		for (size_t i = 0; i < st->cumulative.cap; i++) {
			uint64_t k = st->cumulative.keys[i];
			pid_t tid = (pid_t)(k >> 32);

			if (k == 0)
				continue;
			if ((k & ~0xffffffffull) != ended &&
			    bsearch(&tid, live, (size_t)n, sizeof *live, stk_cmp_tid) == NULL)
				k = ended | (k & 0xffffffffull);
			u64map_add(&kept, k, st->cumulative.vals[i]);
		}
		u64map_release(&st->cumulative);
		st->cumulative = kept;
	}
	free(live);
}

int stacks_collect(struct stacks *st, struct snapshot *snap)
{
	int changed;

	if (st == NULL)
		return 0;
	stacks_fold_ended(st, snap);
	snap->stacks.window_sys_pct = stk_window_sys(st, snap);
	snap->stacks.kernel_names_note = st->ks != NULL ? ksyms_hidden(st->ks) : NULL;
	changed = stk_refresh_symbols(st);
	stacks_expire(st, snap->mono);
	profile_unref(snap->stacks.profile);
	snap->stacks.profile = stacks_profile(st, snap->mono);
	snap->stacks.interval_samples = snap->stacks.profile->spans[PROF_INTERVAL].samples;
	snap->stacks.window_s = st->window_s;
	snap->stacks.dict_bytes = dict_bytes(st->dict);
	snap->stacks.addr_cache_flushes = st->addr_flushes;
	snap->stacks.overflow_samples = st->overflow;
	st->interval_n = 0;
	return changed;
}

struct profile *stacks_next_profile(struct stacks *st, double now)
{
	struct profile *p;

	stk_refresh_symbols(st);
	stacks_expire(st, now);
	p = stacks_profile(st, now);
	st->interval_n = 0;
	return p;
}

uint64_t stacks_total_samples(const struct stacks *st)
{
	return st != NULL ? st->total : 0;
}

uint64_t stacks_window_samples(const struct stacks *st)
{
	uint64_t n = 0;

	for (size_t i = 0; st != NULL && i < st->n; i++)
		n += stk_at(st, i)->mono >= st->now - st->window_s ? stk_at(st, i)->weight : 0;
	return n;
}

double stacks_window_s(const struct stacks *st)
{
	return st != NULL ? st->window_s : NAN;
}

void stacks_set_bounds(struct stacks *st, size_t addr_cache_max, size_t dict_max_bytes)
{
	st->addr_max = addr_cache_max > 0 ? addr_cache_max : STK_ADDR_CACHE_MAX;
	st->dict_max = dict_max_bytes > 0 ? dict_max_bytes : STK_DICT_MAX_BYTES;
}

void stacks_stats(const struct stacks *st, struct stacks_stats *out)
{
	out->addr_cached = st->addr_cache.n;
	out->addr_max = st->addr_max;
	out->addr_flushes = st->addr_flushes;
	out->dict_bytes = dict_bytes(st->dict);
	out->dict_max = st->dict_max;
	out->overflow_samples = st->overflow;
}
