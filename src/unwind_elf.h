/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * unwind_elf: the checks an ELF image must pass before the unwinder (and
 * so libunwind, which trusts what it reads) uses its program headers and
 * .eh_frame_hdr.  The image is the target's: every offset, count and size
 * is checked against the file's size in 64-bit arithmetic, and only the
 * .eh_frame_hdr encodings libunwind handles without aborting are taken.
 * It reads through a callback, so the same code checks a file read with
 * pread, a copy in memory, and fuzz input.  It is not an unwinder.
 */
#ifndef CTOP_UNWIND_ELF_H
#define CTOP_UNWIND_ELF_H

#include <elf.h>
#include <stddef.h>
#include <stdint.h>

/* Reads len bytes at file offset off into dst: 0, or -1. */
typedef int (*uw_elf_read_fn)(void *ctx, uint64_t off, void *dst, size_t len);

struct uw_elf_tables {
	Elf64_Phdr *loads; /* the PT_LOAD headers (malloc'd), for load bias */
	int nloads;
	uint64_t lo_vaddr, hi_vaddr; /* the span of the PT_LOAD segments */
	/* .eh_frame_hdr's binary-search table, when has_table */
	int has_table;
	uint64_t hdr_vaddr, table_vaddr, fde_count;
};

/*
 * Checks the image of size bytes: 0 with t filled when its headers are
 * sound (has_table says whether its .eh_frame_hdr is usable too), -1 when
 * the module must not be unwound through.  Free t with uw_elf_tables_free.
 */
int uw_elf_tables(uw_elf_read_fn rd, void *ctx, uint64_t size, struct uw_elf_tables *t);
void uw_elf_tables_free(struct uw_elf_tables *t);

/* A reader over a buffer in memory (ctx: struct uw_elf_buf). */
struct uw_elf_buf {
	const uint8_t *p;
	size_t size;
};
int uw_elf_read_buf(void *ctx, uint64_t off, void *dst, size_t len);

#endif
