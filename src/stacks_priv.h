/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * stacks_priv: the sample store's insides, shared by stacks.c (adding,
 * interning, expiry) and stacks_query.c (hot lists, neighbours, folded
 * output, snapshots).  Not a contract: nobody else includes it.
 */
#ifndef CTOP_STACKS_PRIV_H
#define CTOP_STACKS_PRIV_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "stacks.h"

struct symbols;

struct stk_func {
	char *name;
	char *module;
	uint64_t hash;
};

struct stk_stack {
	uint32_t off; /* first frame in stacks.frames, leaf first */
	uint32_t n;
	uint64_t hash;
};

struct stk_sample {
	double mono;
	pid_t tid;
	uint32_t stack;
};

/* Open addressing, linear probing, key 0 means empty. */
struct stk_map {
	uint64_t *keys;
	uint64_t *vals;
	size_t cap; /* a power of two */
	size_t n;
};

struct stacks {
	pid_t pid;
	double window_s;
	struct symbols *sy;

	struct stk_func *funcs;
	int nfuncs;
	struct stk_map func_index; /* hash -> id + 1 (chained by probing) */
	struct stk_stack *stacks;
	int nstacks;
	struct stk_map stack_index; /* hash -> id + 1 */
	uint32_t *frames;
	size_t nframes, capframes;
	struct stk_map addr_cache; /* looked-up address -> function id + 1 */

	struct stk_sample *win; /* ring of the window's samples */
	size_t win_head, win_n, win_cap;
	struct stk_map cumulative; /* tid << 32 | stack -> count */
	uint64_t total;
	struct stk_sample *interval; /* samples since the last collect */
	size_t interval_n, interval_cap;
};

/* The map: get returns 0 when absent; add increments; set overwrites. */
void stk_map_init(struct stk_map *m);
void stk_map_release(struct stk_map *m);
uint64_t stk_map_get(const struct stk_map *m, uint64_t key);
void stk_map_add(struct stk_map *m, uint64_t key, uint64_t delta);

/* Re-reads the maps; drops the address cache when they changed. */
int stacks_refresh_symbols(struct stacks *st);

/*
 * Per-stack counts of the samples of span and thread tid (0: all): a
 * calloc'd array of nstacks counts; *sum gets their total.
 */
uint64_t *stk_counts(struct stacks *st, pid_t tid, enum stacks_span span, uint64_t *sum);

#endif
