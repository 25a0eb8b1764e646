/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dict: append-only tables of functions and stacks with hash indexes.
 * Hash collisions are resolved by probing the next key (hash + 1, ...),
 * so the index maps a probe key to an id + 1 and the entry itself is
 * compared to confirm the match.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "u64map.h"
#include "util.h"

struct dict_stack_ent {
	uint32_t off; /* first frame in frames, leaf first */
	uint32_t n;
	uint64_t hash;
};

struct dict {
	int refs;
	struct dict_func *funcs;
	uint64_t *func_hash;
	uint32_t nfuncs, capfuncs;
	struct u64map func_index;
	struct dict_stack_ent *stacks;
	uint32_t nstacks, capstacks;
	struct u64map stack_index;
	uint32_t *frames;
	size_t nframes, capframes;
	size_t strbytes;
};

static uint64_t dict_hash(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	return h;
}

#define DICT_HASH0 1469598103934665603ULL

struct dict *dict_new(void)
{
	struct dict *d = xcalloc(1, sizeof *d);

	d->refs = 1;
	u64map_init(&d->func_index);
	u64map_init(&d->stack_index);
	return d;
}

struct dict *dict_ref(struct dict *d)
{
	d->refs++;
	return d;
}

void dict_unref(struct dict *d)
{
	if (d == NULL || --d->refs > 0)
		return;
	for (uint32_t i = 0; i < d->nfuncs; i++) {
		free((char *)d->funcs[i].name);
		free((char *)d->funcs[i].module);
	}
	free(d->funcs);
	free(d->func_hash);
	free(d->stacks);
	free(d->frames);
	u64map_release(&d->func_index);
	u64map_release(&d->stack_index);
	free(d);
}

static uint64_t dict_next_key(uint64_t key)
{
	return key + 1 ? key + 1 : 1;
}

uint32_t dict_intern_func(struct dict *d, const char *name, const char *module)
{
	uint64_t h =
	    dict_hash(dict_hash(DICT_HASH0, name, strlen(name) + 1), module, strlen(module) + 1);
	uint64_t key = h ? h : 1;

	for (;; key = dict_next_key(key)) {
		uint64_t v = u64map_get(&d->func_index, key);
		const struct dict_func *f;

		if (v == 0)
			break;
		f = &d->funcs[v - 1];
		if (d->func_hash[v - 1] == h && strcmp(f->name, name) == 0 &&
		    strcmp(f->module, module) == 0)
			return (uint32_t)(v - 1);
	}
	if (d->nfuncs == d->capfuncs) {
		d->capfuncs = d->capfuncs ? d->capfuncs * 2 : 64;
		d->funcs = xrealloc(d->funcs, d->capfuncs * sizeof *d->funcs);
		d->func_hash = xrealloc(d->func_hash, d->capfuncs * sizeof *d->func_hash);
	}
	d->funcs[d->nfuncs].name = xstrdup(name);
	d->funcs[d->nfuncs].module = xstrdup(module);
	d->func_hash[d->nfuncs] = h;
	d->strbytes += strlen(name) + strlen(module) + 2;
	u64map_set(&d->func_index, key, (uint64_t)d->nfuncs + 1);
	return d->nfuncs++;
}

uint32_t dict_intern_stack(struct dict *d, const uint32_t *ids, uint32_t n)
{
	uint64_t h = dict_hash(DICT_HASH0, ids, n * sizeof *ids);
	uint64_t key = h ? h : 1;
	struct dict_stack_ent *s;

	for (;; key = dict_next_key(key)) {
		uint64_t v = u64map_get(&d->stack_index, key);

		if (v == 0)
			break;
		s = &d->stacks[v - 1];
		if (s->hash == h && s->n == n &&
		    memcmp(d->frames + s->off, ids, n * sizeof *ids) == 0)
			return (uint32_t)(v - 1);
	}
	if (d->nframes + n > d->capframes) {
		d->capframes = (d->nframes + n) * 2;
		d->frames = xrealloc(d->frames, d->capframes * sizeof *d->frames);
	}
	memcpy(d->frames + d->nframes, ids, n * sizeof *ids);
	if (d->nstacks == d->capstacks) {
		d->capstacks = d->capstacks ? d->capstacks * 2 : 64;
		d->stacks = xrealloc(d->stacks, d->capstacks * sizeof *d->stacks);
	}
	s = &d->stacks[d->nstacks];
	s->off = (uint32_t)d->nframes;
	s->n = n;
	s->hash = h;
	d->nframes += n;
	u64map_set(&d->stack_index, key, (uint64_t)d->nstacks + 1);
	return d->nstacks++;
}

uint32_t dict_nfuncs(const struct dict *d)
{
	return d->nfuncs;
}

uint32_t dict_nstacks(const struct dict *d)
{
	return d->nstacks;
}

const struct dict_func *dict_func(const struct dict *d, uint32_t id)
{
	return &d->funcs[id];
}

const uint32_t *dict_stack(const struct dict *d, uint32_t id, uint32_t *n)
{
	*n = d->stacks[id].n;
	return d->frames + d->stacks[id].off;
}

size_t dict_bytes(const struct dict *d)
{
	return d->capfuncs * (sizeof *d->funcs + sizeof *d->func_hash) +
	       d->capstacks * sizeof *d->stacks + d->capframes * sizeof *d->frames +
	       (d->func_index.cap + d->stack_index.cap) * 16 + d->strbytes;
}
