/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * stacks: the sample store.  Each sample's addresses are symbolized
 * (through a per-address cache, so a sample costs a few hash probes once
 * the code is warm), turned into function ids, and the array of ids is
 * interned, so a sample is kept as (time, thread, stack id).  Three views
 * are kept: a window of recent samples (a ring, expired by time), the
 * cumulative count per (thread, stack) since attach, and the samples since
 * the last snapshot.
 *
 * This file adds and interns; stacks_query.c answers questions.  It does
 * not unwind (the sampler delivers addresses) and never draws.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stacks.h"
#include "stacks_priv.h"
#include "symbols.h"
#include "util.h"

/* Stacks deeper than this are cut at the root end. */
#define STK_MAX_FRAMES 256

void stk_map_init(struct stk_map *m)
{
	m->cap = 64;
	m->n = 0;
	m->keys = xcalloc(m->cap, sizeof *m->keys);
	m->vals = xcalloc(m->cap, sizeof *m->vals);
}

void stk_map_release(struct stk_map *m)
{
	free(m->keys);
	free(m->vals);
	m->keys = m->vals = NULL;
	m->cap = m->n = 0;
}

static size_t stk_map_slot(const struct stk_map *m, uint64_t key)
{
	/* Fibonacci hashing spreads aligned addresses over the table. */
	size_t i = (size_t)((key * 11400714819323198485ULL) >> 20) & (m->cap - 1);

	while (m->keys[i] != 0 && m->keys[i] != key)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void stk_map_grow(struct stk_map *m)
{
	struct stk_map big = {.cap = m->cap * 2};

	big.keys = xcalloc(big.cap, sizeof *big.keys);
	big.vals = xcalloc(big.cap, sizeof *big.vals);
	for (size_t i = 0; i < m->cap; i++) {
		if (m->keys[i] != 0) {
			size_t j = stk_map_slot(&big, m->keys[i]);

			big.keys[j] = m->keys[i];
			big.vals[j] = m->vals[i];
		}
	}
	big.n = m->n;
	stk_map_release(m);
	*m = big;
}

uint64_t stk_map_get(const struct stk_map *m, uint64_t key)
{
	size_t i = stk_map_slot(m, key);

	return m->keys[i] == key ? m->vals[i] : 0;
}

void stk_map_add(struct stk_map *m, uint64_t key, uint64_t delta)
{
	size_t i;

	if ((m->n + 1) * 4 > m->cap * 3)
		stk_map_grow(m);
	i = stk_map_slot(m, key);
	if (m->keys[i] == 0) {
		m->keys[i] = key;
		m->n++;
	}
	m->vals[i] += delta;
}

static uint64_t stk_hash(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	return h;
}

/* Arrays grow by doubling: full when the count is 0 or a power of two
 * no smaller than 16. */
static int stk_full(int n)
{
	return n == 0 || (n >= 16 && (n & (n - 1)) == 0);
}

static size_t stk_grown(int n)
{
	return n == 0 ? 16 : (size_t)n * 2;
}

/* Interns (name, module); collisions probe hash + 1, hash + 2, ... */
static uint32_t stk_intern_func(struct stacks *st, const char *name, const char *module)
{
	uint64_t h = stk_hash(1469598103934665603ULL, name, strlen(name) + 1);
	struct stk_func *f;

	h = stk_hash(h, module, strlen(module) + 1);
	for (uint64_t key = h ? h : 1;; key = key + 1 ? key + 1 : 1) {
		uint64_t v = stk_map_get(&st->func_index, key);

		if (v == 0) {
			if (stk_full(st->nfuncs))
				st->funcs =
				    xrealloc(st->funcs, stk_grown(st->nfuncs) * sizeof *st->funcs);
			f = &st->funcs[st->nfuncs];
			f->name = xstrdup(name);
			f->module = xstrdup(module);
			f->hash = h;
			stk_map_add(&st->func_index, key, (uint64_t)st->nfuncs + 1);
			return (uint32_t)st->nfuncs++;
		}
		f = &st->funcs[v - 1];
		if (f->hash == h && strcmp(f->name, name) == 0 && strcmp(f->module, module) == 0)
			return (uint32_t)(v - 1);
	}
}

static uint32_t stk_intern_stack(struct stacks *st, const uint32_t *ids, uint32_t n)
{
	uint64_t h = stk_hash(1469598103934665603ULL, ids, n * sizeof *ids);
	uint64_t key = h ? h : 1;
	struct stk_stack *s;

	for (;; key = key + 1 ? key + 1 : 1) {
		uint64_t v = stk_map_get(&st->stack_index, key);

		if (v == 0)
			break;
		s = &st->stacks[v - 1];
		if (s->hash == h && s->n == n &&
		    memcmp(st->frames + s->off, ids, n * sizeof *ids) == 0)
			return (uint32_t)(v - 1);
	}
	if (st->nframes + n > st->capframes) {
		st->capframes = (st->nframes + n) * 2;
		st->frames = xrealloc(st->frames, st->capframes * sizeof *st->frames);
	}
	memcpy(st->frames + st->nframes, ids, n * sizeof *ids);
	if (stk_full(st->nstacks))
		st->stacks = xrealloc(st->stacks, stk_grown(st->nstacks) * sizeof *st->stacks);
	s = &st->stacks[st->nstacks];
	s->off = (uint32_t)st->nframes;
	s->n = n;
	s->hash = h;
	st->nframes += n;
	stk_map_add(&st->stack_index, key, (uint64_t)st->nstacks + 1);
	return (uint32_t)st->nstacks++;
}

/* The function id of one looked-up address, through the cache. */
static uint32_t stk_func_of(struct stacks *st, uint64_t addr)
{
	struct sym_info si;
	uint64_t v;
	uint32_t id;

	if (addr == 0 || addr == UINT64_MAX)
		return stk_intern_func(st, "[unknown]", "[unknown]");
	v = stk_map_get(&st->addr_cache, addr);
	if (v != 0)
		return (uint32_t)(v - 1);
	/* The symbolizer opens every mapped ELF file: only once there is a
	 * sample, so that ctop -F 0 never reads them. */
	if (st->sy == NULL)
		st->sy = symbols_new(st->pid);
	symbols_lookup(st->sy, addr, &si);
	id = stk_intern_func(st, si.function, si.module);
	stk_map_add(&st->addr_cache, addr, (uint64_t)id + 1);
	return id;
}

struct stacks *stacks_new(pid_t pid, double window_s)
{
	struct stacks *st = xcalloc(1, sizeof *st);

	st->pid = pid;
	st->window_s = window_s > 0 ? window_s : 10;
	stk_map_init(&st->func_index);
	stk_map_init(&st->stack_index);
	stk_map_init(&st->addr_cache);
	stk_map_init(&st->cumulative);
	return st;
}

void stacks_free(struct stacks *st)
{
	if (st == NULL)
		return;
	symbols_free(st->sy);
	for (int i = 0; i < st->nfuncs; i++) {
		free(st->funcs[i].name);
		free(st->funcs[i].module);
	}
	free(st->funcs);
	free(st->stacks);
	free(st->frames);
	stk_map_release(&st->func_index);
	stk_map_release(&st->stack_index);
	stk_map_release(&st->addr_cache);
	stk_map_release(&st->cumulative);
	free(st->win);
	free(st->interval);
	free(st);
}

static void stk_window_push(struct stacks *st, const struct stk_sample *s)
{
	if (st->win_n == st->win_cap) {
		size_t cap = st->win_cap ? st->win_cap * 2 : 1024;
		struct stk_sample *w = xmalloc(cap * sizeof *w);

		/* Unroll the ring into the new array, oldest first. */
		for (size_t i = 0; i < st->win_n; i++)
			w[i] = st->win[(st->win_head + i) % st->win_cap];
		free(st->win);
		st->win = w;
		st->win_cap = cap;
		st->win_head = 0;
	}
	st->win[(st->win_head + st->win_n) % st->win_cap] = *s;
	st->win_n++;
}

void stacks_expire(struct stacks *st, double now)
{
	while (st->win_n > 0 && st->win[st->win_head].mono < now - st->window_s) {
		st->win_head = (st->win_head + 1) % st->win_cap;
		st->win_n--;
	}
}

static void stk_add_ids(struct stacks *st, pid_t tid, const uint32_t *ids, int n, double mono);

void stacks_add(struct stacks *st, pid_t tid, const uint64_t *ips, int n, double mono)
{
	uint32_t ids[STK_MAX_FRAMES];

	if (st == NULL || n <= 0)
		return;
	if (n > STK_MAX_FRAMES)
		n = STK_MAX_FRAMES;
	for (int i = 0; i < n; i++) {
		/* A return address points after its call, which may be the
		 * first byte of the next function: look up the call itself. */
		ids[i] = stk_func_of(st, i == 0 ? ips[i] : ips[i] - 1);
	}
	stk_add_ids(st, tid, ids, n, mono);
}

void stacks_add_named(struct stacks *st, pid_t tid, const char *const *names,
                      const char *const *modules, int n, double mono)
{
	uint32_t ids[STK_MAX_FRAMES];

	if (st == NULL || n <= 0)
		return;
	if (n > STK_MAX_FRAMES)
		n = STK_MAX_FRAMES;
	for (int i = 0; i < n; i++)
		ids[i] = stk_intern_func(st, names[i], modules[i]);
	stk_add_ids(st, tid, ids, n, mono);
}

static void stk_add_ids(struct stacks *st, pid_t tid, const uint32_t *ids, int n, double mono)
{
	struct stk_sample s;

	s.mono = mono;
	s.tid = tid;
	s.stack = stk_intern_stack(st, ids, (uint32_t)n);
	stk_window_push(st, &s);
	stacks_expire(st, mono);
	stk_map_add(&st->cumulative, (uint64_t)(uint32_t)tid << 32 | s.stack, 1);
	st->total++;
	if (st->interval_n == st->interval_cap) {
		st->interval_cap = st->interval_cap ? st->interval_cap * 2 : 1024;
		st->interval = xrealloc(st->interval, st->interval_cap * sizeof *st->interval);
	}
	st->interval[st->interval_n++] = s;
}

/*
 * Called once a tick: new mappings (dlopen, exec) invalidate cached
 * addresses, so the cache is dropped when the maps changed.  Addresses
 * looked up between a change and this refresh may be cached stale (as
 * "[unknown]") until then: one tick at most.  Function
 * ids stay, so counts already taken keep their names.  Returns 1 when the
 * executable maps changed (the unwinder's caches are stale too).
 */
int stacks_refresh_symbols(struct stacks *st)
{
	/* Nothing sampled since the last tick: nothing looked up, and the
	 * next lookup's tick refreshes soon enough. */
	if (st->sy == NULL || st->interval_n == 0)
		return 0;
	if (symbols_refresh(st->sy)) {
		stk_map_release(&st->addr_cache);
		stk_map_init(&st->addr_cache);
		return 1;
	}
	return 0;
}

uint64_t *stk_counts(struct stacks *st, pid_t tid, enum stacks_span span, uint64_t *sum)
{
	uint64_t *c = xcalloc((size_t)st->nstacks + 1, sizeof *c);

	*sum = 0;
	if (span == STACKS_TOTAL) {
		for (size_t i = 0; i < st->cumulative.cap; i++) {
			uint64_t k = st->cumulative.keys[i];

			if (k == 0 || (tid != 0 && (pid_t)(k >> 32) != tid))
				continue;
			c[(uint32_t)k] += st->cumulative.vals[i];
			*sum += st->cumulative.vals[i];
		}
		return c;
	}
	if (span == STACKS_WINDOW) {
		for (size_t i = 0; i < st->win_n; i++) {
			const struct stk_sample *s = &st->win[(st->win_head + i) % st->win_cap];

			if (tid == 0 || s->tid == tid) {
				c[s->stack]++;
				(*sum)++;
			}
		}
		return c;
	}
	for (size_t i = 0; i < st->interval_n; i++) {
		if (tid == 0 || st->interval[i].tid == tid) {
			c[st->interval[i].stack]++;
			(*sum)++;
		}
	}
	return c;
}

uint64_t stacks_total_samples(const struct stacks *st)
{
	return st != NULL ? st->total : 0;
}

uint64_t stacks_window_samples(const struct stacks *st)
{
	return st != NULL ? st->win_n : 0;
}

double stacks_window_s(const struct stacks *st)
{
	return st != NULL ? st->window_s : NAN;
}
