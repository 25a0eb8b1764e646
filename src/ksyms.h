/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ksyms: kernel addresses to function names from /proc/kallsyms, for the
 * kernel frames of perf samples.  Read once, on the first kernel address.
 * It is not a symbolizer for user space (symbols.c is).
 */
#ifndef CTOP_KSYMS_H
#define CTOP_KSYMS_H

#include <stdint.h>

struct ksyms;

/* The lowest kernel address on x86-64; user addresses are below. */
#define KSYMS_KERNEL_START 0xffff800000000000ull

static inline int ksyms_is_kernel(uint64_t addr)
{
	return addr >= KSYMS_KERNEL_START && addr != UINT64_MAX;
}

/* Reads /proc/kallsyms; never NULL.  When the addresses are hidden
 * (kptr_restrict, no CAP_SYSLOG) or the file is unreadable, every lookup
 * gives "[kernel]" and ksyms_hidden says why. */
struct ksyms *ksyms_load(void);
void ksyms_free(struct ksyms *k);

/* The function holding addr, and its module ("[kernel]" for the core
 * kernel, "[ext4]" for a module); the strings live as long as k.  Returns
 * the function's start address, or 0 when unnamed. */
uint64_t ksyms_lookup(const struct ksyms *k, uint64_t addr, const char **name, const char **module);

/* Why kernel names are not shown (static text), or NULL. */
const char *ksyms_hidden(const struct ksyms *k);

#endif
