/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * u64map: open addressing with linear probing.  Keys are often aligned
 * addresses or small ids packed into 64 bits, so the slot comes from a
 * multiplicative (Fibonacci) hash that spreads low-entropy keys.
 */
#include "config.h"

#include <stdlib.h>

#include "u64map.h"
#include "util.h"

void u64map_init(struct u64map *m)
{
	m->cap = 64;
	m->n = 0;
	m->keys = xcalloc(m->cap, sizeof *m->keys);
	m->vals = xcalloc(m->cap, sizeof *m->vals);
}

void u64map_release(struct u64map *m)
{
	free(m->keys);
	free(m->vals);
	m->keys = m->vals = NULL;
	m->cap = m->n = 0;
}

static size_t u64map_slot(const struct u64map *m, uint64_t key)
{
	size_t i = (size_t)((key * 11400714819323198485ULL) >> 20) & (m->cap - 1);

	while (m->keys[i] != 0 && m->keys[i] != key)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void u64map_grow(struct u64map *m)
{
	struct u64map big = {.cap = m->cap * 2};

	big.keys = xcalloc(big.cap, sizeof *big.keys);
	big.vals = xcalloc(big.cap, sizeof *big.vals);
	for (size_t i = 0; i < m->cap; i++) {
		if (m->keys[i] != 0) {
			size_t j = u64map_slot(&big, m->keys[i]);

			big.keys[j] = m->keys[i];
			big.vals[j] = m->vals[i];
		}
	}
	big.n = m->n;
	u64map_release(m);
	*m = big;
}

uint64_t u64map_get(const struct u64map *m, uint64_t key)
{
	size_t i;

	if (m->cap == 0)
		return 0;
	i = u64map_slot(m, key);
	return m->keys[i] == key ? m->vals[i] : 0;
}

static size_t u64map_claim(struct u64map *m, uint64_t key)
{
	size_t i;

	if ((m->n + 1) * 4 > m->cap * 3)
		u64map_grow(m);
	i = u64map_slot(m, key);
	if (m->keys[i] == 0) {
		m->keys[i] = key;
		m->vals[i] = 0;
		m->n++;
	}
	return i;
}

/* The slot is claimed before m->vals is read: claiming may grow the map
 * and free the old arrays. */
void u64map_add(struct u64map *m, uint64_t key, uint64_t delta)
{
	size_t i = u64map_claim(m, key);

	m->vals[i] += delta;
}

void u64map_set(struct u64map *m, uint64_t key, uint64_t val)
{
	size_t i = u64map_claim(m, key);

	m->vals[i] = val;
}
