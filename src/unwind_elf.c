/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * unwind_elf: the program headers and .eh_frame_hdr of an ELF image,
 * checked before anything trusts them (see unwind_elf.h).  Not a symbol
 * reader (symbols_elf.c) and not an unwinder (unwind.c).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "unwind_elf.h"
#include "util.h"

/* More program headers than this is not a program (PN_XNUM is 0xffff). */
#define UW_MAX_PHNUM 1024
/* .eh_frame_hdr: version, 3 encodings, eh_frame_ptr, fde_count. */
#define UW_HDR_BYTES 12

int uw_elf_read_buf(void *ctx, uint64_t off, void *dst, size_t len)
{
	const struct uw_elf_buf *b = ctx;

	if (off > b->size || len > b->size - off)
		return -1;
	memcpy(dst, b->p + off, len);
	return 0;
}

/* Whether [off, off + len) lies in size bytes, without overflow. */
static int uw_in(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

static void uw_elf_hdr(uw_elf_read_fn rd, void *ctx, uint64_t size, const Elf64_Phdr *ph,
                       struct uw_elf_tables *t)
{
	uint8_t h[UW_HDR_BYTES];
	uint32_t count;

	/* The header and its table lie in the file and in the loaded span
	 * (libunwind reads the table by address). */
	if (!uw_in(ph->p_offset, UW_HDR_BYTES, size) || ph->p_filesz < UW_HDR_BYTES ||
	    !uw_in(ph->p_offset, ph->p_filesz, size) || ph->p_vaddr < t->lo_vaddr ||
	    !uw_in(ph->p_vaddr - t->lo_vaddr, ph->p_filesz, t->hi_vaddr - t->lo_vaddr))
		return;
	if (rd(ctx, ph->p_offset, h, sizeof h) < 0)
		return;
	/* version 1; eh_frame_ptr any 4-byte form; fde_count udata4; table
	 * datarel|sdata4: the only table libunwind searches without abort(). */
	if (h[0] != 1 || (h[1] & 0x0f) != 0x0b || h[2] != 0x03 || h[3] != 0x3b)
		return;
	memcpy(&count, h + 8, 4);
	if (count == 0 || (uint64_t)count * 8 > ph->p_filesz - UW_HDR_BYTES)
		return;
	t->fde_count = count;
	t->hdr_vaddr = ph->p_vaddr;
	t->table_vaddr = ph->p_vaddr + UW_HDR_BYTES;
	t->has_table = 1;
}

int uw_elf_tables(uw_elf_read_fn rd, void *ctx, uint64_t size, struct uw_elf_tables *t)
{
	Elf64_Ehdr eh;
	Elf64_Phdr *ph = NULL;
	const Elf64_Phdr *frame = NULL;

	memset(t, 0, sizeof *t);
	t->lo_vaddr = UINT64_MAX;
	if (size < sizeof eh || rd(ctx, 0, &eh, sizeof eh) < 0 ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB || eh.e_phentsize != sizeof(Elf64_Phdr) ||
	    eh.e_phnum == 0 || eh.e_phnum > UW_MAX_PHNUM ||
	    !uw_in(eh.e_phoff, (uint64_t)eh.e_phnum * sizeof *ph, size))
		return -1;
	ph = xmalloc((size_t)eh.e_phnum * sizeof *ph);
	if (rd(ctx, eh.e_phoff, ph, (size_t)eh.e_phnum * sizeof *ph) < 0)
		goto bad;
	t->loads = xcalloc(eh.e_phnum, sizeof *t->loads);
	for (int i = 0; i < eh.e_phnum; i++) {
		const Elf64_Phdr *p = &ph[i];

		if (p->p_type == PT_GNU_EH_FRAME)
			frame = p;
		if (p->p_type != PT_LOAD)
			continue;
		/* A segment the file does not hold (truncated, or lying):
		 * nothing in this image can be trusted. */
		if (!uw_in(p->p_offset, p->p_filesz, size) || p->p_memsz < p->p_filesz ||
		    p->p_vaddr > UINT64_MAX - p->p_memsz)
			goto bad;
		t->loads[t->nloads++] = *p;
		if (p->p_vaddr < t->lo_vaddr)
			t->lo_vaddr = p->p_vaddr;
		if (p->p_vaddr + p->p_memsz > t->hi_vaddr)
			t->hi_vaddr = p->p_vaddr + p->p_memsz;
	}
	if (t->nloads == 0 || t->lo_vaddr >= t->hi_vaddr)
		goto bad;
	if (frame != NULL)
		uw_elf_hdr(rd, ctx, size, frame, t);
	free(ph);
	return 0;
bad:
	free(ph);
	uw_elf_tables_free(t);
	return -1;
}

void uw_elf_tables_free(struct uw_elf_tables *t)
{
	free(t->loads);
	memset(t, 0, sizeof *t);
}
