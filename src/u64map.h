/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * u64map: an open-addressing hash map from non-zero 64-bit keys to 64-bit
 * values (linear probing, Fibonacci hashing, grown at 3/4 load).  It is
 * the one small map the sample store and the profiles share; it is not a
 * general container (no removal, key 0 is "empty").
 */
#ifndef CTOP_U64MAP_H
#define CTOP_U64MAP_H

#include <stddef.h>
#include <stdint.h>

struct u64map {
	uint64_t *keys;
	uint64_t *vals;
	size_t cap; /* a power of two */
	size_t n;
};

void u64map_init(struct u64map *m);
void u64map_release(struct u64map *m);
/* 0 when absent. */
uint64_t u64map_get(const struct u64map *m, uint64_t key);
/* Adds delta to key's value (inserting it at 0 first). */
void u64map_add(struct u64map *m, uint64_t key, uint64_t delta);
/* Overwrites key's value. */
void u64map_set(struct u64map *m, uint64_t key, uint64_t val);

#endif
