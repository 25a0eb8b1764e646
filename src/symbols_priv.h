/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * symbols_priv: what the symbolizer's own files share and nobody else
 * needs.  Not a contract.
 */
#ifndef CTOP_SYMBOLS_PRIV_H
#define CTOP_SYMBOLS_PRIV_H

#include <stddef.h>
#include <stdint.h>

/* A function's code, [start, end), in link-time addresses. */
struct sym_range {
	uint64_t start;
	uint64_t end;
};

/*
 * The FDE ranges of an .eh_frame section of size bytes at p, loaded at
 * link-time address vaddr: sorted by start, overlaps kept.  Returns a
 * malloc'd array (NULL when empty) and its length in *n.
 */
struct sym_range *sym_ehframe_ranges(const uint8_t *p, size_t size, uint64_t vaddr, int *n);

/*
 * The GNU build-id found in len bytes of ELF notes at p, as lowercase hex
 * into hex (size bytes); "" when there is none or it does not fit.
 */
void sym_build_id_hex(const uint8_t *p, size_t len, char *hex, size_t size);

/* One line of /proc/PID/maps.  path points into the line ("" when the
 * mapping has none) and may end in " (deleted)". */
struct sym_maps_line {
	uint64_t start, end, off;
	char perms[8];
	int exec; /* 'x' in perms */
	const char *path;
};

/* Parses line (no newline); -1 when it is not a mapping line. */
int sym_maps_line(const char *line, struct sym_maps_line *out);

#endif
