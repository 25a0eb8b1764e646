/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * symbols_ehframe: the function ranges of an .eh_frame section.  Every FDE
 * says which code [pc_begin, pc_begin + range) it describes; the compiler
 * emits one per function, so in a stripped binary these ranges are the
 * functions, and samples can be grouped by them.
 *
 * It reads only what it needs for that (CIE augmentation for the pointer
 * encoding, then each FDE's pc_begin and range); it does not interpret
 * call-frame instructions: unwinding is unwind.c's job.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "symbols_priv.h"
#include "util.h"

/* DWARF pointer encodings (DW_EH_PE_*), the part we use. */
#define EH_PE_OMIT 0xff
#define EH_PE_FORMAT 0x0f
#define EH_PE_APP 0x70
#define EH_PE_PCREL 0x10

struct eh_cursor {
	const uint8_t *base;
	size_t pos;
	size_t end;
	uint64_t vaddr; /* link-time address of base[0] */
	int bad;
};

static uint64_t eh_read_n(struct eh_cursor *c, size_t n)
{
	uint64_t v = 0;

	if (c->bad || n > c->end - c->pos) {
		c->bad = 1;
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		v |= (uint64_t)c->base[c->pos + i] << (8 * i);
	c->pos += n;
	return v;
}

static uint64_t eh_read_leb(struct eh_cursor *c, int is_signed)
{
	uint64_t v = 0;
	unsigned shift = 0;
	uint8_t b;

	do {
		if (c->pos >= c->end) {
			c->bad = 1;
			return 0;
		}
		b = c->base[c->pos++];
		if (shift < 64)
			v |= (uint64_t)(b & 0x7f) << shift;
		shift += 7;
	} while (b & 0x80);
	if (is_signed && shift < 64 && (b & 0x40))
		v |= ~(uint64_t)0 << shift;
	return v;
}

/* Reads a pointer in encoding enc; pc-relative values are made absolute. */
static uint64_t eh_read_ptr(struct eh_cursor *c, uint8_t enc)
{
	uint64_t at = c->vaddr + c->pos, v;

	switch (enc & EH_PE_FORMAT) {
	case 0x00:
		v = eh_read_n(c, 8);
		break;
	case 0x01:
		v = eh_read_leb(c, 0);
		break;
	case 0x02:
		v = eh_read_n(c, 2);
		break;
	case 0x03:
		v = eh_read_n(c, 4);
		break;
	case 0x04:
		v = eh_read_n(c, 8);
		break;
	case 0x09:
		v = eh_read_leb(c, 1);
		break;
	case 0x0a:
		v = (uint64_t)(int64_t)(int16_t)eh_read_n(c, 2);
		break;
	case 0x0b:
		v = (uint64_t)(int64_t)(int32_t)eh_read_n(c, 4);
		break;
	case 0x0c:
		v = eh_read_n(c, 8);
		break;
	default:
		c->bad = 1;
		return 0;
	}
	if ((enc & EH_PE_APP) == EH_PE_PCREL)
		v += at;
	return v;
}

/* The FDE pointer encoding a CIE declares ('R' augmentation).  *enc is
 * left alone when the CIE cannot be read: it still holds the encoding of
 * the CIE read before, which later FDEs may share. */
static int eh_cie_encoding(const uint8_t *p, size_t size, size_t cie, uint8_t *enc)
{
	struct eh_cursor c = {.base = p, .pos = cie, .end = size};
	uint64_t len = eh_read_n(&c, 4);
	const char *aug;
	size_t auglen;
	int version;
	uint8_t found = 0; /* absptr unless told */

	if (len == 0xffffffff)
		len = eh_read_n(&c, 8);
	if (c.bad || len > size - c.pos)
		return -1;
	c.end = c.pos + len;
	if (eh_read_n(&c, 4) != 0)
		return -1; /* not a CIE */
	version = (int)eh_read_n(&c, 1);
	aug = (const char *)p + c.pos;
	auglen = strnlen(aug, c.end - c.pos);
	if (c.bad || auglen == c.end - c.pos)
		return -1;
	c.pos += auglen + 1;
	if (strstr(aug, "eh") != NULL)
		eh_read_n(&c, 8);
	eh_read_leb(&c, 0); /* code alignment */
	eh_read_leb(&c, 1); /* data alignment */
	if (version == 1)
		eh_read_n(&c, 1);
	else
		eh_read_leb(&c, 0); /* return address register */
	if (aug[0] == 'z') {
		eh_read_leb(&c, 0); /* augmentation data length */
		for (const char *a = aug + 1; *a != '\0' && !c.bad; a++) {
			if (*a == 'R')
				found = (uint8_t)eh_read_n(&c, 1);
			else if (*a == 'L')
				eh_read_n(&c, 1);
			else if (*a == 'P') {
				uint8_t penc = (uint8_t)eh_read_n(&c, 1);

				eh_read_ptr(&c, (uint8_t)(penc & 0x7f));
			} else if (*a != 'S' && *a != 'B')
				return -1; /* unknown: the layout is lost */
		}
	}
	if (c.bad)
		return -1;
	*enc = found;
	return 0;
}

static int eh_range_cmp(const void *a, const void *b)
{
	const struct sym_range *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->end > y->end) - (x->end < y->end);
}

struct sym_range *sym_ehframe_ranges(const uint8_t *p, size_t size, uint64_t vaddr, int *n)
{
	struct sym_range *r = NULL;
	size_t off = 0, cap = 0, cached_cie = (size_t)-1;
	uint8_t enc = 0;

	*n = 0;
	while (size - off >= 4) {
		struct eh_cursor c = {.base = p, .pos = off, .end = size, .vaddr = vaddr};
		uint64_t len = eh_read_n(&c, 4), id, begin, range;
		size_t id_at;

		if (len == 0)
			break; /* the terminator */
		if (len == 0xffffffff)
			len = eh_read_n(&c, 8);
		if (c.bad || len > size - c.pos)
			break;
		c.end = c.pos + len;
		off = c.end;
		id_at = c.pos;
		id = eh_read_n(&c, 4);
		if (id == 0 || id > id_at)
			continue; /* a CIE, or a broken CIE pointer */
		if (id_at - id != cached_cie) {
			if (eh_cie_encoding(p, size, id_at - id, &enc) < 0)
				continue;
			cached_cie = id_at - id;
		}
		if (enc == EH_PE_OMIT)
			continue;
		begin = eh_read_ptr(&c, enc);
		range = eh_read_ptr(&c, (uint8_t)(enc & EH_PE_FORMAT));
		if (c.bad || range == 0 || begin == 0 || begin + range < begin)
			continue; /* begin 0: an FDE of discarded code; a range
			           * past the address space: a corrupt one */
		if ((size_t)*n == cap) {
			cap = cap ? cap * 2 : 256;
			r = xrealloc(r, cap * sizeof *r);
		}
		r[*n].start = begin;
		r[*n].end = begin + range;
		(*n)++;
	}
	if (*n > 0)
		qsort(r, (size_t)*n, sizeof *r, eh_range_cmp);
	return r;
}
