/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dict: the interned names of sampled code.  A function is a (name,
 * module) pair; a stack is an array of function ids, leaf first.  Both get
 * dense ids in the order they are first seen, and an id, once given, keeps
 * its meaning for the dictionary's life: entries are only ever appended.
 * That is what lets an immutable profile (profile.h) refer to functions
 * and stacks by id while the sample store keeps adding to the same
 * dictionary.  Shared by reference count.
 *
 * It does not count samples and knows nothing of time or threads.
 */
#ifndef CTOP_DICT_H
#define CTOP_DICT_H

#include <stddef.h>
#include <stdint.h>

struct dict;

struct dict_func {
	const char *name;   /* symbol name, or module+0xOFFSET */
	const char *module; /* basename of the ELF file, "[unknown]", ... */
};

struct dict *dict_new(void);
struct dict *dict_ref(struct dict *d);
/* Drops a reference; the last one frees everything. */
void dict_unref(struct dict *d);

/* The id of (name, module), added when new; the strings are copied. */
uint32_t dict_intern_func(struct dict *d, const char *name, const char *module);
/* The id of the stack ids[0..n), leaf first, added when new. */
uint32_t dict_intern_stack(struct dict *d, const uint32_t *ids, uint32_t n);

uint32_t dict_nfuncs(const struct dict *d);
uint32_t dict_nstacks(const struct dict *d);
/* Valid ids only.  The pointers stay valid until the next intern call;
 * the strings inside stay valid while the dictionary lives. */
const struct dict_func *dict_func(const struct dict *d, uint32_t id);
const uint32_t *dict_stack(const struct dict *d, uint32_t id, uint32_t *n);

/* Bytes held, for the memory bound of whoever owns it. */
size_t dict_bytes(const struct dict *d);

#endif
